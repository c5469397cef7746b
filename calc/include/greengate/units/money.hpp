#pragma once
// Money as a quantity of its own dimension (units/quantities.hpp: currency, ordinal 2; euro the
// only unit): certificates cost a price per tonne of CO2e times tonnes of CO2e, which Boost.Units
// makes euros, and euros can never be added to an emission or a mass. Euro only: a value in
// another currency is converted at the edge, with its rate shown.
//
// Storage units: Eur in euros, EurPerTco2e in euros per tonne of CO2e.

#include "greengate/units/quantities.hpp"

namespace greengate::units {

using euro_unit = boost::units::unit<currency_dimension, system>;
using euro_per_co2e_unit = boost::units::divide_typeof_helper<euro_unit, co2e_unit>::type;

using Eur = boost::units::quantity<euro_unit>;
/// A certificate (carbon) price: euros per tonne of CO2e.
using EurPerTco2e = boost::units::quantity<euro_per_co2e_unit>;

inline Eur eur(double v) { return Eur::from_value(v); }
inline EurPerTco2e eur_per_tco2e(double v) { return EurPerTco2e::from_value(v); }
inline double in_eur(Eur e) { return e.value(); }
inline double in_eur_per_tco2e(EurPerTco2e p) { return p.value(); }

}  // namespace greengate::units
