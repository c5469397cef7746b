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

/// `fugitive` (a leak of a named gas × its GWP) is only for inventory sources (<refrigerant>):
/// a CBAM <stream> cannot use it.
enum class StreamMethod { combustion, process, mass_balance, measured, n2o, pfc_slope, fugitive };
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
  // fugitive (inventory sources only): gas slugs ("hfc_134a") with their mass shares (one gas:
  // share 1; a blend: its composition by mass, summing to 1); gas_mass is the mass released
  std::vector<std::pair<std::string, double>> gases;
  std::string description;  ///< free text of inventory sources (what the source is)
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
  /// Scope 2 location-based grid factor (library id) for the GHG inventory; empty = the one the
  /// footprint rules name for the site's country. Not used by CBAM.
  std::string location_factor_id;
  bool cbam = true;  ///< false for electricity of <building>s (no CBAM factor source)
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
  /// IR 2025/2620 route indicator of the precursor (C, D, E … L, A, B) for its Column B benchmark
  /// when no SEFA is communicated; else the route of its origin's default row applies.
  std::string benchmark_route;
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

// ---- GHG inventory sources (greengate footprint; docs/firm-format.md "Footprint extension") ----
// Sources an inventory counts but CBAM does not: mobile machinery and vehicles on site,
// refrigerant and other fluorinated-gas leaks, and buildings outside the installations. All
// optional; CBAM calculations never read them.

enum class InventoryKind { stationary, mobile, fugitive };
std::string_view inventory_kind_name(InventoryKind k);

/// A Scope 1 source outside the CBAM processes, computed with the same source-stream arithmetic
/// (combustion for stationary and mobile fuel use; fugitive = released mass × GWP).
struct InventorySource {
  InventoryKind kind = InventoryKind::stationary;
  SourceStream stream;
};

/// A contractual instrument for Scope 2 market-based accounting (GHG Protocol Scope 2 Guidance
/// 2015, Ch. 6-7): an energy attribute certificate (Turkish YEK-G, I-REC, EU guarantee of
/// origin), a PPA, a green tariff or a supplier-specific emission rate, covering `quantity` of the
/// site's electricity consumption.
struct Instrument : Located {
  std::string id, type;       ///< yek-g i-rec go ppa green-tariff supplier-specific
  units::Energy quantity;     ///< MWh covered
  std::string market;         ///< alpha-2 country (market) where it was issued
  int vintage = 0;            ///< year of the generation it certifies
  std::optional<units::EnergyEmissionFactor> factor;  ///< emission rate it conveys
  std::string technology;     ///< solar wind hydro geothermal … (EACs)
  std::optional<bool> retired;  ///< cancelled / redeemed for this consumer (EACs)
  std::string reference;      ///< registry redemption or contract reference
  std::string supplier;
};

/// A building or site outside the CBAM installations (offices, warehouses): its own fuel use,
/// vehicles, refrigerant leaks, electricity and heat bought, and instruments.
struct Building : Located {
  std::string id, name, country;
  std::vector<InventorySource> sources;
  std::vector<ElectricityUse> electricity;  ///< cbam = false
  std::vector<HeatFlow> heat;               ///< imported heat and steam (Scope 2)
  std::vector<Instrument> instruments;
};

// ---- product carbon footprints (greengate footprint --product; docs/footprint.md) -------------

/// Where an input's cradle-to-gate emission factor comes from.
enum class InputSource {
  supplier,        ///< the supplier's actual CBAM SEE (see-direct + see-indirect)
  default_value,   ///< the Commission's CBAM default for the origin, without mark-up
  unknown_origin,  ///< IR 2025/2621 Annex IV value, without mark-up
  process_mix,     ///< the mix of the product process's <precursor>s of the same CN code
  factor,          ///< a factor the user gives, with its source
  none,            ///< nothing given: a reported gap
};

/// One bill-of-materials line: mass per declared unit of the product, losses included.
struct ProductInput : Located {
  std::string id, material, cn;  ///< cn: 8-digit CN code when known (CBAM goods need it)
  units::Mass quantity;          ///< per declared unit
  InputSource source = InputSource::none;
  std::optional<units::EmissionIntensity> see_direct, see_indirect;  ///< supplier
  bool verified = false;
  std::string supplier, origin;
  std::optional<units::EmissionIntensity> factor;  ///< user factor, CO2e per mass of input
  std::string factor_source;     ///< publisher, EPD number, supplier statement
  bool primary = false;          ///< the factor is the supplier's own data for this input
  std::vector<int> dqr;          ///< technological, geographical, temporal (1-3), if stated
};

/// Transport of an input to the gate: mass × distance × factor, or emissions as stated.
struct ProductTransport : Located {
  std::string input;  ///< input id (its mass per declared unit is carried)
  std::string mode;   ///< road, rail, sea, inland-waterway, air (display)
  std::optional<units::Length> distance;
  std::optional<units::TransportEmissionFactor> factor;
  std::optional<units::Co2eMass> emissions;  ///< per declared unit, as stated
  std::string source;
  bool primary = false;
};

struct Product : Located {
  std::string id, name, description, installation, process, cn, urn;
  std::string declared_unit = "piece";  ///< piece, kilogram, tonne
  units::Mass mass;                     ///< mass of one declared unit
  std::string allocation = "mass";      ///< mass, or physical (a stated share)
  std::optional<double> allocation_share;
  std::string allocation_basis;
  std::optional<double> fossil_carbon_kg;    ///< kg C per declared unit (PACT fossilCarbonContent)
  std::optional<double> biogenic_carbon_kg;  ///< kg C per declared unit
  std::optional<double> exempted_percent;    ///< % of emissions excluded (PACT)
  std::string exempted_description;
  std::vector<ProductInput> inputs;
  std::vector<ProductTransport> transport;
};

struct Installation : Located {
  std::string id, name, country, address, unlocode;
  std::vector<Process> processes;
  std::vector<SourceStream> shared_streams;
  std::vector<ProducedGood> default_goods;  ///< goods without actual data
  // footprint extension (optional)
  std::vector<InventorySource> inventory;   ///< <mobile>, <refrigerant> of the installation
  std::vector<Instrument> instruments;      ///< Scope 2 instruments for its electricity
};

struct Export : Located {
  std::string cn, installation, destination, importer;
  int year = 0;
  int quarter = 0;  ///< calendar quarter of importation 1–4 (from `quarter` or `import-date`), 0 = not given
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
  // footprint extension (optional)
  std::vector<Building> buildings;
  std::string consolidation;  ///< operational-control financial-control equity-share, or empty
  std::string company_urn;    ///< URN identifying the firm in product footprints (PACT companyIds)
  std::vector<Product> products;

  const Installation* find_installation(std::string_view id) const;
  const Process* find_process(const Installation& inst, std::string_view id) const;
};

/// Reads and checks a firm file: structure, units, numbers, references, attribution sums and
/// precursor cycles. All problems in one run, as InputError diagnostics with file:line and path.
LoadResult<Firm> load_firm(const std::string& path, const std::string& display_name);
LoadResult<Firm> parse_firm(std::string_view xml_text, const std::string& display_name);

}  // namespace greengate::model
