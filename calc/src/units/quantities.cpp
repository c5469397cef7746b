#include "greengate/units/quantities.hpp"

namespace greengate::units {
namespace {
// Storage energy unit is t·m²/s² = 1000 J.
constexpr double kj_per_tj = 1e9;
constexpr double kj_per_gj = 1e6;
constexpr double kj_per_mwh = 3.6e6;
}  // namespace

Mass tonnes(double v) { return Mass::from_value(v); }
Mass kilograms(double v) { return Mass::from_value(v / 1000.0); }
Energy terajoules(double v) { return Energy::from_value(v * kj_per_tj); }
Energy gigajoules(double v) { return Energy::from_value(v * kj_per_gj); }
Energy megawatt_hours(double v) { return Energy::from_value(v * kj_per_mwh); }
GasVolume normal_cubic_metres(double v) { return GasVolume::from_value(v); }
Co2eMass tco2e(double v) { return Co2eMass::from_value(v); }
EmissionIntensity tco2e_per_tonne(double v) { return EmissionIntensity::from_value(v); }
EnergyEmissionFactor tco2e_per_terajoule(double v) {
  return EnergyEmissionFactor::from_value(v / kj_per_tj);
}
EnergyEmissionFactor tco2e_per_megawatt_hour(double v) {
  return EnergyEmissionFactor::from_value(v / kj_per_mwh);
}
CalorificValue terajoules_per_tonne(double v) { return CalorificValue::from_value(v * kj_per_tj); }
VolumetricCalorificValue terajoules_per_1000nm3(double v) {
  return VolumetricCalorificValue::from_value(v * kj_per_tj / 1000.0);
}
GasEmissionFactor kilograms_per_terajoule(double v) {
  return GasEmissionFactor::from_value(v / 1000.0 / kj_per_tj);
}

double in_tonnes(Mass m) { return m.value(); }
double in_terajoules(Energy e) { return e.value() / kj_per_tj; }
double in_megawatt_hours(Energy e) { return e.value() / kj_per_mwh; }
double in_normal_cubic_metres(GasVolume v) { return v.value(); }
double in_tco2e(Co2eMass e) { return e.value(); }
double in_tco2e_per_tonne(EmissionIntensity i) { return i.value(); }
double in_tco2e_per_terajoule(EnergyEmissionFactor f) { return f.value() * kj_per_tj; }
double in_tco2e_per_megawatt_hour(EnergyEmissionFactor f) { return f.value() * kj_per_mwh; }
double in_terajoules_per_tonne(CalorificValue c) { return c.value() / kj_per_tj; }
double in_terajoules_per_1000nm3(VolumetricCalorificValue c) {
  return c.value() * 1000.0 / kj_per_tj;
}
Length kilometres(double v) { return Length::from_value(v * 1000.0); }
// kgCO2e per t·km = 1e-3 tCO2e per (t · 1000 m).
TransportEmissionFactor kgco2e_per_tonne_km(double v) {
  return TransportEmissionFactor::from_value(v * 1e-3 / 1000.0);
}
double in_kilometres(Length l) { return l.value() / 1000.0; }
double in_kgco2e_per_tonne_km(TransportEmissionFactor f) { return f.value() * 1000.0 * 1000.0; }
double in_kilograms(Mass m) { return m.value() * 1000.0; }
double in_kgco2e(Co2eMass e) { return e.value() * 1000.0; }
double in_kilograms_per_terajoule(GasEmissionFactor f) { return f.value() * 1000.0 * kj_per_tj; }
double in_megajoules(Energy e) { return e.value() / 1e3; }
// gCO2e/MJ: 1 g = 1e-6 t, 1 MJ = 1e3 kJ.
double in_grams_co2e_per_megajoule(EnergyEmissionFactor f) { return f.value() * 1e6 * 1e3; }

}  // namespace greengate::units
