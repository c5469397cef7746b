#pragma once
// Display rounding (STYLE.md P10): the engine keeps full double precision; numbers are rounded
// only when shown, half-up on their *decimal* value. 1.325 × 1.30 is 1.7225 in decimal but
// 1.72249999… in binary; rounding the binary value would give 1.722, the regulation's tables
// (and the Registry) give 1.723. We first take the shortest decimal form that round-trips at
// 15 significant digits, then round that string half-up (away from zero).

#include <string>

namespace greengate::text {

/// `v` with exactly `decimals` digits after the point, rounded half-up on the decimal value.
std::string format_fixed(double v, int decimals);
/// `v` with up to `max_decimals` digits, trailing zeros removed ("2.541", "75.36", "3").
std::string format_trimmed(double v, int max_decimals);
/// Thousands separators for people: format_grouped(1234567.891, 1) = "1,234,567.9".
std::string format_grouped(double v, int decimals, char thousands = ',', char point = '.');

}  // namespace greengate::text
