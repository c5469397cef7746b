#pragma once
// Batch CBAM obligations for customs declaration lines (issue 4; docs/batch.md).
//
// A CSV of declaration lines (declarant, year, cn_code, origin, quantity, unit and optionally
// see_direct, see_indirect, carbon_price_paid, sefa, route; columns matched by name) becomes one
// summary row per declarant and import year: lines, de minimis mass, embedded emissions,
// free-allocation adjustment, Art. 9 reduction, certificates, cost, default share and flag counts.
// Every line goes through the same engine as `greengate obligation`: default values with the
// year's mark-up exactly as default_with_markup gives them, the Column B benchmark route of
// compute_line, and money_amounts (obligation.hpp) for the arithmetic.
//
// The input is streamed in fixed-size blocks cut at line ends and processed by several threads;
// memory does not grow with the number of lines, only with the number of declarant-years.
// Partial sums are merged in block order, so the numbers do not depend on the thread count.
// While the engine data load (BatchEngineSource), the threads already split and parse the first
// blocks; what needs the data (scope, defaults, benchmarks, prices) waits for them.
// Bad lines are reported (line, column, reason) and skipped, or stop the run in strict mode.
//
// Units: masses in t, electricity in MWh, emissions in tCO2e, certificates in tCO2e (one
// certificate per tonne), money in EUR.

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "greengate/calc/obligation.hpp"
#include "greengate/text/message.hpp"

namespace greengate::calc {

/// Number of LineFlag bits (flag_default_values … flag_unverified_data).
inline constexpr int kLineFlagCount = 12;

struct BatchOptions {
  std::string display = "-";  ///< input name used in messages ("lines.csv")
  std::string scenario;       ///< price scenario (PriceBook::scenarios())
  bool strict = false;        ///< stop at the first bad line (InputError)
  bool lines_out = false;     ///< produce one CSV row per input line (BatchSinks::lines)
  unsigned threads = 0;       ///< 0: one per hardware thread
  std::size_t block_bytes = 1u << 20;  ///< input block size (merge order depends on it)
  /// Distinct (declarant, year) pairs a run may have, 0 = no bound. The run's memory is about
  /// 1.1 kB per pair (docs/security.md); the web bounds it, the CLI does not. Above it the run
  /// stops with an InputError naming the bound and the line where it was passed.
  std::size_t max_declarant_years = 0;
};

/// A line that could not be used. `line` counts from 1 (the header is line 1).
struct BatchReject {
  std::uint64_t line = 0;
  std::string column;  ///< empty when the whole line is wrong (field count)
  std::string value;
  /// msg.batch.*: `.en()` for the machine outputs (rejects CSV, JSON), `.str()` for people.
  text::Message reason;
};

struct BatchProgress {
  std::uint64_t bytes = 0;  ///< bytes of input processed so far
  std::uint64_t lines = 0;  ///< lines processed so far (header included)
};

/// Where the run's streams go. Each callback is called from one thread at a time, in input order.
struct BatchSinks {
  /// Per-line CSV text (header first), in large chunks; used when BatchOptions::lines_out.
  std::function<void(std::string_view)> lines;
  std::function<void(const BatchReject&)> reject;
  std::function<void(const BatchProgress&)> progress;  ///< after each block
};

/// Fills `buf` with up to `size` bytes of input; returns the count, 0 at the end.
using BatchReader = std::function<std::size_t(char* buf, std::size_t size)>;

/// Where the lines come from: `read` (a pipe, an upload), or an open regular file `fd` of `size`
/// bytes, which the workers map block by block instead of copying it (each block's mapping is
/// dropped once the block is processed, so memory stays bounded). A file that cannot be mapped
/// is read with pread. The file must not shrink during the run (its pages would vanish).
struct BatchInput {
  BatchReader read;
  int fd = -1;
  std::uint64_t size = 0;
};

struct BatchSummaryRow {
  std::string declarant;
  int year = 0;
  std::uint64_t lines = 0;   ///< lines of this declarant and year (out-of-scope ones included)
  units::Mass mass_in_scope;  ///< de minimis basis: CBAM goods other than electricity and hydrogen
  bool exempt = false;        ///< de minimis: mass_in_scope does not exceed the threshold
  units::Co2eMass embedded, faa, art9;
  /// Certificates and cost after the exemption: when exempt, only electricity and hydrogen
  /// (never exempt, Reg. 2023/956 Art 2a(1)) still count.
  units::Co2eMass certificates;
  units::Eur cost;
  double default_share = 0;  ///< embedded emissions on default values / all embedded emissions
  std::array<std::uint64_t, kLineFlagCount> flag_counts{};  ///< lines carrying each flag bit
  /// "default_values=12;sefa_estimated=3" (flag order of flag_names; zero counts left out)
  std::string flags_text() const;
};

struct BatchResult {
  std::string display;
  std::string scenario;
  std::vector<BatchSummaryRow> rows;  ///< sorted by declarant (bytewise), then year
  std::uint64_t lines_read = 0;       ///< data lines (header and blank lines not counted)
  std::uint64_t lines_rejected = 0;
  double de_minimis_threshold_t = 0;  ///< parameter cbam.de_minimis.threshold (first year used)
  bool cscf_user = false;
  double cscf = 1;
};

/// The input columns: required first, then optional.
const std::vector<std::string>& batch_columns();
const std::vector<std::string>& batch_required_columns();

/// Runs the whole file. Throws InputError for a bad header (unknown, missing or repeated column),
/// for the first bad line in strict mode, and for import years without a certificate price (all
/// of them listed). Outputs already given to the sinks must then be discarded by the caller.
BatchResult run_batch(const MoneyContext& ctx, const BatchOptions& options,
                      const BatchReader& read, const BatchSinks& sinks);

/// The engine inputs of a run (loaded by a BatchEngineSource).
struct BatchEngine {
  const MoneyContext* ctx = nullptr;  ///< must outlive run_batch
  std::string scenario;               ///< the price scenario; replaces BatchOptions::scenario
};
/// Loads the engine inputs. run_batch calls it once, on a thread of its own, while its workers
/// already read and parse the first blocks of input (the data set takes as long as ~100 000 lines).
using BatchEngineSource = std::function<BatchEngine()>;

/// As above, loading the engine inputs meanwhile. An exception from `load` is thrown in
/// preference to any other: it is the error a run that loads first and reads then would give.
BatchResult run_batch(const BatchEngineSource& load, const BatchOptions& options,
                      const BatchReader& read, const BatchSinks& sinks);
BatchResult run_batch(const BatchEngineSource& load, const BatchOptions& options,
                      const BatchInput& input, const BatchSinks& sinks);

// The output formats (summary CSV and JSON, rejects, --lines-out rows): report/batch_output.hpp.

}  // namespace greengate::calc
