// Issue 14: the quick check's goods search is the engine's (calc::search_goods,
// calc::read_goods_code): Turkish words through factors/goods-words-tr.xml, accents and Turkish
// case folding as the engine compares them, and 12-digit GTİP codes read as their CN 8 digits.
// Expected codes are worked out from factors/goods-words-tr.xml and factors/cbam-default-values.xml.

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "web_test_support.hpp"

using namespace greengate::webtest;

namespace {
bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

/// The CN codes (as the page writes them, "7214 20 00") of the list of matches, in page order.
std::vector<std::string> listed_codes(const std::string& html) {
  std::vector<std::string> out;
  auto begin = html.find("<ul id=\"matches\">");
  if (begin == std::string::npos) return out;
  auto end = html.find("</ul>", begin);
  const std::string list = html.substr(begin, end - begin);
  static const std::regex item("<li><a href=\"[^\"]*\">([0-9 ]+)</a>");
  for (std::sregex_iterator it(list.begin(), list.end(), item), stop; it != stop; ++it) out.push_back((*it)[1]);
  return out;
}

/// The answer's section of a quick-check page.
std::string result_section(const std::string& html) {
  auto begin = html.find("<section id=\"result\">");
  if (begin == std::string::npos) return {};
  return html.substr(begin, html.find("</section>", begin) - begin);
}

// "in%C5%9Faat demiri" is "inşaat demiri"; "%C3%A7imento" is "çimento"; "%C4%B0" is "İ".
const char* kRebar = "in%C5%9Faat+demiri";
const char* kCement = "%C3%A7imento";
}  // namespace

TEST_CASE("Issue 14: 'inşaat demiri' finds CN 7214 20 00 through its Turkish search word, in both languages") {
  // factors/goods-words-tr.xml: <words cn="72142000" words="inşaat demiri; …"> is the only entry
  // whose words hold both "insaat" and "demiri"; no English description holds "insaat", and
  // 72142000 is one good of the defaults table (its heading 7214 is left out).
  for (const char* lang : {"en", "tr"}) {
    INFO(lang);
    auto r = get(std::string("/quick?cn=") + kRebar + "&origin=TR&lang=" + lang);
    REQUIRE(r.status == 200);
    CHECK(listed_codes(r.body) == std::vector<std::string>{"7214 20 00"});
    CHECK(contains(r.body, "href=\"/quick?cn=72142000&amp;origin=TR"));
    // found by a search word, said in the page's language, with the note that words are a search aid
    CHECK(contains(r.body, std::string(lang) == "en" ? "search word &quot;inşaat demiri&quot;"
                                                     : "arama sözcüğü &quot;inşaat demiri&quot;"));
    CHECK(contains(r.body, "id=\"words-note\""));
    CHECK(contains(r.body, "<code>factors/goods-words-tr.xml</code>"));
  }
  // the engine's comparison: Turkish letters typed as their base letters, Turkish upper case
  for (const char* typed : {"insaat+demiri", "%C4%B0N%C5%9EAAT+DEM%C4%B0R%C4%B0"}) {
    INFO(typed);
    auto r = get(std::string("/quick?cn=") + typed + "&origin=TR&lang=tr");
    REQUIRE(r.status == 200);
    CHECK(listed_codes(r.body) == std::vector<std::string>{"7214 20 00"});
  }
}

TEST_CASE("Issue 14: 'çimento' finds the 7 cement goods of CN 2523 and not calcined clay, in both languages") {
  // <words cn="2523" words="çimento"/> applies to every good whose code begins with 2523; the
  // defaults table lists 7 of them, in this order: 2523 10 00 10 white clinker, 2523 10 00 90
  // other clinker, 2523 21 00 white Portland, 2523 29 00 grey Portland, 2523 30 00 aluminous,
  // 2523 90 00 10 white hydraulic, 2523 90 00 90 other hydraulic cements. Calcined clay
  // (2507 00 80 80, also cement sector) has only "kalsine kil".
  const std::vector<std::string> cement = {"2523 10 00 10", "2523 10 00 90", "2523 21 00", "2523 29 00",
                                           "2523 30 00",    "2523 90 00 10", "2523 90 00 90"};
  for (const char* lang : {"en", "tr"}) {
    INFO(lang);
    auto r = get(std::string("/quick?cn=") + kCement + "&origin=TR&lang=" + lang);
    REQUIRE(r.status == 200);
    CHECK(listed_codes(r.body) == cement);
    CHECK_FALSE(contains(r.body, "2507 00 80 80</a>"));
  }
  auto plain = get("/quick?cn=cimento&origin=TR&lang=en");  // ç typed as c
  CHECK(listed_codes(plain.body) == cement);
}

TEST_CASE("Issue 14: 'alüminyum profil' finds the three aluminium profiles of CN 7604") {
  // words "alüminyum profil" on 76041090 and 76042990 (Profiles) and 76042100 (Hollow
  // profiles); the bars and rods 76041010 / 76042910 have "alüminyum çubuk" only.
  auto r = get("/quick?cn=al%C3%BCminyum+profil&origin=TR&lang=tr");
  REQUIRE(r.status == 200);
  CHECK(listed_codes(r.body) == std::vector<std::string>{"7604 10 90", "7604 21 00", "7604 29 90"});
}

TEST_CASE("Issue 14: a 12-digit GTİP code gives its 8-digit CN code's answer, with the note, in both languages") {
  // 7214 20 00 00 19: its first 8 digits are CN 7214 20 00. Turkey's default for 72142000 is
  // 2.31 tCO2e/t (factors/cbam-default-values.xml, country TR, route C); the 2027 mark-up of
  // iron and steel is 20 % (factors/cbam-schedule.xml markup.iron_steel): 2.31 × 1.20 = 2.772
  // tCO2e/t, and 1000 t embed 2 772 tCO2e.
  for (const char* lang : {"en", "tr"}) {
    INFO(lang);
    const std::string rest = std::string("&origin=TR&quantity=1000&year=2027&lang=") + lang;
    auto gtip = get("/quick?cn=7214+20+00+00+19" + rest);
    auto cn = get("/quick?cn=72142000" + rest);
    REQUIRE(gtip.status == 200);
    REQUIRE(cn.status == 200);
    const auto answer = result_section(gtip.body);
    REQUIRE_FALSE(answer.empty());
    CHECK(answer == result_section(cn.body));
    CHECK(contains(answer, std::string(lang) == "en" ? "<span class=\"big\">2.772</span>" : "<span class=\"big\">2,772</span>"));
    CHECK(contains(answer, std::string(lang) == "en" ? "id=\"r-embedded\">2,772.0<" : "id=\"r-embedded\">2.772,0<"));
    CHECK(contains(gtip.body, "id=\"r-gtip\""));
    CHECK_FALSE(contains(cn.body, "id=\"r-gtip\""));
    CHECK(contains(gtip.body, std::string(lang) == "en"
                                  ? "7214 20 00 00 19 is a 12-digit GTİP code: read as CN 7214 20 00 (its first 8 digits;"
                                  : "7214 20 00 00 19 12 haneli bir GTİP kodu: KN 7214 20 00 olarak okundu (ilk 8 hanesi;"));
  }
  SUBCASE("the JSON API: cn is the 8 digits, gtip and its note are added, the rest is the CN code's answer") {
    auto gtip = get("/api/v1/quick-check?cn=721420000019&origin=TR&quantity=1000&year=2027&lang=en");
    auto cn = get("/api/v1/quick-check?cn=72142000&origin=TR&quantity=1000&year=2027&lang=en");
    REQUIRE(gtip.status == 200);
    REQUIRE(cn.status == 200);
    const std::string head = "{\"cn\":\"72142000\",\"gtip\":\"721420000019\",\"gtip_note\":\"";
    REQUIRE(gtip.body.rfind(head, 0) == 0);
    CHECK(contains(gtip.body, "\"gtip_note\":\"7214 20 00 00 19 is a 12-digit GTİP code: read as CN 7214 20 00"));
    auto origin = gtip.body.find(",\"origin\"");
    REQUIRE(origin != std::string::npos);
    CHECK("{\"cn\":\"72142000\"" + gtip.body.substr(origin) == cn.body);
    CHECK(contains(cn.body, "\"embedded_tco2e\":2772"));
    auto tr = get("/api/v1/quick-check?cn=721420000019&origin=TR&quantity=1000&year=2027&lang=tr");
    CHECK(contains(tr.body, "\"gtip_note\":\"7214 20 00 00 19 12 haneli bir GTİP kodu: KN 7214 20 00 olarak okundu"));
  }
}

TEST_CASE("Issue 14: a word no good has gives the 'no match' answer, in both languages") {
  // "şemsiye" (umbrella): in no description and no search word
  auto en = get("/quick?cn=%C5%9Femsiye&origin=TR&lang=en");
  REQUIRE(en.status == 200);
  CHECK(contains(en.body, "<p id=\"no-matches\">No good in the Commission&#39;s defaults table matches this text.</p>"));
  CHECK_FALSE(contains(en.body, "id=\"matches\""));
  auto tr = get("/quick?cn=%C5%9Femsiye&origin=TR&lang=tr");
  REQUIRE(tr.status == 200);
  CHECK(contains(tr.body, "<p id=\"no-matches\">Komisyon varsayılan değerler tablosunda bu metne uyan mal yok.</p>"));
  // digits that are no code stay a wrong code, not a search (as before)
  auto code = get("/quick?cn=7214&origin=TR&lang=en");
  CHECK(code.status == 400);
  CHECK(contains(code.body, "id=\"err-cn\""));
}

TEST_CASE("Issue 14: a bad search words file stops the start with its file:line, as it stops greengate goods") {
  // A data folder with the project's factors and rules, and a goods-words file whose cn is not
  // digits (line 3).
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("greengate-bad-words-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy(source_dir() + "/factors", dir / "factors", fs::copy_options::recursive);
  fs::create_directory_symlink(source_dir() + "/rules", dir / "rules");
  {
    std::ofstream bad(dir / "factors" / "goods-words-tr.xml", std::ios::trunc);
    bad << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<goods-words schema=\"1\" id=\"t\" version=\"1\" lang=\"tr\" source=\"test\">\n"
           "  <words cn=\"7214x\" words=\"demir\"/>\n"
           "</goods-words>\n";
  }
  auto r = run_program(GREENGATE_WEB_EXE, {"--port=0", "--data-dir=" + dir.string(),
                                           "--state-dir=/nonexistent/greengate-test", "--access-log=off"});
  fs::remove_all(dir);
  CHECK(r.rc == 65);  // EX_DATAERR, as for a bad data set
  CHECK(contains(r.output, "cannot load the goods search words"));
  CHECK(contains(r.output, "factors/goods-words-tr.xml:3: error:"));
  CHECK(contains(r.output, "'cn' must be a CN code of 2 to 10 digits (got \"7214x\")"));
}

TEST_CASE("Issue 14: GET /api/v1/goods is `greengate goods TEXT --format json` byte for byte") {
  // Turkish words, Turkish upper case, a word no good has, a code prefix, and an English word
  // with a list cut short: two descriptions hold "Portland" (2523 21 00 white, 2523 29 00 grey
  // Portland cement), so limit=1 lists one and says truncated.
  struct Case {
    const char* query;  // as sent (URL-encoded)
    std::vector<std::string> cli;
  };
  for (const auto& c : {Case{kRebar, {"goods", "inşaat demiri", "--format", "json"}},
                        Case{"%C3%87%C4%B0MENTO", {"goods", "ÇİMENTO", "--format", "json"}},
                        Case{"%C5%9Femsiye", {"goods", "şemsiye", "--format", "json"}},
                        Case{"portland&limit=1", {"goods", "portland", "--limit", "1", "--format", "json"}},
                        Case{"7214+20", {"goods", "7214 20", "--format", "json"}}}) {
    INFO(c.query);
    auto r = get(std::string("/api/v1/goods?q=") + c.query);
    REQUIRE(r.status == 200);
    CHECK(contains(r.content_type, "application/json"));
    CHECK(r.body == run_cli(c.cli));
  }
  auto cement = get("/api/v1/goods?q=%C3%A7imento");
  CHECK(contains(cement.body, "\"word_at\": \"factors/goods-words-tr.xml:"));
  auto none = get("/api/v1/goods?q=%C5%9Femsiye");
  CHECK(contains(none.body, "\"goods\": []"));
  auto one = get("/api/v1/goods?q=portland&limit=1");
  CHECK(contains(one.body, "\"truncated\": true"));
}

TEST_CASE("Issue 14: GET /api/v1/goods with a 12-digit GTİP: the CLI's JSON plus the note in the request's language") {
  const std::string cli = run_cli({"goods", "7214.20.00.00.11", "--format", "json"});
  REQUIRE(contains(cli, "\"gtip\": \"721420000011\""));
  for (const char* lang : {"en", "tr"}) {
    INFO(lang);
    auto r = get(std::string("/api/v1/goods?q=7214.20.00.00.11&lang=") + lang);
    REQUIRE(r.status == 200);
    const std::string note_key = ",\n  \"gtip_note\": \"";
    auto at = r.body.find(note_key);
    REQUIRE(at != std::string::npos);
    auto end = r.body.find("\"", at + note_key.size());
    const std::string note = r.body.substr(at + note_key.size(), end - at - note_key.size());
    CHECK(note == (std::string(lang) == "en"
                       ? "7214 20 00 00 11 is a 12-digit GTİP code: read as CN 7214 20 00 (its first 8 digits; positions 9 to 12 are Türkiye's national subdivisions, not part of the CN code)"
                       : "7214 20 00 00 11 12 haneli bir GTİP kodu: KN 7214 20 00 olarak okundu (ilk 8 hanesi; 9-12. haneler Türkiye'nin ulusal alt kırılımlarıdır, KN kodunun parçası değildir)"));
    CHECK(r.body.substr(0, at) + r.body.substr(end + 1) == cli);
  }
}

TEST_CASE("Issue 14: GET /api/v1/goods refuses a missing text and a bad limit with their stable codes") {
  auto none = get("/api/v1/goods?lang=en");
  CHECK(none.status == 400);
  CHECK(contains(none.body, "\"field\": \"q\""));
  CHECK(contains(none.body, "\"code\": \"goods_query\""));
  for (const char* limit : {"0", "501", "ten", "-1"}) {
    INFO(limit);
    auto r = get(std::string("/api/v1/goods?q=cement&limit=") + limit + "&lang=tr");
    CHECK(r.status == 400);
    CHECK(contains(r.body, "\"code\": \"goods_limit\""));
    CHECK(contains(r.body, "limit 1 ile 500 arasında bir tam sayı olmalı"));
  }
}
