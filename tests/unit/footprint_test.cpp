// GHG inventory (GHG Protocol Corporate Standard; Scope 2 Guidance 2015): numbers worked out by
// hand from the formulas, for the bundled cement example and small inline firms.
#include <doctest/doctest.h>

#include "greengate/calc/footprint.hpp"
#include "greengate/rules/rule_set.hpp"
#include "test_data.hpp"

namespace u = greengate::units;
namespace gc = greengate::calc;
using greengate::test::firm_from;
using greengate::test::source_dir;

namespace {

const greengate::rules::RuleSet& footprint_rules() {
  static const auto set = greengate::rules::load_rules(source_dir() + "/rules/footprint",
                                                       "rules/footprint/").get();
  return set;
}

gc::InventoryReport inventory(const greengate::model::Firm& f, int year = 0) {
  gc::InventoryOptions opt;
  opt.year = year;
  return gc::compute_inventory(f, greengate::test::dataset(), footprint_rules(), opt);
}

gc::InventoryReport inventory_of(const std::string& xml) { return inventory(firm_from(xml)); }

const gc::Scope1Source& source(const gc::InventoryReport& r, const std::string& id) {
  for (const auto& s : r.scope1)
    if (s.source_id == id) return s;
  throw std::runtime_error("no source " + id);
}

const gc::InstrumentResult& instrument(const gc::InventoryReport& r, const std::string& id) {
  for (const auto& x : r.instruments)
    if (x.id == id) return x;
  throw std::runtime_error("no instrument " + id);
}

double t(u::Co2eMass e) { return u::in_tco2e(e); }

// One installation in TR with one process (crude steel, 1000 t) holding `process_body`, and
// `site_body` (inventory sources, instruments) directly in the installation.
std::string firm(const std::string& process_body, const std::string& site_body = "",
                 const std::string& after = "") {
  return "<firm schema=\"greengate-firm/1\" id=\"f\" name=\"Test\" country=\"TR\" "
         "reporting-year=\"2026\">\n<installation id=\"i\" name=\"I\" country=\"TR\">\n"
         "<process id=\"p\" category=\"crude_steel\" output=\"1000\" unit=\"t\">\n" + process_body +
         "<good cn=\"72071114\" quantity=\"1000\" unit=\"t\"/>\n</process>\n" + site_body +
         "</installation>\n" + after + "</firm>\n";
}

}  // namespace

TEST_CASE("Inventory of the cement example: Scope 1 by gas, worked by hand") {
  auto r = inventory(greengate::model::load_firm(source_dir() + "/examples/cement-plant.xml",
                                                 "examples/cement-plant.xml").get());
  // CO2 of the CBAM source streams (same arithmetic as greengate emissions):
  //   CaCO3 1 740 000 t × 0.44 = 765 600;  MgCO3 47 000 t × 0.522 = 24 534
  //   petcoke 88 060 t × 0.0335 TJ/t = 2 950.01 TJ × 97.5 = 287 625.975
  //   coal 40 116 t × 0.0258 TJ/t = 1 034.9928 TJ × 94.6 = 97 910.31888
  //   alternative fuel 39 160 t × 0.0185 = 724.46 TJ × 86 × (1 − 0.4) = 37 382.136
  //   wood 32 120 t × 0.0145 = 465.74 TJ, biomass fraction 1: 0
  //   natural gas 2 600 × 1000 Nm3 × 0.0345 = 89.7 TJ × 56.1 = 5 032.17
  //   = 1 218 084.59988 = CBAM's attributed direct emissions (no heat flows in this plant)
  CHECK(t(r.cbam_streams) == doctest::Approx(1218084.59988));
  CHECK(t(r.cbam_direct) == doctest::Approx(1218084.59988));
  // Inventory-only CO2: quarry diesel 1 150 t × 0.043 TJ/t = 49.45 TJ × 74.1 = 3 664.245;
  // office gas 42 × 0.0345 = 1.449 TJ × 56.1 = 81.2889; company cars 38 t × 0.043 = 1.634 TJ
  // × 74.1 = 121.0794. CO2 total = 1 218 084.59988 + 3 664.245 + 81.2889 + 121.0794
  CHECK(t(r.scope1_gases.get(gc::GhgGas::co2)) == doctest::Approx(1221951.21318));
  // CH4 of stationary combustion (IPCC Table 2.3, kg/TJ) × GWP 28; the alternative fuel names no
  // library fuel (its NCV and EF are the lab's), so its CH4 and N2O are a reported gap:
  //   petcoke 2 950.01 × 3 + coal 1 034.9928 × 10 + wood 465.74 × 30
  //   = 8 850.03 + 10 349.928 + 13 972.2, + plant gas 89.7 × 1 + office gas 1.449 × 1
  //   = 33 263.307 kg × 28 / 1000 = 931.372596 t
  CHECK(t(r.scope1_gases.get(gc::GhgGas::ch4)) == doctest::Approx(931.372596));
  // N2O: petcoke × 0.6 + coal × 1.5 + wood × 4 + (89.7 + 1.449) × 0.1
  //   = 1 770.006 + 1 552.4892 + 1 862.96 + 9.1149 = 5 194.5701 kg × 265 / 1000 = 1 376.5610765
  CHECK(t(r.scope1_gases.get(gc::GhgGas::n2o)) == doctest::Approx(1376.5610765));
  // HFCs: 62 kg R-410A = 0.062 t × (0.5 × 677 + 0.5 × 3 170) = 0.062 × 1 923.5 = 119.257
  CHECK(t(r.scope1_gases.get(gc::GhgGas::hfcs)) == doctest::Approx(119.257));
  CHECK(t(r.scope1_gases.get(gc::GhgGas::pfcs)) == 0.0);
  CHECK(t(r.scope1_total) == doctest::Approx(1221951.21318 + 931.372596 + 1376.5610765 + 119.257));
  // The reconciliation adds up to Scope 1.
  CHECK(t(r.cbam_streams + r.combustion_non_co2 + r.inventory_only) == doctest::Approx(t(r.scope1_total)));
  // Biogenic CO2, apart: alt fuel 724.46 × 86 × 0.4 = 24 921.424; wood 465.74 × 112 = 52 162.88
  CHECK(t(r.biogenic_co2) == doctest::Approx(77084.304));
  CHECK(t(source(r, "wood").gases.get(gc::GhgGas::co2)) == 0.0);
  // Mobile CH4/N2O: no factor in the library, a reported gap per mobile source.
  CHECK_FALSE(r.complete);
  int mobile_gaps = 0;
  for (const auto& g : r.gaps) mobile_gaps += g.message.en().find("mobile combustion") != std::string::npos;
  CHECK(mobile_gaps == 2);
}

TEST_CASE("Inventory of the cement example: Scope 2 location-based and market-based side by side") {
  auto r = inventory(greengate::model::load_firm(source_dir() + "/examples/cement-plant.xml",
                                                 "examples/cement-plant.xml").get());
  // Location-based (ETKB 0.439 tCO2e/MWh, the factor the rules name for TR, also for the clinker
  // line whose CBAM factor is the Annex II "other" value):
  //   (102 000 + 60 000 + 850) MWh × 0.439 = 44 778 + 26 340 + 373.15 = 71 491.15
  CHECK(t(r.scope2_location) == doctest::Approx(71491.15));
  // Market-based: the 40 000 YEK-G (2026 wind, retired, TR) cover the first use, the clinker
  // line, at 0; the I-RECs of 2025 fail the vintage criterion and are not applied; no residual
  // mix for TR, so the rest takes the grid factor:
  //   (102 000 − 40 000) × 0.439 + 60 000 × 0.439 + 850 × 0.439 = 27 218 + 26 340 + 373.15
  CHECK(t(r.scope2_market) == doctest::Approx(53931.15));
  const auto& yekg = instrument(r, "yekg-2026-wind");
  CHECK(yekg.usable());
  CHECK(u::in_megawatt_hours(yekg.applied) == doctest::Approx(40000));
  const auto& irec = instrument(r, "irec-2025-solar");
  CHECK_FALSE(irec.usable());
  CHECK(u::in_megawatt_hours(irec.applied) == 0.0);
  bool vintage_failed = false;
  for (const auto& c : irec.quality.required)
    if (c.rule_id == "scope2.q.vintage") vintage_failed = c.outcome == greengate::rules::Outcome::fail;
  CHECK(vintage_failed);
  for (const auto& s : r.scope2) CHECK(s.uncovered_basis.find("no residual mix") != std::string::npos);
}

TEST_CASE("Scope 2 quality criteria: wrong market, not retired, no rate (GHG Protocol Scope 2 Guidance Table 7.1)") {
  auto r = inventory_of(firm(
      "<electricity quantity=\"1000\" unit=\"MWh\" factor-source=\"grid\" factor-id=\"grid.tr.gross_generation_avg\"/>\n",
      "<instrument id=\"eu-go\" type=\"go\" quantity=\"500\" unit=\"MWh\" market=\"DE\" vintage=\"2026\" technology=\"wind\" retired=\"true\" reference=\"AIB cancellation\"/>\n"
      "<instrument id=\"not-retired\" type=\"yek-g\" quantity=\"500\" unit=\"MWh\" market=\"TR\" vintage=\"2026\" technology=\"solar\" reference=\"x\"/>\n"
      "<instrument id=\"no-rate\" type=\"supplier-specific\" quantity=\"500\" unit=\"MWh\" market=\"TR\" vintage=\"2026\" reference=\"tariff sheet\"/>\n"
      "<instrument id=\"ok\" type=\"supplier-specific\" quantity=\"300\" unit=\"MWh\" market=\"TR\" vintage=\"2026\" factor=\"0.2\" factor-unit=\"tCO2e/MWh\" reference=\"green tariff contract 7\"/>\n"));
  using greengate::rules::Outcome;
  CHECK(instrument(r, "eu-go").quality.outcome == Outcome::fail);        // issued in DE, used in TR
  CHECK(instrument(r, "not-retired").quality.outcome == Outcome::unknown);  // retired not stated
  CHECK(instrument(r, "no-rate").quality.outcome == Outcome::fail);      // conveys no rate
  CHECK(instrument(r, "ok").usable());
  // 1000 MWh × 0.439 = 439 location-based; market: 300 × 0.2 + 700 × 0.439 = 60 + 307.3 = 367.3
  CHECK(t(r.scope2_location) == doctest::Approx(439));
  CHECK(t(r.scope2_market) == doctest::Approx(367.3));
}

TEST_CASE("A CBAM PPA electricity use is the market-based rate of that consumption, location-based keeps the grid") {
  auto r = inventory_of(firm(
      "<electricity quantity=\"2000\" unit=\"MWh\" factor-source=\"ppa\" factor=\"0.05\" factor-unit=\"tCO2e/MWh\" evidence=\"PPA with a wind farm, contract 2025/17\"/>\n"));
  // location: 2000 × 0.439 (TR rule) = 878; market: 2000 × 0.05 = 100
  CHECK(t(r.scope2_location) == doctest::Approx(878));
  CHECK(t(r.scope2_market) == doctest::Approx(100));
  REQUIRE(r.instruments.size() == 1);
  CHECK(r.instruments[0].from_cbam_electricity);
}

TEST_CASE("Exported heat is not subtracted from Scope 1, imported heat is Scope 2") {
  auto r = inventory_of(firm(
      "<stream id=\"ng\" method=\"combustion\" fuel=\"natural_gas\" quantity=\"1000\" unit=\"t\"/>\n"
      "<heat direction=\"export\" quantity=\"10\" unit=\"TJ\" factor=\"60\" factor-unit=\"tCO2e/TJ\"/>\n"
      "<heat direction=\"import\" quantity=\"2\" unit=\"TJ\" factor=\"70\" factor-unit=\"tCO2e/TJ\"/>\n"));
  // CBAM: 1000 t × 0.048 × 56.1 = 2 692.8 − 10 × 60 + 2 × 70 = 2 232.8 attributed.
  CHECK(t(r.cbam_direct) == doctest::Approx(2232.8));
  // The reconciliation's heat line: streams 2 692.8 − attributed 2 232.8 = 460 (600 out, 140 in).
  CHECK(t(r.heat_balance) == doctest::Approx(460.0));
  // Scope 1 CO2 = 2 692.8 (no heat balance); CH4 48 TJ × 1 kg × 28 = 1.344; N2O 48 × 0.1 × 265 = 1.272
  CHECK(t(r.scope1_gases.get(gc::GhgGas::co2)) == doctest::Approx(2692.8));
  CHECK(t(r.scope1_total) == doctest::Approx(2692.8 + 1.344 + 1.272));
  // Scope 2: the imported 2 TJ × 70 = 140, both methods.
  CHECK(t(r.scope2_location) == doctest::Approx(140));
  CHECK(t(r.scope2_market) == doctest::Approx(140));
}

TEST_CASE("Refrigerants: pure gases by their GWP, an unknown gas is a gap, never a guess") {
  auto r = inventory_of(firm("", "<refrigerant id=\"r1\" gas=\"R-134a\" quantity=\"10\" unit=\"kg\"/>\n"
                                 "<refrigerant id=\"r2\" gas=\"SF6\" quantity=\"1\" unit=\"kg\"/>\n"
                                 "<refrigerant id=\"r3\" gas=\"R-1234yf\" quantity=\"5\" unit=\"kg\"/>\n"));
  // R-134a = HFC-134a: 0.010 t × 1300 = 13; SF6 0.001 t × 23 500 = 23.5
  CHECK(t(r.scope1_gases.get(gc::GhgGas::hfcs)) == doctest::Approx(13));
  CHECK(t(r.scope1_gases.get(gc::GhgGas::sf6)) == doctest::Approx(23.5));
  CHECK_FALSE(source(r, "r3").complete);
  bool gap = false;
  for (const auto& g : r.gaps) gap = gap || g.message.en().find("gwp.ar5.r_1234yf") != std::string::npos;
  CHECK(gap);
}

TEST_CASE("No location-based factor for a country is a gap") {
  auto r = inventory_of(firm("", "", "<building id=\"b\" name=\"Office\" country=\"DE\">\n"
                                     "<electricity quantity=\"100\" unit=\"MWh\"/>\n</building>\n"));
  CHECK_FALSE(r.complete);
  CHECK(t(r.scope2_location) == 0.0);
  bool gap = false;
  for (const auto& g : r.gaps) gap = gap || g.message.en().find("no location-based grid factor for DE") != std::string::npos;
  CHECK(gap);
}

TEST_CASE("Firm files without the footprint extension still load, and the extension is checked") {
  CHECK_NOTHROW(firm_from(firm("")));
  auto bad = greengate::model::parse_firm(
      firm("", "<refrigerant id=\"r\" gas=\"blend\" quantity=\"1\" unit=\"kg\">"
               "<component gas=\"HFC-32\" share=\"0.5\"/><component gas=\"HFC-125\" share=\"0.4\"/></refrigerant>\n"
               "<instrument id=\"x\" type=\"rec\" quantity=\"1\" unit=\"MWh\" market=\"TR\" vintage=\"2026\"/>\n",
           ""), "t.xml");
  CHECK_FALSE(bad.ok());
  auto text = bad.diagnostics().format();
  CHECK(text.find("component shares sum to 0.9") != std::string::npos);
  CHECK(text.find("'type' must be yek-g, i-rec, go, ppa, green-tariff or supplier-specific (got \"rec\")") != std::string::npos);
}

TEST_CASE("Footprint extension: bad inputs are reported with file, line, element path and expectation") {
  auto errors_of = [](const std::string& name) {
    auto r = greengate::model::load_firm(source_dir() + "/tests/data/bad/" + name, "tests/data/bad/" + name);
    REQUIRE_FALSE(r.ok());
    return r.diagnostics().format();
  };
  const std::string d = "tests/data/bad/";
  CHECK(errors_of("footprint-blend-shares.xml") ==
        d + "footprint-blend-shares.xml:5: error: firm/installation[plant]/refrigerant[chiller]: component shares sum to 0.9 (expected 1: the blend's composition by mass)");
  CHECK(errors_of("footprint-instrument.xml") ==
        d + "footprint-instrument.xml:2: error: firm: 'consolidation' must be operational-control, financial-control or equity-share (GHG Protocol Corporate Standard Ch. 3) (got \"control\")\n" +
        d + "footprint-instrument.xml:4: error: firm/installation[plant]/instrument[x]: 'type' must be yek-g, i-rec, go, ppa, green-tariff or supplier-specific (got \"rec\")\n" +
        d + "footprint-instrument.xml:4: error: firm/installation[plant]/instrument[x]: 'market' must be an ISO 3166-1 alpha-2 country code such as TR (got \"Turkey\")\n" +
        d + "footprint-instrument.xml:4: error: firm/installation[plant]/instrument[x]: missing required attribute 'vintage'");
  CHECK(errors_of("footprint-building.xml") ==
        d + "footprint-building.xml:5: error: firm/building[office]/heat: a building's <heat> is heat or steam bought (direction=\"import\")\n" +
        d + "footprint-building.xml:6: error: firm/building[office]/mobile[cars]: 'unit' must be a mass (t, Mg, kg, kt), gas volume (Nm3, 1000Nm3) or energy (TJ, GJ, MJ, MWh, kWh) unit (got \"litre\")\n" +
        d + "footprint-building.xml:7: error: firm/building[office]/electricity: unknown attribute 'factor-source'");
  CHECK(errors_of("footprint-product.xml") ==
        d + "footprint-product.xml:8: error: firm/product[x]: 'declared-unit' must be piece, kilogram or tonne (got \"box\")\n" +
        d + "footprint-product.xml:9: error: firm/product[x]/input[paint]: 'dqr' must be three ratings 1-3 (technological, geographical, temporal; 1 = good), e.g. \"2,3,1\" (got \"1,4\")\n" +
        d + "footprint-product.xml:9: error: firm/product[x]/input[paint]: 'factor' needs 'factor-source' (where the number comes from: EPD, database, supplier statement)\n" +
        d + "footprint-product.xml:10: error: firm/product[x]/input[plate]: source=\"default\" needs 'origin' (alpha-2 country of production)\n" +
        d + "footprint-product.xml:11: error: firm/product[x]/transport: unknown input 'bolts' of product 'x'\n" +
        d + "footprint-product.xml:8: error: firm/product[x]: unknown process 'q' in installation 'plant'");
  CHECK(errors_of("footprint-hydrogen.xml") ==
        d + "footprint-hydrogen.xml:8: error: firm/hydrogen[h]: 'transport-distribution' needs 'td-source' (how the hydrogen reaches its user)\n" +
        d + "footprint-hydrogen.xml:9: error: firm/hydrogen[h]/natural-gas: 'unit': unit 'kgCO2e/t' is a emission intensity unit, expected energy emission factor (tCO2e/TJ, kgCO2e/TJ, tCO2e/GJ, tCO2e/MWh, kgCO2e/MWh, gCO2e/kWh, gCO2e/MJ)\n" +
        d + "footprint-hydrogen.xml:10: error: firm/hydrogen[h]/ccs: 'unit': unit 't' is a mass unit, expected CO2e mass (tCO2e, kgCO2e, ktCO2e, tCO2e/yr)\n" +
        d + "footprint-hydrogen.xml:10: error: firm/hydrogen[h]/ccs: missing required attribute 'evidence'\n" +
        d + "footprint-hydrogen.xml:8: error: firm/hydrogen[h]: process 'nh3' has category ammonia, not hydrogen (a <hydrogen> life cycle needs category=\"hydrogen\")");
}

// ---- product carbon footprints --------------------------------------------------------------

#include "greengate/calc/product_footprint.hpp"
#include "greengate/report/footprint_output.hpp"
#include "greengate/report/uuid.hpp"

namespace {
gc::ProductFootprint pcf_of(const greengate::model::Firm& f, const std::string& id) {
  return gc::compute_product_footprint(f, greengate::test::dataset(), footprint_rules(), id, {});
}
const gc::PcfItem& item(const gc::ProductFootprint& p, const std::string& id) {
  for (const auto& it : p.items)
    if (it.id == id) return it;
  throw std::runtime_error("no item " + id);
}
greengate::model::Firm towers() {
  return greengate::model::load_firm(source_dir() + "/examples/wind-tower-fabricator.xml",
                                     "examples/wind-tower-fabricator.xml").get();
}
}  // namespace

TEST_CASE("Product footprint of one wind-tower section (ISO 14067 cradle to gate), worked by hand") {
  auto p = pcf_of(towers(), "t2-section");
  // Allocation by mass: 65 t section / 60 000 t output of the towers process.
  const double share = 65.0 / 60000.0;
  CHECK(p.allocation_share == doctest::Approx(share));
  // Own process, CBAM arithmetic: gas 1 050 × 1000 Nm3 × 0.0345 = 36.225 TJ × 56.1 = 2 032.2225;
  // propane 110 t × 0.0473 = 5.203 TJ × 63.1 = 328.3093; (2 360.5318 t) × share
  CHECK(t(item(p, "process").emissions) == doctest::Approx(2360.5318 * share));
  // CH4 + N2O: (36.225 + 5.203) TJ × (1 kg × 28 + 0.1 kg × 265) / 1000 = 2.257826 t × share
  CHECK(t(item(p, "process-ch4-n2o").emissions) == doctest::Approx(2.257826 * share));
  // Electricity, market-based without instruments = 10 800 MWh × 0.439 (ETKB) × share
  CHECK(t(item(p, "electricity").emissions) == doctest::Approx(4741.2 * share));
  // Plate: the mix of the process's three plate lots, CBAM values without mark-up, direct +
  // indirect: (30 000 × (2.05 + 0.09) + 20 100 × (0.68 + 0.21) + 12 000 × 2.118 KR default)
  // / 62 100 t = 107 505 / 62 100 = 1.731159 tCO2e/t × 67.4 t
  CHECK(u::in_tco2e_per_tonne(*item(p, "plate").factor) == doctest::Approx(107505.0 / 62100.0));
  CHECK(t(item(p, "plate").emissions) == doctest::Approx(67.4 * 107505.0 / 62100.0));
  // Flanges 4.1 t × 3.151 (TR default, no mark-up); wire 0.62 × 2.31; flux 0.55 × 1.15; coating
  // 0.42 × 3.4; plate by sea 67.4 t × 1 050 km × 16 g/tkm; flanges by road 4.1 × 45 × 85 g/tkm
  CHECK(t(item(p, "flanges").emissions) == doctest::Approx(12.9191));
  CHECK(t(item(p, "saw-wire").emissions) == doctest::Approx(1.4322));
  CHECK(t(item(p, "saw-flux").emissions) == doctest::Approx(0.6325));
  CHECK(t(item(p, "coating").emissions) == doctest::Approx(1.428));
  CHECK(t(item(p, "transport plate").emissions) == doctest::Approx(1.13232));
  CHECK(t(item(p, "transport flanges").emissions) == doctest::Approx(0.0156825));
  const double total = (2360.5318 + 2.257826 + 4741.2) * share + 67.4 * 107505.0 / 62100.0 +
                       12.9191 + 1.4322 + 0.6325 + 1.428 + 1.13232 + 0.0156825;
  CHECK(t(p.total) == doctest::Approx(total));
  CHECK(p.complete);
  // An item's share of the total, the engine's: coating 1.428 / total × 100 %.
  REQUIRE(p.share_percent(item(p, "coating")));
  CHECK(*p.share_percent(item(p, "coating")) == doctest::Approx(100 * 1.428 / total));
  // Primary data: own process, electricity, the verified mills' share of the plate mix
  // ((30 000 + 20 100) / 62 100), the paint maker's EPD.
  const double primary = (2360.5318 + 2.257826 + 4741.2) * share +
                         67.4 * 107505.0 / 62100.0 * (50100.0 / 62100.0) + 1.428;
  CHECK(p.primary_share == doctest::Approx(primary / total));
  // The CBAM SEE of the towers (7308 20 00, Annex II: direct only, 2026 mark-up 10 % on the
  // defaults): (2 360.5318 + 30 000 × 2.05 + 20 100 × 0.68 + 12 000 × 2.118 × 1.1
  //             + 3 800 × 3.151 × 1.1) / 60 000
  REQUIRE(p.cbam.available);
  CHECK(u::in_tco2e_per_tonne(p.cbam.total) ==
        doctest::Approx((2360.5318 + 61500 + 13668 + 27957.6 + 13171.18) / 60000));
  CHECK(u::in_tco2e_per_tonne(p.cbam.own_indirect_counted) == 0.0);
}

TEST_CASE("Product footprint of the wind-tower section: PACT data-quality ratings worked by hand") {
  auto p = pcf_of(towers(), "t2-section");
  // Ratings (technological, geographical, temporal) per part, rules/footprint/product.xml:
  //   own process and its CH4/N2O 1,1,1; electricity on the grid factor 2,1,2; plate mix by
  //   mass: (50 100 t of the mills' actual values × 1 + 12 000 t on the KR default × 2) / 62 100
  //   = 1.193237 technological and temporal, 1 geographical; flanges and wire on the TR default
  //   2,1,2; flux as stated 2,3,2; paint EPD primary 1,1,1; both transport legs secondary 3,3,3.
  CHECK(item(p, "plate").dqr.technological == doctest::Approx(74100.0 / 62100.0));
  CHECK(item(p, "plate").dqr.geographical == doctest::Approx(1.0));
  CHECK(item(p, "electricity").dqr.technological == doctest::Approx(2.0));
  CHECK(item(p, "saw-flux").dqr.geographical == doctest::Approx(3.0));
  CHECK(item(p, "transport plate").dqr.temporal == doctest::Approx(3.0));
  // Emission-weighted over the 141.936 t of the section:
  const double s = 65.0 / 60000.0;
  const double e_own = (2360.5318 + 2.257826) * s, e_el = 4741.2 * s,
               e_plate = 67.4 * 107505.0 / 62100.0, e_def = 12.9191 + 1.4322, e_flux = 0.6325,
               e_paint = 1.428, e_tr = 1.13232 + 0.0156825;
  const double total = e_own + e_el + e_plate + e_def + e_flux + e_paint + e_tr;
  const double tech = (e_own * 1 + e_el * 2 + e_plate * 74100.0 / 62100.0 + e_def * 2 + e_flux * 2 +
                       e_paint * 1 + e_tr * 3) / total;                       // 1.316784
  const double geo = (e_own + e_el + e_plate + e_def + e_flux * 3 + e_paint + e_tr * 3) / total;  // 1.025089
  CHECK(p.dqr.technological == doctest::Approx(tech));
  CHECK(p.dqr.technological == doctest::Approx(1.316784).epsilon(1e-6));
  CHECK(p.dqr.geographical == doctest::Approx(geo));
  CHECK(p.dqr.geographical == doctest::Approx(1.025089).epsilon(1e-6));
  CHECK(p.dqr.temporal == doctest::Approx(tech));
  // and what PACT receives (3 decimals, decimal strings)
  auto pact = greengate::report::product_pact_json(p, {"2027-01-15T09:00:00Z", ""});
  CHECK(pact.find("\"technologicalDQR\": \"1.317\"") != std::string::npos);
  CHECK(pact.find("\"geographicalDQR\": \"1.025\"") != std::string::npos);
  CHECK(pact.find("\"primaryDataShare\": \"72.749\"") != std::string::npos);
}

TEST_CASE("Product footprint: a missing factor, an EU origin and an empty process mix are gaps, and PACT refuses them") {
  auto f = firm_from(
      "<firm schema=\"greengate-firm/1\" id=\"f\" name=\"Test\" country=\"TR\" reporting-year=\"2026\">\n"
      "<installation id=\"i\" name=\"I\" country=\"TR\">\n"
      "<process id=\"p\" category=\"iron_steel_products\" output=\"100\" unit=\"t\">\n"
      "<good cn=\"73082000\" quantity=\"100\" unit=\"t\"/>\n</process>\n</installation>\n"
      "<product id=\"x\" name=\"X\" installation=\"i\" process=\"p\" declared-unit=\"tonne\" fossil-carbon-kg=\"2\" exempted-percent=\"0\">\n"
      "<input id=\"paint\" material=\"paint\" quantity=\"0.01\" unit=\"t\"/>\n"
      "<input id=\"eu-plate\" cn=\"7208 51 20\" quantity=\"0.5\" unit=\"t\" source=\"default\" origin=\"DE\"/>\n"
      "<input id=\"mix\" cn=\"7208 51 20\" quantity=\"0.5\" unit=\"t\" source=\"process-mix\"/>\n"
      "</product>\n</firm>\n");
  auto p = pcf_of(f, "x");
  CHECK_FALSE(p.complete);
  REQUIRE(p.gaps.size() == 3);
  CHECK(p.gaps[0].message.en().find("input paint (paint) has no emission factor") != std::string::npos);
  CHECK(p.gaps[1].message.en().find("CBAM counts EU/EEA origin as zero") != std::string::npos);
  CHECK(p.gaps[2].message.en().find("has no precursor of CN 7208 51 20") != std::string::npos);
  CHECK(t(p.total) == 0.0);
  CHECK_THROWS_AS(greengate::report::product_pact_json(p, {"2027-01-01T00:00:00Z", ""}), greengate::InputError);
  CHECK_THROWS_AS(pcf_of(f, "nope"), greengate::InputError);
}

TEST_CASE("UUID v5 and SHA-1 agree with the RFC 4122 and FIPS 180-4 test values") {
  // SHA-1("abc") = a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d (FIPS 180-4 example)
  std::string h = greengate::report::sha1("abc");
  std::string hex;
  for (unsigned char c : h) {
    static const char* d = "0123456789abcdef";
    hex += d[c >> 4];
    hex += d[c & 15];
  }
  CHECK(hex == "a9993e364706816aba3e25717850c26c9cd0d89d");
  // uuid5(NAMESPACE_DNS, "python.org") as Python's uuid module gives it
  CHECK(greengate::report::uuid_v5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org") ==
        "886313e1-3b8a-5372-9b90-0c9aee199e5d");
}

// ---- low-carbon hydrogen (Directive (EU) 2024/1788; DR (EU) 2025/2359) --------------------------

#include "greengate/calc/hydrogen.hpp"

namespace {
const greengate::rules::RuleSet& h2_rules() {
  static const auto set = greengate::rules::load_rules(source_dir() + "/rules/hydrogen", "rules/hydrogen/").get();
  return set;
}
const greengate::rules::RuleSet& taxonomy_rules() {
  static const auto set = greengate::rules::load_rules(source_dir() + "/rules/taxonomy", "rules/taxonomy/").get();
  return set;
}
std::vector<gc::HydrogenReport> hydrogen(const greengate::model::Firm& f, const std::string& id = "") {
  return gc::compute_hydrogen(f, greengate::test::dataset(), h2_rules(), footprint_rules(),
                              &taxonomy_rules(), id, {});
}
greengate::model::Firm h2_example() {
  return greengate::model::load_firm(source_dir() + "/examples/hydrogen-producers.xml",
                                     "examples/hydrogen-producers.xml").get();
}
double g_per_mj(const gc::HydrogenReport& r) { return u::in_grams_co2e_per_megajoule(r.intensity); }
double kg_per_kg(const gc::HydrogenReport& r) { return u::in_tco2e_per_tonne(r.per_tonne); }
// An SMR firm: 30 000 t H2 from 4 950 TJ of gas; `extra` goes into <hydrogen>.
std::string smr(const std::string& extra, const std::string& td = "transport-distribution=\"0.3\" td-unit=\"gCO2e/MJ\" td-source=\"pipe\"") {
  return "<firm schema=\"greengate-firm/1\" id=\"f\" name=\"T\" country=\"TR\" reporting-year=\"2026\">\n"
         "<installation id=\"i\" name=\"I\" country=\"TR\">\n"
         "<process id=\"smr\" category=\"hydrogen\" route=\"SMR\" output=\"30000\" unit=\"t\">\n"
         "<stream id=\"ng\" method=\"combustion\" fuel=\"natural_gas\" quantity=\"4950\" unit=\"TJ\"/>\n"
         "<electricity quantity=\"45000\" unit=\"MWh\" factor-source=\"grid\" factor-id=\"grid.tr.gross_generation_avg\"/>\n"
         "<good cn=\"28041000\" quantity=\"30000\" unit=\"t\"/>\n</process>\n</installation>\n"
         "<hydrogen id=\"h\" installation=\"i\" process=\"smr\" " + td + ">\n" + extra + "</hydrogen>\n</firm>\n";
}
const std::string kGas = "<natural-gas methane=\"3.1\" transport=\"2.6\" unit=\"gCO2e/MJ\" source=\"supplier\"/>\n";
}  // namespace

TEST_CASE("Hydrogen: SMR with CCS below 3.38 kg/kg, without CCS above it, worked by hand") {
  // Hydrogen 30 000 t × 120 MJ/kg = 3.6e9 MJ. Own process: 4 950 TJ × 56.1 = 277 695 t CO2;
  // CH4 + N2O at the RED GWPs: 4 950 × (1 kg × 25 + 0.1 kg × 298) / 1000 = 271.26 t.
  // Gas supply per MJ of gas: upstream CO2 4.9 (the act's default, unverified) + methane 3.1 +
  // transport 2.6 (the supplier's) = 10.6 g × 4.95e9 MJ = 52 470 t. Grid electricity
  // 45 000 MWh × 0.439 = 19 755 t. e_td 0.3 g/MJ × 3.6e9 MJ = 1 080 t. Sum 351 271.26 t.
  const double before_ccs = 277695 + 271.26 + 52470 + 19755 + 1080;
  SUBCASE("with 262 000 t stored: 89 271.26 t = 24.798 g/MJ = 2.976 kg/kg, savings 73.6 %: low-carbon") {
    auto r = hydrogen(firm_from(smr(kGas + "<ccs stored=\"262000\" unit=\"tCO2e\" evidence=\"x\"/>\n")))[0];
    CHECK(t(r.total) == doctest::Approx(before_ccs - 262000));
    CHECK(g_per_mj(r) == doctest::Approx((before_ccs - 262000) * 1e6 / 3.6e9));
    CHECK(kg_per_kg(r) == doctest::Approx((before_ccs - 262000) / 30000));
    CHECK(r.savings == doctest::Approx(1 - (before_ccs - 262000) * 1e6 / 3.6e9 / 94));
    CHECK(r.low_carbon.outcome == greengate::rules::Outcome::pass);
    CHECK(kg_per_kg(r) < 3.384);
  }
  SUBCASE("without CCS: 351 271.26 t = 11.709 kg/kg: not low-carbon") {
    auto r = hydrogen(firm_from(smr(kGas)))[0];
    CHECK(kg_per_kg(r) == doctest::Approx(before_ccs / 30000));
    CHECK(r.low_carbon.outcome == greengate::rules::Outcome::fail);
    REQUIRE(r.taxonomy);
    CHECK(r.taxonomy->outcome == greengate::rules::Outcome::fail);  // 11.7 > 3 tCO2e/tH2
  }
  SUBCASE("the ceiling: (1 - 0.70) × 94 = 28.2 g/MJ × 120 MJ/kg = 3.384 kg/kg") {
    auto r = hydrogen(firm_from(smr(kGas)))[0];
    CHECK(u::in_grams_co2e_per_megajoule(r.ceiling) == doctest::Approx(28.2));
    CHECK(u::in_tco2e_per_tonne(r.ceiling_per_tonne) == doctest::Approx(3.384));
  }
}

TEST_CASE("Hydrogen: without the supplier's methane and transport values they are gaps, and a pass cannot be confirmed") {
  auto r = hydrogen(firm_from(smr("<ccs stored=\"330000\" unit=\"tCO2e\" evidence=\"x\"/>\n")))[0];
  CHECK_FALSE(r.complete);
  REQUIRE(r.gaps.size() == 2);
  CHECK(r.gaps[0].message.en().find("methane emissions of the natural-gas supply") != std::string::npos);
  CHECK(r.gaps[1].message.en().find("transport of the natural gas") != std::string::npos);
  // E without them is far below the ceiling, but only a lower bound: unknown, not pass.
  CHECK(kg_per_kg(r) < 3.384);
  CHECK(r.low_carbon.outcome == greengate::rules::Outcome::unknown);
  // No transport-distribution: a gap too.
  auto r2 = hydrogen(firm_from(smr(kGas, "")))[0];
  bool td_gap = false;
  for (const auto& g : r2.gaps) td_gap = td_gap || g.message.en().find("transport and distribution of the hydrogen") != std::string::npos;
  CHECK(td_gap);
}

TEST_CASE("Hydrogen: electrolysis on a wind PPA below the threshold, on the grid far above it") {
  auto reps = hydrogen(h2_example());
  REQUIRE(reps.size() == 3);
  // PPA: 110 000 MWh × 0.011 = 1 210 t / 2 000 t = 0.605 kg/kg = 1.21e9 g / 2.4e8 MJ = 5.042 g/MJ
  const auto& wind = reps[1];
  CHECK(wind.id == "pem-wind");
  CHECK(kg_per_kg(wind) == doctest::Approx(0.605));
  CHECK(g_per_mj(wind) == doctest::Approx(1210e6 / 2.4e8));
  CHECK(wind.low_carbon.outcome == greengate::rules::Outcome::pass);
  // Grid: 27 500 MWh × 0.439 = 12 072.5 t / 500 t = 24.145 kg/kg
  const auto& grid = reps[2];
  CHECK(kg_per_kg(grid) == doctest::Approx(24.145));
  CHECK(grid.low_carbon.outcome == greengate::rules::Outcome::fail);
  CHECK(grid.savings < 0);
  // The example's SMR with CCS: 2.976 kg/kg (as the inline case above, upstream CO2 on the default)
  CHECK(kg_per_kg(reps[0]) == doctest::Approx((277695 + 271.26 + 52470 + 19755 + 1080 - 262000) / 30000));
}
