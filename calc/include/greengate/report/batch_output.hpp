#pragma once
// The output formats of greengate batch (docs/batch.md, Outputs): the summary per declarant and
// import year as CSV or JSON, and the rejects file. Numbers at full
// precision, written from their shortest digits (JsonWriter::append_number), like
// obligation --format csv.

#include <cstdint>
#include <string>
#include <string_view>

#include "greengate/calc/batch.hpp"

namespace greengate::report {

/// Summary as CSV: declarant,year,lines,mass_in_scope_t,exempt,embedded_tco2e,faa_tco2e,
/// art9_tco2e,certificates,cost_eur,default_share,flags.
std::string batch_summary_csv(const calc::BatchResult& r);
std::string batch_summary_json(const calc::BatchResult& r);
/// Rejects file: header `line,column,value,reason`, then one row per reject.
std::string batch_rejects_header();
std::string batch_reject_csv(const calc::BatchReject& r);

// The --lines-out rows are written by the batch workers themselves (calc/src/calc/batch/lines_out).

}  // namespace greengate::report
