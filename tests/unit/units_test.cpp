// Quantities and unit parsing (greengate/units).
#include <doctest/doctest.h>

#include <type_traits>

#include "greengate/error.hpp"
#include "greengate/units/quantities.hpp"
#include "greengate/units/unit_parser.hpp"

namespace u = greengate::units;

// CO2e is its own base dimension: a product mass can never become an emission (see also
// tests/compile_fail/mass_as_co2e.cpp, which must fail to compile).
static_assert(!std::is_convertible_v<u::Mass, u::Co2eMass>);
static_assert(!std::is_convertible_v<u::Energy, u::Mass>);
static_assert(std::is_same_v<decltype(u::Mass{} * u::EmissionIntensity{}), u::Co2eMass>);
static_assert(std::is_same_v<decltype(u::Energy{} * u::EnergyEmissionFactor{}), u::Co2eMass>);
static_assert(std::is_same_v<decltype(u::Mass{} * u::CalorificValue{}), u::Energy>);
static_assert(std::is_same_v<decltype(u::GasVolume{} * u::VolumetricCalorificValue{}), u::Energy>);

TEST_CASE("Units: makers and readers name their units and round-trip") {
  CHECK(u::in_tonnes(u::kilograms(2500)) == doctest::Approx(2.5));
  CHECK(u::in_terajoules(u::gigajoules(1500)) == doctest::Approx(1.5));
  // 1 MWh = 3.6 GJ = 0.0036 TJ
  CHECK(u::in_terajoules(u::megawatt_hours(1000)) == doctest::Approx(3.6));
  CHECK(u::in_tco2e_per_megawatt_hour(u::tco2e_per_megawatt_hour(0.439)) == doctest::Approx(0.439));
  // 56.1 tCO2/TJ = 0.20196 tCO2/MWh (56.1 × 0.0036)
  CHECK(u::in_tco2e_per_megawatt_hour(u::tco2e_per_terajoule(56.1)) == doctest::Approx(0.20196));
}

TEST_CASE("Units: emissions = activity × factor with the units converted at the edge") {
  // 1000 t natural gas × 0.048 TJ/t = 48 TJ; × 56.1 tCO2/TJ = 2692.8 tCO2
  u::Energy e = u::tonnes(1000) * u::terajoules_per_tonne(0.048);
  CHECK(u::in_terajoules(e) == doctest::Approx(48.0));
  CHECK(u::in_tco2e(e * u::tco2e_per_terajoule(56.1)) == doctest::Approx(2692.8));
  // 9.1 thousand Nm3 × 0.0345 TJ/1000Nm3 = 0.31395 TJ
  u::Energy g = u::to_volume(9.1, "1000Nm3", "f") * u::to_volumetric_calorific(0.0345, "TJ/1000Nm3", "f");
  CHECK(u::in_terajoules(g) == doctest::Approx(0.31395));
}

TEST_CASE("Unit parser: user unit strings convert to storage units") {
  CHECK(u::in_tonnes(u::to_mass(1, "kt", "q")) == doctest::Approx(1000));
  CHECK(u::in_tonnes(u::to_mass(1, "Mg", "q")) == doctest::Approx(1));
  CHECK(u::in_tonnes(u::to_mass(500, "kg", "q")) == doctest::Approx(0.5));
  CHECK(u::in_megawatt_hours(u::to_energy(2500, "kWh", "q")) == doctest::Approx(2.5));
  CHECK(u::in_terajoules(u::to_energy(1, "GJ", "q")) == doctest::Approx(0.001));
  CHECK(u::in_normal_cubic_metres(u::to_volume(2, "1000Nm3", "q")) == doctest::Approx(2000));
  CHECK(u::in_tco2e(u::to_co2e(1500, "kgCO2e", "q")) == doctest::Approx(1.5));
  CHECK(u::to_fraction(12, "%", "q") == doctest::Approx(0.12));
  CHECK(u::in_tco2e_per_megawatt_hour(u::to_energy_factor(439, "gCO2e/kWh", "q")) ==
        doctest::Approx(0.439));
}

TEST_CASE("Unit parser: an unknown unit is an error naming the field and the expected units") {
  CHECK_THROWS_WITH_AS(u::to_mass(1, "tonnes", "quantity"),
                       "quantity: unknown unit 'tonnes' (expected t, Mg, kg, kt)",
                       greengate::UnitError);
  CHECK_THROWS_WITH_AS(u::to_mass(1, "MWh", "output"),
                       "output: unit 'MWh' is a energy unit, expected mass (t, Mg, kg, kt)",
                       greengate::UnitError);
}
