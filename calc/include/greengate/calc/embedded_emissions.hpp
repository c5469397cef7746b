#pragma once
// Embedded emissions of CBAM goods (Reg. (EU) 2023/956 Annex IV; IR (EU) 2025/2547 Annexes II-III).
//
// From a firm's production data the engine computes, per production process, the attributed
// direct emissions (by source-stream method), the indirect emissions of electricity consumed, and
// the specific embedded emissions (SEE, tCO2e per tonne of good) of its goods, direct and indirect,
// with precursors taken recursively (actual, supplier or Commission default values). Annex II
// goods count direct emissions only; their non-Annex-II precursors keep their indirect part, and
// Annex II precursors of other goods contribute direct emissions only (IR 2025/2547 Annex I 3.1).
// Goods without actual data take the Commission default for their country with the mark-up of
// the import year. Transport emissions are never included.
//
// Units: all intensities are tCO2e per tonne of good, all emissions tCO2e, all masses tonnes.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "greengate/calc/dataset.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/report/trace.hpp"
#include "greengate/units/quantities.hpp"

namespace greengate::calc {

enum class DataMethod { actual, mixed, default_values };
std::string_view data_method_name(DataMethod m);

/// A value that could not be determined (a missing factor, a default that does not exist …).
struct Gap {
  SourcePos pos;
  std::string where;
  text::Message message;  ///< what is missing, in words for any language
};

struct StreamResult {
  std::string id;
  std::string method;
  double share = 1.0;  ///< attribution share (shared streams)
  units::Co2eMass emissions;  ///< attributed to the process
  bool complete = true;
  report::TraceNode trace;
  // What the GHG inventory (calc/footprint.hpp) needs besides the CBAM figure, worked out by the
  // same arithmetic; all × share like `emissions`:
  /// `emissions` split by the gas emitted (CO2e of each): "co2", "n2o", "cf4", "c2f6", or the
  /// gases of a fugitive source ("hfc_134a", "sf6" …); they sum to `emissions`.
  std::vector<std::pair<std::string, units::Co2eMass>> by_gas;
  units::Energy fuel_energy;   ///< combustion: FQ × NCV (0 for other methods)
  units::Co2eMass biogenic_co2;  ///< combustion: FQ × NCV × EF × OF × BF, never counted in CO2e
};

struct PrecursorResult {
  std::string cn;
  std::string category;  ///< when the precursor is known by its goods category only
  std::string source;  ///< process / supplier / default / unknown-origin
  units::Mass quantity;
  units::EmissionIntensity see_direct;            ///< of the precursor
  units::EmissionIntensity see_indirect_counted;  ///< what it carries into non-Annex-II use
  /// all its indirect embedded emissions, counted or not (what the Communication template shows)
  units::EmissionIntensity see_indirect_all;
  bool direct_only = false;                       ///< precursor is an Annex II good
  DataMethod method = DataMethod::actual;
  bool complete = true;
  /// Rests on a supplier's actual values that are not verified (here or in its own precursors).
  bool unverified = false;
  /// What the precursor carries with default values in place of unverified supplier values
  /// (nullopt: no default exists for one of them).
  std::optional<units::EmissionIntensity> alt_direct, alt_indirect_counted;
  bool alt_known_from_process = false;  ///< alt_* came from the producing process
  report::TraceNode trace;
};

/// One electricity consumption of a process and the factor the engine applied.
struct ElectricityResult {
  units::Energy quantity;
  std::optional<units::EnergyEmissionFactor> factor;  ///< empty when it could not be determined
  std::string source;  ///< country-default / grid / ppa / direct-link / stated
  std::string method;  ///< stated factors: how they were determined
};

struct ProcessResult {
  std::string installation, process, category, route;
  units::Mass activity;
  units::Co2eMass direct;    ///< attributed direct emissions AttrEm_dir (Eq. 55)
  units::Co2eMass indirect;  ///< electricity consumed × factor
  units::Co2eMass streams_direct;  ///< what the process's (shares of) source streams add up to
  units::Co2eMass dir_em;          ///< DirEm*: the stated direct emissions, else streams_direct
  std::vector<ElectricityResult> electricity;
  std::vector<StreamResult> streams;
  std::vector<PrecursorResult> precursors;
  bool direct_only = false;  ///< the process's goods are Annex II goods
  /// see_indirect_all: all indirect embedded emissions, the process's own and its precursors',
  /// counted or not (the Communication template's SEE (indirect))
  units::EmissionIntensity see_direct, see_indirect_all, see_indirect_counted;
  units::EmissionIntensity see_counted() const { return see_direct + see_indirect_counted; }
  DataMethod method = DataMethod::actual;
  bool complete = true;
  bool unverified_supplier_data = false;  ///< a supplier value it rests on is not verified
  std::optional<units::EmissionIntensity> alt_direct, alt_indirect_counted;  ///< with defaults for those
  report::TraceNode trace;
};

struct GoodResult {
  std::string cn;
  std::string installation, process;  ///< process empty for goods on default values
  std::string sector;
  bool in_scope = false;
  bool direct_only = false;
  units::Mass produced;
  units::EmissionIntensity see_direct, see_indirect_counted, see_counted;
  /// all indirect embedded emissions, counted or not (the template's SEE (indirect))
  units::EmissionIntensity see_indirect;
  bool quantity_stated = true;  ///< false: `produced` is unknown (production given per process)
  DataMethod method = DataMethod::actual;
  bool complete = true;
  double markup = 0;  ///< mark-up fraction applied (default values)
  /// Rests on a supplier's unverified actual values (not usable in a declaration, Reg 2023/956
  /// Art 8; IR 2025/2547 Art 15); see_if_defaults is the counted SEE with defaults in their place.
  bool unverified_supplier_data = false;
  std::optional<units::EmissionIntensity> see_if_defaults;
  report::TraceNode trace;
};

struct ExportResult {
  std::string cn, installation, destination, importer;
  int year = 0;
  units::Mass quantity;
  units::EmissionIntensity see_counted;  ///< for that import year (mark-ups)
  units::Co2eMass embedded;
  DataMethod method = DataMethod::actual;
  bool complete = true;
  std::optional<double> carbon_price_paid;
  bool unverified_supplier_data = false;  ///< as GoodResult
  std::optional<units::EmissionIntensity> see_if_defaults;
  report::TraceNode trace;
};

struct EmissionsReport {
  std::string file, firm_id, firm_name;
  bool fictitious = false;
  int year = 0;  ///< import year whose mark-ups and law apply to default values
  std::vector<ProcessResult> processes;
  std::vector<GoodResult> goods;
  std::vector<ExportResult> exports;
  /// Sum of the exports' embedded emissions, in their order; `exports_complete` is false when
  /// any export is incomplete (the sum then leaves out what could not be computed).
  units::Co2eMass exports_embedded;
  bool exports_complete = true;
  std::map<std::string, report::FactorUse> factors_used;  ///< by id (plus "@date" when dated)
  std::vector<Gap> gaps;
  /// Differences found and how they were settled: a process's stated DirEm* against its source
  /// streams, the installation's inventory against its processes, the law against a template.
  std::vector<Gap> differences;
  std::vector<std::string> data_versions;
  /// Factors used whose status is not 'verified', by id.
  std::vector<std::string> unverified() const;
};

struct EmissionsOptions {
  int year = 0;  ///< mark-up / law year for goods and precursors on default values; 0: the CBAM period's first
};

/// One source stream on its own, with the same arithmetic as inside compute_emissions (share 1):
/// for sources outside the CBAM processes (the inventory's mobile machinery, refrigerant leaks,
/// buildings) and for the inventory's Scope 1 of the installations. Factors used and gaps are
/// added to `into`.
StreamResult compute_stream(const model::SourceStream& stream, const Dataset& data, int year,
                            EmissionsReport& into);

/// Computes embedded emissions for every process, good and export of `firm`.
/// Throws InputError for inconsistent input found only at computation time.
EmissionsReport compute_emissions(const model::Firm& firm, const Dataset& data,
                                  const EmissionsOptions& options);

/// The Commission default for (cn, origin) with the mark-up of `year` (what `greengate defaults`
/// shows and what the default route uses).
struct DefaultWithMarkup {
  factors::DefaultLookup lookup;
  std::string sector;
  double markup = 0;  ///< fraction
  const factors::Factor* markup_factor = nullptr;
  units::EmissionIntensity marked_up_total;
  std::string gap;
  bool found() const { return lookup.found && gap.empty(); }
  /// Embedded emissions of `q` tonnes on this default value (quantity × marked-up total).
  units::Co2eMass embedded(units::Mass q) const { return q * marked_up_total; }
};
DefaultWithMarkup default_with_markup(const Dataset& data, std::string_view cn,
                                      std::string_view origin, int year,
                                      std::string_view route = {});

}  // namespace greengate::calc
