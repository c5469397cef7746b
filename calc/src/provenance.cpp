#include "greengate/provenance.hpp"

#include <charconv>
#include <cstdio>

namespace greengate {

std::string Date::str() const {
  if (year < 0 || year > 9999 || month < 0 || month > 99 || day < 0 || day > 99) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
  }
  // YYYY-MM-DD without printf (dates are written in every trace and API answer)
  const char s[10] = {static_cast<char>('0' + year / 1000), static_cast<char>('0' + year / 100 % 10),
                      static_cast<char>('0' + year / 10 % 10), static_cast<char>('0' + year % 10), '-',
                      static_cast<char>('0' + month / 10), static_cast<char>('0' + month % 10), '-',
                      static_cast<char>('0' + day / 10), static_cast<char>('0' + day % 10)};
  return std::string(s, 10);
}

std::optional<Date> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](std::size_t at, std::size_t len, int& out) {
    auto r = std::from_chars(s.data() + at, s.data() + at + len, out);
    return r.ec == std::errc{} && r.ptr == s.data() + at + len;
  };
  Date d;
  if (!num(0, 4, d.year) || !num(5, 2, d.month) || !num(8, 2, d.day)) return std::nullopt;
  static constexpr int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days[d.month - 1]) return std::nullopt;
  bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  if (d.month == 2 && d.day == 29 && !leap) return std::nullopt;
  return d;
}

std::string_view status_name(Status s) {
  switch (s) {
    case Status::verified: return "verified";
    case Status::single_source: return "single source";
    case Status::unverified: return "unverified";
  }
  return "unverified";
}

std::optional<Status> parse_status(std::string_view s) {
  if (s == "verified") return Status::verified;
  if (s == "single source") return Status::single_source;
  if (s == "unverified") return Status::unverified;
  return std::nullopt;
}

std::string Provenance::validity() const {
  if (valid_to) return valid_from.str() + ".." + valid_to->str();
  return "from " + valid_from.str();
}

}  // namespace greengate
