// Times the Communication template both ways on the library API (no process start, the data set
// loaded once; issue 12 targets: importing one filled template ≤ 150 ms, exporting ≤ 300 ms):
//   import  the Commission's filled examples (bytes in memory → firm, every check)
//   export  each bundled example firm into the blank v2.1.1 template (firm → workbook bytes:
//           compute, fill, drop cached values of every formula sheet, re-deflate what changed)
// Built and run by bench/template/run_bench.sh; prints the median and the slowest wall time and
// the median CPU time of RUNS per file, in ms.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "greengate/calc/dataset.hpp"
#include "greengate/exchange/communication_template.hpp"
#include "greengate/model/firm.hpp"

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream o;
  o << in.rdbuf();
  return o.str();
}

double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Median wall time, slowest wall time and median CPU time (the VM is shared: CPU time is what
// a busy host inflates least).
struct Times {
  double median, slowest, cpu;
};
template <class F> Times time_it(int runs, F f) {
  using clock = std::chrono::steady_clock;
  std::vector<double> t, c;
  for (int i = 0; i < runs; ++i) {
    auto a = clock::now();
    double ca = cpu_ms();
    f();
    c.push_back(cpu_ms() - ca);
    t.push_back(std::chrono::duration<double, std::milli>(clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  std::sort(c.begin(), c.end());
  return {t[t.size() / 2], t.back(), c[c.size() / 2]};
}

}  // namespace

int main(int argc, char** argv) {
  namespace gx = greengate::exchange;
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_template RUNS SHARED_EXAMPLES_DIR FIRM.xml...\n");
    return 2;
  }
  int runs = std::stoi(argv[1]);
  std::string examples = argv[2];
  auto data = greengate::calc::load_dataset(".").get();
  int bad = 0;
  for (const char* name : {"cement", "steel-screws-and-nuts", "aluminium"}) {
    std::string bytes = read(examples + "/example-" + std::string(name) + ".xlsx");
    std::size_t goods = 0;
    auto tm = time_it(runs, [&] {
      auto r = gx::import_template(bytes, name, data);
      if (!r.ok()) ++bad;
      goods = r.firm.installations.empty() ? 0 : r.firm.installations[0].processes.size();
    });
    std::printf("import %-44s median %6.1f ms  slowest %6.1f ms  CPU %6.1f ms  (%zu process(es))\n", name,
                tm.median, tm.slowest, tm.cpu, goods);
    std::fflush(stdout);
  }
  gx::TemplateExportOptions opt;
  opt.blank_xlsx = read(gx::blank_template_path("."));
  for (int i = 3; i < argc; ++i) {
    auto firm = greengate::model::load_firm(argv[i], argv[i]).get();
    for (const auto& in : firm.installations) {
      opt.installation = firm.installations.size() > 1 ? in.id : "";
      std::size_t size = 0;
      auto tm = time_it(runs, [&] { size = gx::export_template(firm, data, opt).xlsx.size(); });
      std::string what = std::string(argv[i]) + (opt.installation.empty() ? "" : "#" + opt.installation);
      std::printf("export %-44s median %6.1f ms  slowest %6.1f ms  CPU %6.1f ms  (%zu bytes)\n", what.c_str(),
                  tm.median, tm.slowest, tm.cpu, size);
      std::fflush(stdout);
    }
  }
  return bad == 0 ? 0 : 1;
}
