#pragma once
// Firm production data (format v1, docs/firm-format.md): installations, production processes,
// source streams, electricity, heat, precursors, goods and exports.
//
// All amounts are quantities (units/quantities.hpp), converted from the file's unit strings by the
// loader. Every element keeps its SourcePos and its element path for messages and traces; a firm
// read from a spreadsheet (the EU Communication template) also keeps the cell of each value
// (Located::at), so that every trace input names the cell it came from.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "greengate/error.hpp"
#include "greengate/provenance.hpp"
#include "greengate/units/quantities.hpp"

namespace greengate::model {

/// `fugitive` (a leak of a named gas × its GWP) is only for inventory sources (<refrigerant>):
/// a CBAM <stream> cannot use it.
enum class StreamMethod { combustion, process, mass_balance, measured, n2o, pfc_slope, fugitive,
                          pfc_overvoltage };
std::string_view method_name(StreamMethod m);

struct Located {
  SourcePos pos;
  std::string path;  ///< "firm/installation[a]/process[b]/stream[c]"
  /// Where single values came from, by attribute name, when that is finer than `pos` (the cell
  /// of each value of a spreadsheet row). Empty for firm files: their values sit on `pos`'s line.
  std::vector<std::pair<std::string, SourcePos>> fields{};
  /// The position of attribute `field`: its own cell when known, else the element's position.
  const SourcePos& at(std::string_view field) const;
  void set_at(std::string field, SourcePos p) { fields.emplace_back(std::move(field), std::move(p)); }
};

struct CarbonFlow : Located {
  std::string material;
  units::Mass quantity;
  std::optional<double> carbon_content;  ///< t C per t (given)
  std::string carbon_content_factor;     ///< library id (when not given)
  double biomass_fraction = 0.0;         ///< share of the carbon that is biomass (not counted)
};

enum class AmountKind { mass, volume, energy };

struct SourceStream : Located {
  std::string id;
  std::string name;  ///< display name (the template's "source stream name"); optional
  StreamMethod method = StreamMethod::combustion;
  // combustion
  std::string fuel;  ///< library fuel slug; may be empty when NCV and EF are given
  /// EF per tonne or per 1000 Nm3 of fuel (em = FQ × EF × OF × (1 − BF), no NCV); exclusive with ef
  std::optional<units::EmissionIntensity> ef_mass;
  std::optional<double> ef_volume;  ///< tCO2e per 1000 Nm3
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
  // (combustion and process streams share biomass_fraction above)
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
  double collection_efficiency = 1.0;  ///< of the duct (Eq. 20): total = duct / CE
  // PFC overvoltage method (Eq. 24): aluminium, f_c2f6 and collection_efficiency as above
  double ovc = 0;                 ///< kg CF4 per t Al per mV overvoltage
  double aeo = 0;                 ///< anode effect overvoltage per cell, mV
  double current_efficiency = 0;  ///< average current efficiency, per cent (Eq. 24 divides by it)
  // shared streams only: process id -> share
  std::vector<std::pair<std::string, double>> attribution;
  // fugitive (inventory sources only): gas slugs ("hfc_134a") with their mass shares (one gas:
  // share 1; a blend: its composition by mass, summing to 1); gas_mass is the mass released
  std::vector<std::pair<std::string, double>> gases;
  std::string description;  ///< free text of inventory sources (what the source is)
  /// Measurement uncertainty of the quantity (activity data) as a fraction: the half-width of its
  /// 95 % confidence interval (IR 2025/2547 Annex I point 1(1)); only the Monte Carlo uses it.
  std::optional<double> uncertainty;
};

/// `stated`: a factor stated by the operator with the method it was determined by (the
/// Communication template's D.4 codes), taken as given.
enum class ElectricitySource { country_default, grid, ppa, direct_link, stated };
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
  std::string method;  ///< stated: how the factor was determined (e.g. "D.4(b)")
  std::optional<double> uncertainty;  ///< of `quantity`, as SourceStream::uncertainty
};

/// Electricity produced by and exported from the production process (IR 2025/2547 Annex III
/// A.3 Eq. 55, Em_el,prod): its emissions leave the process.
struct ElectricityExport : Located {
  units::Energy quantity;
  units::EnergyEmissionFactor factor;
};

/// Waste gas imported into or exported from the process, as energy (V × NCV); IR 2025/2547
/// Annex III A.2.3 Eq. 53/54.
struct WasteGasFlow : Located {
  bool is_import = true;
  units::Energy quantity;
};

/// The directly attributable emissions DirEm* of a process as its operator attributes them (the
/// template's D_Processes (g)), in place of the sum of its source streams.
struct DirectEmissions : Located {
  units::Co2eMass quantity;
};

struct HeatFlow : Located {
  bool is_import = true;
  units::Energy quantity;
  units::EnergyEmissionFactor factor;
  std::optional<double> uncertainty;  ///< of `quantity`, as SourceStream::uncertainty
};

enum class PrecursorSource { process, supplier, default_value, unknown_origin };
std::string_view precursor_source_name(PrecursorSource s);

/// What a supplier's SEE rests on (the template's Measured / Default / Unknown).
enum class SeeBasis { measured, default_value, unknown };
std::string_view see_basis_name(SeeBasis b);

struct Precursor : Located {
  std::string cn;        ///< may be empty when `category` is given
  std::string category;  ///< aggregated goods category, when the CN code is not known
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
  SeeBasis see_basis = SeeBasis::measured;         ///< source=supplier
  /// source=supplier: specific electricity consumption (MWh per t) and its factor; when both are
  /// given SEE (indirect) is their product
  std::optional<double> specific_electricity;
  std::optional<units::EnergyEmissionFactor> electricity_factor;
  std::string electricity_factor_method;  ///< how the factor was determined (template D.4 code)
  /// Monte Carlo only, fractions at 95 % (as SourceStream::uncertainty): of `quantity`, and of the
  /// supplier's SEE (direct and indirect together)
  std::optional<double> uncertainty, see_uncertainty;
};

struct ProducedGood : Located {
  std::string cn;
  units::Mass quantity;
  bool quantity_stated = true;  ///< false: the source gives production per process, not per CN
  std::string name;             ///< product name used with the buyer (optional)
};

struct Process : Located {
  std::string id, category, route;
  std::string name;  ///< display name (optional; the template's process name)
  /// Other goods categories produced within this process and not declared as processes of their
  /// own (a "bubble", e.g. clinker inside cement)
  std::vector<std::string> includes;
  std::string benchmark_route;  ///< IR 2025/2620 route indicator (C, D, E, F, G, H, J, K, L, A, B)
  units::Mass output;  ///< activity level AL
  std::vector<SourceStream> streams;
  std::vector<ElectricityUse> electricity;
  std::vector<HeatFlow> heat;
  std::vector<Precursor> precursors;
  std::vector<ProducedGood> goods;
  std::optional<DirectEmissions> direct_emissions;
  std::vector<WasteGasFlow> waste_gas;
  std::vector<ElectricityExport> electricity_export;
};

// ---- GHG inventory sources (greengate footprint; docs/firm-format.md "Footprint extension") ----
// Sources an inventory counts but CBAM does not: mobile machinery and vehicles on site,
// refrigerant and other fluorinated-gas leaks, and buildings outside the installations. All
// optional; CBAM calculations never read them.

enum class InventoryKind { stationary, mobile, fugitive };

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
  /// Monte Carlo only, fractions at 95 %: of `quantity`, and of `factor` or the supplier's SEE
  std::optional<double> uncertainty, factor_uncertainty;
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

// ---- low-carbon hydrogen (greengate hydrogen; docs/footprint.md) --------------------------------

/// A value per MJ of natural gas (LHV) the gas supplier gives, with its source.
struct GasSupplyValue {
  std::optional<units::EnergyEmissionFactor> value;
  std::string source;
};

/// The life-cycle data of a hydrogen process beyond what CBAM needs: the natural-gas supply
/// chain, CO2 stored, other inputs, transport and distribution to the consumer.
struct HydrogenLifecycle : Located {
  std::string id, installation, process;
  GasSupplyValue gas_upstream_co2, gas_methane, gas_transport;  ///< per MJ of natural gas
  std::optional<units::Co2eMass> ccs_stored;  ///< CO2 captured and permanently stored in the period
  std::string ccs_evidence;
  std::optional<units::EnergyEmissionFactor> transport_distribution;  ///< e_td, per MJ of hydrogen
  std::string td_source;
  std::vector<ProductInput> inputs;  ///< other inputs (factor + factor-source)
};

struct Installation : Located {
  std::string id, name, country, address, unlocode;
  /// Further details of the template's A_InstData (all optional, text as given)
  std::string local_name, economic_activity, post_code, po_box, city, latitude, longitude,
      representative, email, telephone;
  std::vector<Process> processes;
  /// Streams with attribution shares; a stream without attribution is part of the installation's
  /// emission inventory only (allowed when every process states its <direct-emissions>)
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
  std::optional<Date> period_start, period_end;  ///< reporting period, when known to the day
  bool fictitious = false;
  std::vector<Installation> installations;
  std::vector<Export> exports;
  std::vector<Activity> activities;
  // footprint extension (optional)
  std::vector<Building> buildings;
  std::string consolidation;  ///< operational-control financial-control equity-share, or empty
  std::string company_urn;    ///< URN identifying the firm in product footprints (PACT companyIds)
  std::vector<Product> products;
  std::vector<HydrogenLifecycle> hydrogen;

  const Installation* find_installation(std::string_view id) const;
  const Process* find_process(const Installation& inst, std::string_view id) const;
};

/// Reads and checks a firm file: structure, units, numbers, references, attribution sums and
/// precursor cycles. All problems in one run, as InputError diagnostics with file:line and path.
LoadResult<Firm> load_firm(const std::string& path, const std::string& display_name);
LoadResult<Firm> parse_firm(std::string_view xml_text, const std::string& display_name);
/// The checks load_firm makes after reading (references, ids, attribution sums, cycles), for a
/// firm built in memory (the template importer); problems are added to `diags`.
void check_firm(const Firm& firm, Diagnostics& diags);

/// Writes `firm` as a firm v1 file (docs/firm-format.md) that load_firm reads back to the same
/// firm. Numbers are written with the shortest digits that round-trip. When `cell_comments` is
/// set, each element whose values came from spreadsheet cells is preceded by a comment naming
/// them.
std::string firm_to_xml(const Firm& firm, bool cell_comments = true);

}  // namespace greengate::model
