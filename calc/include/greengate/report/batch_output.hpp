#pragma once
// The output formats of greengate batch (docs/batch.md, Outputs): the summary per declarant and
// import year as CSV or JSON, the rejects file, and the --lines-out rows. Numbers at full
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

/// One --lines-out row: a line and what the one line rule made of it.
struct BatchLineRow {
  std::uint64_t line = 0;  ///< in the input file (the header is line 1)
  std::string_view declarant;
  int year = 0;
  int quarter = 0;        ///< of importation, 0 = not given
  std::string_view code;  ///< 8 digits, or 10 with a TARIC line
  char origin[2] = {};
  double quantity = 0;    ///< t, or MWh for electricity
  bool electricity = false;
  std::string_view method;  ///< "actual", "default", or empty (out of scope)
  bool computed = false;    ///< LineAmounts::computed
  double see = 0, sefa = 0;
  bool faa_known = true;
  calc::MoneyAmounts money;
  double price = 0;  ///< EUR/tCO2e
  unsigned flags = 0;
};
/// The header of the --lines-out file (with its newline).
std::string batch_lines_header();
/// Appends `row` (with its newline) to `out`. Called once per line with --lines-out.
void append_batch_line_csv(std::string& out, const BatchLineRow& row);

}  // namespace greengate::report
