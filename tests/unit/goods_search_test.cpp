// Goods search in Turkish and English (issue 14): Turkish case folding, the search words of
// factors/goods-words-tr.xml, and 12-digit GTİP codes read as the CN code of their first 8 digits.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "greengate/calc/goods_search.hpp"
#include "greengate/text/turkish.hpp"
#include "test_data.hpp"

using greengate::test::dataset;
namespace gc = greengate::calc;
namespace gt = greengate::text;

namespace {
const std::vector<gc::GoodsWords>& words() {
  static const auto w = gc::load_goods_words(greengate::test::source_dir() + "/factors").get();
  return w;
}
std::vector<gc::GoodsMatch> search(const char* text, std::size_t limit) {
  return gc::search_goods(dataset().factors, words(), text, limit);
}
std::set<std::string> codes(const std::vector<gc::GoodsMatch>& m) {
  std::set<std::string> out;
  for (const auto& x : m) out.insert(x.good->code);
  return out;
}
}  // namespace

TEST_CASE("lower_tr: I becomes dotless ı and İ becomes i, as Turkish writes them") {
  CHECK(gt::lower_tr("IŞIK") == "ışık");
  CHECK(gt::lower_tr("İZMİR") == "izmir");
  CHECK(gt::lower_tr("ÇİMENTO") == "çimento");
  CHECK(gt::lower_tr("ALÜMİNYUM PROFİL") == "alüminyum profil");
  CHECK(gt::lower_tr("Ğ Ö Ü Ş Ç") == "ğ ö ü ş ç");
  CHECK(gt::lower_tr("7214 20 00") == "7214 20 00");
}

TEST_CASE("search_key: case, dotted and dotless i, Turkish letters and spacing do not matter") {
  CHECK(gt::search_key("İNŞAAT  Demiri") == "insaat demiri");
  CHECK(gt::search_key("insaat demiri") == "insaat demiri");
  CHECK(gt::search_key("IRON") == gt::search_key("iron"));  // I → ı → i: English capitals still meet
  CHECK(gt::search_key("Kırıkkale") == "kirikkale");
  CHECK(gt::search_key("ferro-manganese, >2%") == "ferro manganese 2");
  CHECK(gt::search_key("  ") == "");
}

TEST_CASE("read_goods_code: a 12-digit GTİP code is read as the CN code of its first 8 digits") {
  auto c = gc::read_goods_code("7214.20.00.00.11");
  REQUIRE(c);
  CHECK(c->gtip);
  CHECK(c->cn == "72142000");
  CHECK(c->typed == "721420000011");
  auto taric = gc::read_goods_code("2523 10 00 90");
  REQUIRE(taric);
  CHECK_FALSE(taric->gtip);
  CHECK(taric->cn == "2523100090");
  CHECK_FALSE(gc::read_goods_code("72142000001"));  // 11 digits: neither CN/TARIC nor GTİP
  CHECK_FALSE(gc::read_goods_code("1234567890123"));
  CHECK_FALSE(gc::read_goods_code("çimento"));
}

TEST_CASE("search_goods: 'inşaat demiri' (rebar) finds CN 7214 20 00 through its Turkish search word") {
  for (const char* typed : {"inşaat demiri", "İNŞAAT DEMİRİ", "insaat demiri"}) {
    auto m = gc::search_goods(dataset().factors, words(), typed, 50);
    REQUIRE_MESSAGE(m.size() == 1, typed);
    CHECK(m[0].good->code == "72142000");
    CHECK(m[0].word == "inşaat demiri");
    REQUIRE(m[0].words);
    CHECK(m[0].words->pos.file == "factors/goods-words-tr.xml");
  }
}

TEST_CASE("search_goods: 'çimento' finds every cement good of CN 2523 and no calcined clay") {
  // factors/cbam-default-values.xml lists 7 goods under 2523: white and other clinker
  // (2523 10 00 10/90), white and grey Portland (2523 21 00, 2523 29 00), aluminous (2523 30 00),
  // white and other hydraulic cement (2523 90 00 10/90). Calcined clay is 2507 00 80 80.
  auto m = search("ÇİMENTO", 50);
  CHECK(codes(m) == std::set<std::string>{"2523100010", "2523100090", "25232100", "25232900",
                                          "25233000", "2523900010", "2523900090"});
  auto clinker = search("gri klinker", 50);
  CHECK(codes(clinker) == std::set<std::string>{"2523100090"});
}

TEST_CASE("search_goods: 'alüminyum profil' finds the aluminium profiles of CN 7604") {
  // 7604 10 90 Profiles, 7604 21 00 Hollow profiles, 7604 29 90 Profiles (and the bars and rods
  // of 7604 10 10 / 7604 29 10 do not match: their word is "alüminyum çubuk").
  auto m = search("alüminyum profil", 50);
  CHECK(codes(m) == std::set<std::string>{"76041090", "76042100", "76042990"});
}

TEST_CASE("search_goods: English words search the sector and description, codes search by prefix") {
  auto portland = search("portland cement", 50);
  CHECK(codes(portland) == std::set<std::string>{"25232100", "25232900"});
  for (const auto& x : portland) CHECK(x.word.empty());  // by the description
  auto profiles = search("Aluminium PROFILES", 50);
  CHECK(codes(profiles) == std::set<std::string>{"76041090", "76042100", "76042990"});
  auto by_code = search("7604", 50);
  CHECK(by_code.size() == 5);
  auto by_gtip = search("721420000011", 50);
  REQUIRE(by_gtip.size() == 1);
  CHECK(by_gtip[0].good->code == "72142000");
  CHECK(search("zzz unknown", 50).empty());
  CHECK(search("çelik", 3).size() == 3);  // the limit holds
}

TEST_CASE("Goods words: a <words> element without words is an error at its file:line") {
  const std::string path = "tests/data/bad/goods-words-empty.xml";
  auto r = gc::load_goods_words_file(path, "goods-words-empty.xml");
  REQUIRE_FALSE(r.ok());
  const auto text = r.diagnostics().format();
  CHECK(text.find("goods-words-empty.xml:4: error: <words>: 'words' names no word (words are separated by ';')") !=
        std::string::npos);
}
