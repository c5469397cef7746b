#pragma once
// One batch worker thread: lines of a block scanned (line_scanner.hpp), checked, given their terms
// by the one line rule (line_rule.hpp, cached per key) and summed per declarant and year.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "block_reader.hpp"
#include "run_context.hpp"
#include "sums.hpp"
#include "tables.hpp"

namespace greengate::calc::batch {

/// What a worker hands over for a block: its sums, --lines-out rows and rejects.
struct BlockOut {
  std::uint64_t index = 0;
  std::uint64_t lines = 0;       ///< lines in the block (blank ones included)
  std::uint64_t data_lines = 0;  ///< non-blank lines
  std::uint64_t bytes = 0;
  std::vector<std::pair<std::uint32_t, Agg>> deltas;  ///< (declarant id × years + year, sums)
  std::string text;                                   ///< --lines-out rows
  std::vector<BatchReject> rejects;                   ///< line = line number within the block
  bool strict_stop = false;
};

struct LineRec {
  double qty = 0, see_d = 0, see_i = 0, cpp = 0, sefa = 0;
  /// The line's key in the worker's key table (Worker::Impl::key_of): CN code, origin (0 for
  /// actual values), year, actual values or not, TARIC line and the worker's route id, made once
  /// in phase 1 for both the prefetch and the look-up of phase 2.
  std::uint64_t key = 0;
  std::uint32_t rel = 0;    ///< line number within the block (from 1)
  std::uint32_t lid = 0;    ///< the worker's declarant id; for a slow line: index into its list
  std::uint16_t origin = 0;  ///< (A..Z)·26 + (A..Z)
  std::uint8_t year = 0;     ///< year − kFirstYear
  std::uint8_t unit = 0;     ///< Unit
  std::uint8_t has = 0;      ///< Has bits
  std::uint8_t quarter = 0;  ///< quarter of importation 1-4 (0: not given)
};
static_assert(sizeof(LineRec) == 64, "LineRec stays one cache line");
enum Unit : std::uint8_t { unit_t, unit_kg, unit_mwh };
enum Has : std::uint8_t { has_see_d = 1, has_see_i = 2, has_cpp = 4, has_sefa = 8, has_slow = 16 };
constexpr const char* kUnitText[] = {"t", "kg", "MWh"};

/// A block parsed (phase 1) while the data set was still loading.
struct Parsed {
  Block block;
  bool parsed = false;  ///< recs hold the block (else it waits whole for the data)
  std::vector<LineRec> recs;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> slow;  ///< [start, end) of slow lines
  std::uint64_t lines = 0;
};

/// One thread's work on blocks of lines (worker.cpp). A line is either taken by the fast path —
/// phase 1 (parse: split, fields, numbers, declarant and route ids; no engine data) then phase 2
/// (apply: country and unit checks, key lookup, sums) — or, when anything about it is unusual
/// (quotes, a wrong field count, a value that fails a check), by the slow path, which makes every
/// check in the documented order and words the reject. Both end in the same accounting, so a line
/// gives the same numbers whichever path it took.
class Worker {
 public:
  Worker(const Shared& sh, Declarants& decl);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  /// Both phases (the engine data are loaded), a chunk of lines at a time.
  void process(const Block& b, BlockOut& out);
  /// Phase 1 only, while the data set loads: `p.block` must be filled and parsable.
  void parse_block(Parsed& p);
  /// Phase 2 of a block parsed by parse_block.
  void process_parsed(const Parsed& p, BlockOut& out);
  /// Between blocks, with no parsed lines pending: once this worker has met more than
  /// kMaxLocalDeclarants declarants, forget them (ids, cache, year slots), so that its tables
  /// stay bounded whatever the number of declarants in the run; they are met again as new.
  void forget_declarants_if_many();
  static constexpr std::size_t kMaxLocalDeclarants = 65536;
  /// Whether parse_block can hold this block's positions and line numbers in 32 bits.
  static bool parsable(const Block& b) { return b.size < (1ULL << 32); }
  /// Bit (year − kFirstYear) × 5 + quarter: import periods met without a price.
  std::uint64_t missing_price_periods() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace greengate::calc::batch
