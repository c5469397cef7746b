#include "greengate/calc/data_quality.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "greengate/model/cn_code.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/units/quantities.hpp"

namespace greengate::calc {

namespace u = greengate::units;

namespace {

struct Params {
  double p_default, p_supplier, p_factor, p_gap, p_warning;
  int gap_cap, warning_cap;
};

double number_param(const rules::RuleSet& q, const std::string& id, int year,
                    std::vector<rules::ParamUse>* uses) {
  const auto* v = q.param_value(id, Date::first_of_year(year));
  if (!v || v->is_text)
    throw DefinitionError("rules/quality: parameter " + id + " has no number for " + std::to_string(year), {});
  if (uses && std::none_of(uses->begin(), uses->end(), [&](const auto& p) { return p.id == id; })) {
    const auto* p = q.parameter(id);
    uses->push_back({id, text::format_trimmed(v->number, 6), p ? p->unit : "", v->ref, v->status, v->note, v->pos});
  }
  return v->number;
}

void collect_factor_ids(const report::TraceNode& t, std::set<std::string>& out) {
  for (const auto& id : t.factor_ids) out.insert(id);
  for (const auto& c : t.children) collect_factor_ids(c, out);
}

bool is_unverified(const EmissionsReport& em, const std::string& id) {
  auto it = em.factors_used.find(id);
  return it != em.factors_used.end() && it->second.provenance.status != Status::verified;
}

bool has_unverified(const EmissionsReport& em, const report::TraceNode& t) {
  std::set<std::string> ids;
  collect_factor_ids(t, ids);
  return std::any_of(ids.begin(), ids.end(), [&](const auto& id) { return is_unverified(em, id); });
}

WarningArg num(double v, int decimals, std::string unit) {
  WarningArg a;
  a.is_number = true;
  a.number = v;
  a.decimals = decimals;
  a.unit = std::move(unit);
  return a;
}
WarningArg txt(std::string s) {
  WarningArg a;
  a.text = std::move(s);
  return a;
}

std::string eur_text(double v) { return "EUR " + text::format_grouped(v, 0); }

class Assessor {
 public:
  Assessor(const model::Firm& f, const ExposureReport& x, const PlausibilityReport& p,
           const rules::RuleSet& q)
      : firm_(f), x_(x), em_(x.emissions), plaus_(p), q_(q) {
    year_ = firm_.reporting_year > 0 ? firm_.reporting_year : em_.year;
    pm_.p_default = number_param(q_, "dq.penalty.default", year_, &out_.params);
    pm_.p_supplier = number_param(q_, "dq.penalty.supplier", year_, &out_.params);
    pm_.p_factor = number_param(q_, "dq.penalty.factor", year_, &out_.params);
    pm_.p_gap = number_param(q_, "dq.penalty.gap", year_, &out_.params);
    pm_.p_warning = number_param(q_, "dq.penalty.warning", year_, &out_.params);
    pm_.gap_cap = static_cast<int>(number_param(q_, "dq.penalty.gap_cap", year_, &out_.params));
    pm_.warning_cap = static_cast<int>(number_param(q_, "dq.penalty.warning_cap", year_, &out_.params));
    for (const char* id : {"dq.grade.a_min", "dq.grade.b_min", "dq.grade.c_min", "dq.grade.d_min"})
      number_param(q_, id, year_, &out_.params);
  }

  QualityReport run() {
    goods();
    firm_score();
    savings();
    actions();
    return std::move(out_);
  }

 private:
  const model::Firm& firm_;
  const ExposureReport& x_;
  const EmissionsReport& em_;
  const PlausibilityReport& plaus_;
  const rules::RuleSet& q_;
  int year_ = 0;  // set by the constructor
  Params pm_{};
  QualityReport out_;
  std::vector<double> weights_;  ///< per out_.goods, summing to 1

  const ProcessResult* process_of(const GoodResult& g) const {
    for (const auto& p : em_.processes)
      if (p.installation == g.installation && p.process == g.process) return &p;
    return nullptr;
  }

  QualityScore score(const QualityBasis& b) const {
    QualityScore s;
    s.basis = b;
    auto lose = [&](const char* code, double points, double share) {
      if (points > 1e-9) s.reasons.push_back({code, points, share});
    };
    lose("default_values", pm_.p_default * b.default_share, b.default_share);
    lose("unverified_supplier", pm_.p_supplier * b.unverified_supplier_share, b.unverified_supplier_share);
    lose("unverified_factors", pm_.p_factor * b.unverified_factor_share, b.unverified_factor_share);
    lose("gaps", pm_.p_gap * std::min(b.gaps, pm_.gap_cap), b.gaps);
    lose("warnings", pm_.p_warning * std::min(b.warnings, pm_.warning_cap), b.warnings);
    double lost = 0;
    for (const auto& r : s.reasons) lost += r.points;
    s.score = std::max(0.0, 100.0 - lost);
    std::stable_sort(s.reasons.begin(), s.reasons.end(),
                     [](const auto& x, const auto& y) { return x.points > y.points; });
    s.grade = grade_of(s.score, q_, year_);
    return s;
  }

  bool about(const PlausibilityWarning& w, const GoodResult& g) const {
    if (!g.process.empty()) {
      const std::string p = "firm/installation[" + g.installation + "]/process[" + g.process + "]";
      if (w.where.rfind(p, 0) == 0) return true;
    }
    return w.code == "exports_exceed_production" && !w.args.empty() && w.args[0].text == model::format_cn(g.cn);
  }

  void goods() {
    for (const auto& g : em_.goods) {
      if (!g.in_scope) continue;
      GoodQuality gq;
      gq.cn = g.cn;
      gq.installation = g.installation;
      gq.process = g.process;
      const double see = u::in_tco2e_per_tonne(g.see_counted);
      gq.embedded = g.quantity_stated ? g.produced * g.see_counted : u::tco2e(0);
      QualityBasis b;
      const ProcessResult* pr = process_of(g);
      if (g.method == DataMethod::default_values || !pr) {
        b.default_share = g.method == DataMethod::default_values ? 1.0 : 0.0;
        if (has_unverified(em_, g.trace)) b.unverified_factor_share = 1.0;
      } else {
        const double al = u::in_tonnes(pr->activity);
        auto per_t = [&](const PrecursorResult& p) {
          double s = u::in_tco2e_per_tonne(p.see_direct);
          if (!g.direct_only) s += u::in_tco2e_per_tonne(p.see_indirect_counted);
          return al > 0 ? u::in_tonnes(p.quantity) * s / al : 0.0;
        };
        if (see > 0) {
          double def = 0, sup = 0, fac = 0;
          for (const auto& p : pr->precursors) {
            if (p.method == DataMethod::default_values) def += per_t(p);
            if (p.unverified) {
              sup += per_t(p);
              ++b.unverified_supplier_values;
            }
          }
          for (const auto& s : pr->streams)
            if (has_unverified(em_, s.trace) && al > 0) fac += u::in_tco2e(s.emissions) / al;
          b.default_share = std::clamp(def / see, 0.0, 1.0);
          b.unverified_supplier_share = std::clamp(sup / see, 0.0, 1.0);
          b.unverified_factor_share = std::clamp(fac / see, 0.0, 1.0);
        }
      }
      std::set<std::string> ids;
      collect_factor_ids(g.trace, ids);
      if (pr) collect_factor_ids(pr->trace, ids);
      for (const auto& id : ids) b.unverified_factors += is_unverified(em_, id) ? 1 : 0;
      const std::string proc_path = "process[" + g.process + "]";
      for (const auto& gap : em_.gaps)
        if ((!g.process.empty() && gap.where.find(proc_path) != std::string::npos) ||
            gap.where.find(g.cn) != std::string::npos || gap.message.en().find(g.cn) != std::string::npos)
          ++b.gaps;
      if (!g.complete && b.gaps == 0) b.gaps = 1;
      for (const auto& w : plaus_.warnings) b.warnings += about(w, g) ? 1 : 0;
      gq.q = score(b);
      out_.goods.push_back(std::move(gq));
    }
  }

  void firm_score() {
    double total = 0;
    for (const auto& g : out_.goods) total += u::in_tco2e(g.embedded);
    QualityBasis b;
    for (const auto& g : out_.goods) {
      double w = total > 0 ? u::in_tco2e(g.embedded) / total : 1.0 / static_cast<double>(out_.goods.size());
      weights_.push_back(w);
      b.default_share += w * g.q.basis.default_share;
      b.unverified_supplier_share += w * g.q.basis.unverified_supplier_share;
      b.unverified_factor_share += w * g.q.basis.unverified_factor_share;
      b.unverified_supplier_values += g.q.basis.unverified_supplier_values;
    }
    std::set<std::string> unverified;
    for (const auto& [id, f] : em_.factors_used)
      if (f.provenance.status != Status::verified) unverified.insert(id);
    b.unverified_factors = static_cast<int>(unverified.size());
    b.gaps = static_cast<int>(em_.gaps.size());
    b.warnings = static_cast<int>(plaus_.warnings.size());
    out_.firm = score(b);
  }

  // ---- money: what actual data saves, and what verifying a supplier value is worth ---------------
  const GoodResult* good_of(const ExposureGood& xg) const {
    for (const auto& g : em_.goods)
      if (g.cn == xg.cn && g.installation == xg.installation) return &g;
    return nullptr;
  }

  /// Cost of `c` with `see_alt` in place of its actual SEE, by the engine's money arithmetic.
  static double cost_with(const ExposureCell& c, double see_alt) {
    const double sefa = c.actual.faa ? c.actual.sefa : 0.0;
    auto m = money_amounts(u::in_tonnes(c.quantity), see_alt, sefa, u::in_eur_per_tco2e(c.actual.price), 0, true);
    return m.cost_eur;
  }

  double at_stake(const ExposureGood& xg, const ExposureCell& c) const {
    const GoodResult* g = good_of(xg);
    if (!g || !g->unverified_supplier_data || !g->see_if_defaults || !c.has_actual) return 0;
    return std::max(0.0, cost_with(c, u::in_tco2e_per_tonne(*g->see_if_defaults)) - u::in_eur(c.actual.cost));
  }

  void savings() {
    for (const auto& t : x_.totals) {
      YearSaving s;
      s.year = t.year;
      s.scenario = t.scenario;
      s.saving = t.saving();
      double stake = 0;
      for (const auto& xg : x_.goods)
        for (const auto& c : xg.cells)
          if (c.year == t.year && c.scenario == t.scenario) stake += at_stake(xg, c);
      s.unverified_at_stake = u::eur(stake);
      out_.savings.push_back(s);
    }
  }

  /// The year (of the first scenario) in which `f` is largest, and its value.
  template <class F>
  std::pair<int, double> best_year(const ExposureGood& xg, F f) const {
    std::pair<int, double> best{0, 0};
    const std::string first = x_.scenarios.empty() ? "" : x_.scenarios.front();
    for (const auto& c : xg.cells)
      if (c.scenario == first) {
        double v = f(c);
        if (v > best.second) best = {c.year, v};
      }
    return best;
  }

  std::vector<std::string> unverified_suppliers(const GoodResult& g) const {
    std::vector<std::string> out;
    for (const auto& in : firm_.installations)
      if (in.id == g.installation)
        for (const auto& p : in.processes)
          if (p.id == g.process)
            for (const auto& pr : p.precursors)
              if (pr.source == model::PrecursorSource::supplier && !pr.verified &&
                  std::find(out.begin(), out.end(), pr.supplier) == out.end())
                out.push_back(pr.supplier.empty() ? "(unnamed supplier)" : pr.supplier);
    return out;
  }

  /// "7203 10 00 (UA), 7204 49 00 (TR)": the precursors of `g`'s process on default values.
  std::string default_precursors(const GoodResult& g) const {
    std::string out;
    for (const auto& in : firm_.installations)
      if (in.id == g.installation)
        for (const auto& p : in.processes)
          if (p.id == g.process)
            for (const auto& pr : p.precursors)
              if (pr.source == model::PrecursorSource::default_value ||
                  pr.source == model::PrecursorSource::unknown_origin) {
                std::string one = (pr.cn.empty() ? pr.category : model::format_cn(pr.cn)) +
                                  (pr.origin.empty() ? " (origin unknown)" : " (" + pr.origin + ")");
                if (out.find(one) == std::string::npos) out += (out.empty() ? "" : ", ") + one;
              }
    return out.empty() ? "its precursors" : out;
  }

  void actions() {
    auto& acts = out_.actions;
    const std::string scenario = x_.scenarios.empty() ? "" : x_.scenarios.front();
    for (std::size_t i = 0; i < out_.goods.size(); ++i) {
      const auto& gq = out_.goods[i];
      const double w = weights_[i];
      const ExposureGood* xg = nullptr;
      for (const auto& e : x_.goods)
        if (e.cn == gq.cn && e.installation == gq.installation) xg = &e;
      const GoodResult* g = nullptr;
      for (const auto& r : em_.goods)
        if (r.cn == gq.cn && r.installation == gq.installation && r.in_scope) g = &r;
      if (gq.q.basis.unverified_supplier_share > 0 && g) {
        QualityAction a;
        a.code = "verify_supplier";
        a.cn = gq.cn;
        a.installation = gq.installation;
        auto sup = unverified_suppliers(*g);
        for (const auto& s : sup) a.subject += (a.subject.empty() ? "" : ", ") + s;
        a.points = pm_.p_supplier * gq.q.basis.unverified_supplier_share * w;
        a.scenario = scenario;
        std::string money;
        if (xg) {
          auto [y, v] = best_year(*xg, [&](const ExposureCell& c) { return at_stake(*xg, c); });
          if (y) {
            a.year = y;
            a.eur = u::eur(v);
            money = ": " + eur_text(v) + " in " + std::to_string(y) + " rest on it";
          }
        }
        a.message = "get a verified emissions report from " + a.subject + " for " + model::format_cn(gq.cn) + money;
        a.args = {txt(a.subject), txt(model::format_cn(gq.cn)), num(a.eur ? u::in_eur(*a.eur) : 0, 0, "EUR"), num(a.year, 0, "")};
        acts.push_back(std::move(a));
      }
      if (gq.q.basis.default_share > 0 && g && g->method == DataMethod::default_values) {
        // The whole good on default values: its whole cost rests on them.
        QualityAction a;
        a.code = "monitor_actual";
        a.cn = gq.cn;
        a.installation = gq.installation;
        a.subject = gq.installation;
        a.points = pm_.p_default * gq.q.basis.default_share * w;
        a.scenario = scenario;
        std::string money;
        if (xg) {
          auto [y, v] = best_year(*xg, [&](const ExposureCell& c) { return u::in_eur(c.defaults.cost); });
          if (y) {
            a.year = y;
            a.eur = u::eur(v);
            money = ": its cost of " + eur_text(v) + " in " + std::to_string(y) + " rests on default values";
          }
        }
        a.message = "monitor the actual emissions of " + model::format_cn(gq.cn) + " (installation " + gq.installation +
                    ", verified) in place of default values" + money;
        a.args = {txt(model::format_cn(gq.cn)), txt(gq.installation), num(a.eur ? u::in_eur(*a.eur) : 0, 0, "EUR"), num(a.year, 0, "")};
        acts.push_back(std::move(a));
      } else if (gq.q.basis.default_share > 0 && g) {
        // Actual data with precursors on default values: their suppliers' actual values help.
        QualityAction a;
        a.code = "precursor_actual";
        a.cn = gq.cn;
        a.installation = gq.installation;
        a.subject = default_precursors(*g);
        a.points = pm_.p_default * gq.q.basis.default_share * w;
        a.message = "ask the producers of " + a.subject + " for their actual, verified embedded emissions: " +
                    text::format_fixed(gq.q.basis.default_share * 100, 1) + " % of the SEE of " + model::format_cn(gq.cn) +
                    " rests on default values of these precursors";
        a.args = {txt(a.subject), txt(model::format_cn(gq.cn)), num(gq.q.basis.default_share * 100, 1, "%")};
        acts.push_back(std::move(a));
      }
      if (gq.q.basis.unverified_factor_share > 0) {
        QualityAction a;
        a.code = "verify_factor";
        a.cn = gq.cn;
        a.installation = gq.installation;
        a.points = pm_.p_factor * gq.q.basis.unverified_factor_share * w;
        a.message = "replace the unverified library factors behind " + model::format_cn(gq.cn) +
                    " by measured or verified values (see the factors list)";
        a.args = {txt(model::format_cn(gq.cn))};
        acts.push_back(std::move(a));
      }
    }
    const bool gaps_count = static_cast<int>(em_.gaps.size()) <= pm_.gap_cap;
    for (const auto& gap : em_.gaps) {
      QualityAction a;
      a.code = "resolve_gap";
      a.subject = gap.message.en();
      a.points = gaps_count ? pm_.p_gap : 0.0;
      a.message = "give the missing value: " + a.subject;
      a.args = {txt(a.subject)};
      acts.push_back(std::move(a));
    }
    const bool warnings_count = static_cast<int>(plaus_.warnings.size()) <= pm_.warning_cap;
    for (const auto& w : plaus_.warnings) {
      QualityAction a;
      a.code = "check_warning";
      a.subject = w.message;
      a.points = warnings_count ? pm_.p_warning : 0.0;
      a.message = "check " + w.where + ": " + w.message;
      a.args = {txt(w.where), txt(w.code)};
      acts.push_back(std::move(a));
    }
    std::stable_sort(acts.begin(), acts.end(), [](const QualityAction& a, const QualityAction& b) {
      if (a.points != b.points) return a.points > b.points;
      return (a.eur ? u::in_eur(*a.eur) : 0.0) > (b.eur ? u::in_eur(*b.eur) : 0.0);
    });
  }
};

}  // namespace

std::string grade_of(double score, const rules::RuleSet& quality, int year) {
  const double a = number_param(quality, "dq.grade.a_min", year, nullptr);
  const double b = number_param(quality, "dq.grade.b_min", year, nullptr);
  const double c = number_param(quality, "dq.grade.c_min", year, nullptr);
  const double d = number_param(quality, "dq.grade.d_min", year, nullptr);
  if (score >= a) return "A";
  if (score >= b) return "B";
  if (score >= c) return "C";
  if (score >= d) return "D";
  return "E";
}

QualityReport assess_quality(const model::Firm& firm, const ExposureReport& exposure,
                             const PlausibilityReport& plausibility, const Dataset& data,
                             const rules::RuleSet& quality) {
  (void)data;  // the method reads nothing of the library beyond the emissions it scores
  return Assessor(firm, exposure, plausibility, quality).run();
}

}  // namespace greengate::calc
