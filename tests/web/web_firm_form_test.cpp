// The firm form covers every construct of firm format v1 (docs/firm-format.md): mass-balance
// streams with their inputs/outputs, pfc-slope streams, measurable heat, streams shared by an
// installation with their attribution, Taxonomy activities. Pure functions, no socket:
// firm XML -> form -> submitted fields -> form -> XML, and the engine must give the same numbers
// for the original file and the one the form wrote. Loader errors on the new cells land on them.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "firm_form.hpp"
#include "i18n.hpp"
#include "render.hpp"
#include "greengate/calc/dataset.hpp"
#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/factors/fuels.hpp"
#include "greengate/model/firm_vocabulary.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/units/quantities.hpp"
#include "web_test_support.hpp"

namespace gw = greengate::web;

namespace {

const gw::FirmFormDef& def() { return greengate::webtest::bundled_form(); }

const greengate::calc::Dataset& dataset() {
  static const auto ds = greengate::calc::load_dataset(greengate::webtest::source_dir()).get();
  return ds;
}

// A fictitious aluminium smelter and cast house using every construct the form used to refuse.
const char* kAllConstructs = R"XML(<?xml version="1.0" encoding="UTF-8"?>
<firm schema="greengate-firm/1" id="t-al" name="Test Alüminyum" country="TR" reporting-year="2025" fictitious="true">
  <installation id="al" name="Smelter &amp; cast house" country="TR" address="İzmir" unlocode="TRALI">
    <process id="smelter" category="unwrought_aluminium" route="primary" benchmark-route="K" output="10000" unit="t">
      <stream id="anode-carbon" method="mass-balance">
        <input material="prebaked anodes" quantity="4000" unit="t" carbon-content="0.85"/>
        <input material="petroleum coke" quantity="500" unit="t" carbon-content="0.8"/>
        <output material="dust: filter" quantity="100" unit="t" carbon-content="0.5"/>
      </stream>
      <stream id="pfc" method="pfc-slope" aluminium="10000" unit="t" sef-cf4="0.143" aem="0.3" f-c2f6="0.121"/>
      <stream id="oil" method="combustion" fuel="residual_fuel_oil" quantity="300" unit="t"
              ncv="0.0404" ncv-unit="TJ/t" ef="77.4" ef-unit="tCO2e/TJ" oxidation="0.99" biomass-fraction="0.1"/>
      <stream id="soda" method="process" material="Na2CO3" quantity="50" unit="t" factor="0.415" factor-unit="tCO2e/t" conversion-factor="0.9"/>
      <heat direction="import" quantity="50" unit="TJ" factor="56.1" factor-unit="tCO2e/TJ"/>
      <electricity quantity="140000" unit="MWh" factor-source="grid" factor-id="grid.tr.gross_generation_avg"/>
      <good cn="7601 10 00" quantity="10000" unit="t"/>
    </process>
    <process id="cast" category="aluminium_products" output="9000" unit="t">
      <stream id="cems" method="measured" gas="CO2" quantity="120" unit="tCO2e"/>
      <heat direction="export" quantity="5000" unit="GJ" factor="56.1" factor-unit="tCO2e/TJ"/>
      <electricity quantity="6000" unit="MWh" factor-source="country-default" fallback="other"/>
      <precursor cn="7601 10 00" quantity="9500" unit="t" source="process" process="smelter"/>
      <precursor cn="7601 10 00" quantity="300" unit="t" source="supplier" supplier="X" see-direct="1600" see-indirect="20" see-unit="kgCO2e/t" verified="true"/>
      <good cn="7604 21 00" quantity="9000" unit="t"/>
    </process>
    <stream id="ng" method="combustion" fuel="natural_gas" quantity="1000" unit="1000Nm3" ncv="0.0345" ncv-unit="TJ/1000Nm3">
      <attribution process="smelter" share="0.4"/>
      <attribution process="cast" share="0.6"/>
    </stream>
    <stream id="site-carbon" method="mass-balance">
      <input material="pig_iron" quantity="100" unit="t" carbon-content-factor="carbon_content.pig_iron"/>
      <attribution process="smelter" share="0.5"/>
      <output material="slag" quantity="10" unit="t" carbon-content="0.01"/>
      <attribution process="cast" share="0.5"/>
    </stream>
    <good cn="7601 20 20" quantity="50" unit="t" method="default"/>
  </installation>
  <export cn="7604 21 00" installation="al" year="2026" quantity="1000" unit="t" destination="DE" importer="Y" carbon-price-paid="10"/>
  <activity id="al-act" code="3.8" name="Manufacture of aluminium" installation="al" process="smelter">
    <fact id="aluminium.route" value="primary"/>
    <evidence item="climate-risk-assessment" provided="true" document="report"/>
  </activity>
</firm>
)XML";

/// What a browser submits for a form: "sec.n" and "sec.i.col" for every shown row and cell.
std::map<std::string, std::string> fields_of(const gw::FirmForm& form) {
  std::map<std::string, std::string> f;
  for (const auto& s : def().sections()) {
    auto it = form.rows.find(s.key);
    std::size_t n = it == form.rows.end() ? 0 : it->second.size();
    if (!s.single) f[s.key + ".n"] = std::to_string(n);
    for (std::size_t i = 0; i < n; ++i)
      for (const auto& [col, value] : it->second[i]) f[s.key + "." + std::to_string(i) + "." + col] = value;
  }
  return f;
}

gw::FirmForm submit(const gw::FirmForm& form) {
  auto f = fields_of(form);
  return gw::form_from_fields(def(), [&](const std::string& k) { auto it = f.find(k); return it == f.end() ? std::string() : it->second; },
                              200);
}

greengate::calc::EmissionsReport compute(const std::string& xml) {
  auto firm = greengate::model::parse_firm(xml, "t.xml").get();
  return greengate::calc::compute_emissions(firm, dataset(), {});
}

/// Every number the engine reports per process, stream, good and export, by name (the form may
/// write a process's children in another order than the file).
std::map<std::string, double> numbers(const greengate::calc::EmissionsReport& r) {
  namespace u = greengate::units;
  std::map<std::string, double> out;
  for (const auto& p : r.processes) {
    std::string k = p.installation + "/" + p.process;
    out[k + " direct"] = u::in_tco2e(p.direct);
    out[k + " indirect"] = u::in_tco2e(p.indirect);
    out[k + " see_direct"] = u::in_tco2e_per_tonne(p.see_direct);
    out[k + " see_counted"] = u::in_tco2e_per_tonne(p.see_counted());
    for (const auto& s : p.streams) out[k + " stream " + s.id] = u::in_tco2e(s.emissions);
  }
  for (std::size_t i = 0; i < r.goods.size(); ++i)
    out["good " + std::to_string(i) + " " + r.goods[i].cn] = u::in_tco2e_per_tonne(r.goods[i].see_counted);
  for (std::size_t i = 0; i < r.exports.size(); ++i)
    out["export " + std::to_string(i)] = u::in_tco2e(r.exports[i].embedded);
  out["gaps"] = static_cast<double>(r.gaps.size());
  return out;
}

void check_same_numbers(const std::string& original, const std::string& written) {
  auto a = numbers(compute(original));
  auto b = numbers(compute(written));
  REQUIRE(a.size() == b.size());
  for (const auto& [k, v] : a) {
    INFO(k);
    REQUIRE(b.count(k));
    CHECK(b[k] == doctest::Approx(v).epsilon(1e-12));
  }
}

const std::vector<std::string> kExamples = {"aluminium-extruder.xml", "cement-plant.xml", "eaf-rebar-mill.xml",
                                            "nitrogen-fertiliser-plant.xml", "wind-tower-fabricator.xml"};

}  // namespace

TEST_CASE("Firm form round trip: mass balance, pfc-slope, heat and shared streams give the engine's numbers again") {
  std::vector<std::string> not_shown;
  auto form = gw::form_from_xml(def(), kAllConstructs, not_shown);
  const std::string first_not_shown = not_shown.empty() ? std::string() : not_shown.front();
  INFO(first_not_shown);
  CHECK(not_shown.empty());
  CHECK(form.rows["flow"].size() == 5);
  CHECK(form.rows["attr"].size() == 4);
  CHECK(form.rows["heat"].size() == 2);
  CHECK(form.rows["fact"].size() == 1);
  CHECK(form.rows["evid"].size() == 1);

  auto typed = submit(form);  // what comes back when the page is submitted unchanged
  CHECK(typed.rows == form.rows);
  auto xml = gw::form_to_xml(def(), typed);
  CHECK_FALSE(typed.has_errors());
  auto loaded = greengate::model::parse_firm(xml.xml, "form");
  INFO(loaded.diagnostics().format());
  REQUIRE(loaded.ok());

  SUBCASE("the same embedded emissions as the original file") { check_same_numbers(kAllConstructs, xml.xml); }

  SUBCASE("the mass balance by hand (IR 2025/2547 Annex II B.3.2 Eq. 12)") {
    // 3.664 × (Σ in AD×CC − Σ out AD×CC)
    //   = 3.664 × (4000 × 0.85 + 500 × 0.8 − 100 × 0.5) = 3.664 × (3400 + 400 − 50)
    //   = 3.664 × 3750 = 13 740 tCO2e
    auto n = numbers(compute(xml.xml));
    CHECK(n["al/smelter stream anode-carbon"] == doctest::Approx(13740.0));
    // PFC slope: CF4 = 0.143 × 0.3 × 10 000 / 1000 = 0.429 t, C2F6 = 0.429 × 0.121 = 0.051909 t;
    // 0.429 × 6630 + 0.051909 × 11 100 = 2844.27 + 576.1899 = 3420.4599 tCO2e (GWP AR5).
    CHECK(n["al/smelter stream pfc"] == doctest::Approx(3420.4599));
  }

  SUBCASE("form -> XML -> form loses nothing") {
    std::vector<std::string> again_not_shown;
    auto again = gw::form_from_xml(def(), xml.xml, again_not_shown);
    CHECK(again_not_shown.empty());
    CHECK(again.rows == form.rows);
  }
}

TEST_CASE("Firm form round trip: every example firm file is shown in full and gives the same numbers") {
  for (const auto& name : kExamples) {
    INFO(name);
    auto text = greengate::webtest::read_file(greengate::webtest::source_dir() + "/examples/" + name);
    std::vector<std::string> not_shown;
    auto form = gw::form_from_xml(def(), text, not_shown);
    CHECK(not_shown.empty());
    auto typed = submit(form);
    auto xml = gw::form_to_xml(def(), typed);
    CHECK_FALSE(typed.has_errors());
    auto loaded = greengate::model::parse_firm(xml.xml, "form");
    INFO(loaded.diagnostics().format());
    REQUIRE(loaded.ok());
    check_same_numbers(text, xml.xml);
    CHECK(loaded.get().activities.size() == greengate::model::parse_firm(text, "x").get().activities.size());
  }
}

TEST_CASE("Firm form: parts a file has but the form cannot hold are listed, not dropped silently") {
  std::string xml = kAllConstructs;
  // A unit the loader reads but format v1 does not allow, and an element the format does not have.
  const std::string unit = "factor-unit=\"tCO2e/t\"";
  xml.replace(xml.find(unit), unit.size(), "factor-unit=\"kgCO2e/t\"");
  xml.replace(xml.find("</firm>"), 7, "<note>x</note></firm>");
  std::vector<std::string> not_shown;
  auto form = gw::form_from_xml(def(), xml, not_shown);
  REQUIRE(not_shown.size() == 2);
  CHECK(not_shown[0] == "al/smelter: <stream id=\"soda\"> factor-unit=\"kgCO2e/t\"");
  CHECK(not_shown[1] == "<note>");
}

namespace {
/// The all-constructs file as a form, with `edit` applied before it is written as XML again.
struct Placed {
  gw::FirmForm form;
  greengate::Diagnostics unplaced;
};
Placed place_after(const std::function<void(gw::FirmForm&)>& edit) {
  std::vector<std::string> not_shown;
  Placed p{gw::form_from_xml(def(), kAllConstructs, not_shown), {}};
  edit(p.form);
  auto xml = gw::form_to_xml(def(), p.form);
  auto loaded = greengate::model::parse_firm(xml.xml, "form");
  if (!loaded.ok()) gw::place_diagnostics(def(), p.form, xml, loaded.diagnostics(), p.unplaced);
  return p;
}
std::string first_error(gw::FirmForm& f, const std::string& key) {
  return f.errors.count(key) && !f.errors[key].empty() ? f.errors[key][0] : std::string("(none)");
}
}  // namespace

TEST_CASE("Firm form: loader errors on the new sections land on the cell that caused them") {
  SUBCASE("a negative carbon content, on that input's cell, the value kept") {
    auto p = place_after([](gw::FirmForm& f) { f.rows["flow"][1]["cc"] = "-0.8"; });
    CHECK(p.unplaced.empty());
    CHECK(first_error(p.form, "flow.1.cc").find("'carbon-content' must be between 0 and 1") != std::string::npos);
    CHECK(p.form.rows["flow"][1]["cc"] == "-0.8");
    CHECK(p.form.errors.size() == 1);
  }
  SUBCASE("no carbon content at all, on the carbon-content cell") {
    auto p = place_after([](gw::FirmForm& f) { f.rows["flow"][0]["cc"] = ""; });
    CHECK(first_error(p.form, "flow.0.cc").find("needs 'carbon-content'") != std::string::npos);
  }
  SUBCASE("a pfc-slope parameter, on its cell") {
    auto p = place_after([](gw::FirmForm& f) { f.rows["stream"][1]["sef_cf4"] = "-1"; });
    CHECK(first_error(p.form, "stream.1.sef_cf4").find("'sef-cf4'") != std::string::npos);
  }
  SUBCASE("a heat factor typed with a decimal comma, on the factor cell") {
    auto p = place_after([](gw::FirmForm& f) { f.rows["heat"][0]["factor"] = "56,1"; });
    CHECK(first_error(p.form, "heat.0.factor").find("'factor'") != std::string::npos);
  }
  SUBCASE("shares that do not add up to 1, on every share of that stream") {
    auto p = place_after([](gw::FirmForm& f) { f.rows["attr"][1]["share"] = "0.5"; });
    CHECK(first_error(p.form, "attr.0.share").find("attribution shares sum to 0.9") != std::string::npos);
    CHECK(p.form.errors.count("attr.1.share"));
    CHECK_FALSE(p.form.errors.count("attr.2.share"));  // the other shared stream is fine
  }
  SUBCASE("an attribution to a process the installation does not have, on that process cell") {
    auto p = place_after([](gw::FirmForm& f) { f.rows["attr"][1]["proc"] = "rolling"; });
    CHECK(first_error(p.form, "attr.1.proc").find("unknown process 'rolling'") != std::string::npos);
  }
  SUBCASE("a stream without a process and without attribution, on its process cell") {
    auto p = place_after([](gw::FirmForm& f) {
      f.rows["attr"].erase(f.rows["attr"].begin(), f.rows["attr"].begin() + 2);  // the two rows of "ng"
    });
    CHECK(first_error(p.form, "stream.5.proc").find("a stream shared by the installation") != std::string::npos);
  }
  SUBCASE("an input naming a stream the installation does not have is an error on the stream cell") {
    auto p = place_after([](gw::FirmForm& f) { f.rows["flow"][0]["stream"] = "nowhere"; });
    CHECK(first_error(p.form, "flow.0.stream") == "form.err.unknown_stream");
  }
  SUBCASE("an input under a stream that is not a mass balance is the loader's error on that row") {
    auto p = place_after([](gw::FirmForm& f) { f.rows["flow"][0]["stream"] = "pfc"; });
    CHECK(first_error(p.form, "flow.0").find("unknown element <input>") != std::string::npos);
  }
}

TEST_CASE("Firm form: rows of the new sections are added and removed like the others") {
  auto form = gw::empty_firm_form(def());
  for (const char* sec : {"flow", "attr", "heat", "act", "fact", "evid"}) {
    INFO(sec);
    gw::apply_row_op(def(), form, std::string("add:") + sec);
    CHECK(form.rows[sec].size() == 2);
    gw::apply_row_op(def(), form, std::string("del:") + sec + ".0");
    CHECK(form.rows[sec].size() == 1);
  }
  // Untouched rows of the new sections are not written.
  auto xml = gw::form_to_xml(def(), form);
  CHECK(xml.xml.find("<heat") == std::string::npos);
  CHECK(xml.xml.find("<input") == std::string::npos);
  CHECK(xml.xml.find("<activity") == std::string::npos);
}

namespace {
// The hidden inputs named kept.* of a rendered form page, unescaped as a browser submits them.
std::map<std::string, std::string> kept_fields(const std::string& html) {
  std::map<std::string, std::string> out;
  const std::string open = "<input type=\"hidden\" name=\"kept.";
  for (auto at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
    auto name_start = at + open.size() - 5;
    auto name_end = html.find('"', name_start);
    auto value_start = html.find("value=\"", name_end) + 7;
    auto value_end = html.find('"', value_start);
    std::string v = html.substr(value_start, value_end - value_start), u;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i] != '&') { u += v[i]; continue; }
      auto semi = v.find(';', i);
      auto ent = v.substr(i, semi - i + 1);
      if (ent == "&amp;") u += '&';
      else if (ent == "&lt;") u += '<';
      else if (ent == "&gt;") u += '>';
      else if (ent == "&quot;") u += '"';
      else if (ent == "&#39;") u += '\'';
      else u += ent;
      i = semi;
    }
    out[html.substr(name_start, name_end - name_start)] = u;
  }
  return out;
}
}  // namespace

TEST_CASE("Firm form: footprint-extension elements are kept unchanged through the page and back") {
  auto text = greengate::webtest::read_file(greengate::webtest::source_dir() + "/examples/cement-plant.xml");
  std::vector<std::string> not_shown;
  auto form = gw::form_from_xml(def(), text, not_shown);
  CHECK(not_shown.empty());
  REQUIRE(form.kept.size() == 5);  // mobile, refrigerant, 2 instruments, building
  CHECK(form.kept[0].label == "izmir-plant: <mobile id=\"quarry-fleet\">");
  const auto& t = gw::Catalogue::builtin("en");
  auto html = gw::render_firm_form(t, def(), form, "token", {}, "/firm", dataset().period);
  auto fields = fields_of(form);
  for (auto& [k, v] : kept_fields(html)) fields[k] = v;
  auto again = gw::form_from_fields(def(), [&](const std::string& k) { auto it = fields.find(k); return it == fields.end() ? std::string() : it->second; }, 200);
  CHECK(again.kept == form.kept);
  auto xml = gw::form_to_xml(def(), again);
  auto firm = greengate::model::parse_firm(xml.xml, "form");
  INFO(firm.diagnostics().format());
  REQUIRE(firm.ok());
  const auto& f = firm.get();
  REQUIRE(f.installations.size() == 1);
  CHECK(f.installations[0].inventory.size() == 2);
  CHECK(f.installations[0].instruments.size() == 2);
  CHECK(f.buildings.size() == 1);
  CHECK(f.consolidation == "operational-control");
}

TEST_CASE("Regression (issue 14): '48.000' typed on the Turkish form is 48 000 t, not 48 t") {
  // The defect: a Turkish user typed 48.000 (forty-eight thousand) as a process output and the
  // form wrote output="48.000", read as 48 t: 2 678.9 tCO2e/t and a €2.57 billion bill.
  auto form = gw::empty_firm_form(def());
  form.rows["proc"][0]["output"] = "48.000";
  form.rows["good"][0]["quantity"] = "12.000,5";
  form.rows["stream"][0]["quantity"] = "1250.5";  // '.' cannot group here: refused in Turkish
  form.rows["elec"][0]["quantity"] = "1,234.5";   // mixed marks: refused
  const auto catalogues = gw::Catalogues{};
  const auto& tr = catalogues.get("tr");
  gw::read_form_numbers(def(), form, tr.convention(), [&](const std::string& typed, const greengate::text::NumberRead& r) {
    return tr.number_error(typed, r);
  });
  CHECK(form.rows["proc"][0]["output"] == "48000");
  CHECK(form.rows["good"][0]["quantity"] == "12000.5");
  REQUIRE(form.errors.count("stream.0.quantity"));
  CHECK(form.errors["stream.0.quantity"][0] == "='1250.5': Türkçede '.' binlikleri ayırır, ',' ondalık işaretidir — 1.250,5 mi demek istediniz?");
  REQUIRE(form.errors.count("elec.0.quantity"));
  CHECK(form.rows["elec"][0]["quantity"] == "1,234.5");  // a refused cell keeps what was typed
  // and a form filled from a file shows its plain numbers the Turkish way
  gw::FirmForm shown = gw::empty_firm_form(def());
  shown.rows["proc"][0]["output"] = "48000";
  shown.rows["good"][0]["quantity"] = "1234.5";
  gw::show_form_numbers(def(), shown, tr.convention());
  CHECK(shown.rows["proc"][0]["output"] == "48.000");
  CHECK(shown.rows["good"][0]["quantity"] == "1.234,5");
}

// ---- the selects the engine decides (issue 13: "Legal constants are data") --------------------

namespace {

const gw::ColumnDef& column(const gw::FirmFormDef& d, const std::string& sec, const std::string& key) {
  const auto* s = d.section(sec);
  REQUIRE(s);
  auto it = std::find_if(s->columns.begin(), s->columns.end(), [&](const gw::ColumnDef& c) { return c.key == key; });
  REQUIRE(it != s->columns.end());
  return *it;
}

/// A one-process form: category, benchmark route and one combustion stream of 100 t of `fuel`
/// without own NCV or EF (the library's are used).
std::map<std::string, std::string> one_process_fields(const std::string& category, const std::string& route,
                                                      const std::string& fuel) {
  return {{"firm.0.id", "t1"}, {"firm.0.name", "T"}, {"firm.0.country", "TR"}, {"firm.0.year", "2025"},
          {"inst.n", "1"}, {"inst.0.id", "a"}, {"inst.0.name", "A"}, {"inst.0.country", "TR"},
          {"proc.n", "1"}, {"proc.0.inst", "a"}, {"proc.0.id", "p"}, {"proc.0.category", category},
          {"proc.0.benchmark_route", route}, {"proc.0.output", "1000"}, {"proc.0.unit", "t"},
          {"stream.n", "1"}, {"stream.0.inst", "a"}, {"stream.0.proc", "p"}, {"stream.0.id", "s"},
          {"stream.0.method", "combustion"}, {"stream.0.fuel", fuel}, {"stream.0.quantity", "100"},
          {"stream.0.unit", "t"},
          {"good.n", "1"}, {"good.0.inst", "a"}, {"good.0.proc", "p"}, {"good.0.cn", "72142000"},
          {"good.0.quantity", "1000"}, {"good.0.unit", "t"}};
}

gw::FirmForm submitted(const gw::FirmFormDef& d, const std::map<std::string, std::string>& f) {
  return gw::form_from_fields(d, [&](const std::string& k) { auto it = f.find(k); return it == f.end() ? std::string() : it->second; },
                              200);
}

std::vector<std::string> with_blank(std::vector<std::string> v) {
  v.insert(v.begin(), "");
  return v;
}

}  // namespace

TEST_CASE("Firm form: the category, fuel and route selects are the loader's and the library's words") {
  // the lists the form typed by hand before issue 13, in the same order; the category list
  // without "electricity", which the loader refuses for a process ("electricity generation is not
  // supported by firm format v1")
  CHECK(column(def(), "proc", "category").options ==
        std::vector<std::string>{"", "calcined_clay", "cement_clinker", "cement", "aluminous_cement", "hydrogen",
                                 "ammonia", "nitric_acid", "urea", "mixed_fertilisers", "sintered_ore", "pig_iron",
                                 "ferro_alloys", "dri", "crude_steel", "iron_steel_products", "unwrought_aluminium",
                                 "aluminium_products"});
  CHECK(column(def(), "stream", "fuel").options ==
        std::vector<std::string>{"", "natural_gas", "gas_diesel_oil", "residual_fuel_oil", "lpg", "coking_coal",
                                 "other_bituminous_coal", "sub_bituminous_coal", "lignite", "anthracite",
                                 "petroleum_coke", "coke_oven_coke", "wood_waste"});
  CHECK(column(def(), "proc", "benchmark_route").options ==
        std::vector<std::string>{"", "A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L"});
  // … and they are the vocabulary's and the library's, not a copy of them
  std::vector<std::string> categories;
  for (auto c : greengate::model::kGoodsCategories)
    if (greengate::model::is_process_category(c)) categories.emplace_back(c);
  CHECK(column(def(), "proc", "category").options == with_blank(categories));
  CHECK(column(def(), "stream", "fuel").options == with_blank(greengate::factors::library_fuels(dataset().factors)));
}

TEST_CASE("Firm form: a fuel added to the factor set is offered, and accepted when submitted") {
  namespace fs = std::filesystem;
  const std::string src = greengate::webtest::source_dir();
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(src + "/factors"))
    if (e.path().extension() == ".xml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> paths, names;
  for (const auto& f : files) {
    paths.push_back(f.string());
    names.push_back("factors/" + f.filename().string());
  }
  paths.push_back(src + "/tests/data/fuels/extra-fuel.xml");  // fuel.test_biogas.ncv and .ef
  names.push_back("extra-fuel.xml");
  auto lib = greengate::factors::load_factor_files(paths, names);
  INFO(lib.diagnostics().format());
  REQUIRE(lib.ok());
  const gw::FirmFormDef more(gw::form_choices(lib.get()));
  const auto& fuels = column(more, "stream", "fuel").options;
  REQUIRE(fuels.size() == 14);  // "", the twelve bundled fuels, test_biogas
  CHECK(fuels.back() == "test_biogas");

  auto fields = one_process_fields("crude_steel", "", "test_biogas");
  auto with_it = submitted(more, fields);
  CHECK_FALSE(with_it.has_errors());
  CHECK(with_it.rows["stream"][0]["fuel"] == "test_biogas");
  // the bundled form does not offer it: the value is refused as no option of the select
  auto without = submitted(def(), fields);
  REQUIRE(without.errors.count("stream.0.fuel"));
  CHECK(without.errors["stream.0.fuel"][0] == "form.err.option");
}

TEST_CASE("Firm form: every category and route it offers loads, and every fuel it offers computes") {
  SUBCASE("categories and routes: the loader accepts each") {
    for (const auto& c : column(def(), "proc", "category").options) {
      if (c.empty()) continue;
      INFO(c);
      auto form = submitted(def(), one_process_fields(c, "", "natural_gas"));
      CHECK_FALSE(form.has_errors());
      auto xml = gw::form_to_xml(def(), form);
      REQUIRE(xml.xml.find("category=\"" + c + "\"") != std::string::npos);
      auto d = greengate::model::parse_firm(xml.xml, "form").diagnostics().format();
      CHECK(d.find("'category'") == std::string::npos);
    }
    for (const auto& r : column(def(), "proc", "benchmark_route").options) {
      if (r.empty()) continue;
      INFO(r);
      auto form = submitted(def(), one_process_fields("iron_steel_products", r, "natural_gas"));
      auto xml = gw::form_to_xml(def(), form);
      REQUIRE(xml.xml.find("benchmark-route=\"" + r + "\"") != std::string::npos);
      auto d = greengate::model::parse_firm(xml.xml, "form").diagnostics().format();
      CHECK(d.find("'benchmark-route'") == std::string::npos);
    }
  }
  SUBCASE("fuels: the engine finds the library's NCV and EF of each") {
    namespace u = greengate::units;
    for (const auto& fuel : column(def(), "stream", "fuel").options) {
      if (fuel.empty()) continue;
      INFO(fuel);
      auto form = submitted(def(), one_process_fields("crude_steel", "", fuel));
      auto xml = gw::form_to_xml(def(), form);
      auto loaded = greengate::model::parse_firm(xml.xml, "form");
      INFO(loaded.diagnostics().format());
      REQUIRE(loaded.ok());
      auto r = greengate::calc::compute_emissions(loaded.get(), dataset(), {});
      REQUIRE(r.processes.size() == 1);
      REQUIRE(r.processes[0].streams.size() == 1);
      const auto* ncv = dataset().factors.versions("fuel." + fuel + ".ncv").front();
      const auto* ef = dataset().factors.versions("fuel." + fuel + ".ef").front();
      REQUIRE(ncv->unit == "TJ/t");
      REQUIRE(ef->unit == "tCO2e/TJ");
      // FQ × NCV × EF (oxidation 1, biomass fraction 0), e.g. natural gas 100 t × 0.048 TJ/t × 56.1 tCO2e/TJ = 269.28 t
      CHECK(u::in_tco2e(r.processes[0].streams[0].emissions) ==
            doctest::Approx(100 * ncv->written_value * ef->written_value));
      if (fuel == "natural_gas") CHECK(u::in_tco2e(r.processes[0].streams[0].emissions) == doctest::Approx(269.28));
    }
  }
}

TEST_CASE("Firm form: an uploaded process of category electricity is listed as not shown (the loader refuses it)") {
  std::vector<std::string> not_shown;
  auto form = gw::form_from_xml(def(), greengate::webtest::read_file(greengate::webtest::source_dir() + "/examples/cement-plant.xml"), not_shown);
  CHECK(not_shown.empty());
  const std::string xml = R"(<firm schema="greengate-firm/1" id="t" name="T" country="TR" reporting-year="2025">
  <installation id="a" name="A" country="TR">
    <process id="gen" category="electricity" output="10" unit="MWh"/>
  </installation>
</firm>)";
  not_shown.clear();
  gw::form_from_xml(def(), xml, not_shown);
  REQUIRE(not_shown.size() == 1);
  CHECK(not_shown[0] == "a: <process id=\"gen\"> category=\"electricity\"");
}
