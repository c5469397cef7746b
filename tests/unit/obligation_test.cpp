// CBAM certificates (Reg. 2023/956 Art 6(2)(c), 9, 31; IR 2025/2620): hand-worked validation cases
// from ../shared/data/cbam_validation_cases.csv and one regression test per mistake listed in
// ../shared/domain/users-and-pitfalls.md.
#include <doctest/doctest.h>

#include "greengate/calc/obligation.hpp"
#include "greengate/text/catalogue.hpp"
#include "greengate/text/number_format.hpp"
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
std::string f4(double v) { return greengate::text::format_fixed(v, 4); }
}  // namespace

TEST_CASE("V1: SEE 1.2, benchmark 1.0, 2026 → 0.225 t/t subject to CBAM (CBAM factor 0.975)") {
  // 1.2 − 0.975 × 1 (CSCF) × 1.0 = 0.225 (cbamreports.com worked example)
  auto prices = gc::PriceBook::flat(80);
  auto bm = greengate::factors::load_factor_files({source_dir() + "/tests/data/benchmarks/bm-one.xml"},
                                                  {"bm-one.xml"}).get();
  auto table = dataset().factors.benchmarks().overridden_by(bm.benchmarks());
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, &table};
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
                       "greengate: no certificate price for 2027 in scenario 'published': give a "
                       "price or a price scenario covering it",
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
        "p.csv:3: error: column 'period': expected a year YYYY or a quarter YYYY-Qn (got \"26\")");
}

TEST_CASE("Price scenarios: the default is central when the book has one, else its first") {
  // One decision for every face (obligation, batch, report, web): a scenario asked for by name
  // must exist; none asked for means central, or the first column of the file.
  auto three = gc::PriceBook::from_csv_text("period,low,central,high\n2026,70,80,90\n", "p.csv").get();
  CHECK(three.default_scenario() == "central");
  CHECK(three.choose_scenario("") == std::optional<std::string>("central"));
  CHECK(three.choose_scenario("high") == std::optional<std::string>("high"));
  CHECK_FALSE(three.choose_scenario("Central").has_value());  // names are exact
  auto two = gc::PriceBook::from_csv_text("period,high,low\n2026,90,70\n", "p.csv").get();
  CHECK(two.default_scenario() == "high");
  CHECK(gc::PriceBook::flat(80).default_scenario() == "user");
}

TEST_CASE("Article 9: the carbon price paid abroad counts only with actual emissions") {
  // actual: EE = 100 t × 2.0 = 200; RED = 200 × 20 / 80 = 50; FAA (Column B rebar 1.0 user table)
  // = 100 × 0.975 × 1.0 = 97.5; certificates = 200 − 97.5 − 50 = 52.5
  auto prices = gc::PriceBook::flat(80);
  auto bm = greengate::factors::load_factor_files({source_dir() + "/tests/data/benchmarks/bm-one.xml"},
                                                  {"bm-one.xml"}).get();
  auto table = dataset().factors.benchmarks().overridden_by(bm.benchmarks());
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, &table};
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

TEST_CASE("A benchmark that cannot be chosen leaves the adjustment unknown: certificates are an upper bound") {
  // 7207 11 14 billets on actual data (SEE 2.0) without a route: IR 2025/2620 lists Column B for
  // routes C, D and E, and none is known, so no benchmark is guessed: certificates = EE = 10 × 2.0
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  auto in = line("72071114", "TR", 2026, 10);
  in.actual = true;
  in.see = u::tco2e_per_tonne(2.0);
  auto r = gc::compute_line(ctx, in, "user");
  CHECK_FALSE(r.faa.has_value());
  CHECK((r.flags & gc::flag_benchmark_missing) != 0);
  CHECK(certs(r) == doctest::Approx(20.0));
  CHECK(r.gap.find("routes C, D, E") != std::string::npos);
  // with the route stated: 10 × (2.0 − 0.975 × 1 × 1.364 (Column B route C)) = 10 × 0.6701 = 6.701
  in.route = "C";
  CHECK(certs(gc::compute_line(ctx, in, "user")) == doctest::Approx(6.701));
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

TEST_CASE("Electricity: no free-allocation adjustment, defaults from IR 2025/2621 Annex III, else the EU's factor") {
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
  // Serbia, Annex III: 1.041 tCO2e/MWh, no mark-up for electricity: 1000 × 1.041 = 1041
  auto d = gc::compute_line(ctx, in, "user");
  CHECK((d.flags & gc::flag_default_missing) == 0);
  CHECK(u::in_tco2e(d.embedded) == doctest::Approx(1041));
  CHECK(certs(d) == doctest::Approx(1041));
  // Türkiye 0.718: 1000 × 0.718 = 718
  in.origin = "TR";
  CHECK(u::in_tco2e(gc::compute_line(ctx, in, "user").embedded) == doctest::Approx(718));
  // China has no Annex III row: the EU's factor 0.612 (IR 2025/2547 Annex II point D.2, D.2.2)
  in.origin = "CN";
  auto cn = gc::compute_line(ctx, in, "user", true);
  CHECK(u::in_tco2e(cn.embedded) == doctest::Approx(612));
  CHECK(cn.trace.notes.front().en().find("European Union") != std::string::npos);
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
  // all of it counts, the first 50 t too: 50.1 × (2.541 − 0.975 × 1.364) = 50.1 × 1.2111 = 60.67611
  CHECK(u::in_tco2e(c.total_certificates) == doctest::Approx(60.67611));
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
  // Defaults: Türkiye 7214 20 00 = 2.31 (route C); IR 2025/2620 Column B route C = 1.364.
  // 2026: (110 000 + 75 000 + 60 000) t × (2.31 × 1.10 − 0.975 × 1 × 1.364)
  //       = 245 000 × (2.541 − 1.3299) = 245 000 × 1.2111 = 296 719.5
  // 2027: (120 000 + 70 000 + 80 000) t × (2.31 × 1.20 − 0.95 × 1.364) = 270 000 × (2.772 − 1.2958)
  //       = 270 000 × 1.4762 = 398 574; cost at €80 = 31 885 920
  auto r = exposure("eaf-rebar-mill.xml");
  CHECK(certs(cell(r, "72142000", 2026).defaults) == doctest::Approx(296719.5));
  CHECK(certs(cell(r, "72142000", 2027).defaults) == doctest::Approx(398574));
  CHECK(u::in_eur(cell(r, "72142000", 2027).defaults.cost) == doctest::Approx(31885920));
  CHECK(cell(r, "72142000", 2026).defaults.faa.has_value());
  CHECK(cell(r, "72142000", 2028).projected);  // 2028 repeats the 2027 quantity
}

TEST_CASE("Exposure: cement plant, grey clinker (route A) on default values 2026 and 2027") {
  // 'Other countries' grey clinker 1.41 (route A); Column B route A (grey clinker) = 0.666:
  // 2026 200 000 t × (1.41 × 1.10 − 0.975 × 0.666) = 200 000 × (1.551 − 0.64935) = 180 330;
  // 2027 210 000 t × (1.41 × 1.20 − 0.95 × 0.666) = 210 000 × (1.692 − 0.6327) = 222 453
  auto r = exposure("cement-plant.xml");
  CHECK(certs(cell(r, "25231000", 2026).defaults) == doctest::Approx(180330));
  CHECK(certs(cell(r, "25231000", 2027).defaults) == doctest::Approx(222453));
}

TEST_CASE("Exposure: aluminium extruder, 7604 21 00 on default values 2026 and 2027") {
  // Türkiye 7604 21 00: 3.741 (route K, primary); Column B route K = 1.493:
  // 2026 (11 000 + 3 000) × (3.741 × 1.10 − 0.975 × 1.493) = 14 000 × (4.1151 − 1.455675)
  //      = 14 000 × 2.659425 = 37 231.95
  // 2027 (12 000 + 3 500) × (3.741 × 1.20 − 0.95 × 1.493) = 15 500 × 3.07085 = 47 598.175
  auto r = exposure("aluminium-extruder.xml");
  CHECK(certs(cell(r, "76042100", 2026).defaults) == doctest::Approx(37231.95));
  CHECK(certs(cell(r, "76042100", 2027).defaults) == doctest::Approx(47598.175));
}

TEST_CASE("Exposure: wind-tower fabricator, 7308 20 00 on actual data and defaults, 2026 and 2027") {
  // Own direct: gas 1050 × 0.0345 TJ × 56.1 = 2032.2225 t; propane 110 t × 0.0473 TJ/t × 63.1
  //   = 328.3093 t → 2360.5318 t
  // Precursors (Annex II, direct only): 30 000 × 2.05 = 61 500; 20 100 × 0.68 = 13 668;
  //   KR plate 12 000 × 2.118 × 1.10 = 27 957.6; TR flanges 3 800 × 3.151 × 1.10 = 13 171.18
  // SEE 2026 = (2360.5318 + 116 296.78) / 60 000 = 1.977621863; × 38 000 t = 75 149.63
  // 2027: defaults × 1.20 → 30 499.2 + 14 368.56; SEE = 122 396.2918 / 60 000 = 2.039938197;
  //   × 42 000 t = 85 677.40.  Column A of 7308 20 00 is 0.112, but the supplier precursors
  //   carry no route (nor SEFA): their Column B cannot be chosen (D7), so the FAA stays unknown
  //   and the actual figure is an upper bound.
  // Defaults: Türkiye 7308 20 00 5.52 (route C), Column B route C = 1.491:
  //   2026 38 000 × (5.52 × 1.10 − 0.975 × 1.491) = 38 000 × (6.072 − 1.453725) = 175 494.45
  //   2027 42 000 × (5.52 × 1.20 − 0.95 × 1.491) = 42 000 × (6.624 − 1.41645) = 218 717.1
  auto r = exposure("wind-tower-fabricator.xml");
  const auto& c26 = cell(r, "73082000", 2026);
  REQUIRE(c26.has_actual);
  CHECK(c26.actual.see == doctest::Approx(1.977621863));
  CHECK(certs(c26.actual) == doctest::Approx(75149.63).epsilon(1e-6));
  CHECK(certs(cell(r, "73082000", 2027).actual) == doctest::Approx(85677.40).epsilon(1e-6));
  CHECK_FALSE(c26.actual.faa.has_value());
  CHECK(certs(c26.defaults) == doctest::Approx(175494.45));
  CHECK(certs(cell(r, "73082000", 2027).defaults) == doctest::Approx(218717.1));
  CHECK(u::in_eur(c26.saving()) == doctest::Approx((175494.45 - 75149.63) * 80).epsilon(1e-6));
}

TEST_CASE("Exposure: fertiliser plant, ammonium nitrate 3102 30 90 on defaults (1 % mark-up)") {
  // Türkiye 3102 30 90: 2.53 + 0.07 = 2.60; Column B = 0.767 (no route)
  // 2026 (90 000 + 60 000) × (2.60 × 1.01 − 0.975 × 0.767) = 150 000 × (2.626 − 0.747825)
  //      = 150 000 × 1.878175 = 281 726.25
  // 2027 (100 000 + 55 000 + 40 000) × (2.626 − 0.95 × 0.767) = 195 000 × 1.89735 = 369 983.25
  auto r = exposure("nitrogen-fertiliser-plant.xml");
  CHECK(certs(cell(r, "31023090", 2026).defaults) == doctest::Approx(281726.25));
  CHECK(certs(cell(r, "31023090", 2027).defaults) == doctest::Approx(369983.25));
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

// ---- issue 11: the money right on every good -------------------------------------------------
// Benchmarks: the Commission's workbook of IR (EU) 2025/2620 (factors/cbam-benchmarks.xml);
// defaults: IR (EU) 2025/2621 Annex I as replaced by IR (EU) 2026/1740. CSCF 1 unless said.

TEST_CASE("Issue 11: Türkiye rebar 7214 20 00 on defaults, 1 000 t, 2026 at EUR 75.36: 1 211.1 certificates") {
  // SEE = 2.31 × 1.10 = 2.541; SEFA = 0.975 × 1 × 1.364 (Column B, route C of the Türkiye row)
  //     = 1.3299; certificates = 1 000 × (2.541 − 1.3299) = 1 211.1; cost = 1 211.1 × 75.36 = 91 268.496
  auto prices = gc::PriceBook::flat(75.36);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  auto r = gc::compute_line(ctx, line("72142000", "TR", 2026, 1000), "user", true);
  CHECK(r.see == doctest::Approx(2.541));
  CHECK(r.sefa == doctest::Approx(1.3299));
  CHECK(certs(r) == doctest::Approx(1211.1));
  CHECK(u::in_eur(r.cost) == doctest::Approx(91268.496));
  CHECK(r.benchmark_how.en().find("route C of the origin's default value (IR 2025/2620 Annex point 5.1") != std::string::npos);
}

TEST_CASE("Issue 14/16: the rebar line's trace in Turkish, the same message as the English machine outputs") {
  // The line above: CBAM factor 2026 = 0.975 (Directive 2003/87/EC Art 10a(1a): 97.5 % of free
  // allocation kept), CSCF = 1 (the rule set's placeholder), SEFA = 0.975 × 1 × 1.364.
  // Numbers follow the reader: 0,975 in Turkish, 0.975 in the English of JSON and text.
  auto prices = gc::PriceBook::flat(75.36);
  gc::MoneyContext ctx{dataset(), money(), prices, std::nullopt, nullptr};
  auto r = gc::compute_line(ctx, line("72142000", "TR", 2026, 1000), "user", true);
  const auto& tr = greengate::text::Catalogue::builtin(greengate::text::Lang::tr);
  CHECK(r.trace.label.en() == "CBAM certificates for 7214 20 00 2026");
  CHECK(r.trace.label.str(tr) == "7214 20 00 için SKDM sertifikaları, 2026");
  CHECK(r.trace.formula.str(tr) ==
        "N = max(0, EE − FAA − RED); maliyet = N × fiyat   [Tüzük (AB) 2023/956 Md. 6(2)(c), 9, 31]");
  std::vector<std::string> names_tr, names_en;
  for (const auto& i : r.trace.inputs) {
    names_tr.push_back(i.name.str(tr));
    names_en.push_back(i.name.en());
  }
  CHECK(names_en == std::vector<std::string>{"q", "SEE (default × mark-up)", "EE = q × SEE", "CBAM factor 2026 (verified)",
                                             "CSCF (placeholder, unverified)", "SEFA", "FAA = q × SEFA", "RED (Art 9)",
                                             "price", "cost"});
  CHECK(names_tr == std::vector<std::string>{"q", "SEE (varsayılan × artırım)", "EE = q × SEE", "SKDM faktörü 2026 (doğrulanmış)",
                                             "CSCF (yer tutucu, doğrulanmamış)", "SEFA", "FAA = q × SEFA",
                                             "RED (Md. 9 indirimi)", "fiyat", "maliyet"});
  CHECK(r.benchmark_how.en().rfind("CBAM_y 0.975 × CSCF 1 × Column B 1.364 (CN 7214 20 00", 0) == 0);
  CHECK(r.benchmark_how.str(tr).rfind("CBAM_y 0,975 × CSCF 1 × ", 0) == 0);
  // the notes after the default value's: the adjustment (the same words as benchmark_how), the price
  REQUIRE(r.trace.notes.size() == 3);
  CHECK(r.trace.notes[1].en() == "adjustment: " + r.benchmark_how.en());
  CHECK(r.trace.notes[1].str(tr) == "düzeltme: " + r.benchmark_how.str(tr));
  CHECK(r.trace.notes[2].en() == "price: user price 75.36 EUR/tCO2e");
  CHECK(r.trace.notes[2].str(tr).rfind("fiyat: ", 0) == 0);
}

TEST_CASE("Issue 11: grey and white clinker on defaults take Column B of routes A and B") {
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  // grey 2523 10 00 90 ('Other countries' 1.41, route A): 1.41 × 1.10 − 0.975 × 0.666 = 1.551 − 0.64935 = 0.90165
  auto grey = gc::compute_line(ctx, line("2523100090", "TR", 2026, 1), "user");
  CHECK(grey.sefa == doctest::Approx(0.64935));
  CHECK(certs(grey) == doctest::Approx(0.90165));
  // white 2523 10 00 10 ('Other countries' 1.37, route B): 1.37 × 1.10 − 0.975 × 0.859 = 1.507 − 0.837525 = 0.669475
  auto white = gc::compute_line(ctx, line("2523100010", "TR", 2026, 1), "user");
  CHECK(white.sefa == doctest::Approx(0.837525));
  CHECK(certs(white) == doctest::Approx(0.669475));
  // the 8-digit code with route B: the white line and its benchmark
  auto in = line("25231000", "TR", 2026, 1);
  in.route = "B";
  CHECK(certs(gc::compute_line(ctx, in, "user")) == doctest::Approx(0.669475));
}

TEST_CASE("Issue 11: urea 3102 10 19 on defaults (Column B 0.902) and aluminous cement in the year bands") {
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  // Türkiye urea total 1.51 × 1.01 = 1.5251; − 0.975 × 0.902 = 0.87945 → 0.64565
  CHECK(certs(gc::compute_line(ctx, line("31021019", "TR", 2026, 1), "user")) == doctest::Approx(0.64565));
  // Türkiye 2523 30 00 1.95: 2027 (band (1) 0.717): 1.95 × 1.20 − 0.95 × 0.717 = 2.34 − 0.68115 = 1.65885
  //                          2028 (band (2) 0.686): 1.95 × 1.30 − 0.90 × 0.686 = 2.535 − 0.6174 = 1.9176
  auto r27 = gc::compute_line(ctx, line("25233000", "TR", 2027, 1), "user");
  auto r28 = gc::compute_line(ctx, line("25233000", "TR", 2028, 1), "user");
  CHECK(certs(r27) == doctest::Approx(1.65885));
  CHECK(certs(r28) == doctest::Approx(1.9176));
  CHECK((r27.flags & gc::flag_benchmark_provisional) != 0);  // 2026 values for 2027: recital 35
}

TEST_CASE("Issue 11: alloy steel 7224 10 10 on defaults takes the grade of the origin's row") {
  // Türkiye 7224 10 10: 6.95 (route F). 2026: 6.95 × 1.10 − 0.975 × 1.807 (F, band (1)) = 7.645 − 1.761825
  //   = 5.883175; 2028: 6.95 × 1.30 − 0.90 × 1.640 (F, band (2)) = 9.035 − 1.476 = 7.559
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  CHECK(certs(gc::compute_line(ctx, line("72241010", "TR", 2026, 1), "user")) == doctest::Approx(5.883175));
  CHECK(certs(gc::compute_line(ctx, line("72241010", "TR", 2028, 1), "user")) == doctest::Approx(7.559));
}

namespace {
gc::ObligationReport firm_money(const std::string& xml, int year, double price = 80) {
  auto prices = gc::PriceBook::flat(price);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  return gc::firm_obligation(ctx, greengate::test::firm_from(xml), year, "user");
}
gc::ExposureReport firm_exposure_of(const std::string& xml, double price = 80) {
  auto prices = gc::PriceBook::flat(price);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  return gc::firm_exposure(ctx, greengate::test::firm_from(xml));
}
std::string measured(const char* id, const char* cat, const char* route, const char* output,
                     const char* tco2, const std::string& goods, const std::string& more = "") {
  return std::string("<process id=\"") + id + "\" category=\"" + cat + "\"" +
         (*route ? std::string(" benchmark-route=\"") + route + "\"" : std::string()) + " output=\"" + output +
         "\" unit=\"t\">\n<stream id=\"s\" method=\"measured\" gas=\"CO2\" quantity=\"" + tco2 +
         "\" unit=\"tCO2e\"/>\n" + more + goods + "</process>\n";
}
}  // namespace

TEST_CASE("Issue 11: primary and secondary aluminium on actual data: Column A K 1.423 and L 0.091") {
  // 100 t of 7601 10 10, SEE 2.0 (200 t measured / 100 t). SEFA = 0.975 × 1.423 = 1.387425 (K) or
  // 0.975 × 0.091 = 0.088725 (L); certificates 100 × (2.0 − SEFA) = 61.2575 (K) or 191.1275 (L)
  for (const auto& [route_, expected] : {std::pair{"K", 61.2575}, std::pair{"L", 191.1275}}) {
    const char* route = route_;  // (clang 14 cannot capture a structured binding in CAPTURE's lambda)
    CAPTURE(route);
    auto rep = firm_money(greengate::test::firm_xml(
        measured("al", "unwrought_aluminium", route, "100", "200", "<good cn=\"76011010\" quantity=\"100\" unit=\"t\"/>\n"),
        "<export cn=\"76011010\" installation=\"i\" year=\"2026\" quantity=\"100\" unit=\"t\" destination=\"DE\"/>\n"), 2026);
    REQUIRE(rep.lines.size() == 1);
    CHECK(certs(rep.lines[0].line) == doctest::Approx(expected));
  }
  // no route: primary or secondary is not known: no Column A, an upper bound that says why
  auto none = firm_money(greengate::test::firm_xml(
      measured("al", "unwrought_aluminium", "", "100", "200", "<good cn=\"76011010\" quantity=\"100\" unit=\"t\"/>\n"),
      "<export cn=\"76011010\" installation=\"i\" year=\"2026\" quantity=\"100\" unit=\"t\" destination=\"DE\"/>\n"), 2026);
  CHECK_FALSE(none.lines[0].line.faa.has_value());
  CHECK(none.lines[0].line.gap.find("set benchmark-route on process al") != std::string::npos);
}

TEST_CASE("Issue 11, D1: exposure on defaults takes the route of the origin's default row, not the process's") {
  // 1 000 t of 7207 11 14 from a route-E (scrap EAF) process in Türkiye, 2026. On defaults:
  // 2.31 × 1.10 = 2.541 − 0.975 × 1.364 (route C of the Türkiye row) = 1.2111 → 1 211.1 certificates.
  // (Route E's Column B 0.066 would give 2 541 − 64.35 = 2 476.65, the defect.)
  auto xml = greengate::test::firm_xml(
      measured("steel", "crude_steel", "E", "1000", "100", "<good cn=\"72071114\" quantity=\"1000\" unit=\"t\"/>\n"),
      "<export cn=\"72071114\" installation=\"i\" year=\"2026\" quantity=\"1000\" unit=\"t\" destination=\"DE\"/>\n");
  auto ex = firm_exposure_of(xml);
  const auto& c = cell(ex, "72071114", 2026);
  CHECK(certs(c.defaults) == doctest::Approx(1211.1));
  // on actual data the process's own route E stands: Column A route E 0.065:
  // 1 000 × (0.1 − 0.975 × 0.065) = 1 000 × 0.036625 = 36.625
  REQUIRE(c.has_actual);
  CHECK(certs(c.actual) == doctest::Approx(36.625));
}

TEST_CASE("Issue 11, D2: one process making several CN codes gives each good its own Column A") {
  // An EAF process (route E) casting ingots 7206 10 00 and billets 7207 11 14, 200 000 t in all,
  // 20 000 t CO2 measured: SEE 0.1 t/t for both. Column A route E: ingots 0.027, billets 0.065.
  // 100 000 t of ingots, 2026: FAA = 100 000 × 0.975 × 0.027 = 2 632.5 (not × 0.065 = 6 337.5);
  // certificates = 100 000 × 0.1 − 2 632.5 = 7 367.5
  auto xml = greengate::test::firm_xml(
      measured("eaf", "crude_steel", "E", "200000", "20000",
               "<good cn=\"72071114\" quantity=\"100000\" unit=\"t\"/>\n<good cn=\"72061000\" quantity=\"100000\" unit=\"t\"/>\n"),
      "<export cn=\"72061000\" installation=\"i\" year=\"2026\" quantity=\"100000\" unit=\"t\" destination=\"DE\"/>\n"
      "<export cn=\"72071114\" installation=\"i\" year=\"2026\" quantity=\"100000\" unit=\"t\" destination=\"DE\"/>\n");
  auto rep = firm_money(xml, 2026);
  REQUIRE(rep.lines.size() == 2);
  CHECK(u::in_tco2e(*rep.lines[0].line.faa) == doctest::Approx(2632.5));
  CHECK(certs(rep.lines[0].line) == doctest::Approx(7367.5));
  // billets: 100 000 × 0.975 × 0.065 = 6 337.5; certificates 10 000 − 6 337.5 = 3 662.5
  CHECK(u::in_tco2e(*rep.lines[1].line.faa) == doctest::Approx(6337.5));
}

TEST_CASE("Issue 11, D3: exposure of a declared year uses that year's own lines and agrees with obligation") {
  // Two 2026 lines of rebar on defaults (Türkiye, 1.2111 certificates/t after the adjustment), one
  // 2027 line. The 2026 total must be obligation's, whatever the order of the lines in the file.
  std::string goods = "<good cn=\"72142000\" quantity=\"1000\" unit=\"t\" method=\"default\"/>\n";
  std::string x26a = "<export cn=\"72142000\" installation=\"i\" year=\"2026\" quantity=\"300\" unit=\"t\" destination=\"DE\" importer=\"A\"/>\n";
  std::string x26b = "<export cn=\"72142000\" installation=\"i\" year=\"2026\" quantity=\"200\" unit=\"t\" destination=\"NL\" importer=\"B\"/>\n";
  std::string x27 = "<export cn=\"72142000\" installation=\"i\" year=\"2027\" quantity=\"40\" unit=\"t\" destination=\"DE\" importer=\"A\"/>\n";
  for (const auto& order : {x26a + x26b + x27, x27 + x26b + x26a}) {
    auto xml = greengate::test::firm_xml(goods, order);
    auto ob = firm_money(xml, 2026);
    auto ex = firm_exposure_of(xml);
    const auto& c = cell(ex, "72142000", 2026);
    // 500 t × 1.2111 = 605.55
    CHECK(u::in_tonnes(c.quantity) == doctest::Approx(500));
    CHECK(certs(c.defaults) == doctest::Approx(u::in_tco2e(ob.total_certificates)));
    CHECK(certs(c.defaults) == doctest::Approx(605.55));
    // 2027: only 40 t to A: below 50 t, exempt (de minimis) as obligation says
    CHECK(certs(cell(ex, "72142000", 2027).defaults) == doctest::Approx(u::in_tco2e(firm_money(xml, 2027).total_certificates)));
    CHECK(certs(cell(ex, "72142000", 2027).defaults) == 0.0);
    // 2028 repeats the last declared year's lines (2027), projected
    CHECK(cell(ex, "72142000", 2028).projected);
  }
}

TEST_CASE("Issue 11, D6: a supplier's unverified values are flagged and the default alternative is shown") {
  // 100 t of billets from 110 t of DRI bought with a supplier SEE of 1.0 that is NOT verified,
  // from Brazil (IR 2025/2621 Annex I: Brazil has no DRI value ('–'), so 'Other countries' 1.325).
  // Own direct 10 t / 100 t = 0.1. SEE with the supplier's value: 0.1 + 1.1 × 1.0 = 1.2;
  // with the default for the precursor: 0.1 + 1.1 × 1.325 × 1.10 = 0.1 + 1.603250 = 1.70325
  auto xml = greengate::test::firm_xml(
      measured("steel", "crude_steel", "E", "100", "10", "<good cn=\"72071114\" quantity=\"100\" unit=\"t\"/>\n",
               "<precursor cn=\"72031000\" quantity=\"110\" unit=\"t\" source=\"supplier\" supplier=\"X\" see-direct=\"1.0\" origin=\"BR\"/>\n"),
      "<export cn=\"72071114\" installation=\"i\" year=\"2026\" quantity=\"100\" unit=\"t\" destination=\"DE\"/>\n");
  auto rep = greengate::test::run(xml);
  REQUIRE(rep.goods.size() == 1);
  CHECK(rep.goods[0].unverified_supplier_data);
  CHECK(u::in_tco2e_per_tonne(rep.goods[0].see_counted) == doctest::Approx(1.2));
  REQUIRE(rep.goods[0].see_if_defaults);
  CHECK(u::in_tco2e_per_tonne(*rep.goods[0].see_if_defaults) == doctest::Approx(1.70325));
  auto ob = firm_money(xml, 2026);
  CHECK((ob.lines[0].line.flags & gc::flag_unverified_data) != 0);
}

TEST_CASE("Issue 11, D7: a supplier precursor's Column B needs its route, a missing one is a gap") {
  // Billets from 1.1 t/t of purchased billets (7207 11 14, supplier SEE 0.5, verified, no SEFA)
  // plus own 0.1 t/t. Precursor SEFA on Column B: route C (1.364), D (0.475) or E (0.066): without
  // a route (nor an origin whose default row gives one) it cannot be chosen.
  auto make = [](const char* attrs) {
    return greengate::test::firm_xml(
        measured("roll", "iron_steel_products", "", "100", "10", "<good cn=\"72142000\" quantity=\"100\" unit=\"t\"/>\n",
                 std::string("<precursor cn=\"72071114\" quantity=\"110\" unit=\"t\" source=\"supplier\" supplier=\"Y\" see-direct=\"0.5\" verified=\"true\"") +
                     attrs + "/>\n"),
        "<export cn=\"72142000\" installation=\"i\" year=\"2026\" quantity=\"100\" unit=\"t\" destination=\"DE\"/>\n");
  };
  auto gap = firm_money(make(""), 2026);
  CHECK_FALSE(gap.lines[0].line.faa.has_value());
  CHECK(gap.lines[0].line.gap.find("set benchmark-route, or origin, on the precursor") != std::string::npos);
  // route E stated: SEFA = 0.975 × 0.038 (rebar Column A) + 1.1 × 0.975 × 0.066 = 0.03705 + 0.070785
  //   = 0.107835; SEE = 0.1 + 1.1 × 0.5 = 0.65; certificates = 100 × (0.65 − 0.107835) = 54.2165
  auto e = firm_money(make(" benchmark-route=\"E\""), 2026);
  REQUIRE(e.lines[0].line.faa.has_value());
  CHECK(certs(e.lines[0].line) == doctest::Approx(54.2165));
  // origin TR instead: the Türkiye row's route C: 0.03705 + 1.1 × 0.975 × 1.364 = 0.03705 + 1.46289
  //   = 1.49994 > 0.65: certificates floored at 0
  auto tr = firm_money(make(" origin=\"TR\""), 2026);
  REQUIRE(tr.lines[0].line.faa.has_value());
  CHECK(u::in_tco2e(*tr.lines[0].line.faa) == doctest::Approx(149.994));
  CHECK(certs(tr.lines[0].line) == 0.0);
}

TEST_CASE("Issue 11: 2026 imports are priced at the price of their calendar quarter (Q&A 3.3, 3.5)") {
  // Published: Q1 75.36, Q2 75.28 (single source); Q3, Q4 not published.
  auto published = gc::PriceBook::published(dataset().factors);
  gc::MoneyContext ctx{dataset(), money(), published, 1.0, nullptr};
  auto in = line("72031000", "FJ", 2026, 1);
  in.quarter = 1;
  auto q1 = gc::compute_line(ctx, in, "published");
  CHECK(u::in_eur_per_tco2e(q1.price) == doctest::Approx(75.36));
  CHECK((q1.flags & (gc::flag_price_partial | gc::flag_price_quarter_unknown)) == 0);
  in.quarter = 2;
  CHECK(u::in_eur_per_tco2e(gc::compute_line(ctx, in, "published").price) == doctest::Approx(75.28));
  in.quarter = 3;  // not published: a gap, never a guess
  CHECK_THROWS_AS(gc::compute_line(ctx, in, "published"), greengate::InputError);
  // quarter not known: the rule cbam.price.quarter_unknown (mean of the known quarters, flagged)
  in.quarter = 0;
  auto y = gc::compute_line(ctx, in, "published", true);
  CHECK(u::in_eur_per_tco2e(y.price) == doctest::Approx((75.36 + 75.28) / 2));
  CHECK((y.flags & gc::flag_price_quarter_unknown) != 0);
  CHECK((y.flags & gc::flag_price_partial) != 0);
  CHECK(y.price_source.find("rule cbam.price.quarter_unknown") != std::string::npos);
  // a firm export with its import date
  auto xml = greengate::test::firm_xml(
      "<good cn=\"72142000\" quantity=\"1000\" unit=\"t\" method=\"default\"/>\n",
      "<export cn=\"72142000\" installation=\"i\" year=\"2026\" import-date=\"2026-05-14\" quantity=\"100\" unit=\"t\" destination=\"DE\"/>\n");
  auto ob = gc::firm_obligation(ctx, greengate::test::firm_from(xml), 2026, "published");
  CHECK(u::in_eur_per_tco2e(ob.lines[0].line.price) == doctest::Approx(75.28));
  // an import date outside the year is an error at the date's line
  auto bad = greengate::model::parse_firm(greengate::test::firm_xml(
      "<good cn=\"72142000\" quantity=\"1000\" unit=\"t\" method=\"default\"/>\n",
      "<export cn=\"72142000\" installation=\"i\" year=\"2026\" import-date=\"2027-01-02\" quantity=\"100\" unit=\"t\" destination=\"DE\"/>\n"), "f.xml");
  CHECK_FALSE(bad.ok());
  CHECK(bad.diagnostics().format().find("'import-date' 2027-01-02 is not in the import year 2026") != std::string::npos);
}

TEST_CASE("Issue 11: an exempt line's trace shows 0 certificates") {
  auto rep = firm_money(one_buyer_firm("40"), 2026);
  REQUIRE(rep.lines.size() == 1);
  CHECK(rep.lines[0].exempt);
  CHECK(rep.lines[0].line.trace.value == 0.0);
  bool noted = false;
  for (const auto& n : rep.lines[0].line.trace.notes) noted = noted || n.en().find("without the exemption") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("Issue 11: urea 3102 10 19 on actual data takes Column A 0.053") {
  // 100 t urea, SEE 0.5 (50 t measured / 100 t, no electricity): SEFA = 0.975 × 0.053 = 0.051675;
  // certificates = 100 × (0.5 − 0.051675) = 44.8325
  auto rep = firm_money(greengate::test::firm_xml(
      measured("u", "urea", "", "100", "50", "<good cn=\"31021019\" quantity=\"100\" unit=\"t\"/>\n"),
      "<export cn=\"31021019\" installation=\"i\" year=\"2026\" quantity=\"100\" unit=\"t\" destination=\"DE\"/>\n"), 2026);
  REQUIRE(rep.lines.size() == 1);
  CHECK(rep.lines[0].line.sefa == doctest::Approx(0.051675));
  CHECK(certs(rep.lines[0].line) == doctest::Approx(44.8325));
}

TEST_CASE("Issue 11: EAF rebar mill example, rebar 2026 and 2027 on actual data, SEFA worked by hand") {
  // Billets (process steel, route E): 0.975 × 0.065 (Column A, route E) = 0.063375
  //   + pig iron 60 000 / 600 000 = 0.1 × 0.975 × 1.21 (Column B 7201 10 11) = 0.117975
  //   + DRI (supplier, verified, no SEFA) 42 000 / 600 000 = 0.07 × 0.975 × 0.397 = 0.02709525
  //   + DRI unknown origin 1 500 / 600 000 = 0.0025 × 0.975 × 0.397 = 0.0009676875
  //   = 0.2094129375
  // Rebar (process rolling): 0.975 × 0.038 (Column A 7214 20 00) = 0.03705
  //   + 600 000 / 582 000 × 0.2094129375 = 1.0309278 × 0.2094129375 = 0.21589 → SEFA 0.25294
  // 2027 (CBAM factor 0.95): 0.95/0.975 of each term: 0.25294 × 0.95 / 0.975 = 0.246452
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext ctx{dataset(), money(), prices, 1.0, nullptr};
  auto firm = greengate::model::load_firm(source_dir() + "/examples/eaf-rebar-mill.xml", "eaf-rebar-mill.xml").get();
  const double sefa26 = 0.03705 + 600000.0 / 582000.0 * 0.2094129375;
  auto r26 = gc::firm_obligation(ctx, firm, 2026, "user");
  REQUIRE(r26.lines.size() == 3);
  CHECK(r26.lines[0].line.sefa == doctest::Approx(sefa26));
  CHECK(u::in_tco2e(*r26.lines[0].line.faa) == doctest::Approx(110000 * sefa26));
  auto r27 = gc::firm_obligation(ctx, firm, 2027, "user");
  CHECK(r27.lines[0].line.sefa == doctest::Approx(sefa26 * 0.95 / 0.975));
  // certificates = q × (SEE − SEFA), floored: the SEE comes from the emissions engine
  CHECK(certs(r26.lines[0].line) ==
        doctest::Approx(110000 * (r26.lines[0].line.see - sefa26)));
}

TEST_CASE("Issue 13: exposure totals are summed by the engine and name the goods they leave out") {
  // wind towers (examples): 2026 defaults 175 494.45 certificates (see above); actual 75 149.63,
  // an upper bound (its adjustment is unknown); cost at €80
  auto r = exposure("wind-tower-fabricator.xml");
  const gc::ExposureTotal* t26 = nullptr;
  for (const auto& t : r.totals)
    if (t.year == 2026) t26 = &t;
  REQUIRE(t26);
  CHECK(u::in_tco2e(t26->certificates_default) == doctest::Approx(175494.45));
  CHECK(u::in_tco2e(t26->certificates_actual) == doctest::Approx(75149.63).epsilon(1e-6));
  CHECK(u::in_eur(t26->cost_default) == doctest::Approx(175494.45 * 80));
  CHECK(t26->actual_upper_bound);
  CHECK_FALSE(t26->default_upper_bound);
  CHECK(t26->left_out.empty());
  CHECK(u::in_eur(t26->saving()) == doctest::Approx((175494.45 - 75149.63) * 80).epsilon(1e-6));
}
