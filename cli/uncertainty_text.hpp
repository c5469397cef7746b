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

/// Writes the command's output with the Monte Carlo result: JSON as the document's
/// "uncertainty" member, CSV as the uncertainty table alone, text as a section after `text`.
void write_with_uncertainty(std::ostream& o, const std::string& format, const std::string& document,
                            const calc::UncertaintyResult& r, report::Lang lang = report::Lang::en);

class Words;
void print_uncertainty(std::ostream& o, const calc::UncertaintyResult& r, report::Lang lang);
void print_uncertainty(std::ostream& o, const calc::UncertaintyResult& r, const Words& words);

}  // namespace greengate::cli
