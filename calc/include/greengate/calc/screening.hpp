#pragma once
// Grant screening: a development agency's call (a <call> in a rule set, docs/screening.md) applied
// to a batch of applicants, with a verdict, a score and a place in the budget for each.
//
// Per applicant, on the call's date:
//   1. facts from the applicant row (applicant.*, project.*, evidence.*, declared-fact columns),
//      from the firm file when one is given (cbam.*, computed once per distinct file) and from the
//      EU Taxonomy rules for the project's activity (taxonomy.sc, taxonomy.sc_status);
//   2. every criterion of the call decided by the rules engine: pass / fail / not_applicable /
//      unknown, each with its reason, legal or call reference, parameters and facts;
//   3. every scored section: the collect-sum table's total capped at the section's `max`, scaled
//      to its `weight` (weighted = min(sum, max) / max × weight); rows that cannot be decided
//      (a fact or evidence item missing) give no points, and their points are kept as `potential`;
//   4. the verdict: ineligible when a must-pass criterion fails, a section is below its floor even
//      with every undecided row, or the total is below the pass mark even with them; otherwise
//      evidence missing when a must-pass criterion is unknown or an undecided row could change
//      the floor or pass-mark outcome; otherwise eligible. Missing evidence never fails.
// Then eligible applicants are ranked (total desc, then the call's tie-break keys, then id) and
// funded in rank order until the budget is used (BudgetRule stop or skip); the others are reserve.
//
// Units: scores in points; money (budget, requested grant, turnover, balance sheet) in EUR;
// emissions tCO2e/yr, energy MWh/yr, savings in %.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "greengate/calc/dataset.hpp"
#include "greengate/error.hpp"
#include "greengate/rules/evaluator.hpp"
#include "greengate/rules/rule_set.hpp"

namespace greengate::calc {

/// One application as read from the CSV or XML file. Empty cells are nullopt / empty: the
/// corresponding fact is then missing, and every rule that needs it is *unknown*.
struct Applicant {
  std::string id, name, applicant_type, nace, location;
  std::string project_title, project_type, sector, activity;
  std::optional<double> employees, turnover_eur, balance_sheet_eur;
  std::optional<double> baseline_tco2e, projected_tco2e, baseline_mwh, projected_mwh;
  std::optional<double> requested_grant;  ///< EUR
  std::string submitted;                  ///< YYYY-MM-DD[THH:MM], optional (tie-break)
  std::vector<std::string> evidence;      ///< evidence items provided
  std::string firm_file;                  ///< as written in the file
  std::string firm_path;                  ///< resolved against the applicants file's folder
  /// Extra columns named after facts declared in the call's rule set (e.g. energy.technology,
  /// assessor sub-scores), as text; typed by the declaration when facts are built.
  std::vector<std::pair<std::string, std::string>> extra;
  SourcePos pos;
};

/// Reads applicants. CSV: header row, columns by name (docs/screening.md); XML: <applicants>.
/// `set` is the call's rule set: extra columns must be facts it declares. Errors name file:line
/// (and the column) and are all reported in one run (InputError).
LoadResult<std::vector<Applicant>> parse_applicants_csv(std::string_view text,
                                                        const std::string& display,
                                                        const rules::RuleSet& set,
                                                        const std::string& base_dir = ".");
LoadResult<std::vector<Applicant>> parse_applicants_xml(std::string_view text,
                                                        const std::string& display,
                                                        const rules::RuleSet& set,
                                                        const std::string& base_dir = ".");
/// By extension (.xml = XML, anything else CSV); firm files resolve against the file's folder.
LoadResult<std::vector<Applicant>> load_applicants(const std::string& path, const std::string& display,
                                                   const rules::RuleSet& set);

/// The call file together with the Taxonomy rules (rules/taxonomy/), as one rule set.
/// Throws DefinitionError listing every problem (file:line) of every file.
LoadResult<rules::RuleSet> load_call(const std::string& call_path, const std::string& call_display,
                                     const std::string& taxonomy_dir,
                                     const std::string& taxonomy_display = "rules/taxonomy/");

enum class Verdict { eligible, ineligible, evidence_missing };
std::string_view verdict_name(Verdict v);  ///< "eligible", "ineligible", "evidence missing"

enum class Funding { funded, reserve, not_ranked };
std::string_view funding_name(Funding f);  ///< "funded", "reserve", "not ranked"

struct CriterionResult {
  std::string group;
  bool must_pass = true;
  rules::RuleResult result;
};

struct SectionResult {
  std::string id, label, table, ref;
  std::string label_tr;  ///< the section's (or its table's) Turkish label; empty: none
  double weight = 0, max = 0;
  bool green = false;
  double sum = 0;        ///< collect-sum of the matching rows
  double raw = 0;        ///< min(sum, max)
  double weighted = 0;   ///< raw / max × weight
  double potential = 0;  ///< points of rows that could not be decided (missing facts/evidence)
  std::optional<double> floor;  ///< raw points required (veto below)
  rules::ParamUse floor_param;
  rules::Outcome floor_outcome = rules::Outcome::not_applicable;  ///< pass / fail / unknown
  rules::TableResult table_result;
  std::vector<std::string> rows;  ///< "id: label (+out) matched|not matched|undecided: why"
  std::vector<text::Message> row_words;  ///< the same lines for any language (en(): `rows`)
};

struct ApplicantResult {
  Applicant applicant;
  rules::FactSet facts;
  std::vector<std::string> notes;  ///< firm-file and fact problems (not errors)
  std::vector<CriterionResult> criteria;
  std::vector<SectionResult> sections;
  double total = 0;      ///< Σ weighted
  double green = 0;      ///< Σ weighted of green sections
  double potential = 0;  ///< weighted points the undecided rows could add
  rules::Outcome pass_mark_outcome = rules::Outcome::unknown;
  Verdict verdict = Verdict::evidence_missing;
  std::vector<text::Message> reasons;  ///< why the verdict, one line each (en(): the English)
  int rank = 0;                      ///< 1.. among eligible applicants; 0 = not ranked
  Funding funding = Funding::not_ranked;
  double cumulative = 0;             ///< EUR allocated up to and including this one (funded)
  std::string funding_reason;
};

struct ScreeningReport {
  std::string call_id, call_label, call_ref, call_file;
  std::string call_label_tr;
  Date date;
  std::string ruleset_version;
  double budget = 0, pass_mark = 0, total_weight = 0;
  rules::ParamUse budget_param, pass_mark_param;
  rules::BudgetRule budget_rule = rules::BudgetRule::stop;
  std::vector<std::string> tie_break;  ///< human-readable, in order ("total desc", …)
  std::vector<std::string> sections;   ///< section ids in call order
  /// Ranked order: eligible by rank, then evidence missing, then ineligible (each by id).
  std::vector<ApplicantResult> results;
  double allocated = 0;
  std::size_t eligible = 0, ineligible = 0, evidence_missing = 0, funded = 0, reserve = 0;
  std::size_t firm_files = 0;  ///< distinct firm files computed
};

struct ScreenOptions {
  std::string call_id;          ///< empty: the rule set's only call
  std::optional<Date> date;     ///< default: the call's date
  /// The data set (factors, CBAM scope) for firm files; called once, only when a firm file is given.
  std::function<const Dataset&()> data;
  unsigned threads = 0;  ///< 0: one per hardware thread (the result does not depend on it)
  /// false: keep only what the ranked list needs (outcomes, reasons, references, scores) and drop
  /// each result's checks, parameter and fact lists; explain() rebuilds one applicant's full record.
  /// Large batches screen several times faster and in a fraction of the memory.
  bool details = true;
};

/// Screens `applicants` against the call. Throws DefinitionError for a rule set without exactly
/// one call (or without `call_id`), InputError for duplicate applicant ids or unreadable firm files.
ScreeningReport screen(const rules::RuleSet& set, const std::vector<Applicant>& applicants,
                       const ScreenOptions& options = {});

/// The full decision record of `report.results[index]` (every check, parameter and fact), screened
/// again with the same call and options; rank and budget position are taken from `report`.
ApplicantResult explain(const rules::RuleSet& set, const ScreeningReport& report, std::size_t index,
                        const ScreenOptions& options = {});

/// NACE Rev. 2 section letter of a division ("25.11" -> "C"); empty when unknown.
std::string nace_section(std::string_view nace);

}  // namespace greengate::calc
