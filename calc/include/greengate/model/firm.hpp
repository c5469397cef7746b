#pragma once
// Firm production data (format v1, docs/firm-format.md): installations, production processes,
// source streams, electricity, heat, precursors, goods and exports.
//
// All amounts are quantities (units/quantities.hpp), converted from the file's unit strings by the
// loader. Every element keeps its SourcePos and its element path for messages and traces.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "greengate/error.hpp"
#include "greengate/units/quantities.hpp"

namespace greengate::model {

enum class StreamMethod { combustion, process, mass_balance, measured, n2o, pfc_slope };
std::string_view method_name(StreamMethod m);

struct Located {
  SourcePos pos;
  std::string path;  ///< "firm/installation[a]/process[b]/stream[c]"
};

struct CarbonFlow : Located {
  std::string material;
  units::Mass quantity;
  std::optional<double> carbon_content;  ///< t C per t (given)
  std::string carbon_content_factor;     ///< library id (when not given)
};

enum class AmountKind { mass, volume, energy };

struct SourceStream : Located {
  std::string id;
  StreamMethod method = StreamMethod::combustion;
  // combustion
  std::string fuel;
  AmountKind amount_kind = AmountKind::mass;
  units::Mass mass;
  units::GasVolume volume;
  units::Energy energy;
  std::optional<units::CalorificValue> ncv_mass;
  std::optional<units::VolumetricCalorificValue> ncv_volume;
  std::optional<units::EnergyEmissionFactor> ef;
  double oxidation = 1.0;
  double biomass_fraction = 0.0;
  // process emissions
  std::string material;
  std::optional<units::EmissionIntensity> factor;
  std::string factor_id;
  double conversion_factor = 1.0;
  // mass balance
  std::vector<CarbonFlow> inputs, outputs;
  // measured CO2 / N2O
  units::Co2eMass measured;
  units::Mass gas_mass;  ///< measured N2O, t of gas
  // PFC slope method
  units::Mass aluminium;
  double sef_cf4 = 0;  ///< kg CF4 per t Al per (anode-effect minute per cell-day)
  double aem = 0;      ///< anode-effect minutes per cell-day
  double f_c2f6 = 0;   ///< t C2F6 per t CF4
  // shared streams only: process id -> share
  std::vector<std::pair<std::string, double>> attribution;
};

enum class ElectricitySource { country_default, grid, ppa, direct_link };
std::string_view electricity_source_name(ElectricitySource s);

struct ElectricityUse : Located {
  units::Energy quantity;
  ElectricitySource source = ElectricitySource::country_default;
  std::string factor_id;
  std::optional<units::EnergyEmissionFactor> factor;
  std::string evidence;
  bool fallback_other = false;
};

struct HeatFlow : Located {
  bool is_import = true;
  units::Energy quantity;
  units::EnergyEmissionFactor factor;
};

enum class PrecursorSource { process, supplier, default_value, unknown_origin };
std::string_view precursor_source_name(PrecursorSource s);

struct Precursor : Located {
  std::string cn;
  units::Mass quantity;
  PrecursorSource source = PrecursorSource::default_value;
  std::string process_id, installation_id;  ///< source=process (installation empty = same)
  std::optional<units::EmissionIntensity> see_direct, see_indirect;  ///< source=supplier
  std::string supplier;
  bool verified = false;
  std::string origin;  ///< source=default (optional for supplier)
  std::optional<units::EmissionIntensity> sefa;  ///< SEFA communicated with the precursor
};

struct ProducedGood : Located {
  std::string cn;
  units::Mass quantity;
};

struct Process : Located {
  std::string id, category, route;
  std::string benchmark_route;  ///< IR 2025/2620 route indicator (C, D, E, F, G, H, J, K, L, A, B)
  units::Mass output;  ///< activity level AL
  std::vector<SourceStream> streams;
  std::vector<ElectricityUse> electricity;
  std::vector<HeatFlow> heat;
  std::vector<Precursor> precursors;
  std::vector<ProducedGood> goods;
};

struct Installation : Located {
  std::string id, name, country, address, unlocode;
  std::vector<Process> processes;
  std::vector<SourceStream> shared_streams;
  std::vector<ProducedGood> default_goods;  ///< goods without actual data
};

struct Export : Located {
  std::string cn, installation, destination, importer;
  int year = 0;
  units::Mass quantity;
  std::optional<double> carbon_price_paid;  ///< EUR per tCO2e (Art. 9)
};

/// An economic activity screened against the EU Taxonomy (docs/taxonomy.md): its activity code,
/// optionally the production process it runs (whose emissions give computed facts), and facts
/// and evidence items given by the firm. Values stay text here; the rule set's fact declarations
/// give them their types and units.
struct ActivityFact : Located {
  std::string id, value, unit;
};

struct Activity : Located {
  std::string id, code, name, installation, process;
  std::vector<ActivityFact> facts;  ///< evidence items become facts "evidence.<item>" = true/false
};

struct Firm {
  std::string file;  ///< display name of the source file
  std::string id, name, country;
  int reporting_year = 0;
  bool fictitious = false;
  std::vector<Installation> installations;
  std::vector<Export> exports;
  std::vector<Activity> activities;

  const Installation* find_installation(std::string_view id) const;
  const Process* find_process(const Installation& inst, std::string_view id) const;
};

/// Reads and checks a firm file: structure, units, numbers, references, attribution sums and
/// precursor cycles. All problems in one run, as InputError diagnostics with file:line and path.
LoadResult<Firm> load_firm(const std::string& path, const std::string& display_name);
LoadResult<Firm> parse_firm(std::string_view xml_text, const std::string& display_name);

}  // namespace greengate::model
