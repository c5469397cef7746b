#pragma once
// What a batch run decides once, before or beside its lines: the column layout of the header, and
// per import year the prices of its periods, the year's parameters (CBAM factor, CSCF), the
// mark-ups and which sectors count toward the de minimis mass.

#include <array>
#include <optional>
#include <string>

#include "columns.hpp"
#include "greengate/calc/line_rule.hpp"

namespace greengate::calc::batch {

/// The certificate price of an import period: quarter 1-4, or 0 = quarter not known (the rule of
/// cbam.price.quarter_unknown), as compute_line finds it.
struct PeriodPrice {
  bool ok = false;
  double price = 0;     ///< EUR/tCO2e
  unsigned flags = 0;   ///< price_partial, price_quarter_unknown
};

struct YearInfo {
  YearParams params;                 ///< year_params: CBAM factor, CSCF, the quarter rule
  std::array<PeriodPrice, 5> price;  ///< by quarter, [0] = quarter not known
  double threshold_t = 0;            ///< de minimis threshold (reported; the rule decides)
  std::array<bool, kSectors> counts_mass{};  ///< rule cbam.de_minimis.counts_mass per sector
  std::array<std::optional<double>, kSectors> markup;  ///< the mark-up default_with_markup applies
};

/// What a line's result depends on besides its numbers: the terms of the one line rule
/// (line_terms) for its key (cn, origin, year, route, actual values or not), and what the batch
/// adds: whether indirect emissions count in the SEE (not for Annex II goods) and whether the
/// mass counts toward de minimis. 24 bytes (the two flags sit in LineTerms' tail padding).
struct KeyInfo : LineTerms {
  bool indirect_counts = false;
  bool counts_mass = false;
};
static_assert(sizeof(KeyInfo) <= 24, "two and a half KeyInfo per cache line in the key table");
/// Goods from an origin outside CBAM (Reg. 2023/956 Annex III pt 1, or the EU itself): counted
/// and ignored like out-of-scope goods, as compute_line does; electricity stays declared in MWh.
inline const KeyInfo kOriginOutsideCbam = [] {
  KeyInfo k;
  k.flags = flag_out_of_scope;
  return k;
}();
inline const KeyInfo kOriginOutsideCbamElectricity = [] {
  KeyInfo k = kOriginOutsideCbam;
  k.electricity = true;
  return k;
}();

/// Shared read-only context of a run. The column layout comes from the header; the engine data
/// (`ctx` and everything below it) arrive later from the loader thread (set_data), published
/// through DataGate, so the workers may read them only once DataGate::wait returned true.
struct Shared {
  const MoneyContext* ctx = nullptr;
  const factors::BenchmarkTable* benchmarks = nullptr;
  std::array<YearInfo, kYears> years;
  std::array<bool, 26 * 26> country_ok{};
  std::array<bool, 26 * 26> origin_outside{};  ///< Annex III countries and EU member states
  std::array<int, col_count> col_field{};  ///< field index of each column, -1 when absent
  int nfields = 0;
  BatchOptions opt;

  explicit Shared(const BatchOptions& o) : opt(o) {}

  /// The engine data of the run (on the loader thread). Throws InputError as compute_line would
  /// for a year the factor library or the money rules do not cover.
  void set_data(const MoneyContext& c);
};

}  // namespace greengate::calc::batch
