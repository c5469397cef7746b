#pragma once
// Grant screening in the web front end (issue 6): the parts that are not HTTP. The bundled calls
// (rules/calls/*.xml, loaded once with the Taxonomy rules), the firm-file restriction for uploaded
// applicant files, and one screening run (greengate::calc::screen) over uploaded or bundled input.
//
// Firm files: an uploaded applicants CSV names firm files on the applicant's computer, which the
// server cannot read. A firm_file cell is kept only when it is a bare file name of a firm XML in
// the bundled examples/ folder (so the example applicants work as in the CLI); every other one is
// blanked — the applicant is screened as if no firm file were given (its CBAM facts are then
// unknown, never failed) — and listed for the officer. No path outside examples/ is ever opened.

#include <string>
#include <string_view>
#include <vector>

#include "greengate/calc/screening.hpp"
#include "server.hpp"

namespace greengate::web {

/// Every rules/calls/*.xml of `data_dir` with the Taxonomy rules; a file that does not load is
/// left out and its diagnostics appended to `problems`.
std::vector<BundledCall> load_bundled_calls(const std::string& data_dir, Diagnostics& problems);

/// A firm_file cell that is not used because it points outside the allowed folder.
struct DroppedFirmFile {
  int line = 0;       ///< line of the record in the CSV
  std::string value;  ///< as written (echo it escaped)
};

/// A rule of the upload page: `csv` with every firm_file (or firm-file) cell blanked unless it is
/// the bare name of an .xml file directly inside `allowed_dir` (uploads' paths must not reach the
/// server's disk). Line numbers are kept, so later diagnostics still point at the uploaded file.
std::string restrict_firm_files(std::string_view csv, const std::string& allowed_dir,
                                std::vector<DroppedFirmFile>& dropped);

/// A client file name without its folders, at most 100 bytes; `fallback` when empty.
std::string display_name(std::string_view client_name, const std::string& fallback);

/// What a screening request brings: a bundled call (by file name) or an uploaded call file, and
/// the applicants CSV.
struct ScreenInput {
  std::string call;       ///< bundled call file name ("" when uploaded)
  std::string call_xml;   ///< uploaded call file
  std::string call_name;  ///< its display name
  std::string csv;        ///< applicants CSV as uploaded
  std::string csv_name;   ///< its display name
};

/// A finished run: the rule set used, the ranked report, the firm files left out.
struct ScreenRun {
  rules::RuleSet uploaded_set;               ///< when the call was uploaded
  const rules::RuleSet* set = nullptr;       ///< the rule set screened with
  calc::ScreenOptions options;
  calc::ScreeningReport report;
  std::vector<DroppedFirmFile> dropped;
};

/// Loads the call (DefinitionError with file:line for a bad one) and the applicants (InputError),
/// and screens them (ranked list only; calc::explain gives one full record).
void run_screening(const AppContext& app, const ScreenInput& in, ScreenRun& run);

/// Index in run.report.results of the applicant with `id`; throws HttpError 404 when none.
std::size_t applicant_index(const ScreenRun& run, const std::string& id);

/// The zip download: index.html, ranked.csv and one decision record per applicant
/// (report::applicant_html), in `lang` ("tr" or "en").
std::string screening_zip(const ScreenRun& run, const std::string& lang);

}  // namespace greengate::web
