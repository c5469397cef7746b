#pragma once
// Plausibility checks of a firm's data (issue 14; docs/methodology.md "Plausibility checks").
//
// The loaders refuse what cannot be right (a negative quantity, a biomass share above 100 %, a
// unit that does not fit); these checks flag what is possible but unlikely — the typical slip of
// a decimal or grouping sign, kg typed as t, a process output typed per month — by comparing the
// firm's figures with each other and with bands from data that has a source:
//   - goods of a process against its activity level; exports of a year against production;
//   - an actual SEE against the spread of the Commission's country defaults for the good
//     (IR 2025/2621 Annex I: below low × the lowest or above high × the highest);
//   - electricity per tonne against the consumption implied by those defaults (default indirect
//     emissions / the country's IR 2025/2621 Annex II electricity factor);
//   - a stated NCV or EF against the IPCC 2006 95 % bounds of its fuel;
//   - a mass balance whose carbon out exceeds its carbon in; precursors far heavier than output.
// The multipliers and tolerances are parameters of rules/quality/plausibility.xml. A warning is a
// question to the user, never a correction: results are computed as given.

#include <string>
#include <vector>

#include "greengate/calc/dataset.hpp"
#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/error.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/rules/evaluator.hpp"
#include "greengate/rules/rule_set.hpp"

namespace greengate::calc {

/// A value a warning quotes: a number with its unit (the face formats it in its language) or a
/// name (a CN code, a process id, a fuel).
struct WarningArg {
  bool is_number = false;
  double number = 0;
  int decimals = 0;  ///< most decimals to show (trailing zeros dropped)
  std::string unit;  ///< shown after the number ("t", "tCO2e/t", "MWh/t", "TJ/t" …)
  std::string text;  ///< a name, when !is_number
};

struct PlausibilityWarning {
  /// Stable code: goods_exceed_activity, exports_exceed_production, see_below_band,
  /// see_above_band, electricity_below_band, electricity_above_band, ncv_outside_ipcc,
  /// ef_outside_ipcc, mass_balance_negative, precursors_heavy.
  std::string code;
  SourcePos pos;      ///< the element (or cell) the values were written at
  std::string where;  ///< firm path ("firm/installation[izmir]/process[eaf]")
  /// The values, in the order the message templates ("plaus.<code>" in i18n/) number them.
  std::vector<WarningArg> args;
  std::string message;  ///< English: what was checked, with the numbers
  std::string look_at;  ///< English: what to look at
};

struct PlausibilityReport {
  std::vector<PlausibilityWarning> warnings;
  std::vector<rules::ParamUse> params;  ///< the thresholds used, with their references
  std::string rules_version;
};

/// Runs every check on `firm` and its computed emissions. `quality` is rules/quality (the
/// plausibility parameters); throws DefinitionError when one of them has no value for the year.
PlausibilityReport check_plausibility(const model::Firm& firm, const EmissionsReport& emissions,
                                      const Dataset& data, const rules::RuleSet& quality);

/// "goods_exceed_activity: …" lines for --strict: each warning as an error diagnostic.
Diagnostics as_errors(const PlausibilityReport& r);

}  // namespace greengate::calc
