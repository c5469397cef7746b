// CBAM certificates (Reg. 2023/956 Art 6(2)(c), 9, 31; IR 2025/2620): hand-worked validation cases
// from ../shared/data/cbam_validation_cases.csv and one regression test per mistake listed in
// ../shared/domain/users-and-pitfalls.md.
#include <doctest/doctest.h>

#include "greengate/calc/obligation.hpp"
#include "greengate/report/number_format.hpp"
#include "test_data.hpp"

namespace u = greengate::units;
namespace gc = greengate::calc;
using greengate::test::dataset;
using greengate::test::money;
using greengate::test::source_dir;

namespace {
gc::LineInput line(const char* cn, const char* origin, int year, double tonnes) {
  gc::LineInput in;
  in.cn = cn;
  in.origin = origin;
  in.year = year;
  in.mass = u::tonnes(tonnes);
  return in;
}
double certs(const gc::LineResult& r) { return u::in_tco2e(r.certificates); }
std::string f4(double v) { return greengate::report::format_fixed(v, 4); }
}  // namespace

TEST_CASE("V1: SEE 1.2, benchmark 1.0, 2026 → 0.225 t/t subject to CBAM (CBAM factor 0.975)") {
  // 1.2 − 0.975 × 1 (CSCF) × 1.0 = 0.225 (cbamreports.com worked example)
  auto prices = gc::PriceBook::flat(80);
  auto bm = greengate::factors::load_factor_files({source_dir() + "/tests/data/benchmarks/bm-one.xml"},
                                                  {"bm-one.xml"}).get();
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, &bm};
  auto in = line("72142000", "TR", 2026, 1);
  in.actual = true;
  in.see = u::tco2e_per_tonne(1.2);
  auto r = gc::compute_line(ctx, in, "user");
  CHECK(certs(r) == doctest::Approx(0.225));
  CHECK(u::in_tco2e(*r.faa) == doctest::Approx(0.975));
  CHECK((r.flags & gc::flag_sefa_estimated) != 0);  // actual data, Column B used as estimate
}

TEST_CASE("V7/V8: DRI on 'Other countries' defaults: 1.0704 certificates/t in 2026, 1.5180 in 2030") {
  // 2026: 1.325 × 1.10 − 0.975 × 1 × 0.397 = 1.4575 − 0.387075 = 1.070425
  // 2030: 1.325 × 1.30 − 0.515 × 1 × 0.397 = 1.7225 − 0.204455 = 1.518045
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  auto r26 = gc::compute_line(ctx, line("72031000", "FJ", 2026, 1), "user");
  CHECK(f4(certs(r26)) == "1.0704");
  CHECK(certs(r26) == doctest::Approx(1.070425));
  auto r30 = gc::compute_line(ctx, line("72031000", "FJ", 2030, 1), "user");
  CHECK(f4(certs(r30)) == "1.5180");
  CHECK(u::in_eur(r30.cost) == doctest::Approx(1.518045 * 80));
}

TEST_CASE("Pitfall: the adjustment is multiplied by the tonnes imported (1000 t hot-rolled coil)") {
  // Türkiye 7208 10 00: default 2.428 (route C) × 1.10 = 2.6708 t/t → EE = 2670.8 t
  // FAA = 1000 t × 0.975 × 1 × 1.370 (Column B, route C) = 1335.75 t — not ~1.3 t
  // certificates = 2670.8 − 1335.75 = 1335.05
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  auto r = gc::compute_line(ctx, line("72081000", "TR", 2026, 1000), "user");
  CHECK(u::in_tco2e(r.embedded) == doctest::Approx(2670.8));
  CHECK(u::in_tco2e(*r.faa) == doctest::Approx(1335.75));
  CHECK(certs(r) == doctest::Approx(1335.05));
}

TEST_CASE("Pitfall: the CBAM factor is the share KEPT (97.5 % in 2026), not the 2.5 % phase-in") {
  // With the factor inverted, FAA for the DRI case would be 0.025 × 0.397 = 0.0099 and the
  // certificates 1.4476; the right answer is 1.070425 (see V7).
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  auto r = gc::compute_line(ctx, line("72031000", "FJ", 2026, 1), "user");
  CHECK(r.cbam_factor == doctest::Approx(0.975));
  CHECK(certs(r) < 1.1);
  auto r34 = gc::compute_line(ctx, line("72031000", "FJ", 2034, 1), "user");
  CHECK(r34.cbam_factor == doctest::Approx(0.0));  // 2034: no free allocation left
  CHECK(certs(r34) == doctest::Approx(1.325 * 1.30));
}

TEST_CASE("Pitfall: indirect emissions are not counted for steel, aluminium and hydrogen") {
  // Defaults: Türkiye rebar total 2.31 is direct only → 2.541 in 2026. Cement keeps its indirect:
  // 'Other countries' grey clinker 1.37 + 0.05 = 1.41 → 1.551.
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  auto steel = gc::compute_line(ctx, line("72142000", "TR", 2026, 1), "user");
  CHECK(steel.see == doctest::Approx(2.541));
  auto in = line("2523100090", "TR", 2026, 1);
  auto clinker = gc::compute_line(ctx, in, "user");
  CHECK(clinker.see == doctest::Approx(1.551));
  // Actual data: a steel process with electricity keeps only its direct emissions (see also
  // embedded_emissions_test: "Annex II filtering").
  auto rep = greengate::test::run(greengate::test::firm_xml(
      "<process id=\"p\" category=\"crude_steel\" output=\"100\" unit=\"t\">\n"
      "<stream id=\"s\" method=\"measured\" gas=\"CO2\" quantity=\"30\" unit=\"tCO2e\"/>\n"
      "<electricity quantity=\"500\" unit=\"MWh\" factor-source=\"ppa\" factor=\"0.4\" factor-unit=\"tCO2e/MWh\" evidence=\"x\"/>\n"
      "<good cn=\"72071114\" quantity=\"100\" unit=\"t\"/></process>\n"));
  CHECK(u::in_tco2e_per_tonne(rep.processes[0].see_counted()) == doctest::Approx(0.3));  // not 2.3
}

TEST_CASE("Pitfall: a year without a published price is an error, not a hard-coded price") {
  auto published = gc::PriceBook::published(dataset().factors);
  gc::MoneyContext ctx{dataset(), money(), published, std::nullopt, nullptr};
  CHECK_THROWS_WITH_AS(gc::compute_line(ctx, line("72031000", "FJ", 2027, 1), "published"),
                       "greengate: no certificate price for 2027 in scenario 'published': give "
                       "--price EUR or --prices FILE",
                       greengate::InputError);
  // 2026: only Q1 (75.36) and Q2 (75.28) are published: their mean (75.36 + 75.28) / 2 = 75.32
  // is used for the year, and flagged as partial.
  auto r = gc::compute_line(ctx, line("72031000", "FJ", 2026, 1), "published");
  CHECK(u::in_eur_per_tco2e(r.price) == doctest::Approx(75.32));
  CHECK((r.flags & gc::flag_price_partial) != 0);
  CHECK((r.flags & gc::flag_cscf_placeholder) != 0);  // no --cscf: the unverified placeholder 1
}

TEST_CASE("Price scenarios from CSV: quarters are averaged, errors name file, line and column") {
  auto b = gc::PriceBook::from_csv_text("period,low,central,high\n2026-Q1,70,80,90\n2026-Q2,74,84,94\n2027,60,90,120\n", "p.csv").get();
  CHECK(b.scenarios() == std::vector<std::string>{"low", "central", "high"});
  CHECK(u::in_eur_per_tco2e(b.price("central", 2026)->value) == doctest::Approx(82));  // (80+84)/2
  CHECK(b.price("central", 2026)->flagged);
  CHECK(u::in_eur_per_tco2e(b.price("high", 2027)->value) == doctest::Approx(120));
  CHECK(b.missing({2026, 2027, 2028}) == std::vector<int>{2028});
  auto bad = gc::PriceBook::from_csv_text("period,price\n2026,abc\n26,80\n", "p.csv");
  CHECK(bad.diagnostics().format() ==
        "p.csv:2: error: column 'price': expected a price in EUR/tCO2e >= 0 with '.' as decimal separator (got \"abc\")\n"
        "p.csv:3: error: column 'period': expected a year YYYY (2026 or later) or a quarter YYYY-Qn (got \"26\")");
}

TEST_CASE("Article 9: the carbon price paid abroad counts only with actual emissions") {
  // actual: EE = 100 t × 2.0 = 200; RED = 200 × 20 / 80 = 50; FAA (Column B rebar 1.0 user table)
  // = 100 × 0.975 × 1.0 = 97.5; certificates = 200 − 97.5 − 50 = 52.5
  auto prices = gc::PriceBook::flat(80);
  auto bm = greengate::factors::load_factor_files({source_dir() + "/tests/data/benchmarks/bm-one.xml"},
                                                  {"bm-one.xml"}).get();
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, &bm};
  auto in = line("72142000", "TR", 2026, 100);
  in.actual = true;
  in.see = u::tco2e_per_tonne(2.0);
  in.carbon_price_paid = 20;
  auto r = gc::compute_line(ctx, in, "user");
  CHECK(u::in_tco2e(r.art9) == doctest::Approx(50));
  CHECK(certs(r) == doctest::Approx(52.5));
  // defaults: ignored and flagged
  auto d = line("72142000", "TR", 2026, 100);
  d.carbon_price_paid = 20;
  auto rd = gc::compute_line(ctx, d, "user");
  CHECK(u::in_tco2e(rd.art9) == doctest::Approx(0));
  CHECK((rd.flags & gc::flag_art9_ignored) != 0);
}

TEST_CASE("Certificates are floored at zero per good") {
  // actual SEE 0.5 with a communicated SEFA 0.9: 0.5 − 0.9 < 0 → 0, never a credit
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  auto in = line("72071114", "TR", 2026, 10);
  in.actual = true;
  in.see = u::tco2e_per_tonne(0.5);
  in.sefa = u::tco2e_per_tonne(0.9);
  CHECK(certs(gc::compute_line(ctx, in, "user")) == 0.0);
}

TEST_CASE("A missing benchmark leaves the adjustment unknown: certificates are an upper bound") {
  // rebar has no IR 2025/2620 benchmark in the library: certificates = EE = 10 × 2.541 = 25.41
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  auto r = gc::compute_line(ctx, line("72142000", "TR", 2026, 10), "user");
  CHECK_FALSE(r.faa.has_value());
  CHECK((r.flags & gc::flag_benchmark_missing) != 0);
  CHECK(certs(r) == doctest::Approx(25.41));
}

TEST_CASE("compute_line: scope and default handed in by the caller give the same line as its own look-ups") {
  // The web's quick check looks both up before it calls compute_line and hands them in.
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, std::nullopt, nullptr};
  struct Case { const char* cn; const char* origin; int year; const char* route; };
  for (auto c : {Case{"72142000", "TR", 2026, ""}, Case{"72031000", "FJ", 2030, ""},
                 Case{"25232900", "TR", 2027, ""}, Case{"76011000", "CN", 2034, ""},
                 Case{"72071111", "TR", 2026, "C"}, Case{"31021010", "UA", 2028, ""},
                 Case{"72142000", "CH", 2026, ""}, Case{"84011000", "TR", 2026, ""}}) {
    CAPTURE(c.cn);
    CAPTURE(c.origin);
    auto in = line(c.cn, c.origin, c.year, 1234.5);
    in.route = c.route;
    auto own = gc::compute_line(ctx, in, "user", true);
    auto scope = dataset().scope.check(in.cn);
    auto def = gc::default_with_markup(dataset(), in.cn, in.origin, in.year, in.route);
    in.known_scope = &scope;
    in.known_default = &def;
    auto handed = gc::compute_line(ctx, in, "user", true);
    CHECK(handed.in_scope == own.in_scope);
    CHECK(handed.flags == own.flags);
    CHECK(handed.gap == own.gap);
    CHECK(handed.see == own.see);
    CHECK(handed.sefa == own.sefa);
    CHECK(u::in_tco2e(handed.certificates) == u::in_tco2e(own.certificates));
    CHECK(u::in_eur(handed.cost) == u::in_eur(own.cost));
    CHECK(handed.trace.notes == own.trace.notes);
  }
}

TEST_CASE("Electricity: no free-allocation adjustment, no default without an Annex III value") {
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  gc::LineInput in;
  in.cn = "27160000";
  in.year = 2026;
  in.origin = "RS";
  in.electricity = true;
  in.energy = u::megawatt_hours(1000);
  in.actual = true;
  in.see_el = u::tco2e_per_megawatt_hour(0.7);
  auto r = gc::compute_line(ctx, in, "user");
  CHECK(u::in_tco2e(r.embedded) == doctest::Approx(700));  // 1000 MWh × 0.7
  CHECK(u::in_tco2e(*r.faa) == doctest::Approx(0));
  in.actual = false;
  auto d = gc::compute_line(ctx, in, "user");
  CHECK((d.flags & gc::flag_default_missing) != 0);
}

namespace {
std::string one_buyer_firm(const char* tonnes, const char* cn = "72142000") {
  return greengate::test::firm_xml(
      std::string("<good cn=\"") + cn + "\" quantity=\"1000\" unit=\"t\" method=\"default\"/>\n",
      std::string("<export cn=\"") + cn + "\" installation=\"i\" year=\"2026\" quantity=\"" + tonnes +
          "\" unit=\"t\" destination=\"DE\" importer=\"Buyer GmbH\"/>\n");
}
}  // namespace

TEST_CASE("De minimis: 49.9 t exempt, 50.0 t exempt (does not exceed), 50.1 t fully in scope") {
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  auto run = [&](const char* t) {
    return gc::firm_obligation(ctx, greengate::test::firm_from(one_buyer_firm(t)), 2026, "user");
  };
  auto a = run("49.9");
  CHECK(a.de_minimis.at(0).exempt);
  CHECK(u::in_tco2e(a.total_certificates) == 0.0);
  CHECK(run("50.0").de_minimis.at(0).exempt);
  auto c = run("50.1");
  CHECK_FALSE(c.de_minimis.at(0).exempt);
  // all of it counts, the first 50 t too: 50.1 × 2.541 = 127.3041 (no rebar benchmark: upper bound)
  CHECK(u::in_tco2e(c.total_certificates) == doctest::Approx(127.3041));
  CHECK(c.de_minimis.at(0).rule.ref.find("Art 2a") != std::string::npos);
}

TEST_CASE("De minimis: hydrogen does not count toward the 50 t (and is never exempt)") {
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  auto rep = gc::firm_obligation(ctx, greengate::test::firm_from(one_buyer_firm("10", "28041000")),
                                 2026, "user");
  CHECK(rep.de_minimis.empty());  // no counted mass, no exemption
  REQUIRE(rep.lines.size() == 1);
  CHECK_FALSE(rep.lines[0].exempt);
  CHECK(u::in_tco2e(rep.lines[0].line.embedded) == doctest::Approx(10 * 10.82 * 1.10));
}

TEST_CASE("Pitfall: no transport emissions: embedded = quantity × SEE, and no transport method") {
  auto r = greengate::model::parse_firm(greengate::test::firm_xml(
      "<process id=\"p\" category=\"crude_steel\" output=\"1\" unit=\"t\">\n"
      "<stream id=\"truck\" method=\"transport\" quantity=\"1\" unit=\"t\"/>\n"
      "<good cn=\"72071114\" quantity=\"1\" unit=\"t\"/></process>\n"), "t.xml");
  CHECK_FALSE(r.ok());
}

TEST_CASE("Pitfall: one default-value table only, a second one is a load error") {
  auto f = source_dir() + "/factors/cbam-default-values.xml";
  auto r = greengate::factors::load_factor_files({f, f}, {"a.xml", "b.xml"});
  CHECK(r.diagnostics().format().find("b.xml:6: error: a second <cbam-defaults> table was loaded") !=
        std::string::npos);
}

// ---- exposure of the bundled examples, checked by hand for one good and two years -------------
namespace {
gc::ExposureReport exposure(const char* example) {
  static const auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  auto firm = greengate::model::load_firm(source_dir() + "/examples/" + example, example).get();
  return gc::firm_exposure(ctx, firm);
}
const gc::ExposureCell& cell(const gc::ExposureReport& r, const char* cn, int year) {
  for (const auto& g : r.goods)
    if (g.cn == cn)
      for (const auto& c : g.cells)
        if (c.year == year) return c;
  throw std::runtime_error("no cell");
}
}  // namespace

TEST_CASE("Exposure: EAF rebar mill, 7214 20 00 on default values 2026 and 2027") {
  // 2026: (110 000 + 75 000 + 60 000) t × 2.31 × 1.10 = 622 545 t (no rebar benchmark → no FAA)
  // 2027: (120 000 + 70 000 + 80 000) t × 2.31 × 1.20 = 748 440 t; cost at €80 = 59 875 200
  auto r = exposure("eaf-rebar-mill.xml");
  CHECK(certs(cell(r, "72142000", 2026).defaults) == doctest::Approx(622545));
  CHECK(certs(cell(r, "72142000", 2027).defaults) == doctest::Approx(748440));
  CHECK(u::in_eur(cell(r, "72142000", 2027).defaults.cost) == doctest::Approx(59875200));
  CHECK(cell(r, "72142000", 2028).projected);  // 2028 repeats the 2027 quantity
}

TEST_CASE("Exposure: cement plant, grey clinker (route A) on default values 2026 and 2027") {
  // 'Other countries' grey clinker 1.41: 2026 200 000 t × 1.41 × 1.10 = 310 200;
  // 2027 210 000 t × 1.41 × 1.20 = 355 320
  auto r = exposure("cement-plant.xml");
  CHECK(certs(cell(r, "25231000", 2026).defaults) == doctest::Approx(310200));
  CHECK(certs(cell(r, "25231000", 2027).defaults) == doctest::Approx(355320));
}

TEST_CASE("Exposure: aluminium extruder, 7604 21 00 on default values 2026 and 2027") {
  // Türkiye 7604 21 00: 3.741; 2026 (11 000 + 3 000) × 3.741 × 1.10 = 57 611.4
  // 2027 (12 000 + 3 500) × 3.741 × 1.20 = 69 582.6
  auto r = exposure("aluminium-extruder.xml");
  CHECK(certs(cell(r, "76042100", 2026).defaults) == doctest::Approx(57611.4));
  CHECK(certs(cell(r, "76042100", 2027).defaults) == doctest::Approx(69582.6));
}

TEST_CASE("Exposure: wind-tower fabricator, 7308 20 00 on actual data and defaults, 2026 and 2027") {
  // Own direct: gas 1050 × 0.0345 TJ × 56.1 = 2032.2225 t; propane 110 t × 0.0473 TJ/t × 63.1
  //   = 328.3093 t → 2360.5318 t
  // Precursors (Annex II, direct only): 30 000 × 2.05 = 61 500; 20 100 × 0.68 = 13 668;
  //   KR plate 12 000 × 2.118 × 1.10 = 27 957.6; TR flanges 3 800 × 3.151 × 1.10 = 13 171.18
  // SEE 2026 = (2360.5318 + 116 296.78) / 60 000 = 1.977621863; × 38 000 t = 75 149.63
  // 2027: defaults × 1.20 → 30 499.2 + 14 368.56; SEE = 122 396.2918 / 60 000 = 2.039938197;
  //   × 42 000 t = 85 677.40.  No 7308 benchmark: no FAA (upper bound).
  // Defaults: Türkiye 7308 20 00 5.52: 38 000 × 5.52 × 1.10 = 230 736; 42 000 × 5.52 × 1.20 = 278 208
  auto r = exposure("wind-tower-fabricator.xml");
  const auto& c26 = cell(r, "73082000", 2026);
  REQUIRE(c26.has_actual);
  CHECK(c26.actual.see == doctest::Approx(1.977621863));
  CHECK(certs(c26.actual) == doctest::Approx(75149.63).epsilon(1e-6));
  CHECK(certs(cell(r, "73082000", 2027).actual) == doctest::Approx(85677.40).epsilon(1e-6));
  CHECK(certs(c26.defaults) == doctest::Approx(230736));
  CHECK(certs(cell(r, "73082000", 2027).defaults) == doctest::Approx(278208));
  CHECK(u::in_eur(c26.saving()) == doctest::Approx((230736 - 75149.63) * 80).epsilon(1e-6));
}

TEST_CASE("Exposure: fertiliser plant, ammonium nitrate 3102 30 90 on defaults (1 % mark-up)") {
  // Türkiye 3102 30 90: 2.53 + 0.07 = 2.60; 2026 (90 000 + 60 000) × 2.60 × 1.01 = 393 900
  // 2027 (100 000 + 55 000 + 40 000) × 2.60 × 1.01 = 512 070
  auto r = exposure("nitrogen-fertiliser-plant.xml");
  CHECK(certs(cell(r, "31023090", 2026).defaults) == doctest::Approx(393900));
  CHECK(certs(cell(r, "31023090", 2027).defaults) == doctest::Approx(512070));
}

TEST_CASE("Goods imported from an Annex III country are not CBAM goods (Reg. 2023/956 Annex III pt 1)") {
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  auto r = gc::compute_line(ctx, line("72142000", "CH", 2026, 100), "user");
  CHECK_FALSE(r.in_scope);
  CHECK((r.flags & gc::flag_out_of_scope) != 0);
  CHECK(certs(r) == 0.0);
  CHECK(r.gap.find("Annex III") != std::string::npos);
}
