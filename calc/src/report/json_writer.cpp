#include "greengate/report/json_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "greengate/utf8.hpp"

namespace greengate::report {

namespace {
bool needs_escape(unsigned char c) { return c == '"' || c == '\\' || c < 0x20; }

/// Whether one of the eight bytes of w is '"', '\\', below 0x20 or 0x80 and above (then the
/// bytes are looked at one by one: escapes, and UTF-8 sequences checked). Exact "any byte" tests
/// (no false positive for the word as a whole): zero bytes of w ^ c, bytes below 0x20, high bits.
bool any_to_escape(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  const std::uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
  return ((((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w)) & highs) | (w & highs);
}

// Appends `s` escaped; runs of plain characters are copied in one go, and looked at eight bytes
// at a time (the web API's hot path: a quick-check answer is 2 kB of mostly plain text).
void append_escaped(std::string& out, std::string_view s) {
  const char* p = s.data();
  const std::size_t n = s.size();
  std::size_t run = 0, i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (!any_to_escape(w)) {
        i += 8;
        continue;
      }
    }
    auto c = static_cast<unsigned char>(p[i]);
    if (c >= 0x80) {
      // UTF-8 as it is; a byte that is not part of a well-formed character becomes U+FFFD, so
      // that the JSON is valid text whatever reached the writer (issue 15, defect 9).
      if (auto len = utf8::sequence_at(s, i)) {
        i += len;
        continue;
      }
      out.append(p + run, i - run);
      run = ++i;
      out += "\xEF\xBF\xBD";
      continue;
    }
    if (!needs_escape(c)) {
      ++i;
      continue;
    }
    out.append(p + run, i - run);
    run = ++i;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        static constexpr char hex[] = "0123456789abcdef";
        const char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        out.append(u, 6);
      }
    }
  }
  out.append(p + run, n - run);
}

}  // namespace

// %.15g: every digit a double carries for certain and none of the binary noise beyond them
// (254.1, never 254.10000000000002: issue 14), the same text as printf without its locale.
// Numbers typed with at most 15 significant digits read back as they were written.
void JsonWriter::append_number(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  // Whole numbers below 10^15 (quantities, zeros, years): %.15g writes their digits as they are.
  if (std::fabs(d) < 1e15 && d == static_cast<double>(static_cast<std::int64_t>(d))) {
    if (d == 0) {
      out += std::signbit(d) ? "-0" : "0";
      return;
    }
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(d));
    out.append(buf, r.ptr);
    return;
  }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::general, 15);
  out.append(buf, r.ptr);
}

std::string JsonWriter::escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_escaped(out, s);
  return out;
}

std::string JsonWriter::number(double d) {
  std::string out;
  append_number(out, d);
  return out;
}

void JsonWriter::newline() {
  if (!pretty_) return;
  out_ += '\n';
  out_.append(first_.size() * 2, ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
    newline();
  }
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  first_.push_back(true);
  return *this;
}
JsonWriter& JsonWriter::end_object() {
  bool empty = first_.back();
  first_.pop_back();
  if (!empty) newline();
  out_ += '}';
  return *this;
}
JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  first_.push_back(true);
  return *this;
}
JsonWriter& JsonWriter::end_array() { return end_object(), out_.back() = ']', *this; }
JsonWriter& JsonWriter::key(std::string_view k) {
  before_value();
  out_ += '"';
  append_escaped(out_, k);
  out_ += pretty_ ? "\": " : "\":";
  after_key_ = true;
  return *this;
}
JsonWriter& JsonWriter::raw_value(std::string_view json) {
  before_value();
  out_ += json;
  return *this;
}
JsonWriter& JsonWriter::plain_key(std::string_view k) {
  before_value();
  out_ += '"';
  out_ += k;
  out_ += pretty_ ? "\": " : "\":";
  after_key_ = true;
  return *this;
}
JsonWriter& JsonWriter::value(std::string_view s) {
  before_value();
  out_ += '"';
  append_escaped(out_, s);
  out_ += '"';
  return *this;
}
JsonWriter& JsonWriter::value(double d) {
  before_value();
  append_number(out_, d);
  return *this;
}
JsonWriter& JsonWriter::value(int i) {
  before_value();
  out_ += std::to_string(i);
  return *this;
}
JsonWriter& JsonWriter::value(long long i) {
  before_value();
  out_ += std::to_string(i);
  return *this;
}
JsonWriter& JsonWriter::value(bool b) {
  before_value();
  out_ += b ? "true" : "false";
  return *this;
}
JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

}  // namespace greengate::report
