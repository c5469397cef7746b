#pragma once
// The sums of one declarant and import year (a worker's per block, and the run's).

#include <array>
#include <cstddef>
#include <cstdint>

#include "columns.hpp"

namespace greengate::calc::batch {

namespace u = greengate::units;

/// What each line adds to first (112 bytes, the ones a worker prefetches: at most three cache
/// lines), then the flag counts, which the pending lanes reach once every 32 767 lines and at the
/// block's end.
struct Agg {
  std::uint64_t lines = 0;
  std::uint64_t counted_lines = 0;  ///< lines whose mass counts for de minimis
  double mass_t = 0, embedded = 0, embedded_default = 0, faa = 0, art9 = 0;
  double cert_exemptible = 0, cost_exemptible = 0;  ///< goods the de minimis can exempt
  double cert_other = 0, cost_other = 0;            ///< electricity and hydrogen: never exempt
  /// Lines per flag not yet in `flags`: 16-bit lanes, four to a word (flag i in word i / 4, lane
  /// i % 4), added a whole word at a time (count_flags); moved to `flags` before a lane can fill.
  std::array<std::uint64_t, (kLineFlagCount + 3) / 4> pending{};
  static constexpr std::size_t kHotBytes = 112;  ///< the members above
  std::array<std::uint64_t, kLineFlagCount> flags{};
  void count_flags(unsigned line_flags);
  void settle() {
    for (int i = 0; i < kLineFlagCount; ++i) flags[i] += (pending[i / 4] >> (16 * (i % 4))) & 0xFFFF;
    pending.fill(0);
  }
  void add(const Agg& o) {
    lines += o.lines;
    counted_lines += o.counted_lines;
    mass_t += o.mass_t;
    embedded += o.embedded;
    embedded_default += o.embedded_default;
    faa += o.faa;
    art9 += o.art9;
    cert_exemptible += o.cert_exemptible;
    cost_exemptible += o.cost_exemptible;
    cert_other += o.cert_other;
    cost_other += o.cost_other;
    for (int i = 0; i < kLineFlagCount; ++i) flags[i] += o.flags[i];
  }
};

/// kNibbleLanes[n]: a one in lane i of a word for each bit i set in the four flags n; word w of
/// Agg::pending counts flags 4w..4w+3, so a line adds kNibbleLanes[(flags >> 4w) & 15] to it.
constexpr auto kNibbleLanes = [] {
  std::array<std::uint64_t, 16> t{};
  for (unsigned n = 0; n < t.size(); ++n)
    for (int i = 0; i < 4; ++i)
      if (n & (1u << i)) t[n] |= std::uint64_t{1} << (16 * i);
  return t;
}();

static_assert(offsetof(Agg, flags) == Agg::kHotBytes, "Agg: the per-line members first");

inline void Agg::count_flags(unsigned line_flags) {
  for (std::size_t w = 0; w < pending.size(); ++w) pending[w] += kNibbleLanes[(line_flags >> (4 * w)) & 15];
  if ((lines & 0x7FFF) == 0) settle();  // a lane holds at most 32 767 lines
}

}  // namespace greengate::calc::batch
