// Must NOT compile: euros added to tonnes of CO2e (money is its own base dimension, issue 13).
// Built by CTest as compile_fail.money_as_co2e_is_rejected (WILL_FAIL); the control build defines
// GREENGATE_COMPILE_FAIL_CONTROL and must compile, proving the failure comes from this line.
#include "greengate/units/money.hpp"

int main() {
  namespace u = greengate::units;
  u::Co2eMass certificates = u::tco2e(1211.1);
  u::EurPerTco2e price = u::eur_per_tco2e(75.36);
  u::Eur cost = certificates * price;  // fine: tCO2e × EUR/tCO2e = EUR
#ifndef GREENGATE_COMPILE_FAIL_CONTROL
  cost += certificates;  // tonnes of CO2e are not euros
#endif
  return u::in_eur(cost) > 0 ? 0 : 1;
}
