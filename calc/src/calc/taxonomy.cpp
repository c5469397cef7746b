#include "greengate/calc/taxonomy.hpp"

#include <set>

#include "greengate/calc/embedded_emissions.hpp"
#include "xml/element_reader.hpp"

namespace greengate::calc {

namespace u = greengate::units;

void activity_facts(const model::Firm& firm, const model::Activity& a, const Dataset& data,
                    const rules::RuleSet& set, int year, rules::FactSet& out,
                    std::vector<std::string>& problems) {
  out.set_text("activity.code", a.code, a.pos.str());
  for (const auto& f : a.facts) {
    const rules::FactDecl* decl = set.fact(f.id);
    std::string where = f.pos.str();
    if (f.id.rfind("evidence.", 0) == 0) {  // evidence items are bool facts by convention
      out.set_bool(f.id, f.value == "true", where);
      continue;
    }
    if (!decl) {
      problems.push_back(where + ": fact '" + f.id + "' is not used by the rule set (ignored)");
      continue;
    }
    switch (decl->type) {
      case rules::FactType::number: {
        auto v = xml::parse_number(f.value);
        std::string unit = f.unit.empty() ? decl->unit : f.unit;
        if (!v) {
          problems.push_back(where + ": fact '" + f.id + "' must be a number (got \"" + f.value + "\")");
          continue;
        }
        out.set_number(f.id, *v, unit, where);
        break;
      }
      case rules::FactType::boolean:
        if (f.value != "true" && f.value != "false") {
          problems.push_back(where + ": fact '" + f.id + "' must be true or false (got \"" + f.value + "\")");
          continue;
        }
        out.set_bool(f.id, f.value == "true", where);
        break;
      case rules::FactType::text: out.set_text(f.id, f.value, where); break;
    }
  }
  if (a.process.empty()) return;
  // Facts computed from the linked production process.
  EmissionsOptions opt;
  opt.year = data.period.or_first(year);
  auto rep = compute_emissions(firm, data, opt);
  for (const auto& p : rep.processes) {
    if (p.installation != a.installation || p.process != a.process) continue;
    std::string src = "computed by GreenGate from process " + p.installation + "/" + p.process;
    double al = u::in_tonnes(p.activity);
    if (al > 0) {
      out.set_number("process.ghg_intensity", u::in_tco2e(p.direct) / al, "tCO2e/t",
                     src + " (own direct emissions / output)");
      out.set_number("process.see_direct", u::in_tco2e_per_tonne(p.see_direct), "tCO2e/t",
                     src + " (direct SEE, precursors included)");
      double mwh = 0;
      const model::Installation* in = firm.find_installation(p.installation);
      const model::Process* mp = in ? firm.find_process(*in, p.process) : nullptr;
      if (mp)
        for (const auto& e : mp->electricity) mwh += u::in_megawatt_hours(e.quantity);
      out.set_number("process.electricity_intensity", mwh / al, "MWh/t", src + " (electricity / output)");
      if (mwh > 0 && p.complete)
        out.set_number("electricity.indirect_ci", u::in_tco2e(p.indirect) / mwh * 1000.0,
                       "gCO2e/kWh", src + " (indirect emissions / electricity)");
    }
  }
}

TaxonomyReport screen_taxonomy(const model::Firm& firm, const Dataset& data,
                               const rules::RuleSet& set, Date date) {
  TaxonomyReport rep;
  rep.file = firm.file;
  rep.firm_name = firm.name;
  rep.fictitious = firm.fictitious;
  rep.date = date;
  rep.ruleset_version = set.version();
  for (const auto& a : firm.activities) {
    ActivityVerdict v;
    v.id = a.id;
    v.code = a.code;
    v.name = a.name;
    activity_facts(firm, a, data, set, date.year, v.facts, v.problems);
    rules::Evaluator ev(set, date, v.facts);
    // Every question decided by a rule of this activity, in file order, once.
    // Every question decided by a rule of this activity, once: substantial contribution, DNSH,
    // minimum safeguards, then the rest (alignment).
    std::set<std::string> seen;
    auto rank = [](const std::string& kind) {
      return kind == "sc" ? 0 : kind == "dnsh" ? 1 : kind == "ms" ? 2 : 3;
    };
    for (int pass = 0; pass < 4; ++pass)
      for (const auto& r : set.rules()) {
        if (r.activity != a.code || rank(r.kind) != pass || !seen.insert(r.decides).second) continue;
        v.results.push_back(ev.decide(r.decides));
      }
    if (v.results.empty())
      v.problems.push_back(a.pos.str() + ": no Taxonomy rules for activity " + a.code +
                           " in the rule set (covered: see greengate rules list)");
    rep.activities.push_back(std::move(v));
  }
  return rep;
}

}  // namespace greengate::calc
