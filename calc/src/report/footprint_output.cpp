#include "greengate/text/csv.hpp"
#include "greengate/report/footprint_output.hpp"

#include "greengate/report/emissions_output.hpp"
#include "greengate/report/json_writer.hpp"
#include "greengate/report/money_output.hpp"

namespace greengate::report {

namespace u = greengate::units;

namespace {

std::string csv_field(const std::string& s) { return text::csv_field(s); }
std::string full(double v) { return JsonWriter::number(v); }

void write_gases(JsonWriter& w, const calc::GasBalance& g) {
  w.begin_object();
  for (auto gas : calc::kGhgGases) w.field(ghg_gas_name(gas), u::in_tco2e(g.get(gas)));
  w.field("total", u::in_tco2e(g.total()));
  w.end_object();
}

}  // namespace

void write_factor_list(JsonWriter& w, const std::map<std::string, FactorUse>& factors) {
  w.begin_array();
  for (const auto& [key, f] : factors) {
    w.begin_object();
    w.field("key", key).field("id", f.id).field("name", f.name).field("value", f.value);
    w.field("unit", f.unit).field("table", f.table).field("source", f.provenance.source);
    w.field("valid_from", f.provenance.valid_from.str());
    if (f.provenance.valid_to) w.field("valid_to", f.provenance.valid_to->str());
    else w.key("valid_to").null();
    w.field("status", std::string(status_name(f.provenance.status)));
    if (!f.provenance.note.empty()) w.field("note", f.provenance.note);
    w.field("at", f.provenance.pos.str());
    w.end_object();
  }
  w.end_array();
}

void write_gaps(JsonWriter& w, const std::vector<calc::Gap>& gaps) {
  w.begin_array();
  for (const auto& g : gaps)
    w.begin_object().field("at", g.pos.str()).field("where", g.where).field("message", g.message).end_object();
  w.end_array();
}

std::string inventory_json(const calc::InventoryReport& rep, bool pretty) {
  JsonWriter w(pretty);
  w.begin_object();
  w.field("file", rep.file).field("firm_id", rep.firm_id).field("firm_name", rep.firm_name);
  w.field("fictitious", rep.fictitious).field("year", rep.year).field("data_year", rep.data_year);
  w.field("standard", "GHG Protocol Corporate Standard (2004); Scope 2 Guidance (2015)");
  w.field("gwp", "IPCC AR5 100-year");
  if (rep.consolidation.empty()) w.key("consolidation").null();
  else w.field("consolidation", rep.consolidation);
  w.field("complete", rep.complete);
  w.key("scope1");
  write_gases(w, rep.scope1_gases);
  w.field("scope2_location_tco2e", u::in_tco2e(rep.scope2_location));
  w.field("scope2_market_tco2e", u::in_tco2e(rep.scope2_market));
  w.field("biogenic_co2_t", u::in_tco2e(rep.biogenic_co2));
  w.field("scope3", "not computed");
  w.field("cbam_attributed_direct_tco2e", u::in_tco2e(rep.cbam_direct));
  w.key("scope1_sources").begin_array();
  for (const auto& s : rep.scope1) {
    w.begin_object();
    w.field("site", s.site).field("source", s.source_id).field("category", s.category);
    w.field("method", s.method);
    w.key("gases");
    write_gases(w, s.gases);
    w.field("biogenic_co2_t", u::in_tco2e(s.biogenic_co2));
    w.field("fuel_energy_tj", u::in_terajoules(s.fuel_energy));
    w.field("complete", s.complete);
    w.key("trace");
    write_trace(w, s.trace);
    w.end_object();
  }
  w.end_array();
  w.key("scope2_uses").begin_array();
  for (const auto& s : rep.scope2) {
    w.begin_object();
    w.field("site", s.site).field("use", s.what).field("heat", s.heat);
    if (s.heat) w.field("quantity_tj", u::in_terajoules(s.quantity));
    else w.field("quantity_mwh", u::in_megawatt_hours(s.quantity));
    if (!s.location_factor_id.empty()) w.field("location_factor", s.location_factor_id);
    w.field("location_tco2e", u::in_tco2e(s.location));
    w.field("covered_mwh", u::in_megawatt_hours(s.covered));
    w.field("market_covered_tco2e", u::in_tco2e(s.market_covered));
    w.field("market_uncovered_tco2e", u::in_tco2e(s.market_uncovered));
    w.field("market_tco2e", u::in_tco2e(s.market()));
    w.field("uncovered_basis", s.uncovered_basis);
    w.field("complete", s.complete);
    w.key("trace");
    write_trace(w, s.trace);
    w.end_object();
  }
  w.end_array();
  w.key("instruments").begin_array();
  for (const auto& x : rep.instruments) {
    w.begin_object();
    w.field("site", x.site).field("id", x.id).field("type", x.type).field("market", x.market);
    w.field("vintage", x.vintage).field("quantity_mwh", u::in_megawatt_hours(x.quantity));
    if (x.rate) w.field("rate_tco2e_per_mwh", u::in_tco2e_per_megawatt_hour(*x.rate));
    else w.key("rate_tco2e_per_mwh").null();
    w.field("rate_basis", x.rate_basis);
    w.field("usable", x.usable());
    w.field("applied_mwh", u::in_megawatt_hours(x.applied));
    w.field("unused_mwh", u::in_megawatt_hours(x.unused));
    w.field("from_cbam_electricity", x.from_cbam_electricity);
    w.key("quality");
    write_rule_result(w, x.quality);
    w.end_object();
  }
  w.end_array();
  w.key("boundary").begin_array();
  for (const auto& b : rep.boundary) w.value(b);
  w.end_array();
  w.key("notes").begin_array();
  for (const auto& n : rep.notes) w.value(n);
  w.end_array();
  w.key("data_versions").begin_array();
  for (const auto& v : rep.data_versions) w.value(v);
  w.end_array();
  w.key("factors");
  write_factor_list(w, rep.factors_used);
  w.key("unverified").begin_array();
  for (const auto& k : rep.unverified()) w.value(k);
  w.end_array();
  w.key("gaps");
  write_gaps(w, rep.gaps);
  w.end_object();
  return w.str() + "\n";
}

std::string inventory_csv(const calc::InventoryReport& rep) {
  std::string out =
      "record,site,item,category,quantity,unit,co2_t,ch4_tco2e,n2o_tco2e,hfcs_tco2e,pfcs_tco2e,"
      "sf6_tco2e,nf3_tco2e,total_tco2e,location_tco2e,market_tco2e,biogenic_co2_t,complete\n";
  auto gases = [](const calc::GasBalance& g) {
    std::string s;
    for (auto gas : calc::kGhgGases) s += full(u::in_tco2e(g.get(gas))) + ",";
    return s + full(u::in_tco2e(g.total()));
  };
  for (const auto& s : rep.scope1)
    out += "scope1," + csv_field(s.site) + "," + csv_field(s.source_id) + "," +
           csv_field(s.category) + "," + full(u::in_terajoules(s.fuel_energy)) + ",TJ," +
           gases(s.gases) + ",,," + full(u::in_tco2e(s.biogenic_co2)) + "," +
           (s.complete ? "true" : "false") + "\n";
  for (const auto& s : rep.scope2)
    out += "scope2," + csv_field(s.site) + "," + csv_field(s.what) + "," +
           (s.heat ? "heat" : "electricity") + "," +
           (s.heat ? full(u::in_terajoules(s.quantity)) + ",TJ"
                   : full(u::in_megawatt_hours(s.quantity)) + ",MWh") +
           ",,,,,,,,," + full(u::in_tco2e(s.location)) + "," + full(u::in_tco2e(s.market())) +
           ",," + (s.complete ? "true" : "false") + "\n";
  out += "total_scope1,,,,,," + gases(rep.scope1_gases) + ",,," + full(u::in_tco2e(rep.biogenic_co2)) +
         "," + (rep.complete ? "true" : "false") + "\n";
  out += "total_scope2,,,,,,,,,,,,,," + full(u::in_tco2e(rep.scope2_location)) + "," +
         full(u::in_tco2e(rep.scope2_market)) + ",," + (rep.complete ? "true" : "false") + "\n";
  return out;
}

}  // namespace greengate::report
