// libFuzzer: declaration lines (calc::run_batch, one worker, small blocks so that block edges
// are crossed), with the summary and rejects written as the CLI writes them.
#include "fuzz_support.hpp"

#include <algorithm>

#include "greengate/calc/batch.hpp"
#include "greengate/report/batch_output.hpp"
#include "greengate/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace gg = greengate;
  static const auto flat = gg::calc::PriceBook::flat(80);
  static const gg::calc::MoneyContext mc{gg::fuzz::dataset(), gg::fuzz::money(), flat, std::nullopt, nullptr};
  std::size_t pos = 0;
  gg::calc::BatchReader reader = [&](char* buf, std::size_t n) {
    auto k = std::min(n, size - pos);
    std::copy_n(data + pos, k, buf);
    pos += k;
    return k;
  };
  std::string out;
  gg::calc::BatchSinks sinks;
  sinks.reject = [&](const gg::calc::BatchReject& r) { out += gg::report::batch_reject_csv(r); };
  sinks.lines = [&](std::string_view s) { out.append(s); };
  gg::calc::BatchOptions opt;
  opt.display = "fuzz.csv";
  opt.scenario = "user";
  opt.threads = 1;
  opt.block_bytes = 4096;
  opt.lines_out = true;
  try {
    auto r = gg::calc::run_batch(mc, opt, reader, sinks);
    out += gg::report::batch_summary_csv(r);
    out += gg::report::batch_summary_json(r);
  } catch (const gg::InputError&) {
  }
  return 0;
}
