#pragma once
// EU Taxonomy screening of a firm's activities (Delegated Regulation (EU) 2021/2139 Annex I;
// Regulation (EU) 2020/852 Art 3 and 18) with the rules in rules/taxonomy/.
//
// Facts come from the firm file (<activity> facts and evidence items, typed by the rule set's
// fact declarations) and, when an activity names the production process it runs, from the
// engine: process.ghg_intensity (the process's own direct emissions per tonne, tCO2e/t),
// process.electricity_intensity (MWh/t) and electricity.indirect_ci (gCO2e/kWh).

#include <string>
#include <vector>

#include "greengate/calc/dataset.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/rules/evaluator.hpp"

namespace greengate::calc {

struct ActivityVerdict {
  std::string id, code, name;
  rules::FactSet facts;
  std::vector<rules::RuleResult> results;  ///< one per question decided for the activity
  std::vector<std::string> problems;       ///< facts that could not be read (type, unit)
};

struct TaxonomyReport {
  std::string file, firm_name;
  bool fictitious = false;
  Date date;
  std::string ruleset_version;
  std::vector<ActivityVerdict> activities;
};

/// Screens every <activity> of `firm` on `date`. Throws InputError for facts of the wrong type.
TaxonomyReport screen_taxonomy(const model::Firm& firm, const Dataset& data,
                               const rules::RuleSet& taxonomy, Date date);

/// Builds facts from an activity (helper shared with grant screening).
void activity_facts(const model::Firm& firm, const model::Activity& a, const Dataset& data,
                    const rules::RuleSet& set, int year, rules::FactSet& out,
                    std::vector<std::string>& problems);

}  // namespace greengate::calc
