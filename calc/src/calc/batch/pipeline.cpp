// The batch pipeline (docs/batch.md): the header, the engine data loaded on a thread of their own
// while workers read and parse the first blocks, blocks processed in parallel and merged in input
// order, and the summary per declarant and import year with the de minimis rule.

#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "block_reader.hpp"
#include "greengate/calc/batch.hpp"
#include "greengate/calc/line_rule.hpp"
#include "greengate/utf8.hpp"
#include "line_scanner.hpp"
#include "lines_out.hpp"
#include "run_context.hpp"
#include "sums.hpp"
#include "tables.hpp"
#include "worker.hpp"

namespace greengate::calc {

const std::vector<std::string>& batch_columns() {
  static const std::vector<std::string> c(std::begin(batch::kColNames), std::end(batch::kColNames));
  return c;
}
const std::vector<std::string>& batch_required_columns() {
  static const std::vector<std::string> c(std::begin(batch::kColNames), std::begin(batch::kColNames) + batch::kRequired);
  return c;
}

std::string BatchSummaryRow::flags_text() const {
  std::string s;
  for (int i = 0; i < kLineFlagCount; ++i) {
    if (!flag_counts[static_cast<std::size_t>(i)]) continue;
    if (!s.empty()) s += ';';
    s += batch::flag_name(i);
    s += '=';
    char buf[24];
    s.append(buf, std::to_chars(buf, buf + sizeof buf, flag_counts[static_cast<std::size_t>(i)]).ptr);
  }
  return s;
}

namespace batch {
namespace {

/// Where the de minimis mass of a summary row comes from (the rule's fact source).
const std::string kMassSource = "the batch lines of the declarant and year";

/// The engine data of a run, loaded on a thread of their own while the workers already parse.
class DataGate {
 public:
  void publish(std::exception_ptr error) {
    std::lock_guard<std::mutex> lock(mx_);
    error_ = error;
    done_.store(true, std::memory_order_release);
    cv_.notify_all();
  }
  bool ready() const { return done_.load(std::memory_order_acquire); }
  /// Waits for the loader; false when it failed (its error is then the run's error).
  bool wait() {
    std::unique_lock<std::mutex> lock(mx_);
    cv_.wait(lock, [&] { return done_.load(std::memory_order_relaxed); });
    return !error_;
  }
  std::exception_ptr error() {
    std::lock_guard<std::mutex> lock(mx_);
    return error_;
  }

 private:
  std::mutex mx_;
  std::condition_variable cv_;
  std::atomic<bool> done_{false};
  std::exception_ptr error_;
};

/// Blocks a worker reads and parses (phase 1) before the data set is there. The load takes
/// ≈ 8 ms of one core, a block ≈ 4 ms of phase 1. Each held block costs its 4 MB buffer and
/// ≈ 5 MB of LineRec: one per worker keeps peak RSS ≈ 40 MB (two: ≈ 53 MB, and no faster on the
/// shared 2-core machine), bounded whatever the input size.
constexpr std::size_t kAhead = 6;
constexpr std::size_t kAheadOthers = 0;

BatchResult run_blocks(Shared& sh, DataGate& gate, const BatchOptions& options, const BatchInput& input,
                       const BatchSinks& sinks) {
  BatchResult res;
  res.display = options.display;

  // ---- header
  BlockReader reader(input, options.display, std::max<std::size_t>(options.block_bytes, 4096), options.lines_out);
  auto header = reader.header();
  if (!header) throw InputError(options.display + ":1: error: empty input: no header row");
  std::string_view hv(*header);
  if (hv.size() >= 3 && hv.substr(0, 3) == "\xEF\xBB\xBF") hv.remove_prefix(3);  // UTF-8 BOM
  if (Diagnostics d; utf8::report_invalid(hv, options.display, d)) throw InputError(d.format(), d);
  if (!hv.empty() && hv.back() == '\r') hv.remove_suffix(1);
  sh.col_field.fill(-1);
  {
    Diagnostics d;
    int i = 0;
    std::size_t start = 0;
    for (;;) {
      auto comma = hv.find(',', start);
      std::string name(trim(hv.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
      std::string lower = name;
      for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      auto it = std::find(std::begin(kColNames), std::end(kColNames), lower);
      if (it == std::end(kColNames)) {
        std::string known;
        for (const char* c : kColNames) known += (known.empty() ? "" : ", ") + std::string(c);
        d.error({options.display, 1}, "unknown column '" + name + "' (the columns are: " + known + ")");
      } else {
        auto c = static_cast<std::size_t>(it - std::begin(kColNames));
        if (sh.col_field[c] >= 0) d.error({options.display, 1}, "column '" + lower + "' appears twice");
        sh.col_field[c] = i;
      }
      ++i;
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    sh.nfields = i;
    for (int c = 0; c < kRequired; ++c)
      if (sh.col_field[static_cast<std::size_t>(c)] < 0)
        d.error({options.display, 1}, std::string("missing required column '") + kColNames[c] + "'");
    if (d.has_errors()) throw InputError(d.format(), d);
  }
  if (options.lines_out && sinks.lines) sinks.lines(batch_lines_header());

  // ---- blocks, in parallel; results merged and written in input order
  Declarants decl;
  std::mutex out_mx;
  std::condition_variable out_cv;
  std::map<std::uint64_t, std::unique_ptr<BlockOut>> pending;
  std::uint64_t next_flush = 0, lines_done = 1, bytes_done = header->size() + 1;
  // The run's sums: gslot[declarant id × kYears + year index] is the pair's index in gsums
  // (kNone: no line yet), so memory grows with the pairs present, not with declarants × years.
  constexpr std::uint32_t kNone = ~0u;
  std::vector<std::uint32_t> gslot;
  std::vector<Agg> gsums;
  std::uint64_t cap_line = 0;  // the block end at which max_declarant_years was passed (0: not)
  std::optional<BatchReject> strict_reject;
  bool finished = false;  // strict stop flushed
  std::exception_ptr error;
  std::uint64_t missing_periods = 0;

  auto flush_ready = [&]() {  // out_mx held
    while (!finished) {
      auto it = pending.find(next_flush);
      if (it == pending.end()) break;
      BlockOut& bo = *it->second;
      for (auto& [idx, agg] : bo.deltas) {
        if (idx >= gslot.size()) gslot.resize(std::max<std::size_t>(idx + 1, gslot.size() * 3 / 2), kNone);
        if (gslot[idx] == kNone) {
          gslot[idx] = static_cast<std::uint32_t>(gsums.size());
          gsums.emplace_back();
        }
        gsums[gslot[idx]].add(agg);
      }
      if (options.max_declarant_years && gsums.size() > options.max_declarant_years && !cap_line) {
        cap_line = lines_done + bo.lines;
        finished = true;
        reader.stop();
      }
      std::uint64_t base = lines_done + 1;  // absolute number of the block's first line
      for (auto& r : bo.rejects) {
        r.line += base - 1;
        ++res.lines_rejected;
        if (bo.strict_stop && options.strict) {
          strict_reject = r;
          break;
        }
        if (sinks.reject) sinks.reject(r);
      }
      if (!bo.text.empty() && sinks.lines) sinks.lines(bo.text);
      res.lines_read += bo.data_lines;
      lines_done += bo.lines;
      bytes_done += bo.bytes;
      if (sinks.progress) sinks.progress({bytes_done, lines_done});
      if (bo.strict_stop) {
        finished = true;
        reader.stop();
      }
      pending.erase(it);
      ++next_flush;
    }
    out_cv.notify_all();
  };

  unsigned nthreads = options.threads ? options.threads : std::thread::hardware_concurrency();
  nthreads = std::clamp(nthreads, 1u, 16u);
  // false: the run is finished (strict stop or an error elsewhere)
  auto submit = [&](std::unique_ptr<BlockOut> out) {
    std::unique_lock<std::mutex> lock(out_mx);
    // keep memory bounded: do not run far ahead of the block being written (blocks parsed ahead
    // are within this bound, so their owner never waits here for a block it holds itself)
    std::uint64_t index = out->index;
    out_cv.wait(lock, [&] { return finished || index < next_flush + std::max<std::size_t>(2, kAhead) * nthreads; });
    if (out->strict_stop) reader.stop();
    pending.emplace(index, std::move(out));
    flush_ready();
    return !finished;
  };
  // The loader failed: no block may wait for one that will never come (a worker holding a block
  // read ahead returns without submitting it).
  auto stop_run = [&]() {
    std::lock_guard<std::mutex> lock(out_mx);
    finished = true;
    reader.stop();
    out_cv.notify_all();
  };
  std::atomic<bool> ahead_taken{false};
  auto work = [&]() {
    try {
      Worker w(sh, decl);
      Block b;
      if (!gate.ready()) {
        // The data set is still loading: read and parse the first blocks meanwhile.
        std::vector<std::unique_ptr<Parsed>> ahead;
        const std::size_t limit = ahead_taken.exchange(true) ? kAheadOthers : kAhead;
        while (ahead.size() < limit && !gate.ready()) {
          auto p = std::make_unique<Parsed>();
          if (!reader.next(p->block, 2)) break;
          if (Worker::parsable(p->block)) {
            p->parsed = true;
            w.parse_block(*p);
          }
          ahead.push_back(std::move(p));
        }
        if (!gate.wait()) return stop_run();  // the loader failed: run_batch reports its error
        for (auto& p : ahead) {
          auto out = std::make_unique<BlockOut>();
          if (p->parsed) w.process_parsed(*p, *out);
          else w.process(p->block, *out);
          if (b.buf.empty()) b.buf = std::move(p->block.buf);  // its pages are mapped already
          p.reset();
          if (!submit(std::move(out))) break;
        }
      }
      // A worker that found the data set loaded (or failed) when it started skipped the above.
      if (!gate.wait()) return stop_run();
      for (;;) {
        if (!reader.next(b, 2)) break;
        auto out = std::make_unique<BlockOut>();
        w.forget_declarants_if_many();
        w.process(b, *out);
        if (!submit(std::move(out))) break;
      }
      std::lock_guard<std::mutex> lock(out_mx);
      missing_periods |= w.missing_price_periods();
    } catch (...) {
      std::lock_guard<std::mutex> lock(out_mx);
      if (!error) error = std::current_exception();
      finished = true;
      reader.stop();
      out_cv.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < nthreads; ++i) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
  if (!gate.wait()) return res;  // run_batch throws the loader's error
  if (cap_line)
    throw InputError(options.display + ":" + std::to_string(cap_line) + ": error: more than " +
                     std::to_string(options.max_declarant_years) +
                     " different pairs of declarant and import year, the limit of this run (it bounds the "
                     "run's memory): split the file by declarant");
  res.scenario = sh.opt.scenario;
  res.cscf_user = sh.ctx->cscf.has_value();
  res.cscf = sh.years[0].params.cscf;
  if (strict_reject) {
    const auto& r = *strict_reject;
    std::string where = r.column.empty() ? "" : "column '" + r.column + "'" + (r.value.empty() ? "" : " (\"" + r.value + "\")") + ": ";
    throw InputError(options.display + ":" + std::to_string(r.line) + ": error: " + where + r.reason.en() +
                     " (--strict: stopped at the first bad line)");
  }
  if (missing_periods) {
    std::string ys;
    for (int y = 0; y < kYears; ++y)
      for (int q = 0; q <= 4; ++q)
        if (missing_periods & (std::uint64_t{1} << (y * 5 + q)))
          ys += (ys.empty() ? "" : ", ") + std::to_string(kFirstYear + y) + (q ? "-Q" + std::to_string(q) : "");
    throw InputError("greengate: batch: no certificate price for " + ys +
                     (sh.opt.scenario.empty() ? "" : " in scenario '" + sh.opt.scenario + "'") +
                     " (a quarter whose price is not published is a gap, never a guess): give a price or a "
                     "price scenario covering these periods");
  }

  // ---- summary rows, sorted by declarant then year
  std::vector<std::pair<std::string, std::uint32_t>> names;
  for (std::uint32_t i = 0; i < decl.size(); ++i) names.emplace_back(decl.name(i), i);
  std::sort(names.begin(), names.end());
  bool threshold_set = false;
  for (const auto& [name, id] : names) {
    for (int y = 0; y < kYears; ++y) {
      std::size_t idx = static_cast<std::size_t>(id) * kYears + static_cast<std::size_t>(y);
      if (idx >= gslot.size() || gslot[idx] == kNone || gsums[gslot[idx]].lines == 0) continue;
      const Agg& a = gsums[gslot[idx]];
      const YearInfo& yi = sh.years[static_cast<std::size_t>(y)];
      if (!threshold_set) {
        res.de_minimis_threshold_t = yi.threshold_t;
        threshold_set = true;
      }
      BatchSummaryRow row;
      row.declarant = name;
      row.year = kFirstYear + y;
      row.lines = a.lines;
      row.mass_in_scope = u::tonnes(a.mass_t);
      // Art 2a(1): the rule cbam.de_minimis.exempt decides, once per declarant and year
      row.exempt = a.counted_lines > 0 && de_minimis_exempt(sh.ctx->money, row.year, row.mass_in_scope, kMassSource);
      row.embedded = u::tco2e(a.embedded);
      row.faa = u::tco2e(a.faa);
      row.art9 = u::tco2e(a.art9);
      row.certificates = u::tco2e(row.exempt ? a.cert_other : a.cert_exemptible + a.cert_other);
      row.cost = u::eur(row.exempt ? a.cost_other : a.cost_exemptible + a.cost_other);
      row.default_share = a.embedded > 0 ? a.embedded_default / a.embedded : 0.0;
      row.flag_counts = a.flags;
      res.rows.push_back(std::move(row));
    }
  }
  if (!threshold_set) res.de_minimis_threshold_t = sh.years[0].threshold_t;
  return res;
}

}  // namespace
}  // namespace batch

BatchResult run_batch(const BatchEngineSource& load, const BatchOptions& options, const BatchReader& read,
                      const BatchSinks& sinks) {
  return run_batch(load, options, BatchInput{read}, sinks);
}

BatchResult run_batch(const BatchEngineSource& load, const BatchOptions& options, const BatchInput& input,
                      const BatchSinks& sinks) {
  batch::Shared sh(options);
  batch::DataGate gate;
  // The engine data load on their own thread while the workers read and parse the input.
  std::thread loader([&] {
    std::exception_ptr error;
    try {
      BatchEngine e = load();
      sh.opt.scenario = std::move(e.scenario);  // no worker reads it
      sh.set_data(*e.ctx);
    } catch (...) {
      error = std::current_exception();
    }
    gate.publish(error);
  });
  struct Join {
    std::thread& t;
    ~Join() { t.join(); }
  } join{loader};
  try {
    BatchResult res = batch::run_blocks(sh, gate, options, input, sinks);
    if (auto e = gate.error()) std::rethrow_exception(e);
    return res;
  } catch (...) {
    // Before, the data were loaded before the input was read: a load error comes first.
    if (!gate.wait()) std::rethrow_exception(gate.error());
    throw;
  }
}

BatchResult run_batch(const MoneyContext& ctx, const BatchOptions& options, const BatchReader& read,
                      const BatchSinks& sinks) {
  return run_batch([&] { return BatchEngine{&ctx, options.scenario}; }, options, read, sinks);
}

}  // namespace greengate::calc
