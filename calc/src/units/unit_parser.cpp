#include "greengate/units/unit_parser.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "greengate/error.hpp"

namespace greengate::units {
namespace {

constexpr double kj_per_tj = 1e9;
constexpr double kj_per_gj = 1e6;
constexpr double kj_per_mwh = 3.6e6;

// The single table of accepted unit strings (STYLE.md §3). Factors convert to storage units:
// tonne, kJ (t·m²/s²), m³, tCO2e.
constexpr std::array<UnitInfo, 52> kUnits{{
    {"t", Dimension::mass, 1.0},
    {"Mg", Dimension::mass, 1.0},
    {"kg", Dimension::mass, 1e-3},
    {"kt", Dimension::mass, 1e3},
    {"TJ", Dimension::energy, kj_per_tj},
    {"GJ", Dimension::energy, kj_per_gj},
    {"MJ", Dimension::energy, 1e3},
    {"MWh", Dimension::energy, kj_per_mwh},
    {"kWh", Dimension::energy, kj_per_mwh / 1000.0},
    {"Nm3", Dimension::volume, 1.0},
    {"1000Nm3", Dimension::volume, 1e3},
    {"tCO2e", Dimension::co2e, 1.0},
    {"kgCO2e", Dimension::co2e, 1e-3},
    {"ktCO2e", Dimension::co2e, 1e3},
    {"tCO2e/t", Dimension::intensity, 1.0},
    {"kgCO2e/t", Dimension::intensity, 1e-3},
    {"tCO2e/TJ", Dimension::energy_factor, 1.0 / kj_per_tj},
    {"kgCO2e/TJ", Dimension::energy_factor, 1e-3 / kj_per_tj},
    {"tCO2e/GJ", Dimension::energy_factor, 1.0 / kj_per_gj},
    {"tCO2e/MWh", Dimension::energy_factor, 1.0 / kj_per_mwh},
    {"kgCO2e/MWh", Dimension::energy_factor, 1e-3 / kj_per_mwh},
    {"gCO2e/kWh", Dimension::energy_factor, 1e-3 / kj_per_mwh},
    {"TJ/t", Dimension::calorific, kj_per_tj},
    {"TJ/Gg", Dimension::calorific, kj_per_tj / 1000.0},
    {"GJ/t", Dimension::calorific, kj_per_gj},
    {"MJ/kg", Dimension::calorific, kj_per_gj},
    {"TJ/1000Nm3", Dimension::volumetric_calorific, kj_per_tj / 1000.0},
    {"GJ/1000Nm3", Dimension::volumetric_calorific, kj_per_gj / 1000.0},
    {"MJ/Nm3", Dimension::volumetric_calorific, 1e3},
    {"tC/TJ", Dimension::carbon_per_energy, 1.0},
    {"kgC/GJ", Dimension::carbon_per_energy, 1.0},
    {"1", Dimension::fraction, 1.0},
    {"%", Dimension::fraction, 0.01},
    {"tC/t", Dimension::fraction, 1.0},
    {"EUR/tCO2e", Dimension::price, 1.0},
    {"EUR/t", Dimension::price, 1.0},
    {"gCO2e/MJ", Dimension::energy_factor, 1e-6 / 1e3},
    {"tCO2e/yr", Dimension::co2e, 1.0},
    {"MWh/yr", Dimension::energy, kj_per_mwh},
    {"MWh/t", Dimension::electricity_intensity, 1.0},
    {"kWh/t", Dimension::electricity_intensity, 1e-3},
    {"count", Dimension::count, 1.0},
    {"points", Dimension::count, 1.0},
    {"EUR", Dimension::money, 1.0},
    {"kEUR", Dimension::money, 1e3},
    {"MEUR", Dimension::money, 1e6},
    {"kgCO2e/kg", Dimension::intensity, 1.0},
    {"kg/TJ", Dimension::gas_per_energy, 1e-3 / kj_per_tj},
    {"km", Dimension::length, 1000.0},
    {"m", Dimension::length, 1.0},
    {"kgCO2e/tkm", Dimension::transport_factor, 1e-3 / 1000.0},
    {"gCO2e/tkm", Dimension::transport_factor, 1e-6 / 1000.0},
}};

// The usual unit of each dimension, for the bound in messages.
std::string_view usual_unit(Dimension d) {
  switch (d) {
    case Dimension::mass: return "t";
    case Dimension::energy: return "MWh";
    case Dimension::volume: return "Nm3";
    case Dimension::co2e: return "tCO2e";
    case Dimension::intensity: return "tCO2e/t";
    case Dimension::energy_factor: return "tCO2e/TJ";
    case Dimension::calorific: return "TJ/t";
    case Dimension::volumetric_calorific: return "TJ/1000Nm3";
    case Dimension::carbon_per_energy: return "tC/TJ";
    case Dimension::fraction: return "1";
    case Dimension::price: return "EUR/tCO2e";
    case Dimension::electricity_intensity: return "MWh/t";
    case Dimension::count: return "count";
    case Dimension::money: return "EUR";
    case Dimension::gas_per_energy: return "kg/TJ";
    case Dimension::length: return "km";
    case Dimension::transport_factor: return "gCO2e/tkm";
  }
  return "1";
}

/// `v` (in `unit`, `info`) as a storage value; UnitError when not finite or out of bounds.
double checked(double v, std::string_view unit, const UnitInfo& info, std::string_view field) {
  double stored = v * info.to_storage;
  if (!std::isfinite(v) || !std::isfinite(stored) || std::fabs(stored) > max_magnitude(info.dimension)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    throw UnitError(std::string(field) + ": " + buf + " " + std::string(unit) + " is beyond the largest " +
                    std::string(dimension_name(info.dimension)) + " accepted (" +
                    max_magnitude_text(info.dimension) + ")");
  }
  return stored;
}

UnitInfo require(std::string_view unit, Dimension d, std::string_view field) {
  auto info = find_unit(unit);
  if (!info) {
    throw UnitError(std::string(field) + ": unknown unit '" + std::string(unit) +
                    "' (expected " + expected_units(d) + ")");
  }
  if (info->dimension != d) {
    throw UnitError(std::string(field) + ": unit '" + std::string(unit) + "' is a " +
                    std::string(dimension_name(info->dimension)) + " unit, expected " +
                    std::string(dimension_name(d)) + " (" + expected_units(d) + ")");
  }
  return *info;
}

}  // namespace

double max_magnitude(Dimension d) {
  switch (d) {
    case Dimension::mass: return 1e12;                       // t
    case Dimension::co2e: return 1e12;                       // tCO2e
    case Dimension::energy: return 1e12 * kj_per_mwh;        // kJ: 1e12 MWh
    case Dimension::volume: return 1e14;                     // Nm3
    case Dimension::intensity: return 1e6;                   // tCO2e/t
    case Dimension::energy_factor: return 1e6 / kj_per_tj;   // tCO2e/kJ: 1e6 tCO2e/TJ
    case Dimension::calorific: return 10 * kj_per_tj;        // kJ/t: 10 TJ/t
    case Dimension::volumetric_calorific: return 10 * kj_per_tj / 1000.0;  // kJ/Nm3: 10 TJ/1000Nm3
    case Dimension::carbon_per_energy: return 1e4;           // tC/TJ
    case Dimension::fraction: return 1e6;
    case Dimension::price: return 1e6;                       // EUR/tCO2e
    case Dimension::electricity_intensity: return 1e6;       // MWh/t
    case Dimension::count: return 1e12;
    case Dimension::money: return 1e15;                      // EUR
    case Dimension::gas_per_energy: return 1e6 / kj_per_tj;  // t/kJ: 1e6 t of gas per TJ
    case Dimension::length: return 1e6 * 1000.0;             // m: 1e6 km, 25 times round the Earth
    case Dimension::transport_factor: return 1e6 * 1e-9;     // tCO2e/(t*m): 1e6 gCO2e/tkm
  }
  return 1e6;
}

double max_in(std::string_view unit) {
  auto info = find_unit(unit);
  return info ? max_magnitude(info->dimension) / info->to_storage : 0.0;
}

std::string max_magnitude_text(Dimension d) {
  auto unit = usual_unit(d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", max_in(unit));
  return std::string(buf) + " " + std::string(unit);
}

std::optional<UnitInfo> find_unit(std::string_view symbol) {
  for (const auto& u : kUnits)
    if (u.symbol == symbol) return u;
  return std::nullopt;
}

std::vector<std::string_view> unit_symbols(Dimension d) {
  std::vector<std::string_view> out;
  for (const auto& u : kUnits)
    if (u.dimension == d) out.push_back(u.symbol);
  return out;
}

std::string_view dimension_name(Dimension d) {
  switch (d) {
    case Dimension::mass: return "mass";
    case Dimension::energy: return "energy";
    case Dimension::volume: return "gas volume";
    case Dimension::co2e: return "CO2e mass";
    case Dimension::intensity: return "emission intensity";
    case Dimension::energy_factor: return "energy emission factor";
    case Dimension::calorific: return "calorific value";
    case Dimension::volumetric_calorific: return "volumetric calorific value";
    case Dimension::carbon_per_energy: return "carbon per energy";
    case Dimension::fraction: return "fraction";
    case Dimension::price: return "price";
    case Dimension::electricity_intensity: return "electricity intensity";
    case Dimension::count: return "count";
    case Dimension::money: return "money";
    case Dimension::gas_per_energy: return "gas per energy";
    case Dimension::length: return "length";
    case Dimension::transport_factor: return "transport emission factor";
  }
  return "?";
}

std::string expected_units(Dimension d) {
  std::string out;
  for (auto s : unit_symbols(d)) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

Mass to_mass(double v, std::string_view unit, std::string_view field) {
  return Mass::from_value(checked(v, unit, require(unit, Dimension::mass, field), field));
}
Energy to_energy(double v, std::string_view unit, std::string_view field) {
  return Energy::from_value(checked(v, unit, require(unit, Dimension::energy, field), field));
}
GasVolume to_volume(double v, std::string_view unit, std::string_view field) {
  return GasVolume::from_value(checked(v, unit, require(unit, Dimension::volume, field), field));
}
Co2eMass to_co2e(double v, std::string_view unit, std::string_view field) {
  return Co2eMass::from_value(checked(v, unit, require(unit, Dimension::co2e, field), field));
}
EmissionIntensity to_intensity(double v, std::string_view unit, std::string_view field) {
  return EmissionIntensity::from_value(checked(v, unit, require(unit, Dimension::intensity, field), field));
}
EnergyEmissionFactor to_energy_factor(double v, std::string_view unit, std::string_view field) {
  return EnergyEmissionFactor::from_value(
      checked(v, unit, require(unit, Dimension::energy_factor, field), field));
}
CalorificValue to_calorific(double v, std::string_view unit, std::string_view field) {
  return CalorificValue::from_value(checked(v, unit, require(unit, Dimension::calorific, field), field));
}
VolumetricCalorificValue to_volumetric_calorific(double v, std::string_view unit,
                                                 std::string_view field) {
  return VolumetricCalorificValue::from_value(
      checked(v, unit, require(unit, Dimension::volumetric_calorific, field), field));
}
Length to_length(double v, std::string_view unit, std::string_view field) {
  return Length::from_value(checked(v, unit, require(unit, Dimension::length, field), field));
}
TransportEmissionFactor to_transport_factor(double v, std::string_view unit, std::string_view field) {
  return TransportEmissionFactor::from_value(
      checked(v, unit, require(unit, Dimension::transport_factor, field), field));
}
double to_fraction(double v, std::string_view unit, std::string_view field) {
  return checked(v, unit, require(unit, Dimension::fraction, field), field);
}

}  // namespace greengate::units
