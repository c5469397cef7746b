// The one message catalogue per language (greengate/text/catalogue.hpp): the pages' words
// (web/i18n) and the report's (calc/i18n) are one catalogue, a key is defined once across them,
// and numbers follow the language.
#include <doctest/doctest.h>

#include <algorithm>

#include "greengate/error.hpp"
#include "greengate/text/catalogue.hpp"

namespace gt = greengate::text;

namespace {
constexpr const char* kNumbersEn = "number.thousands = ,\nnumber.point = .\nnumber.percent = after\n";
}  // namespace

TEST_CASE("Catalogue: the built-in catalogues hold the pages' and the report's words, same keys in both languages") {
  const auto& en = gt::Catalogue::builtin(gt::Lang::en);
  const auto& tr = gt::Catalogue::builtin(gt::Lang::tr);
  CHECK(en.keys() == tr.keys());
  const auto keys = en.keys();
  auto has_prefix = [&](const std::string& p) {
    return std::any_of(keys.begin(), keys.end(), [&](const std::string& k) { return k.rfind(p, 0) == 0; });
  };
  CHECK(has_prefix("nav."));     // a page word (web/i18n)
  CHECK(has_prefix("s5."));      // a report word (calc/i18n)
  CHECK(has_prefix("record."));  // a decision-record word (calc/i18n)
  CHECK(&gt::Catalogue::builtin("tr") == &tr);
  CHECK(&gt::Catalogue::builtin("de") == &en);  // anything else: English
  CHECK(tr.lang() == gt::Lang::tr);
  // The same word in a page and in a record: one translation.
  CHECK(tr("screen.verdict") == "Karar");
}

TEST_CASE("Catalogue: a key defined in two files is refused, naming both places") {
  const std::string a = std::string(kNumbersEn) + "x.one = One\n";
  const std::string b = "# second file\nx.one = Again\n";
  try {
    gt::Catalogue::from_sources({{a, "pages.properties"}, {b, "report.properties"}}, "en");
    FAIL("a duplicate key across files was accepted");
  } catch (const greengate::DefinitionError& e) {
    CHECK(e.diagnostics().format() ==
          "report.properties:2: error: duplicate key 'x.one' (first at pages.properties:4)");
  }
}

TEST_CASE("Catalogue: malformed lines and missing number keys name their file") {
  try {
    gt::Catalogue::from_text(std::string(kNumbersEn) + "no equals sign\n", "x.properties", "en");
    FAIL("a malformed line was accepted");
  } catch (const greengate::DefinitionError& e) {
    CHECK(e.diagnostics().format() == "x.properties:4: error: expected 'key = value'");
  }
  CHECK_THROWS_AS(gt::Catalogue::from_text("number.thousands = ,\nnumber.point = .\n", "x.properties", "en"),
                  greengate::DefinitionError);  // number.percent missing
  CHECK_THROWS_AS(gt::Catalogue::from_text("number.thousands = ,,\nnumber.point = .\nnumber.percent = after\n",
                                           "x.properties", "en"),
                  greengate::DefinitionError);  // one character
}

TEST_CASE("Catalogue: messages, arguments and numbers in each language's conventions") {
  const auto& en = gt::Catalogue::builtin(gt::Lang::en);
  const auto& tr = gt::Catalogue::builtin(gt::Lang::tr);
  auto c = gt::Catalogue::from_text(std::string(kNumbersEn) + "m = {1} of {0}, {2}\n", "m.properties", "en");
  CHECK(c.format("m", {"a", "b"}) == "b of a, ");  // a missing argument is left empty
  CHECK(c("nope") == "[nope]");                    // a missing key shows itself
  CHECK(en.number(1234567.891, 1) == "1,234,567.9");
  CHECK(tr.number(1234567.891, 1) == "1.234.567,9");
  CHECK(tr.number(-0.04, 1) == "0,0");  // rounds to zero: no minus sign
  CHECK(tr.trimmed(0.4200, 6) == "0,42");
  // percent: a fraction with fixed decimals; percent_trimmed: up to the decimals given
  CHECK(en.percent(0.2, 1) == "20.0 %");
  CHECK(tr.percent(0.2, 1) == "%20,0");
  CHECK(en.percent_trimmed(0.4, 1) == "40 %");
  CHECK(tr.percent_trimmed(0.125, 1) == "%12,5");
  // A negative share (a hydrogen route worse than the fossil comparator: savings -114.1 %) keeps
  // its sign in front in Turkish: -%114,1, not %-114,1; English: -114.1 %.
  CHECK(tr.percent(-1.141, 1) == "-%114,1");
  CHECK(tr.percent_trimmed(-0.5, 1) == "-%50");
  CHECK(en.percent(-1.141, 1) == "-114.1 %");
  // what a Turkish user types: 48.000 is forty-eight thousand
  CHECK(tr.parse_number("48.000") == std::optional<double>(48000));
  CHECK(en.parse_number("48,000") == std::optional<double>(48000));
}
