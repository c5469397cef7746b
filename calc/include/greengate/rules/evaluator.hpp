#pragma once
// Evaluating rule sets against facts on a date.
//
// Every result is pass / fail / not_applicable / unknown. A missing fact or missing evidence is
// *unknown* ("cannot confirm"), never *fail*. Under all: any fail → fail, else any unknown →
// unknown. Under any: any pass → pass, else any unknown → unknown. at-least k: passes ≥ k → pass;
// passes + unknowns < k → fail; otherwise unknown. Each result carries the rule id, legal
// reference, the parameter values used (with their references and status), the fact values,
// the evaluation date and the rule-set version.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "greengate/rules/rule_set.hpp"
#include "greengate/text/message.hpp"

namespace greengate::rules {

struct FactValue {
  FactType type = FactType::number;
  double number = 0;  ///< in `unit`
  std::string unit;
  std::string text;
  bool boolean = false;
  std::string source;  ///< where the value came from (file:line, form field, computed by …)
  std::string display() const;
};

class FactSet {
 public:
  void set_number(const std::string& id, double v, const std::string& unit,
                  const std::string& source = {});
  void set_text(const std::string& id, const std::string& v, const std::string& source = {});
  void set_bool(const std::string& id, bool v, const std::string& source = {});
  const FactValue* get(std::string_view id) const;
  const std::map<std::string, FactValue, std::less<>>& all() const { return facts_; }

 private:
  std::map<std::string, FactValue, std::less<>> facts_;
};

enum class Outcome { pass, fail, not_applicable, unknown };
std::string_view outcome_name(Outcome o);

struct ParamUse {
  std::string id, value, unit, ref;
  Status status = Status::unverified;
  std::string note;
  SourcePos pos;
};

struct FactUse {
  std::string id, value, unit, source;
  bool missing = false;
};

struct RuleResult {
  std::string rule_id, label, ref, decides, kind, activity, objective;
  std::string label_tr;  ///< the rule's Turkish label (empty: none; faces show `label`)
  Outcome outcome = Outcome::unknown;
  std::string reason;                ///< one sentence for people: `why` in English
  text::Message why;                 ///< the reason in plain words, for any language
  std::vector<std::string> details;  ///< each comparison with its outcome
  std::vector<ParamUse> params;
  std::vector<FactUse> facts;
  std::vector<std::string> missing_evidence;
  std::vector<RuleResult> required;  ///< results of `requires` and referenced rules
  Date date;
  std::string ruleset_version;
  SourcePos pos;
};

struct TableResult {
  std::string table_id, label, ref, unit;
  std::string label_tr;
  Outcome outcome = Outcome::unknown;  ///< pass when a value could be determined
  double value = 0;                    ///< collect-sum total or the first hit's output
  std::string text;                    ///< the first hit's output as written
  std::vector<std::string> hits;       ///< row ids/labels that matched
  std::vector<std::string> unknown_rows;
  std::vector<ParamUse> params;
  std::vector<FactUse> facts;
  std::string reason;
};

class Evaluator {
 public:
  Evaluator(const RuleSet& set, Date on, const FactSet& facts);
  /// The evaluator keeps a reference to the facts: a temporary would dangle.
  Evaluator(const RuleSet& set, Date on, FactSet&& facts) = delete;
  /// With explain off (batch screening), results keep their outcome and reason but no details,
  /// parameter or fact lists, and passing comparisons build no text: several times faster.
  void set_explain(bool on) { explain_ = on; }
  RuleResult evaluate(std::string_view rule_id);
  /// The result for a question decided by several rules in precedence order (exceptions first):
  /// the first rule that applies decides.
  RuleResult decide(std::string_view target);
  TableResult table(std::string_view table_id);
  /// A parameter's value on the evaluation date (number), recording its use; nullopt if none.
  std::optional<double> param(std::string_view id, ParamUse* use = nullptr) const;

 private:
  struct Ctx {
    std::vector<std::string>* details;
    std::vector<ParamUse>* params;
    std::vector<FactUse>* facts;
    std::vector<std::string>* missing;
    std::vector<RuleResult>* required;
    text::Message first_problem;
    /// Inside a <not>: a comparison that holds is the problem, worded as what holds.
    bool negated = false;
  };
  Outcome eval(const Condition& c, Ctx& ctx);
  Outcome compare(const Condition& c, Ctx& ctx);
  /// The outcome of a comparison without any text; nullopt when only the full path can tell.
  std::optional<Outcome> compare_fast(const Condition& c) const;
  RuleResult run(const Rule& r);
  void use_param(const std::string& id, const ParamValue& v, const Parameter& p, Ctx& ctx) const;

  const RuleSet& set_;
  Date on_;
  const FactSet& facts_;
  std::map<std::string, RuleResult, std::less<>> memo_;
  bool explain_ = true;
};

}  // namespace greengate::rules
