// libFuzzer: rule files (rules::load_rules), through an in-memory file.
#include "fuzz_support.hpp"

#include "greengate/error.hpp"
#include "greengate/rules/rule_set.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static greengate::fuzz::InputFile file;
  const auto& path = file.write(greengate::fuzz::as_text(data, size));
  auto set = greengate::rules::load_rules(path, "fuzz.xml");
  (void)set.diagnostics().format();
  return 0;
}
