#pragma once
// The batch's input columns and the fixed sizes of its tables (docs/batch.md, Input).

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include "greengate/calc/batch.hpp"

// For the small helpers of the per-line path: a call per field costs more than the parse of "12.5".
#if defined(__GNUC__)
#define GG_INLINE __attribute__((always_inline))
#else
#define GG_INLINE
#endif

namespace greengate::calc::batch {

namespace u = greengate::units;

// ---- columns ----------------------------------------------------------------------------------

enum Col : int {
  col_declarant,
  col_year,
  col_cn,
  col_origin,
  col_quantity,
  col_unit,
  col_see_direct,
  col_see_indirect,
  col_carbon_price_paid,
  col_sefa,
  col_route,
  col_import_date,  ///< optional: YYYY-MM-DD or YYYY-Qn (2026 imports are priced by quarter)
  col_count
};
constexpr const char* kColNames[col_count] = {
    "declarant", "year",         "cn_code",           "origin", "quantity", "unit",
    "see_direct", "see_indirect", "carbon_price_paid", "sefa",   "route",  "import_date"};
constexpr int kRequired = col_unit + 1;
/// The usual layout (the fast path's field positions known at compile time): the first kCanonCols
/// columns in kColNames order and nothing else.
constexpr int kCanonCols = col_route + 1;
/// The import years the batch's tables have slots for (a line's year is one byte, a period's price
/// one bit of 64). The period itself is data (cbam.period.* of rules/cbam/money.xml, Dataset::period):
/// a run checks when its data arrive that the period is these years (Shared::set_data).
constexpr int kFirstYear = 2026, kLastYear = 2034;
constexpr int kYears = kLastYear - kFirstYear + 1;
constexpr int kSectors = 6;  // model::Sector

/// The name of flag bit `bit` (flag_names), without building a vector per call.
inline const std::string& flag_name(int bit) {
  static const auto names = [] {
    std::array<std::string, kLineFlagCount> n;
    for (int i = 0; i < kLineFlagCount; ++i) n[static_cast<std::size_t>(i)] = flag_names(1u << i).front();
    return n;
  }();
  return names[static_cast<std::size_t>(bit)];
}

/// The 8 digits of a CN code (cn < 10^8), zero-padded.
inline void cn_digits(std::uint32_t cn, char (&digits)[8]) {
  for (int i = 7; i >= 0; --i, cn /= 10) digits[i] = static_cast<char>('0' + cn % 10);
}

/// The code as written: 8 digits, or 10 with a TARIC line (taric = its two digits + 1).
inline std::size_t code_digits(std::uint32_t cn, std::uint8_t taric, char (&digits)[10]) {
  char d8[8];
  cn_digits(cn, d8);
  std::memcpy(digits, d8, 8);
  if (taric == 0) return 8;
  digits[8] = static_cast<char>('0' + (taric - 1) / 10);
  digits[9] = static_cast<char>('0' + (taric - 1) % 10);
  return 10;
}

}  // namespace greengate::calc::batch
