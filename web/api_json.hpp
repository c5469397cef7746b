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
/// A wrong request parameter as the API reports it: field, stable code, message in the request's
/// language.
struct ApiProblem {
  std::string field, code, message, value;
};
/// An error answer: {"error": message, "code": code, "diagnostics": [...]}: first each parameter
/// problem {"severity","field",["value",]"code","message"}, then each diagnostic {"severity","file","line",
/// ["column",] "code","message"} (the answer's code: engine messages carry no code of their own).
std::string error_json(const std::string& code, const std::string& message, const Diagnostics& diags,
                       const std::vector<ApiProblem>& problems = {});

}  // namespace greengate::web
