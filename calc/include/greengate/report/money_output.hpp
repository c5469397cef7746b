#pragma once
// Machine formats (JSON, CSV) of obligation and exposure reports, shared by the CLI and the web
// API. Numbers are written unrounded.

#include <string>

#include "greengate/calc/obligation.hpp"
#include "greengate/report/json_writer.hpp"

namespace greengate::report {

void write_line(JsonWriter& w, const calc::LineResult& l);
void write_rule_result(JsonWriter& w, const rules::RuleResult& r);
std::string obligation_json(const calc::ObligationReport& rep);
/// cn,installation,destination,buyer,year,quantity_t,method,see,embedded_tco2e,faa_tco2e,
/// art9_tco2e,certificates,price_eur,cost_eur,exempt,flags
std::string obligation_csv(const calc::ObligationReport& rep);
std::string exposure_json(const calc::ExposureReport& rep);
/// scenario,cn,installation,year,quantity_t,projected,certificates_actual,certificates_default,
/// cost_actual_eur,cost_default_eur,saving_eur
std::string exposure_csv(const calc::ExposureReport& rep);

}  // namespace greengate::report
