#pragma once
// Machine formats of the footprint results (calc/footprint.hpp and friends), shared by the CLI and
// the web so that both give the same numbers: JSON (unrounded, with traces) and CSV. Human text
// is each front end's own business.

#include <string>

#include "greengate/calc/footprint.hpp"
#include "greengate/calc/hydrogen.hpp"
#include "greengate/calc/product_footprint.hpp"
#include "greengate/report/json_writer.hpp"

namespace greengate::report {

/// Building blocks shared by the footprint outputs: the factor list (with source, validity and
/// status) and the gaps. (Rule results: write_rule_result of money_output.hpp.)
void write_factor_list(JsonWriter& w, const std::map<std::string, FactorUse>& factors);
void write_gaps(JsonWriter& w, const std::vector<calc::Gap>& gaps);

std::string inventory_json(const calc::InventoryReport& rep, bool pretty = true);
/// One row per Scope 1 source, Scope 2 use and total:
/// record,site,item,category,quantity,unit,co2_t,ch4_tco2e,n2o_tco2e,hfcs_tco2e,pfcs_tco2e,
/// sf6_tco2e,nf3_tco2e,total_tco2e,location_tco2e,market_tco2e,biogenic_co2_t,complete
std::string inventory_csv(const calc::InventoryReport& rep);

std::string product_json(const calc::ProductFootprint& pcf, bool pretty = true);
/// One row per footprint item and the total:
/// record,item,stage,label,cn,quantity_t,factor_tco2e_per_t,emissions_kgco2e,share_pct,primary,
/// dqr_technological,dqr_geographical,dqr_temporal,basis,complete
std::string product_csv(const calc::ProductFootprint& pcf);

struct PactOptions {
  std::string created;  ///< RFC 3339 date-time (the CLI's clock or --created)
  std::string id;       ///< UUID; empty: a UUID v5 of the footprint's content
};
/// The footprint as a PACT v3.0.0 ProductFootprint (WBCSD Data Exchange Protocol,
/// spec/v3/openapi.yaml): decimals as strings, kgCO2e per declared unit. Throws InputError
/// listing what is missing when the footprint cannot be exported: gaps (a PCF with a missing
/// input is not a PCF), no fossil-carbon-kg or no exempted-percent on the <product>.
std::string product_pact_json(const calc::ProductFootprint& pcf, const PactOptions& options);

/// The hydrogen life cycles, one object each in an array.
std::string hydrogen_json(const std::vector<calc::HydrogenReport>& reps, bool pretty = true);
/// One row per term and one total row per hydrogen life cycle:
/// record,hydrogen,term,label,tco2e,gco2e_per_mj,basis,complete
std::string hydrogen_csv(const std::vector<calc::HydrogenReport>& reps);

}  // namespace greengate::report
