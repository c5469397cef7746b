#pragma once
// Escaping for HTML, the one escape every page, decision record and report uses.

#include <string>
#include <string_view>

namespace greengate::text {

/// Escapes & < > " ' for element text and attribute values; a byte that is not part of valid
/// UTF-8 becomes U+FFFD, so no page or document ever holds invalid UTF-8.
std::string html_escape(std::string_view s);

}  // namespace greengate::text
