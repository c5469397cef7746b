#pragma once
// Low-carbon hydrogen: life-cycle GHG emissions of a hydrogen process and the savings test of
// Directive (EU) 2024/1788 with the methodology of Delegated Regulation (EU) 2025/2359
// (docs/footprint.md, rules/hydrogen/low-carbon.xml, factors/low-carbon-fuels.xml).
//
//   E = e_i + e_p + e_td + e_u − e_ccs        gCO2e per MJ of hydrogen (LHV 120 MJ/kg)
//   e_i  inputs: natural-gas supply (upstream CO2, methane, transport: the supplier's values, else
//        the act's defaults where the sources available give them, else a gap), electricity
//        (a PPA or direct line at its factor; grid electricity at the location's grid factor,
//        flagged), other inputs at the factor the file gives
//   e_p  processing: the process's direct emissions with CBAM's source-stream arithmetic, plus
//        the CH4 and N2O of its combustion (RED GWPs: CH4 25, N2O 298)
//   e_td transport and distribution to the user, as the file states (a gap when absent)
//   e_u  0 for hydrogen;  e_ccs the CO2 captured and permanently stored
//   savings = (E_F − E) / E_F with E_F = 94 gCO2e/MJ; low-carbon when savings ≥ 70 %
//   (E ≤ 28.2 gCO2e/MJ = 3.384 kgCO2e/kgH2). The EU Taxonomy 3.10 criterion (73.4 %, 3 tCO2e/tH2)
//   is evaluated beside it by the Taxonomy rules.
//
// Units: intensities gCO2e/MJ (EnergyEmissionFactor) and tCO2e per tonne of hydrogen; totals tCO2e.

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

/// One term of E, over the period (tCO2e) and per MJ of hydrogen.
struct H2Term {
  std::string key;    ///< e_i.gas_upstream_co2, e_i.electricity, e_p, e_td, e_ccs …
  std::string label;
  units::Co2eMass emissions;          ///< signed: e_ccs is negative
  units::EnergyEmissionFactor per_mj;
  std::string basis;  ///< where the value comes from (supplier, act default, file, …)
  bool complete = true;
  report::TraceNode trace;
};

struct HydrogenReport {
  std::string file, firm_id, firm_name, id, installation, process, route;
  bool fictitious = false;
  int year = 0;
  units::Mass hydrogen;      ///< produced in the period (the process's activity level)
  units::Energy energy;      ///< × LHV
  std::vector<H2Term> terms;
  units::Co2eMass total;
  units::EnergyEmissionFactor intensity;  ///< E, per MJ
  units::EmissionIntensity per_tonne;     ///< E × LHV, tCO2e per t H2 (= kgCO2e/kgH2)
  units::EnergyEmissionFactor comparator, ceiling;  ///< 94; (1 − 0.70) × 94 = 28.2
  units::EmissionIntensity ceiling_per_tonne;       ///< 3.384
  double savings = 0;                      ///< fraction
  rules::RuleResult low_carbon;            ///< h2lc.low_carbon
  std::optional<rules::RuleResult> taxonomy;  ///< tax.3_10.sc when the Taxonomy rules are given
  bool complete = true;
  std::vector<std::string> notes;
  std::map<std::string, report::FactorUse> factors_used;
  std::vector<Gap> gaps;
  std::vector<std::string> data_versions;
  std::vector<std::string> unverified() const;
};

struct HydrogenOptions {
  int year = 0;  ///< 0: the firm's reporting-year
};

/// The hydrogen life cycles of `firm` (one per <hydrogen> element; with `id` only that one).
/// `h2_rules`: rules/hydrogen/; `footprint_rules`: rules/footprint/ (grid factors);
/// `taxonomy`: rules/taxonomy/ or nullptr. Throws InputError when `id` is not in the file or the
/// file has no <hydrogen> element.
std::vector<HydrogenReport> compute_hydrogen(const model::Firm& firm, const Dataset& data,
                                             const rules::RuleSet& h2_rules,
                                             const rules::RuleSet& footprint_rules,
                                             const rules::RuleSet* taxonomy,
                                             const std::string& id, const HydrogenOptions& options);

}  // namespace greengate::calc
