// Plausibility checks and the data-quality score (calc/plausibility.hpp, calc/data_quality.hpp,
// rules/quality/*.xml). Bands worked by hand from factors/cbam-default-values.xml
// (IR 2025/2621 Annex I as replaced by IR 2026/1740) and the IPCC 2006 bounds in factors/.
#include <doctest/doctest.h>

#include <algorithm>

#include "greengate/calc/data_quality.hpp"
#include "greengate/calc/plausibility.hpp"
#include "greengate/report/quality_output.hpp"
#include "test_data.hpp"

namespace u = greengate::units;
namespace gc = greengate::calc;
using greengate::test::dataset;
using greengate::test::firm_from;
using greengate::test::firm_xml;
using greengate::test::money;
using greengate::test::source_dir;

namespace {
const greengate::rules::RuleSet& quality() {
  static const auto set = greengate::rules::load_rules(source_dir() + "/rules/quality", "rules/quality/").get();
  return set;
}

gc::PlausibilityReport check(const std::string& xml) {
  auto firm = firm_from(xml);
  gc::EmissionsOptions opt;
  opt.year = 2026;
  auto em = gc::compute_emissions(firm, dataset(), opt);
  return gc::check_plausibility(firm, em, dataset(), quality());
}

std::vector<std::string> codes(const gc::PlausibilityReport& r) {
  std::vector<std::string> c;
  for (const auto& w : r.warnings) c.push_back(w.code);
  return c;
}

bool has(const gc::PlausibilityReport& r, const std::string& code) {
  auto c = codes(r);
  return std::find(c.begin(), c.end(), code) != c.end();
}

/// A rebar mill: `co2` t measured CO2, output `al` t, goods `goods` t of 7214 20 00.
std::string rebar(const std::string& al, const std::string& goods, const std::string& co2) {
  return "<process id=\"mill\" category=\"iron_steel_products\" output=\"" + al + "\" unit=\"t\">\n"
         "<stream id=\"ng\" method=\"measured\" gas=\"CO2\" quantity=\"" + co2 + "\" unit=\"tCO2e\"/>\n"
         "<good cn=\"72142000\" quantity=\"" + goods + "\" unit=\"t\"/>\n</process>\n";
}
}  // namespace

TEST_CASE("Plausible rebar mill: no warning") {
  // 12 000 t of rebar, 12 000 t output, 1 200 t CO2: SEE 0.1 t/t. The band of 7214 20 00 over
  // every country's default (33 countries with a value): lowest 0.14, highest 8.23 tCO2e/t
  // (direct = total, an Annex II good) → [0.1 × 0.14, 3 × 8.23] = [0.014, 24.69]: 0.1 lies inside.
  auto r = check(firm_xml(rebar("12000", "12000", "1200")));
  CHECK(r.warnings.empty());
}

TEST_CASE("The 48.000 slip: 48 t of output for 48 000 t of goods is caught twice") {
  // Output read as 48 t, goods 48 000 t: goods exceed the activity level (48 000 > 48 × 1.02).
  // SEE = 1 200 t / 48 t = 25 tCO2e/t > 3 × 8.23 = 24.69: above the band of the defaults.
  auto r = check(firm_xml(rebar("48", "48000", "1200")));
  CHECK(has(r, "goods_exceed_activity"));
  CHECK(has(r, "see_above_band"));
  const auto& w = r.warnings.front();
  CHECK(w.code == "goods_exceed_activity");
  CHECK(w.pos.line == 3);  // the <process> element of the firm file
  CHECK(w.args.at(1).number == doctest::Approx(48000));
  CHECK(w.args.at(2).number == doctest::Approx(48));
  CHECK(w.message.find("48000 t") != std::string::npos);
}

TEST_CASE("Goods within the tolerance of the activity level pass, 2 % is the limit") {
  // 1 020 t of goods on 1 000 t of output: 1 020 <= 1 000 × 1.02 → no warning; 1 021 t → warning.
  CHECK_FALSE(has(check(firm_xml(rebar("1000", "1020", "100"))), "goods_exceed_activity"));
  CHECK(has(check(firm_xml(rebar("1000", "1021", "100"))), "goods_exceed_activity"));
}

TEST_CASE("SEE below 0.1 × the lowest default: a factor of 1000 too small") {
  // 10 t CO2 on 1 000 t: SEE 0.01 < 0.014 (0.1 × 0.14) → see_below_band.
  auto r = check(firm_xml(rebar("1000", "1000", "10")));
  CHECK(codes(r) == std::vector<std::string>{"see_below_band"});
  CHECK(r.warnings[0].args.at(1).number == doctest::Approx(0.01));
  CHECK(r.warnings[0].args.at(3).number == doctest::Approx(0.14));
}

TEST_CASE("Exports of a year above the production of the reporting period") {
  // 1 000 t produced; 1 500 t exported in 2027 → warning; 900 t in 2026 → none.
  auto xml = firm_xml(rebar("1000", "1000", "100"),
                      "<export cn=\"72142000\" installation=\"i\" destination=\"DE\" year=\"2026\" quantity=\"900\" unit=\"t\"/>\n"
                      "<export cn=\"72142000\" installation=\"i\" destination=\"DE\" year=\"2027\" quantity=\"1500\" unit=\"t\"/>\n");
  auto r = check(xml);
  REQUIRE(codes(r) == std::vector<std::string>{"exports_exceed_production"});
  CHECK(r.warnings[0].args.at(1).number == doctest::Approx(2027));
  CHECK(r.warnings[0].args.at(2).number == doctest::Approx(1500));
  CHECK(r.warnings[0].args.at(3).number == doctest::Approx(1000));
}

TEST_CASE("A stated NCV outside the IPCC 95 % range of its fuel") {
  // Natural gas NCV: IPCC 2006 Table 1.2 48.0 TJ/Gg, 95 % range 46.5–50.4 → 0.0465–0.0504 TJ/t.
  // 0.0345 TJ/t (a value per 1000 Nm3 typed per tonne) lies below; 0.049 inside.
  auto stream = [](const char* ncv) {
    return std::string("<process id=\"mill\" category=\"iron_steel_products\" output=\"1000\" unit=\"t\">\n"
                       "<stream id=\"ng\" method=\"combustion\" fuel=\"natural_gas\" quantity=\"100\" unit=\"t\" ncv=\"") +
           ncv + "\" ncv-unit=\"TJ/t\"/>\n<good cn=\"72142000\" quantity=\"1000\" unit=\"t\"/>\n</process>\n";
  };
  auto bad = check(firm_xml(stream("0.0345")));
  REQUIRE(has(bad, "ncv_outside_ipcc"));
  CHECK(bad.warnings[0].args.at(3).number == doctest::Approx(0.0465));
  CHECK(bad.warnings[0].args.at(4).number == doctest::Approx(0.0504));
  CHECK_FALSE(has(check(firm_xml(stream("0.049"))), "ncv_outside_ipcc"));
}

TEST_CASE("Precursors far heavier than the output") {
  // 6 000 t of billets for 1 000 t of rebar: 6 t/t > 5 → precursors_heavy.
  auto xml = firm_xml(
      "<process id=\"mill\" category=\"iron_steel_products\" output=\"1000\" unit=\"t\">\n"
      "<stream id=\"ng\" method=\"measured\" gas=\"CO2\" quantity=\"100\" unit=\"tCO2e\"/>\n"
      "<precursor cn=\"72071114\" quantity=\"6000\" unit=\"t\" source=\"default\" origin=\"TR\"/>\n"
      "<good cn=\"72142000\" quantity=\"1000\" unit=\"t\"/>\n</process>\n");
  auto r = check(xml);
  CHECK(has(r, "precursors_heavy"));
}

TEST_CASE("Data quality: actual data throughout, verified factors, no warning → grade A, 100") {
  // Measured CO2 (no library factor), no precursors: nothing on defaults, nothing unverified.
  auto firm = firm_from(firm_xml(rebar("12000", "12000", "1200"),
                                 "<export cn=\"72142000\" installation=\"i\" destination=\"DE\" year=\"2026\" quantity=\"1000\" unit=\"t\"/>\n"));
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  auto x = gc::firm_exposure(ctx, firm);
  auto p = gc::check_plausibility(firm, x.emissions, dataset(), quality());
  auto q = gc::assess_quality(firm, x, p, dataset(), quality());
  REQUIRE(q.goods.size() == 1);
  CHECK(q.firm.score == doctest::Approx(100));
  CHECK(q.firm.grade == "A");
  CHECK(q.firm.reasons.empty());
}

TEST_CASE("Data quality: a default-valued precursor costs 40 points × its share of the SEE") {
  // Mill: 100 t CO2 of its own on 1 000 t of output; 1 000 t of billets 7207 11 14 on the
  // Türkiye default 2.31 tCO2e/t (IR 2025/2621 Annex I, route C) with the 2026 mark-up of 10 %
  // (docs/methodology.md: precursors carry it): d = 2.541. SEE = 0.1 + 1 × 2.541 = 2.641; share on
  // defaults s = 2.541 / 2.641 = 0.962136; score = 100 − 40 × s = 61.5146 (dq.penalty.default)
  // → grade C (50 ≤ score < 70); no other penalty (measured CO2
  // uses no library factor; no gap; no warning: 1 t of precursor per t).
  auto firm = firm_from(firm_xml(
      "<process id=\"mill\" category=\"iron_steel_products\" output=\"1000\" unit=\"t\">\n"
      "<stream id=\"ng\" method=\"measured\" gas=\"CO2\" quantity=\"100\" unit=\"tCO2e\"/>\n"
      "<precursor cn=\"72071114\" quantity=\"1000\" unit=\"t\" source=\"default\" origin=\"TR\"/>\n"
      "<good cn=\"72142000\" quantity=\"1000\" unit=\"t\"/>\n</process>\n",
      "<export cn=\"72142000\" installation=\"i\" destination=\"DE\" year=\"2026\" quantity=\"1000\" unit=\"t\"/>\n"));
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  auto x = gc::firm_exposure(ctx, firm);
  auto p = gc::check_plausibility(firm, x.emissions, dataset(), quality());
  CHECK(p.warnings.empty());
  auto q = gc::assess_quality(firm, x, p, dataset(), quality());
  REQUIRE(q.goods.size() == 1);
  const auto& pr = x.emissions.processes.at(0).precursors.at(0);
  const double d = u::in_tco2e_per_tonne(pr.see_direct);
  CHECK(d == doctest::Approx(2.541));
  const double s = 2.541 / 2.641;
  CHECK(q.goods[0].q.basis.default_share == doctest::Approx(s));
  CHECK(q.firm.score == doctest::Approx(100 - 40 * s));
  CHECK(q.firm.score == doctest::Approx(61.5146).epsilon(1e-5));
  CHECK(q.firm.grade == "C");
  REQUIRE_FALSE(q.actions.empty());
  CHECK(q.actions[0].code == "precursor_actual");  // the mill's own data is actual: ask for the billets'
  CHECK(q.actions[0].subject == "7207 11 14 (TR)");
  CHECK(q.actions[0].points == doctest::Approx(40 * s));
}

TEST_CASE("Grades follow the bands of rules/quality/data-quality.xml") {
  // A from 85, B from 70, C from 50, D from 30, else E.
  CHECK(gc::grade_of(85, quality(), 2026) == "A");
  CHECK(gc::grade_of(84.9, quality(), 2026) == "B");
  CHECK(gc::grade_of(70, quality(), 2026) == "B");
  CHECK(gc::grade_of(50, quality(), 2026) == "C");
  CHECK(gc::grade_of(30, quality(), 2026) == "D");
  CHECK(gc::grade_of(29.9, quality(), 2026) == "E");
}

TEST_CASE("Data quality: two plausibility warnings cost 2 × 20 points, grade C at best") {
  // The 48.000 slip (goods_exceed_activity and see_above_band on the one good): actual data, no
  // default, no unverified value, no gap → score = 100 − 2 × 20 (dq.penalty.warning) = 60 → C.
  auto firm = firm_from(firm_xml(rebar("48", "48000", "1200"),
                                 "<export cn=\"72142000\" installation=\"i\" destination=\"DE\" year=\"2026\" quantity=\"1000\" unit=\"t\"/>\n"));
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  auto x = gc::firm_exposure(ctx, firm);
  auto p = gc::check_plausibility(firm, x.emissions, dataset(), quality());
  REQUIRE(p.warnings.size() == 2);
  auto q = gc::assess_quality(firm, x, p, dataset(), quality());
  CHECK(q.firm.score == doctest::Approx(60));
  CHECK(q.firm.grade == "C");
  REQUIRE(q.goods.size() == 1);
  CHECK(q.goods[0].q.basis.warnings == 2);
  CHECK(q.actions.at(0).code == "check_warning");
}

TEST_CASE("Warning and action arguments in each language's convention: a percentage reads %67,4 in Turkish") {
  // 0.674 of the SEE on default values, shown as a percentage with one decimal: 67.4 % (English),
  // %67,4 (Turkish: the sign first, decimal comma); a tonnage keeps its unit after the number.
  greengate::calc::WarningArg pct;
  pct.is_number = true;
  pct.number = 67.4;
  pct.decimals = 1;
  pct.unit = "%";
  greengate::calc::WarningArg mass;
  mass.is_number = true;
  mass.number = 48.5;
  mass.decimals = 1;
  mass.unit = "t";
  namespace tx = greengate::text;
  CHECK(greengate::report::arg_texts({pct, mass}, tx::Convention::english) == std::vector<std::string>{"67.4 %", "48.5 t"});
  CHECK(greengate::report::arg_texts({pct, mass}, tx::Convention::turkish) == std::vector<std::string>{"%67,4", "48,5 t"});
}
