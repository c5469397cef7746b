// Embedded emissions (Reg. 2023/956 Annex IV; IR 2025/2547): each method with a value worked by
// hand, precursor chains, Annex II filtering and the default-value route.
#include <doctest/doctest.h>

#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/text/number_format.hpp"
#include "test_data.hpp"

namespace u = greengate::units;
using greengate::test::firm_xml;
using greengate::test::process;
using greengate::test::run;

namespace {
// A crude-steel process (Annex II good 7207 11 14) of output `al` t with the given streams.
std::string steel(const std::string& streams, const std::string& al = "1000") {
  return "<process id=\"p\" category=\"crude_steel\" output=\"" + al + "\" unit=\"t\">\n" + streams +
         "<good cn=\"72071114\" quantity=\"" + al + "\" unit=\"t\"/>\n</process>\n";
}
double direct(const greengate::calc::EmissionsReport& r) { return u::in_tco2e(process(r, "p").direct); }
double see(const greengate::calc::ProcessResult& p) { return u::in_tco2e_per_tonne(p.see_counted()); }
}  // namespace

TEST_CASE("Combustion with library NCV and EF: 1000 t natural gas → 2692.8 tCO2") {
  // FQ 1000 t × NCV 0.048 TJ/t (IPCC 48 TJ/Gg) = 48 TJ; × EF 56.1 tCO2/TJ × OF 1 = 2692.8 t
  auto r = run(firm_xml(steel("<stream id=\"ng\" method=\"combustion\" fuel=\"natural_gas\" quantity=\"1000\" unit=\"t\"/>\n")));
  CHECK(direct(r) == doctest::Approx(2692.8));
  CHECK(see(process(r, "p")) == doctest::Approx(2.6928));  // / AL 1000 t
  CHECK(r.factors_used.count("fuel.natural_gas.ncv") == 1);
  CHECK(r.factors_used.count("fuel.natural_gas.ef") == 1);
}

TEST_CASE("Combustion by volume with the supplier's NCV: 1000 thousand Nm3 → 1935.45 tCO2") {
  // 1000 × 1000 Nm3 × 0.0345 TJ/1000Nm3 = 34.5 TJ × 56.1 = 1935.45 t
  auto r = run(firm_xml(steel("<stream id=\"ng\" method=\"combustion\" fuel=\"natural_gas\" quantity=\"1000\" unit=\"1000Nm3\" ncv=\"0.0345\" ncv-unit=\"TJ/1000Nm3\"/>\n")));
  CHECK(direct(r) == doctest::Approx(1935.45));
}

TEST_CASE("Combustion with oxidation factor and biomass fraction") {
  // 100 t × 0.0156 TJ/t = 1.56 TJ × 112 = 174.72 × OF 0.99 = 172.9728 × (1 − 0.4) = 103.78368 t
  auto r = run(firm_xml(steel("<stream id=\"w\" method=\"combustion\" fuel=\"wood_waste\" quantity=\"100\" unit=\"t\" ncv=\"15.6\" ncv-unit=\"GJ/t\" ef=\"112\" ef-unit=\"tCO2e/TJ\" oxidation=\"0.99\" biomass-fraction=\"0.4\"/>\n")));
  CHECK(direct(r) == doctest::Approx(103.78368));
}

TEST_CASE("Process emissions: carbonates × conversion factor") {
  // CaCO3 2000 t × 0.440 × CF 0.98 = 862.4; MgCO3 100 t × 0.522 = 52.2; total 914.6 t
  auto r = run(firm_xml(steel(
      "<stream id=\"ca\" method=\"process\" material=\"CaCO3\" quantity=\"2000\" unit=\"t\" factor-id=\"carbonate.caco3\" conversion-factor=\"0.98\"/>\n"
      "<stream id=\"mg\" method=\"process\" material=\"MgCO3\" quantity=\"100000\" unit=\"kg\" factor-id=\"carbonate.mgco3\"/>\n")));
  CHECK(direct(r) == doctest::Approx(914.6));
}

TEST_CASE("Mass balance: 3.664 × (1 × 0.85 − 0.8 × 0.04) = 2.9972 (IR 2025/2547 Eq. 12)") {
  // 3.664 × (0.85 − 0.032) = 3.664 × 0.818 = 2.997152 tCO2 for AL 1 t
  auto r = run(firm_xml(steel(
      "<stream id=\"mb\" method=\"mass-balance\">\n"
      "<input material=\"coal\" quantity=\"1\" unit=\"t\" carbon-content=\"0.85\"/>\n"
      "<output material=\"steel\" quantity=\"0.8\" unit=\"t\" carbon-content=\"0.04\"/>\n"
      "</stream>\n", "1")));
  CHECK(direct(r) == doctest::Approx(2.997152));
  CHECK(greengate::text::format_fixed(direct(r), 4) == "2.9972");
}

TEST_CASE("Mass balance with the carbon contents of IR 2025/2547 Annex II point G Table 5") {
  // pig iron 0.0409 tC/t (Table 5; the research data's recalled 0.047 was wrong):
  //   1000 t × 0.0409 × 3.664 = 149.8576 t, a verified factor
  auto r = run(firm_xml(steel(
      "<stream id=\"mb\" method=\"mass-balance\">\n"
      "<input material=\"pig iron\" quantity=\"1000\" unit=\"t\" carbon-content-factor=\"carbon_content.pig_iron\"/>\n"
      "</stream>\n")));
  CHECK(direct(r) == doctest::Approx(149.8576));
  auto unv = r.unverified();
  CHECK(std::find(unv.begin(), unv.end(), "carbon_content.pig_iron") == unv.end());
  // steel leaving the furnace: 0.0109 tC/t (Table 5; not 0.0025): 1000 t × 0.0109 × 3.664 = 39.9376 t out
  auto s = run(firm_xml(steel(
      "<stream id=\"mb\" method=\"mass-balance\">\n"
      "<input material=\"pig iron\" quantity=\"1000\" unit=\"t\" carbon-content-factor=\"carbon_content.pig_iron\"/>\n"
      "<output material=\"steel\" quantity=\"1000\" unit=\"t\" carbon-content-factor=\"carbon_content.steel\"/>\n"
      "</stream>\n")));
  CHECK(direct(s) == doctest::Approx(149.8576 - 39.9376));
}

TEST_CASE("Measured CO2, measured N2O (GWP 265) and PFC by the slope method") {
  // measured 1234.5 t; N2O 500 kg = 0.5 t × 265 = 132.5 t
  auto r = run(firm_xml(steel(
      "<stream id=\"cems\" method=\"measured\" gas=\"CO2\" quantity=\"1234.5\" unit=\"tCO2e\"/>\n"
      "<stream id=\"n2o\" method=\"n2o\" quantity=\"500\" unit=\"kg\"/>\n")));
  CHECK(direct(r) == doctest::Approx(1234.5 + 132.5));
  // CF4 = 0.143 kg/(t·AEM) × 0.5 AEM × 100000 t / 1000 = 7.15 t; C2F6 = 7.15 × 0.121 = 0.86515 t
  // CO2e = 7.15 × 6630 + 0.86515 × 11100 = 47404.5 + 9603.165 = 57007.665 t
  auto a = run(firm_xml(
      "<process id=\"p\" category=\"unwrought_aluminium\" route=\"primary\" output=\"100000\" unit=\"t\">\n"
      "<stream id=\"pfc\" method=\"pfc-slope\" aluminium=\"100000\" unit=\"t\" sef-cf4=\"0.143\" aem=\"0.5\" f-c2f6=\"0.121\"/>\n"
      "<good cn=\"76011000\" quantity=\"100000\" unit=\"t\"/>\n</process>\n"));
  CHECK(direct(a) == doctest::Approx(57007.665));
}

TEST_CASE("Shared streams are attributed by share, heat imported adds and exported subtracts") {
  // boiler 100 t measured: 60 % to p, 40 % to q; heat: +10 TJ × 50 − 2 TJ × 50 = +400
  auto r = run(firm_xml(
      "<process id=\"p\" category=\"crude_steel\" output=\"100\" unit=\"t\">\n"
      "<heat direction=\"import\" quantity=\"10\" unit=\"TJ\" factor=\"50\" factor-unit=\"tCO2e/TJ\"/>\n"
      "<heat direction=\"export\" quantity=\"2000\" unit=\"GJ\" factor=\"50\" factor-unit=\"tCO2e/TJ\"/>\n"
      "<good cn=\"72071114\" quantity=\"100\" unit=\"t\"/></process>\n"
      "<process id=\"q\" category=\"iron_steel_products\" output=\"100\" unit=\"t\">\n"
      "<good cn=\"72142000\" quantity=\"100\" unit=\"t\"/></process>\n"
      "<stream id=\"boiler\" method=\"measured\" gas=\"CO2\" quantity=\"100\" unit=\"tCO2e\">\n"
      "<attribution process=\"p\" share=\"0.6\"/><attribution process=\"q\" share=\"0.4\"/></stream>\n"));
  CHECK(u::in_tco2e(process(r, "p").direct) == doctest::Approx(60 + 400));
  CHECK(u::in_tco2e(process(r, "q").direct) == doctest::Approx(40));
}

TEST_CASE("Two-level precursor chain: pig iron → crude steel → rebar") {
  // A pig iron: 150 t / 100 t = 1.5 t/t (own electricity 10 MWh × 0.5 = 5 t: Annex II, not counted)
  // B crude steel: 40/200 + (120/200) × 1.5 = 0.2 + 0.9 = 1.1
  // C rebar: 9/180 + (190/180) × 1.1 = 0.05 + 1.161111 = 1.211111
  auto r = run(firm_xml(
      "<process id=\"a\" category=\"pig_iron\" output=\"100\" unit=\"t\">\n"
      "<stream id=\"a1\" method=\"measured\" gas=\"CO2\" quantity=\"150\" unit=\"tCO2e\"/>\n"
      "<electricity quantity=\"10\" unit=\"MWh\" factor-source=\"ppa\" factor=\"0.5\" factor-unit=\"tCO2e/MWh\" evidence=\"PPA 1\"/>\n"
      "<good cn=\"72011011\" quantity=\"100\" unit=\"t\"/></process>\n"
      "<process id=\"b\" category=\"crude_steel\" output=\"200\" unit=\"t\">\n"
      "<stream id=\"b1\" method=\"measured\" gas=\"CO2\" quantity=\"40\" unit=\"tCO2e\"/>\n"
      "<precursor cn=\"72011011\" quantity=\"120\" unit=\"t\" source=\"process\" process=\"a\"/>\n"
      "<good cn=\"72071114\" quantity=\"200\" unit=\"t\"/></process>\n"
      "<process id=\"c\" category=\"iron_steel_products\" output=\"180\" unit=\"t\">\n"
      "<stream id=\"c1\" method=\"measured\" gas=\"CO2\" quantity=\"9\" unit=\"tCO2e\"/>\n"
      "<precursor cn=\"72071114\" quantity=\"190\" unit=\"t\" source=\"process\" process=\"b\"/>\n"
      "<good cn=\"72142000\" quantity=\"180\" unit=\"t\"/></process>\n"));
  CHECK(see(process(r, "a")) == doctest::Approx(1.5));
  CHECK(u::in_tco2e_per_tonne(process(r, "a").see_indirect_all) == doctest::Approx(0.05));
  CHECK(see(process(r, "b")) == doctest::Approx(1.1));
  CHECK(see(process(r, "c")) == doctest::Approx(0.05 + 190.0 / 180.0 * 1.1));
  CHECK(process(r, "c").method == greengate::calc::DataMethod::actual);
}

TEST_CASE("Annex II filtering: a DRI plant keeps its pellets' indirect part but not its own") {
  // Pellets 2601 12 00 (not Annex II): direct 70/1000 = 0.07, indirect 100 MWh × 0.2 / 1000 = 0.02
  // DRI (Annex II): direct 30/100 + 1.45 × 0.07 = 0.4015; own electricity 50 × 0.2 = 10 t ignored;
  //   indirect carried from pellets 1.45 × 0.02 = 0.029 (IR 2025/2547 Annex I 3.1; case V13)
  auto r = run(firm_xml(
      "<process id=\"pel\" category=\"sintered_ore\" output=\"1000\" unit=\"t\">\n"
      "<stream id=\"s\" method=\"measured\" gas=\"CO2\" quantity=\"70\" unit=\"tCO2e\"/>\n"
      "<electricity quantity=\"100\" unit=\"MWh\" factor-source=\"ppa\" factor=\"0.2\" factor-unit=\"tCO2e/MWh\" evidence=\"x\"/>\n"
      "<good cn=\"26011200\" quantity=\"1000\" unit=\"t\"/></process>\n"
      "<process id=\"dri\" category=\"dri\" output=\"100\" unit=\"t\">\n"
      "<stream id=\"d\" method=\"measured\" gas=\"CO2\" quantity=\"30\" unit=\"tCO2e\"/>\n"
      "<electricity quantity=\"50\" unit=\"MWh\" factor-source=\"ppa\" factor=\"0.2\" factor-unit=\"tCO2e/MWh\" evidence=\"x\"/>\n"
      "<precursor cn=\"26011200\" quantity=\"145\" unit=\"t\" source=\"process\" process=\"pel\"/>\n"
      "<good cn=\"72031000\" quantity=\"100\" unit=\"t\"/></process>\n"));
  const auto& pel = process(r, "pel");
  CHECK_FALSE(pel.direct_only);
  CHECK(u::in_tco2e_per_tonne(pel.see_indirect_counted) == doctest::Approx(0.02));
  const auto& dri = process(r, "dri");
  CHECK(dri.direct_only);
  CHECK(u::in_tco2e_per_tonne(dri.see_direct) == doctest::Approx(0.4015));
  CHECK(u::in_tco2e_per_tonne(dri.see_indirect_counted) == doctest::Approx(0.029));
  CHECK(see(dri) == doctest::Approx(0.4305));
}

TEST_CASE("Annex II filtering: hydrogen as a precursor of ammonia carries direct emissions only") {
  // H2 (Annex II): 100/10 = 10 t/t direct; own indirect 100 MWh × 0.5 = 50 t not counted.
  // NH3: 10/50 + (9/50) × 10 = 0.2 + 1.8 = 2.0 direct; indirect 20 × 0.5 / 50 = 0.2 (own only)
  auto r = run(firm_xml(
      "<process id=\"h2\" category=\"hydrogen\" output=\"10\" unit=\"t\">\n"
      "<stream id=\"h\" method=\"measured\" gas=\"CO2\" quantity=\"100\" unit=\"tCO2e\"/>\n"
      "<electricity quantity=\"100\" unit=\"MWh\" factor-source=\"ppa\" factor=\"0.5\" factor-unit=\"tCO2e/MWh\" evidence=\"x\"/>\n"
      "<good cn=\"28041000\" quantity=\"10\" unit=\"t\"/></process>\n"
      "<process id=\"nh3\" category=\"ammonia\" output=\"50\" unit=\"t\">\n"
      "<stream id=\"n\" method=\"measured\" gas=\"CO2\" quantity=\"10\" unit=\"tCO2e\"/>\n"
      "<electricity quantity=\"20\" unit=\"MWh\" factor-source=\"ppa\" factor=\"0.5\" factor-unit=\"tCO2e/MWh\" evidence=\"x\"/>\n"
      "<precursor cn=\"28041000\" quantity=\"9\" unit=\"t\" source=\"process\" process=\"h2\"/>\n"
      "<good cn=\"28141000\" quantity=\"50\" unit=\"t\"/></process>\n"));
  const auto& nh3 = process(r, "nh3");
  CHECK(u::in_tco2e_per_tonne(nh3.see_direct) == doctest::Approx(2.0));
  CHECK(u::in_tco2e_per_tonne(nh3.see_indirect_counted) == doctest::Approx(0.2));
  CHECK(see(nh3) == doctest::Approx(2.2));
  CHECK(u::in_tco2e_per_tonne(process(r, "h2").see_indirect_counted) == doctest::Approx(0.0));
}

TEST_CASE("Precursors on default values take the import year's mark-up, mixed method") {
  // Ukraine 7201 default 2.173 (IR 2025/2621 Annex I); m = 50/100 = 0.5
  // 2026: 0.5 × 2.173 × 1.10 = 1.19515; 2027: 0.5 × 2.173 × 1.20 = 1.3038
  std::string xml = firm_xml(
      "<process id=\"p\" category=\"crude_steel\" output=\"100\" unit=\"t\">\n"
      "<precursor cn=\"72011011\" quantity=\"50\" unit=\"t\" source=\"default\" origin=\"UA\"/>\n"
      "<good cn=\"72071114\" quantity=\"100\" unit=\"t\"/></process>\n");
  auto r26 = run(xml, 2026);
  CHECK(see(process(r26, "p")) == doctest::Approx(1.19515));
  CHECK(process(r26, "p").method == greengate::calc::DataMethod::mixed);
  auto r27 = run(xml, 2027);
  CHECK(see(process(r27, "p")) == doctest::Approx(1.3038));
}

TEST_CASE("Precursor of unknown origin: Annex IV DRI 4.200 × 1.10 = 4.62 (2026)") {
  // m = 10/100; 0.1 × 4.62 = 0.462
  auto r = run(firm_xml(
      "<process id=\"p\" category=\"crude_steel\" output=\"100\" unit=\"t\">\n"
      "<precursor cn=\"72031000\" quantity=\"10\" unit=\"t\" source=\"unknown-origin\"/>\n"
      "<good cn=\"72071114\" quantity=\"100\" unit=\"t\"/></process>\n"));
  CHECK(see(process(r, "p")) == doctest::Approx(0.462));
}

TEST_CASE("Precursors from the EU count as zero, supplier values are used as given") {
  // EU pig iron: 0; supplier DRI 20 t × (1.10 + 0.05): DRI is Annex II, so into steel only
  // 1.10 direct counts: 20/100 × 1.10 = 0.22; unverified supplier data is flagged in the trace
  auto r = run(firm_xml(
      "<process id=\"p\" category=\"crude_steel\" output=\"100\" unit=\"t\">\n"
      "<precursor cn=\"72011011\" quantity=\"50\" unit=\"t\" source=\"default\" origin=\"DE\"/>\n"
      "<precursor cn=\"72031000\" quantity=\"20\" unit=\"t\" source=\"supplier\" see-direct=\"1.10\" see-indirect=\"0.05\"/>\n"
      "<good cn=\"72071114\" quantity=\"100\" unit=\"t\"/></process>\n"));
  const auto& p = process(r, "p");
  CHECK(see(p) == doctest::Approx(0.22));
  CHECK(p.method == greengate::calc::DataMethod::actual);
  bool flagged = false;
  for (const auto& n : p.precursors[1].trace.notes) flagged |= n.en().find("NOT verified") != std::string::npos;
  CHECK(flagged);
}

TEST_CASE("Goods and exports on default values: rebar from Türkiye in 2027 → 2.772 t/t") {
  // 1000 t × 2.31 × 1.20 = 2772 tCO2e
  auto r = run(firm_xml("<good cn=\"72142000\" quantity=\"5000\" unit=\"t\" method=\"default\"/>\n", 
                        "<export cn=\"72142000\" installation=\"i\" year=\"2027\" quantity=\"1000\" unit=\"t\" destination=\"DE\"/>\n"),
               2026);
  REQUIRE(r.goods.size() == 1);
  CHECK(u::in_tco2e_per_tonne(r.goods[0].see_counted) == doctest::Approx(2.541));  // 2026 view
  REQUIRE(r.exports.size() == 1);
  CHECK(u::in_tco2e_per_tonne(r.exports[0].see_counted) == doctest::Approx(2.772));
  CHECK(u::in_tco2e(r.exports[0].embedded) == doctest::Approx(2772));
  CHECK(u::in_tco2e(r.exports_embedded) == doctest::Approx(2772));  // the only export
  CHECK(r.exports[0].method == greengate::calc::DataMethod::default_values);
}

TEST_CASE("A missing factor is an explicit gap, never a silent zero") {
  auto r = run(firm_xml(steel("<stream id=\"x\" method=\"combustion\" fuel=\"unobtainium\" quantity=\"10\" unit=\"t\"/>\n")));
  const auto& p = process(r, "p");
  CHECK_FALSE(p.complete);
  REQUIRE(r.gaps.size() == 2);
  CHECK(r.gaps[0].message == "factor 'fuel.unobtainium.ncv' is not in the factor library");
  CHECK(r.gaps[1].message == "factor 'fuel.unobtainium.ef' is not in the factor library");
}

TEST_CASE("Electricity consumed: the IR 2025/2621 Annex II default of the country (IR 2025/2547 Annex II point D.4)") {
  std::string proc =
      "<process id=\"p\" category=\"cement\" output=\"100\" unit=\"t\">\n"
      "<electricity quantity=\"1000\" unit=\"MWh\" factor-source=\"country-default\"%s/>\n"
      "<good cn=\"25232900\" quantity=\"100\" unit=\"t\"/></process>\n";
  auto with = [&](const std::string& extra) {
    std::string s = proc;
    s.replace(s.find("%s"), 2, extra);
    return run(firm_xml(s));
  };
  // Türkiye's row: 0.420 tCO2e/MWh (verified, OJ text): 1000 MWh × 0.420 / 100 t = 4.2 t/t indirect
  auto tr = with("");
  CHECK(process(tr, "p").complete);
  CHECK(u::in_tco2e_per_tonne(process(tr, "p").see_indirect_counted) == doctest::Approx(4.2));
  auto unv = tr.unverified();
  CHECK(std::find(unv.begin(), unv.end(), "electricity.annex_ii.tr") == unv.end());
  // a national grid factor (ETKB 0.439) is not one the act admits for CBAM: the Annex II value is
  // used and the trace says which rule chose it
  auto grid = run(firm_xml(
      "<process id=\"p\" category=\"cement\" output=\"100\" unit=\"t\">\n"
      "<electricity quantity=\"1000\" unit=\"MWh\" factor-source=\"grid\" factor-id=\"grid.tr.gross_generation_avg\"/>\n"
      "<good cn=\"25232900\" quantity=\"100\" unit=\"t\"/></process>\n"));
  CHECK(u::in_tco2e_per_tonne(process(grid, "p").see_indirect_counted) == doctest::Approx(4.2));
  // a country the annex does not list (Iceland): its row 'Other countries and territories' 0.465
  auto is = run(firm_xml(std::string(proc).replace(proc.find("%s"), 2, ""), "", "IS"));
  CHECK(u::in_tco2e_per_tonne(process(is, "p").see_indirect_counted) == doctest::Approx(4.65));
}

TEST_CASE("Issue 15 defect 1: many processes making one good and many exports of it stay linear") {
  // 30 processes p0..p29 each make 100 t of rebar 7214 20 00 with measured emissions of
  // (k + 1) × 10 tCO2e, so SEE_k = (k + 1) / 10 t/t. The production-weighted SEE over equal
  // outputs is the mean: (1 + 2 + … + 30) / 30 / 10 = 465 / 300 = 1.55 t/t; each of the 40 exports
  // of 2 t embeds 3.1 t. Each export's trace lists 20 processes (not 30), and says so: a trace no
  // longer holds processes × exports nodes.
  std::string procs, exports;
  for (int k = 0; k < 30; ++k)
    procs += "<process id=\"p" + std::to_string(k) + "\" category=\"iron_steel_products\" output=\"100\" unit=\"t\">"
             "<stream id=\"s" + std::to_string(k) + "\" method=\"measured\" gas=\"CO2\" quantity=\"" +
             std::to_string((k + 1) * 10) + "\" unit=\"tCO2e\"/><good cn=\"72142000\" quantity=\"100\" unit=\"t\"/></process>\n";
  for (int k = 0; k < 40; ++k)
    exports += "<export cn=\"72142000\" installation=\"i\" year=\"2026\" quantity=\"2\" unit=\"t\" destination=\"IT\"/>\n";
  auto r = run(firm_xml(procs, exports));
  REQUIRE(r.exports.size() == 40);
  for (const auto& x : r.exports) {
    CHECK(u::in_tco2e_per_tonne(x.see_counted) == doctest::Approx(1.55));
    CHECK(u::in_tco2e(x.embedded) == doctest::Approx(3.1));
    CHECK(x.trace.children.size() == 20);
    REQUIRE(x.trace.notes.size() == 1);
    CHECK(x.trace.notes[0].en().find("30 processes produce CN 7214 20 00 at i: the first 20 are listed") == 0);
  }
  CHECK(r.processes.size() == 30);
  // The exports' total is the engine's (faces add nothing up): 40 × 3.1 = 124 tCO2e, complete.
  CHECK(u::in_tco2e(r.exports_embedded) == doctest::Approx(124.0));
  CHECK(r.exports_complete);
}

TEST_CASE("An export outside the CBAM period is refused by the engine, naming its place") {
  // rules/cbam/money.xml: the period is 2026-2034 (cbam.period.*); the fixture's export is of
  // 2025, a year without CBAM money. The firm file itself is well formed (the loader checks only a
  // four-digit year); the engine, which knows the period, refuses it.
  const std::string path = "tests/data/bad/bad-export-year.xml";
  auto firm = greengate::model::load_firm(greengate::test::source_dir() + "/" + path, path);
  REQUIRE(firm.ok());
  try {
    (void)greengate::calc::compute_emissions(firm.get(), greengate::test::dataset(), {});
    FAIL("an export of 2025 was accepted");
  } catch (const greengate::InputError& e) {
    CHECK(e.diagnostics().format() ==
          "tests/data/bad/bad-export-year.xml:11: error: firm/export[7207 11 14]: 'year' must be an import year "
          "of the CBAM definitive period, 2026 to 2034 (got 2025)");
  }
}
