#pragma once
// Dates, data status and provenance: what every number in GreenGate carries with it.
//
// Status words as in the research data GreenGate is built from: verified (primary text or two sources), single source,
// unverified (recalled or unconfirmed). Unverified values may be used only if shown as such.

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "greengate/error.hpp"

namespace greengate {

struct Date {
  int year = 0;
  int month = 1;
  int day = 1;
  auto operator<=>(const Date&) const = default;
  std::string str() const;  ///< YYYY-MM-DD
  static Date first_of_year(int y) { return Date{y, 1, 1}; }
};

/// Parses YYYY-MM-DD (a real calendar date); nullopt otherwise.
std::optional<Date> parse_date(std::string_view s);

enum class Status { verified, single_source, unverified };
std::string_view status_name(Status s);
std::optional<Status> parse_status(std::string_view s);

/// Where a value comes from and when it applies. valid_to is inclusive; empty = open-ended.
struct Provenance {
  std::string source;
  Date valid_from;
  std::optional<Date> valid_to;
  Status status = Status::unverified;
  std::string note;
  SourcePos pos;  ///< the data file and line that defined the value
  bool valid_on(Date d) const { return valid_from <= d && (!valid_to || d <= *valid_to); }
  std::string validity() const;  ///< "2026-01-01..2026-12-31" or "from 2026-01-01"
};

}  // namespace greengate
