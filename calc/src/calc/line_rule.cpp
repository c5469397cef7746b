#include "greengate/calc/line_rule.hpp"

#include "greengate/rules/outcome.hpp"

namespace greengate::calc {

namespace u = greengate::units;

LineTerms line_terms(const YearParams& yp, bool in_scope, bool electricity, bool actual, LineSources& sources) {
  LineTerms t;
  t.in_scope = in_scope;
  t.electricity = electricity;
  if (!in_scope) {
    t.flags = flag_out_of_scope;
    return t;
  }
  unsigned flags = 0;
  if (!yp.cscf_user && yp.cscf_param.status != Status::verified) flags |= flag_cscf_placeholder;
  // 1. embedded emissions: on defaults, the Commission default × (1 + the year's mark-up)
  std::string_view default_route;
  if (!actual) {
    flags |= flag_default_values;
    const DefaultTerm d = sources.default_value();
    if (!d.found) {
      t.flags = static_cast<std::uint16_t>(flags | flag_default_missing);
      t.default_missing = true;
      return t;
    }
    t.see_default = u::in_tco2e_per_tonne(d.marked_up_total);
    default_route = d.route;
  }
  // 2. free-allocation adjustment (IR 2025/2620 Annex 4, 5.1): CBAM_y × CSCF × Column B on the
  // stated route, else the default row's; none for electricity (Art 1(2)). For a line on actual
  // values it is an estimate standing in for the producer's own SEFA.
  if (!electricity) {
    const BenchmarkTerm b = sources.benchmark(default_route);
    if (!b.found) {
      t.faa_known = false;
      flags |= flag_benchmark_missing;
    } else {
      t.sefa_benchmark = yp.cbam_factor * yp.cscf * u::in_tco2e_per_tonne(b.intensity);
      if (b.provisional) flags |= flag_benchmark_provisional;
      if (b.carried_forward) flags |= flag_benchmark_projected;
      if (actual) flags |= flag_sefa_estimated;
    }
  }
  t.flags = static_cast<std::uint16_t>(flags);
  return t;
}

bool de_minimis_exempt(const rules::RuleSet& money, int year, units::Mass mass_in_scope, const std::string& source) {
  rules::FactSet fs;
  fs.set_number("import.mass_in_scope", u::in_tonnes(mass_in_scope), "t", source);
  return rules::rule_outcome(money, Date::first_of_year(year), fs, "cbam.de_minimis.exempt") == rules::Outcome::pass;
}

}  // namespace greengate::calc
