#pragma once
// JSON bodies of /api/v1/scope and /api/v1/defaults, field for field what `greengate scope
// --format json` and `greengate defaults --format json` print (tests/web compares them).
// TODO(lead): these mirror cli/cmd_defaults.cpp; a shared report::scope_json/defaults_json in
// calc/report (like emissions_output.hpp) would remove the duplication.

#include <string>
#include <vector>

#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/report/json_writer.hpp"
#include "greengate/rules/scope_catalogue.hpp"

namespace greengate::web {

void write_scope(report::JsonWriter& w, const rules::ScopeResult& r, const rules::ScopeCatalogue& scope);
void write_default(report::JsonWriter& w, const calc::DefaultWithMarkup& d, const std::string& cn,
                   const std::string& origin, int year);
/// Diagnostics as {"error": message, "diagnostics": [{"severity","file","line","message"}]}.
std::string error_json(const std::string& message, const Diagnostics& diags);

}  // namespace greengate::web
