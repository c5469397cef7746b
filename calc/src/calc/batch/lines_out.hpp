#pragma once
// The --lines-out stream of greengate batch (docs/batch.md, Outputs): one CSV row per input line
// with what the one line rule made of it, written by the workers as they go (BatchSinks::lines).

#include <cstdint>
#include <string>
#include <string_view>

#include "greengate/calc/obligation.hpp"

namespace greengate::calc::batch {

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
  MoneyAmounts money;
  double price = 0;  ///< EUR/tCO2e
  unsigned flags = 0;
};
/// The header of the --lines-out file (with its newline).
std::string batch_lines_header();
/// Appends `row` (with its newline) to `out`. Called once per line with --lines-out.
void append_batch_line_csv(std::string& out, const BatchLineRow& row);

}  // namespace greengate::calc::batch
