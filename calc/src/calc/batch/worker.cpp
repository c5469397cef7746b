#include "worker.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "greengate/calc/line_rule.hpp"
#include "greengate/model/cn_code.hpp"
#include "greengate/units/unit_parser.hpp"
#include "greengate/utf8.hpp"
#include "line_scanner.hpp"
#include "lines_out.hpp"

namespace greengate::calc::batch {

namespace {

struct CnInfo {
  bool in_scope = false;
  bool electricity = false;
  bool indirect_counts = false;  ///< not an Annex II good
  int sector = 0;
};

// The reasons of the checks made in two places (Worker::line and Worker::apply).
// Bounds of absurd magnitudes (issue 15, defect 7; units::max_magnitude): a quantity of at most
// 1e12 t or 1e12 MWh (1e15 kg), SEE, SEFA and carbon price paid of at most 1e6 per unit. The fast
// path sends anything above 1e12 (or 1e6) to the slow path, which rejects it with its bound.
constexpr double kMaxFastQuantity = 1e12;
constexpr double kMaxPerUnit = 1e6;
static_assert(kMaxFastQuantity <= 1e12 && kMaxPerUnit <= 1e6, "the fast path must not admit more than the slow one");

// Catalogue keys (msg.batch.*, calc/i18n/report.*.properties): a Message is built only when a
// line is rejected, never on an accepted line.
constexpr const char* kUnknownCountry = "msg.batch.unknown_country";
constexpr const char* kElectricityMwh = "msg.batch.electricity_mwh";
constexpr const char* kMwhOnlyElectricity = "msg.batch.mwh_only_electricity";
constexpr const char* kNegative = "msg.batch.negative";
constexpr const char* kBadNumber = "msg.batch.bad_number";

}  // namespace

/// One thread's work on blocks of lines. A line is either taken by the fast path — phase 1
/// (parse: split, fields, numbers, declarant and route ids; no engine data) then phase 2 (apply:
/// country and unit checks, key lookup, sums) — or, when anything about it is unusual (quotes, a
/// wrong field count, a value that fails a check), by `line`, which makes every check in the
/// documented order and words the reject. Both end in `account`, so a line gives the same numbers
/// whichever path it took.
class Worker::Impl {
 public:
  Impl(const Shared& sh, Declarants& decl) : sh_(sh), decl_(decl) {
    route_ids_.add("", hash_bytes(""));
    for (int c = 0; c < col_count; ++c) {
      const int f = sh.col_field[static_cast<std::size_t>(c)];
      field_of_[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(f >= 0 && f <= kMaxCommas ? f : std::min(sh.nfields, kMaxCommas + 1));
    }
    field_col_.fill(-1);
    for (int c = 0; c < col_count; ++c)
      if (int f = sh.col_field[static_cast<std::size_t>(c)]; f >= 0 && f < 64) field_col_[static_cast<std::size_t>(f)] = c;
  }

  /// Both phases (the engine data are loaded), a chunk of lines at a time: see apply_recs.
  void process(const Block& b, BlockOut& out) {
    begin(b, out);
    const char* base = b.data;
    if (!Worker::parsable(b)) {  // offsets do not fit LineRec: one line at a time, the slow way
      std::uint64_t rel = 0;
      for_each_line(base, b.size, [&](const char* s, const char* e, const char**, int, bool) {
        if (line(s, e, ++rel)) return true;
        out.strict_stop = true;
        return false;
      });
      finish(rel, out);
      return;
    }
    chunk_.recs.clear();
    chunk_.slow.clear();
    std::uint64_t rel = 0;
    std::uint32_t stopped = 0;
    for_each_line(base, b.size, [&](const char* s, const char* e, const char** starts, int nc, bool quoted) {
      add(s, e, starts, nc, quoted, static_cast<std::uint32_t>(++rel), base, chunk_);
      if (chunk_.recs.size() < kChunk) return true;
      stopped = apply_recs(chunk_, base);
      chunk_.recs.clear();
      chunk_.slow.clear();
      return stopped == 0;
    });
    if (!stopped) stopped = apply_recs(chunk_, base);
    if (stopped) {
      out.strict_stop = true;
      finish(stopped, out);
    } else {
      finish(rel, out);
    }
  }

  /// Phase 1 only, while the data set loads: `p.block` must be filled and parsable.
  void parse_block(Parsed& p) {
    const Block& b = p.block;
    const char* base = b.data;
    std::uint32_t rel = 0;
    p.recs.reserve(b.size / 48 + 64);  // ~50 bytes a line: no regrowth to twice the size
    for_each_line(base, b.size, [&](const char* s, const char* e, const char** starts, int nc, bool quoted) {
      add(s, e, starts, nc, quoted, ++rel, base, p);
      return true;
    });
    p.lines = rel;
  }

  /// Phase 2 of a block parsed by parse_block.
  void process_parsed(const Parsed& p, BlockOut& out) {
    begin(p.block, out);
    if (std::uint32_t stopped = apply_recs(p, p.block.data)) {
      out.strict_stop = true;
      finish(stopped, out);  // as process: the lines up to the one that stopped the run
    } else {
      finish(p.lines, out);
    }
  }

  /// Between blocks, with no parsed lines pending: once this worker has met more than
  /// kMaxLocalDeclarants declarants, forget them (ids, cache, year slots), so that its tables
  /// stay bounded whatever the number of declarants in the run; they are met again as new.
  void forget_declarants_if_many() {
    if (local_.size() <= Worker::kMaxLocalDeclarants) return;
    local_ = StringIds();
    gids_.clear();
    year_slot_.clear();
    decl_cache_.fill(DeclCache{});
  }

  /// Bit (year − kFirstYear) × 5 + quarter: import periods met without a price.
  std::uint64_t missing_price_periods() const { return missing_periods_; }

 private:
  enum class Parse { blank, fast, slow };

  void begin(const Block& b, BlockOut& out) {
    out.index = b.index;
    out.bytes = b.size;
    out_ = &out;
    block_first_line_ = b.first_line;
  }
  void finish(std::uint64_t lines, BlockOut& out) {
    out.lines = lines;
    finish_sums(out);
  }
  // hand over this block's sums and reset them
  // (the block's buckets were made in the order of touched_: bucket i is aggs_[i])
  void finish_sums(BlockOut& out) {
    out.deltas.reserve(touched_.size());
    for (std::size_t i = 0; i < touched_.size(); ++i) {
      const std::uint32_t ys = touched_[i];
      aggs_[i].settle();
      out.deltas.emplace_back(gids_[ys / kYears] * static_cast<std::uint32_t>(kYears) + ys % kYears, aggs_[i]);
      year_slot_[ys] = kNoSlot;
    }
    touched_.clear();
    aggs_.clear();
  }

  /// Phase 1 of the line [s, e). `slow` when the line needs `line` (quotes, field count, a value
  /// that some check rejects); then nothing has been recorded for it.
  /// `starts` (for_each_line) holds the start of each of the line's fields after the first
  /// (starts[1..nc]); parse adds the first field's start and the line's end, so that field f is
  /// [starts[f], starts[f + 1] − 1) whatever the column order, and a column absent from the header
  /// reads the empty field at index nfields (field_of_). Every layout takes this one path: the
  /// positions come from a table made from the header, the same few loads for any order.
  GG_INLINE Parse parse(const char* s, const char* e, const char** starts, int nc, bool quoted, LineRec& r) {
    const char* le = e;  // the line without its '\r'
    if (le > s && le[-1] == '\r') --le;
    if (le == s) return Parse::blank;
    if (quoted || nc + 1 != sh_.nfields || nc > kMaxCommas) return Parse::slow;
    starts[0] = s;
    starts[nc + 1] = le + 1;  // (le + 1 and le + 2 lie within the block's padding)
    starts[nc + 2] = le + 2;  // the empty field of absent columns: [le + 1, le + 1)
    // Fields as written, all read before anything is stored. A blank at either end fails the
    // field's own check below (digits, capitals, units, numbers, dates) and the line goes the slow
    // way, which trims; the declarant and the route are checked for blanks explicitly.
    auto field = [&](int c) GG_INLINE -> std::string_view {
      const int f = field_of_[static_cast<std::size_t>(c)];
      const char* b = starts[f];
      return {b, static_cast<std::size_t>(starts[f + 1] - 1 - b)};
    };
    const std::string_view decl = field(col_declarant), ys = field(col_year), cn = field(col_cn),
                           org = field(col_origin), qty = field(col_quantity), unit = field(col_unit),
                           see_d = field(col_see_direct), see_i = field(col_see_indirect),
                           cpp = field(col_carbon_price_paid), sefa = field(col_sefa), route = field(col_route),
                           when = field(col_import_date);
    if (decl.empty() || cn.empty() || qty.empty()) return Parse::slow;
    if (static_cast<unsigned char>(decl.front()) <= ' ' || static_cast<unsigned char>(decl.back()) <= ' ')
      return Parse::slow;
    // year: four digits in the definitive period (kFirstYear..kLastYear)
    if (ys.size() != 4) return Parse::slow;
    std::uint32_t yw;  // four digits at once: each byte '0'..'9', then the value
    std::memcpy(&yw, ys.data(), 4);
    if (std::endian::native != std::endian::little ||
        ((yw & 0xF0F0F0F0u) | (((yw + 0x06060606u) & 0xF0F0F0F0u) >> 4)) != 0x33333333u)
      return Parse::slow;
    yw -= 0x30303030u;
    // "20yy": the years of the tables (kFirstYear..kLastYear) as an index from the last two digits
    static_assert(kFirstYear >= 2000 && kLastYear <= 2099);
    if ((yw & 0xFFFF) != 0x0002) return Parse::slow;
    const unsigned year_index = ((yw >> 16) & 0xFF) * 10 + (yw >> 24) - (kFirstYear - 2000);
    if (year_index >= static_cast<unsigned>(kYears)) return Parse::slow;
    r.year = static_cast<std::uint8_t>(year_index);
    const int year = kFirstYear + static_cast<int>(year_index);
    // cn_code: 8 digits, spaces and dots allowed
    std::uint32_t cn_code = 0;
    std::uint8_t taric = 0;
    if (!cn_fast(cn, cn_code)) {
      std::uint64_t code = 0;
      int digits = 0;
      for (char ch : cn) {
        auto d = static_cast<unsigned>(ch - '0');
        if (d <= 9) {
          code = code * 10 + d;
          ++digits;
        } else if (ch != ' ' && ch != '.') {
          return Parse::slow;
        }
      }
      if (digits == 10) {  // a TARIC code: the CN code and the line's two digits
        taric = static_cast<std::uint8_t>(code % 100 + 1);
        code /= 100;
      } else if (digits != 8) {
        return Parse::slow;
      }
      cn_code = static_cast<std::uint32_t>(code);
    }
    // origin: two capitals (whether the country is known needs the data: apply)
    if (org.size() != 2 || org[0] < 'A' || org[0] > 'Z' || org[1] < 'A' || org[1] > 'Z') return Parse::slow;
    r.origin = static_cast<std::uint16_t>((org[0] - 'A') * 26 + (org[1] - 'A'));
    if (block_number(qty, r.qty) != NumStatus::ok) return Parse::slow;
    if (r.qty > kMaxFastQuantity) return Parse::slow;  // the slow path bounds it per unit
    if (unit.size() == 1 && unit[0] == 't') r.unit = unit_t;
    else if (unit.size() == 2 && unit[0] == 'k' && unit[1] == 'g') r.unit = unit_kg;
    else if (unit.size() == 3 && unit[0] == 'M' && unit[1] == 'W' && unit[2] == 'h') r.unit = unit_mwh;
    else return Parse::slow;
    std::uint8_t has = 0;
    auto opt = [&](std::string_view f, double& v, std::uint8_t bit) GG_INLINE {
      if (f.empty()) return true;  // the usual optional field
      switch (block_number(f, v)) {
        case NumStatus::ok: has |= bit; return v <= kMaxPerUnit;
        case NumStatus::empty: return true;
        default: return false;
      }
    };
    if (!opt(see_d, r.see_d, has_see_d) || !opt(see_i, r.see_i, has_see_i) || !opt(cpp, r.cpp, has_cpp) ||
        !opt(sefa, r.sefa, has_sefa))
      return Parse::slow;
    r.has = has;
    if (!route.empty() &&
        (static_cast<unsigned char>(route.front()) <= ' ' || static_cast<unsigned char>(route.back()) <= ' '))
      return Parse::slow;
    std::uint32_t rid = 0;
    if (!route.empty()) {
      if (!valid_route(route)) return Parse::slow;
      rid = route_id(route);
    }
    if (!when.empty()) {
      int q = import_quarter(when, year);
      if (q == 0) return Parse::slow;
      r.quarter = static_cast<std::uint8_t>(q);
    }
    r.lid = declarant(decl);
    const bool actual = has & (has_see_d | has_see_i);
    r.key = key_of(cn_code, actual ? 0 : r.origin, r.year, actual, rid, taric);
    return Parse::fast;
  }

  /// Phase 1 of line `rel` [s, e) of the block at `base`, appended to `to`.
  void add(const char* s, const char* e, const char** starts, int nc, bool quoted, std::uint32_t rel,
           const char* base, Parsed& to) {
    LineRec& r = to.recs.emplace_back();  // parsed in place; taken back for a blank line
    switch (parse(s, e, starts, nc, quoted, r)) {
      case Parse::blank: to.recs.pop_back(); return;
      case Parse::fast: break;
      case Parse::slow:
        r.has = has_slow;
        r.lid = static_cast<std::uint32_t>(to.slow.size());
        to.slow.emplace_back(static_cast<std::uint32_t>(s - base), static_cast<std::uint32_t>(e - base));
        break;
    }
    r.rel = rel;
  }

  /// Phase 2 of parsed lines, in order. The key table and the sums are too large for L1 and each
  /// line needs one entry of each at random: the entries of the line kPrefetch ahead are fetched
  /// while this one is computed. Returns the line that stopped the run (strict mode), else 0.
  std::uint32_t apply_recs(const Parsed& p, const char* base) {
    const std::size_t n = p.recs.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (i + kPrefetch < n) {
        const LineRec& ahead = p.recs[i + kPrefetch];
        if (!(ahead.has & has_slow)) {
          key_map_.prefetch(ahead.key);
          std::uint32_t slot = year_slot_[static_cast<std::size_t>(ahead.lid) * kYears + ahead.year];
          if (slot != kNoSlot) {  // the per-line members: 112 bytes, so three points 56 apart
            const char* a = reinterpret_cast<const char*>(&aggs_[slot]);
            __builtin_prefetch(a);
            __builtin_prefetch(a + Agg::kHotBytes / 2);
            __builtin_prefetch(a + Agg::kHotBytes - 1);
          }
        }
      }
      const LineRec& r = p.recs[i];
      bool ok = r.has & has_slow ? line(base + p.slow[r.lid].first, base + p.slow[r.lid].second, r.rel)
                                 : apply(r);
      if (!ok) return r.rel;
    }
    return 0;
  }

  /// Phase 2 of a fast line: the checks that need the engine data, in `line`'s order, then the sums.
  GG_INLINE bool apply(const LineRec& r) {
    ++out_->data_lines;
    if (!sh_.country_ok[r.origin]) {
      const char org[2] = {static_cast<char>('A' + r.origin / 26), static_cast<char>('A' + r.origin % 26)};
      return reject(r.rel, "origin", std::string_view(org, 2), kUnknownCountry);
    }
    const KeyInfo& k = sh_.origin_outside[r.origin] ? outside_cbam(key_cn(r.key)) : key_info(r.key);
    double q = 0;
    if (r.unit == unit_mwh) {
      if (!k.electricity) return reject(r.rel, "unit", kUnitText[r.unit], kMwhOnlyElectricity);
      q = u::in_megawatt_hours(u::megawatt_hours(r.qty));
    } else {
      if (k.electricity) return reject(r.rel, "unit", kUnitText[r.unit], kElectricityMwh);
      q = r.unit == unit_t ? r.qty : u::in_tonnes(u::kilograms(r.qty));
    }
    account(r.rel, r.lid, kFirstYear + r.year, r.quarter, r.key, r.origin, k, q, r.see_d, r.see_i, r.cpp,
            r.sefa, r.has);
    return true;
  }

  // The slow path: every check, in order, with its reject. false: stop (strict mode, bad line).
  bool line(const char* s, const char* e, std::uint64_t rel) {
    if (e > s && e[-1] == '\r') --e;
    if (e == s) return true;  // blank line
    // Text must be UTF-8 (outputs echo it): the line is rejected at the first bad byte.
    if (auto bad = utf8::invalid_at(std::string_view(s, static_cast<std::size_t>(e - s))); bad != std::string_view::npos) {
      ++out_->data_lines;
      auto pos = utf8::position(std::string_view(s, static_cast<std::size_t>(e - s)), bad, "");
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(s[bad])));
      return reject(rel, "", "", text::Message::of("msg.batch.invalid_utf8", {text::txt(byte), text::txt(std::to_string(pos.column))}));
    }
    auto& fv = fv_;  // columns absent from the header stay empty
    int n = 0;
    const int want = sh_.nfields;
    if (std::memchr(s, '"', static_cast<std::size_t>(e - s))) {
      n = split_quoted(s, e, raw_);
    } else {
      for (const char* c = s;; ++c) {
        const char* f = c;
        while (c < e && *c != ',') ++c;
        if (n < static_cast<int>(raw_.size())) raw_[static_cast<std::size_t>(n)] = std::string_view(f, static_cast<std::size_t>(c - f));
        ++n;
        if (c >= e) break;
      }
    }
    for (int i = 0; i < std::min(n, want); ++i)
      if (int c = field_col_[static_cast<std::size_t>(i)]; c >= 0) fv[static_cast<std::size_t>(c)] = trim(raw_[static_cast<std::size_t>(i)]);
    if (n != want) {
      if (n == 1 && trim(std::string_view(s, static_cast<std::size_t>(e - s))).empty()) return true;
      ++out_->data_lines;
      return reject(rel, "", "", text::Message::of("msg.batch.field_count", {text::txt(std::to_string(want)), text::txt(std::to_string(n))}));
    }
    ++out_->data_lines;
    for (int c = 0; c < kRequired; ++c)
      if (fv[c].empty()) return reject(rel, kColNames[c], "", text::Message::of("msg.batch.missing_value"));

    // year
    std::string_view ys = fv[col_year];
    int year = 0;
    {
      auto r = std::from_chars(ys.data(), ys.data() + ys.size(), year);
      if (r.ec != std::errc() || r.ptr != ys.data() + ys.size())
        return reject(rel, "year", ys, text::Message::of("msg.batch.year_format", {text::txt(sh_.ctx->data.period.text())}));
      if (year < kFirstYear || year > kLastYear)
        return reject(rel, "year", ys, text::Message::of("msg.batch.year_outside", {text::txt(sh_.ctx->data.period.text())}));
    }
    // cn_code: 8 digits (or a 10-digit TARIC code), spaces (and dots) allowed
    std::uint32_t cn = 0;
    std::uint8_t taric = 0;
    {
      int digits = 0;
      bool ok = true;
      std::uint64_t code = 0;
      for (char ch : fv[col_cn]) {
        if (ch >= '0' && ch <= '9') {
          code = code * 10 + static_cast<std::uint64_t>(ch - '0');
          ++digits;
        } else if (ch != ' ' && ch != '.') {
          ok = false;
          break;
        }
      }
      if (!ok || (digits != 8 && digits != 10))
        return reject(rel, "cn_code", fv[col_cn], text::Message::of("msg.batch.cn_format"));
      if (digits == 10) {
        taric = static_cast<std::uint8_t>(code % 100 + 1);
        code /= 100;
      }
      cn = static_cast<std::uint32_t>(code);
    }
    // origin
    std::string_view org = fv[col_origin];
    int origin = -1;
    if (org.size() == 2 && org[0] >= 'A' && org[0] <= 'Z' && org[1] >= 'A' && org[1] <= 'Z')
      origin = (org[0] - 'A') * 26 + (org[1] - 'A');
    if (origin < 0 || !sh_.country_ok[static_cast<std::size_t>(origin)])
      return reject(rel, "origin", org, text::Message::of(kUnknownCountry));
    // quantity and unit
    double qty = 0;
    switch (parse_number(fv[col_quantity], qty)) {
      case NumStatus::ok: break;
      case NumStatus::negative: return reject(rel, "quantity", fv[col_quantity], text::Message::of(kNegative));
      default: return reject(rel, "quantity", fv[col_quantity], text::Message::of(kBadNumber));
    }
    const CnInfo& ci = cn_info(cn);
    std::string_view unit = fv[col_unit];
    double q = 0;  // t, or MWh for electricity
    if (unit == "t" || unit == "kg") {
      if (ci.electricity) return reject(rel, "unit", unit, text::Message::of(kElectricityMwh));
      q = unit == "t" ? qty : u::in_tonnes(u::kilograms(qty));
    } else if (unit == "MWh") {
      if (!ci.electricity) return reject(rel, "unit", unit, text::Message::of(kMwhOnlyElectricity));
      q = u::in_megawatt_hours(u::megawatt_hours(qty));
    } else {
      return reject(rel, "unit", unit, text::Message::of("msg.batch.unknown_unit"));
    }
    // absurd magnitudes (which would also overflow the sums): the bounds of units::max_magnitude
    if (ci.electricity ? q > units::max_in("MWh") : q > units::max_in("t"))
      return reject(rel, "quantity", fv[col_quantity],
                    text::Message::of("msg.batch.quantity_bound",
                                      {text::txt(units::max_magnitude_text(ci.electricity ? units::Dimension::energy
                                                                                          : units::Dimension::mass))}));
    // optional numbers
    double see_d = 0, see_i = 0, cpp = 0, sefa = 0;
    std::uint8_t has = 0;
    if (!opt_number(rel, col_see_direct, fv, see_d, has, has_see_d)) return !sh_.opt.strict;
    if (!opt_number(rel, col_see_indirect, fv, see_i, has, has_see_i)) return !sh_.opt.strict;
    if (!opt_number(rel, col_carbon_price_paid, fv, cpp, has, has_cpp)) return !sh_.opt.strict;
    if (!opt_number(rel, col_sefa, fv, sefa, has, has_sefa)) return !sh_.opt.strict;
    if (!valid_route(fv[col_route]))
      return reject(rel, "route", fv[col_route],
                    text::Message::of("msg.batch.route"));
    int quarter = 0;
    if (!fv[col_import_date].empty()) {
      quarter = import_quarter(fv[col_import_date], year);
      if (quarter == 0)
        return reject(rel, "import_date", fv[col_import_date],
                      text::Message::of("msg.batch.import_date", {text::txt(std::to_string(year))}));
    }
    bool actual = has & (has_see_d | has_see_i);
    const std::uint64_t key = key_of(cn, actual ? 0 : origin, year - kFirstYear, actual, route_id(fv[col_route]), taric);
    const KeyInfo& k = sh_.origin_outside[static_cast<std::size_t>(origin)] ? outside_cbam(cn) : key_info(key);
    account(rel, declarant(fv[col_declarant]), year, quarter, key, static_cast<std::uint16_t>(origin), k, q, see_d,
            see_i, cpp, sefa, has);
    return true;
  }

  /// A line that passed every check: its bucket's sums, flags and --lines-out row.
  /// `key`: its key_of; `origin`: (A..Z)·26 + (A..Z), as LineRec::origin.
  GG_INLINE void account(std::uint64_t rel, std::uint32_t lid, int year, int quarter, std::uint64_t key,
                         std::uint16_t origin, const KeyInfo& k, double q, double see_d, double see_i, double cpp,
                         double sefa, std::uint8_t has) {
    const bool actual = has & (has_see_d | has_see_i);

    // ---- the declarant-year bucket
    const std::size_t ys = static_cast<std::size_t>(lid) * kYears + static_cast<std::size_t>(year - kFirstYear);
    std::uint32_t& slot = year_slot_[ys];
    if (slot == kNoSlot) {  // the bucket's first line in this block
      slot = static_cast<std::uint32_t>(aggs_.size());
      aggs_.emplace_back();
      touched_.push_back(static_cast<std::uint32_t>(ys));
    }
    Agg& a = aggs_[slot];
    ++a.lines;

    // ---- the line: the one line rule on the key's terms (line_rule.hpp)
    const PeriodPrice& pp = sh_.years[static_cast<std::size_t>(year - kFirstYear)].price[static_cast<std::size_t>(quarter)];
    if (k.in_scope) {
      if (k.counts_mass) {
        a.mass_t += q;
        ++a.counted_lines;
      }
      if (!pp.ok) missing_periods_ |= std::uint64_t{1} << ((year - kFirstYear) * 5 + quarter);
    }
    LineNumbers n;
    n.quantity = q;
    n.actual = actual;
    if (actual) {
      const double counted = see_d + (k.indirect_counts ? see_i : 0.0);
      n.see_actual = k.electricity ? u::in_tco2e_per_megawatt_hour(u::tco2e_per_megawatt_hour(counted)) : counted;
    }
    if (has & has_sefa) {
      n.own_sefa = LineNumbers::OwnSefa::given;
      n.sefa = sefa;
    }
    n.carbon_price_paid = has & has_cpp ? cpp : 0.0;
    const LineAmounts la = line_amounts(k, n, pp.price, pp.flags);
    if (la.computed) {
      const MoneyAmounts& m = la.money;
      a.embedded += m.embedded_tco2e;
      if (!actual) a.embedded_default += m.embedded_tco2e;
      a.faa += m.faa_tco2e;
      a.art9 += m.art9_tco2e;
      if (k.counts_mass) {
        a.cert_exemptible += m.certificates;
        a.cost_exemptible += m.cost_eur;
      } else {
        a.cert_other += m.certificates;
        a.cost_other += m.cost_eur;
      }
    }
    // one table row added per line: a count for each flag, without a branch or a loop over the bits
    a.count_flags(la.flags);
    if (sh_.opt.lines_out)
      write_row(rel, lid, year, quarter, key_cn(key), key_taric(key), origin, q, k,
                !k.in_scope ? "" : actual ? "actual" : "default", la, pp.price);
  }

  bool opt_number(std::uint64_t rel, int col, const std::array<std::string_view, col_count>& fv,
                  double& v, std::uint8_t& has, std::uint8_t bit) {
    switch (parse_number(fv[col], v)) {
      case NumStatus::ok:
        if (v > kMaxPerUnit) {
          reject(rel, kColNames[col], fv[col],
                 text::Message::of("msg.batch.value_bound",
                                   {text::txt(col == col_carbon_price_paid ? units::max_magnitude_text(units::Dimension::price)
                                                                           : units::max_magnitude_text(units::Dimension::intensity))}));
          return false;
        }
        has |= bit;
        return true;
      case NumStatus::empty: return true;
      case NumStatus::negative: reject(rel, kColNames[col], fv[col], text::Message::of(kNegative)); return false;
      default:
        reject(rel, kColNames[col], fv[col], text::Message::of(kBadNumber));
        return false;
    }
  }

  // CSV fields with "quoted" values ("" inside quotes is one quote). Returns the field count.
  int split_quoted(const char* s, const char* e, std::array<std::string_view, 64>& raw) {
    quoted_.clear();
    quoted_.reserve(static_cast<std::size_t>(e - s));  // views into quoted_ stay valid
    int n = 0;
    const char* c = s;
    for (;;) {
      std::size_t start = quoted_.size();
      while (c < e && (*c == ' ' || *c == '\t')) ++c;
      if (c < e && *c == '"') {
        ++c;
        while (c < e) {
          if (*c == '"') {
            if (c + 1 < e && c[1] == '"') {
              quoted_ += '"';
              c += 2;
              continue;
            }
            ++c;
            break;
          }
          quoted_ += *c++;
        }
      }
      while (c < e && *c != ',') quoted_ += *c++;
      if (n < static_cast<int>(raw.size())) raw[n] = std::string_view(quoted_.data() + start, quoted_.size() - start);
      ++n;
      if (c >= e) break;
      ++c;  // the comma
    }
    return n;
  }

  // Out of line and cold: the fast path (apply) only passes a key, so no Message is built inline there.
  [[gnu::cold, gnu::noinline]] bool reject(std::uint64_t rel, std::string_view column, std::string_view value,
                                           const char* key) {
    return reject(rel, column, value, text::Message::of(key));
  }
  [[gnu::cold, gnu::noinline]] bool reject(std::uint64_t rel, std::string_view column, std::string_view value,
                                           text::Message reason) {
    out_->rejects.push_back({rel, std::string(column), std::string(value), std::move(reason)});
    return !sh_.opt.strict;
  }

  /// The worker's id of a declarant (gids_ maps it to the run's id).
  GG_INLINE std::uint32_t declarant(std::string_view name) {
    // EORI-like names of 8-16 bytes: a direct-mapped cache holding the name's two (overlapping)
    // words, so a hit is one cache line and no division; StringIds is the authority behind it.
    const std::size_t n = name.size();
    std::uint64_t w1 = 0, w2 = 0;
    DeclCache* slot = nullptr;
    if (n >= 8 && n <= 16) {
      std::memcpy(&w1, name.data(), 8);
      std::memcpy(&w2, name.data() + n - 8, 8);
      slot = &decl_cache_[((w1 * 0x9E3779B97F4A7C15ULL) ^ (w2 * 0xC2B2AE3D27D4EB4FULL) ^ n) >> (64 - kDeclCacheBits)];
      if (slot->w1 == w1 && slot->w2 == w2 && slot->len == n) return slot->lid;
    }
    std::uint64_t h = hash_bytes(name);
    std::uint32_t lid = local_.find(name, h);
    if (lid == StringIds::kNone) {
      lid = local_.add(name, h);
      gids_.push_back(decl_.id(name, h));
      year_slot_.resize(year_slot_.size() + kYears, kNoSlot);
    }
    if (slot) *slot = {w1, w2, static_cast<std::uint32_t>(n), lid};
    return lid;
  }

  const CnInfo& cn_info(std::uint32_t cn) {
    if (const auto* i = cn_map_.find(cn)) return *i;
    CnInfo ci;
    char digits[8];
    cn_digits(cn, digits);
    auto sc = sh_.ctx->data.scope.check(std::string_view(digits, 8));
    ci.in_scope = sc.in_scope;
    if (sc.in_scope && sc.entry) {
      ci.sector = static_cast<int>(sc.entry->sector);
      ci.electricity = sc.entry->sector == model::Sector::electricity;
      ci.indirect_counts = !sc.entry->direct_only;
    }
    return cn_map_.insert(cn, ci);
  }

  /// The terms of a good from an origin outside CBAM: out of scope, in MWh when it is electricity.
  __attribute__((noinline, cold)) const KeyInfo& outside_cbam(std::uint32_t cn) {
    return cn_info(cn).electricity ? kOriginOutsideCbamElectricity : kOriginOutsideCbam;
  }

  std::uint32_t route_id(std::string_view r) {
    if (r.empty()) return 0;
    std::uint64_t h = hash_bytes(r);
    auto id = route_ids_.find(r, h);
    return id != StringIds::kNone ? id : route_ids_.add(r, h);
  }

  // A line's key: (cn, origin, year, actual values or not, TARIC line, route); origin 0 for
  // actual values. Routes are validated (valid_route), so their ids fit 15 bits.
  static std::uint64_t key_of(std::uint32_t cn, int origin, int year_index, bool actual, std::uint64_t rid,
                              std::uint8_t taric) {
    return static_cast<std::uint64_t>(cn) | (static_cast<std::uint64_t>(origin) << 27) |
           (static_cast<std::uint64_t>(year_index) << 37) | (static_cast<std::uint64_t>(actual) << 41) |
           (static_cast<std::uint64_t>(taric) << 42) | (rid << 49);
  }
  static std::uint32_t key_cn(std::uint64_t key) { return static_cast<std::uint32_t>(key & ((1u << 27) - 1)); }
  static std::uint8_t key_taric(std::uint64_t key) { return static_cast<std::uint8_t>((key >> 42) & 127); }
  GG_INLINE const KeyInfo& key_info(std::uint64_t key) {
    if (const auto* k = key_map_.find(key)) return *k;
    return new_key(key);
  }
  __attribute__((noinline)) const KeyInfo& new_key(std::uint64_t key) {
    auto origin = static_cast<int>((key >> 27) & 1023);
    auto year = kFirstYear + static_cast<int>((key >> 37) & 15);
    bool actual = (key >> 41) & 1;
    auto rid = static_cast<std::uint32_t>(key >> 49);
    return key_map_.insert(key, make_key(key_cn(key), origin, year, actual, route_ids_.name(rid), key_taric(key)));
  }

  KeyInfo make_key(std::uint32_t cn, int origin, int year, bool actual, std::string_view route_in,
                   std::uint8_t taric) {
    const CnInfo& ci = cn_info(cn);
    const YearInfo& yi = sh_.years[static_cast<std::size_t>(year - kFirstYear)];
    char digits[8];
    cn_digits(cn, digits);
    // compute_line's look-ups, through this worker's caches
    struct Sources final : LineSources {
      Impl& w;
      const YearInfo& yi;
      std::uint32_t cn;
      std::uint8_t taric;
      int origin, year;
      std::string_view cns, route;
      Sources(Impl& w_, const YearInfo& yi_, std::uint32_t cn_, std::uint8_t taric_, int origin_, int year_,
              std::string_view cns_, std::string_view route_)
          : w(w_), yi(yi_), cn(cn_), taric(taric_), origin(origin_), year(year_), cns(cns_), route(route_) {}
      DefaultTerm default_value() override {  // default_with_markup: the default and its sector's mark-up
        const DefaultInfo& d = w.default_info(cn, taric, origin, route);
        DefaultTerm t;
        const auto& markup = yi.markup[static_cast<std::size_t>(d.sector)];
        if (!d.found || !markup) return t;
        t.found = true;
        t.marked_up_total = d.total * (1.0 + *markup);
        t.route = d.route;
        return t;
      }
      BenchmarkTerm benchmark(std::string_view default_route) override {
        const BenchInfo& b = w.bench_info(cns, route, default_route, year);
        return {b.found, b.intensity, b.provisional, b.carried_forward};
      }
    } sources(*this, yi, cn, taric, origin, year, std::string_view(digits, 8), route_in);
    KeyInfo k;
    static_cast<LineTerms&>(k) = line_terms(yi.params, ci.in_scope, ci.electricity, actual, sources);
    if (!ci.in_scope) return k;
    k.indirect_counts = ci.indirect_counts;
    k.counts_mass = yi.counts_mass[static_cast<std::size_t>(ci.sector)];
    return k;
  }

  // The keys share their look-ups: a default value depends on (cn, origin, route) and not on the
  // year or the line's kind, a benchmark on (cn, route, year) and not on the origin. A worker
  // meets a few thousand keys; these caches make that ≈ 500 default and ≈ 100 benchmark look-ups.
  struct DefaultInfo {
    bool found = false;
    int sector = 0;
    units::EmissionIntensity total;
    std::string route;  ///< of the cell used
  };
  struct BenchInfo {
    bool found = false;
    units::EmissionIntensity intensity;  ///< Column B
    bool provisional = false, carried_forward = false;
  };
  const DefaultInfo& default_info(std::uint32_t cn, std::uint8_t taric, int origin, std::string_view route_in) {
    std::string key(reinterpret_cast<const char*>(&cn), sizeof cn);
    key.append(1, static_cast<char>(taric)).append(reinterpret_cast<const char*>(&origin), sizeof origin).append(route_in);
    auto it = default_cache_.find(key);
    if (it != default_cache_.end()) return it->second;
    char digits[10];
    std::size_t nd = code_digits(cn, taric, digits);
    char org[2] = {static_cast<char>('A' + origin / 26), static_cast<char>('A' + origin % 26)};
    auto d = sh_.ctx->data.factors.lookup_default(std::string_view(digits, nd), std::string_view(org, 2), route_in);
    DefaultInfo di;
    if (d.found) {
      di.found = true;
      di.sector = static_cast<int>(d.good->sector);
      di.total = d.total();
      di.route = d.cell->route;
    }
    return default_cache_.emplace(std::move(key), std::move(di)).first->second;
  }
  const BenchInfo& bench_info(std::string_view cns, std::string_view route, std::string_view default_route,
                              int year) {
    std::string key(cns);
    key.append(1, static_cast<char>(year - kFirstYear)).append(route).append(1, '|').append(default_route);
    auto it = bench_cache_.find(key);
    if (it != bench_cache_.end()) return it->second;
    // the look-up compute_line makes (Column B; stated route, else the default row's route)
    factors::BenchmarkQuery q{cns, factors::BenchmarkColumn::b, year, route, default_route};
    auto b = sh_.benchmarks->lookup(q);
    BenchInfo bi;
    if (b.found) {
      bi.found = true;
      bi.intensity = b.intensity();
      bi.provisional = b.provisional;
      bi.carried_forward = b.carried_forward;
    }
    return bench_cache_.emplace(std::move(key), bi).first->second;
  }

  void write_row(std::uint64_t rel, std::uint32_t lid, int year, int quarter, std::uint32_t cn, std::uint8_t taric,
                 std::uint16_t origin, double q, const KeyInfo& k, const char* method, const LineAmounts& la,
                 double price) {
    char digits[10];
    BatchLineRow row;
    row.line = block_first_line_ + rel - 1;
    row.declarant = local_.name(lid);
    row.year = year;
    row.quarter = quarter;
    row.code = std::string_view(digits, code_digits(cn, taric, digits));
    row.origin[0] = static_cast<char>('A' + origin / 26);
    row.origin[1] = static_cast<char>('A' + origin % 26);
    row.quantity = q;
    row.electricity = k.electricity;
    row.method = method;
    row.computed = la.computed;
    row.see = la.see;
    row.sefa = la.sefa;
    row.faa_known = la.faa_known;
    row.money = la.money;
    row.price = price;
    row.flags = la.flags;
    append_batch_line_csv(out_->text, row);
  }

  const Shared& sh_;
  Declarants& decl_;
  BlockOut* out_ = nullptr;
  std::uint64_t block_first_line_ = 0;
  StringIds local_;
  std::vector<std::uint32_t> gids_;
  struct DeclCache {
    std::uint64_t w1 = 0, w2 = 0;
    std::uint32_t len = 0;  ///< 0: empty (cached names have 8-16 bytes)
    std::uint32_t lid = 0;
  };
  static constexpr int kDeclCacheBits = 10;
  std::array<DeclCache, 1u << kDeclCacheBits> decl_cache_{};  ///< indexed by the top bits of a multiplicative hash
  StringIds route_ids_;
  FlatMap<CnInfo> cn_map_;
  FlatMap<KeyInfo> key_map_;
  std::unordered_map<std::string, DefaultInfo> default_cache_;  ///< references stay valid
  std::unordered_map<std::string, BenchInfo> bench_cache_;
  // The sums of the block being worked on only (handed over and cleared at its end), so that a
  // worker's memory does not grow with the run's declarants (issue 15, defect 2):
  // year_slot_[lid × kYears + year index] is the bucket's index in aggs_, or kNoSlot.
  static constexpr std::uint32_t kNoSlot = ~0u;
  std::vector<std::uint32_t> year_slot_;
  std::vector<Agg> aggs_;
  std::vector<std::uint32_t> touched_;  ///< year_slot_ indices of the block's buckets, in order
  std::string quoted_;
  static constexpr std::size_t kChunk = 256, kPrefetch = 4;
  Parsed chunk_;  ///< process: the lines parsed and not yet applied (its block stays empty)
  std::array<std::string_view, 64> raw_;
  std::array<std::string_view, col_count> fv_{};
  std::array<int, 64> field_col_{};  ///< column of each field, -1 for none
  std::uint64_t missing_periods_ = 0;
  /// The field of each column on a fast line (parse); nfields for a column absent from the header.
  std::array<std::uint8_t, col_count> field_of_{};
};

Worker::Worker(const Shared& sh, Declarants& decl) : impl_(std::make_unique<Impl>(sh, decl)) {}
Worker::~Worker() = default;
void Worker::process(const Block& b, BlockOut& out) { impl_->process(b, out); }
void Worker::parse_block(Parsed& p) { impl_->parse_block(p); }
void Worker::process_parsed(const Parsed& p, BlockOut& out) { impl_->process_parsed(p, out); }
void Worker::forget_declarants_if_many() { impl_->forget_declarants_if_many(); }
std::uint64_t Worker::missing_price_periods() const { return impl_->missing_price_periods(); }

}  // namespace greengate::calc::batch
