#pragma once
// The current time as people and exchange formats write it.

#include <string>

namespace greengate::text {

/// Now in UTC as an RFC 3339 date-time to the second: "2027-01-15T09:00:00Z" (PACT's `created`).
std::string utc_now_rfc3339();

}  // namespace greengate::text
