#include "greengate/utf8.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace greengate::utf8 {

std::size_t sequence_at(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;        // overlong
    else if (c == 0xED) hi = 0x9F;   // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;        // overlong
    else if (c == 0xF4) hi = 0x8F;   // above U+10FFFF
  } else {
    return 0;  // a continuation byte, C0/C1 (overlong) or F5-FF
  }
  if (i + len > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  return len;
}

std::size_t invalid_at(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    // The common case, plain ASCII, eight bytes at a time (the data set's 844 kB of XML is
    // checked at every start).
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (!(w & 0x8080808080808080ULL)) {
        i += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    auto len = sequence_at(s, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string_view prefix(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t end = max_bytes;
  // Back up over continuation bytes to the start of the character that does not fit.
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

std::string repair(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto n = sequence_at(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.data() + i, n);
      i += n;
    }
  }
  return out;
}

SourcePos position(std::string_view text, std::size_t offset, const std::string& file, int first_line) {
  SourcePos p{file, first_line, 1};
  for (std::size_t i = 0; i < offset && i < text.size();) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
      ++i;
      continue;
    }
    auto n = sequence_at(text, i);
    i += n ? n : 1;
    ++p.column;
  }
  return p;
}

bool report_invalid(std::string_view text, const std::string& file, Diagnostics& diags, int first_line) {
  auto at = invalid_at(text);
  if (at == std::string_view::npos) return false;
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[at])));
  diags.error(position(text, at, file, first_line),
              std::string("invalid UTF-8: byte ") + byte +
                  " is not part of a well-formed character (save the file as UTF-8)");
  return true;
}

}  // namespace greengate::utf8
