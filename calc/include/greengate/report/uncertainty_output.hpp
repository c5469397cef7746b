#pragma once
// Machine formats of a Monte Carlo result (calc/uncertainty.hpp): JSON (the CLI's --format json
// adds it to the command's document as "uncertainty"; the web API) and CSV (one row per figure).

#include <string>

#include "greengate/calc/uncertainty.hpp"
#include "greengate/report/json_writer.hpp"

namespace greengate::report {

void write_uncertainty(JsonWriter& w, const calc::UncertaintyResult& r);
/// `document` (a JSON object, as the other *_json functions write it) with "uncertainty": r added
/// as its last member.
std::string with_uncertainty(const std::string& document, const calc::UncertaintyResult& r);
/// figure,label,unit,deterministic,mean,sd,p2_5,median,p97_5,contributors ("id share;…")
std::string uncertainty_csv(const calc::UncertaintyResult& r);

}  // namespace greengate::report
