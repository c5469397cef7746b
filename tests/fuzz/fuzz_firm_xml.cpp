// libFuzzer: firm files (model::parse_firm), and the engine on every file that loads
// (compute_emissions, and the obligation of its first import year at a flat price).
#include "fuzz_support.hpp"

#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/calc/obligation.hpp"
#include "greengate/error.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/report/emissions_output.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace gg = greengate;
  const auto& ds = gg::fuzz::dataset();
  auto loaded = gg::model::parse_firm(gg::fuzz::as_text(data, size), "fuzz.xml");
  if (!loaded.ok()) return 0;
  try {
    auto firm = std::move(loaded).get();
    gg::calc::EmissionsOptions opt;
    auto rep = gg::calc::compute_emissions(firm, ds, opt);
    (void)gg::report::emissions_json(rep);
    static const auto flat = gg::calc::PriceBook::flat(80);
    gg::calc::MoneyContext mc{ds, gg::fuzz::money(), flat, std::nullopt, nullptr};
    (void)gg::calc::firm_obligation(mc, firm, 2026, "user");
  } catch (const gg::InputError&) {
  } catch (const gg::UnitError&) {
  } catch (const gg::DefinitionError&) {
  }
  return 0;  // anything else (an InternalError, std::logic_error …) is a finding: it aborts
}
