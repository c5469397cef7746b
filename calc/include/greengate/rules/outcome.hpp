#pragma once
// The outcome alone of a rule, for callers that need the decision many thousand times (the
// batch's de minimis test per declarant and year): an Evaluator with explain off that does not
// word a failing comparison either.

#include <string_view>

#include "greengate/rules/evaluator.hpp"

namespace greengate::rules {

/// The outcome of rule `rule_id` of `set` on `facts` at `on`, as Evaluator::evaluate decides it.
Outcome rule_outcome(const RuleSet& set, Date on, const FactSet& facts, std::string_view rule_id);

}  // namespace greengate::rules
