#include "greengate/calc/plausibility.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <tuple>

#include "greengate/model/cn_code.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/units/quantities.hpp"

namespace greengate::calc {

namespace u = greengate::units;

namespace {

WarningArg num(double v, int decimals, std::string unit) {
  WarningArg a;
  a.is_number = true;
  a.number = v;
  a.decimals = decimals;
  a.unit = std::move(unit);
  return a;
}

WarningArg name(std::string s) {
  WarningArg a;
  a.text = std::move(s);
  return a;
}

std::string digits_of(std::string_view cn) {
  std::string d;
  for (char c : cn)
    if (std::isdigit(static_cast<unsigned char>(c))) d += c;
  return d;
}

std::string show(double v, int decimals) { return text::format_trimmed(v, decimals); }

class Checker {
 public:
  Checker(const model::Firm& f, const EmissionsReport& e, const Dataset& d, const rules::RuleSet& q)
      : firm_(f), em_(e), data_(d), rules_(q) {
    year_ = firm_.reporting_year > 0 ? firm_.reporting_year : em_.year;
    out_.rules_version = rules_.version();
  }

  PlausibilityReport run() {
    goods_and_activity();
    exports_and_production();
    see_bands();
    electricity_bands();
    streams();
    precursors();
    return std::move(out_);
  }

 private:
  const model::Firm& firm_;
  const EmissionsReport& em_;
  const Dataset& data_;
  const rules::RuleSet& rules_;
  int year_ = 0;  // set by the constructor
  PlausibilityReport out_;

  double param(const std::string& id) {
    const auto* v = rules_.param_value(id, Date::first_of_year(year_));
    if (!v || v->is_text)
      throw DefinitionError("rules/quality: parameter " + id + " has no number for " +
                                std::to_string(year_),
                            {});
    if (std::none_of(out_.params.begin(), out_.params.end(), [&](const auto& p) { return p.id == id; })) {
      const auto* p = rules_.parameter(id);
      out_.params.push_back({id, show(v->number, 6), p ? p->unit : "", v->ref, v->status, v->note, v->pos});
    }
    return v->number;
  }

  void warn(std::string code, SourcePos pos, std::string where, std::vector<WarningArg> args,
            std::string message, std::string look_at) {
    out_.warnings.push_back({std::move(code), std::move(pos), std::move(where), std::move(args),
                             std::move(message), std::move(look_at)});
  }

  // ---- goods produced vs the process's activity level ---------------------------------------------
  void goods_and_activity() {
    const double tol = param("plaus.goods.activity_tolerance");
    for (const auto& in : firm_.installations)
      for (const auto& p : in.processes) {
        double goods = 0;
        bool stated = false;
        for (const auto& g : p.goods)
          if (g.quantity_stated) {
            goods += u::in_tonnes(g.quantity);
            stated = true;
          }
        const double al = u::in_tonnes(p.output);
        if (!stated || al <= 0 || goods <= al * (1 + tol)) continue;
        warn("goods_exceed_activity", p.pos, p.path, {name(p.id), num(goods, 3, "t"), num(al, 3, "t")},
             "process " + p.id + ": its goods add up to " + show(goods, 3) + " t, more than its " +
                 "activity level (output) of " + show(al, 3) + " t",
             "the process output and the goods quantities: a decimal or thousands sign, kg typed as "
             "t, or an output given for part of the period");
      }
  }

  // ---- exports of a year vs the year's production -------------------------------------------------
  void exports_and_production() {
    const double tol = param("plaus.exports.production_tolerance");
    std::map<std::pair<std::string, std::string>, double> produced;  // (installation, CN digits)
    std::map<std::pair<std::string, std::string>, bool> unknown;
    for (const auto& in : firm_.installations) {
      auto add = [&](const model::ProducedGood& g) {
        auto key = std::make_pair(in.id, digits_of(g.cn));
        if (g.quantity_stated) produced[key] += u::in_tonnes(g.quantity);
        else unknown[key] = true;
      };
      for (const auto& p : in.processes)
        for (const auto& g : p.goods) add(g);
      for (const auto& g : in.default_goods) add(g);
    }
    std::map<std::tuple<std::string, std::string, int>, std::pair<double, const model::Export*>> exported;
    for (const auto& x : firm_.exports) {
      auto& slot = exported[{x.installation, digits_of(x.cn), x.year}];
      slot.first += u::in_tonnes(x.quantity);
      if (!slot.second) slot.second = &x;
    }
    for (const auto& [key, v] : exported) {
      const auto& [inst, cn, year] = key;
      auto pk = std::make_pair(inst, cn);
      if (unknown.count(pk)) continue;
      auto it = produced.find(pk);
      if (it == produced.end() || it->second <= 0) continue;  // traded or unknown: not ours to judge
      if (v.first <= it->second * (1 + tol)) continue;
      const auto& x = *v.second;
      warn("exports_exceed_production", x.pos, x.path,
           {name(model::format_cn(x.cn)), num(year, 0, ""), num(v.first, 3, "t"), num(it->second, 3, "t"), name(inst)},
           "exports of " + model::format_cn(x.cn) + " in " + std::to_string(year) + " add up to " + show(v.first, 3) +
               " t, more than the " + show(it->second, 3) + " t installation " + inst +
               " produces in the reporting period",
           "the export quantities and the production: exports above production need stock or "
           "traded goods, which the firm file does not hold");
    }
  }

  // ---- the band of the Commission's country defaults ---------------------------------------------
  /// The defaults row GreenGate uses for `cn` and its index in the table, or nullopt.
  std::optional<std::size_t> default_row(const std::string& cn, const std::string& origin) const {
    auto l = data_.factors.lookup_default(cn, origin.empty() ? "TR" : origin);
    if (!l.good) return std::nullopt;
    const auto& goods = data_.factors.defaults().goods;
    if (goods.empty() || l.good < goods.data() || l.good >= goods.data() + goods.size()) return std::nullopt;
    return static_cast<std::size_t>(l.good - goods.data());
  }

  const model::Installation* installation(const std::string& id) const {
    for (const auto& in : firm_.installations)
      if (in.id == id) return &in;
    return nullptr;
  }

  void see_bands() {
    const double lo = param("plaus.see.low_multiplier");
    const double hi = param("plaus.see.high_multiplier");
    const auto& table = data_.factors.defaults();
    for (const auto& g : em_.goods) {
      if (!g.in_scope || !g.complete || g.method == DataMethod::default_values) continue;
      const auto* in = installation(g.installation);
      auto row = default_row(g.cn, in ? in->country : "");
      if (!row) continue;
      double min_v = 0, max_v = 0;
      int n = 0;
      for (const auto& c : table.countries) {
        if (*row >= c.cells.size()) continue;
        const auto& cell = c.cells[*row];
        if (!cell.has_value) continue;
        double v = g.direct_only ? cell.direct : cell.total;
        if (v <= 0) continue;
        min_v = n == 0 ? v : std::min(min_v, v);
        max_v = n == 0 ? v : std::max(max_v, v);
        ++n;
      }
      if (n == 0) continue;
      const double see = u::in_tco2e_per_tonne(g.see_counted);
      // A process without direct emissions (electrolysis, a mill on purchased heat) has nothing to
      // mis-scale: its low SEE is the route's, not a slip, so only the upper bound applies.
      bool no_direct = false;
      for (const auto& pr : em_.processes)
        if (pr.installation == g.installation && pr.process == g.process)
          no_direct = u::in_tco2e(pr.direct) <= 0;
      const char* what = g.direct_only ? "direct" : "direct + indirect";
      SourcePos pos;
      std::string where = "firm/installation[" + g.installation + "]/process[" + g.process + "]";
      if (in)
        for (const auto& p : in->processes)
          if (p.id == g.process) pos = p.pos;
      if (!no_direct && see < lo * min_v)
        warn("see_below_band", pos, where,
             {name(model::format_cn(g.cn)), num(see, 4, "tCO2e/t"), num(lo, 2, ""), num(min_v, 4, "tCO2e/t"), name(what)},
             "SEE of " + model::format_cn(g.cn) + ": " + show(see, 4) + " tCO2e/t is below " + show(lo, 2) +
                 " × the lowest Commission default for it in any country (" + show(min_v, 4) +
                 " tCO2e/t, " + what + ", IR 2025/2621 Annex I)",
             "the source streams and the activity level of the process (an output too large by a "
             "factor 10 or 1000, a fuel quantity in the wrong unit)");
      else if (see > hi * max_v)
        warn("see_above_band", pos, where,
             {name(model::format_cn(g.cn)), num(see, 4, "tCO2e/t"), num(hi, 2, ""), num(max_v, 4, "tCO2e/t"), name(what)},
             "SEE of " + model::format_cn(g.cn) + ": " + show(see, 4) + " tCO2e/t is above " + show(hi, 2) +
                 " × the highest Commission default for it in any country (" + show(max_v, 4) +
                 " tCO2e/t, " + what + ", IR 2025/2621 Annex I)",
             "the activity level of the process (an output too small: a decimal or thousands sign, "
             "a month's output for a year's fuel) and the fuel quantities");
    }
  }

  // ---- electricity per tonne vs the consumption the defaults imply --------------------------------
  void electricity_bands() {
    const double lo = param("plaus.electricity.low_multiplier");
    const double hi = param("plaus.electricity.high_multiplier");
    const auto& table = data_.factors.defaults();
    const Date on = Date::first_of_year(year_);
    for (const auto& in : firm_.installations)
      for (const auto& p : in.processes) {
        const double al = u::in_tonnes(p.output);
        if (al <= 0 || p.goods.empty() || p.electricity.empty()) continue;
        double mwh = 0;
        for (const auto& e : p.electricity)
          if (e.cbam) mwh += u::in_megawatt_hours(e.quantity);
        const std::string& cn = p.goods.front().cn;
        auto row = default_row(cn, in.country);
        if (!row) continue;
        // Implied specific consumption of each country: default indirect emissions / the
        // country's IR 2025/2621 Annex II electricity factor (MWh per t of good).
        double min_v = 0, max_v = 0;
        int n = 0;
        for (const auto& c : table.countries) {
          if (c.iso2.empty() || *row >= c.cells.size()) continue;
          const auto& cell = c.cells[*row];
          if (!cell.has_value || !cell.has_indirect || cell.indirect <= 0) continue;
          std::string cc = c.iso2;
          for (auto& ch : cc) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          const auto* f = data_.factors.find("electricity.annex_ii." + cc, on);
          if (!f) continue;
          double ef = u::in_tco2e_per_megawatt_hour(f->as<u::EnergyEmissionFactor>());
          if (ef <= 0) continue;
          double sec = cell.indirect / ef;
          min_v = n == 0 ? sec : std::min(min_v, sec);
          max_v = n == 0 ? sec : std::max(max_v, sec);
          ++n;
        }
        if (n < 3) continue;
        const double per_t = mwh / al;
        // The defaults cover the whole chain (precursors' electricity too): a process that buys
        // its precursors may use far less, so the lower bound is checked only without precursors.
        if (p.precursors.empty() && per_t < lo * min_v)
          warn("electricity_below_band", p.pos, p.path,
               {name(p.id), num(per_t, 4, "MWh/t"), num(lo, 2, ""), num(min_v, 4, "MWh/t"), name(model::format_cn(cn))},
               "process " + p.id + ": " + show(per_t, 4) + " MWh of electricity per t of output is "
                   "below " + show(lo, 2) + " × the lowest consumption the Commission's defaults for " +
                   model::format_cn(cn) + " imply in any country (" + show(min_v, 4) + " MWh/t)",
               "the electricity quantity and its unit (MWh, not kWh or GJ) and the activity level");
        else if (per_t > hi * max_v)
          warn("electricity_above_band", p.pos, p.path,
               {name(p.id), num(per_t, 4, "MWh/t"), num(hi, 2, ""), num(max_v, 4, "MWh/t"), name(model::format_cn(cn))},
               "process " + p.id + ": " + show(per_t, 4) + " MWh of electricity per t of output is "
                   "above " + show(hi, 2) + " × the highest consumption the Commission's defaults for " +
                   model::format_cn(cn) + " imply in any country (" + show(max_v, 4) + " MWh/t)",
               "the electricity quantity and its unit (kWh typed as MWh) and the activity level");
      }
  }

  // ---- source streams: NCV and EF against the IPCC 95 % bounds; mass balances ---------------------
  void bounds(const model::SourceStream& s, const char* what, double stated_ratio,
              const factors::Factor& f, double stated, const std::string& unit) {
    if (!f.lower || !f.upper || f.written_value <= 0) return;
    const double lo = *f.lower / f.written_value, hi = *f.upper / f.written_value;
    if (stated_ratio >= lo * (1 - 1e-9) && stated_ratio <= hi * (1 + 1e-9)) return;
    const std::string code = std::string(what) == "NCV" ? "ncv_outside_ipcc" : "ef_outside_ipcc";
    warn(code, s.pos, s.path,
         {name(s.id), num(stated, 6, unit), name(s.fuel), num(*f.lower, 6, f.unit), num(*f.upper, 6, f.unit)},
         "stream " + s.id + ": the stated " + what + " " + show(stated, 6) + " " + unit +
             " lies outside the IPCC 2006 95 % range for " + s.fuel + " (" + show(*f.lower, 6) + "–" +
             show(*f.upper, 6) + " " + f.unit + ")",
         std::string("the ") + what + " and its unit (the supplier's analysis or invoice), and the fuel named");
  }

  void streams() {
    const Date on = Date::first_of_year(year_);
    auto check = [&](const model::SourceStream& s) {
      if (s.method != model::StreamMethod::combustion || s.fuel.empty()) return;
      if (s.ncv_mass)
        if (const auto* f = data_.factors.find("fuel." + s.fuel + ".ncv", on)) {
          double central = u::in_terajoules_per_tonne(f->as<u::CalorificValue>());
          double stated = u::in_terajoules_per_tonne(*s.ncv_mass);
          if (central > 0) bounds(s, "NCV", stated / central, *f, stated, "TJ/t");
        }
      if (s.ef)
        if (const auto* f = data_.factors.find("fuel." + s.fuel + ".ef", on)) {
          double central = u::in_tco2e_per_terajoule(f->as<u::EnergyEmissionFactor>());
          double stated = u::in_tco2e_per_terajoule(*s.ef);
          if (central > 0) bounds(s, "EF", stated / central, *f, stated, "tCO2e/TJ");
        }
    };
    for (const auto& in : firm_.installations) {
      for (const auto& s : in.shared_streams) check(s);
      for (const auto& p : in.processes)
        for (const auto& s : p.streams) check(s);
    }
    // A mass balance whose carbon out exceeds its carbon in gives negative emissions.
    for (const auto& pr : em_.processes)
      for (const auto& sr : pr.streams) {
        if (sr.method != model::method_name(model::StreamMethod::mass_balance)) continue;
        const double em = u::in_tco2e(sr.emissions);
        if (em >= 0) continue;
        const model::SourceStream* s = find_stream(pr.installation, pr.process, sr.id);
        warn("mass_balance_negative", s ? s->pos : SourcePos{}, s ? s->path : pr.process,
             {name(sr.id), num(em, 3, "tCO2e")},
             "mass balance " + sr.id + ": the carbon of its outputs exceeds the carbon of its inputs, "
                 "giving " + show(em, 3) + " tCO2e",
             "the quantities and carbon contents of the inputs and outputs (an input left out, "
             "an output's carbon content in % typed as a fraction)");
      }
  }

  const model::SourceStream* find_stream(const std::string& inst, const std::string& proc,
                                         const std::string& id) const {
    for (const auto& in : firm_.installations) {
      if (in.id != inst) continue;
      for (const auto& s : in.shared_streams)
        if (s.id == id) return &s;
      for (const auto& p : in.processes)
        if (p.id == proc)
          for (const auto& s : p.streams)
            if (s.id == id) return &s;
    }
    return nullptr;
  }

  // ---- precursors far heavier than the output ----------------------------------------------------
  void precursors() {
    const double max = param("plaus.precursor.max_per_tonne");
    for (const auto& in : firm_.installations)
      for (const auto& p : in.processes) {
        const double al = u::in_tonnes(p.output);
        if (al <= 0 || p.precursors.empty()) continue;
        double m = 0;
        for (const auto& pr : p.precursors) m += u::in_tonnes(pr.quantity);
        if (m / al <= max) continue;
        warn("precursors_heavy", p.pos, p.path,
             {name(p.id), num(m, 3, "t"), num(al, 3, "t"), num(m / al, 3, "t/t"), num(max, 2, "t/t")},
             "process " + p.id + ": its precursors weigh " + show(m, 3) + " t for " + show(al, 3) +
                 " t of output (" + show(m / al, 3) + " t per t, more than " + show(max, 2) + ")",
             "the precursor quantities and the activity level (units, and whether the precursors "
             "are those of the whole period)");
      }
  }
};

}  // namespace

PlausibilityReport check_plausibility(const model::Firm& firm, const EmissionsReport& emissions,
                                      const Dataset& data, const rules::RuleSet& quality) {
  return Checker(firm, emissions, data, quality).run();
}

Diagnostics as_errors(const PlausibilityReport& r) {
  Diagnostics d;
  for (const auto& w : r.warnings)
    d.error(w.pos, w.where + ": implausible (" + w.code + "): " + w.message + "; look at " + w.look_at);
  return d;
}

}  // namespace greengate::calc
