#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "greengate/model/cn_code.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/model/firm_vocabulary.hpp"
#include "greengate/units/unit_parser.hpp"
#include "xml/element_reader.hpp"

namespace greengate::model {

std::string_view method_name(StreamMethod m) {
  switch (m) {
    case StreamMethod::combustion: return "combustion";
    case StreamMethod::process: return "process";
    case StreamMethod::mass_balance: return "mass-balance";
    case StreamMethod::measured: return "measured";
    case StreamMethod::n2o: return "n2o";
    case StreamMethod::pfc_slope: return "pfc-slope";
    case StreamMethod::pfc_overvoltage: return "pfc-overvoltage";
    case StreamMethod::fugitive: return "fugitive";
  }
  return "?";
}

std::string_view see_basis_name(SeeBasis b) {
  switch (b) {
    case SeeBasis::measured: return "measured";
    case SeeBasis::default_value: return "default";
    case SeeBasis::unknown: return "unknown";
  }
  return "?";
}

const SourcePos& Located::at(std::string_view field) const {
  for (const auto& [name, p] : fields)
    if (name == field) return p;
  return pos;
}

std::string_view electricity_source_name(ElectricitySource s) {
  switch (s) {
    case ElectricitySource::country_default: return "country-default";
    case ElectricitySource::grid: return "grid";
    case ElectricitySource::ppa: return "ppa";
    case ElectricitySource::direct_link: return "direct-link";
    case ElectricitySource::stated: return "stated";
  }
  return "?";
}

std::string_view precursor_source_name(PrecursorSource s) {
  switch (s) {
    case PrecursorSource::process: return "process";
    case PrecursorSource::supplier: return "supplier";
    case PrecursorSource::default_value: return "default";
    case PrecursorSource::unknown_origin: return "unknown-origin";
  }
  return "?";
}

const Installation* Firm::find_installation(std::string_view wanted) const {
  for (const auto& i : installations)
    if (i.id == wanted) return &i;
  return nullptr;
}

const Process* Firm::find_process(const Installation& inst, std::string_view wanted) const {
  for (const auto& p : inst.processes)
    if (p.id == wanted) return &p;
  return nullptr;
}

namespace {

constexpr const char* kSchema = "greengate-firm/1";

bool is_urn(const std::string& s) {
  return s.size() > 4 && (s[0] == 'u' || s[0] == 'U') && (s[1] == 'r' || s[1] == 'R') &&
         (s[2] == 'n' || s[2] == 'N') && s[3] == ':';
}

bool is_alpha2(const std::string& s) {
  return s.size() == 2 && std::isupper(static_cast<unsigned char>(s[0])) &&
         std::isupper(static_cast<unsigned char>(s[1]));
}

class FirmReader {
 public:
  FirmReader(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  Firm read(const tinyxml2::XMLElement* root) {
    Firm f;
    f.file = file_;
    xml::ElementReader r(root, file_, diags_, "firm");
    if (std::string_view(root->Name()) != "firm") {
      r.error("root element must be <firm> (got <" + std::string(root->Name()) + ">)");
      return f;
    }
    if (auto s = r.str("schema", true); s && *s != kSchema)
      r.error_at("schema", "must be \"" + std::string(kSchema) + "\" (got \"" + *s + "\")");
    f.id = req_str(r, "id");
    f.name = req_str(r, "name");
    f.country = country(r, "country", true);
    f.reporting_year = r.integer("reporting-year", true).value_or(0);
    f.period_start = r.date("reporting-period-start");
    f.period_end = r.date("reporting-period-end");
    if (f.period_start && f.period_end && *f.period_end < *f.period_start)
      r.error_at("reporting-period-end", "must not be before 'reporting-period-start'");
    f.fictitious = r.boolean("fictitious").value_or(false);
    f.consolidation = r.str_or("consolidation", "");
    f.company_urn = r.str_or("company-urn", "");
    if (!f.company_urn.empty() && !is_urn(f.company_urn))
      r.error_at("company-urn", "must be a URN (urn:…, RFC 8141) (got \"" + f.company_urn + "\")");
    if (!f.consolidation.empty() && f.consolidation != "operational-control" &&
        f.consolidation != "financial-control" && f.consolidation != "equity-share")
      r.error_at("consolidation", "must be operational-control, financial-control or "
                                  "equity-share (GHG Protocol Corporate Standard Ch. 3) (got \"" +
                                      f.consolidation + "\")");
    r.finish();
    for (auto* el = root->FirstChildElement(); el; el = el->NextSiblingElement()) {
      std::string_view n = el->Name();
      if (n == "installation") f.installations.push_back(installation(el, "firm"));
      else if (n == "export") f.exports.push_back(export_(el, "firm"));
      else if (n == "activity") f.activities.push_back(activity(el, "firm"));
      else if (n == "building") f.buildings.push_back(building(el, "firm"));
      else if (n == "product") f.products.push_back(product(el, "firm"));
      else if (n == "hydrogen") f.hydrogen.push_back(hydrogen(el, "firm"));
      else unknown_child(el, "firm", "installation, export, activity, building, product, hydrogen");
    }
    if (f.installations.empty())
      diags_.error({file_, root->GetLineNum()}, "firm: needs at least one <installation>");
    check_references(f);
    return f;
  }

  void check_references(const Firm& f) {
    // A process needs a <good> unless its output is a precursor of another process of the firm.
    std::set<std::pair<std::string, std::string>> consumed;
    for (const auto& in : f.installations)
      for (const auto& p : in.processes)
        for (const auto& pr : p.precursors)
          if (pr.source == PrecursorSource::process)
            consumed.insert({pr.installation_id.empty() ? in.id : pr.installation_id, pr.process_id});
    for (const auto& in : f.installations)
      for (const auto& p : in.processes)
        if (p.goods.empty() && !consumed.count({in.id, p.id}))
          diags_.error(p.pos, p.path + ": needs at least one <good> (what the process produces), "
                                       "unless another process consumes its output as a precursor");
    for (const auto& in : f.installations) {
      bool all_declare = !in.processes.empty();
      for (const auto& p : in.processes) all_declare = all_declare && p.direct_emissions.has_value();
      for (const auto& s : in.shared_streams)
        if (s.attribution.empty() && !all_declare)
          diags_.error(s.pos, s.path + ": a stream shared by the installation needs <attribution "
                                       "process=\"…\" share=\"…\"/> children (without them it "
                                       "only counts in the installation's inventory, which needs "
                                       "<direct-emissions> in every process)");
    }
    check_links(f);
  }

 private:
  void unknown_child(const tinyxml2::XMLElement* el, const std::string& parent,
                     const std::string& expected) {
    diags_.error({file_, el->GetLineNum()}, parent + ": unknown element <" + el->Name() +
                                                "> (expected " + expected + ")");
  }

  std::string req_str(xml::ElementReader& r, const char* a) {
    auto v = r.str(a, true);
    if (v && v->empty()) r.error_at(a, "must not be empty");
    return v.value_or("");
  }

  std::string country(xml::ElementReader& r, const char* a, bool required) {
    auto v = r.str(a, required);
    if (!v) return {};
    if (!is_alpha2(*v))
      r.error_at(a, "must be an ISO 3166-1 alpha-2 country code such as TR (got \"" + *v + "\")");
    return *v;
  }

  std::string cn(xml::ElementReader& r, const char* a = "cn") {
    auto v = r.str(a, true);
    if (!v) return {};
    auto d = normalize_cn(*v);
    if (!d || (d->size() != 8 && d->size() != 10)) {
      r.error_at(a, "must be an 8-digit CN code (or 10-digit TARIC code), spaces allowed (got \"" +
                        *v + "\")");
      return {};
    }
    return *d;
  }

  // Reads value attribute `q` with unit attribute `u` through `convert`; diagnostics on failure.
  template <class Q, class F>
  std::optional<Q> amount(xml::ElementReader& r, const char* q, const char* u, F convert,
                          bool required = true, bool allow_negative = false) {
    auto v = allow_negative ? r.number(q, required) : r.non_negative(q, required);
    auto unit = r.str(u, required || r.has(q));
    if (!v || !unit) return std::nullopt;
    try {
      return convert(*v, *unit, std::string("'") + u + "'");
    } catch (const UnitError& e) {
      r.error(e.what());
      return std::nullopt;
    }
  }

  std::optional<double> fraction(xml::ElementReader& r, const char* a) {
    auto v = r.number(a);
    if (v && (*v < 0 || *v > 1)) {
      r.error_at(a, "must be between 0 and 1 (got " + *r.str(a) + ")");
      return std::nullopt;
    }
    return v;
  }

  Installation installation(const tinyxml2::XMLElement* el, const std::string& parent) {
    Installation in;
    in.path = xml::child_path(parent, el);
    xml::ElementReader r(el, file_, diags_, in.path);
    in.pos = r.pos();
    in.id = req_str(r, "id");
    in.name = req_str(r, "name");
    in.country = country(r, "country", true);
    in.address = r.str_or("address", "");
    in.unlocode = r.str_or("unlocode", "");
    in.local_name = r.str_or("local-name", "");
    in.economic_activity = r.str_or("economic-activity", "");
    in.post_code = r.str_or("post-code", "");
    in.po_box = r.str_or("po-box", "");
    in.city = r.str_or("city", "");
    in.latitude = r.str_or("latitude", "");
    in.longitude = r.str_or("longitude", "");
    in.representative = r.str_or("representative", "");
    in.email = r.str_or("email", "");
    in.telephone = r.str_or("telephone", "");
    r.finish();
    for (auto* c = el->FirstChildElement(); c; c = c->NextSiblingElement()) {
      std::string_view n = c->Name();
      if (n == "process") in.processes.push_back(process(c, in.path));
      else if (n == "stream") in.shared_streams.push_back(stream(c, in.path, true));
      else if (n == "good") {
        ProducedGood g;
        g.path = xml::child_path(in.path, c);
        xml::ElementReader gr(c, file_, diags_, g.path);
        g.pos = gr.pos();
        g.cn = cn(gr);
        g.quantity = amount<units::Mass>(gr, "quantity", "unit", units::to_mass)
                         .value_or(units::tonnes(0));
        auto method = gr.str("method", true);
        if (method && *method != "default")
          gr.error_at("method", "must be \"default\" for a good declared outside a process "
                                "(got \"" + *method + "\")");
        gr.finish();
        in.default_goods.push_back(std::move(g));
      } else if (n == "mobile" || n == "refrigerant") {
        in.inventory.push_back(inventory_source(c, in.path));
      } else if (n == "instrument") {
        in.instruments.push_back(instrument(c, in.path));
      } else {
        unknown_child(c, in.path, "process, stream, good, mobile, refrigerant, instrument");
      }
    }
    return in;
  }

  Process process(const tinyxml2::XMLElement* el, const std::string& parent) {
    Process p;
    p.path = xml::child_path(parent, el);
    xml::ElementReader r(el, file_, diags_, p.path);
    p.pos = r.pos();
    p.id = req_str(r, "id");
    p.category = req_str(r, "category");
    if (!p.category.empty() && !is_goods_category(p.category))
      r.error_at("category", "is not an aggregated goods category (got \"" + p.category +
                                 "\"; see docs/firm-format.md)");
    else if (!p.category.empty() && !is_process_category(p.category))
      r.error_at("category", "electricity generation is not supported by firm format v1");
    p.route = r.str_or("route", "");
    p.name = r.str_or("name", "");
    if (auto inc = r.str("includes")) {
      std::size_t i = 0;
      while (i < inc->size()) {
        std::size_t j = inc->find(' ', i);
        if (j == std::string::npos) j = inc->size();
        std::string c = inc->substr(i, j - i);
        if (!c.empty()) {
          if (!is_goods_category(c))
            r.error_at("includes", "lists \"" + c + "\", which is not an aggregated goods category");
          else p.includes.push_back(c);
        }
        i = j + 1;
      }
    }
    p.benchmark_route = benchmark_route(r);
    auto output = amount<units::Mass>(r, "output", "unit", units::to_mass);
    p.output = output.value_or(units::tonnes(0));
    if (output && units::in_tonnes(*output) <= 0)
      r.error_at("output", "must be greater than 0 (the activity level divides the emissions)");
    r.finish();
    for (auto* c = el->FirstChildElement(); c; c = c->NextSiblingElement()) {
      std::string_view n = c->Name();
      if (n == "stream") p.streams.push_back(stream(c, p.path, false));
      else if (n == "electricity") p.electricity.push_back(electricity(c, p.path));
      else if (n == "heat") p.heat.push_back(heat(c, p.path));
      else if (n == "precursor") p.precursors.push_back(precursor(c, p.path));
      else if (n == "good") {
        ProducedGood g;
        g.path = xml::child_path(p.path, c);
        xml::ElementReader gr(c, file_, diags_, g.path);
        g.pos = gr.pos();
        g.cn = cn(gr);
        g.name = gr.str_or("name", "");
        g.quantity_stated = gr.has("quantity") || gr.has("unit");
        if (g.quantity_stated)
          g.quantity = amount<units::Mass>(gr, "quantity", "unit", units::to_mass)
                           .value_or(units::tonnes(0));
        else
          g.quantity = units::tonnes(0);
        gr.finish();
        p.goods.push_back(std::move(g));
      } else if (n == "direct-emissions") {
        DirectEmissions d;
        d.path = p.path + "/direct-emissions";
        xml::ElementReader dr(c, file_, diags_, d.path);
        d.pos = dr.pos();
        d.quantity = amount<units::Co2eMass>(dr, "quantity", "unit", units::to_co2e, true, true)
                         .value_or(units::tco2e(0));
        dr.finish();
        if (p.direct_emissions)
          diags_.error(d.pos, p.path + ": at most one <direct-emissions> per process");
        else
          p.direct_emissions = std::move(d);
      } else if (n == "waste-gas") {
        WasteGasFlow w;
        w.path = p.path + "/waste-gas";
        xml::ElementReader wr(c, file_, diags_, w.path);
        w.pos = wr.pos();
        auto dir = wr.str("direction", true).value_or("");
        if (dir == "import") w.is_import = true;
        else if (dir == "export") w.is_import = false;
        else if (!dir.empty())
          wr.error_at("direction", "must be import or export (got \"" + dir + "\")");
        w.quantity = amount<units::Energy>(wr, "quantity", "unit", units::to_energy)
                         .value_or(units::terajoules(0));
        wr.finish();
        p.waste_gas.push_back(std::move(w));
      } else if (n == "electricity-export") {
        ElectricityExport e;
        e.path = p.path + "/electricity-export";
        xml::ElementReader er(c, file_, diags_, e.path);
        e.pos = er.pos();
        e.quantity = amount<units::Energy>(er, "quantity", "unit", units::to_energy)
                         .value_or(units::megawatt_hours(0));
        e.factor = amount<units::EnergyEmissionFactor>(er, "factor", "factor-unit",
                                                       units::to_energy_factor)
                       .value_or(units::tco2e_per_megawatt_hour(0));
        er.finish();
        p.electricity_export.push_back(std::move(e));
      } else {
        unknown_child(c, p.path, "stream, electricity, heat, precursor, good, direct-emissions, "
                                 "waste-gas, electricity-export");
      }
    }
    return p;
  }

  CarbonFlow carbon_flow(const tinyxml2::XMLElement* el, const std::string& parent) {
    CarbonFlow f;
    f.path = parent + "/" + el->Name();
    if (const char* m = el->Attribute("material")) f.path += "[" + std::string(m) + "]";
    xml::ElementReader r(el, file_, diags_, f.path);
    f.pos = r.pos();
    f.material = req_str(r, "material");
    f.quantity = amount<units::Mass>(r, "quantity", "unit", units::to_mass).value_or(units::tonnes(0));
    f.carbon_content = fraction(r, "carbon-content");
    f.carbon_content_factor = r.str_or("carbon-content-factor", "");
    if (!r.has("carbon-content") && f.carbon_content_factor.empty())
      r.error("needs 'carbon-content' (t C/t) or 'carbon-content-factor' (a library id)");
    if (r.has("carbon-content") && !f.carbon_content_factor.empty())
      r.error("give either 'carbon-content' or 'carbon-content-factor', not both");
    f.biomass_fraction = fraction(r, "biomass-fraction").value_or(0.0);
    r.finish();
    return f;
  }

  // The attributes of a combustion source (a CBAM <stream method="combustion">, and the
  // inventory's <fuel> and <mobile>): fuel, quantity in mass, volume or energy, ncv, ef, oxidation,
  // biomass fraction.
  void combustion(xml::ElementReader& r, SourceStream& s) {
    // The fuel names the library's NCV and EF; it may be left out when both are given.
    bool own_factors = r.has("ef") && (r.has("ncv") || per_fuel_ef(r));
    if (own_factors) s.fuel = r.str_or("fuel", "");
    else s.fuel = req_str(r, "fuel");
    auto q = r.non_negative("quantity", true);
    auto u = r.str("unit", true);
    bool amount_ok = false;
    if (q && u) {
      amount_ok = true;
      auto info = units::find_unit(*u);
      if (info && info->dimension == units::Dimension::mass) {
        s.amount_kind = AmountKind::mass;
        s.mass = units::to_mass(*q, *u, "unit");
      } else if (info && info->dimension == units::Dimension::volume) {
        s.amount_kind = AmountKind::volume;
        s.volume = units::to_volume(*q, *u, "unit");
      } else if (info && info->dimension == units::Dimension::energy) {
        s.amount_kind = AmountKind::energy;
        s.energy = units::to_energy(*q, *u, "unit");
      } else {
        amount_ok = false;
        r.error_at("unit", "must be a mass (t, Mg, kg, kt), gas volume (Nm3, 1000Nm3) or "
                           "energy (TJ, GJ, MJ, MWh, kWh) unit (got \"" + *u + "\")");
      }
    }
    if (r.has("ncv")) {
      auto v = r.non_negative("ncv", true);
      auto u2 = r.str("ncv-unit", true);
      if (v && u2) {
        auto info = units::find_unit(*u2);
        if (info && info->dimension == units::Dimension::calorific)
          s.ncv_mass = units::to_calorific(*v, *u2, "ncv-unit");
        else if (info && info->dimension == units::Dimension::volumetric_calorific)
          s.ncv_volume = units::to_volumetric_calorific(*v, *u2, "ncv-unit");
        else
          r.error_at("ncv-unit", "must be a calorific value unit (" +
                                     units::expected_units(units::Dimension::calorific) +
                                     ", " +
                                     units::expected_units(
                                         units::Dimension::volumetric_calorific) +
                                     ") (got \"" + *u2 + "\")");
      }
    } else if (r.has("ncv-unit")) {
      r.str("ncv-unit");
      r.error("'ncv-unit' given without 'ncv'");
    }
    if (r.has("ef") && per_fuel_ef(r)) {
      auto v = r.non_negative("ef", true);
      auto eu = r.str("ef-unit", true).value_or("");
      if (v && eu == "tCO2e/1000Nm3") s.ef_volume = *v;
      else if (v) s.ef_mass = units::to_intensity(*v, eu, "'ef-unit'");
      if (amount_ok && s.ef_mass && s.amount_kind != AmountKind::mass)
        r.error("'ef-unit' is per tonne of fuel but the quantity is not a mass");
      if (amount_ok && s.ef_volume && s.amount_kind != AmountKind::volume)
        r.error("'ef-unit' is per 1000 Nm3 of fuel but the quantity is not a gas volume");
    } else if (r.has("ef")) {
      s.ef = amount<units::EnergyEmissionFactor>(r, "ef", "ef-unit", units::to_energy_factor);
    }
    s.oxidation = fraction(r, "oxidation").value_or(1.0);
    s.biomass_fraction = fraction(r, "biomass-fraction").value_or(0.0);
    s.uncertainty = measurement_uncertainty(r);
    if (amount_ok && s.amount_kind == AmountKind::volume && !s.ncv_volume && !s.ef_volume)
      r.error("a fuel quantity in a gas volume needs 'ncv' with a volumetric unit "
              "(TJ/1000Nm3, GJ/1000Nm3 or MJ/Nm3): the library has NCVs per tonne only");
    if (amount_ok && s.amount_kind == AmountKind::mass && s.ncv_volume)
      r.error("'ncv-unit' is per volume but the quantity is a mass");
    if (amount_ok && s.amount_kind == AmountKind::volume && s.ncv_mass)
      r.error("'ncv-unit' is per tonne but the quantity is a gas volume");
  }

  SourceStream stream(const tinyxml2::XMLElement* el, const std::string& parent, bool shared) {
    SourceStream s;
    s.path = xml::child_path(parent, el);
    xml::ElementReader r(el, file_, diags_, s.path);
    s.pos = r.pos();
    s.id = req_str(r, "id");
    s.name = r.str_or("name", "");
    auto m = r.str("method", true).value_or("");
    static const std::map<std::string, StreamMethod, std::less<>> methods = {
        {"combustion", StreamMethod::combustion}, {"process", StreamMethod::process},
        {"mass-balance", StreamMethod::mass_balance}, {"measured", StreamMethod::measured},
        {"n2o", StreamMethod::n2o}, {"pfc-slope", StreamMethod::pfc_slope},
        {"pfc-overvoltage", StreamMethod::pfc_overvoltage}};
    auto mit = methods.find(m);
    if (mit == methods.end()) {
      if (!m.empty())
        r.error_at("method", "must be one of combustion, process, mass-balance, measured, n2o, "
                             "pfc-slope, pfc-overvoltage (got \"" + m + "\")");
      return s;  // its other attributes depend on the method: no point listing them as unknown
    }
    s.method = mit->second;
    switch (s.method) {
      case StreamMethod::combustion:
        combustion(r, s);
        break;
      case StreamMethod::process: {
        s.material = req_str(r, "material");
        s.mass = amount<units::Mass>(r, "quantity", "unit", units::to_mass).value_or(units::tonnes(0));
        if (r.has("factor"))
          s.factor = amount<units::EmissionIntensity>(r, "factor", "factor-unit",
                                                      units::to_intensity);
        s.factor_id = r.str_or("factor-id", "");
        if (!r.has("factor") && s.factor_id.empty())
          r.error("needs 'factor' with 'factor-unit' (tCO2e/t) or 'factor-id' (e.g. carbonate.caco3)");
        if (r.has("factor") && !s.factor_id.empty())
          r.error("give either 'factor' or 'factor-id', not both");
        s.conversion_factor = fraction(r, "conversion-factor").value_or(1.0);
        s.biomass_fraction = fraction(r, "biomass-fraction").value_or(0.0);
        break;
      }
      case StreamMethod::mass_balance: break;
      case StreamMethod::measured: {
        auto gas = r.str("gas", true);
        if (gas && *gas != "CO2")
          r.error_at("gas", "must be \"CO2\" (use method n2o for N2O) (got \"" + *gas + "\")");
        s.measured = amount<units::Co2eMass>(r, "quantity", "unit", units::to_co2e)
                         .value_or(units::tco2e(0));
        break;
      }
      case StreamMethod::n2o:
        s.gas_mass = amount<units::Mass>(r, "quantity", "unit", units::to_mass)
                         .value_or(units::tonnes(0));
        break;
      case StreamMethod::fugitive: break;  // not in `methods`: inventory sources only
      case StreamMethod::pfc_slope:
        s.aluminium = amount<units::Mass>(r, "aluminium", "unit", units::to_mass)
                          .value_or(units::tonnes(0));
        s.sef_cf4 = r.non_negative("sef-cf4", true).value_or(0);
        s.aem = r.non_negative("aem", true).value_or(0);
        s.f_c2f6 = r.non_negative("f-c2f6", true).value_or(0);
        s.collection_efficiency = collection_efficiency(r);
        break;
      case StreamMethod::pfc_overvoltage:
        s.aluminium = amount<units::Mass>(r, "aluminium", "unit", units::to_mass)
                          .value_or(units::tonnes(0));
        s.ovc = r.non_negative("ovc", true).value_or(0);
        s.aeo = r.non_negative("aeo", true).value_or(0);
        s.current_efficiency = r.non_negative("current-efficiency", true).value_or(0);
        if (r.has("current-efficiency") && s.current_efficiency <= 0)
          r.error_at("current-efficiency", "must be greater than 0 (per cent; Eq. 24 divides by it)");
        s.f_c2f6 = r.non_negative("f-c2f6", true).value_or(0);
        s.collection_efficiency = collection_efficiency(r);
        break;
    }
    if (s.method != StreamMethod::combustion) s.uncertainty = measurement_uncertainty(r);
    r.finish();
    for (auto* c = el->FirstChildElement(); c; c = c->NextSiblingElement()) {
      std::string_view n = c->Name();
      if ((n == "input" || n == "output") && s.method == StreamMethod::mass_balance) {
        (n == "input" ? s.inputs : s.outputs).push_back(carbon_flow(c, s.path));
      } else if (n == "attribution" && shared) {
        xml::ElementReader ar(c, file_, diags_, s.path + "/attribution");
        auto proc = req_str(ar, "process");
        auto share = fraction(ar, "share");
        if (!ar.has("share")) ar.error("missing required attribute 'share'");
        ar.finish();
        s.attribution.emplace_back(proc, share.value_or(0));
      } else {
        std::string expected = s.method == StreamMethod::mass_balance ? "input, output" : "";
        if (shared) expected += expected.empty() ? "attribution" : ", attribution";
        unknown_child(c, s.path, expected.empty() ? "no child elements" : expected);
      }
    }
    if (s.method == StreamMethod::mass_balance && s.inputs.empty())
      diags_.error(s.pos, s.path + ": a mass-balance stream needs at least one <input>");
    if (shared) {
      double sum = 0;
      for (const auto& a : s.attribution) sum += a.second;
      if (!s.attribution.empty() && std::abs(sum - 1.0) > 1e-6)
        diags_.error(s.pos, s.path + ": attribution shares sum to " + fmt_num(sum) +
                                " (expected 1)");
    }
    return s;
  }

  // A combustion EF per tonne or per 1000 Nm3 of fuel (no NCV needed).
  static bool per_fuel_ef(const xml::ElementReader& r) {
    const char* u = r.element()->Attribute("ef-unit");
    if (!u) return false;
    auto info = units::find_unit(u);
    return std::string_view(u) == "tCO2e/1000Nm3" ||
           (info && info->dimension == units::Dimension::intensity);
  }

  double collection_efficiency(xml::ElementReader& r) {
    auto ce = fraction(r, "collection-efficiency");
    if (ce && *ce <= 0) {
      r.error_at("collection-efficiency", "must be greater than 0 (Eq. 20 divides by it)");
      return 1.0;
    }
    return ce.value_or(1.0);
  }

  // The optional `uncertainty` of a measured quantity: per cent, the half-width of its 95 %
  // confidence interval (IR 2025/2547 Annex I point 1(1)); kept as a fraction.
  std::optional<double> measurement_uncertainty(xml::ElementReader& r, const char* attr = "uncertainty") {
    auto v = r.non_negative(attr);
    if (!v) return std::nullopt;
    if (*v <= 0 || *v >= 100) {
      r.error_at(attr, "must be a percentage above 0 and below 100 (the half-width of "
                                "the 95 % confidence interval, IR 2025/2547 Annex I point 1(1)) "
                                "(got " + fmt_num(*v) + ")");
      return std::nullopt;
    }
    return *v / 100.0;
  }

  static std::string fmt_num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
  }

  ElectricityUse electricity(const tinyxml2::XMLElement* el, const std::string& parent) {
    ElectricityUse e;
    e.path = parent + "/electricity";
    xml::ElementReader r(el, file_, diags_, e.path);
    e.pos = r.pos();
    e.quantity = amount<units::Energy>(r, "quantity", "unit", units::to_energy)
                     .value_or(units::megawatt_hours(0));
    auto src = r.str("factor-source", true).value_or("");
    e.factor_id = r.str_or("factor-id", "");
    e.evidence = r.str_or("evidence", "");
    e.location_factor_id = r.str_or("location-factor-id", "");
    if (auto fb = r.str("fallback")) {
      if (*fb == "other") e.fallback_other = true;
      else r.error_at("fallback", "must be \"other\" (got \"" + *fb + "\")");
    }
    if (src == "country-default") {
      e.source = ElectricitySource::country_default;
    } else if (src == "grid") {
      e.source = ElectricitySource::grid;
      if (e.factor_id.empty()) r.error("factor-source=\"grid\" needs 'factor-id' (e.g. grid.tr.gross_generation_avg)");
    } else if (src == "ppa" || src == "direct-link") {
      e.source = src == "ppa" ? ElectricitySource::ppa : ElectricitySource::direct_link;
      e.factor = amount<units::EnergyEmissionFactor>(r, "factor", "factor-unit",
                                                     units::to_energy_factor);
      if (e.evidence.empty())
        r.error("factor-source=\"" + src + "\" needs 'evidence' (the PPA or direct technical "
                                           "connection, Reg. 2023/956 Annex IV pt 5)");
    } else if (src == "stated") {
      e.source = ElectricitySource::stated;
      e.factor = amount<units::EnergyEmissionFactor>(r, "factor", "factor-unit",
                                                     units::to_energy_factor);
      e.method = r.str_or("method", "");
    } else if (!src.empty()) {
      r.error_at("factor-source", "must be country-default, grid, ppa, direct-link or stated "
                                  "(got \"" + src + "\")");
    }
    e.uncertainty = measurement_uncertainty(r);
    r.finish();
    return e;
  }

  HeatFlow heat(const tinyxml2::XMLElement* el, const std::string& parent) {
    HeatFlow h;
    h.path = parent + "/heat";
    xml::ElementReader r(el, file_, diags_, h.path);
    h.pos = r.pos();
    auto dir = r.str("direction", true).value_or("");
    if (dir == "import") h.is_import = true;
    else if (dir == "export") h.is_import = false;
    else if (!dir.empty()) r.error_at("direction", "must be import or export (got \"" + dir + "\")");
    h.quantity = amount<units::Energy>(r, "quantity", "unit", units::to_energy)
                     .value_or(units::terajoules(0));
    h.factor = amount<units::EnergyEmissionFactor>(r, "factor", "factor-unit",
                                                   units::to_energy_factor)
                   .value_or(units::tco2e_per_terajoule(0));
    h.uncertainty = measurement_uncertainty(r);
    r.finish();
    return h;
  }

  // An IR 2025/2620 route indicator: one letter of the benchmark legend.
  static std::string benchmark_route(xml::ElementReader& r) {
    std::string v = r.str_or("benchmark-route", "");
    if (!v.empty() && (v.size() != 1 || !is_route_indicator(v[0])))
      r.error_at("benchmark-route", "must be one route indicator of IR 2025/2620 (C, D, E, F, G, "
                                    "H, J, K, L, A or B) (got \"" + v + "\")");
    return v;
  }

  Precursor precursor(const tinyxml2::XMLElement* el, const std::string& parent) {
    Precursor p;
    p.path = xml::child_path(parent, el);
    xml::ElementReader r(el, file_, diags_, p.path);
    p.pos = r.pos();
    if (r.has("category") && !r.has("cn")) {
      p.category = req_str(r, "category");
      if (!p.category.empty() && !is_goods_category(p.category))
        r.error_at("category", "is not an aggregated goods category (got \"" + p.category +
                                   "\"; see docs/firm-format.md)");
    } else {
      p.cn = cn(r);
      if (r.has("category")) r.error("give either 'cn' or 'category', not both");
    }
    p.quantity = amount<units::Mass>(r, "quantity", "unit", units::to_mass).value_or(units::tonnes(0));
    auto src = r.str("source", true).value_or("");
    p.process_id = r.str_or("process", "");
    p.installation_id = r.str_or("installation", "");
    p.supplier = r.str_or("supplier", "");
    p.verified = r.boolean("verified").value_or(false);
    p.origin = r.has("origin") ? country(r, "origin", false) : "";
    std::string see_unit = r.str_or("see-unit", "tCO2e/t");
    auto see = [&](const char* attr) -> std::optional<units::EmissionIntensity> {
      auto v = r.non_negative(attr);
      if (!v) return std::nullopt;
      try {
        return units::to_intensity(*v, see_unit, "'see-unit'");
      } catch (const UnitError& e) {
        r.error(e.what());
        return std::nullopt;
      }
    };
    p.see_direct = see("see-direct");
    p.see_indirect = see("see-indirect");
    p.uncertainty = measurement_uncertainty(r);
    p.see_uncertainty = measurement_uncertainty(r, "see-uncertainty");
    if (p.see_uncertainty && !p.see_direct && !p.see_indirect)
      r.error_at("see-uncertainty", "needs the supplier's SEE (see-direct, see-indirect) it is the uncertainty of");
    p.sefa = see("sefa");
    p.benchmark_route = benchmark_route(r);
    if (auto b = r.str("see-basis")) {
      if (*b == "measured") p.see_basis = SeeBasis::measured;
      else if (*b == "default") p.see_basis = SeeBasis::default_value;
      else if (*b == "unknown") p.see_basis = SeeBasis::unknown;
      else r.error_at("see-basis", "must be measured, default or unknown (got \"" + *b + "\")");
    }
    if (r.has("specific-electricity")) {
      auto v = r.non_negative("specific-electricity", true);
      auto u = r.str("specific-electricity-unit", true);
      if (v && u) {
        auto info = units::find_unit(*u);
        if (!info || info->dimension != units::Dimension::electricity_intensity)
          r.error_at("specific-electricity-unit",
                     "must be " + units::expected_units(units::Dimension::electricity_intensity) +
                         " (got \"" + *u + "\")");
        else
          p.specific_electricity = *v * info->to_storage;
      }
    }
    if (r.has("electricity-factor"))
      p.electricity_factor = amount<units::EnergyEmissionFactor>(
          r, "electricity-factor", "electricity-factor-unit", units::to_energy_factor);
    p.electricity_factor_method = r.str_or("electricity-factor-method", "");
    if (p.specific_electricity.has_value() != p.electricity_factor.has_value())
      r.error("give 'specific-electricity' and 'electricity-factor' together");
    if (p.specific_electricity && p.electricity_factor) {
      double product = *p.specific_electricity *
                       units::in_tco2e_per_megawatt_hour(*p.electricity_factor);
      if (!p.see_indirect)
        p.see_indirect = units::tco2e_per_tonne(product);
      else if (std::abs(units::in_tco2e_per_tonne(*p.see_indirect) - product) >
               1e-9 * std::max(1.0, product))
        r.error("'see-indirect' (" + fmt_num(units::in_tco2e_per_tonne(*p.see_indirect)) +
                ") differs from specific-electricity × electricity-factor (" + fmt_num(product) +
                ")");
    }
    if (src == "process") {
      p.source = PrecursorSource::process;
      if (p.process_id.empty()) r.error("source=\"process\" needs 'process' (the producing process id)");
    } else if (src == "supplier") {
      p.source = PrecursorSource::supplier;
      if (!r.has("see-direct")) r.error("source=\"supplier\" needs 'see-direct' (tCO2e/t)");
    } else if (src == "default") {
      p.source = PrecursorSource::default_value;
      if (!p.category.empty()) r.error("source=\"default\" needs 'cn' (defaults are per CN code)");
      if (p.origin.empty() && !r.has("origin"))
        r.error("source=\"default\" needs 'origin' (alpha-2 country of production)");
    } else if (src == "unknown-origin") {
      p.source = PrecursorSource::unknown_origin;
      if (!p.category.empty())
        r.error("source=\"unknown-origin\" needs 'cn' (Annex IV values are per CN code)");
    } else if (!src.empty()) {
      r.error_at("source", "must be process, supplier, default or unknown-origin (got \"" + src +
                               "\")");
    }
    r.finish();
    return p;
  }

  Export export_(const tinyxml2::XMLElement* el, const std::string& parent) {
    Export x;
    x.path = xml::child_path(parent, el);
    xml::ElementReader r(el, file_, diags_, x.path);
    x.pos = r.pos();
    x.cn = cn(r);
    x.installation = req_str(r, "installation");
    x.year = r.integer("year", true).value_or(0);
    // A year of the CBAM period (rules/cbam/money.xml): checked by the engine, which knows it
    // (calc::compute_emissions); here only that it is a four-digit year.
    if (r.has("year") && (x.year < 1000 || x.year > 9999))
      r.error_at("year", "must be a four-digit year (got " + std::to_string(x.year) + ")");
    x.quantity = amount<units::Mass>(r, "quantity", "unit", units::to_mass).value_or(units::tonnes(0));
    x.destination = country(r, "destination", true);
    x.importer = r.str_or("importer", "");
    x.carbon_price_paid = r.non_negative("carbon-price-paid");
    // calendar quarter of importation (prices 2026 imports, Reg 2023/956 Art 21(1a))
    if (auto q = r.integer("quarter")) {
      if (*q < 1 || *q > 4) r.error_at("quarter", "must be 1, 2, 3 or 4 (got " + std::to_string(*q) + ")");
      else x.quarter = *q;
    }
    if (auto d = r.date("import-date")) {
      int q = (d->month - 1) / 3 + 1;
      if (x.year != 0 && d->year != x.year)
        r.error_at("import-date", d->str() + " is not in the import year " + std::to_string(x.year));
      else if (x.quarter != 0 && x.quarter != q)
        r.error_at("import-date", d->str() + " is in quarter " + std::to_string(q) + ", not in quarter " +
                                      std::to_string(x.quarter));
      else x.quarter = q;
    }
    r.finish();
    return x;
  }

  Activity activity(const tinyxml2::XMLElement* el, const std::string& parent) {
    Activity a;
    a.path = xml::child_path(parent, el);
    xml::ElementReader r(el, file_, diags_, a.path);
    a.pos = r.pos();
    a.id = req_str(r, "id");
    a.code = req_str(r, "code");
    a.name = r.str_or("name", "");
    a.installation = r.str_or("installation", "");
    a.process = r.str_or("process", "");
    if (!a.process.empty() && a.installation.empty())
      r.error("'process' needs 'installation' (which installation runs it)");
    r.finish();
    for (auto* c = el->FirstChildElement(); c; c = c->NextSiblingElement()) {
      std::string_view n = c->Name();
      ActivityFact f;
      f.path = a.path + "/" + std::string(n);
      xml::ElementReader fr(c, file_, diags_, f.path);
      f.pos = fr.pos();
      if (n == "fact") {
        f.id = req_str(fr, "id");
        f.value = fr.str("value", true).value_or("");
        f.unit = fr.str_or("unit", "");
        if (!f.unit.empty() && !units::find_unit(f.unit))
          fr.error_at("unit", "is not a known unit (got \"" + f.unit + "\")");
      } else if (n == "evidence") {
        f.id = "evidence." + req_str(fr, "item");
        f.value = fr.boolean("provided", true).value_or(false) ? "true" : "false";
        fr.str("document");
      } else {
        unknown_child(c, a.path, "fact, evidence");
        continue;
      }
      fr.finish();
      a.facts.push_back(std::move(f));
    }
    return a;
  }

  // ---- footprint extension: inventory sources, instruments, buildings -------------------------

  // <fuel> (buildings), <mobile>, <refrigerant>: Scope 1 sources outside the CBAM processes.
  InventorySource inventory_source(const tinyxml2::XMLElement* el, const std::string& parent) {
    InventorySource src;
    std::string_view n = el->Name();
    auto& s = src.stream;
    s.path = xml::child_path(parent, el);
    xml::ElementReader r(el, file_, diags_, s.path);
    s.pos = r.pos();
    s.id = req_str(r, "id");
    s.description = r.str_or("description", "");
    if (n == "refrigerant") {
      src.kind = InventoryKind::fugitive;
      s.method = StreamMethod::fugitive;
      auto gas = r.str("gas", true).value_or("");
      s.gas_mass = amount<units::Mass>(r, "quantity", "unit", units::to_mass).value_or(units::tonnes(0));
      r.finish();
      for (auto* c = el->FirstChildElement(); c; c = c->NextSiblingElement()) {
        if (std::string_view(c->Name()) != "component") {
          unknown_child(c, s.path, "component");
          continue;
        }
        xml::ElementReader cr(c, file_, diags_, s.path + "/component");
        auto g = req_str(cr, "gas");
        auto share = fraction(cr, "share");
        if (!cr.has("share")) cr.error("missing required attribute 'share'");
        cr.finish();
        if (!g.empty()) s.gases.emplace_back(gas_slug(g, cr), share.value_or(0));
      }
      if (s.gases.empty()) {
        if (!gas.empty()) s.gases.emplace_back(gas_slug(gas, r), 1.0);
      } else {
        double sum = 0;
        for (const auto& g : s.gases) sum += g.second;
        if (std::abs(sum - 1.0) > 1e-6)
          diags_.error(s.pos, s.path + ": component shares sum to " + fmt_num(sum) +
                                  " (expected 1: the blend's composition by mass)");
      }
      s.material = gas;  // the name as written ("R-410A"), for display
      return src;
    }
    src.kind = n == "mobile" ? InventoryKind::mobile : InventoryKind::stationary;
    s.method = StreamMethod::combustion;
    combustion(r, s);
    r.finish();
    for (auto* c = el->FirstChildElement(); c; c = c->NextSiblingElement())
      unknown_child(c, s.path, "no child elements");
    return src;
  }

  // A gas name as people write it ("HFC-134a", "R-134a", "SF6") -> the factor-id slug
  // ("hfc_134a", "sf6"): gwp.ar5.<slug> is looked up when the inventory is computed.
  std::string gas_slug(const std::string& name, xml::ElementReader& r) {
    std::string s;
    for (char c : name) {
      if (std::isalnum(static_cast<unsigned char>(c))) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      else if (c == '-' || c == '_') s += '_';
      else {
        r.error("gas name \"" + name + "\" must be letters, digits and '-' (e.g. HFC-134a, SF6)");
        return {};
      }
    }
    // ASHRAE numbers of the pure HFCs are the same molecules: R-134a = HFC-134a.
    if (s.size() > 2 && s[0] == 'r' && s[1] == '_') {
      static const std::set<std::string, std::less<>> pure = {"23", "32", "125", "134a", "143a",
                                                              "152a", "227ea", "236fa", "245fa"};
      if (pure.count(s.substr(2))) s = "hfc_" + s.substr(2);
    }
    return s;
  }

  Instrument instrument(const tinyxml2::XMLElement* el, const std::string& parent) {
    Instrument in;
    in.path = xml::child_path(parent, el);
    xml::ElementReader r(el, file_, diags_, in.path);
    in.pos = r.pos();
    in.id = req_str(r, "id");
    in.type = req_str(r, "type");
    static const std::set<std::string, std::less<>> types = {
        "yek-g", "i-rec", "go", "ppa", "green-tariff", "supplier-specific"};
    if (!in.type.empty() && !types.count(in.type))
      r.error_at("type", "must be yek-g, i-rec, go, ppa, green-tariff or supplier-specific (got \"" +
                             in.type + "\")");
    in.quantity = amount<units::Energy>(r, "quantity", "unit", units::to_energy)
                      .value_or(units::megawatt_hours(0));
    in.market = country(r, "market", true);
    in.vintage = r.integer("vintage", true).value_or(0);
    if (r.has("factor"))
      in.factor = amount<units::EnergyEmissionFactor>(r, "factor", "factor-unit",
                                                      units::to_energy_factor);
    in.technology = r.str_or("technology", "");
    in.retired = r.boolean("retired");
    in.reference = r.str_or("reference", "");
    in.supplier = r.str_or("supplier", "");
    r.finish();
    for (auto* c = el->FirstChildElement(); c; c = c->NextSiblingElement())
      unknown_child(c, in.path, "no child elements");
    return in;
  }

  Building building(const tinyxml2::XMLElement* el, const std::string& parent) {
    Building b;
    b.path = xml::child_path(parent, el);
    xml::ElementReader r(el, file_, diags_, b.path);
    b.pos = r.pos();
    b.id = req_str(r, "id");
    b.name = req_str(r, "name");
    b.country = country(r, "country", true);
    r.finish();
    for (auto* c = el->FirstChildElement(); c; c = c->NextSiblingElement()) {
      std::string_view n = c->Name();
      if (n == "fuel" || n == "mobile" || n == "refrigerant") {
        b.sources.push_back(inventory_source(c, b.path));
      } else if (n == "electricity") {
        ElectricityUse e;
        e.cbam = false;
        e.path = b.path + "/electricity";
        xml::ElementReader er(c, file_, diags_, e.path);
        e.pos = er.pos();
        e.quantity = amount<units::Energy>(er, "quantity", "unit", units::to_energy)
                         .value_or(units::megawatt_hours(0));
        e.location_factor_id = er.str_or("location-factor-id", "");
        e.uncertainty = measurement_uncertainty(er);
        er.finish();
        b.electricity.push_back(std::move(e));
      } else if (n == "heat") {
        b.heat.push_back(heat(c, b.path));
        if (!b.heat.back().is_import)
          diags_.error(b.heat.back().pos, b.heat.back().path + ": a building's <heat> is heat or "
                                          "steam bought (direction=\"import\")");
      } else if (n == "instrument") {
        b.instruments.push_back(instrument(c, b.path));
      } else {
        unknown_child(c, b.path, "fuel, mobile, refrigerant, electricity, heat, instrument");
      }
    }
    return b;
  }

  // ---- footprint extension: products --------------------------------------------------------

  Product product(const tinyxml2::XMLElement* el, const std::string& parent) {
    Product p;
    p.path = xml::child_path(parent, el);
    xml::ElementReader r(el, file_, diags_, p.path);
    p.pos = r.pos();
    p.id = req_str(r, "id");
    p.name = req_str(r, "name");
    p.description = r.str_or("description", "");
    p.installation = req_str(r, "installation");
    p.process = req_str(r, "process");
    p.cn = r.has("cn") ? cn(r) : "";
    p.urn = r.str_or("urn", "");
    if (!p.urn.empty() && !is_urn(p.urn))
      r.error_at("urn", "must be a URN (urn:…, RFC 8141) (got \"" + p.urn + "\")");
    p.declared_unit = r.str_or("declared-unit", "piece");
    if (p.declared_unit == "piece") {
      p.mass = amount<units::Mass>(r, "mass", "unit", units::to_mass).value_or(units::tonnes(0));
      if (r.has("mass") && units::in_tonnes(p.mass) <= 0)
        r.error_at("mass", "must be greater than 0 (the mass of one piece)");
    } else if (p.declared_unit == "kilogram" || p.declared_unit == "tonne") {
      p.mass = p.declared_unit == "kilogram" ? units::kilograms(1) : units::tonnes(1);
      if (r.has("mass")) r.error("'mass' is only for declared-unit=\"piece\" (a kilogram weighs 1 kg)");
    } else {
      r.error_at("declared-unit", "must be piece, kilogram or tonne (got \"" + p.declared_unit + "\")");
    }
    p.allocation = r.str_or("allocation", "mass");
    p.allocation_share = fraction(r, "allocation-share");
    p.allocation_basis = r.str_or("allocation-basis", "");
    if (p.allocation == "physical") {
      if (!r.has("allocation-share") || p.allocation_basis.empty())
        r.error("allocation=\"physical\" needs 'allocation-share' (0-1, the product's share of the "
                "process's emissions) and 'allocation-basis' (the physical quantity it rests on)");
    } else if (p.allocation != "mass") {
      r.error_at("allocation", "must be mass or physical (got \"" + p.allocation + "\")");
    } else if (r.has("allocation-share")) {
      r.error("'allocation-share' is only for allocation=\"physical\" (mass allocation works it out)");
    }
    p.fossil_carbon_kg = r.non_negative("fossil-carbon-kg");
    p.biogenic_carbon_kg = r.non_negative("biogenic-carbon-kg");
    p.exempted_percent = r.non_negative("exempted-percent");
    if (p.exempted_percent && *p.exempted_percent > 100)
      r.error_at("exempted-percent", "must be between 0 and 100");
    p.exempted_description = r.str_or("exempted-description", "");
    r.finish();
    std::set<std::string> ids;
    for (auto* c = el->FirstChildElement(); c; c = c->NextSiblingElement()) {
      std::string_view n = c->Name();
      if (n == "input") {
        p.inputs.push_back(product_input(c, p.path));
        if (!p.inputs.back().id.empty() && !ids.insert(p.inputs.back().id).second)
          diags_.error(p.inputs.back().pos, p.inputs.back().path + ": duplicate input id '" +
                                                p.inputs.back().id + "'");
      } else if (n == "transport") {
        p.transport.push_back(product_transport(c, p.path));
      } else {
        unknown_child(c, p.path, "input, transport");
      }
    }
    for (const auto& t : p.transport)
      if (!t.input.empty() && !ids.count(t.input))
        diags_.error(t.pos, t.path + ": unknown input '" + t.input + "' of product '" + p.id + "'");
    return p;
  }

  // A DQR triple "2,3,1" (technological, geographical, temporal; 1 = good … 3 = poor).
  std::vector<int> dqr(xml::ElementReader& r) {
    auto v = r.str("dqr");
    if (!v) return {};
    std::vector<int> out;
    std::string part;
    for (std::size_t i = 0; i <= v->size(); ++i) {
      if (i == v->size() || (*v)[i] == ',') {
        if (part.size() == 1 && part[0] >= '1' && part[0] <= '3') out.push_back(part[0] - '0');
        else out.push_back(0);
        part.clear();
      } else if ((*v)[i] != ' ') {
        part += (*v)[i];
      }
    }
    if (out.size() != 3 || std::count(out.begin(), out.end(), 0) > 0) {
      r.error_at("dqr", "must be three ratings 1-3 (technological, geographical, temporal; 1 = "
                        "good), e.g. \"2,3,1\" (got \"" + *v + "\")");
      return {};
    }
    return out;
  }

  bool primary_data(xml::ElementReader& r) {
    auto d = r.str_or("data", "secondary");
    if (d != "primary" && d != "secondary")
      r.error_at("data", "must be primary (the supplier's own data for this item) or secondary "
                         "(got \"" + d + "\")");
    return d == "primary";
  }

  ProductInput product_input(const tinyxml2::XMLElement* el, const std::string& parent) {
    ProductInput in;
    in.path = xml::child_path(parent, el);
    xml::ElementReader r(el, file_, diags_, in.path);
    in.pos = r.pos();
    in.id = req_str(r, "id");
    in.material = r.str_or("material", "");
    in.cn = r.has("cn") ? cn(r) : "";
    in.quantity = amount<units::Mass>(r, "quantity", "unit", units::to_mass).value_or(units::tonnes(0));
    in.supplier = r.str_or("supplier", "");
    in.verified = r.boolean("verified").value_or(false);
    in.origin = r.has("origin") ? country(r, "origin", false) : "";
    std::string see_unit = r.str_or("see-unit", "tCO2e/t");
    auto intensity = [&](const char* attr, const std::string& unit_attr, const std::string& unit)
        -> std::optional<units::EmissionIntensity> {
      auto v = r.non_negative(attr);
      if (!v) return std::nullopt;
      try {
        return units::to_intensity(*v, unit, "'" + unit_attr + "'");
      } catch (const UnitError& e) {
        r.error(e.what());
        return std::nullopt;
      }
    };
    in.see_direct = intensity("see-direct", "see-unit", see_unit);
    in.see_indirect = intensity("see-indirect", "see-unit", see_unit);
    if (r.has("factor")) {
      auto fu = r.str("factor-unit", true);
      if (fu) in.factor = intensity("factor", "factor-unit", *fu);
    }
    in.factor_source = r.str_or("factor-source", "");
    in.uncertainty = measurement_uncertainty(r);
    in.factor_uncertainty = measurement_uncertainty(r, "factor-uncertainty");
    if (in.factor_uncertainty && !in.factor && !in.see_direct && !in.see_indirect)
      r.error_at("factor-uncertainty", "needs a 'factor' or the supplier's SEE (see-direct) it is the uncertainty of");
    in.primary = primary_data(r);
    in.dqr = dqr(r);
    auto src = r.str_or("source", "");
    if (in.factor) {
      in.source = InputSource::factor;
      if (!src.empty()) r.error("give either 'source' (a CBAM value) or 'factor', not both");
      if (in.factor_source.empty())
        r.error("'factor' needs 'factor-source' (where the number comes from: EPD, database, "
                "supplier statement)");
    } else if (src == "supplier") {
      in.source = InputSource::supplier;
      if (!in.see_direct) r.error("source=\"supplier\" needs 'see-direct' (tCO2e/t)");
    } else if (src == "default" || src == "unknown-origin" || src == "process-mix") {
      in.source = src == "default" ? InputSource::default_value
                  : src == "unknown-origin" ? InputSource::unknown_origin
                                            : InputSource::process_mix;
      if (in.cn.empty()) r.error("source=\"" + src + "\" needs 'cn' (the CBAM good's CN code)");
      if (src == "default" && in.origin.empty())
        r.error("source=\"default\" needs 'origin' (alpha-2 country of production)");
    } else if (!src.empty()) {
      r.error_at("source", "must be supplier, default, unknown-origin or process-mix (or give "
                           "'factor' with 'factor-source') (got \"" + src + "\")");
    }
    r.finish();
    for (auto* c = el->FirstChildElement(); c; c = c->NextSiblingElement())
      unknown_child(c, in.path, "no child elements");
    return in;
  }

  ProductTransport product_transport(const tinyxml2::XMLElement* el, const std::string& parent) {
    ProductTransport t;
    t.path = parent + "/transport";
    xml::ElementReader r(el, file_, diags_, t.path);
    t.pos = r.pos();
    t.input = req_str(r, "input");
    t.mode = r.str_or("mode", "");
    t.source = req_str(r, "source");
    t.primary = primary_data(r);
    if (r.has("emissions")) {
      t.emissions = amount<units::Co2eMass>(r, "emissions", "unit", units::to_co2e);
      if (r.has("distance") || r.has("factor"))
        r.error("give either 'emissions' (as stated) or 'distance' with 'factor', not both");
    } else {
      t.distance = amount<units::Length>(r, "distance", "distance-unit", units::to_length);
      t.factor = amount<units::TransportEmissionFactor>(r, "factor", "factor-unit",
                                                         units::to_transport_factor);
    }
    r.finish();
    return t;
  }

  // ---- footprint extension: hydrogen life cycle ----------------------------------------------

  HydrogenLifecycle hydrogen(const tinyxml2::XMLElement* el, const std::string& parent) {
    HydrogenLifecycle h;
    h.path = xml::child_path(parent, el);
    xml::ElementReader r(el, file_, diags_, h.path);
    h.pos = r.pos();
    h.id = req_str(r, "id");
    h.installation = req_str(r, "installation");
    h.process = req_str(r, "process");
    if (r.has("transport-distribution"))
      h.transport_distribution = amount<units::EnergyEmissionFactor>(
          r, "transport-distribution", "td-unit", units::to_energy_factor);
    h.td_source = r.str_or("td-source", "");
    if (h.transport_distribution && h.td_source.empty())
      r.error("'transport-distribution' needs 'td-source' (how the hydrogen reaches its user)");
    r.finish();
    for (auto* c = el->FirstChildElement(); c; c = c->NextSiblingElement()) {
      std::string_view n = c->Name();
      std::string path = h.path + "/" + std::string(n);
      xml::ElementReader cr(c, file_, diags_, path);
      if (n == "natural-gas") {
        auto unit = cr.str_or("unit", "gCO2e/MJ");
        auto src = cr.str("source", true).value_or("");
        auto one = [&](const char* attr, GasSupplyValue& out) {
          auto v = cr.non_negative(attr);
          if (!v) return;
          try {
            out.value = units::to_energy_factor(*v, unit, "'unit'");
            out.source = src;
          } catch (const UnitError& e) {
            cr.error(e.what());
          }
        };
        one("upstream-co2", h.gas_upstream_co2);
        one("methane", h.gas_methane);
        one("transport", h.gas_transport);
        cr.finish();
      } else if (n == "ccs") {
        h.ccs_stored = amount<units::Co2eMass>(cr, "stored", "unit", units::to_co2e);
        h.ccs_evidence = req_str(cr, "evidence");
        cr.finish();
      } else if (n == "input") {
        h.inputs.push_back(product_input(c, h.path));
        if (h.inputs.back().source != InputSource::factor)
          diags_.error(h.inputs.back().pos, h.inputs.back().path + ": an input of the hydrogen "
                       "life cycle needs 'factor' with 'factor-source'");
      } else {
        unknown_child(c, h.path, "natural-gas, ccs, input");
      }
    }
    return h;
  }

  void check_links(const Firm& f) {
    for (const auto& a : f.activities) {
      if (a.installation.empty()) continue;
      const Installation* in = f.find_installation(a.installation);
      if (!in) diags_.error(a.pos, a.path + ": unknown installation '" + a.installation + "'");
      else if (!a.process.empty() && !f.find_process(*in, a.process))
        diags_.error(a.pos, a.path + ": unknown process '" + a.process + "' in installation '" +
                                a.installation + "'");
    }
    std::set<std::string> inst_ids;
    for (const auto& in : f.installations) {
      if (!in.id.empty() && !inst_ids.insert(in.id).second)
        diags_.error(in.pos, in.path + ": duplicate installation id '" + in.id + "'");
      std::set<std::string> proc_ids, stream_ids;
      for (const auto& p : in.processes) {
        if (!p.id.empty() && !proc_ids.insert(p.id).second)
          diags_.error(p.pos, p.path + ": duplicate process id '" + p.id + "'");
        for (const auto& s : p.streams)
          if (!s.id.empty() && !stream_ids.insert(s.id).second)
            diags_.error(s.pos, s.path + ": duplicate stream id '" + s.id + "'");
      }
      for (const auto& src : in.inventory)
        if (!src.stream.id.empty() && !stream_ids.insert(src.stream.id).second)
          diags_.error(src.stream.pos, src.stream.path + ": duplicate source id '" + src.stream.id + "'");
      std::set<std::string> instrument_ids;
      for (const auto& x : in.instruments)
        if (!x.id.empty() && !instrument_ids.insert(x.id).second)
          diags_.error(x.pos, x.path + ": duplicate instrument id '" + x.id + "'");
      for (const auto& s : in.shared_streams) {
        if (!s.id.empty() && !stream_ids.insert(s.id).second)
          diags_.error(s.pos, s.path + ": duplicate stream id '" + s.id + "'");
        for (const auto& [proc, share] : s.attribution)
          if (!proc_ids.count(proc))
            diags_.error(s.pos, s.path + ": attribution to unknown process '" + proc + "'");
      }
    }
    for (const auto& b : f.buildings) {
      if (!b.id.empty() && (inst_ids.count(b.id) || !inst_ids.insert(b.id).second))
        diags_.error(b.pos, b.path + ": duplicate id '" + b.id + "' (buildings and installations "
                                     "share one id space)");
      std::set<std::string> ids;
      for (const auto& src : b.sources)
        if (!src.stream.id.empty() && !ids.insert(src.stream.id).second)
          diags_.error(src.stream.pos, src.stream.path + ": duplicate source id '" + src.stream.id + "'");
      for (const auto& x : b.instruments)
        if (!x.id.empty() && !ids.insert(x.id).second)
          diags_.error(x.pos, x.path + ": duplicate id '" + x.id + "'");
    }
    std::set<std::string> product_ids;
    for (const auto& p : f.products) {
      if (!p.id.empty() && !product_ids.insert(p.id).second)
        diags_.error(p.pos, p.path + ": duplicate product id '" + p.id + "'");
      if (p.installation.empty()) continue;
      const Installation* in = f.find_installation(p.installation);
      if (!in) diags_.error(p.pos, p.path + ": unknown installation '" + p.installation + "'");
      else if (!p.process.empty() && !f.find_process(*in, p.process))
        diags_.error(p.pos, p.path + ": unknown process '" + p.process + "' in installation '" +
                                p.installation + "'");
    }
    for (const auto& h : f.hydrogen) {
      const Installation* in = f.find_installation(h.installation);
      const Process* p = in ? f.find_process(*in, h.process) : nullptr;
      if (!in) diags_.error(h.pos, h.path + ": unknown installation '" + h.installation + "'");
      else if (!p)
        diags_.error(h.pos, h.path + ": unknown process '" + h.process + "' in installation '" +
                                h.installation + "'");
      else if (p->category != "hydrogen")
        diags_.error(h.pos, h.path + ": process '" + h.process + "' has category " + p->category +
                                ", not hydrogen (a <hydrogen> life cycle needs category=\"hydrogen\")");
    }
    // Precursors from processes: references and cycles.
    using Node = std::pair<std::string, std::string>;  // installation, process
    std::map<Node, std::vector<std::pair<Node, const Precursor*>>> edges;
    for (const auto& in : f.installations) {
      for (const auto& p : in.processes) {
        for (const auto& pr : p.precursors) {
          if (pr.source != PrecursorSource::process || pr.process_id.empty()) continue;
          std::string inst_id = pr.installation_id.empty() ? in.id : pr.installation_id;
          const Installation* target = f.find_installation(inst_id);
          if (!target) {
            diags_.error(pr.pos, pr.path + ": unknown installation '" + inst_id + "'");
            continue;
          }
          if (!f.find_process(*target, pr.process_id)) {
            diags_.error(pr.pos, pr.path + ": unknown process '" + pr.process_id +
                                     "' in installation '" + inst_id + "'");
            continue;
          }
          edges[{in.id, p.id}].push_back({{inst_id, pr.process_id}, &pr});
        }
      }
    }
    std::map<Node, int> state;  // 0 new, 1 on stack, 2 done
    std::vector<Node> stack;
    std::function<void(const Node&)> visit = [&](const Node& n) {
      state[n] = 1;
      stack.push_back(n);
      for (const auto& [to, pr] : edges[n]) {
        if (state[to] == 1) {
          std::string cycle;
          auto it = std::find(stack.begin(), stack.end(), to);
          for (; it != stack.end(); ++it) cycle += it->second + " -> ";
          cycle += to.second;
          diags_.error(pr->pos, pr->path + ": precursor cycle: " + cycle +
                                    " (a process cannot consume its own output through other "
                                    "processes)");
        } else if (state[to] == 0) {
          visit(to);
        }
      }
      stack.pop_back();
      state[n] = 2;
    };
    for (const auto& [n, _] : edges)
      if (state[n] == 0) visit(n);
    for (const auto& x : f.exports)
      if (!x.installation.empty() && !f.find_installation(x.installation))
        diags_.error(x.pos, x.path + ": unknown installation '" + x.installation + "'");
  }

  std::string file_;
  Diagnostics& diags_;
};

}  // namespace

LoadResult<Firm> load_firm(const std::string& path, const std::string& display_name) {
  Diagnostics diags;
  tinyxml2::XMLDocument doc;
  if (!xml::load_document(doc, path, display_name, diags)) return {Firm{}, std::move(diags), true};
  if (!doc.RootElement()) {
    diags.error({display_name, 1}, "empty document");
    return {Firm{}, std::move(diags), true};
  }
  FirmReader r(display_name, diags);
  Firm f = r.read(doc.RootElement());
  return {std::move(f), std::move(diags), true};
}

LoadResult<Firm> parse_firm(std::string_view text, const std::string& display_name) {
  Diagnostics diags;
  tinyxml2::XMLDocument doc;
  if (!xml::parse_document(doc, text, display_name, diags)) return {Firm{}, std::move(diags), true};
  if (!doc.RootElement()) {
    diags.error({display_name, 1}, "empty document");
    return {Firm{}, std::move(diags), true};
  }
  FirmReader r(display_name, diags);
  Firm f = r.read(doc.RootElement());
  return {std::move(f), std::move(diags), true};
}

}  // namespace greengate::model

namespace greengate::model {

void check_firm(const Firm& firm, Diagnostics& diags) {
  FirmReader r(firm.file, diags);
  r.check_references(firm);
}

}  // namespace greengate::model
