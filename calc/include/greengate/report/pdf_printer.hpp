#pragma once
// Printing a report's HTML to PDF with headless Chromium (Debian packages `chromium-headless-shell`
// or `chromium`), for the CLI
// and the web alike. The HTML goes to a private temporary folder (with a fresh browser profile);
// Chromium prints to a temporary file beside the destination, which is renamed into place only
// when it is a complete PDF — a failure never leaves a partial file under the destination's name.
// Nothing is fetched: the page is self-contained and host resolution is switched off.

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

/// Writes `html` printed as PDF to `pdf_path`; throws PdfError.
void print_pdf(const std::string& html, const std::string& pdf_path, const PdfOptions& options = {});

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename; throws
/// InputError naming the path when it cannot be written.
void write_file_atomically(const std::string& path, const std::string& bytes);

}  // namespace greengate::report
