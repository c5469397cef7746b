// libFuzzer: grant applicants (calc::parse_applicants_csv) against the bundled İzmir call.
#include "fuzz_support.hpp"

#include "greengate/calc/screening.hpp"
#include "greengate/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace gg = greengate;
  const auto& dir = gg::fuzz::source_dir();
  static const auto call = gg::calc::load_call(dir + "/rules/calls/izmir-green-transition-2026.xml",
                                               "izmir-green-transition-2026.xml", dir + "/rules/taxonomy", "rules/taxonomy")
                               .get();
  auto apps = gg::calc::parse_applicants_csv(gg::fuzz::as_text(data, size), "fuzz.csv", call, dir + "/examples");
  (void)apps.diagnostics().format();
  return 0;
}
