#pragma once
// CBAM certificates and their cost (definitive period, from 2026).
//
// Per good g imported in year y (Reg. 2023/956 Art 6(2)(c), 9, 31; IR 2025/2620):
//   embedded  EE  = q × SEE            SEE: actual (verified) counted SEE, or default total × (1 + mark-up_y)
//   adjustment FAA = q × SEFA           SEFA on defaults: CBAM_y × CSCF_y × BM_B(cn, route of the
//                                       origin's default row, year band)  (IR 2025/2620 Annex 4, 5.1)
//                                       SEFA on actual data: CBAM_y × CSCF_y × BM_A(cn of the good) +
//                                       Σ m_i × SEFA_i (or the SEFA communicated by the producer)
//                                       (Annex 3.1, 3.3); 0 for electricity (Art 1(2))
//   Art. 9    RED = EE × carbon price paid / certificate price   (actual emissions only)
//   certificates N = max(0, EE − FAA − RED);   cost = N × price
// CBAM_y is the share of free allocation *kept* (97.5 % in 2026 … 0 from 2034): the importer pays
// on the complement. A missing benchmark leaves FAA unknown: certificates are then computed without
// it (an upper bound) and flagged. Prices come from the factor library (the published price of the
// calendar quarter of importation in 2026, Reg 2023/956 Art 21(1a)) or from user scenarios; the
// rule for an import whose quarter is not known is a parameter of rules/cbam/money.xml. A period
// without a price is an error, never a guess.
// Units: q in t (MWh for electricity), SEE/SEFA in tCO2e/t (tCO2e/MWh), money in EUR.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "greengate/calc/dataset.hpp"
#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/report/trace.hpp"
#include "greengate/rules/evaluator.hpp"
#include "greengate/rules/rule_set.hpp"
#include "greengate/units/money.hpp"
#include "greengate/units/quantities.hpp"

namespace greengate::calc {

/// How the price of an import whose calendar quarter is not known is found (money rule
/// cbam.price.quarter_unknown): the mean of the year's known quarterly prices (flagged when some
/// are missing), or no price at all.
enum class QuarterUnknown { mean_of_known_quarters, gap };

/// Certificate prices by scenario, year and (optionally) calendar quarter.
class PriceBook {
 public:
  /// One scenario "user" with the same price every year.
  static PriceBook flat(double eur_per_tco2e);
  /// CSV with header `period,price` (one scenario) or `period,low,central,high`; period is YYYY or
  /// YYYY-Qn. Errors name file:line and column.
  static LoadResult<PriceBook> from_csv_text(std::string_view text, const std::string& display);
  static LoadResult<PriceBook> from_csv_file(const std::string& path, const std::string& display);
  /// The published CBAM certificate prices of the factor library (price.cbam_certificate), one
  /// per calendar quarter of 2026.
  static PriceBook published(const factors::FactorLibrary& lib);

  const std::vector<std::string>& scenarios() const { return names_; }
  /// The scenario a result uses when none is asked for: "central" when the book has one, else
  /// its first (a book always has at least one).
  const std::string& default_scenario() const;
  /// `requested`, or default_scenario() when `requested` is empty; nullopt when the book has no
  /// scenario of that name.
  std::optional<std::string> choose_scenario(std::string_view requested) const;
  struct Price {
    units::EurPerTco2e value;
    std::string source;  ///< where it came from, incl. the rule that chose it and caveats
    bool flagged = false;  ///< e.g. a mean over only part of the year's quarters
    bool quarter_rule = false;  ///< found by the rule for an unknown import quarter
  };
  /// The price for an import in `year`, calendar quarter `quarter` (1–4, or 0 = not known):
  /// the quarter's price, else the scenario's price for the whole year; for an unknown quarter the
  /// year's price, else as `rule` says. nullopt when there is none (a gap).
  std::optional<Price> price(const std::string& scenario, int year, int quarter = 0,
                             QuarterUnknown rule = QuarterUnknown::mean_of_known_quarters) const;
  /// Years of `years` without a price (for an import of unknown quarter) in some scenario.
  std::vector<int> missing(const std::vector<int>& years,
                           QuarterUnknown rule = QuarterUnknown::mean_of_known_quarters) const;
  bool is_user() const { return user_; }

 private:
  struct Year {
    std::optional<Price> whole;         ///< a price for the whole year
    std::map<int, Price> quarters;      ///< 1..4
  };
  std::vector<std::string> names_;
  std::map<std::string, std::map<int, Year>> by_scenario_;
  std::optional<Price> every_year_;  ///< flat(): the same price in every year
  bool user_ = false;
};

struct MoneyContext {
  const Dataset& data;
  const rules::RuleSet& money;  ///< rules/cbam/money.xml
  const PriceBook& prices;
  std::optional<double> cscf;   ///< user value; else parameter cbam.cscf (a flagged placeholder)
  /// The benchmark table in force (the library's with a user table laid over it); nullptr: the
  /// library's own (IR 2025/2620).
  const factors::BenchmarkTable* benchmarks = nullptr;
};

/// The benchmark table a run uses.
const factors::BenchmarkTable& benchmark_table(const MoneyContext& ctx);

/// CBAM factor, CSCF and their provenance for a year.
struct YearParams {
  int year = 0;
  double cbam_factor = 0;  ///< fraction of free allocation kept
  const factors::Factor* cbam_factor_src = nullptr;
  /// The fraction of free allocation phased out in the year, 1 - CBAM_y (the importer pays for it).
  double free_allocation_phased_out() const { return 1.0 - cbam_factor; }
  double cscf = 1;
  bool cscf_user = false;
  rules::ParamUse cscf_param;
  QuarterUnknown quarter_unknown = QuarterUnknown::mean_of_known_quarters;
  rules::ParamUse quarter_rule;  ///< cbam.price.quarter_unknown, as used
};
/// Throws InputError when the factor library has no CBAM factor for the year.
YearParams year_params(const MoneyContext& ctx, int year);

enum LineFlag : unsigned {
  flag_default_values = 1u << 0,
  flag_sefa_estimated = 1u << 1,
  flag_benchmark_missing = 1u << 2,
  flag_out_of_scope = 1u << 3,
  flag_default_missing = 1u << 4,
  flag_cscf_placeholder = 1u << 5,
  flag_art9_ignored = 1u << 6,
  flag_price_partial = 1u << 7,
  flag_unverified_data = 1u << 8,      ///< a supplier's actual values are not verified
  flag_benchmark_provisional = 1u << 9,  ///< provisional 2026 benchmark used for a later year
  flag_benchmark_projected = 1u << 10,   ///< no year band covers the year: last band carried forward
  flag_price_quarter_unknown = 1u << 11, ///< the import quarter is not known: the year's rule priced it
};
std::vector<std::string> flag_names(unsigned flags);

/// One imported good (a declaration line or an exported lot).
struct LineInput {
  std::string cn;
  int year = 0;        ///< import year (of the CBAM period)
  int quarter = 0;     ///< calendar quarter of importation 1–4, 0 = not known
  std::string origin;  ///< alpha-2
  /// Route or grade stated for the line (optional): picks the TARIC line of the default value
  /// (A/B clinker) and wins over the route of the origin's default row for the benchmark.
  std::string route;
  /// Picks the TARIC line of the default value only (e.g. the producing process's route for a
  /// good declared on defaults, which must not override the default row's benchmark route).
  std::string taric_route;
  bool electricity = false;
  units::Mass mass;      ///< goods
  units::Energy energy;  ///< electricity
  bool actual = false;
  units::EmissionIntensity see;         ///< counted SEE per t (actual)
  units::EnergyEmissionFactor see_el;   ///< counted SEE per MWh (actual electricity)
  std::optional<units::EmissionIntensity> sefa;  ///< communicated by the producer
  /// SEFA worked out from the firm's own data (Column A + precursors), if any
  std::optional<units::EmissionIntensity> sefa_actual;
  report::TraceNode sefa_trace;
  std::string sefa_gap;  ///< the firm's SEFA could not be worked out (benchmark missing)
  double carbon_price_paid = 0;  ///< EUR/tCO2e, net of rebates
  /// Look-ups the caller has already made for this line, with the same cn (scope) and cn, origin,
  /// year and route (default value); compute_line makes each itself when it is null. Not owned.
  const rules::ScopeResult* known_scope = nullptr;
  const DefaultWithMarkup* known_default = nullptr;
};

struct LineResult {
  bool in_scope = true;
  bool defaults_used = false;
  units::Co2eMass embedded;
  std::optional<units::Co2eMass> faa;  ///< nullopt: benchmark missing
  units::Co2eMass art9;
  units::Co2eMass certificates;
  units::Eur cost;
  units::EurPerTco2e price;
  double cbam_factor = 0, cscf = 1;
  double see = 0;        ///< counted SEE used, tCO2e/t or /MWh
  double sefa = 0;       ///< SEFA used, tCO2e/t (meaningful only when faa is known)
  std::string price_source;  ///< which price and which rule priced the line
  text::Message benchmark_how;  ///< how the benchmark was chosen (route, band, column)
  unsigned flags = 0;
  std::string gap;       ///< why something could not be determined
  report::TraceNode trace;
};

/// The money arithmetic of one good (Reg. 2023/956 Art 6(2)(c), 9, 31): the one place where
/// embedded emissions become certificates and euros. compute_line and the batch (batch.hpp) both
/// use it, so a declaration line gives the same numbers whichever path computes it.
///   embedded = q × SEE;  faa = q × SEFA;  art9 = embedded × carbon price paid / price (actual
///   values only, else 0);  certificates = max(0, embedded − faa − art9);  cost = certificates × price
/// Plain numbers in the units named (q in t, or MWh for electricity; SEE and SEFA in tCO2e per t or
/// per MWh; prices in EUR/tCO2e; results in tCO2e and EUR): it runs once per line of
/// multi-million-line files, so callers convert to and from quantities at their edges.
struct MoneyAmounts {
  double embedded_tco2e = 0, faa_tco2e = 0, art9_tco2e = 0, certificates = 0, cost_eur = 0;
};
inline MoneyAmounts money_amounts(double q, double see, double sefa, double price_eur,
                                  double carbon_price_paid_eur, bool actual) {
  MoneyAmounts m;
  m.embedded_tco2e = q * see;
  m.faa_tco2e = q * sefa;
  if (actual && carbon_price_paid_eur > 0)
    m.art9_tco2e = m.embedded_tco2e * carbon_price_paid_eur / price_eur;
  double net = m.embedded_tco2e - m.faa_tco2e - m.art9_tco2e;
  m.certificates = net > 0 ? net : 0.0;  // floored at zero per good
  m.cost_eur = m.certificates * price_eur;
  return m;
}

/// The whole chain for one line in one price scenario. Throws InputError for a year without price.
LineResult compute_line(const MoneyContext& ctx, const LineInput& in, const std::string& scenario,
                        bool with_trace = true);

// ---- firm files -----------------------------------------------------------------------------

struct ExportObligation {
  ExportResult emissions;  ///< embedded emissions of the export (engine result)
  LineResult line;
  std::string buyer;       ///< importer, or "buyer in <destination>"
  bool exempt = false;     ///< de minimis for that buyer and year
};

struct DeMinimis {
  std::string buyer;
  int year = 0;
  units::Mass mass;  ///< counted mass
  bool exempt = false;
  rules::RuleResult rule;
};

/// The de minimis rule's terms in force on 1 January of `year` (rules/cbam/money.xml):
/// the threshold on the cumulative net mass per importer and year, the sectors outside it, and
/// the act. nullopt when the rules hold no threshold for that year.
struct DeMinimisTerms {
  units::Mass threshold;
  std::vector<std::string> excluded_sectors;
  std::string ref;
};
std::optional<DeMinimisTerms> de_minimis_terms(const rules::RuleSet& money, int year);

struct ObligationReport {
  EmissionsReport emissions;
  int year = 0;
  std::string scenario;
  YearParams params;
  std::vector<ExportObligation> lines;
  std::vector<DeMinimis> de_minimis;
  std::vector<rules::RuleResult> rule_results;
  units::Co2eMass total_embedded, total_faa, total_art9, total_certificates;
  units::Eur total_cost;
  bool faa_incomplete = false;
};

/// Certificates for every export of `firm` in import year `year`.
ObligationReport firm_obligation(const MoneyContext& ctx, const model::Firm& firm, int year,
                                 const std::string& scenario);

struct ExposureCell {
  int year = 0;
  std::string scenario;
  units::Mass quantity;
  bool projected = false;  ///< quantity carried over from the last declared year
  LineResult actual, defaults;
  bool has_actual = false;
  units::Eur saving() const { return defaults.cost - (has_actual ? actual.cost : defaults.cost); }
  bool default_missing() const { return (defaults.flags & flag_default_missing) != 0; }
};

struct ExposureGood {
  std::string cn, installation;
  std::vector<ExposureCell> cells;  ///< per year 2026..2034 and scenario
};

/// All goods of one year and scenario. "Actual" sums each good's actual-data figure, or its
/// default-value figure where it has no actual data; goods without a default value are left out of
/// the default sums (and named), never counted as zero silently.
struct ExposureTotal {
  int year = 0;
  std::string scenario;
  units::Co2eMass certificates_actual, certificates_default;
  units::Eur cost_actual, cost_default;
  bool actual_upper_bound = false;   ///< a good's adjustment is unknown: its figure is an upper bound
  bool default_upper_bound = false;
  std::vector<std::string> left_out;  ///< goods without a default value ("7214 20 00 from mill")
  units::Eur saving() const { return cost_default - cost_actual; }
};

struct ExposureReport {
  EmissionsReport emissions;
  std::vector<std::string> scenarios;
  std::vector<int> years;
  std::vector<ExposureGood> goods;
  std::vector<ExposureTotal> totals;  ///< per scenario (in order) and year
};

/// 2026–2034 exposure of each exported good: on actual data and on default values, under every
/// price scenario. Years without a declared export repeat the last declared quantity (flagged).
ExposureReport firm_exposure(const MoneyContext& ctx, const model::Firm& firm);

}  // namespace greengate::calc
