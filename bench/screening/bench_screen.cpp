// Times the calc API alone (no CLI, no output): load the call once, parse N applicants, screen.
// Build (from the repository root, after a Release build in BUILD):
//   g++ -std=c++20 -O2 -Icalc/include bench/screening/bench_screen.cpp BUILD/calc/libgreengate_core.a \
//       -ltinyxml2 -lspdlog -lfmt -o /tmp/bench_screen
// Run: /tmp/bench_screen rules/calls/izmir-green-transition-2026.xml APPLICANTS.csv [RUNS] [THREADS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "greengate/calc/screening.hpp"

int main(int argc, char** argv) {
  namespace gc = greengate::calc;
  using clock = std::chrono::steady_clock;
  if (argc < 3) return 2;
  int runs = argc > 3 ? std::stoi(argv[3]) : 5;
  auto ms = [](clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
  auto t0 = clock::now();
  auto set = gc::load_call(argv[1], argv[1], "rules/taxonomy").get();
  auto data = gc::load_dataset(".").get();
  auto t1 = clock::now();
  std::printf("load call + taxonomy + data set: %.1f ms\n", ms(t1 - t0));
  std::vector<double> parse, screen;
  std::size_t n = 0;
  for (int i = 0; i < runs; ++i) {
    auto a = clock::now();
    auto apps = gc::load_applicants(argv[2], argv[2], set).get();
    auto b = clock::now();
    gc::ScreenOptions opt;
    opt.details = false;  // what `greengate screen` does for the ranked list
    opt.threads = argc > 4 ? static_cast<unsigned>(std::stoi(argv[4])) : 0;
    opt.data = [&]() -> const gc::Dataset& { return data; };
    auto rep = gc::screen(set, apps, opt);
    auto c = clock::now();
    n = rep.results.size();
    parse.push_back(ms(b - a));
    screen.push_back(ms(c - b));
  }
  std::sort(parse.begin(), parse.end());
  std::sort(screen.begin(), screen.end());
  std::printf("%zu applicants, median of %d runs: parse %.1f ms, screen %.1f ms (%.1f us per applicant)\n", n,
              runs, parse[parse.size() / 2], screen[screen.size() / 2], screen[screen.size() / 2] * 1000 / n);
}
