#pragma once
// Carbon footprints beyond CBAM: the firm's greenhouse-gas inventory (GHG Protocol Corporate
// Standard 2004; Scope 2 Guidance 2015). docs/footprint.md describes the method and its choices.
//
// Scope 1: every source stream of every installation with the same source-stream arithmetic as
// CBAM (calc/embedded_emissions: compute_stream), plus what CBAM does not count but an inventory
// does: CH4 and N2O of stationary combustion (IPCC 2006 Vol. 2 Ch. 2 Table 2.3), mobile
// machinery and vehicles on site, refrigerant and other fluorinated-gas leaks, and buildings
// outside the installations. Reported by gas in CO2e with the AR5 GWPs of factors/.
// Biogenic CO2 (the biomass share of combustion) is reported apart and never counted.
// Unlike CBAM's attributed emissions, exported heat is not subtracted from Scope 1 and imported
// heat is Scope 2.
//
// Scope 2: electricity (and heat) bought, reported both ways side by side:
//  - location-based: consumption × the grid-average factor of the site's location (the firm
//    file's location-factor-id, else the one rules/footprint/inventory.xml names for the country;
//    none is a gap, never a silent default);
//  - market-based: consumption covered by contractual instruments that meet the Scope 2 quality
//    criteria (rules/footprint/inventory.xml, evaluated by the rules engine) × the rate each
//    conveys; the rest × the country's residual mix, or the location-based factor with a flag
//    where no residual mix is published (Türkiye has none).
// Scope 3 is not computed; the report says so and lists what lies outside the boundary.
//
// Units: emissions tCO2e, energy MWh (TJ for fuels), masses t; factors in their library units.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "greengate/calc/dataset.hpp"
#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/report/trace.hpp"
#include "greengate/rules/evaluator.hpp"
#include "greengate/rules/rule_set.hpp"
#include "greengate/units/quantities.hpp"

namespace greengate::calc {

/// The gases of the inventory, in reporting order (Kyoto basket and NF3).
enum class GhgGas { co2, ch4, n2o, hfcs, pfcs, sf6, nf3 };
constexpr GhgGas kGhgGases[] = {GhgGas::co2,  GhgGas::ch4, GhgGas::n2o, GhgGas::hfcs,
                                GhgGas::pfcs, GhgGas::sf6, GhgGas::nf3};
std::string_view ghg_gas_name(GhgGas g);  ///< "CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3"
/// The inventory gas of a factor-library gas slug ("hfc_134a" -> HFCs); nullopt if unknown.
std::optional<GhgGas> ghg_gas_of(std::string_view slug);

/// CO2e per gas.
struct GasBalance {
  std::map<GhgGas, units::Co2eMass> by_gas;
  void add(GhgGas g, units::Co2eMass e);
  void add(const GasBalance& other);
  units::Co2eMass total() const;
  units::Co2eMass get(GhgGas g) const;
  /// HFCs + PFCs + SF6 + NF3 (the inventory's "F-gases" column).
  units::Co2eMass fluorinated() const;
};

/// One Scope 1 source.
struct Scope1Source {
  std::string site;        ///< installation or building id
  bool cbam_stream = false;  ///< a source stream of a CBAM process (not an inventory-only source)
  std::string source_id;   ///< stream / mobile / refrigerant / fuel id
  std::string category;    ///< stationary combustion, process, mobile combustion, fugitive, …
  std::string method;      ///< the source-stream method (combustion, process, mass-balance, …)
  GasBalance gases;
  units::Co2eMass biogenic_co2;
  units::Energy fuel_energy;
  bool complete = true;
  report::TraceNode trace;
};

/// What one instrument's quality check found and how much of it was used.
struct InstrumentResult {
  std::string site, id, type, market, technology, reference;
  int vintage = 0;
  units::Energy quantity, applied, unused;
  std::optional<units::EnergyEmissionFactor> rate;  ///< conveyed (stated, or 0 for renewables)
  std::string rate_basis;                           ///< where the rate comes from
  bool from_cbam_electricity = false;  ///< a PPA / direct-link factor of a process electricity use
  rules::RuleResult quality;           ///< scope2.q.all with the criteria under `required`
  bool usable() const { return quality.outcome == rules::Outcome::pass; }
  SourcePos pos;
};

/// One purchased-energy use (electricity of a process or building, heat imported).
struct Scope2Use {
  std::string site, what;  ///< "electricity, process clinker", "heat imported, building office"
  std::string process;     ///< the CBAM process consuming it (empty for buildings)
  bool heat = false;
  units::Energy quantity;
  // location-based
  std::optional<units::EnergyEmissionFactor> location_factor;
  std::string location_factor_id;
  units::Co2eMass location;
  // market-based
  units::Energy covered;  ///< by usable instruments
  units::Co2eMass market_covered, market_uncovered;
  std::string uncovered_basis;  ///< "residual mix …" / "location-based factor (no residual mix …)"
  units::Co2eMass market() const { return market_covered + market_uncovered; }
  bool complete = true;
  report::TraceNode trace;
};

struct InventoryReport {
  std::string file, firm_id, firm_name, country;
  bool fictitious = false;
  int year = 0;            ///< reporting year (factors valid on 1 January of it)
  int data_year = 0;       ///< the firm file's reporting-year
  std::string consolidation;  ///< as stated, or empty
  std::vector<Scope1Source> scope1;
  std::vector<Scope2Use> scope2;
  std::vector<InstrumentResult> instruments;
  GasBalance scope1_gases;
  units::Co2eMass scope1_total, scope2_location, scope2_market, biogenic_co2;
  /// Reconciliation with CBAM: CBAM's attributed direct emissions of the processes (Σ, with the
  /// heat balance) = cbam_direct; the same source streams as the engine computes them, without
  /// the heat balance = cbam_streams; + combustion CH4/N2O = combustion_non_co2; + sources CBAM
  /// does not count (mobile, refrigerants, buildings) = inventory_only; the last three sum to
  /// scope1_total.
  units::Co2eMass cbam_direct, cbam_streams, combustion_non_co2, inventory_only;
  /// cbam_streams - cbam_direct: what the heat balance (and attribution) moves between CBAM's
  /// processes and the plain sum of their streams, the reconciliation's second line.
  units::Co2eMass heat_balance;
  bool complete = true;
  std::vector<std::string> boundary;   ///< what is outside the inventory, one sentence each
  std::vector<std::string> notes;      ///< flags worth a reader's attention
  std::map<std::string, report::FactorUse> factors_used;
  std::vector<Gap> gaps;
  std::vector<std::string> data_versions;
  std::vector<std::string> unverified() const;
};

struct InventoryOptions {
  int year = 0;  ///< 0: the firm's reporting-year
};

/// The firm's Scope 1 and 2 inventory. `rules` is rules/footprint/inventory.xml (a set holding
/// it). Throws InputError for inconsistent input found only at computation time.
InventoryReport compute_inventory(const model::Firm& firm, const Dataset& data,
                                  const rules::RuleSet& rules, const InventoryOptions& options);

/// CH4 and N2O of stationary combustion of `fuel_energy` of library fuel `fuel` (IPCC 2006
/// Vol. 2 Ch. 2 Table 2.3 × GWP of set `gwp_set`: "ar5" for the inventory and product
/// footprints, "ar4" for the RED-family hydrogen methodology), the one place this arithmetic
/// lives. Factors used and gaps go to `factors_used` / `gaps`.
struct NonCo2Combustion {
  units::Co2eMass ch4, n2o;
  bool complete = true;
  report::TraceNode trace;
};
NonCo2Combustion combustion_ch4_n2o(const std::string& fuel, units::Energy fuel_energy,
                                    const Dataset& data, int year,
                                    std::map<std::string, report::FactorUse>& factors_used,
                                    std::vector<Gap>& gaps, const SourcePos& pos,
                                    const std::string& where, const std::string& gwp_set = "ar5");

}  // namespace greengate::calc
