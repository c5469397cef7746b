#pragma once
// The report a consultant signs (issue 16): one document, in Turkish or English, assembled from
// the engine's results for one firm file — embedded emissions with their traces, the obligation
// of every import year with declared exports, the 2026–2034 exposure under the price scenarios,
// the EU Taxonomy screening, the factors used with source, validity and status, the gaps and the
// choices made — and rendered as one self-contained HTML page with print CSS (A4, page numbers,
// running header, no table row split across pages, inline SVG charts, no network). The PDF is
// this HTML printed by headless Chromium (report/pdf_printer.hpp).
//
// Every number of sections 3–5 links to a numbered entry of the appendix ("T-17") that gives its
// formula, inputs, source location (file:line or file:sheet!cell) and legal reference.
// Deterministic: the same input and options give the same HTML byte for byte (no clock, no
// environment; the date is an option). Words come from report/messages.hpp; numbers are rounded
// for display only, in the language's conventions (decimal comma and "%20" in Turkish).
// Units: tCO2e, t, tCO2e/t, MWh, EUR and EUR/tCO2e, always printed with the number.

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "greengate/calc/data_quality.hpp"
#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/calc/footprint.hpp"
#include "greengate/calc/hydrogen.hpp"
#include "greengate/calc/obligation.hpp"
#include "greengate/calc/plausibility.hpp"
#include "greengate/calc/product_footprint.hpp"
#include "greengate/calc/taxonomy.hpp"
#include "greengate/calc/uncertainty.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/provenance.hpp"
#include "greengate/report/messages.hpp"
#include "greengate/report/trace.hpp"

namespace greengate::report {

struct ReportOptions {
  Date date;                    ///< the report's date; also the Taxonomy's evaluation date
  std::string preparer;         ///< empty: a line left to fill in by hand
  std::string program_version;  ///< "greengate 0.1.0"
  std::string input_name;       ///< the input file as the user named it
  std::string input_sha256;     ///< hex SHA-256 of the input file's bytes
  int first_year = 0, last_year = 0;  ///< import years shown; 0: the CBAM period of the money rules
  std::string scenario;         ///< price scenario of section 5; empty: "central", else the first
  /// rules/quality (plausibility thresholds, data-quality weights and bands); null: no grade
  const rules::RuleSet* quality_rules = nullptr;
  /// rules/footprint and rules/hydrogen: section 6's GHG inventory, product footprints and
  /// low-carbon hydrogen test (issue 17); null: section 6 says they were not computed
  const rules::RuleSet* footprint_rules = nullptr;
  const rules::RuleSet* hydrogen_rules = nullptr;
  /// Monte Carlo ranges (calc/uncertainty.hpp) of the SEE of every good and of each year's
  /// certificates and cost: 0 = none; the seed makes them reproducible; max_engine_runs as
  /// calc::UncertaintyOptions (0: no limit)
  std::size_t uncertainty_samples = 0;
  std::uint64_t uncertainty_seed = 1;
  std::size_t uncertainty_max_runs = 0;
};

/// One numbered entry of the appendix.
struct TraceEntry {
  std::string id;     ///< "T-17"
  text::Message title;  ///< what it explains ("CN 7214 20 00, aliaga-mill/eaf")
  const TraceNode* node = nullptr;  ///< into the report's own results
  SourcePos where;    ///< source location of the figure (node, an input, or the firm element)
};

struct YearObligation {
  int year = 0;
  std::optional<calc::ObligationReport> result;
  text::Message gap;                    ///< why it could not be computed (no price …)
  std::vector<std::string> line_trace;  ///< trace id of each line of result->lines
  std::string total_trace;              ///< trace id of the year's totals
  /// Monte Carlo ranges of the year's certificates and cost (options.uncertainty_samples > 0)
  std::optional<calc::UncertaintyResult> uncertainty;
};

/// A row of section 7: a value of the library (or a price, or a rule parameter) the figures use.
struct FactorRow {
  std::string id, name;
  double value = 0;
  std::string unit;
  Provenance provenance;
  std::string used_for;  ///< "embedded emissions", "obligation 2027" …
};

/// A row of section 8: a missing value, a difference settled, or a choice the texts leave open.
struct GapRow {
  enum class Kind { gap, difference, choice, flag } kind = Kind::gap;
  SourcePos pos;
  text::Message where, message;  ///< the engine's words (text/message.hpp)
  std::string effect;          ///< message key: what it does to the result
};

/// A row of the cover's data versions: a factor table with its version and the legal acts its
/// values come from (the table's own source, else the sources of its entries).
struct DataTableRow {
  std::string id, version;
  std::vector<std::string> acts;  ///< "IR (EU) 2025/2621", "Directive 2003/87/EC" … in order met
  std::size_t values = 0;         ///< entries of a table whose entries name their sources
  std::size_t without_act = 0;    ///< of them, entries whose source names no legal act
  std::string publisher;          ///< when no act at all: the source as written (first one)
};

/// The legal acts a source text names, in the order met and each once, in their short form:
/// "Commission Implementing Regulation (EU) 2025/2621 Annex II" -> "IR (EU) 2025/2621";
/// "Directive 2003/87/EC Art 10a" -> "Directive 2003/87/EC"; "IPCC 2006 Guidelines …" -> none.
std::vector<std::string> legal_acts(std::string_view source);

struct FirmReport {
  FirmReport() = default;
  // The traces point into the report's own results: moving keeps them valid, copying would not.
  FirmReport(const FirmReport&) = delete;
  FirmReport& operator=(const FirmReport&) = delete;
  FirmReport(FirmReport&&) = default;
  FirmReport& operator=(FirmReport&&) = default;

  ReportOptions options;
  model::Firm firm;
  calc::EmissionsReport emissions;
  std::vector<YearObligation> obligations;  ///< import years of options with declared exports
  std::optional<calc::ExposureReport> exposure;
  text::Message exposure_gap;
  std::optional<calc::TaxonomyReport> taxonomy;
  text::Message taxonomy_gap;
  /// Beyond CBAM (section 6, issue 17): the firm's Scope 1 and 2 inventory, the footprint of each
  /// declared product and the test of each hydrogen life cycle, for the firm's reporting year,
  /// as `greengate footprint` and `greengate hydrogen` compute them; a part that could not be
  /// computed has its reason in *_gap (and in section 8).
  std::optional<calc::InventoryReport> inventory;
  std::string inventory_gap;
  std::vector<calc::ProductFootprint> products;
  std::vector<std::pair<std::string, std::string>> product_gaps;  ///< product id, why none
  std::vector<calc::HydrogenReport> hydrogen;
  std::string hydrogen_gap;
  /// Monte Carlo ranges of those figures (options.uncertainty_samples > 0): the inventory's, one
  /// per product (same order), the hydrogen life cycles'
  std::optional<calc::UncertaintyResult> inventory_uncertainty;
  std::vector<std::optional<calc::UncertaintyResult>> product_uncertainty;
  std::optional<calc::UncertaintyResult> hydrogen_uncertainty;
  std::vector<std::string> scenarios;
  std::string scenario;  ///< of section 5
  bool user_prices = false;
  std::vector<FactorRow> factors;
  std::vector<DataTableRow> data_tables;  ///< the cover's factor tables
  std::vector<std::string> rule_versions; ///< the rule sets the figures used ("cbam-money …")
  /// Plausibility warnings (calc/plausibility.hpp) of the firm's data, for section 8; empty
  /// without rules/quality (then plausibility_gap says so)
  std::vector<calc::PlausibilityWarning> plausibility;
  text::Message plausibility_gap;
  std::vector<GapRow> gaps;
  /// Monte Carlo ranges of the SEE of every good (options.uncertainty_samples > 0)
  std::optional<calc::UncertaintyResult> see_uncertainty;
  std::vector<TraceEntry> traces;
  std::deque<TraceNode> own_nodes;  ///< traces the report adds (the totals of a year)
  std::vector<std::string> good_trace, process_trace;  ///< trace id per emissions.goods / processes
  /// Data-quality grade and the actions that would raise it (calc/data_quality.hpp, issue 14):
  /// worked out on the exposure, so only when every year 2026-2034 has a price; else the report
  /// says why there is no grade instead of showing one.
  std::optional<calc::QualityReport> quality;
  text::Message quality_gap;
  std::size_t unverified_factors() const;
  const TraceEntry* find_trace(std::string_view id) const;
};

/// Computes everything the report shows. `taxonomy` may be null (no Taxonomy rules given);
/// `input_differences`: what reading a template settled (template against the law).
/// Throws InputError for input found bad only when computing (as the `emissions` command).
FirmReport build_firm_report(const model::Firm& firm, const calc::Dataset& data,
                             const calc::MoneyContext& money, const rules::RuleSet* taxonomy,
                             const ReportOptions& options,
                             const std::vector<calc::Gap>& input_differences = {});

/// The self-contained HTML document (UTF-8).
std::string firm_report_html(const FirmReport& report, Lang lang);

/// Hex SHA-256 (FIPS 180-4) of `bytes`: the cover's fingerprint of the input file.
std::string sha256_hex(std::string_view bytes);

}  // namespace greengate::report
