#pragma once
// JSON bodies of /api/v1/scope and /api/v1/defaults: the engine's report::write_scope_json /
// write_default_json, the same as `greengate scope/defaults --format json` (tests/web compares).

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
