// Display rounding: half-up on the decimal value (addendum "Rounding"; IR 2026/1740 recital 10).
#include <doctest/doctest.h>

#include "greengate/report/number_format.hpp"

using greengate::report::format_fixed;
using greengate::report::format_grouped;
using greengate::report::format_trimmed;

TEST_CASE("Rounding: 1.325 × 1.30 = 1.7225 displays as 1.723 (half-up on the decimal value)") {
  // In binary 1.325 * 1.3 is 1.72249999999999992; naive rounding gives 1.722.
  CHECK(format_fixed(1.325 * 1.30, 3) == "1.723");
  CHECK(format_fixed(2.31 * 1.1, 3) == "2.541");   // 2.5410000000000004
  CHECK(format_fixed(2.31 * 1.2, 3) == "2.772");
  CHECK(format_fixed(2.31 * 1.3, 3) == "3.003");
  CHECK(format_fixed(1.41 * 1.1, 3) == "1.551");
  CHECK(format_fixed(2.72 * 1.01, 3) == "2.747");   // 2.7472
}

TEST_CASE("Rounding: edge cases") {
  CHECK(format_fixed(0.0005, 3) == "0.001");
  CHECK(format_fixed(-0.0005, 3) == "-0.001");  // half away from zero
  CHECK(format_fixed(-0.0004, 3) == "0.000");
  CHECK(format_fixed(9.9995, 3) == "10.000");
  CHECK(format_fixed(12345.5, 0) == "12346");
  CHECK(format_fixed(1e-7, 2) == "0.00");
  CHECK(format_fixed(1.5e10, 1) == "15000000000.0");
  CHECK(format_trimmed(75.360, 4) == "75.36");
  CHECK(format_trimmed(3.0, 3) == "3");
  CHECK(format_grouped(1234567.891, 1) == "1,234,567.9");
  CHECK(format_grouped(-999.95, 1) == "-1,000.0");
  CHECK(format_grouped(1234.5, 1, '.', ',') == "1.234,5");
}
