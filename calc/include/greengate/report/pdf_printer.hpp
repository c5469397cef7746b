#pragma once
// Printing a report's HTML to PDF with headless Chromium (Debian packages `chromium-headless-shell`
// or `chromium`), for the CLI and the web alike, over the DevTools protocol on a pipe
// (--remote-debugging-pipe: no port is opened, nothing else can talk to the browser). The browser
// runs with a fresh profile in a private temporary folder; the page is written there and loaded
// as a file. Nothing is fetched: the page is self-contained and host resolution is switched off.
//
// Where the time goes (bench/report_bench.sh): starting the browser and its first renderer, then
// laying out and printing the pages. The CLI pays both once per report; the web keeps one browser
// (shared_browser()) started at the first PDF, reused for every later one and started again when
// it has died, so a download pays the printing only.
//
// The PDF reaches the destination through a temporary file beside it and a rename, only when it is
// a complete PDF: a failure never leaves a partial file under the destination's name.

#include <optional>
#include <string>

#include "greengate/error.hpp"

namespace greengate::report {

/// Chromium is missing, failed, timed out or wrote no PDF. The message says what to do.
class PdfError : public Error {
 public:
  using Error::Error;
};

/// $GREENGATE_CHROMIUM, else the first of chromium-headless-shell, chromium, chromium-browser,
/// google-chrome on $PATH.
std::optional<std::string> find_chromium();

struct PdfOptions {
  std::string chromium;  ///< empty: find_chromium()
  int timeout_seconds = 120;
};

/// What one print cost, wall-clock milliseconds (for the benchmark).
struct PrintTimings {
  double start_ms = 0;  ///< starting the browser until it answers (0: it was running)
  double page_ms = 0;   ///< a new page (renderer) and loading the report into it
  double print_ms = 0;  ///< layout and printing to PDF, the PDF's bytes received
};

/// One headless Chromium driven over the DevTools protocol on a pipe. Started at the first print,
/// started again when it has died (a crash, a kill, a timeout); one print at a time (a mutex);
/// closed by the destructor. Safe to share between threads.
class HeadlessBrowser {
 public:
  explicit HeadlessBrowser(PdfOptions options = {});
  ~HeadlessBrowser();
  HeadlessBrowser(const HeadlessBrowser&) = delete;
  HeadlessBrowser& operator=(const HeadlessBrowser&) = delete;

  /// The PDF's bytes (starts with "%PDF-"); throws PdfError. A browser found dead before or during
  /// the print is started again and the print tried once more.
  std::string print(const std::string& html, PrintTimings* timings = nullptr);
  /// The browser's process id, 0 when none runs (for tests).
  int pid() const;
  /// Ends the browser (the next print starts a new one).
  void stop();

 private:
  struct Impl;
  Impl* impl_;
};

/// The web's browser: one per process, created at the first call, closed at exit.
HeadlessBrowser& shared_browser();

/// Writes `html` printed as PDF to `pdf_path` with a browser of its own, started for this print
/// and closed after it; throws PdfError.
void print_pdf(const std::string& html, const std::string& pdf_path, const PdfOptions& options = {},
               PrintTimings* timings = nullptr);

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename; throws
/// InputError naming the path when it cannot be written.
void write_file_atomically(const std::string& path, const std::string& bytes);

}  // namespace greengate::report
