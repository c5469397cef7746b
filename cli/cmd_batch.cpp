// greengate batch: CBAM obligations per declarant and year for a file of customs declaration
// lines (docs/batch.md). This file does the I/O: input stream, temporary output files renamed at
// the end, the progress bar; greengate::calc::run_batch does the work.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "args.hpp"
#include "commands.hpp"
#include "greengate/calc/batch.hpp"
#include "greengate/report/batch_output.hpp"
#include "greengate/text/number_format.hpp"
#include "words.hpp"

namespace greengate::cli {

namespace {

constexpr const char* kBatchHelp = R"(Usage: greengate batch LINES.csv [--price EUR | --prices FILE] [--scenario NAME] [--cscf X]
                       [--benchmarks FILE] [--out SUMMARY.csv] [--lines-out LINES_OUT.csv]
                       [--rejects REJECTS.csv] [--strict] [--format csv|json] [--threads N]

CBAM certificates and their cost per declarant and import year for a CSV of customs declaration
lines, with the engine of 'greengate obligation' (default values with the year's mark-up,
free-allocation adjustment, Art. 9, de minimis). '-' reads standard input / writes standard output.

Input columns (header row, any order): declarant, year, cn_code, origin, quantity, unit (t, kg, or
MWh for electricity); optional see_direct, see_indirect, carbon_price_paid, sefa, route.

  --price EUR          a flat certificate price in EUR/tCO2e
  --prices FILE        CSV 'period,price' or 'period,low,central,high' (period YYYY or YYYY-Qn)
  --scenario NAME      which scenario of --prices to use (default: central, else the first)
  --cscf X             cross-sectoral correction factor (default: the rule-set placeholder 1, flagged)
  --benchmarks FILE    your own benchmark rows, laid over IR 2025/2620 row by row
  --out FILE           summary per declarant and year (default: standard output)
  --lines-out FILE     one row per input line with its computed values and flags
  --rejects FILE       bad lines: line,column,value,reason
  --strict             stop at the first bad line (exit 3)
  --format F           summary format: csv (default) or json
  --threads N          worker threads (default: one per core)
Outputs are written to a temporary file next to the target and renamed at the end: a failed run
leaves no partial output. Exit 0 when at least one line was computed (rejected lines are listed
on standard error), 3 when every line was rejected or the input is bad. Format, formulas and
flags: docs/batch.md.
)";

/// An output file written under a temporary name in the same folder and renamed by publish() once every output is finish()ed;
/// removed when the run fails. "-" is standard output.
class OutputFile {
 public:
  OutputFile(const std::string& path, std::ostream& stdout_stream, const Words& w) : path_(path), w_(w) {
    if (path == "-") {
      stdout_ = &stdout_stream;
      return;
    }
    namespace fs = std::filesystem;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
      // a device or a pipe (/dev/null, a FIFO): written in place, never replaced by a rename
      file_ = std::fopen(path.c_str(), "wb");
      if (!file_)
        throw InputError("greengate: " + w_("cli.batch.cannot_write", {path, std::strerror(errno)}));
      direct_ = true;
      return;
    }
    fs::path target(path);
    fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string templ = (dir / ("." + target.filename().string() + ".tmp.XXXXXX")).string();
    std::vector<char> name(templ.begin(), templ.end());
    name.push_back('\0');
    int fd = mkstemp(name.data());
    if (fd < 0)
      throw InputError("greengate: " + w_("cli.batch.cannot_write", {path, std::strerror(errno)}));
    tmp_ = name.data();
    file_ = fdopen(fd, "wb");
    if (!file_) {
      ::close(fd);
      std::remove(tmp_.c_str());
      throw InputError("greengate: " + w_("cli.batch.cannot_write", {path, std::strerror(errno)}));
    }
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
  }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile() {
    if (file_) std::fclose(file_);
    if (!tmp_.empty() && !committed_) std::remove(tmp_.c_str());
  }
  void write(std::string_view s) {
    if (stdout_) {
      stdout_->write(s.data(), static_cast<std::streamsize>(s.size()));
      return;
    }
    if (std::fwrite(s.data(), 1, s.size(), file_) != s.size()) failed_ = true;
  }
  /// Phase 1 of the commit: everything written reaches the disk (flushed, fsync'ed and closed;
  /// standard output flushed). Throws InputError naming the output when it cannot; nothing is
  /// renamed yet, so that a failure of any output leaves none (issue 15, defect 6).
  void finish() {
    if (stdout_) {
      errno = 0;
      stdout_->flush();
      if (!*stdout_)
        throw InputError("greengate: " + (errno ? w_("cli.batch.cannot_write_stdout_reason", {std::strerror(errno)})
                                                : w_("cli.batch.cannot_write_stdout")));
      return;
    }
    errno = 0;
    bool ok = !failed_ && std::fflush(file_) == 0;
    if (!direct_) {
      // keep the usual permissions of a new file (mkstemp creates it 0600)
      mode_t mask = ::umask(0);
      ::umask(mask);
      ::fchmod(fileno(file_), 0666 & ~mask);
      ok = ok && ::fsync(fileno(file_)) == 0;  // on the disk before the rename makes it visible
    }
    int err = errno;
    ok = std::fclose(file_) == 0 && ok;
    if (!err) err = errno;
    file_ = nullptr;
    if (!ok)
      throw InputError("greengate: " + w_("cli.batch.cannot_write", {path_, std::strerror(err ? err : EIO)}));
  }
  /// Phase 2: the temporary file takes its name (after every output finished).
  void publish() {
    if (stdout_ || direct_) {
      committed_ = true;
      return;
    }
    if (std::rename(tmp_.c_str(), path_.c_str()) != 0)
      throw InputError("greengate: " + w_("cli.batch.cannot_rename", {path_, std::strerror(errno)}));
    committed_ = true;
  }
  /// Removes a published output again (another output could not be published).
  void withdraw() {
    if (committed_ && !stdout_ && !direct_) std::remove(path_.c_str());
  }

 private:
  std::string path_, tmp_;
  const Words& w_;
  std::FILE* file_ = nullptr;
  std::ostream* stdout_ = nullptr;
  bool failed_ = false;
  bool committed_ = false;
  bool direct_ = false;  ///< not a regular file: no temporary name
};

/// "[#######.......]  45 %  1,234,567 lines  2.1 M lines/s" on a terminal, redrawn in place.
class ProgressBar {
 public:
  ProgressBar(std::ostream& err, std::uint64_t total_bytes, const Words& w) : err_(err), w_(w), total_(total_bytes) {
    start_ = last_ = std::chrono::steady_clock::now();
  }
  void update(const calc::BatchProgress& p) {
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    double rate = secs > 0 ? static_cast<double>(p.lines) / secs : 0;
    std::string line = "\r";
    if (total_ > 0) {
      double frac = std::min(1.0, static_cast<double>(p.bytes) / static_cast<double>(total_));
      int filled = static_cast<int>(frac * 30);
      line += "[" + std::string(static_cast<std::size_t>(filled), '#') +
              std::string(static_cast<std::size_t>(30 - filled), '.') + "] " +
              w_.percent_fixed(frac, 0) + "  ";
    }
    line += w_("cli.batch.progress", {w_.grouped(static_cast<double>(p.lines), 0), w_.fixed(rate / 1e6, 2)}) + "   ";
    err_ << line << std::flush;
    drawn_ = true;
  }
  void finish() {
    if (drawn_) err_ << "\r" << std::string(72, ' ') << "\r" << std::flush;
  }

 private:
  std::ostream& err_;
  const Words& w_;
  std::uint64_t total_;
  std::chrono::steady_clock::time_point start_, last_;
  bool drawn_ = false;
};

calc::PriceBook batch_prices(const Args& a, Context& ctx) {
  if (a.get("price") && a.get("prices")) throw usage_error("cli.usage.price_and_prices", {"batch"});
  if (auto p = a.number("price")) {
    if (*p < 0) throw usage_error("cli.usage.price_negative", {"batch"});
    return calc::PriceBook::flat(*p);
  }
  if (auto f = a.get("prices")) return calc::PriceBook::from_csv_file(*f, *f).get();
  return calc::PriceBook::published(ctx.data().factors);
}

}  // namespace

int cmd_batch(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv,
         {{"price", "prices", "scenario", "cscf", "benchmarks", "out", "lines-out", "rejects", "format",
           "threads"},
          {"help", "strict"},
          {}},
         "batch");
  if (a.flag("help")) {
    ctx.out << help_text(ctx, "batch", kBatchHelp);
    return 0;
  }
  // ---- arguments
  if (a.positional().size() != 1)
    throw usage_error("cli.usage.batch.one_file", {});
  const std::string input = a.positional()[0];
  std::string format = a.format({"csv", "json"});
  std::string out_path = a.get_or("out", "-");
  auto lines_path = a.get("lines-out");
  auto rejects_path = a.get("rejects");
  int to_stdout = (out_path == "-") + (lines_path && *lines_path == "-") + (rejects_path && *rejects_path == "-");
  if (to_stdout > 1)
    throw usage_error("cli.usage.batch.one_stdout", {});
  auto threads = a.integer("threads", 1, 64);
  const Words w(ctx);

  // ---- engine inputs, as 'greengate obligation' loads them. run_batch calls `load` on a thread
  // of its own while it already parses the input; nothing else touches ctx meanwhile.
  std::optional<calc::PriceBook> prices;
  std::unique_ptr<factors::BenchmarkTable> benchmarks;
  std::optional<calc::MoneyContext> mc;
  auto load = [&]() -> calc::BatchEngine {
    const auto& data = ctx.data();
    prices.emplace(batch_prices(a, ctx));
    std::optional<double> cscf;
    if (auto c = a.number("cscf")) {
      if (*c < 0 || *c > 1) throw usage_error("cli.usage.cscf_range", {"batch"});
      cscf = *c;
    }
    if (auto b = a.get("benchmarks")) {
      auto user = factors::load_factor_files({*b}, {*b}).get();
      benchmarks = std::make_unique<factors::BenchmarkTable>(data.factors.benchmarks().overridden_by(user.benchmarks()));
    }
    const auto chosen = prices->choose_scenario(a.get_or("scenario", ""));
    if (!chosen) throw usage_error("cli.usage.batch.scenario", {a.get_or("scenario", "")});
    const std::string scenario = *chosen;
    mc.emplace(calc::MoneyContext{data, data.money, *prices, cscf, benchmarks.get()});
    return {&*mc, scenario};
  };
  // An error before run_batch: the data set's own error, if any, comes first (as when the data
  // were loaded before the input was opened).
  auto fail = [&](std::exception_ptr e) {
    load();
    std::rethrow_exception(e);
  };

  // ---- input
  int fd = 0;
  if (input != "-") {
    fd = ::open(input.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      fail(std::make_exception_ptr(
          InputError("greengate: " + w("cli.batch.cannot_read", {input, std::strerror(errno)}))));
  }
  struct FdCloser {
    int fd;
    ~FdCloser() {
      if (fd > 0) ::close(fd);
    }
  } closer{fd};
  std::uint64_t total_bytes = 0;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    total_bytes = static_cast<std::uint64_t>(st.st_size);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  calc::BatchReader reader = [&](char* buf, std::size_t n) -> std::size_t {
    for (;;) {
      ssize_t r = ::read(fd, buf, n);
      if (r >= 0) return static_cast<std::size_t>(r);
      if (errno != EINTR)
        throw InputError("greengate: " + w("cli.batch.cannot_read", {input, std::strerror(errno)}));
    }
  };

  // ---- outputs: temporary files, renamed only when everything succeeded
  std::unique_ptr<OutputFile> summary, lines_out, rejects_out;
  try {
    summary = std::make_unique<OutputFile>(out_path, ctx.out, w);
    if (lines_path) lines_out = std::make_unique<OutputFile>(*lines_path, ctx.out, w);
    if (rejects_path) {
      rejects_out = std::make_unique<OutputFile>(*rejects_path, ctx.out, w);
      rejects_out->write(report::batch_rejects_header());
    }
  } catch (...) {
    fail(std::current_exception());
  }
  std::vector<calc::BatchReject> shown;  // without --rejects: the first few go to stderr
  constexpr std::size_t kShown = 10;
  std::unique_ptr<ProgressBar> bar;
  if (::isatty(STDERR_FILENO)) bar = std::make_unique<ProgressBar>(ctx.err, total_bytes, w);

  calc::BatchSinks sinks;
  if (lines_out) sinks.lines = [&](std::string_view s) { lines_out->write(s); };
  sinks.reject = [&](const calc::BatchReject& r) {
    if (rejects_out) rejects_out->write(report::batch_reject_csv(r));
    else if (shown.size() < kShown) shown.push_back(r);
  };
  if (bar) sinks.progress = [&](const calc::BatchProgress& p) { bar->update(p); };

  calc::BatchOptions opt;
  opt.display = input == "-" ? "<stdin>" : input;
  opt.strict = a.flag("strict");
  opt.lines_out = lines_out != nullptr;
  if (threads) opt.threads = static_cast<unsigned>(*threads);
  calc::BatchResult res;
  try {
    calc::BatchInput in{reader};
    if (input != "-" && total_bytes > 0) {  // a regular file: mapped block by block, not copied
      in.fd = fd;
      in.size = total_bytes;
    }
    res = calc::run_batch(load, opt, in, sinks);
  } catch (...) {
    if (bar) bar->finish();
    throw;
  }
  if (bar) bar->finish();

  // ---- results: every output written and on the disk first, then all renamed into place
  summary->write(format == "json" ? report::batch_summary_json(res) : report::batch_summary_csv(res));
  std::vector<OutputFile*> outputs;
  for (auto* o : {lines_out.get(), rejects_out.get(), summary.get()})
    if (o) outputs.push_back(o);
  for (auto* o : outputs) o->finish();  // a failure here: the temporaries are removed, none renamed
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    try {
      outputs[k]->publish();
    } catch (...) {
      for (std::size_t j = 0; j < k; ++j) outputs[j]->withdraw();  // no partial set of outputs
      throw;
    }
  }
  if (res.lines_rejected > 0) {
    // the reason in the reader's language (msg.batch.*; the --rejects file keeps the English)
    for (const auto& r : shown)
      ctx.err << opt.display << ":" << r.line << ": error: "
              << (r.column.empty() ? ""
                  : r.value.empty() ? w("cli.batch.reject_column", {r.column}) + ": "
                                    : w("cli.batch.reject_column_value", {r.column, r.value}) + ": ")
              << w.msg(r.reason) << "\n";
    const std::string rejected = w.fixed(static_cast<double>(res.lines_rejected), 0);
    const std::string read = w.fixed(static_cast<double>(res.lines_read), 0);
    ctx.err << "greengate: "
            << (rejects_out ? w("cli.batch.rejected_listed", {rejected, read, *rejects_path})
                : res.lines_rejected > shown.size()
                    ? w("cli.batch.rejected_first", {rejected, read, w.fixed(static_cast<double>(shown.size()), 0)})
                    : w("cli.batch.rejected", {rejected, read}))
            << "\n";
  }
  // Every line rejected: nothing was computed, which a script must not take for success.
  if (res.lines_read > 0 && res.lines_rejected == res.lines_read) return 3;
  return 0;
}

}  // namespace greengate::cli
