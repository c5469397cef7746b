#pragma once
// Product carbon footprint, cradle to gate (ISO 14067:2018; GHG Protocol Product Standard), of a
// product the firm file declares with its bill of materials (docs/firm-format.md <product>,
// method in docs/footprint.md):
//
//   PCF = Σ inputs q_i × f_i                    (per declared unit, losses included)
//       + share × (direct emissions of the producing process, CBAM arithmetic incl. its heat
//                  balance, + CH4 and N2O of its combustion + its electricity, market-based)
//       + Σ transport to the gate
//
// Inputs that are CBAM goods take the same look-up as CBAM (FactorLibrary::lookup_default for
// the origin, the supplier's actual SEE, Annex IV for unknown origin), labelled as CBAM values:
// direct + indirect where the Commission gives both, never the mark-up. EU/EEA origin has no
// CBAM value (CBAM counts it as zero; a footprint cannot). Other inputs need a factor the user
// gives with its source; a missing one is a reported gap, never a guess. The share is the
// product's mass over the process's output (allocation="mass") or a stated physical share.
// The result comes with its primary-data share and emission-weighted data-quality ratings, and
// beside the CBAM SEE of the same good, stage by stage.
//
// Units: emissions tCO2e per declared unit (outputs convert to kgCO2e for PACT); masses t.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "greengate/calc/dataset.hpp"
#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/calc/footprint.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/report/trace.hpp"
#include "greengate/rules/rule_set.hpp"
#include "greengate/units/quantities.hpp"

namespace greengate::calc {

/// Data-quality ratings (1 good … 3 poor): technological, geographical, temporal.
struct Dqr {
  double technological = 0, geographical = 0, temporal = 0;
};

/// One part of the footprint: an input, the own process, its electricity, a transport leg.
struct PcfItem {
  std::string id;        ///< input id, "process", "process CH4/N2O", "electricity", "transport …"
  std::string stage;     ///< inputs, own process, electricity, transport
  std::string label;     ///< material / description
  std::string cn;
  bool cbam_good = false;
  units::Mass quantity;                ///< inputs: mass per declared unit
  std::optional<units::EmissionIntensity> factor;  ///< inputs: CO2e per t of input
  std::string basis;     ///< "CBAM value: …", "user factor: …", "own process data" …
  std::string factor_source;  ///< user factors and transport: the source the file states
  units::Co2eMass emissions;           ///< per declared unit
  double primary = 0;  ///< share of `emissions` resting on primary data (a mix can be part primary)
  Dqr dqr;
  bool complete = true;
  std::vector<std::string> notes;
  report::TraceNode trace;
};

/// The CBAM SEE of the same good, split like the footprint (tCO2e per tonne of good).
struct CbamComparison {
  bool available = false;
  std::string cn;
  int year = 0;  ///< import year whose mark-ups apply
  units::EmissionIntensity own_direct, own_indirect_counted, precursors, total;
  bool direct_only = false;  ///< an Annex II good: no indirect emissions counted
};

struct ProductFootprint {
  std::string file, firm_id, firm_name, firm_country, company_urn;
  bool fictitious = false;
  int year = 0;
  std::string product_id, name, description, urn, installation, process, cn, country;
  std::string declared_unit;
  units::Mass mass;           ///< of one declared unit
  double allocation_share = 0;
  std::string allocation_basis;
  std::vector<PcfItem> items;
  units::Co2eMass inputs, own_process, electricity, transport, total;
  units::Co2eMass electricity_location;  ///< the same electricity, location-based (shown beside)
  units::Co2eMass total_location;        ///< the footprint with location-based electricity
  double primary_share = 0;   ///< fraction of `total` resting on primary data
  Dqr dqr;                    ///< emission-weighted
  CbamComparison cbam;
  std::optional<double> fossil_carbon_kg, biogenic_carbon_kg, exempted_percent;
  std::string exempted_description;
  bool complete = true;
  std::vector<std::string> boundary;  ///< the system boundary and what lies outside it
  std::vector<std::string> notes;
  std::map<std::string, report::FactorUse> factors_used;
  std::vector<Gap> gaps;
  std::vector<std::string> data_versions;
  std::vector<std::string> unverified() const;
  /// Emissions per tonne of product (comparable with the CBAM SEE).
  units::EmissionIntensity per_tonne() const { return total / mass; }
  /// An item's share of `total` in per cent (100 × item / total); nullopt when the total is not
  /// positive (no share to show).
  std::optional<double> share_percent(const PcfItem& item) const;
};

struct ProductOptions {
  int year = 0;  ///< 0: the firm's reporting-year
};

/// The footprint of product `product_id` of `firm`. `rules` holds rules/footprint/ (inventory
/// and product rule files). Throws InputError naming the product when it is not in the file.
ProductFootprint compute_product_footprint(const model::Firm& firm, const Dataset& data,
                                           const rules::RuleSet& rules,
                                           const std::string& product_id,
                                           const ProductOptions& options);

}  // namespace greengate::calc
