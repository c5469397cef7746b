#pragma once
// Machine formats of the plausibility checks and the data-quality score (calc/plausibility.hpp,
// calc/data_quality.hpp). Faces render text and pages from the same structures.

#include <string>

#include "greengate/calc/data_quality.hpp"
#include "greengate/calc/plausibility.hpp"
#include "greengate/report/json_writer.hpp"
#include "greengate/text/number_reader.hpp"

namespace greengate::report {

/// A warning's or action's values as people read them in `c`: numbers grouped with their unit
/// ("12.000 t" in Turkish, "12,000 t" in English; EUR whole), names as they are; not escaped.
std::vector<std::string> arg_texts(const std::vector<calc::WarningArg>& args, text::Convention c);

/// [{code, file, line, where, message, look_at, values: [...]}] (key written by the caller).
void write_plausibility(JsonWriter& w, const calc::PlausibilityReport& r);

/// The whole assessment: firm score, goods, savings per year and scenario, ranked actions,
/// plausibility warnings and the method's parameters.
std::string quality_json(const calc::QualityReport& q, const calc::PlausibilityReport& p,
                         const calc::EmissionsReport& em, bool pretty = true);

}  // namespace greengate::report
