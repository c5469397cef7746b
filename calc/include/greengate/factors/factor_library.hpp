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
  double direct = 0, indirect = 0, total = 0;  ///< tCO2e/t (tCO2e/MWh for electricity, 2716 00 00)
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

/// A range of calendar years, both ends included ("2026-2027").
struct YearRange {
  int first = 0, last = 0;
  bool contains(int y) const { return first <= y && y <= last; }
  std::string str() const;
};
/// Parses "YYYY-YYYY" (first <= last); nullopt otherwise.
std::optional<YearRange> parse_year_range(std::string_view s);

enum class BenchmarkColumn { a, b };
std::string_view column_name(BenchmarkColumn c);  ///< "Column A" / "Column B"

/// One row of the IR 2025/2620 benchmark table (one row of the Commission's workbook). Each column
/// carries its own production-route indicator and production-year band; an empty indicator means
/// the value does not depend on the route (or year).
struct Benchmark {
  std::string cn;
  std::optional<double> column_a, column_b;  ///< tCO2e/t
  std::string route_a, route_b;              ///< indicator letter, or empty
  std::optional<YearRange> years_a, years_b;  ///< production-year band, or none
  std::string description;                   ///< of the CN code (first row of a code)
  std::string ref;                           ///< row reference in the source ("workbook row 401")
  std::string table;
  Provenance provenance;

  const std::optional<double>& value(BenchmarkColumn c) const {
    return c == BenchmarkColumn::a ? column_a : column_b;
  }
  const std::string& route(BenchmarkColumn c) const {
    return c == BenchmarkColumn::a ? route_a : route_b;
  }
  const std::optional<YearRange>& years(BenchmarkColumn c) const {
    return c == BenchmarkColumn::a ? years_a : years_b;
  }
};

/// A production-route indicator of the benchmark annex (IR 2025/2620 Annex point 5.3 legend).
struct RouteIndicator {
  std::string letter, meaning;
  /// Alloy-steel grades: when the grade of a good is unknown, the highest of the listed grades
  /// applies (IR 2025/2620 Annex point 5.1). For the other indicators the route must be known.
  bool highest_when_unknown = false;
  SourcePos pos;
};

/// What a benchmark look-up needs to know about the good.
struct BenchmarkQuery {
  std::string_view cn;
  BenchmarkColumn column = BenchmarkColumn::b;
  int year = 0;  ///< import year (its production-year band)
  /// Route or grade stated by the user ("C/F": either); it wins over `default_route`.
  std::string_view route;
  /// The route of the origin's IR 2025/2621 Annex I row, for goods on default values.
  std::string_view default_route;
};

/// Result of a benchmark look-up: the value, the row it came from and how it was chosen.
struct BenchmarkLookup {
  bool found = false;
  std::string gap;  ///< why there is no value (when !found)
  const Benchmark* benchmark = nullptr;  ///< the row used
  BenchmarkColumn column = BenchmarkColumn::b;
  double chosen = 0;      ///< tCO2e/t
  std::string route;      ///< indicator of the value used ("" = route-independent)
  std::string years;      ///< band of the value used ("" = every year)
  std::vector<std::string> how;  ///< each choice made, with its legal point
  bool highest_grade = false;    ///< grade unknown: the highest listed grade
  bool carried_forward = false;  ///< import year after the last band: the last band's value
  bool provisional = false;      ///< provisional values applied to a later import year
  std::vector<const Benchmark*> candidates;  ///< rows of the CN code with a value in the column
  units::EmissionIntensity intensity() const;
};

/// The CBAM benchmarks (IR 2025/2620 Annex): rows by CN code, the route legend, and whether the
/// table holds provisional values. Immutable once built; a user table can be laid over it.
class BenchmarkTable {
 public:
  /// Column A or B for the good: the most specific CN prefix with rows; the production-year band
  /// of the import year; the route stated by the user, else the origin's default route, else
  /// (alloy grades only) the highest grade; every choice is listed in `how`.
  BenchmarkLookup lookup(const BenchmarkQuery& q) const;
  /// This table with `user`'s rows laid over it: a user value replaces the library values of the
  /// same CN code, column, route and year band, and adds to the rest.
  BenchmarkTable overridden_by(const BenchmarkTable& user) const;

  const std::vector<Benchmark>& rows() const { return rows_; }
  const RouteIndicator* indicator(std::string_view letter) const;
  bool empty() const { return rows_.empty(); }

 private:
  friend class LibraryBuilder;
  void index();
  std::vector<Benchmark> rows_;
  std::vector<RouteIndicator> indicators_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_cn_;
  /// Values adopted provisionally for this import year only (IR 2025/2620 recital 35); 0 = none.
  int provisional_for_ = 0;
  std::string provisional_note_;
};

/// A table of the library as loaded: its id, version, and the source its header names (empty for
/// a table whose entries each name their own).
struct TableVersion {
  std::string id, version, source;
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

  /// The CBAM benchmarks (IR 2025/2620) of the library.
  const BenchmarkTable& benchmarks() const { return benchmarks_; }

  /// Table ids and versions loaded, for reports ("ipcc2006-fuels 2026-11-28").
  const std::vector<std::string>& table_versions() const { return tables_; }
  /// The same tables with the source of their header, in load order.
  const std::vector<TableVersion>& tables() const { return table_info_; }

 private:
  friend class LibraryBuilder;
  std::vector<Factor> factors_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_id_;
  DefaultsTable defaults_;
  DefaultsTable imported_electricity_;  ///< IR 2025/2621 Annex III as a table of 2716 00 00
  BenchmarkTable benchmarks_;
  std::vector<std::string> tables_;
  std::vector<TableVersion> table_info_;
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
