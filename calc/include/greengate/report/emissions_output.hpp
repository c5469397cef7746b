#pragma once
// Machine formats of an EmissionsReport (JSON, CSV), shared by the CLI and the web API so that
// both give the same numbers. Human text is each front end's own business.

#include <string>

#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/report/json_writer.hpp"

namespace greengate::report {

std::string emissions_json(const calc::EmissionsReport& rep, bool pretty = true);
/// One row per good and per export:
/// record,installation,process,cn,year,quantity_t,see_direct,see_indirect_counted,see_counted,
/// embedded_tco2e,method,complete
std::string emissions_csv(const calc::EmissionsReport& rep);
/// A trace tree as JSON (for --explain --format json and the web's trace links).
void write_trace(JsonWriter& w, const TraceNode& node);

}  // namespace greengate::report
