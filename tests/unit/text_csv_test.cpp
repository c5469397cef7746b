// The one CSV dialect (greengate/text/csv.hpp): RFC 4180 plus a byte-order mark, '#' comment lines
// and blank lines; every reader of the engine uses it, and the batch's fast scanner is checked
// against it.
#include <doctest/doctest.h>

#include "greengate/calc/obligation.hpp"
#include "greengate/text/csv.hpp"
#include "test_data.hpp"

namespace gt = greengate::text;
namespace gc = greengate::calc;
namespace u = greengate::units;

namespace {
std::vector<gt::CsvRecord> read(std::string_view text, std::string* errors = nullptr) {
  greengate::Diagnostics d;
  auto r = gt::read_csv(text, d, "t.csv");
  if (errors) *errors = d.format();
  return r;
}
}  // namespace

TEST_CASE("CSV: RFC 4180 fields, quoted commas, doubled quotes and line breaks inside quotes") {
  auto r = read("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n3,,\n");
  REQUIRE(r.size() == 3);
  CHECK(r[0].cells == std::vector<std::string>{"a", "b", "c"});
  CHECK(r[1].cells == std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"});
  CHECK(r[1].line == 2);
  CHECK(r[2].line == 4);  // the record after a quoted line break starts on line 4
  CHECK(r[2].cells == std::vector<std::string>{"3", "", ""});
}

TEST_CASE("CSV: a byte-order mark, comment lines and blank lines are skipped, line numbers kept") {
  auto r = read("\xEF\xBB\xBFperiod,price\n# a comment, with a comma\n\n2026,80\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].cells[0] == "period");
  CHECK(r[1].line == 4);
}

TEST_CASE("CSV: an unterminated quote is an error at the line where it opens") {
  std::string e;
  read("a,b\n1,\"open\n2,3\n", &e);
  CHECK(e == "t.csv:2: error: unterminated quoted field");
}

TEST_CASE("CSV: the writer quotes only what needs it, and reads back to the same fields") {
  CHECK(gt::csv_field("plain") == "plain");
  CHECK(gt::csv_field("a,b") == "\"a,b\"");
  CHECK(gt::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(gt::csv_field("cr\rlf") == "\"cr\rlf\"");
  for (std::string v : {"x", "a,b", "q\"q", "l\nl", "", " lead"}) {
    auto r = read("h\n" + gt::csv_field(v) + ",end\n");
    REQUIRE(r.size() == 2);
    CHECK(r[1].cells[0] == v);
  }
}

TEST_CASE("Regression (issue 13): a price file's quoted scenario name keeps its doubled quotes as one") {
  // The old price reader toggled on every '"' and turned "a ""b""" into a b (quotes lost).
  auto b = gc::PriceBook::from_csv_text("period,\"low \"\"A\"\"\",central\n2027,60,80\n", "p.csv").get();
  REQUIRE(b.scenarios().size() == 2);
  CHECK(b.scenarios()[0] == "low \"A\"");
  CHECK(u::in_eur_per_tco2e(b.price("low \"A\"", 2027)->value) == doctest::Approx(60));
}
