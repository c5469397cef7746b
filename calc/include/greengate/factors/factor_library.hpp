#pragma once
// The factor library: every number GreenGate uses, with its source, validity and status.
//
// Loaded once from the XML files in factors/ (see docs/factor-format.md), immutable afterwards and
// safe to share between threads. Three kinds of table:
//  - generic factors (fuel NCV/EF, carbonates, GWPs, electricity, mark-ups, CBAM factor, prices),
//    looked up by id and date; a value is stored in the storage unit of its dimension;
//  - the Commission's default values (IR 2025/2621 Annex I as replaced by IR 2026/1740, and
//    Annex IV for precursors of unknown origin), in tCO2e per tonne of good;
//  - CBAM benchmarks (IR 2025/2620), tCO2e per tonne.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "greengate/error.hpp"
#include "greengate/model/cn_code.hpp"
#include "greengate/provenance.hpp"
#include "greengate/units/quantities.hpp"
#include "greengate/units/unit_parser.hpp"

namespace greengate::factors {

struct Factor {
  std::string id;
  std::string name;
  double value = 0;  ///< in storage units of `dimension` (see unit_parser.hpp)
  std::string unit;  ///< as written in the file, for display
  double written_value = 0;  ///< the number as written, in `unit`
  units::Dimension dimension = units::Dimension::fraction;
  std::optional<double> lower, upper;  ///< in `unit`, as written
  std::string table;  ///< id of the table it came from
  Provenance provenance;

  /// The value as a quantity; throws UnitError if the dimension differs.
  template <class Q> Q as() const;
};

struct DefaultGood {
  std::string code;  ///< CN/TARIC digits
  std::string key;
  model::Sector sector = model::Sector::iron_steel;
  bool heading = false;
  std::string description;
  SourcePos pos;
};

struct DefaultCell {
  bool has_value = false;
  double direct = 0, indirect = 0, total = 0;  ///< tCO2e/t
  bool has_indirect = false;
  std::string direct_text, indirect_text, total_text;  ///< as printed
  std::string route;
  int line = 0;
  bool present = false;  ///< the country lists this good (possibly with "–")
};

struct DefaultCountry {
  std::string name;
  std::string iso2, iso3;
  bool fallback = false;
  std::vector<DefaultCell> cells;  ///< indexed like DefaultsTable::goods
};

/// Result of looking up a Commission default value.
struct DefaultLookup {
  bool found = false;
  std::string gap;  ///< why not found (when !found)
  const DefaultGood* good = nullptr;
  const DefaultCell* cell = nullptr;
  std::string table_name;  ///< country or "Other countries and territories" or "Annex IV"
  bool fallback_used = false;
  std::string fallback_reason;  ///< "not listed" / "listed with '–'"
  Provenance provenance;         ///< source, validity, status and file:line of the cell
  units::EmissionIntensity direct() const;
  units::EmissionIntensity indirect() const;
  units::EmissionIntensity total() const;
};

struct DefaultsTable {
  std::string id, version;
  Provenance provenance;
  std::vector<DefaultGood> goods;
  std::unordered_map<std::string, std::size_t> good_index;  ///< code -> goods index
  std::vector<DefaultCountry> countries;
  std::unordered_map<std::string, std::size_t> by_iso2;
  std::optional<std::size_t> fallback;
  DefaultCountry unknown_origin;  ///< Annex IV
  Provenance unknown_origin_provenance;
  bool loaded = false;
};

struct Benchmark {
  std::string cn;
  std::string route;  ///< indicator letter or empty
  std::string years;  ///< production-year band or empty
  std::optional<double> column_a, column_b;  ///< tCO2e/t
  std::string description;
  std::string table;
  Provenance provenance;
};

enum class BenchmarkColumn { a, b };

struct BenchmarkLookup {
  bool found = false;
  std::string gap;
  const Benchmark* benchmark = nullptr;  ///< the row used (the highest when several grades)
  BenchmarkColumn column = BenchmarkColumn::b;
  double chosen = 0;  ///< tCO2e/t of the row used
  units::EmissionIntensity intensity() const;
  std::vector<const Benchmark*> candidates;  ///< rows considered
};

class FactorLibrary {
 public:
  /// The version of `id` valid on `on`, or nullptr.
  const Factor* find(std::string_view id, Date on) const;
  /// All versions of `id` (any date), oldest first.
  std::vector<const Factor*> versions(std::string_view id) const;
  std::vector<const Factor*> all() const;
  std::vector<const Factor*> search(std::string_view text) const;

  /// Commission default for (cn, origin alpha-2): most specific CN key with a value for the
  /// country, else the "Other countries and territories" row. `route` picks between TARIC lines
  /// that share the 8-digit code (e.g. A grey / B white clinker).
  DefaultLookup lookup_default(std::string_view cn, std::string_view origin_iso2,
                               std::string_view route = {}) const;
  /// IR 2025/2621 Annex IV value for a precursor whose production country is unknown.
  DefaultLookup lookup_unknown_origin(std::string_view cn) const;
  const DefaultsTable& defaults() const { return defaults_; }
  /// ISO 3166-1 alpha-2 code known to the country list (factors/countries.xml).
  bool is_known_country(std::string_view iso2) const;
  /// Country name for an alpha-2 code, or "".
  std::string country_name(std::string_view iso2) const;

  /// Benchmark for (cn, route) on date `on`: most specific CN prefix; when `route` is empty or
  /// lists several grades ("C/F"), the highest value of the column (IR 2025/2620 Annex 5.1).
  BenchmarkLookup lookup_benchmark(std::string_view cn, std::string_view route,
                                   BenchmarkColumn column, Date on) const;
  const std::vector<Benchmark>& benchmarks() const { return benchmarks_; }

  /// Table ids and versions loaded, for reports ("ipcc2006-fuels 2026-11-28").
  const std::vector<std::string>& table_versions() const { return tables_; }

 private:
  friend class LibraryBuilder;
  std::vector<Factor> factors_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_id_;
  DefaultsTable defaults_;
  std::vector<Benchmark> benchmarks_;
  std::vector<std::string> tables_;
  std::unordered_map<std::string, std::string> countries_;  ///< iso2 -> name
};

/// Loads every factor file of `factors_dir` (all *.xml, in name order). Messages name files as
/// `display_prefix` + file name (e.g. "factors/x.xml"). Reports all problems in one run.
LoadResult<FactorLibrary> load_factor_library(const std::string& factors_dir,
                                              const std::string& display_prefix = "factors/");
/// Loads one factor file into a library (for tests and `greengate factors check`).
LoadResult<FactorLibrary> load_factor_files(const std::vector<std::string>& paths,
                                            const std::vector<std::string>& display_names);

template <class Q> Q Factor::as() const {
  if (dimension != units::DimensionOf<Q>::value)
    throw UnitError("factor '" + id + "' (" + provenance.pos.str() + ") is a " +
                    std::string(units::dimension_name(dimension)) + " in " + unit + ", expected " +
                    std::string(units::dimension_name(units::DimensionOf<Q>::value)));
  return units::from_storage<Q>(value);
}

}  // namespace greengate::factors
