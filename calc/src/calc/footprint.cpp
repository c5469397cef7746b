#include "greengate/calc/footprint.hpp"

#include <algorithm>
#include <cctype>

#include "calc/footprint_support.hpp"
#include "greengate/model/cn_code.hpp"
#include "greengate/text/number_format.hpp"

namespace greengate::calc {

namespace u = greengate::units;
using report::TraceNode;

std::string_view ghg_gas_name(GhgGas g) {
  switch (g) {
    case GhgGas::co2: return "CO2";
    case GhgGas::ch4: return "CH4";
    case GhgGas::n2o: return "N2O";
    case GhgGas::hfcs: return "HFCs";
    case GhgGas::pfcs: return "PFCs";
    case GhgGas::sf6: return "SF6";
    case GhgGas::nf3: return "NF3";
  }
  return "?";
}

std::optional<GhgGas> ghg_gas_of(std::string_view slug) {
  if (slug == "co2") return GhgGas::co2;
  if (slug == "ch4") return GhgGas::ch4;
  if (slug == "n2o") return GhgGas::n2o;
  if (slug == "sf6") return GhgGas::sf6;
  if (slug == "nf3") return GhgGas::nf3;
  if (slug == "cf4" || slug == "c2f6" || slug.rfind("pfc_", 0) == 0) return GhgGas::pfcs;
  if (slug.rfind("hfc_", 0) == 0) return GhgGas::hfcs;
  return std::nullopt;
}

void GasBalance::add(GhgGas g, u::Co2eMass e) {
  auto it = by_gas.find(g);
  if (it == by_gas.end()) by_gas.emplace(g, e);
  else it->second += e;
}
void GasBalance::add(const GasBalance& o) {
  for (const auto& [g, e] : o.by_gas) add(g, e);
}
u::Co2eMass GasBalance::total() const {
  u::Co2eMass t = u::tco2e(0);
  for (const auto& [g, e] : by_gas) t += e;
  return t;
}
u::Co2eMass GasBalance::get(GhgGas g) const {
  auto it = by_gas.find(g);
  return it == by_gas.end() ? u::tco2e(0) : it->second;
}

u::Co2eMass GasBalance::fluorinated() const {
  return get(GhgGas::hfcs) + get(GhgGas::pfcs) + get(GhgGas::sf6) + get(GhgGas::nf3);
}

std::vector<std::string> InventoryReport::unverified() const {
  std::vector<std::string> out;
  for (const auto& [key, f] : factors_used)
    if (f.provenance.status != Status::verified) out.push_back(key);
  return out;
}

// ---- shared helpers (footprint_support.hpp) ----------------------------------------------------

const factors::Factor* FactorLedger::use(const std::string& id, int year, TraceNode& node,
                                         const SourcePos& pos, const std::string& where) {
  const Date on = Date::first_of_year(year);
  const auto* f = data.factors.find(id, on);
  if (!f) {
    std::string msg = data.factors.versions(id).empty()
                          ? "factor '" + id + "' is not in the factor library"
                          : "factor '" + id + "' has no value valid on " + on.str();
    gaps.push_back({pos, where, msg});
    node.notes.push_back("GAP: " + msg);
    return nullptr;
  }
  note(*f, node);
  return f;
}

void FactorLedger::note(const factors::Factor& f, TraceNode& node) {
  std::string key = f.id;
  if (f.provenance.valid_to || data.factors.versions(f.id).size() > 1)
    key += "@" + f.provenance.valid_from.str();
  if (!factors_used.count(key))
    factors_used.emplace(key, report::FactorUse{f.id, f.name, f.written_value, f.unit, f.table,
                                                f.provenance});
  node.factor_ids.push_back(key);
  if (f.provenance.status != Status::verified)
    node.notes.push_back(std::string(status_name(f.provenance.status)) + " value: " + f.id);
}

void FactorLedger::note_default(const factors::DefaultLookup& d, TraceNode& node) {
  std::string key = "default:" + d.table_name + ":" + d.good->code;
  report::FactorUse use;
  use.id = key;
  use.name = "Commission default, " + d.table_name + ", CN " + model::format_cn(d.good->code) +
             " (" + d.good->description + ")";
  use.value = d.cell->total;
  use.unit = "tCO2e/t";
  use.table = data.factors.defaults().id;
  use.provenance = d.provenance;
  factors_used.emplace(key, use);
  node.factor_ids.push_back(key);
  if (d.provenance.status != Status::verified)
    node.notes.push_back(std::string(status_name(d.provenance.status)) + " value: " + key);
}

void FactorLedger::copy_factors(const TraceNode& node,
                                const std::map<std::string, report::FactorUse>& from) {
  for (const auto& id : node.factor_ids)
    if (auto it = from.find(id); it != from.end()) factors_used.emplace(it->first, it->second);
  for (const auto& c : node.children) copy_factors(c, from);
}

void FactorLedger::absorb(EmissionsReport& rep) {
  for (auto& [k, v] : rep.factors_used) factors_used.emplace(k, v);
  for (auto& g : rep.gaps) gaps.push_back(g);
  rep.factors_used.clear();
  rep.gaps.clear();
}

NonCo2Combustion combustion_ch4_n2o(const std::string& fuel, u::Energy fuel_energy,
                                    const Dataset& data, int year,
                                    std::map<std::string, report::FactorUse>& factors_used,
                                    std::vector<Gap>& gaps, const SourcePos& pos,
                                    const std::string& where, const std::string& gwp_set) {
  FactorLedger ledger{data, factors_used, gaps};
  NonCo2Combustion r;
  auto& t = r.trace;
  t.label = "CH4 and N2O of stationary combustion";
  t.formula = "Em_gas = E × EF_gas × GWP_gas   [IPCC 2006 Vol. 2 Ch. 2 Table 2.3; GWP " + gwp_set + " 100-yr]";
  t.unit = "tCO2e";
  t.pos = pos;
  t.inputs.push_back({"E", u::in_terajoules(fuel_energy), "TJ", pos});
  if (fuel.empty()) {
    // NCV and EF given without a library fuel (e.g. a waste-derived fuel): the per-fuel CH4 and
    // N2O factors of IPCC Table 2.3 cannot be chosen.
    std::string msg = "CH4 and N2O of this stream are not counted: it names no library fuel, and "
                      "IPCC 2006 Vol. 2 Ch. 2 Table 2.3 gives them per fuel (name the fuel, or report them measured)";
    gaps.push_back({pos, where, msg});
    t.notes.push_back("GAP: " + msg);
    r.ch4 = r.n2o = u::tco2e(0);
    r.complete = false;
    return r;
  }
  auto gas = [&](const char* name, const char* gwp_id, u::Co2eMass& out) {
    const auto* ef = ledger.use("fuel." + fuel + "." + name + "_stationary", year, t, pos, where);
    const auto* gwp = ledger.use(gwp_id, year, t, pos, where);
    if (!ef || !gwp) {
      r.complete = false;
      return;
    }
    auto f = ef->as<u::GasEmissionFactor>();
    t.inputs.push_back({std::string("EF_") + name, u::in_kilograms_per_terajoule(f), "kg/TJ",
                        ef->provenance.pos});
    t.inputs.push_back({std::string("GWP_") + name, gwp->written_value, gwp->unit, gwp->provenance.pos});
    out = fuel_energy * f * gwp->as<u::EmissionIntensity>();
  };
  r.ch4 = r.n2o = u::tco2e(0);
  gas("ch4", ("gwp." + gwp_set + ".ch4").c_str(), r.ch4);
  gas("n2o", ("gwp." + gwp_set + ".n2o").c_str(), r.n2o);
  t.value = u::in_tco2e(r.ch4 + r.n2o);
  return r;
}

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string category_of(const model::SourceStream& s, model::InventoryKind kind) {
  if (kind == model::InventoryKind::mobile) return "mobile combustion";
  switch (s.method) {
    case model::StreamMethod::combustion: return "stationary combustion";
    case model::StreamMethod::fugitive: return "fugitive (refrigerants, other F-gases)";
    case model::StreamMethod::process:
    case model::StreamMethod::mass_balance: return "process";
    case model::StreamMethod::measured: return "measured (CEMS)";
    case model::StreamMethod::n2o: return "process N2O";
    case model::StreamMethod::pfc_slope:
    case model::StreamMethod::pfc_overvoltage: return "process PFCs";
  }
  return "?";
}

class Inventory {
 public:
  Inventory(const model::Firm& firm, const Dataset& data, const rules::RuleSet& rules, int year,
            InventoryReport& rep)
      : firm_(firm), data_(data), rules_(rules), year_(year), rep_(rep),
        ledger_{data, rep.factors_used, rep.gaps} {}

  void run() {
    rep_.file = firm_.file;
    rep_.firm_id = firm_.id;
    rep_.firm_name = firm_.name;
    rep_.country = firm_.country;
    rep_.fictitious = firm_.fictitious;
    rep_.year = year_;
    rep_.data_year = firm_.reporting_year;
    rep_.consolidation = firm_.consolidation;
    rep_.data_versions = data_.factors.table_versions();
    rep_.data_versions.push_back("rules " + rules_.version());
    if (year_ != firm_.reporting_year)
      rep_.notes.push_back("factors valid in " + std::to_string(year_) +
                           " are applied to the activity data of reporting year " +
                           std::to_string(firm_.reporting_year) + " (--year)");
    if (firm_.consolidation.empty())
      rep_.notes.push_back("consolidation approach not stated (firm/@consolidation): every "
                           "installation and building of the file is counted at 100 %");
    for (const auto& in : firm_.installations) installation(in);
    for (const auto& b : firm_.buildings) building(b);
    for (const auto& s : rep_.scope1) {
      rep_.scope1_gases.add(s.gases);
      rep_.biogenic_co2 += s.biogenic_co2;
      rep_.complete = rep_.complete && s.complete;
    }
    rep_.scope1_total = rep_.scope1_gases.total();
    for (const auto& s : rep_.scope2) {
      rep_.scope2_location += s.location;
      rep_.scope2_market += s.market();
      rep_.complete = rep_.complete && s.complete;
    }
    cbam_reconciliation();
    boundary();
  }

 private:
  // ---- Scope 1 ---------------------------------------------------------------------------------
  void source(const std::string& site, const model::SourceStream& s, model::InventoryKind kind,
              bool cbam_stream = false) {
    EmissionsReport scratch;
    StreamResult r = compute_stream(s, data_, year_, scratch);
    ledger_.absorb(scratch);
    Scope1Source out;
    out.site = site;
    out.cbam_stream = cbam_stream;
    out.source_id = s.id;
    out.category = category_of(s, kind);
    out.method = r.method;
    out.biogenic_co2 = r.biogenic_co2;
    out.fuel_energy = r.fuel_energy;
    out.complete = r.complete;
    out.trace = r.trace;
    for (const auto& [slug, e] : r.by_gas) {
      auto g = ghg_gas_of(slug);
      if (!g) throw InternalError("gas slug '" + slug + "' has no inventory gas");
      out.gases.add(*g, e);
    }
    if (cbam_stream) rep_.cbam_streams += r.emissions;
    else rep_.inventory_only += r.emissions;
    if (s.method == model::StreamMethod::combustion) {
      if (kind == model::InventoryKind::mobile) {
        std::string msg = "CH4 and N2O of mobile combustion are not counted: the library has no "
                          "mobile-source factors (IPCC 2006 Vol. 2 Ch. 3 not transcribed)";
        rep_.gaps.push_back({s.pos, s.path, msg});
        out.trace.notes.push_back("GAP: " + msg);
        out.complete = false;
      } else {
        auto nc = combustion_ch4_n2o(s.fuel, r.fuel_energy, data_, year_, rep_.factors_used,
                                     rep_.gaps, s.pos, s.path);
        out.gases.add(GhgGas::ch4, nc.ch4);
        out.gases.add(GhgGas::n2o, nc.n2o);
        rep_.combustion_non_co2 += nc.ch4 + nc.n2o;
        out.complete = out.complete && nc.complete;
        out.trace.children.push_back(std::move(nc.trace));
      }
    }
    out.trace.value = u::in_tco2e(out.gases.total());
    out.trace.unit = "tCO2e";
    rep_.scope1.push_back(std::move(out));
  }

  void installation(const model::Installation& in) {
    for (const auto& p : in.processes)
      for (const auto& s : p.streams) source(in.id, s, model::InventoryKind::stationary, true);
    for (const auto& s : in.shared_streams) source(in.id, s, model::InventoryKind::stationary, true);
    for (const auto& src : in.inventory) source(in.id, src.stream, src.kind);
    // Scope 2: electricity of every process, heat imported; instruments of the site.
    std::vector<Scope2Use> uses;
    std::vector<InstrumentResult> instruments;
    for (const auto& p : in.processes) {
      for (const auto& e : p.electricity) {
        uses.push_back(electricity(in.id, in.country, e, "electricity, process " + p.id));
        uses.back().process = p.id;
        if (e.source == model::ElectricitySource::ppa ||
            e.source == model::ElectricitySource::direct_link)
          instruments.push_back(cbam_contract(in, p, e, uses.size() - 1));
      }
      for (const auto& h : p.heat)
        if (h.is_import) {
          uses.push_back(heat(in.id, h, "heat imported, process " + p.id));
          uses.back().process = p.id;
        }
    }
    for (const auto& x : in.instruments) instruments.push_back(check(in.id, in.country, x));
    market_based(in.id, in.country, uses, instruments);
  }

  void building(const model::Building& b) {
    for (const auto& src : b.sources) source(b.id, src.stream, src.kind);
    std::vector<Scope2Use> uses;
    for (const auto& e : b.electricity)
      uses.push_back(electricity(b.id, b.country, e, "electricity, building " + b.id));
    for (const auto& h : b.heat) uses.push_back(heat(b.id, h, "heat imported, building " + b.id));
    std::vector<InstrumentResult> instruments;
    for (const auto& x : b.instruments) instruments.push_back(check(b.id, b.country, x));
    market_based(b.id, b.country, uses, instruments);
  }

  // ---- Scope 2 location-based -----------------------------------------------------------------
  Scope2Use electricity(const std::string& site, const std::string& country,
                        const model::ElectricityUse& e, const std::string& what) {
    Scope2Use s;
    s.site = site;
    s.what = what;
    s.quantity = e.quantity;
    auto& t = s.trace;
    t.label = "Scope 2, " + what;
    t.formula = "location-based = E × EF_grid   [GHG Protocol Scope 2 Guidance Ch. 6]";
    t.unit = "tCO2e";
    t.pos = e.pos;
    t.inputs.push_back({"E", u::in_megawatt_hours(e.quantity), "MWh", e.pos});
    std::string id = e.location_factor_id;
    std::string basis = "location-factor-id of the firm file";
    if (id.empty() && e.cbam && e.source == model::ElectricitySource::grid &&
        e.factor_id.rfind("grid.", 0) == 0) {
      id = e.factor_id;
      basis = "the grid factor the CBAM electricity use names";
    }
    if (id.empty()) {
      if (const auto* v = rules_.param_value("scope2.location_factor." + lower(country),
                                             Date::first_of_year(year_))) {
        id = v->text;
        basis = "rules: scope2.location_factor." + lower(country) + " (" + v->ref + ")";
      }
    }
    if (id.empty()) {
      std::string msg = "no location-based grid factor for " + country + ": name one with "
                        "location-factor-id (a grid.* factor of the library)";
      rep_.gaps.push_back({e.pos, e.path, msg});
      t.notes.push_back("GAP: " + msg);
      s.complete = false;
      return s;
    }
    t.notes.push_back("grid factor: " + basis);
    if (const auto* f = ledger_.use(id, year_, t, e.pos, e.path)) {
      if (f->dimension != u::Dimension::energy_factor)
        throw InputError(e.pos.str() + ": error: " + e.path + ": location factor '" + id +
                         "' is not a factor per MWh (" + f->unit + ")");
      s.location_factor = f->as<u::EnergyEmissionFactor>();
      s.location_factor_id = id;
      t.inputs.push_back({"EF_grid", u::in_tco2e_per_megawatt_hour(*s.location_factor),
                          "tCO2e/MWh", f->provenance.pos});
      s.location = e.quantity * *s.location_factor;
    } else {
      s.complete = false;
    }
    t.value = u::in_tco2e(s.location);
    return s;
  }

  Scope2Use heat(const std::string& site, const model::HeatFlow& h, const std::string& what) {
    Scope2Use s;
    s.site = site;
    s.what = what;
    s.heat = true;
    s.quantity = h.quantity;
    s.location_factor = h.factor;
    s.location = h.quantity * h.factor;
    s.market_uncovered = s.location;
    s.uncovered_basis = "the supplier's heat factor given in the firm file (both methods)";
    auto& t = s.trace;
    t.label = "Scope 2, " + what;
    t.formula = "Q × EF_heat (the supplier's factor: location- and market-based alike)";
    t.unit = "tCO2e";
    t.pos = h.pos;
    t.inputs.push_back({"Q", u::in_terajoules(h.quantity), "TJ", h.pos});
    t.inputs.push_back({"EF_heat", u::in_tco2e_per_terajoule(h.factor), "tCO2e/TJ", h.pos});
    t.value = u::in_tco2e(s.location);
    return s;
  }

  // ---- contractual instruments ------------------------------------------------------------------
  rules::RuleResult quality(const InstrumentResult& x, std::optional<bool> retired,
                            const std::string& country) {
    rules::FactSet facts;
    const std::string src = x.pos.str();
    facts.set_text("instrument.type", x.type, src);
    facts.set_bool("instrument.emission_rate_known", x.rate.has_value(), src);
    if (retired) facts.set_bool("instrument.retired", *retired, src);
    facts.set_bool("instrument.reference_given", !x.reference.empty(), src);
    facts.set_number("instrument.vintage_gap", std::abs(x.vintage - rep_.data_year), "count", src);
    facts.set_bool("instrument.same_market", x.market == country, src);
    rules::Evaluator ev(rules_, Date::first_of_year(year_), facts);
    return ev.evaluate("scope2.q.all");
  }

  InstrumentResult check(const std::string& site, const std::string& country,
                         const model::Instrument& in) {
    InstrumentResult x;
    x.site = site;
    x.id = in.id;
    x.type = in.type;
    x.market = in.market;
    x.technology = in.technology;
    x.reference = in.reference;
    x.vintage = in.vintage;
    x.quantity = in.quantity;
    x.pos = in.pos;
    if (in.factor) {
      x.rate = in.factor;
      x.rate_basis = "stated in the firm file";
    } else if (!in.technology.empty()) {
      const auto* v = rules_.param_value("scope2.renewable_technologies", Date::first_of_year(year_));
      std::string list = v ? "," + v->text + "," : "";
      if (list.find("," + lower(in.technology) + ",") != std::string::npos) {
        x.rate = u::tco2e_per_megawatt_hour(0);
        x.rate_basis = "zero: " + in.technology + " generation (rules: scope2.renewable_technologies)";
      }
    }
    if (!x.rate)
      x.rate_basis = "no emission rate: give factor= (tCO2e/MWh) or a renewable technology=";
    x.quality = quality(x, in.retired, country);
    return x;
  }

  InstrumentResult cbam_contract(const model::Installation& in, const model::Process& p,
                                 const model::ElectricityUse& e, std::size_t use_index) {
    InstrumentResult x;
    x.site = in.id;
    x.id = "process " + p.id + " electricity";
    x.type = e.source == model::ElectricitySource::ppa ? "ppa" : "direct-link";
    x.market = in.country;
    x.vintage = rep_.data_year;
    x.quantity = e.quantity;
    x.reference = e.evidence;
    x.rate = e.factor;
    x.rate_basis = "the factor of the CBAM electricity use (factor-source=\"" + x.type + "\")";
    x.from_cbam_electricity = true;
    x.pos = e.pos;
    x.quality = quality(x, std::nullopt, in.country);
    dedicated_[x.site + "#" + x.id] = use_index;
    return x;
  }

  // Instruments cover the site's electricity: a CBAM PPA / direct line its own use first, then
  // the site's certificates and contracts in file order over the remaining consumption.
  void market_based(const std::string& site, const std::string& country,
                    std::vector<Scope2Use>& uses, std::vector<InstrumentResult>& instruments) {
    std::vector<u::Energy> left;
    for (const auto& s : uses) left.push_back(s.heat ? u::megawatt_hours(0) : s.quantity);
    auto apply = [&](InstrumentResult& x, std::size_t i) {
      u::Energy take = std::min(left[i], x.quantity - x.applied);
      if (u::in_megawatt_hours(take) <= 0) return;
      left[i] -= take;
      x.applied += take;
      uses[i].covered += take;
      uses[i].market_covered += take * *x.rate;
      TraceNode c;
      c.label = "covered by instrument " + x.id + " (" + x.type + ")";
      c.formula = "E_covered × rate";
      c.unit = "tCO2e";
      c.pos = x.pos;
      c.inputs.push_back({"E_covered", u::in_megawatt_hours(take), "MWh", x.pos});
      c.inputs.push_back({"rate", u::in_tco2e_per_megawatt_hour(*x.rate), "tCO2e/MWh", x.pos});
      c.notes.push_back("rate: " + x.rate_basis);
      c.value = u::in_tco2e(take * *x.rate);
      uses[i].trace.children.push_back(std::move(c));
    };
    for (auto& x : instruments) {
      if (!x.usable()) continue;
      if (auto it = dedicated_.find(x.site + "#" + x.id); it != dedicated_.end())
        apply(x, it->second);
    }
    for (auto& x : instruments) {
      if (!x.usable() || dedicated_.count(x.site + "#" + x.id)) continue;
      for (std::size_t i = 0; i < uses.size(); ++i) apply(x, i);
    }
    for (auto& x : instruments) {
      x.unused = x.quantity - x.applied;
      if (x.usable() && u::in_megawatt_hours(x.unused) > 1e-9)
        rep_.notes.push_back("instrument " + x.id + " at " + site + ": " +
                             text::format_trimmed(u::in_megawatt_hours(x.unused), 3) +
                             " MWh more than the site's remaining consumption: not used (no "
                             "transfer to other sites or years)");
    }
    // The uncovered rest: residual mix, else the location-based factor with a flag.
    const auto* rm = rules_.param_value("scope2.residual_mix." + lower(country), Date::first_of_year(year_));
    for (std::size_t i = 0; i < uses.size(); ++i) {
      auto& s = uses[i];
      if (s.heat) continue;
      TraceNode c;
      c.label = "not covered by a usable instrument";
      c.unit = "tCO2e";
      c.inputs.push_back({"E_uncovered", u::in_megawatt_hours(left[i]), "MWh", s.trace.pos});
      if (rm) {
        if (const auto* f = ledger_.use(rm->text, year_, c, s.trace.pos, s.what)) {
          s.market_uncovered = left[i] * f->as<u::EnergyEmissionFactor>();
          s.uncovered_basis = "residual mix " + rm->text;
          c.formula = "E_uncovered × residual mix";
          c.inputs.push_back({"EF_residual", f->written_value, f->unit, f->provenance.pos});
        } else {
          s.complete = false;
        }
      } else if (s.location_factor) {
        s.market_uncovered = left[i] * *s.location_factor;
        s.uncovered_basis = "location-based factor " + s.location_factor_id + " (no residual mix "
                            "published for " + country + ")";
        c.formula = "E_uncovered × EF_grid (no residual mix: Scope 2 Guidance Table 6.3, last "
                    "level of the hierarchy)";
        c.inputs.push_back({"EF_grid", u::in_tco2e_per_megawatt_hour(*s.location_factor),
                            "tCO2e/MWh", s.trace.pos});
        c.notes.push_back("residual mix not published for " + country +
                          ": the grid average counts consumption others' certificates may "
                          "already claim (possible double counting)");
      } else {
        s.complete = false;
        s.uncovered_basis = "no factor (see gaps)";
      }
      c.value = u::in_tco2e(s.market_uncovered);
      s.trace.children.push_back(std::move(c));
      s.trace.notes.push_back("market-based = " +
                              text::format_trimmed(u::in_tco2e(s.market()), 3) + " tCO2e");
    }
    for (auto& s : uses) rep_.scope2.push_back(std::move(s));
    for (auto& x : instruments) rep_.instruments.push_back(std::move(x));
  }

  // ---- reconciliation and boundary ---------------------------------------------------------------
  void cbam_reconciliation() {
    EmissionsOptions opt;
    opt.year = data_.period.clamp(year_);
    auto cbam = compute_emissions(firm_, data_, opt);
    for (const auto& p : cbam.processes) rep_.cbam_direct += p.direct;
    rep_.heat_balance = rep_.cbam_streams - rep_.cbam_direct;
  }

  void boundary() {
    auto& b = rep_.boundary;
    b.push_back("Scope 3 (all 15 categories of the GHG Protocol Scope 3 Standard) is not "
                "computed; purchased goods appear only in product footprints (--product)");
    b.push_back("upstream emissions of the fuels and electricity bought (extraction, "
                "transport, transmission losses: Scope 3 category 3) are not included");
    b.push_back("exported heat is not subtracted from Scope 1 (CBAM's attributed emissions "
                "subtract it); heat sold is not counted again by the buyer's inventory here");
    b.push_back("transport by third parties (Scope 3 categories 4 and 9) is not included");
    b.push_back("biogenic CO2 of biomass combustion is reported separately, not in the scopes; "
                "the CH4 and N2O of that combustion are in Scope 1");
    b.push_back("GWPs: IPCC AR5 100-year (as CBAM and the EU ETS); no AR6 set is complete in "
                "the library");
  }

  const model::Firm& firm_;
  const Dataset& data_;
  const rules::RuleSet& rules_;
  int year_;
  InventoryReport& rep_;
  FactorLedger ledger_;
  std::map<std::string, std::size_t> dedicated_;  ///< CBAM contract -> its use (index per site)
};

}  // namespace

InventoryReport compute_inventory(const model::Firm& firm, const Dataset& data,
                                  const rules::RuleSet& rules, const InventoryOptions& options) {
  if (!rules.rule("scope2.q.all"))
    throw DefinitionError("the footprint rules (rules/footprint/inventory.xml) are not loaded: "
                          "rule scope2.q.all is missing", {});
  InventoryReport rep;
  Inventory inv(firm, data, rules, options.year ? options.year : firm.reporting_year, rep);
  inv.run();
  return rep;
}

}  // namespace greengate::calc
