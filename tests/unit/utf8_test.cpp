// UTF-8 text (issue 15, defects 8 and 9): well-formedness by RFC 3629, cuts between characters,
// the place of a bad byte, and the inputs that check it (firm XML, declaration, price and
// applicant CSV) and the JSON writer that never writes a bad byte.
#include <doctest/doctest.h>

#include "greengate/calc/batch.hpp"
#include "greengate/calc/screening.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/report/json_writer.hpp"
#include "greengate/utf8.hpp"
#include "test_data.hpp"

namespace utf8 = greengate::utf8;

TEST_CASE("UTF-8: well-formed sequences of one to four bytes, and every kind of ill-formed one (RFC 3629)") {
  CHECK(utf8::invalid_at("plain ASCII") == std::string::npos);
  CHECK(utf8::invalid_at("Yamanlar Çimento A.Ş. — İzmir ğüşöç") == std::string::npos);  // 2- and 3-byte
  CHECK(utf8::invalid_at("\xF0\x9F\x98\x80 U+1F600") == std::string::npos);              // 4-byte
  CHECK(utf8::sequence_at("\xC5\x9F", 0) == 2);  // ş
  CHECK(utf8::sequence_at("\xE2\x80\x94", 0) == 3);  // —
  CHECK(utf8::sequence_at("\xF4\x8F\xBF\xBF", 0) == 4);  // U+10FFFF, the last code point
  CHECK(utf8::invalid_at("ab\x80") == 2);                 // a stray continuation byte
  CHECK(utf8::invalid_at("a\xC3") == 1);                  // cut short at the end
  CHECK(utf8::invalid_at("a\xC3(") == 1);                 // second byte not a continuation
  CHECK(utf8::invalid_at("\xC0\x80") == 0);               // overlong NUL
  CHECK(utf8::invalid_at("\xE0\x80\xAF") == 0);           // overlong '/'
  CHECK(utf8::invalid_at("\xED\xA0\x80") == 0);           // surrogate U+D800
  CHECK(utf8::invalid_at("\xF4\x90\x80\x80") == 0);       // above U+10FFFF
  CHECK(utf8::invalid_at("\xF5\x80\x80\x80") == 0);
  CHECK(utf8::invalid_at("\xFF") == 0);
  CHECK(utf8::repair("a\xC3" "b\xFF") == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
}

TEST_CASE("UTF-8: a cut never splits a character (Turkish two-byte and four-byte characters)") {
  // "aş" is 3 bytes: a cut at 2 bytes keeps "a" only; at 3 the whole.
  CHECK(utf8::prefix("a\xC5\x9F", 2) == "a");
  CHECK(utf8::prefix("a\xC5\x9F", 3) == "a\xC5\x9F");
  // 198 ASCII bytes + a 4-byte character = 202 bytes: the 200-byte cut keeps the 198 bytes.
  std::string name(198, 'x');
  name += "\xF0\x9F\x98\x80";
  auto cut = utf8::prefix(name, 200);
  CHECK(cut.size() == 198);
  CHECK(utf8::invalid_at(cut) == std::string::npos);
  // 199 bytes + "ş": 201 bytes, cut to 199.
  std::string tr(199, 'y');
  tr += "\xC5\x9F";
  CHECK(utf8::prefix(tr, 200).size() == 199);
  CHECK(utf8::prefix("short", 200) == "short");
}

TEST_CASE("UTF-8: the place of a bad byte is line and column in characters") {
  // line 2: "ğa" then the bad byte: column 3 (ğ is one character of two bytes)
  auto p = utf8::position("first\n\xC4\x9F" "a\xFF", 9, "f.csv");
  CHECK(p.str() == "f.csv:2:3");
}

TEST_CASE("Firm files: invalid UTF-8 is an error at file:line:column, another declared encoding is refused") {
  auto bad = greengate::model::parse_firm(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<firm schema=\"greengate-firm/1\" id=\"f\" name=\"\xC3\" "
      "country=\"TR\" reporting-year=\"2026\"/>\n", "bad.xml");
  REQUIRE(bad.diagnostics().has_errors());
  // '<firm schema="greengate-firm/1" id="f" name="' is 45 characters: the bad byte is column 46.
  CHECK(bad.diagnostics().items()[0].format() ==
        "bad.xml:2:46: error: invalid UTF-8: byte 0xC3 is not part of a well-formed character (save the file as UTF-8)");
  auto latin = greengate::model::parse_firm(
      "<?xml version=\"1.0\" encoding=\"ISO-8859-9\"?>\n<firm schema=\"greengate-firm/1\" id=\"f\" name=\"\xDD\" "
      "country=\"TR\" reporting-year=\"2026\"/>\n", "latin.xml");
  REQUIRE(latin.diagnostics().has_errors());
  CHECK(latin.diagnostics().items()[0].format() ==
        "latin.xml:1: error: the XML declaration names encoding \"ISO-8859-9\"; only UTF-8 is read (save the file as UTF-8)");
}

TEST_CASE("JSON writer: a byte that is not UTF-8 becomes U+FFFD, so the JSON is always valid text") {
  greengate::report::JsonWriter w;
  w.begin_object().field("name", std::string("Bad \xC3 name, good \xC5\x9F")).end_object();
  CHECK(w.str().find("Bad \xEF\xBF\xBD name, good \xC5\x9F") != std::string::npos);
  CHECK(utf8::invalid_at(w.str()) == std::string::npos);
}

TEST_CASE("Batch CSV: a line with invalid UTF-8 is rejected with its column, the header must be UTF-8 too") {
  const auto& ds = greengate::test::dataset();
  greengate::calc::PriceBook flat = greengate::calc::PriceBook::flat(80);
  greengate::calc::MoneyContext mc{ds, greengate::test::money(), flat, std::nullopt, nullptr};
  std::string csv = "declarant,year,cn_code,origin,quantity,unit\nDE1,2026,72142000,TR,10,t\nD\xC3" "E2,2026,72142000,TR,10,t\n"
                    "D\xC3\x9C" "3,2026,72142000,TR,10,t\n";
  std::size_t pos = 0;
  greengate::calc::BatchReader reader = [&](char* buf, std::size_t n) {
    auto k = std::min(n, csv.size() - pos);
    std::copy_n(csv.data() + pos, k, buf);
    pos += k;
    return k;
  };
  std::vector<greengate::calc::BatchReject> rejects;
  greengate::calc::BatchSinks sinks;
  sinks.reject = [&](const greengate::calc::BatchReject& r) { rejects.push_back(r); };
  greengate::calc::BatchOptions opt;
  opt.display = "lines.csv";
  opt.scenario = flat.scenarios().front();
  auto r = greengate::calc::run_batch(mc, opt, reader, sinks);
  REQUIRE(rejects.size() == 1);
  CHECK(rejects[0].line == 3);
  CHECK(rejects[0].reason == "invalid UTF-8: byte 0xC3 at column 2 is not part of a well-formed character (save the file as UTF-8)");
  REQUIRE(r.rows.size() == 2);
  CHECK(r.rows[1].declarant == "D\xC3\x9C" "3");  // "DÜ3", well-formed, is kept
}

TEST_CASE("Price CSV: invalid UTF-8 is an error at file:line:column") {
  auto prices = greengate::calc::PriceBook::from_csv_text("period,price\n2026,80\n20\xE9" "7,81\n", "prices.csv");
  REQUIRE(prices.diagnostics().has_errors());
  CHECK(prices.diagnostics().items()[0].pos.str() == "prices.csv:3:3");
}
