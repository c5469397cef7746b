#pragma once
// The batch's hot-path line scanner: lines and their separators found 64 bytes at a time, and
// the field readers of the fast path (numbers, years, CN codes). Specialised for speed; tested
// field by field against the general CSV reader (text::read_csv; tests/unit/batch_test.cpp).

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "columns.hpp"
#include "greengate/model/firm_vocabulary.hpp"

namespace greengate::calc::batch {

namespace u = greengate::units;

GG_INLINE inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

enum class NumStatus { ok, empty, bad, negative };

constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                             1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

GG_INLINE inline NumStatus parse_number(std::string_view s, double& out) {
  if (s.empty()) return NumStatus::empty;
  // Plain decimals of at most 15 digits: the mantissa and 10^k are exact doubles, so one IEEE
  // division gives the correctly rounded value, the same double as from_chars (Clinger's fast path).
  {
    std::uint64_t m = 0;
    std::size_t i = 0, n = s.size();
    int digits = 0, frac = 0;
    while (i < n && static_cast<unsigned>(s[i] - '0') < 10) {
      m = m * 10 + static_cast<unsigned>(s[i] - '0');
      ++i;
      ++digits;
    }
    if (i < n && s[i] == '.') {
      ++i;
      while (i < n && static_cast<unsigned>(s[i] - '0') < 10) {
        m = m * 10 + static_cast<unsigned>(s[i] - '0');
        ++i;
        ++digits;
        ++frac;
      }
    }
    if (i == n && digits > 0 && digits <= 15) {
      out = static_cast<double>(m) / kPow10[frac];
      return NumStatus::ok;
    }
  }
  const char* b = s.data();
  const char* e = b + s.size();
  if (*b == '+') ++b;  // from_chars does not take a leading '+'
  auto r = std::from_chars(b, e, out);
  if (r.ec != std::errc() || r.ptr != e || !std::isfinite(out)) return NumStatus::bad;
  if (out < 0) return NumStatus::negative;
  return NumStatus::ok;
}

/// A number field of a block's line, as parse_number reads it, without a bound check per digit:
/// the digits run up to the first byte that is not one, which is the field's separator (',', the
/// line's '\r' or '\n', or the 0 after a block's unterminated last line: BlockReader keeps it
/// there). Plain decimals of at most 15 digits give the same double as parse_number's own fast
/// path (an exact integer over an exact power of ten); anything else is parse_number's to decide.
/// Only for views into a block whose byte after the view is its separator (not the slow path's
/// trimmed or unquoted copies).
GG_INLINE inline NumStatus block_number(std::string_view f, double& out) {
  const char* const b = f.data();
  const char* p = b;
  std::uint64_t m = 0;
  for (unsigned d; (d = static_cast<unsigned char>(*p) - static_cast<unsigned>('0')) < 10; ++p) m = m * 10 + d;
  const char* const int_end = p;
  if (*p == '.')
    for (unsigned d; (d = static_cast<unsigned char>(*++p) - static_cast<unsigned>('0')) < 10;) m = m * 10 + d;
  const auto len = static_cast<std::size_t>(p - b);
  const std::size_t digits = len - (p != int_end);  // the dot is not a digit
  if (len == f.size() && digits > 0 && digits <= 15) {
    out = static_cast<double>(m) / kPow10[p == int_end ? 0 : p - int_end - 1];
    return NumStatus::ok;
  }
  return parse_number(f, out);
}

// ---- line splitting ------------------------------------------------------------------------------

/// Bit i of `comma` / `nl` / `quote` is set when p[i] is ',' / '\n' / '"' (64 bytes from p; all
/// readable). `quote` also marks bytes of 0x80 and above: a line with any takes the slow path,
/// which checks that it is UTF-8 (issue 15, defect 9); plain-ASCII lines cost one OR more.
inline void separator_masks(const char* p, std::uint64_t& comma, std::uint64_t& nl, std::uint64_t& quote) {
#if defined(__SSE2__)
  const __m128i c = _mm_set1_epi8(','), n = _mm_set1_epi8('\n'), q = _mm_set1_epi8('"');
  std::uint64_t cm = 0, nm = 0, qm = 0;
  for (int i = 0; i < 4; ++i) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    cm |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, c)))) << (16 * i);
    nm |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, n)))) << (16 * i);
    // (a byte's top bit is set when it is '"' after the compare, or when it is 0x80 or above)
    qm |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, q), v))))
          << (16 * i);
  }
  comma = cm;
  nl = nm;
  quote = qm;
#else
  std::uint64_t cm = 0, nm = 0, qm = 0;
  for (int i = 0; i < 64; ++i) {
    cm |= static_cast<std::uint64_t>(p[i] == ',') << i;
    nm |= static_cast<std::uint64_t>(p[i] == '\n') << i;
    qm |= static_cast<std::uint64_t>(p[i] == '"' || (static_cast<unsigned char>(p[i]) & 0x80)) << i;
  }
  comma = cm;
  nl = nm;
  quote = qm;
#endif
}

constexpr int kMaxCommas = 63;  ///< lines with more fields take the slow path (at most 64 columns)

/// Calls f(s, e, starts, ncommas, quoted) for each line [s, e) of data[0, size) (e at the '\n' or
/// the end), with the start of each field after the first in starts[1..ncommas] (one past each
/// comma); stops when f returns false. f may write starts[0] and starts[ncommas + 1 ..
/// ncommas + 2] (kFieldSlots). `quoted` is true when the line may hold a '"' (the last quote seen is
/// not before s: a quote later in the same 64 bytes also counts, which only sends the line the slow
/// way). The separators of 64 bytes are found at once and walked bit by bit: no per-line memchr
/// call, no per-byte branch, and no pass of its own to look for quotes. Requires 64 readable bytes
/// after data + size (BlockReader::kPad).
constexpr std::size_t kFieldSlots = 64 + 3;
template <class F>
void for_each_line(const char* data, std::size_t size, F&& f) {
  // positions are written at 1 + nc % 64: a line with more commas takes the slow path, which splits
  // it again, so what the wrap overwrites is never read
  std::array<const char*, kFieldSlots> starts;
  static_assert(kMaxCommas < 64);
  unsigned nc = 0;
  const char* s = data;
  const char* last_quote = nullptr;
  for (std::size_t off = 0; off < size; off += 64) {
    std::uint64_t cm, nm, qm;
    separator_masks(data + off, cm, nm, qm);
    if (size - off < 64) {
      std::uint64_t keep = (1ULL << (size - off)) - 1;
      cm &= keep;
      nm &= keep;
      qm &= keep;
    }
    if (qm) last_quote = data + off + (63 - std::countl_zero(qm));
    const char* const chunk = data + off + 1;  // one past each separator
    for (; nm; nm &= nm - 1) {  // each line ending in these 64 bytes: its commas, then the line
      const std::uint64_t nl_bit = nm & (~nm + 1);
      for (std::uint64_t before = cm & (nl_bit - 1); before; before &= before - 1)
        starts[1 + nc++ % 64] = chunk + std::countr_zero(before);
      cm &= ~(nl_bit | (nl_bit - 1));
      const char* p = chunk - 1 + std::countr_zero(nl_bit);
      if (!f(s, p, starts.data(), static_cast<int>(nc), last_quote && last_quote >= s)) return;
      s = p + 1;
      nc = 0;
    }
    for (; cm; cm &= cm - 1) starts[1 + nc++ % 64] = chunk + std::countr_zero(cm);  // of a line going on
  }
  if (s < data + size) f(s, data + size, starts.data(), static_cast<int>(nc), last_quote && last_quote >= s);
}

/// The quarter of an import date "YYYY-MM-DD" or period "YYYY-Qn" in `year`; 0 when the text is
/// neither or names another year.
inline int import_quarter(std::string_view s, int year) {
  auto digits = [&](std::size_t from, std::size_t n, int& v) {
    v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    return true;
  };
  int y = 0;
  if (s.size() < 7 || !digits(0, 4, y) || s[4] != '-' || y != year) return 0;
  if (s.size() == 7 && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4') return s[6] - '0';
  int m = 0, d = 0;
  if (s.size() != 10 || s[7] != '-' || !digits(5, 2, m) || !digits(8, 2, d) || m < 1 || m > 12) return 0;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d < 1 || d > kDays[m - 1] || (m == 2 && d == 29 && !leap)) return 0;
  return (m - 1) / 3 + 1;
}

/// An IR 2025/2620 route indicator as a batch line may state it: one letter of the legend, or
/// several joined by '/' ("C/F"); the letters are the firm loader's (model::kRouteIndicators).
constexpr bool valid_route(std::string_view r) {
  if (r.empty()) return true;
  for (std::size_t i = 0; i < r.size(); ++i) {
    bool letter = model::is_route_indicator(r[i]);
    if (i % 2 == 0 ? !letter : r[i] != '/') return false;
  }
  return r.size() % 2 == 1;
}
static_assert(valid_route("A") && valid_route("L") && valid_route("C/F") && !valid_route("I") &&
              !valid_route("C/") && !valid_route("CF"));

/// The two usual spellings of a CN code, "76042910" and "7604 29 10", eight digits at once
/// (the SWAR parse of fast_float); false for any other text (then the loop decides).
GG_INLINE inline bool cn_fast(std::string_view s, std::uint32_t& out) {
  std::uint64_t v;
  if (s.size() == 8) {
    std::memcpy(&v, s.data(), 8);
  } else if (s.size() == 10 && s[4] == ' ' && s[7] == ' ') {
    std::uint32_t head;
    std::uint16_t mid, tail;
    std::memcpy(&head, s.data(), 4);
    std::memcpy(&mid, s.data() + 5, 2);
    std::memcpy(&tail, s.data() + 8, 2);
    v = head | (static_cast<std::uint64_t>(mid) << 32) | (static_cast<std::uint64_t>(tail) << 48);
  } else {
    return false;
  }
  if (std::endian::native != std::endian::little) return false;
  // every byte '0'..'9'
  if (((v & 0xF0F0F0F0F0F0F0F0ULL) | (((v + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) >> 4)) !=
      0x3333333333333333ULL)
    return false;
  v -= 0x3030303030303030ULL;
  v = (v * 10) + (v >> 8);
  v = (((v & 0x000000FF000000FFULL) * 0x000F424000000064ULL) +
       (((v >> 16) & 0x000000FF000000FFULL) * 0x0000271000000001ULL)) >> 32;
  out = static_cast<std::uint32_t>(v);
  return true;
}

}  // namespace greengate::calc::batch
