#pragma once
// --uncertainty N [--seed S] of emissions, obligation and footprint: option parsing and the
// output of a Monte Carlo result (calc/uncertainty.hpp computes it; this only formats).

#include <optional>
#include <ostream>
#include <string>

#include "args.hpp"
#include "greengate/calc/uncertainty.hpp"
#include "greengate/report/screening_output.hpp"

namespace greengate::cli {

/// Help text lines for the two options.
extern const char* const kUncertaintyHelp;

/// The options, or nullopt without --uncertainty; --seed alone is a usage error.
std::optional<calc::UncertaintyOptions> uncertainty_options(const Args& a, const std::string& command);


class Words;
void print_uncertainty(std::ostream& o, const calc::UncertaintyResult& r, report::Lang lang);
void print_uncertainty(std::ostream& o, const calc::UncertaintyResult& r, const Words& words);

}  // namespace greengate::cli
