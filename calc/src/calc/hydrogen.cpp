#include "greengate/calc/hydrogen.hpp"

#include <algorithm>

#include "calc/footprint_support.hpp"
#include "greengate/calc/footprint.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/units/unit_parser.hpp"

namespace greengate::calc {

namespace u = greengate::units;
using report::TraceNode;

std::vector<std::string> HydrogenReport::unverified() const {
  std::vector<std::string> out;
  for (const auto& [key, f] : factors_used)
    if (f.provenance.status != Status::verified) out.push_back(key);
  return out;
}

namespace {

class H2 {
 public:
  H2(const model::Firm& firm, const Dataset& data, const rules::RuleSet& h2_rules,
     const rules::RuleSet& fp_rules, const rules::RuleSet* taxonomy,
     const model::HydrogenLifecycle& h, int year, HydrogenReport& out)
      : firm_(firm), data_(data), rules_(h2_rules), fp_rules_(fp_rules), taxonomy_(taxonomy), h_(h),
        year_(year), out_(out), ledger_{data, out.factors_used, out.gaps} {}

  void run() {
    in_ = firm_.find_installation(h_.installation);
    proc_ = in_ ? firm_.find_process(*in_, h_.process) : nullptr;
    if (!proc_) throw InternalError("unresolved hydrogen process " + h_.process);
    out_.file = firm_.file;
    out_.firm_id = firm_.id;
    out_.firm_name = firm_.name;
    out_.fictitious = firm_.fictitious;
    out_.year = year_;
    out_.id = h_.id;
    out_.installation = in_->id;
    out_.process = proc_->id;
    out_.route = proc_->route;
    out_.data_versions = data_.factors.table_versions();
    out_.data_versions.push_back("rules " + rules_.version());
    out_.hydrogen = proc_->output;
    TraceNode lhv_node;
    const auto* lhv = ledger_.use("h2.lhv", year_, lhv_node, h_.pos, h_.path);
    if (!lhv) throw DefinitionError("factors: h2.lhv (hydrogen lower heating value) is missing", {});
    out_.energy = out_.hydrogen * lhv->as<u::CalorificValue>();
    thresholds();
    process_and_gas();
    electricity();
    inputs();
    transport_use_ccs();
    verdicts();
  }

 private:
  const rules::ParamValue& param(const std::string& id) {
    const auto* v = rules_.param_value(id, Date::first_of_year(year_));
    if (!v)
      throw DefinitionError("rules/hydrogen: parameter " + id + " has no value valid in " +
                                std::to_string(year_) + " (the act applies from 2025-12-11)", {});
    return *v;
  }

  void thresholds() {
    out_.comparator = u::to_energy_factor(param("h2lc.comparator").number, "gCO2e/MJ", "h2lc.comparator");
    double min = param("h2lc.savings.min").number / 100.0;
    out_.ceiling = out_.comparator * (1.0 - min);
    out_.ceiling_per_tonne = out_.ceiling * (out_.energy / out_.hydrogen);
  }

  H2Term& term(const std::string& key, const std::string& label, u::Co2eMass em,
               const std::string& basis) {
    H2Term t;
    t.key = key;
    t.label = label;
    t.emissions = em;
    t.per_mj = em / out_.energy;
    t.basis = basis;
    t.trace.label = key + ": " + label;
    t.trace.unit = "tCO2e";
    t.trace.value = u::in_tco2e(em);
    t.trace.notes.push_back(basis);
    out_.terms.push_back(std::move(t));
    return out_.terms.back();
  }

  void gap(const SourcePos& pos, const std::string& where, const std::string& msg, H2Term& t) {
    out_.gaps.push_back({pos, where, msg});
    t.trace.notes.push_back("GAP: " + msg);
    t.complete = false;
  }

  // e_p and the natural-gas supply chain (e_i).
  void process_and_gas() {
    EmissionsOptions opt;
    opt.year = data_.period.clamp(year_);
    EmissionsReport cbam = compute_emissions(firm_, data_, opt);
    const ProcessResult* pr = nullptr;
    for (const auto& r : cbam.processes)
      if (r.installation == in_->id && r.process == proc_->id) pr = &r;
    if (!pr) throw InternalError("no CBAM result for process " + proc_->id);
    auto& ep = term("e_p", "processing: direct emissions of the process (CBAM source-stream arithmetic)",
                    pr->direct, "own process data");
    if (!pr->trace.children.empty()) {
      ep.trace.children.push_back(pr->trace.children[0]);
      ledger_.copy_factors(pr->trace.children[0], cbam.factors_used);
    }
    for (const auto& s : pr->streams) ep.complete = ep.complete && s.complete;
    for (const auto& g : cbam.gaps)
      if (g.where.rfind(proc_->path, 0) == 0 || g.where.rfind(in_->path + "/stream", 0) == 0)
        out_.gaps.push_back(g);
    // CH4 and N2O of combustion with the RED GWPs, and the fuels' energy.
    u::Co2eMass nonco2 = u::tco2e(0);
    std::vector<TraceNode> nonco2_traces;
    bool nonco2_complete = true;
    u::Energy gas = u::terajoules(0);
    std::map<std::string, u::Energy> other_fuels;
    for (const auto& s : pr->streams) {
      const model::SourceStream* ms = nullptr;
      for (const auto& x : proc_->streams)
        if (x.id == s.id) ms = &x;
      for (const auto& x : in_->shared_streams)
        if (x.id == s.id) ms = &x;
      if (!ms || ms->method != model::StreamMethod::combustion) continue;
      auto nc = combustion_ch4_n2o(ms->fuel, s.fuel_energy, data_, year_, out_.factors_used,
                                   out_.gaps, ms->pos, ms->path, "ar4");
      nonco2 += nc.ch4 + nc.n2o;
      nonco2_complete = nonco2_complete && nc.complete;
      nc.trace.label += " (stream " + s.id + ")";
      nonco2_traces.push_back(std::move(nc.trace));
      if (ms->fuel == "natural_gas") gas += s.fuel_energy;
      else other_fuels[ms->fuel] += s.fuel_energy;
    }
    if (!nonco2_traces.empty()) {
      auto& t = term("e_p.ch4_n2o", "processing: CH4 and N2O of the process's combustion", nonco2,
                     "IPCC 2006 Table 2.3 factors, GWP CH4 25 / N2O 298 (Directive (EU) 2018/2001 Annex V)");
      t.trace.children = std::move(nonco2_traces);
      t.complete = nonco2_complete;
    }
    if (u::in_terajoules(gas) > 0) natural_gas(gas);
    for (const auto& [fuel, e] : other_fuels) {
      if (u::in_terajoules(e) <= 0) continue;
      auto& t = term("e_i." + fuel, "supply of " + fuel + " (extraction, processing, transport)",
                     u::tco2e(0), "no value");
      gap(proc_->pos, proc_->path, "upstream emissions of " + fuel + " (" +
                                       text::format_trimmed(u::in_terajoules(e), 3) +
                                       " TJ): no default in the library and none in the firm file", t);
    }
  }

  void natural_gas(u::Energy gas) {
    auto one = [&](const std::string& key, const std::string& label,
                   const model::GasSupplyValue& supplier, const std::string& default_id,
                   const std::string& missing) {
      if (supplier.value) {
        auto& t = term(key, label, gas * *supplier.value, "the supplier's value: " + supplier.source);
        t.trace.formula = "E_gas × value";
        t.trace.inputs.push_back({"E_gas", u::in_terajoules(gas), "TJ", h_.pos});
        t.trace.inputs.push_back({"value", u::in_grams_co2e_per_megajoule(*supplier.value), "gCO2e/MJ", h_.pos});
        return;
      }
      if (!default_id.empty()) {
        TraceNode node;
        if (const auto* f = ledger_.use(default_id, year_, node, h_.pos, h_.path)) {
          auto& t = term(key, label, gas * f->as<u::EnergyEmissionFactor>(),
                         "the act's default (" + std::string(status_name(f->provenance.status)) +
                             "): " + f->provenance.source);
          t.trace.formula = "E_gas × default";
          t.trace.inputs.push_back({"E_gas", u::in_terajoules(gas), "TJ", h_.pos});
          t.trace.inputs.push_back({"default", f->written_value, f->unit, f->provenance.pos});
          t.trace.factor_ids = node.factor_ids;
          for (auto& n : node.notes) t.trace.notes.push_back(n);
          return;
        }
      }
      auto& t = term(key, label, u::tco2e(0), "no value");
      gap(h_.pos, h_.path, missing, t);
    };
    one("e_i.gas_upstream_co2", "natural gas: CO2 of upstream production", h_.gas_upstream_co2,
        "ng.upstream_co2.default", "");
    one("e_i.gas_methane", "natural gas: methane emissions of the supply chain", h_.gas_methane, "",
        "methane emissions of the natural-gas supply: the act's default could not be confirmed in "
        "the sources available (factors/low-carbon-fuels.xml); give the supplier's methane "
        "intensity (<natural-gas methane=\"…\">, e.g. from its Reg. (EU) 2024/1787 reporting)");
    one("e_i.gas_transport", "natural gas: transport to the plant (pipeline, or LNG chain)",
        h_.gas_transport, "",
        "transport of the natural gas to the plant (pipeline, or LNG liquefaction, shipping and "
        "regasification): no default in the sources available; give the supplier's value "
        "(<natural-gas transport=\"…\">)");
  }

  void electricity() {
    InventoryOptions io;
    io.year = year_;
    InventoryReport inv = compute_inventory(firm_, data_, fp_rules_, io);
    std::vector<const Scope2Use*> uses;
    for (const auto& s : inv.scope2)
      if (s.site == in_->id && s.process == proc_->id && !s.heat) uses.push_back(&s);
    if (uses.size() != proc_->electricity.size())
      throw InternalError("electricity uses of process " + proc_->id + " do not match the inventory");
    for (std::size_t i = 0; i < uses.size(); ++i) {
      const auto& e = proc_->electricity[i];
      const auto& use = *uses[i];
      bool contract = e.source == model::ElectricitySource::ppa ||
                      e.source == model::ElectricitySource::direct_link;
      if (contract) {
        auto& t = term("e_i.electricity", "electricity, " + std::string(model::electricity_source_name(e.source)),
                       e.quantity * *e.factor,
                       "the contract's factor (" + e.evidence + "); the act's conditions for such "
                       "electricity are not checked by GreenGate: keep the evidence");
        t.trace.formula = "E × EF_contract";
        t.trace.inputs.push_back({"E", u::in_megawatt_hours(e.quantity), "MWh", e.pos});
        t.trace.inputs.push_back({"EF", u::in_tco2e_per_megawatt_hour(*e.factor), "tCO2e/MWh", e.pos});
        continue;
      }
      auto& t = term("e_i.electricity", "electricity from the grid", use.location,
                     "the location's grid-average factor " + use.location_factor_id +
                         " (the act's own rules for grid electricity are not in the library: "
                         "this factor is a stand-in, flagged)");
      t.trace = use.trace;
      t.complete = use.complete && use.location_factor.has_value();
      ledger_.copy_factors(use.trace, inv.factors_used);
      out_.notes.push_back("grid electricity is counted at the national grid average, not with the "
                           "act's grid-electricity rules (not available): the result for grid "
                           "electrolysis is indicative");
    }
    for (const auto& g : inv.gaps)
      if (g.where.rfind(proc_->path + "/electricity", 0) == 0) out_.gaps.push_back(g);
  }

  void inputs() {
    for (const auto& i : h_.inputs) {
      auto& t = term("e_i." + i.id, "input " + (i.material.empty() ? i.id : i.material),
                     i.quantity * *i.factor, "user factor: " + i.factor_source);
      t.trace.formula = "q × f (q over the period)";
      t.trace.inputs.push_back({"q", u::in_tonnes(i.quantity), "t", i.pos});
      t.trace.inputs.push_back({"f", u::in_tco2e_per_tonne(*i.factor), "tCO2e/t", i.pos});
    }
  }

  void transport_use_ccs() {
    if (h_.transport_distribution) {
      auto& t = term("e_td", "transport and distribution to the user", out_.energy * *h_.transport_distribution,
                     "stated in the firm file: " + h_.td_source);
      t.trace.formula = "E_H2 × e_td";
    } else {
      auto& t = term("e_td", "transport and distribution to the user", u::tco2e(0), "not given");
      gap(h_.pos, h_.path, "transport and distribution of the hydrogen to its user are not given "
                           "(transport-distribution + td-source; 0 when it is used where it is "
                           "made): the result stops at the plant gate", t);
    }
    const auto& eu = param("h2lc.e_u");
    term("e_u", "end use: combustion of the hydrogen",
         out_.energy * u::to_energy_factor(eu.number, "gCO2e/MJ", "h2lc.e_u"), eu.ref);
    if (h_.ccs_stored) {
      auto& t = term("e_ccs", "CO2 captured and permanently stored", -*h_.ccs_stored,
                     "stated in the firm file: " + h_.ccs_evidence);
      t.trace.notes.push_back("storage must meet Directive 2009/31/EC or equivalent rules; "
                              "GreenGate takes the stored quantity as stated");
    }
  }

  void verdicts() {
    for (const auto& t : out_.terms) {
      out_.total += t.emissions;
      out_.complete = out_.complete && t.complete;
    }
    if (!out_.gaps.empty()) out_.complete = false;
    out_.intensity = out_.total / out_.energy;
    out_.per_tonne = out_.total / out_.hydrogen;
    out_.savings = 1.0 - u::ratio(out_.intensity, out_.comparator);
    const std::string src = "computed by greengate hydrogen (" + h_.id + ")";
    rules::FactSet facts;
    facts.set_number("h2.intensity", u::in_grams_co2e_per_megajoule(out_.intensity), "gCO2e/MJ", src);
    facts.set_number("h2.savings", 100 * out_.savings, "%", src);
    rules::Evaluator ev(rules_, Date::first_of_year(year_), facts);
    out_.low_carbon = ev.evaluate("h2lc.low_carbon");
    incomplete_pass(out_.low_carbon);
    if (taxonomy_) {
      rules::FactSet tf;
      tf.set_number("h2.lifecycle_ghg", u::in_tco2e_per_tonne(out_.per_tonne), "tCO2e/t", src);
      tf.set_number("h2.ghg_savings", 100 * out_.savings, "%", src);
      tf.set_text("product.category", "hydrogen", src);
      tf.set_bool("ccs.used", h_.ccs_stored.has_value(), src);
      rules::Evaluator tev(*taxonomy_, Date::first_of_year(year_), tf);
      out_.taxonomy = tev.evaluate("tax.3_10.sc");
      incomplete_pass(*out_.taxonomy);
    }
    if (proc_->route.find("electrolys") != std::string::npos)
      out_.notes.push_back("hydrogen from renewable electricity can be a renewable fuel of "
                           "non-biological origin (DR (EU) 2023/1184: additionality, temporal and "
                           "geographical correlation): not assessed here; the 70 % savings test "
                           "is the same");
    out_.notes.push_back("DR (EU) 2025/2359 was not available as text: its parameters and "
                         "defaults come from secondary sources, each with its status "
                         "(rules/hydrogen/low-carbon.xml, factors/low-carbon-fuels.xml)");
  }

  // A pass that rests on an incomplete E cannot be confirmed; a fail stands (E only grows).
  void incomplete_pass(rules::RuleResult& r) {
    if (out_.complete || r.outcome != rules::Outcome::pass) return;
    r.outcome = rules::Outcome::unknown;
    r.reason = "cannot confirm: the life-cycle emissions are incomplete (see the gaps), so the "
               "value compared is a lower bound; " + r.reason;
  }

  const model::Firm& firm_;
  const Dataset& data_;
  const rules::RuleSet& rules_;
  const rules::RuleSet& fp_rules_;
  const rules::RuleSet* taxonomy_;
  const model::HydrogenLifecycle& h_;
  int year_;
  HydrogenReport& out_;
  FactorLedger ledger_;
  const model::Installation* in_ = nullptr;
  const model::Process* proc_ = nullptr;
};

}  // namespace

std::vector<HydrogenReport> compute_hydrogen(const model::Firm& firm, const Dataset& data,
                                             const rules::RuleSet& h2_rules,
                                             const rules::RuleSet& footprint_rules,
                                             const rules::RuleSet* taxonomy,
                                             const std::string& id, const HydrogenOptions& options) {
  if (firm.hydrogen.empty())
    throw InputError(firm.file + ": error: the firm file has no <hydrogen> element (the life-cycle "
                     "data of a hydrogen process: docs/firm-format.md)");
  if (!h2_rules.rule("h2lc.low_carbon"))
    throw DefinitionError("the hydrogen rules (rules/hydrogen/low-carbon.xml) are not loaded", {});
  std::vector<HydrogenReport> out;
  for (const auto& h : firm.hydrogen) {
    if (!id.empty() && h.id != id) continue;
    HydrogenReport rep;
    H2 calc(firm, data, h2_rules, footprint_rules, taxonomy, h,
            options.year ? options.year : firm.reporting_year, rep);
    calc.run();
    out.push_back(std::move(rep));
  }
  if (out.empty()) {
    std::string known;
    for (const auto& h : firm.hydrogen) known += (known.empty() ? "" : ", ") + h.id;
    throw InputError(firm.file + ": error: no <hydrogen id=\"" + id + "\"> in the firm file (hydrogen: " +
                     known + ")");
  }
  return out;
}

}  // namespace greengate::calc
