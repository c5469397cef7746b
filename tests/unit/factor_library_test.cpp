// The factor library: Commission default values with mark-ups, fallback rules, benchmarks and
// the loader's diagnostics.
#include <doctest/doctest.h>

#include <set>

#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/factors/factor_library.hpp"
#include "greengate/text/number_format.hpp"
#include "test_data.hpp"

using greengate::test::dataset;
namespace u = greengate::units;
namespace gc = greengate::calc;

namespace {
std::string marked(const char* cn, const char* origin, int year, const char* route = "") {
  auto d = gc::default_with_markup(dataset(), cn, origin, year, route);
  REQUIRE_MESSAGE(d.found(), d.gap);
  return greengate::text::format_fixed(u::in_tco2e_per_tonne(d.marked_up_total), 3);
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

namespace {
namespace gf = greengate::factors;
gf::BenchmarkLookup bench(std::string_view cn, gf::BenchmarkColumn col, int year, std::string_view route = {},
                          std::string_view default_route = {}) {
  return dataset().factors.benchmarks().lookup({cn, col, year, route, default_route});
}
double bm(std::string_view cn, gf::BenchmarkColumn col, int year, std::string_view route = {},
          std::string_view default_route = {}) {
  auto b = bench(cn, col, year, route, default_route);
  REQUIRE_MESSAGE(b.found, b.gap);
  return u::in_tco2e_per_tonne(b.intensity());
}
constexpr auto A = gf::BenchmarkColumn::a;
constexpr auto B = gf::BenchmarkColumn::b;
}  // namespace

// Values: the Commission's workbook of the IR (EU) 2025/2620 Annex (factors/cbam-benchmarks.xml).
TEST_CASE("Benchmarks (IR 2025/2620): every CN code of the workbook, 1 804 rows and the electricity zero") {
  const auto& rows = dataset().factors.benchmarks().rows();
  CHECK(rows.size() == 1805);  // 1 804 workbook rows + 2716 00 00 (Art 1(2))
  std::set<std::string> cns;
  for (const auto& r : rows) cns.insert(r.cn);
  CHECK(cns.size() == 571);  // 570 CN codes of the workbook + electricity
  CHECK(bm("27160000", B, 2026) == 0.0);
}

TEST_CASE("Benchmarks (IR 2025/2620 Annex 5.1): Column B takes the route of the origin's default row") {
  // 7214 20 00 rebar: Column B C 1.364 / D 0.475 / E 0.066; Column A 0.038 for every route
  CHECK(bm("72142000", B, 2026, "", "C") == doctest::Approx(1.364));
  CHECK(bm("72142000", B, 2026, "", "E") == doctest::Approx(0.066));
  CHECK(bm("72142000", A, 2026) == doctest::Approx(0.038));
  CHECK(bm("72142000", A, 2026, "E") == doctest::Approx(0.038));  // route-independent
  // an explicit route wins over the default row's, and says so
  auto e = bench("72142000", B, 2026, "E", "C");
  CHECK(u::in_tco2e_per_tonne(e.intensity()) == doctest::Approx(0.066));
  CHECK(e.how.front().find("the stated route wins") != std::string::npos);
  // no route at all for carbon-steel routes C/D/E: a gap, never the highest (D7)
  auto none = bench("72142000", B, 2026);
  CHECK_FALSE(none.found);
  CHECK(none.gap.find("depends on the production route") != std::string::npos);
  // a route the table does not list
  auto k = bench("72142000", B, 2026, "K");
  CHECK_FALSE(k.found);
  CHECK(k.gap.find("lists route(s) C, D, E") != std::string::npos);
  // "C/F" (Annex I lists two grades): the one the table has for this CN code
  CHECK(bm("72081000", B, 2026, "", "C/F") == doctest::Approx(1.370));
  CHECK(bm("72031000", B, 2026) == doctest::Approx(0.397));  // DRI, no route
  CHECK(bm("72031000", A, 2026) == doctest::Approx(0.295));
}

TEST_CASE("Benchmarks: grey and white clinker (A/B), primary and secondary aluminium (K/L), urea") {
  CHECK(bm("25231000", B, 2026, "", "A") == doctest::Approx(0.666));
  CHECK(bm("25231000", B, 2026, "", "B") == doctest::Approx(0.859));
  CHECK_FALSE(bench("25231000", B, 2026).found);  // grey or white must be known
  CHECK(bm("76011010", A, 2026, "K") == doctest::Approx(1.423));
  CHECK(bm("76011010", A, 2026, "L") == doctest::Approx(0.091));
  CHECK_FALSE(bench("76011010", A, 2026).found);
  CHECK(bm("31021019", A, 2026) == doctest::Approx(0.053));
  CHECK(bm("31021019", B, 2026) == doctest::Approx(0.902));
  CHECK(bm("25070080", B, 2026) == doctest::Approx(0.666));  // calcined clay
}

TEST_CASE("Benchmarks (IR 2025/2620 Annex 5.3): production-year bands (1) 2026-27 and (2) 2028-30") {
  // 2523 30 00 aluminous cement: (1) 0.717, (2) 0.686 in both columns
  CHECK(bm("25233000", B, 2027) == doctest::Approx(0.717));
  CHECK(bm("25233000", B, 2028) == doctest::Approx(0.686));
  CHECK(bm("25233000", A, 2026) == doctest::Approx(0.717));
  // stainless 7218 10 00: rows differ by band only: (1) 1.419, (2) 1.381; Column A 0.358 always
  CHECK(bm("72181000", B, 2026) == doctest::Approx(1.419));
  CHECK(bm("72181000", B, 2030) == doctest::Approx(1.381));
  CHECK(bm("72181000", A, 2030) == doctest::Approx(0.358));
  // after 2030 no band covers the year: the last band carried forward, flagged
  auto late = bench("72181000", B, 2031);
  REQUIRE(late.found);
  CHECK(late.carried_forward);
  CHECK(u::in_tco2e_per_tonne(late.intensity()) == doctest::Approx(1.381));
  CHECK_FALSE(bench("72181000", B, 2030).carried_forward);
  // provisional 2026 values used for 2027 (recital 35)
  CHECK_FALSE(bench("72031000", B, 2026).provisional);
  CHECK(bench("72031000", B, 2027).provisional);
}

TEST_CASE("Benchmarks (IR 2025/2620 Annex 5.1): alloy grade unknown: the highest grade of the band") {
  // 7224 10 10 tool steel, Column B band (1): F 1.807 G 0.982 H 0.640 J 1.180 -> 1.807;
  // band (2): F 1.640 G 0.969 H 0.628 J 1.148 -> 1.640; Column A F 0.453 G 0.33 H 0.33 J 0.358
  auto b1 = bench("72241010", B, 2027);
  REQUIRE(b1.found);
  CHECK(b1.highest_grade);
  CHECK(u::in_tco2e_per_tonne(b1.intensity()) == doctest::Approx(1.807));
  CHECK(b1.route == "F");
  CHECK(bm("72241010", B, 2028) == doctest::Approx(1.640));
  CHECK(bm("72241010", A, 2026) == doctest::Approx(0.453));
  // a stated grade wins
  CHECK(bm("72241010", B, 2026, "H") == doctest::Approx(0.640));
  CHECK(bm("72241010", B, 2029, "J") == doctest::Approx(1.148));
  CHECK(bm("72241010", B, 2026, "", "H") == doctest::Approx(0.640));  // the default row's grade
}

TEST_CASE("Benchmarks: a user table adds to or overrides the library row by row") {
  auto user = greengate::factors::load_factor_files(
                  {std::string(GREENGATE_SOURCE_DIR) + "/tests/data/benchmarks/bm-one.xml"}, {"bm-one.xml"})
                  .get();
  auto merged = dataset().factors.benchmarks().overridden_by(user.benchmarks());
  auto q = [&](std::string_view cn, gf::BenchmarkColumn c, std::string_view route) {
    auto b = merged.lookup({cn, c, 2026, route, {}});
    REQUIRE_MESSAGE(b.found, b.gap);
    return u::in_tco2e_per_tonne(b.intensity());
  };
  // bm-one.xml: 7214 20 00 = 1.0 in both columns, no route: replaces every route of that code
  CHECK(q("72142000", B, "C") == doctest::Approx(1.0));
  CHECK(q("72142000", B, "E") == doctest::Approx(1.0));
  CHECK(q("72142000", A, "") == doctest::Approx(1.0));
  // every other row stays
  CHECK(q("72071114", B, "C") == doctest::Approx(1.364));
  CHECK(q("72031000", B, "") == doctest::Approx(0.397));
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

TEST_CASE("Factor loader: benchmark rows are checked attribute by attribute, routes against the legend") {
  auto dir = greengate::test::source_dir() + "/tests/data/bad/factors/";
  auto r = greengate::factors::load_factor_files({dir + "benchmark-errors.xml"}, {"benchmark-errors.xml"});
  CHECK(r.diagnostics().format() ==
        "benchmark-errors.xml:5: error: <indicator>: 'when-unknown' must be \"highest\" or \"route-needed\" (got \"sometimes\")\n"
        "benchmark-errors.xml:6: error: <benchmark>: unknown attribute 'colum-a'\n"
        "benchmark-errors.xml:7: error: <benchmark>: 'column-b' must be a number >= 0 with '.' as decimal separator (got \"-1\")\n"
        "benchmark-errors.xml:7: error: <benchmark>: neither 'column-a' nor 'column-b'\n"
        "benchmark-errors.xml:8: error: <benchmark>: 'years-b' must be a range of years YYYY-YYYY (got \"2026/2027\")\n"
        "benchmark-errors.xml:10: error: <benchmark>: 'cn' must be a CN code (got \"7214x\")\n"
        "benchmark-errors.xml:11: error: <benchmark>: neither 'column-a' nor 'column-b'\n"
        "benchmark-errors.xml:9: error: route indicator 'X' is not in the table's <indicator> legend");
}
