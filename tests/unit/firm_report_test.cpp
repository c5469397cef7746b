// The signed report (issue 16): the model, the HTML, the catalogue and the fingerprint.

#include <doctest/doctest.h>

#include <map>
#include <regex>

#include "greengate/calc/obligation.hpp"
#include "greengate/report/firm_report.hpp"
#include "greengate/report/messages.hpp"
#include "greengate/report/screening_output.hpp"
#include "greengate/text/catalogue.hpp"
#include "test_data.hpp"

namespace gr = greengate::report;
namespace gc = greengate::calc;
namespace u = greengate::units;
using greengate::test::dataset;
using greengate::test::money;
using greengate::test::source_dir;

namespace {
const char* kExamples[] = {"aluminium-extruder.xml", "cement-plant.xml",           "eaf-rebar-mill.xml",
                           "hydrogen-producers.xml", "nitrogen-fertiliser-plant.xml", "wind-tower-fabricator.xml"};

const greengate::rules::RuleSet& taxonomy_rules() { return greengate::test::rules_in("rules/taxonomy"); }

const greengate::rules::RuleSet& quality_rules() { return greengate::test::rules_in("rules/quality"); }

const greengate::rules::RuleSet& footprint_rules() { return greengate::test::rules_in("rules/footprint"); }

const greengate::rules::RuleSet& hydrogen_rules() { return greengate::test::rules_in("rules/hydrogen"); }

gr::FirmReport report_of(const std::string& example, const gc::PriceBook& prices) {
  auto firm = greengate::model::load_firm(source_dir() + "/examples/" + example, "examples/" + example).get();
  gc::MoneyContext mc{dataset(), money(), prices, std::nullopt, nullptr};
  gr::ReportOptions opt;
  opt.date = greengate::Date{2026, 12, 1};
  opt.program_version = "greengate test";
  opt.input_name = "examples/" + example;
  opt.input_sha256 = "0";
  opt.quality_rules = &quality_rules();
  opt.footprint_rules = &footprint_rules();
  opt.hydrogen_rules = &hydrogen_rules();
  return gr::build_firm_report(firm, dataset(), mc, &taxonomy_rules(), opt);
}

const gc::PriceBook& scenarios() {
  static const auto book =
      gc::PriceBook::from_csv_file(source_dir() + "/examples/price-scenarios.csv", "price-scenarios.csv").get();
  return book;
}
}  // namespace

TEST_CASE("Report catalogue: both languages have the same keys, and numbers follow the language") {
  const auto& en = gr::Messages::builtin(gr::Lang::en);
  const auto& tr = gr::Messages::builtin(gr::Lang::tr);
  CHECK(en.keys() == tr.keys());
  CHECK(en.keys().size() > 150);
  CHECK(en.number(1234567.891, 1) == "1,234,567.9");
  CHECK(tr.number(1234567.891, 1) == "1.234.567,9");
  CHECK(tr.number(-0.04, 1) == "0,0");  // rounded to zero: no "-0,0"
  CHECK(en.percent(0.2, 0) == "20 %");
  CHECK(tr.percent(0.2, 0) == "%20");
  CHECK(tr.percent(0.975, 1) == "%97,5");
  CHECK(tr.trimmed(0.42, 6) == "0,42");
  CHECK(en("no.such.key") == "[no.such.key]");
  CHECK(tr.format("s5.year", {"2027"}) == "2027 yılı ithalatı");
}

TEST_CASE("Report catalogue: a malformed or incomplete catalogue names its line") {
  CHECK_THROWS_AS(gr::Messages::from_text("number.thousands = ,\nnumber.point = .\nnumber.percent = after\nbroken\n",
                                          "x.properties", "en"),
                  greengate::DefinitionError);
  try {
    gr::Messages::from_text("number.thousands = ,\nnumber.point = .\nnumber.percent = after\na = 1\na = 2\n",
                            "x.properties", "en");
    FAIL("duplicate key accepted");
  } catch (const greengate::DefinitionError& e) {
    CHECK(e.diagnostics().format().find("x.properties:5: error: duplicate key 'a'") != std::string::npos);
  }
  CHECK_THROWS_AS(gr::Messages::from_text("number.thousands = ,\nnumber.point = .\n", "x.properties", "en"),
                  greengate::DefinitionError);  // number.percent missing
}

TEST_CASE("SHA-256 of the input: FIPS 180-4 test vectors") {
  CHECK(gr::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(gr::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // 56 bytes: the length no longer fits the first padded block
  CHECK(gr::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(gr::sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("Report: wind-tower fabricator at EUR 80, the headline numbers of 7308 20 00 worked by hand") {
  // SEE 2026 on actual data (tests/unit/obligation_test.cpp, exposure of the wind towers):
  //   own direct 2360.5318 t (gas 1050 × 0.0345 TJ × 56.1 + propane 110 × 0.0473 × 63.1)
  //   + precursors 61 500 + 13 668 + 27 957.6 + 13 171.18 = 116 296.78 → 118 657.31 / 60 000 t
  //   = 1.977621863 tCO2e/t (Annex II good: direct only)
  // 2026 exports: 22 000 t to DE → 22 000 × 1.977621863 = 43 507.68 tCO2e;
  //               16 000 t to DK → 31 641.95 tCO2e; the adjustment is unknown (D7), so
  //   certificates = embedded (an upper bound), total 75 149.63; cost at EUR 80 = 6 011 970.4
  auto r = report_of("wind-tower-fabricator.xml", gc::PriceBook::flat(80));
  REQUIRE(r.emissions.goods.size() == 1);
  CHECK(u::in_tco2e_per_tonne(r.emissions.goods[0].see_counted) == doctest::Approx(1.977621863));
  REQUIRE(r.obligations.size() == 2);  // 2026 and 2027 have declared exports
  REQUIRE(r.obligations[0].result);
  const auto& ob = *r.obligations[0].result;
  REQUIRE(ob.lines.size() == 2);
  CHECK(u::in_tco2e(ob.lines[0].line.embedded) == doctest::Approx(43507.68).epsilon(1e-6));
  CHECK(u::in_tco2e(ob.total_certificates) == doctest::Approx(75149.63).epsilon(1e-6));
  CHECK(u::in_eur(ob.total_cost) == doctest::Approx(75149.63 * 80).epsilon(1e-6));
  CHECK(ob.faa_incomplete);
  // every 2026-2034 year has the flat price: the exposure is there
  CHECK(r.exposure.has_value());
  auto en = gr::firm_report_html(r, gr::Lang::en);
  auto tr = gr::firm_report_html(r, gr::Lang::tr);
  CHECK(en.find(">1.978</a>") != std::string::npos);
  CHECK(tr.find(">1,978</a>") != std::string::npos);
  CHECK(en.find(">43,507.7</a>") != std::string::npos);
  CHECK(tr.find(">43.507,7</a>") != std::string::npos);
  CHECK(en.find(">75,149.6</a>") != std::string::npos);
  CHECK(tr.find(">6.011.970</a>") != std::string::npos);
  CHECK(tr.find("%97,5") != std::string::npos);  // the 2026 CBAM factor, Turkish percent
  CHECK(en.find("97.5 %") != std::string::npos);
}

TEST_CASE("Report: published prices only — years without a price are gaps, never priced") {
  // The library publishes 2026 prices only: the 2027 obligation and the 2026-2034 exposure
  // cannot be computed and the report says so (section 5 and section 8).
  auto r = report_of("eaf-rebar-mill.xml", gc::PriceBook::published(dataset().factors));
  REQUIRE(r.obligations.size() == 2);
  CHECK(r.obligations[0].result.has_value());
  CHECK_FALSE(r.obligations[1].result.has_value());
  CHECK(r.obligations[1].gap.en().find("no certificate price for 2027") != std::string::npos);
  CHECK_FALSE(r.exposure.has_value());
  // no exposure, no grade: said, never made up
  CHECK_FALSE(r.quality.has_value());
  CHECK(r.quality_gap.en().find("no certificate price for 2027") != std::string::npos);
  bool listed = false;
  for (const auto& g : r.gaps) listed = listed || g.where == "obligation 2027";
  CHECK(listed);
  auto html = gr::firm_report_html(r, gr::Lang::en);
  CHECK(html.find("Not computed: no certificate price for 2027") != std::string::npos);
  // the published price is a factor of section 7 with its source and status
  bool price_row = false;
  for (const auto& f : r.factors) price_row = price_row || f.used_for == "price";
  CHECK(price_row);
  // the adjustment's benchmark rows are listed too: Column A of 7214 20 00 is 0.038 tCO2e/t
  // (IR 2025/2620, the Commission's workbook row 401), with its source and status
  bool bm = false;
  for (const auto& f : r.factors)
    if (f.used_for == "benchmark" && f.id.find("7214 20 00") != std::string::npos) {
      bm = true;
      CHECK(f.value == doctest::Approx(0.038));
      CHECK(f.provenance.source.find("2025/2620") != std::string::npos);
    }
  CHECK(bm);
}

TEST_CASE("Report: every example firm, both languages — all sections, no missing word, deterministic") {
  const std::regex missing_key(R"(\[(doc|s[0-9]+|sign)\.[a-z_.0-9]+\])");
  for (const char* ex : kExamples) {
    std::string example = ex;
    CAPTURE(example);
    auto r = report_of(ex, scenarios());
    for (auto lang : {gr::Lang::en, gr::Lang::tr}) {
      const auto& m = gr::Messages::builtin(lang);
      auto html = gr::firm_report_html(r, lang);
      for (int s = 1; s <= 10; ++s)
        CHECK(html.find(gr::html_escape(m("s" + std::to_string(s) + ".title"))) != std::string::npos);
      CHECK(html.find(gr::html_escape(m("sign.title"))) != std::string::npos);
      CHECK_FALSE(std::regex_search(html, missing_key));
      CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));  // only the SVG namespace
      CHECK(html.find("https://") == std::string::npos);
      CHECK(html.find("<script") == std::string::npos);
      // byte for byte: the same report rendered again, and built again
      CHECK(gr::firm_report_html(r, lang) == html);
      CHECK(gr::firm_report_html(report_of(ex, scenarios()), lang) == html);
      // the engine's data-quality grade (every year has a price in the scenario file)
      // (a firm without exports has no exposure, so no grade, and the report says so)
      CHECK(html.find("id=\"data-quality\"") != std::string::npos);
      CHECK(r.quality.has_value() == !r.firm.exports.empty());
      if (r.quality)
        CHECK(html.find(gr::html_escape(m.format("dq.grade", {r.quality->firm.grade, m.trimmed(r.quality->firm.score, 1)}))) !=
              std::string::npos);
      else
        CHECK(html.find(gr::html_escape(m.format("s2.dq_none", {r.quality_gap.str(m)}))) != std::string::npos);
    }
  }
}

TEST_CASE("Report: every trace entry has a source location, every factor a source and a status") {
  for (const char* ex : kExamples) {
    std::string example = ex;
    CAPTURE(example);
    auto r = report_of(ex, scenarios());
    CHECK(r.good_trace.size() == r.emissions.goods.size());
    CHECK(r.process_trace.size() == r.emissions.processes.size());
    for (const auto& t : r.traces) {
      CAPTURE(t.id);
      REQUIRE(t.node != nullptr);
      CHECK_FALSE(t.where.str().empty());
      CHECK(r.find_trace(t.id) == &t);
    }
    for (const auto& yo : r.obligations)
      if (yo.result) {
        CHECK(yo.line_trace.size() == yo.result->lines.size());
        CHECK_FALSE(yo.total_trace.empty());
      }
    for (const auto& f : r.factors) {
      CAPTURE(f.id);
      CHECK_FALSE(f.provenance.source.empty());
      CHECK_FALSE(f.provenance.pos.str().empty());
    }
  }
}

TEST_CASE("Report: the firm's name cannot break out of the HTML or the page header") {
  auto firm = greengate::model::load_firm(source_dir() + "/examples/cement-plant.xml", "cement-plant.xml").get();
  firm.name = "A\"<script>x</script>\\ }@page{";
  auto prices = gc::PriceBook::flat(80);
  gc::MoneyContext mc{dataset(), money(), prices, std::nullopt, nullptr};
  gr::ReportOptions opt;
  opt.date = greengate::Date{2026, 12, 1};
  auto r = gr::build_firm_report(firm, dataset(), mc, nullptr, opt);
  auto html = gr::firm_report_html(r, gr::Lang::en);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("A&quot;&lt;script&gt;") != std::string::npos);
  CHECK(html.find("\"A\\22 \\3c script\\3e x\\3c /script\\3e \\5c  }@page{ · 2026-12-01\"") != std::string::npos);
}

TEST_CASE("Report cover: the legal acts a source names, in short form, once each") {
  using V = std::vector<std::string>;
  CHECK(gr::legal_acts("Commission Implementing Regulation (EU) 2025/2621 Annex II (OJ L, 31.12.2025)") ==
        V{"IR (EU) 2025/2621"});
  CHECK(gr::legal_acts("Directive 2003/87/EC Art 10a(1a) (CBAM factor)") == V{"Directive 2003/87/EC"});
  CHECK(gr::legal_acts("Directive (EU) 2018/2001 Annex V Part C point 5") == V{"Directive (EU) 2018/2001"});
  // the defaults table: the act, then the act that replaced its Annex I; "IR 2026/1740" is the same act
  CHECK(gr::legal_acts("Commission Implementing Regulation (EU) 2025/2621 Annex I as replaced by Implementing "
                       "Regulation (EU) 2026/1740 (workbook); see IR 2026/1740") ==
        V{"IR (EU) 2025/2621", "IR (EU) 2026/1740"});
  CHECK(gr::legal_acts("DR (EU) 2025/2359 Annex (default values for natural gas)") == V{"DR (EU) 2025/2359"});
  // publishers are not acts; a word ending in "IR" is not the abbreviation
  CHECK(gr::legal_acts("IPCC 2006 Guidelines Vol. 2 Ch. 1 Table 1.2 (NCV)").empty());
  CHECK(gr::legal_acts("ETKB/EVÇED: enerji.gov.tr page").empty());
  CHECK(gr::legal_acts("AIR 2025/2621").empty());
  CHECK(gr::legal_acts("Regulation (EU) 20/5").empty());
}

TEST_CASE("Report with --uncertainty: ranges next to the SEE and the certificates, the method in section 8") {
  auto firm = greengate::model::load_firm(source_dir() + "/examples/cement-plant.xml", "examples/cement-plant.xml").get();
  gc::MoneyContext mc{dataset(), money(), scenarios(), std::nullopt, nullptr};
  gr::ReportOptions opt;
  opt.date = greengate::Date{2026, 12, 1};
  opt.program_version = "greengate test";
  opt.input_name = "examples/cement-plant.xml";
  opt.input_sha256 = "0";
  opt.quality_rules = &quality_rules();
  auto plain = gr::build_firm_report(firm, dataset(), mc, &taxonomy_rules(), opt);
  CHECK_FALSE(plain.see_uncertainty);
  auto plain_html = gr::firm_report_html(plain, gr::Lang::tr);
  CHECK(plain_html.find("id=\"uncertainty\"") == std::string::npos);  // off by default: the report as before
  opt.uncertainty_samples = 2000;
  opt.uncertainty_seed = 7;
  auto r = gr::build_firm_report(firm, dataset(), mc, &taxonomy_rules(), opt);
  REQUIRE(r.see_uncertainty);
  // the same figures as the engine's own Monte Carlo with the same samples and seed
  gc::EmissionsOptions eo;
  eo.year = firm.reporting_year;
  gc::UncertaintyOptions uo;
  uo.samples = 2000;
  uo.seed = 7;
  auto direct = gc::emissions_uncertainty(firm, dataset(), eo, uo);
  REQUIRE(direct.figures.size() == r.see_uncertainty->figures.size());
  const auto& m = gr::Messages::builtin(gr::Lang::tr);
  auto html = gr::firm_report_html(r, gr::Lang::tr);
  CHECK(html.find("id=\"uncertainty\"") != std::string::npos);
  CHECK(html.find("<th>%95 aralığı</th>") != std::string::npos);
  std::size_t varying = 0;
  for (const auto& g : r.emissions.goods) {
    if (!g.in_scope) continue;
    const auto* f = direct.find(gc::figure_key(g));
    REQUIRE(f != nullptr);
    if (!f->varies) continue;
    ++varying;
    CHECK(std::abs(f->mean - f->deterministic) / f->deterministic < 0.01);
    const std::string cell = "<td class=\"n range\">" + m.number(f->p025, 3) + " – " + m.number(f->p975, 3) + "</td>";
    CHECK(html.find(cell) != std::string::npos);
  }
  CHECK(varying > 0);  // the kiln burns library fuels whose NCV and EF have IPCC bounds
  bool year_range = false;
  for (const auto& yo : r.obligations) {
    if (!yo.result) continue;
    REQUIRE(yo.uncertainty);
    const auto* cert = yo.uncertainty->find("certificates");
    REQUIRE(cert != nullptr);
    CHECK(cert->deterministic == doctest::Approx(u::in_tco2e(yo.result->total_certificates)));
    year_range = year_range || html.find("Sertifikalar " + m.number(cert->p025, 1) + " – ") != std::string::npos ||
                 html.find(m.number(cert->p025, 1) + " – " + m.number(cert->p975, 1) + " tCO2e") != std::string::npos;
  }
  CHECK(year_range);
  // deterministic: the same seed gives the same document
  auto again = gr::build_firm_report(firm, dataset(), mc, &taxonomy_rules(), opt);
  CHECK(gr::firm_report_html(again, gr::Lang::tr) == html);
}

TEST_CASE("Report section 8: the plausibility warnings of the data, in the report's language") {
  // 1000 t of goods from a process whose activity level is 100 t: goods_exceed_activity
  auto firm = greengate::test::firm_from(greengate::test::firm_xml(
      "<process id=\"p\" category=\"crude_steel\" output=\"100\" unit=\"t\">\n"
      "<stream id=\"gas\" method=\"combustion\" fuel=\"natural_gas\" quantity=\"100\" unit=\"t\"/>\n"
      "<good cn=\"72071114\" quantity=\"1000\" unit=\"t\"/>\n</process>\n"));
  gc::MoneyContext mc{dataset(), money(), scenarios(), std::nullopt, nullptr};
  gr::ReportOptions opt;
  opt.date = greengate::Date{2026, 12, 1};
  opt.quality_rules = &quality_rules();
  auto r = gr::build_firm_report(firm, dataset(), mc, nullptr, opt);
  REQUIRE_FALSE(r.plausibility.empty());
  CHECK(r.plausibility[0].code == "goods_exceed_activity");
  auto tr = gr::firm_report_html(r, gr::Lang::tr);
  auto en = gr::firm_report_html(r, gr::Lang::en);
  // the web's words (web/i18n plaus.goods_exceed_activity), numbers in the language's convention
  CHECK(tr.find("p süreci: ürünlerinin toplamı 1.000 t; faaliyet düzeyinden (çıktı) 100 t fazla.") != std::string::npos);
  CHECK(en.find("Process p: its goods add up to 1,000 t, more than its activity level (output) of 100 t.") !=
        std::string::npos);
  CHECK(tr.find(">Akla yatkınlık uyarıları</h3>") != std::string::npos);
  // without rules/quality the section says the data was not checked, never "no warning"
  opt.quality_rules = nullptr;
  auto unchecked = gr::build_firm_report(firm, dataset(), mc, nullptr, opt);
  CHECK(unchecked.plausibility.empty());
  CHECK(gr::firm_report_html(unchecked, gr::Lang::en).find("The data was not checked for plausibility") !=
        std::string::npos);
}

TEST_CASE("Report cover: every factor table with its version and act, rule sets with theirs") {
  auto r = report_of("cement-plant.xml", scenarios());
  REQUIRE(r.data_tables.size() == dataset().factors.tables().size());
  std::map<std::string, const gr::DataTableRow*> by_id;
  for (const auto& t : r.data_tables) by_id[t.id] = &t;
  // factors/electricity.xml: 127 Annex II + 18 Annex III values under IR 2025/2621, 3 ETKB values
  // (Türkiye's national grid factors, a ministry's publication, not an act) = 148 values
  REQUIRE(by_id.count("electricity"));
  CHECK(by_id["electricity"]->acts == std::vector<std::string>{"IR (EU) 2025/2621"});
  CHECK(by_id["electricity"]->values == 148);
  CHECK(by_id["electricity"]->without_act == 3);
  // the defaults table's header names the act and the act that replaced its Annex I
  REQUIRE(by_id.count("ir2621-annex-i"));
  CHECK(by_id["ir2621-annex-i"]->version == "IR2026/1740");
  CHECK(std::find(by_id["ir2621-annex-i"]->acts.begin(), by_id["ir2621-annex-i"]->acts.end(), "IR (EU) 2026/1740") !=
        by_id["ir2621-annex-i"]->acts.end());
  // the country list cites no act: its publisher is shown instead
  REQUIRE(by_id.count("iso-3166-1"));
  CHECK(by_id["iso-3166-1"]->acts.empty());
  CHECK(by_id["iso-3166-1"]->publisher.find("ISO 3166-1") == 0);
  auto html = gr::firm_report_html(r, gr::Lang::tr);
  CHECK(html.find("id=\"data-versions\"") != std::string::npos);
  const std::string row = "<td class=\"loc\">electricity</td><td class=\"loc\">" + by_id["electricity"]->version +
                          "</td><td>IR (EU) 2025/2621 <span class=\"small\">ve 148 değerden 3 tanesi";
  CHECK(html.find(row) != std::string::npos);
  bool money_rules = false;
  for (const auto& v : r.rule_versions) money_rules = money_rules || v.rfind("cbam-money ", 0) == 0;
  CHECK(money_rules);
}


TEST_CASE("Report section 6: the GHG inventory, the product footprint and the hydrogen test beside CBAM") {
  // Wind towers, Scope 1 worked by hand: CO2 = gas 1050 × 0.0345 TJ × 56.1 + propane 110 × 0.0473
  // × 63.1 = 2032.2225 + 328.3093 = 2360.5318 t; combustion CH4 and N2O (IPCC 2006 Vol. 2 Table 2.3,
  // 1 and 0.1 kg/TJ for both fuels) on 36.225 + 5.203 = 41.428 TJ: CH4 41.428 kg × GWP 28 = 1.160 t,
  // N2O 4.1428 kg × 265 = 1.098 t; Scope 1 = 2362.789 t.
  auto r = report_of("wind-tower-fabricator.xml", gc::PriceBook::flat(80));
  REQUIRE(r.inventory);
  CHECK(u::in_tco2e(r.inventory->scope1_total) == doctest::Approx(2362.789).epsilon(1e-5));
  // Section T2's footprint per section: 141.935936 t (footprint_test.cpp works its BOM by hand).
  REQUIRE(r.products.size() == 1);
  CHECK(u::in_tco2e(r.products[0].total) == doctest::Approx(141.935936).epsilon(1e-6));
  auto en = gr::firm_report_html(r, gr::Lang::en);
  auto tr = gr::firm_report_html(r, gr::Lang::tr);
  CHECK(en.find("id=\"scope1-total\"><b>2,362.8</b>") != std::string::npos);
  CHECK(tr.find("id=\"scope1-total\"><b>2.362,8</b>") != std::string::npos);
  CHECK(en.find("141,935.9 kgCO2e") != std::string::npos);
  CHECK(tr.find("141.935,9 kgCO2e") != std::string::npos);
  CHECK(en.find("6.3 Product carbon footprints") != std::string::npos);
  // The inventory's factors are listed in section 7 (the GWPs, which CBAM's figures do not use).
  bool gwp = false;
  for (const auto& f : r.factors) gwp |= f.used_for == "footprint" && f.id.find("gwp") != std::string::npos;
  CHECK(gwp);

  // Hydrogen: SMR with CCS at 2.98 kgCO2e/kgH2 (hydrogen_test.cpp), under 3.384: low-carbon.
  auto h = report_of("hydrogen-producers.xml", gc::PriceBook::flat(80));
  REQUIRE(h.hydrogen.size() == 3);
  CHECK(u::in_tco2e_per_tonne(h.hydrogen[0].per_tonne) == doctest::Approx(2.9757087).epsilon(1e-6));
  auto hen = gr::firm_report_html(h, gr::Lang::en);
  CHECK(hen.find("6.3 Low-carbon hydrogen") != std::string::npos);  // no product: hydrogen is 6.3
  CHECK(hen.find("<td class=\"n\">2.98</td>") != std::string::npos);

  // Without the footprint rules the section says so, and section 8 lists it.
  auto firm = greengate::model::load_firm(source_dir() + "/examples/wind-tower-fabricator.xml", "w.xml").get();
  gc::MoneyContext mc{dataset(), money(), gc::PriceBook::flat(80), std::nullopt, nullptr};
  gr::ReportOptions opt;
  opt.date = greengate::Date{2026, 12, 1};
  auto none = gr::build_firm_report(firm, dataset(), mc, nullptr, opt);
  CHECK_FALSE(none.inventory);
  CHECK(none.inventory_gap == "no footprint rule set was given");
  CHECK(gr::firm_report_html(none, gr::Lang::en).find("Not computed: no footprint rule set was given") != std::string::npos);
}

TEST_CASE("Report section 6 with --uncertainty: the footprints' ranges are the engine's Monte Carlo") {
  auto firm = greengate::model::load_firm(source_dir() + "/examples/wind-tower-fabricator.xml",
                                          "examples/wind-tower-fabricator.xml").get();
  gc::MoneyContext mc{dataset(), money(), gc::PriceBook::flat(80), std::nullopt, nullptr};
  gr::ReportOptions opt;
  opt.date = greengate::Date{2026, 12, 1};
  opt.footprint_rules = &footprint_rules();
  opt.hydrogen_rules = &hydrogen_rules();
  opt.uncertainty_samples = 2000;
  opt.uncertainty_seed = 7;
  auto r = gr::build_firm_report(firm, dataset(), mc, nullptr, opt);
  REQUIRE(r.inventory_uncertainty);
  gc::UncertaintyOptions uo;
  uo.samples = 2000;
  uo.seed = 7;
  auto direct = gc::inventory_uncertainty(firm, dataset(), footprint_rules(), gc::InventoryOptions{}, uo);
  const auto* f = direct.find("scope1");
  REQUIRE(f);
  REQUIRE(f->varies);
  CHECK(f->p025 < u::in_tco2e(r.inventory->scope1_total));
  CHECK(f->p975 > u::in_tco2e(r.inventory->scope1_total));
  const auto& en = greengate::text::Catalogue::builtin("en");
  auto html = gr::firm_report_html(r, gr::Lang::en);
  CHECK(html.find("id=\"scope1-total\"><b>2,362.8</b> <span class=\"small\">(95 %: " + en.number(f->p025, 1) + " – " +
                  en.number(f->p975, 1) + ")</span>") != std::string::npos);
  REQUIRE(r.product_uncertainty.size() == 1);
  REQUIRE(r.product_uncertainty[0]);
  CHECK(r.product_uncertainty[0]->find("pcf"));
}
