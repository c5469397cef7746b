// libFuzzer: price scenario files (calc::PriceBook::from_csv_text), and a look-up in each.
#include "fuzz_support.hpp"

#include "greengate/calc/obligation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto book = greengate::calc::PriceBook::from_csv_text(greengate::fuzz::as_text(data, size), "fuzz.csv");
  if (!book.ok()) return 0;
  const auto b = std::move(book).get();
  for (const auto& s : b.scenarios())
    for (int y = 2026; y <= 2034; ++y) (void)b.price(s, y);
  return 0;
}
