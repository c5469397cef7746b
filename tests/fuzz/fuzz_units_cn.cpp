// libFuzzer: the small parsers of typed text — units (find_unit and each conversion), CN codes
// (normalize_cn, the scope catalogue's check), numbers (the loaders' parse_number) and UTF-8.
// Input: "unit\nnumber\ncode".
#include "fuzz_support.hpp"

#include "greengate/error.hpp"
#include "greengate/model/cn_code.hpp"
#include "greengate/units/unit_parser.hpp"
#include "greengate/utf8.hpp"
#include "xml/element_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace gg = greengate;
  namespace u = greengate::units;
  auto text = gg::fuzz::as_text(data, size);
  auto first = text.find('\n');
  auto unit = text.substr(0, first);
  auto rest = first == std::string_view::npos ? std::string_view{} : text.substr(first + 1);
  auto second = rest.find('\n');
  auto number = rest.substr(0, second);
  auto code = second == std::string_view::npos ? std::string_view{} : rest.substr(second + 1);

  auto v = gg::xml::parse_number(number).value_or(1.0);
  (void)u::find_unit(unit);
  (void)u::max_in(unit);
  auto convert = [&](auto f) {
    try {
      (void)f(v, unit, "'unit'");
    } catch (const gg::UnitError&) {
    }
  };
  convert(u::to_mass);
  convert(u::to_energy);
  convert(u::to_volume);
  convert(u::to_co2e);
  convert(u::to_intensity);
  convert(u::to_energy_factor);
  convert(u::to_calorific);
  convert(u::to_volumetric_calorific);
  convert(u::to_fraction);
  if (auto cn = gg::model::normalize_cn(code)) (void)gg::model::format_cn(*cn);
  (void)gg::fuzz::dataset().scope.check(code);
  auto bad = gg::utf8::invalid_at(text);
  auto cut = gg::utf8::prefix(text, size / 2);
  if (bad == std::string_view::npos && gg::utf8::invalid_at(cut) != std::string_view::npos) __builtin_trap();
  if (gg::utf8::invalid_at(gg::utf8::repair(text)) != std::string_view::npos) __builtin_trap();
  return 0;
}
