#include "greengate/text/csv.hpp"
#include "greengate/report/footprint_output.hpp"

#include "greengate/report/emissions_output.hpp"
#include "greengate/report/json_writer.hpp"
#include "greengate/report/money_output.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/report/uuid.hpp"

namespace greengate::report {

using text::format_fixed;
using text::format_grouped;
using text::format_trimmed;

namespace u = greengate::units;

namespace {

using text::csv_field;
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

namespace {

void write_dqr(JsonWriter& w, const calc::Dqr& d) {
  w.begin_object().field("technological", d.technological).field("geographical", d.geographical)
      .field("temporal", d.temporal).end_object();
}

// A PACT decimal string: no exponent, up to `decimals` digits, trailing zeros removed, no "-0".
std::string pact_decimal(double v, int decimals = 6) {
  std::string s = format_trimmed(v, decimals);
  if (s == "-0") s = "0";
  return s;
}

}  // namespace

std::string product_json(const calc::ProductFootprint& p, bool pretty) {
  JsonWriter w(pretty);
  w.begin_object();
  w.field("file", p.file).field("firm_id", p.firm_id).field("firm_name", p.firm_name);
  w.field("fictitious", p.fictitious).field("year", p.year);
  w.field("standard", "ISO 14067:2018 (cradle to gate); GHG Protocol Product Standard");
  w.field("gwp", "IPCC AR5 100-year");
  w.field("product", p.product_id).field("name", p.name).field("urn", p.urn);
  w.field("installation", p.installation).field("process", p.process).field("cn", p.cn);
  w.field("declared_unit", p.declared_unit).field("mass_t", u::in_tonnes(p.mass));
  w.field("allocation_share", p.allocation_share).field("allocation_basis", p.allocation_basis);
  w.field("total_tco2e", u::in_tco2e(p.total));
  w.field("total_location_based_tco2e", u::in_tco2e(p.total_location));
  w.field("per_tonne_tco2e", u::in_tco2e_per_tonne(p.per_tonne()));
  w.key("stages").begin_object();
  w.field("inputs", u::in_tco2e(p.inputs)).field("own_process", u::in_tco2e(p.own_process));
  w.field("electricity", u::in_tco2e(p.electricity)).field("transport", u::in_tco2e(p.transport));
  w.end_object();
  w.field("primary_data_share", p.primary_share);
  w.key("dqr");
  write_dqr(w, p.dqr);
  w.field("complete", p.complete);
  w.key("cbam");
  w.begin_object();
  w.field("available", p.cbam.available);
  if (p.cbam.available) {
    w.field("cn", p.cbam.cn).field("year", p.cbam.year).field("direct_only", p.cbam.direct_only);
    w.field("own_direct", u::in_tco2e_per_tonne(p.cbam.own_direct));
    w.field("own_indirect_counted", u::in_tco2e_per_tonne(p.cbam.own_indirect_counted));
    w.field("precursors", u::in_tco2e_per_tonne(p.cbam.precursors));
    w.field("see_counted", u::in_tco2e_per_tonne(p.cbam.total));
  }
  w.end_object();
  w.key("items").begin_array();
  for (const auto& it : p.items) {
    w.begin_object();
    w.field("id", it.id).field("stage", it.stage).field("label", it.label).field("cn", it.cn);
    w.field("cbam_good", it.cbam_good).field("quantity_t", u::in_tonnes(it.quantity));
    if (it.factor) w.field("factor_tco2e_per_t", u::in_tco2e_per_tonne(*it.factor));
    w.field("basis", it.basis).field("emissions_tco2e", u::in_tco2e(it.emissions));
    w.field("primary", it.primary);
    w.key("dqr");
    write_dqr(w, it.dqr);
    w.field("complete", it.complete);
    w.key("trace");
    write_trace(w, it.trace);
    w.end_object();
  }
  w.end_array();
  w.key("boundary").begin_array();
  for (const auto& b : p.boundary) w.value(b);
  w.end_array();
  w.key("notes").begin_array();
  for (const auto& n : p.notes) w.value(n);
  w.end_array();
  w.key("data_versions").begin_array();
  for (const auto& v : p.data_versions) w.value(v);
  w.end_array();
  w.key("factors");
  write_factor_list(w, p.factors_used);
  w.key("unverified").begin_array();
  for (const auto& k : p.unverified()) w.value(k);
  w.end_array();
  w.key("gaps");
  write_gaps(w, p.gaps);
  w.end_object();
  return w.str() + "\n";
}

std::string product_csv(const calc::ProductFootprint& p) {
  std::string out =
      "record,item,stage,label,cn,quantity_t,factor_tco2e_per_t,emissions_kgco2e,share_pct,primary,"
      "dqr_technological,dqr_geographical,dqr_temporal,basis,complete\n";
  for (const auto& it : p.items)
    out += "item," + csv_field(it.id) + "," + csv_field(it.stage) + "," + csv_field(it.label) + "," +
           it.cn + "," + (it.stage == "inputs" ? full(u::in_tonnes(it.quantity)) : "") + "," +
           (it.factor ? full(u::in_tco2e_per_tonne(*it.factor)) : "") + "," +
           full(u::in_kgco2e(it.emissions)) + "," +
           (p.share_percent(it) ? full(*p.share_percent(it)) : "") + "," + full(it.primary) + "," +
           full(it.dqr.technological) + "," + full(it.dqr.geographical) + "," + full(it.dqr.temporal) +
           "," + csv_field(it.basis) + "," + (it.complete ? "true" : "false") + "\n";
  out += "total," + csv_field(p.product_id) + ",,," + p.cn + ",,," + full(u::in_kgco2e(p.total)) +
         ",100," + full(p.primary_share) + "," + full(p.dqr.technological) + "," +
         full(p.dqr.geographical) + "," + full(p.dqr.temporal) + ",," +
         (p.complete ? "true" : "false") + "\n";
  return out;
}

std::string product_pact_json(const calc::ProductFootprint& p, const PactOptions& opt) {
  std::vector<std::string> missing;
  for (const auto& g : p.gaps) missing.push_back(g.pos.str() + ": " + g.message.en());
  if (!p.fossil_carbon_kg)
    missing.push_back("PACT requires fossilCarbonContent: give fossil-carbon-kg (kg C per declared "
                      "unit) on <product id=\"" + p.product_id + "\">");
  if (!p.exempted_percent)
    missing.push_back("PACT requires exemptedEmissionsPercent: give exempted-percent (and "
                      "exempted-description) on <product id=\"" + p.product_id + "\">; GreenGate "
                      "cannot quantify what the file leaves out");
  if (!missing.empty()) {
    Diagnostics d;
    for (const auto& m : missing) d.error({p.file, 0}, "cannot export a PACT footprint: " + m);
    throw InputError(d.format(), d);
  }
  // kgCO2e per declared unit; PACT's declared units: piece, or kilogram (a tonne = 1000 kg).
  const bool piece = p.declared_unit == "piece";
  const std::string unit_amount = p.declared_unit == "tonne" ? "1000" : "1";
  auto kg = [](units::Co2eMass e) { return pact_decimal(units::in_kgco2e(e), 6); };
  // Secondary emission factor sources: the library tables and user factors the footprint uses.
  std::map<std::string, std::string> sources;  // name -> version
  std::map<std::string, std::string> table_version;
  for (const auto& v : p.data_versions) {
    auto sp = v.find(' ');
    if (sp != std::string::npos) table_version[v.substr(0, sp)] = v.substr(sp + 1);
  }
  for (const auto& [key, f] : p.factors_used) {
    std::string name = f.table == "ir2621-annex-i"
                           ? "Commission CBAM default values, IR (EU) 2025/2621 Annex I"
                           : f.provenance.source;
    auto it = table_version.find(f.table);
    sources.emplace(name, it == table_version.end() ? "n/a" : it->second);
  }
  for (const auto& it : p.items)
    if (it.primary < 1 && !it.factor_source.empty())
      sources.emplace(it.factor_source, "as stated in the firm file");

  auto write_pcf = [&](JsonWriter& pcf) {
    pcf.begin_object();
    pcf.field("declaredUnitOfMeasurement", piece ? "piece" : "kilogram");
    pcf.field("declaredUnitAmount", unit_amount);
    pcf.field("productMassPerDeclaredUnit", pact_decimal(units::in_kilograms(p.mass), 6));
    pcf.field("referencePeriodStart", std::to_string(p.year) + "-01-01T00:00:00Z");
    pcf.field("referencePeriodEnd", std::to_string(p.year + 1) + "-01-01T00:00:00Z");
    pcf.field("geographyCountry", p.country);
    pcf.field("boundaryProcessesDescription",
              "Cradle to gate: inputs to their suppliers' gate (CBAM goods on CBAM values without "
              "mark-up: direct and, where given, indirect emissions), transport to the gate where "
              "given, and the firm's process " + p.process + " at installation " + p.installation +
              " (fuel combustion and process emissions incl. CH4 and N2O, electricity market-based).");
    pcf.field("pcfExcludingBiogenicUptake", kg(p.total));
    pcf.field("pcfIncludingBiogenicUptake", kg(p.total));
    pcf.field("fossilGhgEmissions", kg(p.total));
    pcf.field("fossilCarbonContent", pact_decimal(*p.fossil_carbon_kg, 6));
    if (p.biogenic_carbon_kg) pcf.field("biogenicCarbonContent", pact_decimal(*p.biogenic_carbon_kg, 6));
    pcf.key("ipccCharacterizationFactors").begin_array().value("AR5").end_array();
    pcf.key("crossSectoralStandards").begin_array().value("ISO14067").value("GHGP-Product").end_array();
    pcf.field("exemptedEmissionsPercent", pact_decimal(*p.exempted_percent, 6));
    pcf.field("exemptedEmissionsDescription", p.exempted_description);
    pcf.field("allocationRulesDescription", "Emissions of the producing process allocated to the product by " +
                                                p.allocation_basis + "; heat exported allocated to the heat as in CBAM.");
    pcf.key("secondaryEmissionFactorSources").begin_array();
    for (const auto& [name, version] : sources)
      pcf.begin_object().field("name", name).field("version", version).end_object();
    pcf.end_array();
    pcf.field("primaryDataShare", pact_decimal(100 * p.primary_share, 3));
    pcf.key("dqi").begin_object();
    pcf.field("technologicalDQR", pact_decimal(p.dqr.technological, 3));
    pcf.field("geographicalDQR", pact_decimal(p.dqr.geographical, 3));
    pcf.field("temporalDQR", pact_decimal(p.dqr.temporal, 3));
    pcf.end_object();
    pcf.field("packagingEmissionsIncluded", false);
    pcf.field("ccsTechnologicalCO2CaptureIncluded", false);
    pcf.end_object();
  };
  JsonWriter pcf_compact(false);
  write_pcf(pcf_compact);

  std::string comment =
      "Computed by GreenGate (greengate footprint) from " + p.file + ", reporting year " +
      std::to_string(p.year) + ". CBAM goods among the inputs carry CBAM values (the supplier's "
      "actual SEE or the Commission default for the origin, IR (EU) 2025/2621), without the "
      "default-value mark-up; GWP IPCC AR5 100-year (the set CBAM uses; no complete AR6 set in "
      "the library). Data-quality ratings: GreenGate's mapping to the PACT matrix (1 good - 3 poor). "
      "Location-based electricity would give " + kg(p.total_location) + " kgCO2e.";
  auto unv = p.unverified();
  if (!unv.empty())
    comment += " " + std::to_string(unv.size()) + " factor value(s) used are not verified (" +
               [&] { std::string s; for (const auto& k : unv) s += (s.empty() ? "" : ", ") + k; return s; }() + ").";
  if (p.fictitious) comment += " FICTITIOUS EXAMPLE DATA.";

  // The id: given, else a UUID v5 of everything but the id and the creation time.
  std::string id = opt.id;
  if (id.empty())
    id = uuid_v5("3f7c2a9e-5b1d-4e8f-a6c0-9d2e4b7a1c53",
                 p.company_urn + "|" + p.urn + "|" + p.name + "|" + pcf_compact.str() + "|" + comment);
  JsonWriter w(true);
  w.begin_object();
  w.field("id", id).field("specVersion", "3.0.0").field("created", opt.created).field("status", "Active");
  w.field("companyName", p.firm_name);
  w.key("companyIds").begin_array().value(p.company_urn).end_array();
  w.field("productDescription", p.description.empty() ? p.name : p.description);
  w.key("productIds").begin_array().value(p.urn).end_array();
  w.field("productNameCompany", p.name);
  w.field("comment", comment);
  w.key("pcf");
  write_pcf(w);
  w.end_object();
  return w.str() + "\n";
}

std::string hydrogen_json(const std::vector<calc::HydrogenReport>& reps, bool pretty) {
  JsonWriter w(pretty);
  w.begin_array();
  for (const auto& r : reps) {
    w.begin_object();
    w.field("file", r.file).field("firm_id", r.firm_id).field("firm_name", r.firm_name);
    w.field("fictitious", r.fictitious).field("year", r.year).field("hydrogen", r.id);
    w.field("installation", r.installation).field("process", r.process).field("route", r.route);
    w.field("method", "Directive (EU) 2024/1788; DR (EU) 2025/2359: E = e_i + e_p + e_td + e_u - e_ccs");
    w.field("hydrogen_t", u::in_tonnes(r.hydrogen)).field("energy_tj", u::in_terajoules(r.energy));
    w.field("total_tco2e", u::in_tco2e(r.total));
    w.field("intensity_gco2e_per_mj", u::in_grams_co2e_per_megajoule(r.intensity));
    w.field("intensity_kgco2e_per_kg", u::in_tco2e_per_tonne(r.per_tonne));
    w.field("comparator_gco2e_per_mj", u::in_grams_co2e_per_megajoule(r.comparator));
    w.field("ceiling_gco2e_per_mj", u::in_grams_co2e_per_megajoule(r.ceiling));
    w.field("ceiling_kgco2e_per_kg", u::in_tco2e_per_tonne(r.ceiling_per_tonne));
    w.field("savings", r.savings).field("complete", r.complete);
    w.key("low_carbon");
    write_rule_result(w, r.low_carbon);
    if (r.taxonomy) {
      w.key("taxonomy_3_10");
      write_rule_result(w, *r.taxonomy);
    }
    w.key("terms").begin_array();
    for (const auto& t : r.terms) {
      w.begin_object().field("term", t.key).field("label", t.label);
      w.field("tco2e", u::in_tco2e(t.emissions));
      w.field("gco2e_per_mj", u::in_grams_co2e_per_megajoule(t.per_mj));
      w.field("basis", t.basis).field("complete", t.complete);
      w.key("trace");
      write_trace(w, t.trace);
      w.end_object();
    }
    w.end_array();
    w.key("notes").begin_array();
    for (const auto& n : r.notes) w.value(n);
    w.end_array();
    w.key("data_versions").begin_array();
    for (const auto& v : r.data_versions) w.value(v);
    w.end_array();
    w.key("factors");
    write_factor_list(w, r.factors_used);
    w.key("unverified").begin_array();
    for (const auto& k : r.unverified()) w.value(k);
    w.end_array();
    w.key("gaps");
    write_gaps(w, r.gaps);
    w.end_object();
  }
  w.end_array();
  return w.str() + "\n";
}

std::string hydrogen_csv(const std::vector<calc::HydrogenReport>& reps) {
  std::string out = "record,hydrogen,term,label,tco2e,gco2e_per_mj,basis,complete\n";
  for (const auto& r : reps) {
    for (const auto& t : r.terms)
      out += "term," + csv_field(r.id) + "," + t.key + "," + csv_field(t.label) + "," +
             full(u::in_tco2e(t.emissions)) + "," + full(u::in_grams_co2e_per_megajoule(t.per_mj)) +
             "," + csv_field(t.basis) + "," + (t.complete ? "true" : "false") + "\n";
    out += "total," + csv_field(r.id) + ",E,," + full(u::in_tco2e(r.total)) + "," +
           full(u::in_grams_co2e_per_megajoule(r.intensity)) + "," +
           std::string(rules::outcome_name(r.low_carbon.outcome)) + "," +
           (r.complete ? "true" : "false") + "\n";
  }
  return out;
}

}  // namespace greengate::report
