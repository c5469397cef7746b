#pragma once
// Parsing of user unit strings ("t", "kg", "MWh", "tCO2e/t", "%", ...) at the edges.
//
// One table maps each accepted unit string to its dimension and its factor to the storage unit of
// greengate::units (see quantities.hpp). Loaders and form parsers call to_mass(), to_energy(), ...
// with the field name so that an unknown or wrong-dimension unit becomes a UnitError naming it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "greengate/units/quantities.hpp"

namespace greengate::units {

enum class Dimension {
  mass,
  energy,
  volume,
  co2e,
  intensity,          // tCO2e per t
  energy_factor,      // tCO2e per energy
  calorific,          // energy per t
  volumetric_calorific,  // energy per m3
  carbon_per_energy,  // t C per TJ (fuel carbon content)
  fraction,           // "1", "%", "tC/t"
  price,              // EUR per tCO2e (money, not a Boost quantity)
  electricity_intensity,  // MWh per t of product
  count,              // plain counts and scores ("count", "points")
  money,              // EUR amounts (grants, costs); never mixed across currencies
  gas_per_energy,     // t of a named gas per energy (combustion CH4, N2O factors)
  length,             // transport distances
  transport_factor,   // CO2e per tonne-kilometre
};

struct UnitInfo {
  std::string_view symbol;
  Dimension dimension;
  double to_storage;  ///< multiply a value in this unit by this to get storage units
};

/// The unit's entry, or nullopt for an unknown string.
std::optional<UnitInfo> find_unit(std::string_view symbol);
/// Accepted unit strings, for messages ("expected one of …").
std::vector<std::string_view> unit_symbols(Dimension d);
std::string_view dimension_name(Dimension d);
std::string expected_units(Dimension d);

/// The largest magnitude accepted for a value of dimension `d`, in storage units (issue 15,
/// defect 7): far above any real installation, declaration or factor, far enough below the
/// largest double that sums and products of accepted values stay finite. Mass 1e12 t (some 500
/// years of the world's steel), CO2e 1e12 t, energy 1e12 MWh, gas volume 1e14 Nm3, intensities
/// 1e6 tCO2e/t (SF6's GWP is 23 500), energy factors 1e6 tCO2e/TJ, calorific values 10 TJ/t and
/// 10 TJ/1000Nm3, carbon 1e4 tC/TJ, prices 1e6 EUR/tCO2e, electricity intensity 1e6 MWh/t,
/// fractions 1e6, counts 1e12, money 1e15 EUR. The table: docs/security.md.
double max_magnitude(Dimension d);
/// The same bound in `unit` (max_in("kg") = 1e15); 0 for an unknown unit.
double max_in(std::string_view unit);
/// "1e+12 t": the bound in the dimension's usual unit, for messages.
std::string max_magnitude_text(Dimension d);

/// Conversions of a raw value in a user unit; throw UnitError("<field>: …") on unknown units, a
/// unit of another dimension, or a value that is not finite or beyond max_magnitude.
Mass to_mass(double v, std::string_view unit, std::string_view field);
Energy to_energy(double v, std::string_view unit, std::string_view field);
GasVolume to_volume(double v, std::string_view unit, std::string_view field);
Co2eMass to_co2e(double v, std::string_view unit, std::string_view field);
EmissionIntensity to_intensity(double v, std::string_view unit, std::string_view field);
EnergyEmissionFactor to_energy_factor(double v, std::string_view unit, std::string_view field);
CalorificValue to_calorific(double v, std::string_view unit, std::string_view field);
VolumetricCalorificValue to_volumetric_calorific(double v, std::string_view unit,
                                                 std::string_view field);
/// Fractions ("1", "%", "tC/t") as plain numbers: 12 % -> 0.12.
double to_fraction(double v, std::string_view unit, std::string_view field);
Length to_length(double v, std::string_view unit, std::string_view field);
TransportEmissionFactor to_transport_factor(double v, std::string_view unit, std::string_view field);

template <class Q> struct DimensionOf;
template <> struct DimensionOf<Mass> { static constexpr Dimension value = Dimension::mass; };
template <> struct DimensionOf<Energy> { static constexpr Dimension value = Dimension::energy; };
template <> struct DimensionOf<GasVolume> { static constexpr Dimension value = Dimension::volume; };
template <> struct DimensionOf<Co2eMass> { static constexpr Dimension value = Dimension::co2e; };
template <> struct DimensionOf<EmissionIntensity> {
  static constexpr Dimension value = Dimension::intensity;
};
template <> struct DimensionOf<EnergyEmissionFactor> {
  static constexpr Dimension value = Dimension::energy_factor;
};
template <> struct DimensionOf<CalorificValue> {
  static constexpr Dimension value = Dimension::calorific;
};
template <> struct DimensionOf<VolumetricCalorificValue> {
  static constexpr Dimension value = Dimension::volumetric_calorific;
};
template <> struct DimensionOf<GasEmissionFactor> {
  static constexpr Dimension value = Dimension::gas_per_energy;
};
template <> struct DimensionOf<Length> { static constexpr Dimension value = Dimension::length; };
template <> struct DimensionOf<TransportEmissionFactor> {
  static constexpr Dimension value = Dimension::transport_factor;
};

/// Rebuild a quantity from a value already in storage units (used by tables that store a
/// dimension tag next to the number, e.g. the factor library).
template <class Q> Q from_storage(double v) { return Q::from_value(v); }
template <class Q> double to_storage(Q q) { return q.value(); }

}  // namespace greengate::units
