#pragma once
// The quantity vocabulary of GreenGate.
//
// Every physical amount that crosses an API is a Boost.Units quantity in the `greengate` unit
// system, whose base units are the tonne (mass), the metre, the second and the tonne of CO2
// equivalent. CO2e is its own base dimension (ordinal 1; Boost's physical dimensions use negative
// ordinals), so an emission can never be added to, or assigned from, a product mass.
//
// Storage units (what a quantity holds internally; never read directly, use the in_* helpers):
//   Mass                 tonne                  EmissionIntensity       tCO2e / t
//   Energy               t·m²/s² = 1 kJ         EnergyEmissionFactor    tCO2e / kJ (shown per TJ or MWh)
//   GasVolume            m³ (normal m³ for gas) CalorificValue          kJ / t
//   Co2eMass             tCO2e                  VolumetricCalorificValue kJ / m³
//   GasEmissionFactor    t / kJ (shown kg/TJ)   Length m; TransportEmissionFactor tCO2e/(t·m)
// Raw numbers become quantities only through the makers below (named after the unit) and leave
// only through the in_* readers (also named after the unit): STYLE.md P8/P9.

#include <boost/units/base_dimension.hpp>
#include <boost/units/base_unit.hpp>
#include <boost/units/derived_dimension.hpp>
#include <boost/units/make_system.hpp>
#include <boost/units/physical_dimensions/energy.hpp>
#include <boost/units/physical_dimensions/length.hpp>
#include <boost/units/physical_dimensions/mass.hpp>
#include <boost/units/physical_dimensions/time.hpp>
#include <boost/units/physical_dimensions/volume.hpp>
#include <boost/units/quantity.hpp>
#include <boost/units/base_units/si/meter.hpp>
#include <boost/units/base_units/si/second.hpp>
#include <boost/units/unit.hpp>

namespace greengate::units {

struct co2e_base_dimension : boost::units::base_dimension<co2e_base_dimension, 1> {};
using co2e_dimension = co2e_base_dimension::dimension_type;

struct tonne_base_unit
    : boost::units::base_unit<tonne_base_unit, boost::units::mass_dimension, 101> {
  static const char* name() { return "tonne"; }
  static const char* symbol() { return "t"; }
};

struct tonne_co2e_base_unit : boost::units::base_unit<tonne_co2e_base_unit, co2e_dimension, 102> {
  static const char* name() { return "tonne CO2e"; }
  static const char* symbol() { return "tCO2e"; }
};

/// Money is a base dimension of its own (ordinal 2), euro its only unit: a price times an
/// emission is euros, and euros never mix with tonnes of anything (units/money.hpp).
struct currency_base_dimension : boost::units::base_dimension<currency_base_dimension, 2> {};
using currency_dimension = currency_base_dimension::dimension_type;

struct euro_base_unit : boost::units::base_unit<euro_base_unit, currency_dimension, 103> {
  static const char* name() { return "euro"; }
  static const char* symbol() { return "EUR"; }
};

using system = boost::units::make_system<tonne_base_unit, boost::units::si::meter_base_unit,
                                         boost::units::si::second_base_unit,
                                         tonne_co2e_base_unit, euro_base_unit>::type;

using mass_unit = boost::units::unit<boost::units::mass_dimension, system>;
using energy_unit = boost::units::unit<boost::units::energy_dimension, system>;
using volume_unit = boost::units::unit<boost::units::volume_dimension, system>;
using co2e_unit = boost::units::unit<co2e_dimension, system>;
using intensity_unit = boost::units::divide_typeof_helper<co2e_unit, mass_unit>::type;
using energy_factor_unit = boost::units::divide_typeof_helper<co2e_unit, energy_unit>::type;
using calorific_unit = boost::units::divide_typeof_helper<energy_unit, mass_unit>::type;
using volumetric_calorific_unit = boost::units::divide_typeof_helper<energy_unit, volume_unit>::type;
using mass_per_energy_unit = boost::units::divide_typeof_helper<mass_unit, energy_unit>::type;
using length_unit = boost::units::unit<boost::units::length_dimension, system>;
using mass_distance_unit = boost::units::multiply_typeof_helper<mass_unit, length_unit>::type;
using transport_factor_unit = boost::units::divide_typeof_helper<co2e_unit, mass_distance_unit>::type;

using Mass = boost::units::quantity<mass_unit>;
using Energy = boost::units::quantity<energy_unit>;
using GasVolume = boost::units::quantity<volume_unit>;
using Co2eMass = boost::units::quantity<co2e_unit>;
/// CBAM "specific embedded emissions", tCO2e per tonne of good; also GWP (tCO2e per t of gas).
using EmissionIntensity = boost::units::quantity<intensity_unit>;
/// tCO2e per unit of energy: fuel emission factors (shown per TJ) and electricity factors (per MWh).
using EnergyEmissionFactor = boost::units::quantity<energy_factor_unit>;
using ElectricityEmissionFactor = EnergyEmissionFactor;
using CalorificValue = boost::units::quantity<calorific_unit>;
using VolumetricCalorificValue = boost::units::quantity<volumetric_calorific_unit>;
/// Mass of a named gas per unit of fuel energy: combustion CH4 and N2O factors (shown per TJ).
/// The gas is named by the factor, never by the type: × energy gives the gas mass, × its GWP
/// (an EmissionIntensity) gives CO2e.
using GasEmissionFactor = boost::units::quantity<mass_per_energy_unit>;
/// Transport distance (storage: metre) and freight emission factors (CO2e per tonne-kilometre).
using Length = boost::units::quantity<length_unit>;
using TransportEmissionFactor = boost::units::quantity<transport_factor_unit>;

// ---- makers: the only way in -------------------------------------------------------------------
Mass tonnes(double v);
Mass kilograms(double v);
Energy terajoules(double v);
Energy gigajoules(double v);
Energy megawatt_hours(double v);
GasVolume normal_cubic_metres(double v);
Co2eMass tco2e(double v);
EmissionIntensity tco2e_per_tonne(double v);
EnergyEmissionFactor tco2e_per_terajoule(double v);
EnergyEmissionFactor tco2e_per_megawatt_hour(double v);
CalorificValue terajoules_per_tonne(double v);
VolumetricCalorificValue terajoules_per_1000nm3(double v);
GasEmissionFactor kilograms_per_terajoule(double v);
Length kilometres(double v);
TransportEmissionFactor kgco2e_per_tonne_km(double v);

// ---- readers: the only way out -----------------------------------------------------------------
double in_tonnes(Mass m);
double in_terajoules(Energy e);
double in_megawatt_hours(Energy e);
double in_normal_cubic_metres(GasVolume v);
double in_tco2e(Co2eMass e);
double in_tco2e_per_tonne(EmissionIntensity i);
double in_tco2e_per_terajoule(EnergyEmissionFactor f);
double in_tco2e_per_megawatt_hour(EnergyEmissionFactor f);
double in_terajoules_per_tonne(CalorificValue c);
double in_terajoules_per_1000nm3(VolumetricCalorificValue c);
double in_kilograms_per_terajoule(GasEmissionFactor f);
double in_kilometres(Length l);
double in_kgco2e_per_tonne_km(TransportEmissionFactor f);
double in_kilograms(Mass m);
double in_kgco2e(Co2eMass e);
double in_megajoules(Energy e);
double in_grams_co2e_per_megajoule(EnergyEmissionFactor f);

/// Ratio of two quantities of the same dimension (a plain number).
template <class Q> double ratio(Q a, Q b) { return static_cast<double>(a / b); }

}  // namespace greengate::units
