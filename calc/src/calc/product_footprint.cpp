#include "greengate/calc/product_footprint.hpp"

#include <algorithm>
#include <cmath>

#include "calc/footprint_support.hpp"
#include "greengate/model/cn_code.hpp"
#include "greengate/text/number_format.hpp"

namespace greengate::calc {

namespace u = greengate::units;
using report::TraceNode;

std::vector<std::string> ProductFootprint::unverified() const {
  std::vector<std::string> out;
  for (const auto& [key, f] : factors_used)
    if (f.provenance.status != Status::verified) out.push_back(key);
  return out;
}

std::optional<double> ProductFootprint::share_percent(const PcfItem& item) const {
  double t = u::in_tco2e(total);
  if (!(t > 0)) return std::nullopt;
  return 100 * u::in_tco2e(item.emissions) / t;
}

namespace {

std::string kg(u::Co2eMass e) { return text::format_trimmed(u::in_kgco2e(e), 3); }

class Pcf {
 public:
  Pcf(const model::Firm& firm, const Dataset& data, const rules::RuleSet& rules,
      const model::Product& product, int year, ProductFootprint& out)
      : firm_(firm), data_(data), rules_(rules), p_(product), year_(year), out_(out),
        ledger_{data, out.factors_used, out.gaps} {}

  void run() {
    const model::Installation* in = firm_.find_installation(p_.installation);
    const model::Process* proc = in ? firm_.find_process(*in, p_.process) : nullptr;
    if (!proc) throw InternalError("unresolved product process " + p_.process);
    in_ = in;
    proc_ = proc;
    header();
    allocation();
    own_process();
    for (const auto& i : p_.inputs) out_.items.push_back(input(i));
    for (const auto& t : p_.transport) out_.items.push_back(transport(t));
    totals();
    boundary();
  }

 private:
  // ---- set-up -----------------------------------------------------------------------------------
  void header() {
    out_.file = firm_.file;
    out_.firm_id = firm_.id;
    out_.firm_name = firm_.name;
    out_.firm_country = firm_.country;
    out_.company_urn = firm_.company_urn.empty() ? "urn:greengate:firm:" + firm_.id : firm_.company_urn;
    out_.fictitious = firm_.fictitious;
    out_.year = year_;
    out_.product_id = p_.id;
    out_.name = p_.name;
    out_.description = p_.description;
    out_.urn = p_.urn.empty() ? "urn:greengate:product:" + firm_.id + ":" + p_.id : p_.urn;
    out_.installation = p_.installation;
    out_.process = p_.process;
    out_.country = in_->country;
    out_.declared_unit = p_.declared_unit;
    out_.mass = p_.mass;
    out_.fossil_carbon_kg = p_.fossil_carbon_kg;
    out_.biogenic_carbon_kg = p_.biogenic_carbon_kg;
    out_.exempted_percent = p_.exempted_percent;
    out_.exempted_description = p_.exempted_description;
    out_.data_versions = data_.factors.table_versions();
    out_.data_versions.push_back("rules " + rules_.version());
    // The product's CN code: its own, else the only good of its process.
    out_.cn = p_.cn;
    if (out_.cn.empty() && proc_->goods.size() == 1) out_.cn = proc_->goods[0].cn;
  }

  void allocation() {
    if (p_.allocation == "physical") {
      out_.allocation_share = *p_.allocation_share;
      out_.allocation_basis = "physical allocation stated in the firm file: " + p_.allocation_basis;
    } else {
      out_.allocation_share = u::ratio(p_.mass, proc_->output);
      out_.allocation_basis = "mass: " + text::format_trimmed(u::in_tonnes(p_.mass), 6) +
                              " t of product / " +
                              text::format_trimmed(u::in_tonnes(proc_->output), 6) +
                              " t output of process " + proc_->id;
    }
  }

  Dqr dqr_param(const std::string& id) {
    const auto* v = rules_.param_value(id, Date::first_of_year(year_));
    if (!v) throw DefinitionError("rules/footprint: parameter " + id + " has no value for " +
                                      std::to_string(year_), {});
    double a = 0, b = 0, c = 0;
    if (std::sscanf(v->text.c_str(), "%lf,%lf,%lf", &a, &b, &c) != 3)
      throw DefinitionError(v->pos.str() + ": error: parameter " + id +
                                " must be three ratings 'technological,geographical,temporal'", {});
    return {a, b, c};
  }

  // ---- the producing process -----------------------------------------------------------------------
  void own_process() {
    EmissionsOptions opt;
    opt.year = data_.period.clamp(year_);
    EmissionsReport cbam = compute_emissions(firm_, data_, opt);
    const ProcessResult* pr = nullptr;
    for (const auto& r : cbam.processes)
      if (r.installation == in_->id && r.process == proc_->id) pr = &r;
    if (!pr) throw InternalError("no CBAM result for process " + proc_->id);
    const double share = out_.allocation_share;
    const Dqr own = dqr_param("pcf.dqr.own_process");
    // Direct emissions with CBAM's arithmetic (streams, shares of shared streams, heat balance).
    PcfItem d;
    d.id = "process";
    d.stage = "own process";
    d.label = "direct emissions of process " + proc_->id + " (CBAM arithmetic, heat balance incl.)";
    d.basis = "own process data";
    d.emissions = pr->direct * share;
    d.primary = 1;
    d.dqr = own;
    d.complete = true;
    for (const auto& s : pr->streams) d.complete = d.complete && s.complete;
    d.trace.label = d.label;
    d.trace.formula = "share × AttrEm_dir   [Reg. 2023/956 Annex IV methods]";
    d.trace.unit = "tCO2e";
    d.trace.pos = proc_->pos;
    d.trace.inputs.push_back({"share", share, "1", p_.pos});
    d.trace.inputs.push_back({"AttrEm_dir", u::in_tco2e(pr->direct), "tCO2e", proc_->pos});
    if (!pr->trace.children.empty()) d.trace.children.push_back(pr->trace.children[0]);
    d.trace.value = u::in_tco2e(d.emissions);
    if (!pr->trace.children.empty()) ledger_.copy_factors(pr->trace.children[0], cbam.factors_used);
    for (const auto& g : cbam.gaps)
      if (g.where.rfind(proc_->path, 0) == 0 || g.where.rfind(in_->path + "/stream", 0) == 0)
        out_.gaps.push_back(g);
    out_.items.push_back(std::move(d));
    // CH4 and N2O of its combustion (the inventory's arithmetic, combustion_ch4_n2o).
    PcfItem n;
    n.id = "process-ch4-n2o";
    n.stage = "own process";
    n.label = "CH4 and N2O of the process's combustion";
    n.basis = "own process data, IPCC 2006 Table 2.3 factors";
    n.primary = 1;
    n.dqr = own;
    n.trace.label = n.label;
    n.trace.formula = "share × Σ streams E × EF_gas × GWP_gas";
    n.trace.unit = "tCO2e";
    n.trace.inputs.push_back({"share", share, "1", p_.pos});
    u::Co2eMass sum = u::tco2e(0);
    for (const auto& s : pr->streams) {
      const model::SourceStream* ms = nullptr;
      for (const auto& x : proc_->streams)
        if (x.id == s.id) ms = &x;
      for (const auto& x : in_->shared_streams)
        if (x.id == s.id) ms = &x;
      if (!ms || ms->method != model::StreamMethod::combustion) continue;
      auto nc = combustion_ch4_n2o(ms->fuel, s.fuel_energy, data_, year_, out_.factors_used,
                                   out_.gaps, ms->pos, ms->path);
      sum += nc.ch4 + nc.n2o;
      n.complete = n.complete && nc.complete;
      nc.trace.label += " (stream " + s.id + ")";
      n.trace.children.push_back(std::move(nc.trace));
    }
    n.emissions = sum * share;
    n.trace.value = u::in_tco2e(n.emissions);
    if (!n.trace.children.empty()) out_.items.push_back(std::move(n));
    electricity(share);
    cbam_comparison(cbam, *pr);
  }

  void electricity(double share) {
    InventoryOptions io;
    io.year = year_;
    InventoryReport inv = compute_inventory(firm_, data_, rules_, io);
    const Dqr instrument = dqr_param("pcf.dqr.electricity_instrument");
    const Dqr grid = dqr_param("pcf.dqr.electricity_grid");
    for (const auto& use : inv.scope2) {
      if (use.site != in_->id || use.process != proc_->id || use.heat) continue;
      PcfItem e;
      e.id = "electricity";
      e.stage = "electricity";
      e.label = use.what + " (market-based)";
      e.basis = "own metered consumption; " +
                (u::in_megawatt_hours(use.covered) > 0 ? "instruments for " +
                     text::format_trimmed(u::in_megawatt_hours(use.covered), 3) + " MWh, " : std::string()) +
                "rest: " + use.uncovered_basis;
      e.emissions = use.market() * share;
      out_.electricity_location += use.location * share;
      e.primary = 1;
      double covered = u::in_megawatt_hours(use.quantity) > 0 ? u::ratio(use.covered, use.quantity) : 0.0;
      e.dqr = {covered * instrument.technological + (1 - covered) * grid.technological,
               covered * instrument.geographical + (1 - covered) * grid.geographical,
               covered * instrument.temporal + (1 - covered) * grid.temporal};
      e.complete = use.complete;
      e.trace = use.trace;
      e.trace.label = "share × " + use.trace.label + " (market-based)";
      e.trace.inputs.insert(e.trace.inputs.begin(), {"share", share, "1", p_.pos});
      e.trace.value = u::in_tco2e(e.emissions);
      ledger_.copy_factors(use.trace, inv.factors_used);
      out_.items.push_back(std::move(e));
    }
    for (const auto& g : inv.gaps)
      if (g.where.rfind(proc_->path + "/electricity", 0) == 0) out_.gaps.push_back(g);
  }

  void cbam_comparison(const EmissionsReport& cbam, const ProcessResult& pr) {
    auto& c = out_.cbam;
    for (const auto& g : cbam.goods) {
      if (g.installation != in_->id || g.process != proc_->id || g.cn != out_.cn) continue;
      c.available = g.in_scope;
      c.cn = g.cn;
      c.year = cbam.year;
      c.direct_only = pr.direct_only;
      c.own_direct = pr.direct / pr.activity;
      c.own_indirect_counted = pr.direct_only ? u::tco2e_per_tonne(0) : pr.indirect / pr.activity;
      c.total = g.see_counted;
      c.precursors = c.total - c.own_direct - c.own_indirect_counted;
    }
  }

  // ---- inputs -----------------------------------------------------------------------------------
  struct Value {
    u::EmissionIntensity factor;
    std::string basis;
    double primary = 0;
    Dqr dqr;
    bool ok = false;        ///< a value exists
    bool complete = true;   ///< and nothing is missing from it (else a gap was reported)
  };

  // A CBAM value (no mark-up) for `cn` from `origin`, or a gap message.
  Value cbam_default(const std::string& cn, const std::string& origin, TraceNode& t,
                     const SourcePos& pos, const std::string& where, bool unknown_origin) {
    Value v;
    if (!unknown_origin && data_.scope.zero_origin(origin)) {
      std::string msg = "CN " + model::format_cn(cn) + " from " + origin + ": CBAM counts EU/EEA "
                        "origin as zero, so there is no CBAM value for a footprint; give the "
                        "supplier's factor (factor= with factor-source=)";
      out_.gaps.push_back({pos, where, msg});
      t.notes.push_back("GAP: " + msg);
      return v;
    }
    auto d = unknown_origin ? data_.factors.lookup_unknown_origin(cn)
                            : data_.factors.lookup_default(cn, origin);
    if (!d.found) {
      out_.gaps.push_back({pos, where, d.gap});
      t.notes.push_back("GAP: " + d.gap);
      return v;
    }
    ledger_.note_default(d, t);
    v.ok = true;
    if (unknown_origin) {
      v.factor = d.total();
      v.basis = "CBAM value: IR 2025/2621 Annex IV (origin unknown), total, no mark-up";
      v.dqr = dqr_param("pcf.dqr.cbam_default_fallback");
      t.inputs.push_back({"Annex IV total", d.cell->total, "tCO2e/t", d.provenance.pos});
      return v;
    }
    v.factor = d.direct() + d.indirect();
    v.basis = "CBAM value: Commission default, " + d.table_name + " (IR 2025/2621 Annex I), direct" +
              (d.cell->has_indirect ? " + indirect" : "") + ", no mark-up";
    v.dqr = dqr_param(d.fallback_used ? "pcf.dqr.cbam_default_fallback" : "pcf.dqr.cbam_default_country");
    t.inputs.push_back({"default direct", d.cell->direct, "tCO2e/t", d.provenance.pos});
    if (d.cell->has_indirect)
      t.inputs.push_back({"default indirect", d.cell->indirect, "tCO2e/t", d.provenance.pos});
    else
      t.notes.push_back("the Commission default gives direct emissions only for this good: its "
                        "indirect emissions are not in the footprint");
    if (d.fallback_used) t.notes.push_back("fallback: " + d.fallback_reason);
    return v;
  }

  Value supplier(const std::optional<u::EmissionIntensity>& dir,
                 const std::optional<u::EmissionIntensity>& ind, bool verified,
                 const std::string& name, TraceNode& t, const SourcePos& pos, const std::string& where) {
    Value v;
    v.ok = true;
    v.factor = *dir + (ind ? *ind : u::tco2e_per_tonne(0));
    v.basis = std::string("CBAM value: supplier's actual SEE") + (verified ? " (verified)" : " (NOT verified)") +
              (name.empty() ? "" : ", " + name) + ", direct + indirect";
    v.primary = 1;
    v.dqr = dqr_param("pcf.dqr.supplier_actual");
    t.inputs.push_back({"SEE_dir", u::in_tco2e_per_tonne(*dir), "tCO2e/t", pos});
    if (ind) {
      t.inputs.push_back({"SEE_ind", u::in_tco2e_per_tonne(*ind), "tCO2e/t", pos});
    } else {
      std::string msg = "the supplier's values give no indirect emissions (see-indirect): the "
                        "footprint lacks them";
      out_.gaps.push_back({pos, where, msg});
      t.notes.push_back("GAP: " + msg);
      v.complete = false;
    }
    if (!verified)
      t.notes.push_back("actual values not stated as verified by an accredited verifier");
    return v;
  }

  PcfItem input(const model::ProductInput& in) {
    PcfItem it;
    it.id = in.id;
    it.stage = "inputs";
    it.label = in.material.empty() ? (in.cn.empty() ? in.id : "CN " + model::format_cn(in.cn)) : in.material;
    it.cn = in.cn;
    it.quantity = in.quantity;
    if (!in.cn.empty()) {
      auto scope = data_.scope.check(in.cn);
      it.cbam_good = scope.in_scope;
    }
    auto& t = it.trace;
    t.label = "input " + in.id + " (" + it.label + ")";
    t.formula = "q × f   (q per declared unit, losses included; f cradle to the supplier's gate)";
    t.unit = "tCO2e";
    t.pos = in.pos;
    t.inputs.push_back({"q", u::in_tonnes(in.quantity), "t", in.pos});
    Value v;
    switch (in.source) {
      case model::InputSource::supplier:
        v = supplier(in.see_direct, in.see_indirect, in.verified, in.supplier, t, in.pos, in.path);
        break;
      case model::InputSource::default_value:
        v = cbam_default(in.cn, in.origin, t, in.pos, in.path, false);
        break;
      case model::InputSource::unknown_origin:
        v = cbam_default(in.cn, "", t, in.pos, in.path, true);
        break;
      case model::InputSource::process_mix:
        v = process_mix(in, t);
        break;
      case model::InputSource::factor: {
        v.ok = true;
        v.factor = *in.factor;
        v.basis = "user factor: " + in.factor_source + (in.primary ? " (primary)" : " (secondary)");
        it.factor_source = in.factor_source;
        v.primary = in.primary ? 1 : 0;
        if (in.dqr.size() == 3) v.dqr = {double(in.dqr[0]), double(in.dqr[1]), double(in.dqr[2])};
        else v.dqr = dqr_param(in.primary ? "pcf.dqr.primary_factor" : "pcf.dqr.secondary_factor");
        if (in.dqr.empty() && !in.primary)
          t.notes.push_back("representativeness not stated (dqr=): rated 3, poor");
        t.notes.push_back("factor source: " + in.factor_source);
        if (it.cbam_good)
          t.notes.push_back("a CBAM good on a user factor (not a CBAM value)");
        break;
      }
      case model::InputSource::none: {
        std::string msg = "input " + in.id + " (" + it.label + ") has no emission factor: " +
                          (it.cbam_good ? "give source=supplier/default/unknown-origin/process-mix, or "
                                        : "it is not a CBAM good, so ") +
                          "give factor= with factor-source= (GreenGate never invents one)";
        out_.gaps.push_back({in.pos, in.path, msg});
        t.notes.push_back("GAP: " + msg);
        break;
      }
    }
    it.complete = v.ok && v.complete;
    if (v.ok) {
      it.factor = v.factor;
      it.emissions = in.quantity * v.factor;
      t.inputs.push_back({"f", u::in_tco2e_per_tonne(v.factor), "tCO2e/t", in.pos});
    }
    it.basis = v.ok || !v.basis.empty() ? v.basis : "no factor (gap)";
    it.primary = v.primary;
    it.dqr = v.dqr;
    t.notes.push_back(it.basis);
    t.value = u::in_tco2e(it.emissions);
    return it;
  }

  // The mass-weighted mix of the process's precursors of the input's CN code.
  Value process_mix(const model::ProductInput& in, TraceNode& t) {
    Value v;
    u::Mass total = u::tonnes(0);
    u::Co2eMass em = u::tco2e(0);
    double primary = 0;
    Dqr dqr;
    bool ok = true, complete = true, any = false;
    for (const auto& pr : proc_->precursors) {
      if (pr.cn != in.cn) continue;
      any = true;
      TraceNode c;
      c.label = "precursor " + model::format_cn(pr.cn) + " (" +
                std::string(model::precursor_source_name(pr.source)) + "), " +
                text::format_trimmed(u::in_tonnes(pr.quantity), 3) + " t";
      c.unit = "tCO2e/t";
      c.pos = pr.pos;
      Value pv;
      switch (pr.source) {
        case model::PrecursorSource::supplier:
          pv = supplier(pr.see_direct, pr.see_indirect, pr.verified, pr.supplier, c, pr.pos, pr.path);
          break;
        case model::PrecursorSource::default_value:
          pv = cbam_default(pr.cn, pr.origin, c, pr.pos, pr.path, false);
          break;
        case model::PrecursorSource::unknown_origin:
          pv = cbam_default(pr.cn, "", c, pr.pos, pr.path, true);
          break;
        case model::PrecursorSource::process: {
          std::string msg = "precursor from the firm's own process " + pr.process_id + ": its "
                            "CBAM SEE is not a footprint value (mark-ups, Annex II filtering); "
                            "give this input its own factor";
          out_.gaps.push_back({pr.pos, pr.path, msg});
          c.notes.push_back("GAP: " + msg);
          break;
        }
      }
      if (!pv.ok) ok = false;
      if (!pv.complete) complete = false;
      c.value = u::in_tco2e_per_tonne(pv.factor);
      c.notes.push_back(pv.basis);
      total += pr.quantity;
      em += pr.quantity * pv.factor;
      double m = u::in_tonnes(pr.quantity);
      primary += m * pv.primary;
      dqr.technological += m * pv.dqr.technological;
      dqr.geographical += m * pv.dqr.geographical;
      dqr.temporal += m * pv.dqr.temporal;
      t.children.push_back(std::move(c));
    }
    if (!any || u::in_tonnes(total) <= 0) {
      std::string msg = "source=\"process-mix\": process " + proc_->id + " has no precursor of CN " +
                        model::format_cn(in.cn);
      out_.gaps.push_back({in.pos, in.path, msg});
      t.notes.push_back("GAP: " + msg);
      return v;
    }
    double mt = u::in_tonnes(total);
    v.ok = ok;
    v.complete = complete;
    v.factor = em / total;
    v.primary = primary / mt;
    v.dqr = {dqr.technological / mt, dqr.geographical / mt, dqr.temporal / mt};
    v.basis = "CBAM values: mix of process " + proc_->id + "'s precursors of CN " +
              model::format_cn(in.cn) + " (by mass), no mark-up";
    t.formula += "; f = Σ M_j × f_j / Σ M_j over the process's precursors of this CN";
    return v;
  }

  PcfItem transport(const model::ProductTransport& tr) {
    PcfItem it;
    it.id = "transport " + tr.input;
    it.stage = "transport";
    it.label = "transport of " + tr.input + (tr.mode.empty() ? "" : " by " + tr.mode) + " to the gate";
    it.basis = "transport: " + tr.source + (tr.primary ? " (primary)" : " (secondary)");
    it.factor_source = tr.source;
    it.primary = tr.primary ? 1 : 0;
    it.dqr = dqr_param(tr.primary ? "pcf.dqr.primary_factor" : "pcf.dqr.secondary_factor");
    auto& t = it.trace;
    t.label = it.label;
    t.unit = "tCO2e";
    t.pos = tr.pos;
    if (tr.emissions) {
      t.formula = "as stated";
      it.emissions = *tr.emissions;
    } else {
      const model::ProductInput* in = nullptr;
      for (const auto& i : p_.inputs)
        if (i.id == tr.input) in = &i;
      if (!in || !tr.distance || !tr.factor) throw InternalError("unresolved transport " + tr.input);
      t.formula = "q × d × EF_freight";
      t.inputs.push_back({"q", u::in_tonnes(in->quantity), "t", in->pos});
      t.inputs.push_back({"d", u::in_kilometres(*tr.distance), "km", tr.pos});
      t.inputs.push_back({"EF_freight", u::in_kgco2e_per_tonne_km(*tr.factor), "kgCO2e/tkm", tr.pos});
      it.emissions = in->quantity * *tr.distance * *tr.factor;
    }
    t.notes.push_back("source: " + tr.source);
    t.value = u::in_tco2e(it.emissions);
    return it;
  }

  // ---- totals, quality, boundary -------------------------------------------------------------------
  void totals() {
    u::Co2eMass primary = u::tco2e(0);
    double w = 0;
    Dqr q;
    for (const auto& it : out_.items) {
      out_.total += it.emissions;
      if (it.stage == "inputs") out_.inputs += it.emissions;
      else if (it.stage == "own process") out_.own_process += it.emissions;
      else if (it.stage == "electricity") out_.electricity += it.emissions;
      else if (it.stage == "transport") out_.transport += it.emissions;
      out_.complete = out_.complete && it.complete;
      primary += it.emissions * it.primary;
      double e = std::abs(u::in_tco2e(it.emissions));
      w += e;
      q.technological += e * it.dqr.technological;
      q.geographical += e * it.dqr.geographical;
      q.temporal += e * it.dqr.temporal;
    }
    out_.total_location = out_.total - out_.electricity + out_.electricity_location;
    double total = u::in_tco2e(out_.total);
    out_.primary_share = total > 0 ? u::in_tco2e(primary) / total : 0.0;
    if (w > 0) out_.dqr = {q.technological / w, q.geographical / w, q.temporal / w};
    if (!out_.gaps.empty()) out_.complete = false;
  }

  void boundary() {
    auto& b = out_.boundary;
    b.push_back("cradle to gate (ISO 14067:2018 partial CFP; GHG Protocol Product Standard): "
                "inputs to the supplier's gate, transport to this gate where given, and the "
                "firm's process " + proc_->id + " with its electricity; use and end of life are "
                "outside the boundary");
    b.push_back("CBAM goods among the inputs carry CBAM values: the Annex IV boundary of their "
                "producer (direct, and indirect where the Commission or supplier gives it), "
                "without the default-value mark-up; upstream of their fuels is not in them");
    b.push_back("upstream emissions of the fuels and electricity the firm buys (extraction, "
                "transport, losses) are not included: no such factor in the library");
    b.push_back("capital goods, packaging and inbound transport not listed as <transport> are "
                "not included");
    b.push_back("the process's heat exported is allocated to the heat as CBAM does (subtracted), "
                "imported heat is included");
    if (p_.exempted_percent)
      b.push_back("exempted emissions stated by the firm: " +
                  text::format_trimmed(*p_.exempted_percent, 3) + " % (" +
                  (p_.exempted_description.empty() ? "no description" : p_.exempted_description) + ")");
    out_.notes.push_back("allocation of the process's own emissions: " + out_.allocation_basis);
    out_.notes.push_back("electricity: market-based (contractual instruments meeting the Scope 2 "
                         "criteria, else the grid factor); location-based total " +
                         kg(out_.total_location) + " kgCO2e per declared unit");
    out_.notes.push_back("data-quality ratings: rules/footprint/product.xml (GreenGate's mapping "
                         "to the PACT matrix, 1 good - 3 poor; unverified)");
  }

  const model::Firm& firm_;
  const Dataset& data_;
  const rules::RuleSet& rules_;
  const model::Product& p_;
  int year_;
  ProductFootprint& out_;
  FactorLedger ledger_;
  const model::Installation* in_ = nullptr;
  const model::Process* proc_ = nullptr;
};

}  // namespace

ProductFootprint compute_product_footprint(const model::Firm& firm, const Dataset& data,
                                           const rules::RuleSet& rules,
                                           const std::string& product_id,
                                           const ProductOptions& options) {
  const model::Product* p = nullptr;
  for (const auto& x : firm.products)
    if (x.id == product_id) p = &x;
  if (!p) {
    std::string known;
    for (const auto& x : firm.products) known += (known.empty() ? "" : ", ") + x.id;
    throw InputError(firm.file + ": error: no <product id=\"" + product_id + "\"> in the firm file" +
                     (known.empty() ? " (it declares no products)" : " (products: " + known + ")"));
  }
  if (!rules.parameter("pcf.dqr.own_process"))
    throw DefinitionError("the footprint rules (rules/footprint/product.xml) are not loaded", {});
  ProductFootprint out;
  Pcf pcf(firm, data, rules, *p, options.year ? options.year : firm.reporting_year, out);
  pcf.run();
  return out;
}

}  // namespace greengate::calc
