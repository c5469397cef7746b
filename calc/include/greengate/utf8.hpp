#pragma once
// UTF-8 text (RFC 3629): every text GreenGate reads is checked to be well-formed UTF-8 where it
// comes in (firm, factor and rule XML, declaration, applicant and price CSV, web form fields),
// with the line and column of the first bad byte; text is cut only between characters; and the
// JSON and HTML writers replace any byte that still is not UTF-8 by U+FFFD, so that no output is
// invalid text (issue 15, defects 8 and 9).
//
// Well-formed: no stray continuation bytes, no overlong forms, no surrogates (U+D800-DFFF), nothing
// above U+10FFFF.

#include <cstddef>
#include <string>
#include <string_view>

#include "greengate/error.hpp"

namespace greengate::utf8 {

/// Length (1-4) of the well-formed sequence starting at s[i], or 0 when the byte there does not
/// start one (i < s.size()).
std::size_t sequence_at(std::string_view s, std::size_t i);

/// Byte offset of the first byte that is not part of a well-formed sequence; npos when `s` is
/// all well-formed.
std::size_t invalid_at(std::string_view s);

/// The longest prefix of `s` no longer than `max_bytes` that ends between two characters.
std::string_view prefix(std::string_view s, std::size_t max_bytes);

/// `s` with each byte that is not part of a well-formed sequence replaced by U+FFFD.
std::string repair(std::string_view s);

/// 1-based line and column (in characters) of byte `offset` of `text` (all of it before `offset`
/// well-formed).
SourcePos position(std::string_view text, std::size_t offset, const std::string& file, int first_line = 1);

/// When `text` is not well-formed UTF-8: an error diagnostic at its file:line:column naming the
/// byte ("invalid UTF-8: byte 0xC3 does not start a character …"), and true.
bool report_invalid(std::string_view text, const std::string& file, Diagnostics& diags, int first_line = 1);

}  // namespace greengate::utf8
