// Firm format v1 additions for the EU Communication template (issue 12): DirEm* as attributed by
// the operator (IR 2025/2547 Annex III A.3 Eq. 55), waste gases (Eq. 53-54), electricity
// exported, PFC overvoltage and collection efficiency (Annex II B.7, Eq. 20-26), precursors
// known by category, supplier electricity data, goods without a quantity, inventory streams, and
// the firm writer (firm_to_xml) round trip. Every number is worked by hand in the comment.
#include <doctest/doctest.h>

#include <cmath>

#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/calc/footprint.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/report/emissions_output.hpp"
#include "test_data.hpp"

namespace u = greengate::units;
using greengate::test::firm_xml;
using greengate::test::process;
using greengate::test::run;

namespace {
double tco2e(u::Co2eMass m) { return u::in_tco2e(m); }
double see(u::EmissionIntensity i) { return u::in_tco2e_per_tonne(i); }

std::string load_errors(const std::string& xml) {
  auto r = greengate::model::parse_firm(xml, "t.xml");
  return r.diagnostics().format();
}
}  // namespace

TEST_CASE("Eq. 55: DirEm* + heat in − heat out + waste gas in − waste gas out − electricity out") {
  // DirEm* 800; heat in 2 TJ × 60 = 120; heat out 1 TJ × 50 = 50; waste gas in 1 TJ × EF_NG 56.1
  // = 56.1 (Eq. 53); out 2 TJ × 56.1 × Corr_η 0.667 = 74.8374 (Eq. 54); electricity out
  // 100 MWh × 0.5 = 50. AttrEm_dir = 800 + 120 − 50 + 56.1 − 74.8374 − 50 = 801.2626 tCO2e;
  // SEE_dir = 801.2626 / 1000 t = 0.8012626. The process's own stream (100 t natural gas =
  // 269.28 t) is only compared with DirEm*, and the difference is reported.
  auto r = run(firm_xml(
      "<process id=\"p\" category=\"cement\" output=\"1000\" unit=\"t\">\n"
      "<direct-emissions quantity=\"800\" unit=\"tCO2e\"/>\n"
      "<stream id=\"ng\" method=\"combustion\" fuel=\"natural_gas\" quantity=\"100\" unit=\"t\"/>\n"
      "<heat direction=\"import\" quantity=\"2\" unit=\"TJ\" factor=\"60\" factor-unit=\"tCO2e/TJ\"/>\n"
      "<heat direction=\"export\" quantity=\"1000\" unit=\"GJ\" factor=\"50\" factor-unit=\"tCO2e/TJ\"/>\n"
      "<waste-gas direction=\"import\" quantity=\"1\" unit=\"TJ\"/>\n"
      "<waste-gas direction=\"export\" quantity=\"2\" unit=\"TJ\"/>\n"
      "<electricity-export quantity=\"100\" unit=\"MWh\" factor=\"0.5\" factor-unit=\"tCO2e/MWh\"/>\n"
      "<good cn=\"25232900\" quantity=\"1000\" unit=\"t\"/>\n</process>\n"));
  const auto& p = process(r, "p");
  CHECK(tco2e(p.streams_direct) == doctest::Approx(269.28));
  CHECK(tco2e(p.dir_em) == doctest::Approx(800));
  CHECK(tco2e(p.direct) == doctest::Approx(801.2626));
  CHECK(see(p.see_direct) == doctest::Approx(0.8012626));
  REQUIRE(r.differences.size() == 1);
  CHECK(r.differences[0].message.en().find("DirEm* 800 tCO2e differs from its source streams (269.28 tCO2e)") == 0);
  CHECK(r.factors_used.count("waste_gas.corr_eta") == 1);
}

TEST_CASE("Eq. 55: attributed direct emissions that come out negative are set to zero") {
  // DirEm* 10 − heat exported 1 TJ × 100 tCO2e/TJ = −90 → 0
  auto r = run(firm_xml(
      "<process id=\"p\" category=\"cement\" output=\"10\" unit=\"t\">\n"
      "<direct-emissions quantity=\"10\" unit=\"tCO2e\"/>\n"
      "<heat direction=\"export\" quantity=\"1\" unit=\"TJ\" factor=\"100\" factor-unit=\"tCO2e/TJ\"/>\n"
      "<good cn=\"25232900\" quantity=\"10\" unit=\"t\"/>\n</process>\n"));
  CHECK(tco2e(process(r, "p").direct) == 0.0);
}

TEST_CASE("PFC: slope method with collection efficiency, as the template's example row") {
  // AEM = 0.6039358521605075 × 0.25 = 0.150984 (Eq. 23); CF4 = 200000 × 0.102 × AEM / 1000 =
  // 3.0800728 t (Eq. 21); C2F6 = × 0.12 = 0.3696087 t; CO2e = 3.0800728 × 6630 + 0.3696087 ×
  // 11100 = 24523.54; / collection efficiency 0.97 = 25282.0 tCO2e (Eq. 20; B_EmInst!AU98 of
  // the Commission's aluminium example: 25282).
  auto r = run(firm_xml(
      "<process id=\"p\" category=\"unwrought_aluminium\" output=\"200000\" unit=\"t\">\n"
      "<stream id=\"pfc\" method=\"pfc-slope\" aluminium=\"200000\" unit=\"t\" sef-cf4=\"0.102\" "
      "aem=\"0.15098396304012687\" f-c2f6=\"0.12\" collection-efficiency=\"0.97\"/>\n"
      "<good cn=\"76011010\" quantity=\"200000\" unit=\"t\"/>\n</process>\n"));
  CHECK(tco2e(process(r, "p").direct) == doctest::Approx(25282.0));
}

TEST_CASE("PFC: overvoltage method (IR 2025/2547 Annex II B.7.2, Eq. 24-26)") {
  // CF4 = OVC 1.16 × (AEO 50 / CE 95) × 1000 t × 0.001 = 0.6105263 t; C2F6 = × 0.121 =
  // 0.0738737 t; CO2e = 0.6105263 × 6630 + 0.0738737 × 11100 = 4867.7874; / 0.97 = 5018.3375
  auto r = run(firm_xml(
      "<process id=\"p\" category=\"unwrought_aluminium\" output=\"1000\" unit=\"t\">\n"
      "<stream id=\"pfc\" method=\"pfc-overvoltage\" aluminium=\"1000\" unit=\"t\" ovc=\"1.16\" "
      "aeo=\"50\" current-efficiency=\"95\" f-c2f6=\"0.121\" collection-efficiency=\"0.97\"/>\n"
      "<good cn=\"76011010\" quantity=\"1000\" unit=\"t\"/>\n</process>\n"));
  CHECK(tco2e(process(r, "p").direct) == doctest::Approx(5018.337493217579).epsilon(1e-12));
}

TEST_CASE("Combustion with an EF per tonne of fuel and process emissions with a biomass share") {
  // 10 t × 3.1 tCO2/t × OF 0.99 × (1 − 0.2) = 24.552; process 100 t × 0.44 × (1 − 0.25) = 33
  auto r = run(firm_xml(
      "<process id=\"p\" category=\"cement\" output=\"1\" unit=\"t\">\n"
      "<stream id=\"f\" method=\"combustion\" quantity=\"10\" unit=\"t\" ef=\"3.1\" ef-unit=\"tCO2e/t\" "
      "oxidation=\"0.99\" biomass-fraction=\"0.2\"/>\n"
      "<stream id=\"c\" method=\"process\" material=\"raw meal\" quantity=\"100\" unit=\"t\" factor=\"0.44\" "
      "factor-unit=\"tCO2e/t\" biomass-fraction=\"0.25\"/>\n"
      "<good cn=\"25232900\" quantity=\"1\" unit=\"t\"/>\n</process>\n"));
  CHECK(tco2e(process(r, "p").direct) == doctest::Approx(24.552 + 33));
}

TEST_CASE("A purchased precursor known by category: SEE indirect from electricity × factor, Annex II by category") {
  // The Commission's carbon-steel screws: AL 17000 t; DirEm* 3337.95; electricity 3400 MWh ×
  // 0.833 = 2832.2; precursor 'iron_steel_products' 20000 t with SEE_dir 1.539 and 0.3455925
  // MWh/t × 0.5902905879 tCO2/MWh = 0.204 tCO2e/t.
  // SEE_dir = 3337.95/17000 + 20000/17000 × 1.539 = 0.19635 + 1.810588 = 2.0069382
  // SEE_ind (all) = 2832.2/17000 + 20000/17000 × 0.204 = 0.1666 + 0.24 = 0.4066
  // counted: 0 (screws and the steel precursor are Annex II goods, Reg. 2023/956 Annex II).
  auto r = run(firm_xml(
      "<process id=\"p\" category=\"iron_steel_products\" output=\"17000\" unit=\"t\">\n"
      "<direct-emissions quantity=\"3337.95\" unit=\"tCO2e\"/>\n"
      "<electricity quantity=\"3400\" unit=\"MWh\" factor-source=\"stated\" factor=\"0.833\" "
      "factor-unit=\"tCO2e/MWh\" method=\"D.4(b)\"/>\n"
      "<precursor category=\"iron_steel_products\" quantity=\"20000\" unit=\"t\" source=\"supplier\" "
      "supplier=\"Carbon steel\" origin=\"CN\" see-direct=\"1.539\" see-basis=\"default\" "
      "specific-electricity=\"0.3455925\" specific-electricity-unit=\"MWh/t\" "
      "electricity-factor=\"0.5902905879033833\" electricity-factor-unit=\"tCO2e/MWh\"/>\n"
      "<good cn=\"73181542\" quantity=\"17000\" unit=\"t\"/>\n</process>\n"));
  const auto& p = process(r, "p");
  CHECK(see(p.see_direct) == doctest::Approx(2.0069382352941174));
  CHECK(see(p.see_indirect_all) == doctest::Approx(0.4066));
  CHECK(see(p.see_indirect_counted) == 0.0);
  CHECK(p.method == greengate::calc::DataMethod::mixed);  // the supplier's values are defaults
  REQUIRE(r.goods.size() == 1);
  CHECK(see(r.goods[0].see_indirect) == doctest::Approx(0.4066));
}

TEST_CASE("SEE indirect carries through an Annex II precursor process in the template's view only") {
  // Primary smelting P1: AL 200000, DirEm* 311000, 3 000 000 MWh × 0.41 = 1 230 000 t indirect;
  // forming P2: AL 113000, DirEm* 5283, 105000 MWh × 0.41 = 43050, consumes 120000 t of P1.
  // P2 SEE_dir = (5283 + 120000 × 1.555)/113000 = 1.6980796; SEE_ind all = (43050 + 120000 ×
  // 6.15)/113000 = 6.9119469 (Summary_Products!J11 of the Commission's aluminium example);
  // counted 0: aluminium is an Annex II good. P1 makes no CN code of its own here.
  auto r = run(firm_xml(
      "<process id=\"P1\" category=\"unwrought_aluminium\" output=\"200000\" unit=\"t\">\n"
      "<direct-emissions quantity=\"311000\" unit=\"tCO2e\"/>\n"
      "<electricity quantity=\"3000000\" unit=\"MWh\" factor-source=\"stated\" factor=\"0.41\" factor-unit=\"tCO2e/MWh\"/>\n"
      "</process>\n"
      "<process id=\"P2\" category=\"aluminium_products\" output=\"113000\" unit=\"t\">\n"
      "<direct-emissions quantity=\"5283\" unit=\"tCO2e\"/>\n"
      "<electricity quantity=\"105000\" unit=\"MWh\" factor-source=\"stated\" factor=\"0.41\" factor-unit=\"tCO2e/MWh\"/>\n"
      "<precursor category=\"unwrought_aluminium\" quantity=\"120000\" unit=\"t\" source=\"process\" process=\"P1\"/>\n"
      "<good cn=\"76051900\"/>\n</process>\n"));
  const auto& p1 = process(r, "P1");
  const auto& p2 = process(r, "P2");
  CHECK(p1.direct_only);  // no good: Annex II membership from its category
  CHECK(see(p2.see_direct) == doctest::Approx(1.698079646017699));
  CHECK(see(p2.see_indirect_all) == doctest::Approx(6.9119469026548686));
  CHECK(see(p2.see_indirect_counted) == 0.0);
  REQUIRE(r.goods.size() == 1);
  CHECK_FALSE(r.goods[0].quantity_stated);
}

TEST_CASE("Inventory streams need every process to state DirEm*, and are checked against them") {
  std::string stream = "<stream id=\"S1\" method=\"process\" material=\"raw meal\" quantity=\"1000\" "
                       "unit=\"t\" factor=\"0.5\" factor-unit=\"tCO2e/t\"/>\n";
  std::string proc_no_dirm = "<process id=\"p\" category=\"cement\" output=\"1000\" unit=\"t\">\n"
                             "<good cn=\"25232900\" quantity=\"1000\" unit=\"t\"/>\n</process>\n";
  CHECK(load_errors(firm_xml(proc_no_dirm + stream)) ==
        "t.xml:6: error: firm/installation[i]/stream[S1]: a stream shared by the installation needs "
        "<attribution process=\"…\" share=\"…\"/> children (without them it only counts in the "
        "installation's inventory, which needs <direct-emissions> in every process)");
  // inventory 1000 × 0.5 = 500 t against DirEm* 450 t: 50 t not attributed, reported
  auto r = run(firm_xml("<process id=\"p\" category=\"cement\" output=\"1000\" unit=\"t\">\n"
                        "<direct-emissions quantity=\"450\" unit=\"tCO2e\"/>\n"
                        "<good cn=\"25232900\" quantity=\"1000\" unit=\"t\"/>\n</process>\n" + stream));
  REQUIRE(r.differences.size() == 1);
  CHECK(r.differences[0].message ==
        "the installation's source streams add up to 500 tCO2e, its processes' DirEm* to 450 "
        "tCO2e: 50 tCO2e are not attributed to a CBAM production process (non-CBAM goods, "
        "electricity or heat produced for others, or an attribution error)");
  CHECK(see(process(r, "p").see_direct) == doctest::Approx(0.45));
}

TEST_CASE("Goods without a quantity: one producer takes the process SEE, two producers cannot be weighted") {
  auto one = run(firm_xml("<process id=\"p\" category=\"cement\" output=\"100\" unit=\"t\">\n"
                          "<direct-emissions quantity=\"80\" unit=\"tCO2e\"/>\n"
                          "<good cn=\"25232900\"/>\n<good cn=\"25231000\"/>\n</process>\n",
                          "<export cn=\"25232900\" installation=\"i\" year=\"2026\" quantity=\"10\" unit=\"t\" destination=\"DE\"/>\n"));
  // SEE 80/100 = 0.8; 10 t exported → 8 tCO2e
  CHECK(u::in_tco2e(one.exports[0].embedded) == doctest::Approx(8.0));
  std::string two = "<process id=\"a\" category=\"cement\" output=\"100\" unit=\"t\">\n"
                    "<direct-emissions quantity=\"80\" unit=\"tCO2e\"/>\n<good cn=\"25232900\"/>\n</process>\n"
                    "<process id=\"b\" category=\"cement\" output=\"100\" unit=\"t\">\n"
                    "<direct-emissions quantity=\"60\" unit=\"tCO2e\"/>\n<good cn=\"25232900\" quantity=\"100\" unit=\"t\"/>\n</process>\n";
  CHECK_THROWS_WITH_AS(run(firm_xml(two, "<export cn=\"25232900\" installation=\"i\" year=\"2026\" quantity=\"10\" unit=\"t\" destination=\"DE\"/>\n")),
                       doctest::Contains("CN 2523 29 00 is made by 2 processes of i and this one states no quantity"),
                       greengate::InputError);
}

TEST_CASE("New attributes are checked like the old ones") {
  CHECK(load_errors(firm_xml("<process id=\"p\" category=\"cement\" output=\"1\" unit=\"t\">\n"
                             "<precursor category=\"cemnt\" quantity=\"1\" unit=\"t\" source=\"supplier\" see-direct=\"1\"/>\n"
                             "<good cn=\"25232900\" quantity=\"1\" unit=\"t\"/>\n</process>\n")) ==
        "t.xml:4: error: firm/installation[i]/process[p]/precursor: 'category' is not an aggregated goods category (got \"cemnt\"; see docs/firm-format.md)");
  CHECK(load_errors(firm_xml("<process id=\"p\" category=\"cement\" output=\"1\" unit=\"t\">\n"
                             "<precursor category=\"cement_clinker\" quantity=\"1\" unit=\"t\" source=\"supplier\" see-direct=\"1\" "
                             "see-indirect=\"0.5\" specific-electricity=\"1\" specific-electricity-unit=\"MWh/t\" "
                             "electricity-factor=\"0.4\" electricity-factor-unit=\"tCO2e/MWh\"/>\n"
                             "<good cn=\"25232900\" quantity=\"1\" unit=\"t\"/>\n</process>\n")) ==
        "t.xml:4: error: firm/installation[i]/process[p]/precursor: 'see-indirect' (0.5) differs from specific-electricity × electricity-factor (0.4)");
  CHECK(load_errors(firm_xml("<process id=\"p\" category=\"unwrought_aluminium\" output=\"1\" unit=\"t\">\n"
                             "<stream id=\"x\" method=\"pfc-overvoltage\" aluminium=\"1\" unit=\"t\" ovc=\"1\" aeo=\"1\" "
                             "current-efficiency=\"0\" f-c2f6=\"0.1\"/>\n"
                             "<good cn=\"76011010\" quantity=\"1\" unit=\"t\"/>\n</process>\n")) ==
        "t.xml:4: error: firm/installation[i]/process[p]/stream[x]: 'current-efficiency' must be greater than 0 (per cent; Eq. 24 divides by it)");
}

TEST_CASE("firm_to_xml writes every bundled example so that it reads back to the same results") {
  for (const char* ex : {"eaf-rebar-mill", "cement-plant", "aluminium-extruder",
                         "wind-tower-fabricator", "nitrogen-fertiliser-plant"}) {
    INFO(ex);
    std::string path = greengate::test::source_dir() + "/examples/" + ex + ".xml";
    auto firm = greengate::model::load_firm(path, ex).get();
    std::string xml = greengate::model::firm_to_xml(firm);
    auto back = greengate::model::parse_firm(xml, ex);
    REQUIRE(back.diagnostics().format() == "");
    greengate::calc::EmissionsOptions opt;
    auto a = greengate::calc::compute_emissions(firm, greengate::test::dataset(), opt);
    auto b = greengate::calc::compute_emissions(back.get(), greengate::test::dataset(), opt);
    REQUIRE(a.goods.size() == b.goods.size());
    for (std::size_t i = 0; i < a.goods.size(); ++i) {
      CHECK(see(a.goods[i].see_direct) == doctest::Approx(see(b.goods[i].see_direct)).epsilon(1e-12));
      CHECK(see(a.goods[i].see_indirect_counted) == doctest::Approx(see(b.goods[i].see_indirect_counted)).epsilon(1e-12));
    }
    REQUIRE(a.exports.size() == b.exports.size());
    for (std::size_t i = 0; i < a.exports.size(); ++i)
      CHECK(u::in_tco2e(a.exports[i].embedded) == doctest::Approx(u::in_tco2e(b.exports[i].embedded)).epsilon(1e-12));
    // and the writer is stable: writing what it read gives the same text
    CHECK(greengate::model::firm_to_xml(back.get()) == xml);
    // the footprint extension (buildings, mobile, refrigerants, instruments, products) is carried too
    const auto& f2 = back.get();
    CHECK(f2.buildings.size() == firm.buildings.size());
    CHECK(f2.products.size() == firm.products.size());
    CHECK(f2.consolidation == firm.consolidation);
    CHECK(f2.company_urn == firm.company_urn);
    for (std::size_t i = 0; i < firm.installations.size(); ++i) {
      CHECK(f2.installations[i].inventory.size() == firm.installations[i].inventory.size());
      CHECK(f2.installations[i].instruments.size() == firm.installations[i].instruments.size());
    }
    for (std::size_t i = 0; i < firm.products.size(); ++i) {
      CHECK(f2.products[i].inputs.size() == firm.products[i].inputs.size());
      CHECK(f2.products[i].transport.size() == firm.products[i].transport.size());
    }
    auto rules = greengate::rules::load_rules(greengate::test::source_dir() + "/rules/footprint/inventory.xml",
                                              "inventory.xml").get();
    greengate::calc::InventoryOptions io;
    auto fa = greengate::calc::compute_inventory(firm, greengate::test::dataset(), rules, io);
    auto fb = greengate::calc::compute_inventory(back.get(), greengate::test::dataset(), rules, io);
    CHECK(u::in_tco2e(fa.scope1_total) == doctest::Approx(u::in_tco2e(fb.scope1_total)).epsilon(1e-12));
    CHECK(u::in_tco2e(fa.scope2_location) == doctest::Approx(u::in_tco2e(fb.scope2_location)).epsilon(1e-12));
    CHECK(u::in_tco2e(fa.scope2_market) == doctest::Approx(u::in_tco2e(fb.scope2_market)).epsilon(1e-12));
  }
}

TEST_CASE("emissions --format json reports see_direct, see_indirect and see_indirect_counted per good") {
  // one cement good: direct 0.8, indirect 100 MWh × 0.5 / 100 t = 0.5, counted (cement) 0.5
  auto r = run(firm_xml("<process id=\"p\" category=\"cement\" output=\"100\" unit=\"t\">\n"
                        "<direct-emissions quantity=\"80\" unit=\"tCO2e\"/>\n"
                        "<electricity quantity=\"100\" unit=\"MWh\" factor-source=\"stated\" factor=\"0.5\" factor-unit=\"tCO2e/MWh\"/>\n"
                        "<good cn=\"25232900\" quantity=\"100\" unit=\"t\"/>\n</process>\n"));
  std::string json = greengate::report::emissions_json(r, false);
  CHECK(json.find("\"see_direct\":0.8,\"see_indirect\":0.5,\"see_indirect_counted\":0.5") != std::string::npos);
}
