// The factor library: Commission default values with mark-ups, fallback rules, benchmarks and
// the loader's diagnostics.
#include <doctest/doctest.h>

#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/factors/factor_library.hpp"
#include "greengate/report/number_format.hpp"
#include "test_data.hpp"

using greengate::test::dataset;
namespace u = greengate::units;
namespace gc = greengate::calc;

namespace {
std::string marked(const char* cn, const char* origin, int year, const char* route = "") {
  auto d = gc::default_with_markup(dataset(), cn, origin, year, route);
  REQUIRE_MESSAGE(d.found(), d.gap);
  return greengate::report::format_fixed(u::in_tco2e_per_tonne(d.marked_up_total), 3);
}
}  // namespace

TEST_CASE("Defaults: Türkiye rebar 7214 20 00, base 2.31 with the steel mark-up 10/20/30 %") {
  // IR 2025/2621 Annex I (as replaced by IR 2026/1740), Türkiye, 72142000: total 2.31, route C.
  auto d = gc::default_with_markup(dataset(), "7214 20 00", "TR", 2026);
  REQUIRE(d.found());
  CHECK(d.lookup.table_name == "Türkiye");
  CHECK_FALSE(d.lookup.fallback_used);
  CHECK(d.lookup.cell->route == "C");
  CHECK(d.lookup.cell->total == doctest::Approx(2.31));
  CHECK(marked("72142000", "TR", 2026) == "2.541");  // 2.31 × 1.10
  CHECK(marked("72142000", "TR", 2027) == "2.772");  // 2.31 × 1.20
  CHECK(marked("72142000", "TR", 2028) == "3.003");  // 2.31 × 1.30
  CHECK(marked("72142000", "TR", 2034) == "3.003");  // the 2028 rate continues until revised
}

TEST_CASE("Defaults: Türkiye grey clinker falls back to 'Other countries' 1.41 → 1.551 (2026)") {
  // Türkiye's 2523 10 00 90 cell is '–'; Other countries: 1.37 + 0.05 = 1.41, route A; × 1.10.
  auto d = gc::default_with_markup(dataset(), "2523100090", "TR", 2026);
  REQUIRE(d.found());
  CHECK(d.lookup.fallback_used);
  CHECK(d.lookup.table_name == "Other countries and territories");
  CHECK(d.lookup.fallback_reason == "Türkiye is listed with '–' for this good");
  CHECK(d.lookup.cell->direct == doctest::Approx(1.37));
  CHECK(d.lookup.cell->indirect == doctest::Approx(0.05));
  CHECK(marked("2523100090", "TR", 2026) == "1.551");
  CHECK(marked("2523100090", "TR", 2027) == "1.692");  // 1.41 × 1.20
  CHECK(marked("2523100090", "TR", 2028) == "1.833");  // 1.41 × 1.30
}

TEST_CASE("Defaults: an 8-digit code with several TARIC lines needs the route or 10 digits") {
  auto d = gc::default_with_markup(dataset(), "25231000", "TR", 2026);
  CHECK_FALSE(d.found());
  CHECK(d.gap.find("several TARIC lines") != std::string::npos);
  CHECK(marked("25231000", "TR", 2026, "A") == "1.551");  // grey clinker, route A
  CHECK(marked("25231000", "TR", 2026, "B") == "1.507");  // white clinker 1.37 × 1.10
}

TEST_CASE("Defaults: fertilisers carry a flat 1 % mark-up (urea 3102 10 19, other countries, Fiji has no table)") {
  // Other countries 31021019: 2.60 + 0.12 = 2.72; × 1.01 = 2.7472 → 2.747 in every year.
  CHECK(marked("31021019", "FJ", 2026) == "2.747");
  CHECK(marked("31021019", "FJ", 2027) == "2.747");
  CHECK(marked("31021019", "FJ", 2028) == "2.747");
  CHECK(marked("31021019", "FJ", 2033) == "2.747");
}

TEST_CASE("Defaults: hydrogen 'other countries' 17.74 → 19.514 / 21.288 / 23.062") {
  CHECK(marked("28041000", "FJ", 2026) == "19.514");  // 17.74 × 1.10
  CHECK(marked("28041000", "FJ", 2027) == "21.288");  // 17.74 × 1.20
  CHECK(marked("28041000", "FJ", 2028) == "23.062");  // 17.74 × 1.30
}

TEST_CASE("Defaults: DRI 7203 from Australia falls back to other countries 1.325, 2028 → 1.723") {
  // Addendum: Australia and Brazil print '–' for 7203 → Other 1.325; 1.325 × 1.30 = 1.7225 → 1.723
  auto d = gc::default_with_markup(dataset(), "72031000", "AU", 2028);
  REQUIRE(d.found());
  CHECK(d.lookup.fallback_used);
  CHECK(marked("72031000", "AU", 2028) == "1.723");
  CHECK(marked("72031000", "BR", 2026) == "1.458");  // 1.4575 half-up
}

TEST_CASE("Defaults: precursor of unknown origin uses IR 2025/2621 Annex IV (DRI 4.200)") {
  auto d = dataset().factors.lookup_unknown_origin("72031000");
  REQUIRE(d.found);
  CHECK(d.cell->total == doctest::Approx(4.2));
  CHECK(d.provenance.status == greengate::Status::single_source);
  CHECK_FALSE(dataset().factors.lookup_unknown_origin("72142000").found);
}

TEST_CASE("Defaults: agglomerated ore 2601 12 00 keeps its indirect value (Australia 0.07 + 0.02)") {
  auto d = dataset().factors.lookup_default("26011200", "AU");
  REQUIRE(d.found);
  CHECK(d.cell->has_indirect);
  CHECK(d.cell->direct == doctest::Approx(0.07));
  CHECK(d.cell->indirect == doctest::Approx(0.02));
  CHECK(d.cell->total == doctest::Approx(0.09));
}

TEST_CASE("Factors: dated values are picked by date, the CBAM factor schedule 2026–2034") {
  const auto& lib = dataset().factors;
  auto factor = [&](int y) {
    const auto* f = lib.find("cbam.factor", greengate::Date::first_of_year(y));
    REQUIRE(f);
    return f->value;  // fraction (unit %)
  };
  CHECK(factor(2026) == doctest::Approx(0.975));  // share of free allocation KEPT
  CHECK(factor(2027) == doctest::Approx(0.95));
  CHECK(factor(2030) == doctest::Approx(0.515));
  CHECK(factor(2033) == doctest::Approx(0.14));
  CHECK(factor(2034) == doctest::Approx(0.0));
  CHECK(lib.find("cbam.factor", greengate::Date{2025, 12, 31}) == nullptr);
  const auto* price = lib.find("price.cbam_certificate", greengate::Date{2026, 2, 15});
  REQUIRE(price);
  CHECK(price->written_value == doctest::Approx(75.36));
  // Q2 2026 (single source) is the last published quarter in the data; Q3 is a gap.
  const auto* q2 = lib.find("price.cbam_certificate", greengate::Date{2026, 4, 1});
  REQUIRE(q2);
  CHECK(q2->written_value == doctest::Approx(75.28));
  CHECK(q2->provenance.status == greengate::Status::single_source);
  CHECK(lib.find("price.cbam_certificate", greengate::Date{2026, 7, 1}) == nullptr);
}

TEST_CASE("Factors: GWPs are AR5 (N2O 265, CF4 6630, C2F6 11100)") {
  const auto& lib = dataset().factors;
  greengate::Date d{2026, 1, 1};
  CHECK(lib.find("gwp.ar5.n2o", d)->written_value == 265);
  CHECK(lib.find("gwp.ar5.cf4", d)->written_value == 6630);
  CHECK(lib.find("gwp.ar5.c2f6", d)->written_value == 11100);
}

TEST_CASE("Benchmarks: Column B for DRI 0.397, highest grade when several routes are listed") {
  const auto& lib = dataset().factors;
  greengate::Date d{2026, 6, 1};
  auto b = lib.lookup_benchmark("72031000", "", greengate::factors::BenchmarkColumn::b, d);
  REQUIRE(b.found);
  CHECK(u::in_tco2e_per_tonne(b.intensity()) == doctest::Approx(0.397));
  auto a = lib.lookup_benchmark("72031000", "", greengate::factors::BenchmarkColumn::a, d);
  CHECK(u::in_tco2e_per_tonne(a.intensity()) == doctest::Approx(0.295));
  // 7208 10 00 Column B: C 1.370, D 0.481, E 0.072; "C/E" -> highest = 1.370; "E" -> 0.072
  auto ce = lib.lookup_benchmark("72081000", "C/E", greengate::factors::BenchmarkColumn::b, d);
  CHECK(u::in_tco2e_per_tonne(ce.intensity()) == doctest::Approx(1.370));
  auto e = lib.lookup_benchmark("72081000", "E", greengate::factors::BenchmarkColumn::b, d);
  CHECK(u::in_tco2e_per_tonne(e.intensity()) == doctest::Approx(0.072));
  auto none = lib.lookup_benchmark("72142000", "C", greengate::factors::BenchmarkColumn::b, d);
  CHECK_FALSE(none.found);
  CHECK(none.gap.find("no Column B benchmark for CN 7214 20 00") != std::string::npos);
}

TEST_CASE("Factor loader: every problem of a file is reported in one run, compiler-style") {
  auto dir = greengate::test::source_dir() + "/tests/data/bad/factors/";
  auto r = greengate::factors::load_factor_files({dir + "several-errors.xml"},
                                                 {"tests/data/bad/factors/several-errors.xml"});
  CHECK_FALSE(r.ok());
  const std::string f = "tests/data/bad/factors/several-errors.xml";
  CHECK(r.diagnostics().format() ==
        f + ":8: error: <factor id=\"c\">: 'unit' is not a known unit (got \"tonnes\"; expected one of the units in docs/factor-format.md)\n" +
        f + ":9: error: <factor id=\"d\">: 'value' must be a number with '.' as decimal separator (got \"1,5\")\n" +
        f + ":10: error: <factor id=\"e\">: missing required attribute 'source'\n" +
        f + ":11: error: <factor id=\"f\">: missing required attribute 'valid-from'\n" +
        f + ":11: error: <factor id=\"f\">: unknown attribute 'valid_form'\n" +
        f + ":12: error: <factor id=\"g\">: 'status' must be 'verified', 'single source' or 'unverified' (got \"maybe\")\n" +
        f + ":5: error: <factor id=\"a\">: duplicate id (also defined at " + f + ":4 for the same period)\n" +
        f + ":7: error: <factor id=\"b\">: validity from 2026-06-01 overlaps 2026-01-01..2026-12-31 defined at " + f + ":6");
  CHECK_THROWS_AS(std::move(r).get(), greengate::DefinitionError);
}

TEST_CASE("Factor loader: default-value tables are checked cell by cell") {
  auto dir = greengate::test::source_dir() + "/tests/data/bad/factors/";
  auto r = greengate::factors::load_factor_files({dir + "defaults-errors.xml"},
                                                 {"defaults-errors.xml"});
  CHECK(r.diagnostics().format() ==
        "defaults-errors.xml:8: error: <country name=\"Angola\">: <v>: good 26011200 (agglomerated iron ore) needs an 'indirect' value: its indirect emissions are always counted (IR (EU) 2026/1740 recital 8)\n"
        "defaults-errors.xml:10: error: <country name=\"Angola\">: <v>: duplicate value for good 72142000 (also at line 9)\n"
        "defaults-errors.xml:11: error: <country name=\"Angola\">: <v>: 'good' \"99999999\" is not declared by a <good> element\n"
        "defaults-errors.xml:15: error: <country name=\"Other countries and territories\">: <v>: 'direct' must be a number (got \"abc\")");
}
