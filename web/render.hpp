#pragma once
// Render functions: data in, escaped HTML out. Handlers never build HTML themselves.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "greengate/calc/batch.hpp"
#include "greengate/calc/data_quality.hpp"
#include "greengate/calc/plausibility.hpp"
#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/calc/footprint.hpp"
#include "greengate/calc/goods_search.hpp"
#include "greengate/calc/hydrogen.hpp"
#include "greengate/calc/product_footprint.hpp"
#include "greengate/calc/screening.hpp"
#include "greengate/calc/uncertainty.hpp"
#include "greengate/store/assessment_store.hpp"
#include "csv_download.hpp"
#include "quick_check.hpp"
#include "i18n.hpp"

namespace greengate::web {

struct AppContext;
struct FirmForm;
class FirmFormDef;

/// A calculation trace as nested lists, with the factors' status and source.
std::string render_trace(const Catalogue& t, const std::string& id, const std::string& title,
                         const report::TraceNode& n,
                         const std::map<std::string, report::FactorUse>* factors);

/// Shared pieces.
std::string status_flag(const Catalogue& t, Status s);
std::string datalist_goods(const calc::Dataset& data);
std::string datalist_countries(const calc::Dataset& data);

/// Quick check page: the form (values as typed, errors next to fields) and, when computed, the
/// answer. `matches` lists goods found by a search (calc::search_goods), each with the search
/// word it was found by; a CN code read from a 12-digit GTİP code is said so above the answer.
std::string render_quick(const Catalogue& t, const AppContext& app, const QuickInput& in,
                         const FieldErrors& errors, const QuickParse* parsed,
                         const QuickResult* result,
                         const std::vector<calc::GoodsMatch>* matches,
                         const std::string& path_query);

/// Firm assessment form (sections with rows; errors per field and per row) and the upload form.
/// The import-year choice lists the years of `period`; an empty form.year selects the first.
std::string render_firm_form(const Catalogue& t, const FirmFormDef& def, const FirmForm& form,
                             const std::string& csrf,
                             const Diagnostics& unplaced, const std::string& path_query,
                             const calc::CbamPeriod& period);

/// The firm's footprints beyond CBAM (calc/footprint.hpp, product_footprint.hpp, hydrogen.hpp),
/// computed by the engine for the results page; a part the engine refused carries its error
/// message instead (the CBAM results are shown either way).
struct FootprintResults {
  std::optional<calc::InventoryReport> inventory;
  std::string inventory_error;
  std::vector<calc::ProductFootprint> products;
  std::vector<std::pair<std::string, std::string>> product_errors;  ///< product id, message
  std::vector<calc::HydrogenReport> hydrogen;
  std::string hydrogen_error;
  bool available = false;  ///< the footprint rules were loaded
  // The Monte Carlo 95 % ranges next to the figures (calc/uncertainty.hpp), as for the SEE.
  std::optional<calc::UncertaintyResult> inventory_range;
  std::vector<std::optional<calc::UncertaintyResult>> product_ranges;  ///< one per `products`
  std::optional<calc::UncertaintyResult> hydrogen_range;
};

/// The footprint section of the results page: Scope 1 by gas, Scope 2 location- and
/// market-based side by side, biogenic CO2, each product's footprint with its PACT download,
/// each hydrogen life cycle's low-carbon test. Downloads (inventory JSON, PACT JSON per product)
/// go through `saved_id`'s links when the assessment is stored, else through POST forms carrying
/// `hidden` (the results page's hidden fields); both empty: no downloads (the standalone HTML).
std::string footprint_html(const Catalogue& t, const FootprintResults& f, const std::string& hidden,
                           const std::string& saved_id);

struct ResultsView {
  const calc::EmissionsReport* report = nullptr;
  const model::Firm* firm = nullptr;
  const calc::ObligationReport* obligation = nullptr;  ///< certificates in the import year
  const calc::ExposureReport* exposure = nullptr;      ///< 2026–2034 (needs a price every year)
  const calc::PlausibilityReport* plausibility = nullptr;  ///< warnings about the firm's data
  const calc::QualityReport* quality = nullptr;        ///< data-quality score (with the exposure)
  const calc::UncertaintyResult* uncertainty = nullptr;  ///< Monte Carlo ranges of the SEE
  const FootprintResults* footprint = nullptr;  ///< Scope 1/2, products, hydrogen
  const calc::UncertaintyResult* obligation_uncertainty = nullptr;  ///< ranges of the certificates and cost
  std::string price;          ///< as typed ("" = published prices)
  std::string money_note;     ///< why obligation or exposure is not shown (catalogue text)
  std::string xml;            ///< the firm file the results come from
  std::string prices_csv;     ///< uploaded price scenarios (replace `price`), carried to downloads
  std::string prices_name;    ///< its display name
  std::string saved_id;       ///< non-empty when the assessment is stored
  std::string saved_name;
  std::string csrf;
  bool standalone = false;    ///< the downloadable HTML report: no forms, no navigation
};

/// Results: SEE per good, processes and streams, exports, charts, factors, gaps and the trace of
/// every figure.
std::string render_results(const Catalogue& t, const AppContext& app, const ResultsView& v,
                           const std::string& path_query);

struct TemplateExportView {
  const calc::EmissionsReport* report = nullptr;  ///< what the template was filled from
  const Diagnostics* notes = nullptr;             ///< what the template cannot express
  std::string version;                            ///< of the blank filled ("2.1.1 (2024-12-13)")
  std::string download;                           ///< the download control, already HTML
};
/// The filled Communication template's page: the export's notes, the goods' SEE and the download.
std::string render_template_export(const Catalogue& t, const TemplateExportView& v,
                                   const std::string& path_query);

std::string render_saved_list(const Catalogue& t, const std::vector<store::AssessmentSummary>& rows,
                              const std::string& csrf, const std::string& path_query);

struct BatchView {
  std::string csrf, price;
  std::string prices_name;                ///< uploaded price scenarios file, when one was given
  std::vector<calc::BatchResult> results;  ///< after an upload: one run per price scenario
  /// Summary rows of each run; results[k].rows keeps the first kBatchRowsShown of them only.
  std::vector<std::size_t> rows_total;
  std::vector<calc::BatchReject> rejects;  ///< the first ones
  std::uint64_t max_upload = 0;            ///< bytes, for the hint
  CsvDialect csv = CsvDialect::rfc4180;    ///< of the summary downloads (the page's language's)
};
/// Summary rows shown on the batch page per price scenario; above it the page says how many there
/// are and the whole summary is the CSV download (fmt=csv), so a page stays small.
constexpr std::size_t kBatchRowsShown = 2000;
/// The choice of CSV dialect for downloads (field csv_dialect), `selected` chosen.
std::string csv_dialect_select(const Catalogue& t, const std::string& id, CsvDialect selected);
/// Batch page: upload form and, after an upload, the summary per declarant and year for each
/// price scenario, with the summary CSV of each as a download (data: link, no server state).
std::string render_batch(const Catalogue& t, const BatchView& v, const std::string& path_query);
/// The parts of a streamed batch page: the form, one progress line (shown while the run works;
/// CSS shows only the last one), and the results.
std::string render_batch_form(const Catalogue& t, const BatchView& v);
std::string render_batch_progress(const Catalogue& t, const std::string& scenario, std::uint64_t bytes,
                                  std::uint64_t total, std::uint64_t lines);
std::string render_batch_results(const Catalogue& t, const BatchView& v);

struct BundledCall;
struct ScreenInput;
struct ScreenRun;
struct ScreenView {
  std::string csrf;
  const std::vector<BundledCall>* calls = nullptr;  ///< bundled calls to pick from
  const ScreenInput* input = nullptr;  ///< after an upload: carried in hidden fields
  const ScreenRun* run = nullptr;      ///< after an upload: the ranked list
};
/// Screening page: the upload form (bundled calls to pick from) and, after an upload, the ranked
/// table with a detail button per applicant and the zip download.
std::string render_screen(const Catalogue& t, const ScreenView& v, const std::string& path_query);
/// One applicant's decision record: data, verdict and reasons, budget position, every criterion
/// (result, reason, reference, parameters, facts), the sections and notes.
std::string render_screen_detail(const Catalogue& t, const ScreenView& v, const calc::ApplicantResult& r,
                                 const std::string& path_query);

}  // namespace greengate::web
