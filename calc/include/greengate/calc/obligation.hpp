#pragma once
// CBAM certificates and their cost (definitive period, from 2026).
//
// Per good g imported in year y (Reg. 2023/956 Art 6(2)(c), 9, 31; IR 2025/2620):
//   embedded  EE  = q × SEE            SEE: actual (verified) counted SEE, or default total × (1 + mark-up_y)
//   adjustment FAA = q × SEFA           SEFA on defaults: CBAM_y × CSCF_y × BM_B(cn, route)
//                                       SEFA on actual data: CBAM_y × CSCF_y × BM_A + Σ m_i × SEFA_i
//                                       (or the SEFA communicated by the producer); 0 for electricity
//   Art. 9    RED = EE × carbon price paid / certificate price   (actual emissions only)
//   certificates N = max(0, EE − FAA − RED);   cost = N × price_y
// CBAM_y is the share of free allocation *kept* (97.5 % in 2026 … 0 from 2034): the importer pays
// on the complement. A missing benchmark leaves FAA unknown: certificates are then computed without
// it (an upper bound) and flagged. Prices come from the factor library (published quarterly 2026
// prices) or from user scenarios; a year without a price is an error.
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

/// Certificate prices by scenario and year.
class PriceBook {
 public:
  /// One scenario "user" with the same price every year.
  static PriceBook flat(double eur_per_tco2e);
  /// CSV with header `period,price` (one scenario) or `period,low,central,high`; period is YYYY or
  /// YYYY-Qn (quarters of a year are averaged, with a note). Errors name file:line and column.
  static LoadResult<PriceBook> from_csv_text(std::string_view text, const std::string& display);
  static LoadResult<PriceBook> from_csv_file(const std::string& path, const std::string& display);
  /// The published CBAM certificate prices of the factor library (price.cbam_certificate).
  static PriceBook published(const factors::FactorLibrary& lib);

  const std::vector<std::string>& scenarios() const { return names_; }
  struct Price {
    units::EurPerTco2e value;
    std::string source;  ///< where it came from, incl. caveats
    bool flagged = false;  ///< e.g. only part of the year's quarters known
  };
  std::optional<Price> price(const std::string& scenario, int year) const;
  /// Years of `years` without a price in some scenario.
  std::vector<int> missing(const std::vector<int>& years) const;
  bool is_user() const { return user_; }

 private:
  std::vector<std::string> names_;
  std::map<std::string, std::map<int, Price>> by_scenario_;
  bool user_ = false;
};

struct MoneyContext {
  const Dataset& data;
  const rules::RuleSet& money;  ///< rules/cbam/money.xml
  const PriceBook& prices;
  std::optional<double> cscf;   ///< user value; else parameter cbam.cscf (a flagged placeholder)
  const factors::FactorLibrary* user_benchmarks = nullptr;  ///< replaces the library's benchmarks
};

/// CBAM factor, CSCF and their provenance for a year.
struct YearParams {
  int year = 0;
  double cbam_factor = 0;  ///< fraction of free allocation kept
  const factors::Factor* cbam_factor_src = nullptr;
  double cscf = 1;
  bool cscf_user = false;
  rules::ParamUse cscf_param;
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
  flag_unverified_data = 1u << 8,
};
std::vector<std::string> flag_names(unsigned flags);

/// One imported good (a declaration line or an exported lot).
struct LineInput {
  std::string cn;
  int year = 2026;
  std::string origin;  ///< alpha-2
  std::string route;   ///< benchmark route / TARIC line (optional)
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
  double sefa = 0;       ///< SEFA used, tCO2e/t
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
};

struct ExposureGood {
  std::string cn, installation;
  std::vector<ExposureCell> cells;  ///< per year 2026..2034 and scenario
};

struct ExposureReport {
  EmissionsReport emissions;
  std::vector<std::string> scenarios;
  std::vector<int> years;
  std::vector<ExposureGood> goods;
};

/// 2026–2034 exposure of each exported good: on actual data and on default values, under every
/// price scenario. Years without a declared export repeat the last declared quantity (flagged).
ExposureReport firm_exposure(const MoneyContext& ctx, const model::Firm& firm);

}  // namespace greengate::calc
