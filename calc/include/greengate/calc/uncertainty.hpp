#pragma once
// Uncertainty of results by Monte Carlo simulation (IPCC 2006 Guidelines Vol. 1 Ch. 3,
// Approach 2), over the uncertainties the library and the firm file hold:
//  - the IPCC 2006 95 % bounds of the fuels' net calorific values and CO2 emission factors
//    (factors/ipcc-fuels.xml, `lower`/`upper`), for every source that takes them from the library;
//  - the firm's own measurement uncertainty where the file states it (`uncertainty`, per cent of
//    the quantity at 95 % confidence, IR (EU) 2025/2547 Annex I point 1(1)) on a <stream>, <fuel>,
//    <mobile>, <electricity> or <heat>.
// Everything else (Commission default values, grid factors, GWPs, carbonate factors, supplier
// values) carries no uncertainty in the library and is held fixed: the ranges are the part of the
// uncertainty GreenGate can quantify, and every result says so.
//
// Distributions. Each variable is drawn as a ratio r to the value the deterministic result uses:
// z standard normal, r = 1 + z·σ₋ for z < 0 and r = 1 + z·σ₊ otherwise, σ₋ = (v − lower)/(1.96 v),
// σ₊ = (upper − v)/(1.96 v), floored at 0 (a negative NCV or quantity does not exist). The value
// is the median, `lower` and `upper` the 2.5 % and 97.5 % points: the three numbers IPCC gives,
// nothing assumed beyond them. Symmetric bounds (every measurement) make it the normal
// distribution. A factor used by several sources is one variable, drawn once per sample: its
// uses are fully correlated. Different factors and measurements are independent.
//
// Method. Every result of the engine is multilinear in these ratios: a sum of products in which
// each variable appears at most once (FQ × NCV × EF, sums over sources, precursors and exports).
// GreenGate therefore does not re-implement any calculation: it runs the engine itself with each
// source's variables, alone and together, moved by 10 % (2^k − 1 runs for a source with k
// variables), recovers the coefficients of the products exactly, checks the recovered model
// against one more engine run at a random point, and samples the model. Certificates are
// max(0, embedded − adjustment − Art. 9 deduction) per export on top of it (the engine's money
// arithmetic); a result that the check finds is not multilinear keeps no range and says why.
//
// Random numbers: std::mt19937_64 (its sequence is fixed by the C++ standard) seeded with `seed`;
// uniforms (k + 0.5)/2^53 from the top 53 bits; normals by the inverse normal distribution
// function (Acklam's rational approximation, relative error < 1.2e-9; arithmetic, sqrt and log
// only), never std::normal_distribution (implementation-defined). Same seed, same figures.
//
// Statistics per result: mean, standard deviation, 2.5 %, 50 % and 97.5 % points (linear
// interpolation between order statistics, h = (N − 1) p), and the largest contributors: each
// variable's share of the variance, ρ² / Σ ρ² (ρ its correlation with the result).
//
// Units: each figure states its unit (tCO2e/t, tCO2e, EUR, tCO2e per declared unit).

#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "greengate/calc/dataset.hpp"
#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/calc/footprint.hpp"
#include "greengate/calc/hydrogen.hpp"
#include "greengate/calc/obligation.hpp"
#include "greengate/calc/product_footprint.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/provenance.hpp"

namespace greengate::calc {

/// Φ⁻¹(p), the standard normal quantile, for 0 < p < 1 (Acklam's algorithm).
double normal_quantile(double p);

/// Standard normal numbers from std::mt19937_64(seed), by inversion of (k + 0.5)/2^53.
class NormalDraws {
 public:
  explicit NormalDraws(std::uint64_t seed) : gen_(seed) {}
  double next() { return normal_quantile((static_cast<double>(gen_() >> 11) + 0.5) * 0x1.0p-53); }

 private:
  std::mt19937_64 gen_;
};

enum class VariableKind { library_factor, measurement };

/// One uncertain input.
struct UncertainVariable {
  VariableKind kind = VariableKind::library_factor;
  std::string id;     ///< factor id, or the element path of the measured quantity
  std::string label;  ///< "Petroleum coke: CO2 emission factor", "quantity of stream petcoke"
  double value = 0, lower = 0, upper = 0;  ///< factors: as written, in `unit`; measurements: 0
  std::string unit;
  double rel_minus = 0, rel_plus = 0;  ///< (v − lower)/v and (upper − v)/v: the 95 % half-ranges
  std::string source;  ///< the factor's source; "firm file" for measurements
  SourcePos pos;       ///< where the bounds or the uncertainty were written
  int uses = 0;        ///< sources it enters (> 1: correlated uses)
};

struct Contribution {
  std::size_t variable = 0;  ///< index into UncertaintyResult::variables
  double share = 0;          ///< of the variance, 0..1
};

/// One result with its range.
struct UncertainFigure {
  std::string key;    ///< machine key: "good:72142000:mill/rolling", "export:3", "scope1" …
  std::string label;  ///< for people
  std::string unit;
  double deterministic = 0;  ///< the engine's figure
  double mean = 0, sd = 0, p025 = 0, median = 0, p975 = 0;
  bool varies = false;  ///< depends on at least one uncertain input
  std::string unavailable;  ///< why no range could be given (empty: the range is valid)
  std::vector<Contribution> contributors;  ///< largest first, all with share ≥ 0.1 %
  /// The 95 % half-ranges relative to the deterministic figure, (v − p2.5)/|v| and (p97.5 − v)/|v|;
  /// nullopt when the figure is 0 (no relative range).
  std::optional<double> rel_minus() const {
    return deterministic != 0 ? std::optional<double>((deterministic - p025) / std::abs(deterministic)) : std::nullopt;
  }
  std::optional<double> rel_plus() const {
    return deterministic != 0 ? std::optional<double>((p975 - deterministic) / std::abs(deterministic)) : std::nullopt;
  }
};

struct UncertaintyOptions {
  std::size_t samples = 10000;
  std::uint64_t seed = 1;
  /// 0: no limit; else a file that needs more engine runs gets its figures without ranges and a
  /// note (the web bounds the work one request may cause).
  std::size_t max_engine_runs = 0;
};

struct UncertaintyResult {
  std::size_t samples = 0;
  std::uint64_t seed = 0;
  std::string generator;
  std::vector<UncertainVariable> variables;
  std::vector<UncertainFigure> figures;
  std::size_t engine_runs = 0;  ///< deterministic runs that built the response model
  std::vector<std::string> notes;
  const UncertainFigure* find(std::string_view key) const;
};

/// The key of a good's SEE figure in emissions_uncertainty's result.
std::string figure_key(const GoodResult& g);

/// SEE of every CBAM good and embedded emissions of every export (greengate emissions).
UncertaintyResult emissions_uncertainty(const model::Firm& firm, const Dataset& data,
                                        const EmissionsOptions& options,
                                        const UncertaintyOptions& u);
/// Certificates of every export of `year` and their total and cost (greengate obligation).
UncertaintyResult obligation_uncertainty(const MoneyContext& ctx, const model::Firm& firm,
                                         int year, const std::string& scenario,
                                         const UncertaintyOptions& u);
/// Scope 1, Scope 2 (both methods), biogenic CO2 of the inventory (greengate footprint).
UncertaintyResult inventory_uncertainty(const model::Firm& firm, const Dataset& data,
                                        const rules::RuleSet& rules,
                                        const InventoryOptions& options,
                                        const UncertaintyOptions& u);
/// The product footprint per declared unit, market- and location-based (footprint --product).
UncertaintyResult product_uncertainty(const model::Firm& firm, const Dataset& data,
                                      const rules::RuleSet& rules, const std::string& product_id,
                                      const ProductOptions& options, const UncertaintyOptions& u);

/// Life-cycle intensity of every hydrogen life cycle (greengate hydrogen): gCO2e/MJ and
/// kgCO2e/kgH2, against the DR (EU) 2025/2359 ceiling (the ceiling itself is fixed).
UncertaintyResult hydrogen_uncertainty(const model::Firm& firm, const Dataset& data,
                                       const rules::RuleSet& h2_rules, const rules::RuleSet& footprint_rules,
                                       const rules::RuleSet* taxonomy, const std::string& id,
                                       const HydrogenOptions& options, const UncertaintyOptions& u);

}  // namespace greengate::calc
