// What every program loads from the data folder (greengate/calc/dataset.hpp): the CBAM period
// and the de minimis terms come from rules/cbam/money.xml, never from the code; the data folder
// is found in one way by both programs.
#include <doctest/doctest.h>

#include <cstdlib>

#include "greengate/calc/dataset.hpp"
#include "greengate/calc/obligation.hpp"
#include "greengate/units/quantities.hpp"
#include "test_data.hpp"

namespace gc = greengate::calc;
namespace u = greengate::units;
using greengate::test::dataset;

TEST_CASE("CBAM period: the years of the money rules, with their acts") {
  // rules/cbam/money.xml: cbam.period.first_year 2026 (Reg 2023/956 Art 36(2)(b)), last_year 2034
  // (the CBAM factor schedule of Directive 2003/87/EC Art 10a(1a)): nine import years.
  const gc::CbamPeriod& p = dataset().period;
  CHECK(p.first == 2026);
  CHECK(p.last == 2034);
  CHECK(p.years().size() == 9);
  CHECK(p.years().front() == 2026);
  CHECK(p.years().back() == 2034);
  CHECK(p.text() == "2026-2034");
  CHECK(p.ref.find("Art 36(2)") != std::string::npos);
  CHECK(p.ref.find("Art 10a(1a)") != std::string::npos);
  CHECK(p.contains(2030));
  CHECK_FALSE(p.contains(2025));
  CHECK_FALSE(p.contains(2035));
  CHECK(p.or_first(2025) == 2026);  // a reporting year before the period: the law of its first year
  CHECK(p.or_first(2031) == 2031);
  CHECK(p.clamp(2040) == 2034);
  CHECK(p.clamp(2020) == 2026);
}

TEST_CASE("CBAM period: a rule set without it is a definition error") {
  // The data set's own rule set without the period: only the de minimis and price parameters.
  greengate::rules::RuleSet empty;
  CHECK_THROWS_AS(gc::cbam_period(empty), greengate::DefinitionError);
}

TEST_CASE("De minimis terms: 50 t per importer and year, electricity and hydrogen outside") {
  // Reg (EU) 2023/956 Art 2a(1) and Annex VII pt 1 as inserted by Reg (EU) 2025/2083.
  auto t = gc::de_minimis_terms(dataset().money, 2027);
  REQUIRE(t.has_value());
  CHECK(u::in_tonnes(t->threshold) == doctest::Approx(50));
  CHECK(t->excluded_sectors == std::vector<std::string>{"electricity", "hydrogen"});
  CHECK(t->ref.find("Art 2a") != std::string::npos);
  CHECK_FALSE(gc::de_minimis_terms(dataset().money, 2024).has_value());  // in force from 2025-10-20
}

TEST_CASE("Data folder: --data-dir first, then $GREENGATE_DATA_DIR, then next to the program") {
  CHECK(gc::find_data_dir("/somewhere/else") == "/somewhere/else");
  const char* old = std::getenv("GREENGATE_DATA_DIR");
  const std::string saved = old ? old : "";
  ::setenv("GREENGATE_DATA_DIR", "/from/env", 1);
  CHECK(gc::find_data_dir("") == "/from/env");
  CHECK(gc::find_data_dir("/opt") == "/opt");
  ::unsetenv("GREENGATE_DATA_DIR");
  // The test program lives in build/…: the source tree it was built from holds factors/ and rules/.
  const std::string found = gc::find_data_dir("");
  CHECK(found != ".");
  if (old) ::setenv("GREENGATE_DATA_DIR", saved.c_str(), 1);
}
