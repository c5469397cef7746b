// Display rounding: half-up on the decimal value (addendum "Rounding"; IR 2026/1740 recital 10).
#include <cstdio>
#include <doctest/doctest.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "greengate/provenance.hpp"
#include "greengate/report/json_writer.hpp"
#include "greengate/utf8.hpp"
#include "greengate/text/number_format.hpp"

using greengate::text::format_fixed;
using greengate::text::format_grouped;
using greengate::text::format_trimmed;

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

namespace {
// The definition JsonWriter::append_number keeps: printf's %.15g (no digits of binary noise).
std::string printf_15g(double d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return buf;
}
}  // namespace

TEST_CASE("JSON and CSV numbers: 15 significant digits, without float noise") {
  // 0.1 + 0.2 = 0.30000000000000004 in binary: written 0.3; 2.31 × 1.1 = 2.5410000000000004: 2.541.
  std::string s;
  greengate::report::JsonWriter::append_number(s, 0.1 + 0.2);
  CHECK(s == "0.3");
  s.clear();
  greengate::report::JsonWriter::append_number(s, 254.10000000000002);
  CHECK(s == "254.1");
}

TEST_CASE("JSON and CSV numbers: printf's %.15g for every kind of double") {
  std::vector<double> values = {0.0, -0.0, 1.0, -1.0, 0.1, 0.2 + 0.1, 1.0 / 3, 2.31 * 1.1, 1.325 * 1.3, 100, 1e5,
                                123456789012345.0, 1234567890123456.0, 12345678901234567.0, 1e14, 1e15, 1e16,
                                1e17, 9.99999999999999e14, 1e-4, 1e-5, 0.00012345, 0.000012345, 5e-324,
                                2.2250738585072014e-308, 1.7976931348623157e308, 460225.92000000004,
                                5752.824000000002, 0.975 * 5.089, 80.0 * 694.0225, 999999999999999.0,
                                -999999999999999.0, 1e15 - 0.5, 2026, -2026, 1e-320, -1e-320};
  std::uint64_t state = 42;
  auto next = [&] {  // splitmix64
    state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  for (int i = 0; i < 200000; ++i) {
    std::uint64_t bits = next();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (std::isfinite(d)) values.push_back(d);
    // amounts as batch sums them: a few decimals times a few decimals, in every magnitude
    double a = static_cast<double>(next() % 100000) / 1000.0, b = static_cast<double>(next() % 10000) / 100.0;
    values.push_back(a * b * std::pow(10.0, static_cast<int>(next() % 40) - 20));
    values.push_back(static_cast<double>(next() % 100000000000000000ULL));
    // whole numbers on both sides of the writer's integer path (below 10^15)
    values.push_back(static_cast<double>(next() % 1000000));
    values.push_back(-static_cast<double>(next() % 1000000000000000ULL));
    values.push_back(static_cast<double>(next() % 2000000000000000ULL));
  }
  int mismatches = 0;
  for (double d : values) {
    std::string got;
    greengate::report::JsonWriter::append_number(got, d);
    if (got != printf_15g(d) && ++mismatches <= 5)
      FAIL_CHECK(got << " != " << printf_15g(d));
  }
  CHECK(mismatches == 0);
}

TEST_CASE("JSON strings: every character that must be escaped is, at any offset of the 8-byte scan") {
  // Reference: escape byte by byte (RFC 8259 section 7: quote, reverse solidus, controls < 0x20);
  // a byte that is not part of a well-formed UTF-8 character becomes U+FFFD (issue 15).
  auto reference = [](std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80) {
        auto n = greengate::utf8::sequence_at(s, i);
        if (n == 0) {
          out += "\xEF\xBF\xBD";
        } else {
          out.append(s.substr(i, n));
          i += n - 1;
        }
        continue;
      }
      if (c == '"') out += "\\\"";
      else if (c == '\\') out += "\\\\";
      else if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else if (c == '\t') out += "\\t";
      else if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      } else out += static_cast<char>(c);
    }
    return out;
  };
  const std::string plain = "Türkiye – İzmir, 2.541 tCO2e/t (IR 2025/2621 Annex I)";
  int checked = 0;
  for (unsigned special : {0x22u, 0x5Cu, 0x0Au, 0x0Du, 0x09u, 0x00u, 0x01u, 0x1Fu, 0x20u, 0x7Fu, 0x80u, 0xFFu}) {
    for (std::size_t at = 0; at <= 17; ++at) {
      for (std::size_t len : {at + 1, at + 8, at + 20, std::size_t{40}}) {
        std::string s = plain.substr(0, std::min(len, plain.size()));
        if (at <= s.size()) s.insert(at, 1, static_cast<char>(special));
        CHECK(greengate::report::JsonWriter::escape(s) == reference(s));
        ++checked;
      }
    }
  }
  CHECK(checked == 12 * 18 * 4);
  CHECK(greengate::report::JsonWriter::escape("").empty());
  CHECK(greengate::report::JsonWriter::escape(std::string(1000, 'a')) == std::string(1000, 'a'));
}

TEST_CASE("Dates are written YYYY-MM-DD") {
  CHECK(greengate::Date{2026, 1, 1}.str() == "2026-01-01");
  CHECK(greengate::Date{2034, 12, 31}.str() == "2034-12-31");
  CHECK(greengate::Date{999, 7, 4}.str() == "0999-07-04");
}
