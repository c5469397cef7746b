#pragma once
// Rule sets: the law as data (docs/rules-format.md).
//
// A rule set holds dated parameters (OpenFisca-style: each value has a validity period, a unit,
// a legal reference and a status), declared facts (typed, with units), rules whose conditions
// are trees (all / any / at-least-k / not over comparisons of facts with parameters or literals,
// and references to other rules), and decision tables with hit policies `first` and
// `collect-sum`. Rules that decide the same question must declare their precedence (Catala's
// exceptions): the loader rejects two such rules without it, and cycles through `requires` or
// `rule-ref`. Units are checked when the file loads. Immutable after loading.
//
// A rule set may also hold a grant call (`<call>`, docs/screening.md): which rules are must-pass
// criteria, which collect-sum tables are scored sections (weight, maximum, floor), the pass mark
// and budget parameters, and the tie-break order. The loader checks that everything a call names
// exists and has the right unit; ranking and budget allocation are done by calc/screening.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "greengate/error.hpp"
#include "greengate/provenance.hpp"
#include "greengate/units/unit_parser.hpp"

namespace greengate::rules {

enum class FactType { number, text, boolean };
std::string_view fact_type_name(FactType t);

struct FactDecl {
  std::string id, label, unit;  ///< unit only for numbers
  std::string label_tr;         ///< Turkish label (label-tr); empty: none written
  FactType type = FactType::number;
  SourcePos pos;
};

struct ParamValue {
  Date from;
  std::optional<Date> to;  ///< inclusive
  double number = 0;       ///< in the parameter's unit
  std::string text;        ///< for text parameters (lists: comma-separated)
  bool is_text = false;
  std::string ref;         ///< legal reference
  Status status = Status::unverified;
  std::string note;
  SourcePos pos;
  bool valid_on(Date d) const { return from <= d && (!to || d <= *to); }
};

struct Parameter {
  std::string id, label, unit;
  std::string label_tr;
  std::vector<ParamValue> values;  ///< sorted by `from`
  SourcePos pos;
  const ParamValue* on(Date d) const;
};

enum class Op { lt, le, gt, ge, eq, ne, in, between };
std::string_view op_name(Op op);

struct Condition {
  enum class Kind { all, any, at_least, negation, compare, rule_ref, evidence };
  Kind kind = Kind::all;
  std::vector<Condition> children;
  // at_least
  int k = 0;
  std::string k_param;
  // compare
  std::string fact;
  Op op = Op::eq;
  std::optional<double> value;    ///< literal number, in `unit`
  std::string text_value;         ///< literal text / bool ("true"/"false")
  std::vector<std::string> list;  ///< `in` over text
  std::string param, low_param, high_param;
  std::optional<double> low, high;
  std::string unit;  ///< unit of the literal(s) / parameter comparison
  // rule_ref / evidence
  std::string target;
  std::string label, label_tr;
  SourcePos pos;
};

struct Rule {
  std::string id, label, ref, text, decides, kind;
  std::string label_tr;  ///< Turkish label (label-tr); empty: none written, faces show `label`
  std::string activity, objective;
  std::vector<std::string> requires_rules;
  std::vector<std::string> overrides;
  std::optional<Condition> applies_when;
  std::optional<Condition> condition;  ///< absent: the rule passes when it applies
  std::vector<Condition> evidence;     ///< required evidence items
  std::string file;
  SourcePos pos;
};

enum class HitPolicy { first, collect_sum };

struct TableRow {
  std::string id, label, label_tr;
  std::vector<Condition> when;  ///< ANDed; empty = always
  double out = 0;
  std::string out_text;
  SourcePos pos;
};

struct DecisionTable {
  std::string id, label, ref, unit;
  std::string label_tr;
  HitPolicy hit = HitPolicy::first;
  std::vector<TableRow> rows;
  SourcePos pos;
};

/// A must-pass (or informative) criterion of a grant call: a rule, or a question decided by rules.
struct CallCriterion {
  std::string rule;    ///< rule id or `decides` question
  std::string group;   ///< eligibility, green-deal, documents … (free; used for grouping reports)
  bool must_pass = true;  ///< false: role="info", reported but never decisive
  SourcePos pos;
};

/// A scored section: a collect-sum table whose sum (capped at `max`) is scaled to `weight` points.
struct CallSection {
  std::string id, label, table;
  std::string label_tr;
  double weight = 0;        ///< points this section contributes at full score
  double max = 0;           ///< the section's own scale (raw sum capped here)
  std::string floor_param;  ///< raw score below this vetoes the application (optional)
  bool green = false;       ///< counts towards the "green" score used by tie-breaks
  /// missing="no-points": a row that cannot be decided (fact or evidence missing) scores 0 and never
  /// makes the verdict undecided (points only for documented merits). Default "undecided": its
  /// points stay possible, and the verdict is "evidence missing" if they could change it.
  bool missing_no_points = false;
  SourcePos pos;
};

/// One tie-break key: total, green, section:ID, requested_grant, submitted, id; asc or desc.
struct TieBreakKey {
  std::string key;
  bool descending = false;
  SourcePos pos;
};

enum class BudgetRule {
  stop,  ///< funding stops at the first eligible applicant that does not fit; the rest are reserve
  skip,  ///< an applicant that does not fit is put on the reserve list; later ones may still fit
};
std::string_view budget_rule_name(BudgetRule r);

struct Call {
  std::string id, label, ref, file;
  std::string label_tr;
  Date date;                 ///< evaluation date (parameters in force on it)
  std::string budget_param;  ///< money parameter (EUR)
  std::string pass_mark_param;  ///< points parameter, compared with the weighted total
  BudgetRule budget_rule = BudgetRule::stop;
  std::vector<CallCriterion> criteria;
  std::vector<CallSection> sections;
  std::vector<TieBreakKey> tie_break;  ///< after the total score; always ends with id asc
  SourcePos pos;
};

struct RuleFileInfo {
  std::string id, version, title, source, file;
};

class RuleSet {
 public:
  const Rule* rule(std::string_view id) const;
  const Parameter* parameter(std::string_view id) const;
  const FactDecl* fact(std::string_view id) const;
  const DecisionTable* table(std::string_view id) const;
  /// Value of a parameter on a date; nullptr when none is in force.
  const ParamValue* param_value(std::string_view id, Date on) const;
  const std::vector<Rule>& rules() const { return rules_; }
  const std::vector<Parameter>& parameters() const { return params_; }
  const std::vector<DecisionTable>& tables() const { return tables_; }
  const std::vector<FactDecl>& facts() const { return facts_; }
  const std::vector<RuleFileInfo>& files() const { return files_; }
  const std::vector<Call>& calls() const { return calls_; }
  const Call* call(std::string_view id) const;
  /// Rules deciding `target`, highest precedence first.
  std::vector<const Rule*> deciders(std::string_view target) const;
  /// "id@version; …" of the files loaded (built once when loading: results copy it often).
  const std::string& version() const { return version_; }

 private:
  friend class RuleSetBuilder;
  std::vector<Rule> rules_;
  std::vector<Parameter> params_;
  std::vector<FactDecl> facts_;
  std::vector<DecisionTable> tables_;
  std::vector<RuleFileInfo> files_;
  std::vector<Call> calls_;
  std::string version_;
  std::map<std::string, std::size_t, std::less<>> rule_idx_, param_idx_, fact_idx_, table_idx_;
  std::map<std::string, std::vector<std::size_t>, std::less<>> deciders_;
};

/// Loads rule files (one XML file each) into one rule set. Display names are used in messages.
LoadResult<RuleSet> load_rule_files(const std::vector<std::string>& paths,
                                    const std::vector<std::string>& display_names);
/// Loads a file, or every *.xml below a folder (recursively, in name order).
LoadResult<RuleSet> load_rules(const std::string& path, const std::string& display_prefix = "");

}  // namespace greengate::rules
