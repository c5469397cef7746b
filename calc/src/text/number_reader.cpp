#include "greengate/text/number_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include "greengate/text/number_format.hpp"

namespace greengate::text {

Convention convention_of(std::string_view lang) {
  return lang == "tr" ? Convention::turkish : Convention::english;
}

namespace {

NumberRead fail(std::string code, std::string error) {
  NumberRead r;
  r.code = std::move(code);
  r.error = std::move(error);
  return r;
}

std::optional<double> to_double(const std::string& digits) {
  double v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || p != digits.data() + digits.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

/// Reads `t` (blanks removed) with `group` as the thousands separator (0: none) and `mark` as the
/// decimal mark; nullopt when it does not fit that reading.
std::optional<double> read_with(const std::string& t, char group, char mark, std::string* plain = nullptr) {
  std::size_t i = 0;
  std::string digits;
  if (i < t.size() && (t[i] == '-' || t[i] == '+')) {
    if (t[i] == '-') digits.push_back('-');  // (from_chars takes no '+')
    ++i;
  }
  auto m = t.find(mark, i);
  std::string int_part = t.substr(i, m == std::string::npos ? std::string::npos : m - i);
  std::string frac = m == std::string::npos ? "" : t.substr(m + 1);
  if (m != std::string::npos && frac.empty()) return std::nullopt;  // "12." / "12,"
  for (char ch : frac)
    if (ch < '0' || ch > '9') return std::nullopt;
  // integer part: digits, or groups of three after a first group of one to three
  std::vector<std::string> groups;
  std::size_t from = 0;
  while (true) {
    auto q = group ? int_part.find(group, from) : std::string::npos;
    groups.push_back(int_part.substr(from, q == std::string::npos ? std::string::npos : q - from));
    if (q == std::string::npos) break;
    from = q + 1;
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto& s = groups[g];
    if (s.empty()) return std::nullopt;
    for (char ch : s)
      if (ch < '0' || ch > '9') return std::nullopt;
    if (groups.size() > 1 && (g == 0 ? s.size() > 3 : s.size() != 3)) return std::nullopt;
    digits += s;
  }
  if (!frac.empty()) digits += "." + frac;
  if (plain) *plain = digits;
  return to_double(digits);
}

std::string show(double v) { return text::format_trimmed(v, 6); }

}  // namespace

NumberRead read_number(std::string_view text, Convention c) {
  // blanks: ASCII space and tab around and inside (grouping), U+00A0 and U+202F inside
  std::string t;
  bool blank_inside = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(text[i]);
    if (ch == ' ' || ch == '\t') {
      blank_inside = blank_inside || !t.empty();
      continue;
    }
    if (ch == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      ++i;
      blank_inside = blank_inside || !t.empty();
      continue;
    }
    if (ch == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0xAF) {
      i += 2;
      blank_inside = blank_inside || !t.empty();
      continue;
    }
    t.push_back(static_cast<char>(ch));
  }
  if (t.empty()) return fail("empty", "no number given");
  if (t.size() > 40) return fail("not_a_number", "'" + std::string(text) + "' is not a number");
  if (auto e = t.find_first_of("eE"); e != std::string::npos && !blank_inside) {
    // Scientific notation ("1e6", "2.5E-3"): one reading when the mantissa has no grouping sign,
    // or only a decimal point in a convention where '.' is the decimal mark.
    const std::string mantissa = t.substr(0, e);
    const bool dot = mantissa.find('.') != std::string::npos;
    const bool ok_marks = mantissa.find(',') == std::string::npos && (!dot || c != Convention::turkish);
    double v = 0;
    const char* first = t.data() + (t[0] == '+' ? 1 : 0);
    auto [end, ec] = std::from_chars(first, t.data() + t.size(), v);
    if (ok_marks && ec == std::errc() && end == t.data() + t.size() && e > 0) {
      NumberRead r;
      r.value = v;
      r.plain = t;
      return r;
    }
    return fail("not_a_number", "'" + std::string(text) + "' is not a number");
  }
  for (char ch : t)
    if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == ',' || ch == '-' || ch == '+'))
      return fail("not_a_number", "'" + std::string(text) + "' is not a number");
  if (c == Convention::plain) {
    if (blank_inside || t.find(',') != std::string::npos)
      return fail("grouping", "'" + std::string(text) + "': write the number without grouping, with '.' as the decimal mark (e.g. 1234.5)");
    NumberRead r;
    auto v = read_with(t, 0, '.', &r.plain);
    if (!v) return fail("not_a_number", "'" + std::string(text) + "' is not a number (e.g. 1234.5)");
    r.value = v;
    return r;
  }
  const auto dots = static_cast<std::size_t>(std::count(t.begin(), t.end(), '.'));
  const auto commas = static_cast<std::size_t>(std::count(t.begin(), t.end(), ','));
  std::string tr_plain, en_plain;
  auto tr = read_with(t, '.', ',', &tr_plain);  // Turkish reading
  auto en = read_with(t, ',', '.', &en_plain);  // English reading
  NumberRead r;
  auto both = [&](const char* why) {
    NumberRead a = fail("ambiguous", "'" + std::string(text) + "' " + why + ": it reads " + show(*tr) +
                                         " with ',' as the decimal mark and " + show(*en) +
                                         " with '.': write it without grouping (e.g. " + show(*tr) +
                                         " or " + show(*en) + ") or with both marks");
    a.reading_a = tr;
    a.reading_b = en;
    return a;
  };
  switch (c) {
    case Convention::turkish:
      if (tr) {
        r.value = tr;
        r.plain = tr_plain;
        return r;
      }
      if (dots >= 1 && commas == 0 && en) {
        NumberRead g = fail("grouping", "'" + std::string(text) + "': in Turkish '.' groups thousands (48.000 = 48 000) and ',' is "
                                "the decimal mark: write " + echo_number(*en, Convention::turkish) + " for " + show(*en));
        g.suggestion = echo_number(*en, Convention::turkish);
        return g;
      }
      return fail(dots && commas ? "mixed" : "grouping",
                  "'" + std::string(text) + "' is not a number written the Turkish way (1.234,5 = one thousand two hundred "
                  "thirty-four and a half)");
    case Convention::english:
      if (en) {
        r.value = en;
        r.plain = en_plain;
        return r;
      }
      if (commas >= 1 && dots == 0 && tr) {
        NumberRead g = fail("grouping", "'" + std::string(text) + "': in English ',' groups thousands (48,000 = 48 000) and '.' is "
                                "the decimal mark: write " + echo_number(*tr, Convention::english) + " for " + show(*tr));
        g.suggestion = echo_number(*tr, Convention::english);
        return g;
      }
      return fail(dots && commas ? "mixed" : "grouping",
                  "'" + std::string(text) + "' is not a number written the English way (1,234.5 = one thousand two hundred "
                  "thirty-four and a half)");
    case Convention::either:
      if (tr && en && *tr != *en) return both("could be either");
      if (tr || en) {
        r.value = tr ? tr : en;
        r.plain = tr ? tr_plain : en_plain;
        return r;
      }
      return fail(dots && commas ? "mixed" : "grouping",
                  "'" + std::string(text) + "' mixes or misplaces '.' and ',' (write 1.234,5 or 1,234.5)");
    case Convention::plain: break;
  }
  return fail("not_a_number", "'" + std::string(text) + "' is not a number");
}

std::string echo_number(double v, Convention c, int max_decimals) {
  return echo_plain(text::format_trimmed(v, max_decimals), c);  // "48000", "1234.5"
}

std::string echo_plain(std::string_view plain, Convention c) {
  std::string s(plain);
  if (c == Convention::plain) return s;
  char group = c == Convention::turkish ? '.' : ',';
  char mark = c == Convention::turkish ? ',' : '.';
  auto dot = s.find('.');
  std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  std::string ip = s.substr(0, dot);
  std::string sign;
  if (!ip.empty() && ip[0] == '-') {
    sign = "-";
    ip.erase(0, 1);
  }
  std::string out;
  for (std::size_t i = 0; i < ip.size(); ++i) {
    if (i && (ip.size() - i) % 3 == 0) out.push_back(group);
    out.push_back(ip[i]);
  }
  return sign + out + (frac.empty() ? "" : std::string(1, mark) + frac);
}

}  // namespace greengate::text
