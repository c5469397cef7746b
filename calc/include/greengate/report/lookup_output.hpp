#pragma once
// JSON of the two look-ups (scope check, Commission default with mark-up), shared by
// `greengate scope/defaults --format json` and the web API so that both print the same fields.

#include <string>

#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/report/json_writer.hpp"
#include "greengate/rules/scope_catalogue.hpp"

namespace greengate::report {

void write_scope_json(JsonWriter& w, const rules::ScopeResult& r, const rules::ScopeCatalogue& scope);
/// `d` must be found().
void write_default_json(JsonWriter& w, const calc::DefaultWithMarkup& d, const std::string& cn,
                        const std::string& origin, int year);

}  // namespace greengate::report
