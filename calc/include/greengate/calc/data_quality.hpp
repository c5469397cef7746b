#pragma once
// Data-quality / readiness score of a firm's CBAM data, per good and for the firm (issue 14;
// docs/methodology.md "Data-quality score"; the method's weights and bands are parameters of
// rules/quality/data-quality.xml).
//
// What it rests on, per good: the share of its embedded emissions on Commission default values;
// the share resting on suppliers' values that are not verified; the share resting on library
// factors whose status is not 'verified'; its gaps; the plausibility warnings about its process.
// What the defaults cost comes from the exposure (calc/obligation.hpp): per year and price
// scenario, the euros that actual data saves against default values, and what verifying each
// unverified supplier value is worth. The actions that raise the score most are ranked by the
// points they win (ties: by euros), each with its figure.

#include <optional>
#include <string>
#include <vector>

#include "greengate/calc/obligation.hpp"
#include "greengate/calc/plausibility.hpp"
#include "greengate/rules/rule_set.hpp"
#include "greengate/units/money.hpp"

namespace greengate::calc {

/// What a score rests on. Shares are fractions (0–1) of embedded emissions.
struct QualityBasis {
  double default_share = 0;
  double unverified_supplier_share = 0;
  double unverified_factor_share = 0;
  int unverified_supplier_values = 0;  ///< precursors on unverified supplier values
  int unverified_factors = 0;          ///< distinct library factors not 'verified'
  int gaps = 0;
  int warnings = 0;
};

/// One penalty of the score, as points lost (for the reasons shown beside a grade).
struct QualityReason {
  std::string code;  ///< default_values, unverified_supplier, unverified_factors, gaps, warnings
  double points = 0;
  double share = 0;  ///< the share or count it is worked from
};

struct QualityScore {
  QualityBasis basis;
  double score = 100;  ///< 0–100
  std::string grade;   ///< A–E
  std::vector<QualityReason> reasons;  ///< largest first, only those losing points
};

struct GoodQuality {
  std::string cn, installation, process;
  units::Co2eMass embedded;  ///< weight in the firm's score (production × counted SEE)
  QualityScore q;
};

/// An action that would raise the score, with what it is worth.
struct QualityAction {
  /// verify_supplier, monitor_actual, resolve_gap, check_warning, verify_factor
  std::string code;
  std::string cn, installation;
  std::string subject;  ///< supplier(s), factor id, gap or warning text
  double points = 0;    ///< firm score won
  std::optional<units::Eur> eur;  ///< what it is worth in `year` under `scenario`, when known
  int year = 0;
  std::string scenario;
  std::string message;  ///< English, with the figures
  /// The values the message templates ("dq.action.<code>" in i18n/) number {0}, {1}, …
  std::vector<WarningArg> args;
};

struct YearSaving {
  int year = 0;
  std::string scenario;
  units::Eur saving;  ///< cost on defaults − cost on actual data, goods with actual data
  units::Eur unverified_at_stake;  ///< part of it resting on unverified supplier values
};

struct QualityReport {
  std::vector<GoodQuality> goods;
  QualityScore firm;
  std::vector<YearSaving> savings;      ///< per scenario and year, as the exposure's totals
  std::vector<QualityAction> actions;   ///< all, best first (faces show the first three)
  std::vector<rules::ParamUse> params;  ///< the method's parameters, with references
};

/// Scores `exposure` (its emissions and money) with the plausibility warnings found for the same
/// firm. `quality` is rules/quality; throws DefinitionError when a parameter has no value.
QualityReport assess_quality(const model::Firm& firm, const ExposureReport& exposure,
                             const PlausibilityReport& plausibility, const Dataset& data,
                             const rules::RuleSet& quality);

/// The grade of a score under the bands of `quality` (the one place grades are decided).
std::string grade_of(double score, const rules::RuleSet& quality, int year);

}  // namespace greengate::calc
