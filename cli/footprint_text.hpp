#pragma once
// Text output of the footprint commands for people, in English or Turkish (the labels; notes and
// gap messages the engine writes stay English, as in the other commands). No arithmetic here.

#include <ostream>

#include "greengate/calc/footprint.hpp"
#include "greengate/calc/hydrogen.hpp"
#include "greengate/calc/product_footprint.hpp"
#include "greengate/report/screening_output.hpp"  // report::Lang

namespace greengate::cli {

void print_inventory(std::ostream& o, const calc::InventoryReport& rep, report::Lang lang);
void print_product(std::ostream& o, const calc::ProductFootprint& pcf, report::Lang lang);
void print_hydrogen(std::ostream& o, const std::vector<calc::HydrogenReport>& reps, report::Lang lang);

}  // namespace greengate::cli
