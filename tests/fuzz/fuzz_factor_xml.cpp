// libFuzzer: factor files (factors::load_factor_files), through an in-memory file.
#include "fuzz_support.hpp"

#include "greengate/error.hpp"
#include "greengate/factors/factor_library.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static greengate::fuzz::InputFile file;
  const auto& path = file.write(greengate::fuzz::as_text(data, size));
  auto lib = greengate::factors::load_factor_files({path}, {"fuzz.xml"});
  (void)lib.diagnostics().format();
  return 0;
}
