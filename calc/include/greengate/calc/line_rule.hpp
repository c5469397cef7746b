#pragma once
// The one line rule (issue 13): what one declared good owes, decided in one place for both paths
// that compute it — compute_line (greengate obligation, exposure, report, the web) and the batch
// workers (greengate batch, the web's batch page).
//
//   line_terms    what a line's result depends on besides its own numbers: scope, the default
//                 value with the year's mark-up (default-value lines), the Column B benchmark
//                 adjustment CBAM_y × CSCF × BM_B, and the flags they carry. Decided once per
//                 (CN code, origin, import year, route, actual values or not): the batch keeps one
//                 per key for millions of lines, compute_line makes one per line.
//   line_amounts  the line's own numbers on those terms: the SEE used (actual or default), the
//                 SEFA used (the line's own, else the benchmark's, zero for electricity), the Art 9
//                 rule, then money_amounts (obligation.hpp) at the period's price.
//
// The look-ups line_terms rests on are made by the caller (LineSources): compute_line asks the
// data set, the batch its caches of the same look-ups. Plain numbers in the units of
// money_amounts (t or MWh, tCO2e per t or per MWh, EUR per tCO2e): line_amounts runs once per
// line of multi-million-line files.

#include <cstdint>
#include <string>
#include <string_view>

#include "greengate/calc/batch.hpp"
#include "greengate/calc/obligation.hpp"

namespace greengate::calc {

/// Flags of the benchmark look-up, which a line with its own SEFA (or none to be had) does not make.
inline constexpr unsigned kBenchmarkLookupFlags =
    flag_sefa_estimated | flag_benchmark_missing | flag_benchmark_provisional | flag_benchmark_projected;

/// The terms of a line that do not depend on its own numbers. 24 bytes, so that the batch's key
/// table holds two and a half per cache line.
struct LineTerms {
  double see_default = 0;     ///< tCO2e/t: default value × (1 + mark-up of the year) (default-value lines)
  double sefa_benchmark = 0;  ///< tCO2e/t: CBAM_y × CSCF × Column B (0 when missing, or electricity)
  std::uint16_t flags = 0;    ///< LineFlag bits of a line without its own SEFA and carbon price, price aside
  bool in_scope = false;      ///< a CBAM good from a CBAM origin
  bool electricity = false;   ///< quantities in MWh, no adjustment (IR 2025/2620 Art 1(2))
  bool default_missing = false;  ///< a default-value line without a default value: nothing is computed
  bool faa_known = true;      ///< the benchmark was found (or not needed: electricity)
};
static_assert(kLineFlagCount <= 16, "LineTerms::flags holds every flag bit");

/// A default value as line_terms needs it.
struct DefaultTerm {
  bool found = false;
  units::EmissionIntensity marked_up_total;  ///< default total × (1 + mark-up of the import year)
  std::string_view route;                    ///< route of the default row used (IR 2025/2620 Annex pt 5.1)
};
/// A Column B benchmark as line_terms needs it.
struct BenchmarkTerm {
  bool found = false;
  units::EmissionIntensity intensity;
  bool provisional = false;      ///< the provisional 2026 value used for a later year
  bool carried_forward = false;  ///< no year band covers the year: the last band carried forward
};

/// The look-ups of one line's terms: its CN code, origin, import year and stated route are the
/// source's own. Called at most once each per line_terms.
class LineSources {
 public:
  /// The Commission default value of the line's good and origin (TARIC line / route as stated),
  /// marked up for its import year (IR 2025/2621; default_with_markup).
  virtual DefaultTerm default_value() = 0;
  /// Column B for the line's code and year, on the stated route, else on `default_route` (the
  /// route of the origin's default row; empty for a line on actual values).
  virtual BenchmarkTerm benchmark(std::string_view default_route) = 0;

 protected:
  ~LineSources() = default;
};

/// The terms of a line in import year `yp.year`. Out of scope: only flag_out_of_scope, nothing else
/// looked up.
LineTerms line_terms(const YearParams& yp, bool in_scope, bool electricity, bool actual, LineSources& sources);

/// The line's own numbers.
struct LineNumbers {
  double quantity = 0;  ///< t, or MWh for electricity
  bool actual = false;  ///< actual (counted) emissions declared
  double see_actual = 0;  ///< counted SEE, tCO2e per t or per MWh (actual values)
  /// The line's own SEFA: none (the benchmark's is used), given (sefa), or unknown (the firm's own
  /// could not be worked out: no adjustment, flagged benchmark_missing).
  enum class OwnSefa : std::uint8_t { none, given, unknown } own_sefa = OwnSefa::none;
  double sefa = 0;               ///< tCO2e/t, when own_sefa is given
  double carbon_price_paid = 0;  ///< EUR/tCO2e, net of rebates (Art 9)
};

struct LineAmounts {
  bool computed = false;  ///< in scope and with a SEE: the amounts below mean something
  double see = 0;         ///< SEE used
  double sefa = 0;        ///< SEFA used
  bool faa_known = true;
  unsigned flags = 0;     ///< the terms' flags as they apply to this line, with the price's
  MoneyAmounts money;
};

/// The line's amounts at `price_eur` (the price of its import period, whose flags are
/// `price_flags`). The one place where a line's SEE and SEFA are chosen.
inline LineAmounts line_amounts(const LineTerms& t, const LineNumbers& n, double price_eur, unsigned price_flags) {
  LineAmounts a;
  a.flags = t.flags;
  if (!t.in_scope) return a;
  a.flags |= price_flags;
  if (t.default_missing) return a;
  a.computed = true;
  a.see = n.actual ? n.see_actual : t.see_default;
  if (t.electricity) {
    a.sefa = 0;  // no free allocation for electricity (IR 2025/2620 Art 1(2))
  } else if (n.own_sefa == LineNumbers::OwnSefa::given) {
    a.sefa = n.sefa;
    a.flags &= ~kBenchmarkLookupFlags;
  } else if (n.own_sefa == LineNumbers::OwnSefa::unknown) {
    a.sefa = 0;
    a.faa_known = false;
    a.flags = (a.flags & ~kBenchmarkLookupFlags) | flag_benchmark_missing;
  } else {
    a.sefa = t.sefa_benchmark;
    a.faa_known = t.faa_known;
  }
  // Art 9: a carbon price paid abroad counts only with actual emissions
  if (n.carbon_price_paid > 0 && !n.actual) a.flags |= flag_art9_ignored;
  a.money = money_amounts(n.quantity, a.see, a.sefa, price_eur, n.carbon_price_paid, n.actual);
  return a;
}

/// The de minimis test (Reg. 2023/956 Art 2a(1)) of one importer and import year: the rule
/// cbam.de_minimis.exempt of the money rules on the year's mass of goods that count toward it
/// (rule cbam.de_minimis.counts_mass: not electricity, not hydrogen); true when it passes. The
/// outcome only (rules::rule_outcome): the batch asks it once per declarant and year.
bool de_minimis_exempt(const rules::RuleSet& money, int year, units::Mass mass_in_scope, const std::string& source);

}  // namespace greengate::calc
