#include "greengate/text/number_format.hpp"

#include <charconv>

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace greengate::text {

std::string format_fixed(double v, int decimals) {
  if (!std::isfinite(v)) return v != v ? "nan" : (v > 0 ? "inf" : "-inf");
  char buf[64];
  // %.15g (to_chars with a precision is printf's %g in the C locale, without printf)
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 15);
  // Expand to plain digits: parse sign, mantissa digits and exponent of the %.15g form.
  std::string s(buf, r.ptr);
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.erase(0, 1);
  int exp10 = 0;
  if (auto e = s.find_first_of("eE"); e != std::string::npos) {
    exp10 = std::atoi(s.c_str() + e + 1);
    s.erase(e);
  }
  std::string digits;
  int point = 0;  // digits before the decimal point
  auto dot = s.find('.');
  if (dot == std::string::npos) {
    digits = s;
    point = static_cast<int>(s.size());
  } else {
    digits = s.substr(0, dot) + s.substr(dot + 1);
    point = static_cast<int>(dot);
  }
  point += exp10;
  // Pad so that digits covers [.., point + decimals + 1).
  if (point < 0) {
    digits.insert(0, static_cast<std::size_t>(-point), '0');
    point = 0;
  }
  int need = point + decimals + 1;
  if (static_cast<int>(digits.size()) < need)
    digits.append(static_cast<std::size_t>(need - static_cast<int>(digits.size())), '0');
  // Round half-up at position point + decimals.
  bool up = digits[static_cast<std::size_t>(point + decimals)] >= '5';
  digits.resize(static_cast<std::size_t>(point + decimals));
  if (up) {
    int i = static_cast<int>(digits.size()) - 1;
    while (i >= 0) {
      if (digits[static_cast<std::size_t>(i)] == '9') {
        digits[static_cast<std::size_t>(i)] = '0';
        --i;
      } else {
        ++digits[static_cast<std::size_t>(i)];
        break;
      }
    }
    if (i < 0) {
      digits.insert(digits.begin(), '1');
      ++point;
    }
  }
  std::string intpart = point > 0 ? digits.substr(0, static_cast<std::size_t>(point)) : "0";
  std::size_t nz = intpart.find_first_not_of('0');
  intpart = nz == std::string::npos ? "0" : intpart.substr(nz);
  std::string frac = digits.substr(static_cast<std::size_t>(point));
  bool zero = intpart == "0" && frac.find_first_not_of('0') == std::string::npos;
  std::string out = (neg && !zero ? "-" : "") + intpart;
  if (decimals > 0) out += "." + frac;
  return out;
}

std::string format_trimmed(double v, int max_decimals) {
  std::string s = format_fixed(v, max_decimals);
  if (s.find('.') == std::string::npos) return s;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::string format_grouped(double v, int decimals, char thousands, char point) {
  std::string s = format_fixed(v, decimals);
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.erase(0, 1);
  auto dot = s.find('.');
  std::string intpart = s.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  std::string grouped;
  int n = static_cast<int>(intpart.size());
  for (int i = 0; i < n; ++i) {
    grouped += intpart[static_cast<std::size_t>(i)];
    int left = n - i - 1;
    if (left > 0 && left % 3 == 0) grouped += thousands;
  }
  std::string out = (neg ? "-" : "") + grouped;
  if (!frac.empty()) out += point + frac;
  return out;
}

}  // namespace greengate::text
