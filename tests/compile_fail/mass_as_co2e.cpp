// Must NOT compile: a product mass assigned to a CO2e mass (CO2e is its own base dimension).
// Built by CTest as compile_fail.mass_as_co2e_is_rejected (WILL_FAIL); the control build defines
// GREENGATE_COMPILE_FAIL_CONTROL and must compile, proving the failure comes from this line.
#include "greengate/units/quantities.hpp"

int main() {
  namespace u = greengate::units;
  u::Mass steel = u::tonnes(1000.0);
  u::EmissionIntensity see = u::tco2e_per_tonne(2.31);
  u::Co2eMass embedded = steel * see;  // fine: (tCO2e/t) x t
#ifndef GREENGATE_COMPILE_FAIL_CONTROL
  u::Co2eMass wrong = steel;  // tonnes of steel are not tonnes of CO2e
  embedded += wrong;
#endif
  return u::in_tco2e(embedded) > 0 ? 0 : 1;
}
