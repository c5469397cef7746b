// Where the time of `greengate report` goes (issue 16 targets: HTML of the largest example
// ≤ 50 ms, PDF ≤ 3 s including the browser's start), on the library API in one process:
//   html     the data set loaded once, then per run: the report built (emissions, obligation of
//            every year, exposure 2026-2034 under the scenarios, Taxonomy, data quality) and
//            rendered to HTML; and the two parts alone
//   before   the PDF as the CLI made it until 2026-12-02: one `chromium --headless
//            --print-to-pdf` process per report (start, load, print, exit)
//   cli      the PDF as the CLI makes it now: a browser started for the report over the
//            DevTools pipe, with the fastest flags, closed after it (start / page / print)
//   web      the PDF as the web makes it now: one browser kept running (the first print starts
//            it; every later one pays page and print only)
// Built and run by bench/report_bench.sh; prints median and slowest wall time and median CPU
// time of this process (the browser's own CPU is not in it) in ms.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "greengate/calc/dataset.hpp"
#include "greengate/calc/obligation.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/report/firm_report.hpp"
#include "greengate/report/messages.hpp"
#include "greengate/report/pdf_printer.hpp"
#include "greengate/report/screening_output.hpp"
#include "greengate/rules/rule_set.hpp"

namespace {

namespace gg = greengate;
using Clock = std::chrono::steady_clock;

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

struct Stat {
  std::vector<double> v;
  double median() {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
  }
  double max() { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }
};

void line(const char* what, Stat& wall, Stat& cpu) {
  std::printf("%-34s median %9.1f ms  slowest %9.1f ms  cpu %8.1f ms  (%zu runs)\n", what, wall.median(), wall.max(),
              cpu.median(), wall.v.size());
}

double since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: bench_report DATA_DIR FIRM.xml PRICES.csv HTML_RUNS PDF_RUNS\n");
    return 2;
  }
  const std::string root = argv[1], firm_path = argv[2], prices_path = argv[3];
  const int html_runs = std::atoi(argv[4]), pdf_runs = std::atoi(argv[5]);
  auto t0 = Clock::now();
  double c0 = cpu_ms();
  auto data = gg::calc::load_dataset(root).get();
  auto money = gg::rules::load_rules(root + "/rules/cbam/money.xml", "rules/cbam/money.xml").get();
  auto taxonomy = gg::rules::load_rules(root + "/rules/taxonomy", "rules/taxonomy/").get();
  auto quality = gg::rules::load_rules(root + "/rules/quality", "rules/quality/").get();
  std::printf("data set and rule sets loaded once: %.1f ms (cpu %.1f ms)\n", since(t0), cpu_ms() - c0);
  const std::string xml = read(firm_path);
  auto prices = gg::calc::PriceBook::from_csv_file(prices_path, prices_path).get();
  gg::report::ReportOptions opt;
  opt.date = gg::Date{2026, 12, 1};
  opt.program_version = "greengate bench";
  opt.input_name = firm_path;
  opt.quality_rules = &quality;
  gg::calc::MoneyContext mc{data, money, prices, std::nullopt, nullptr};

  Stat w_all, c_all, w_build, c_build, w_html, c_html;
  std::string html;
  for (int i = 0; i < html_runs; ++i) {
    auto a = Clock::now();
    double ca = cpu_ms();
    auto firm = gg::model::parse_firm(xml, firm_path).get();
    opt.input_sha256 = gg::report::sha256_hex(xml);
    auto rep = gg::report::build_firm_report(firm, data, mc, firm.activities.empty() ? nullptr : &taxonomy, opt);
    auto b = Clock::now();
    double cb = cpu_ms();
    html = gg::report::firm_report_html(rep, gg::report::Lang::tr);
    w_build.v.push_back(std::chrono::duration<double, std::milli>(b - a).count());
    c_build.v.push_back(cb - ca);
    w_html.v.push_back(since(b));
    c_html.v.push_back(cpu_ms() - cb);
    w_all.v.push_back(since(a));
    c_all.v.push_back(cpu_ms() - ca);
  }
  std::printf("HTML %zu bytes (Turkish)\n", html.size());
  line("html: read + build + render", w_all, c_all);
  line("  read firm + build the report", w_build, c_build);
  line("  render HTML", w_html, c_html);
  if (pdf_runs <= 0) return 0;

  auto chromium = gg::report::find_chromium();
  if (!chromium) {
    std::printf("PDF: no headless Chromium found\n");
    return 0;
  }
  std::printf("browser: %s\n", chromium->c_str());
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("greengate-bench-report-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path page = dir / "r.html", pdf = dir / "r.pdf";
  std::ofstream(page, std::ios::binary) << html;

  // before: one --print-to-pdf process per report, the flags the CLI used until 2026-12-02
  Stat w_before, c_dummy;
  for (int i = 0; i < pdf_runs; ++i) {
    std::fflush(stdout);
    auto a = Clock::now();
    pid_t pid = ::fork();
    if (pid == 0) {
      std::string prof = "--user-data-dir=" + (dir / ("before-" + std::to_string(i))).string();
      std::string out = "--print-to-pdf=" + pdf.string();
      std::string url = "file://" + page.string();
      std::freopen("/dev/null", "w", stdout);
      std::freopen("/dev/null", "w", stderr);
      ::execl(chromium->c_str(), chromium->c_str(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
              "--no-default-browser-check", "--disable-extensions", "--disable-sync", "--disable-background-networking",
              "--disable-default-apps", "--mute-audio", "--host-resolver-rules=MAP * ~NOTFOUND", prof.c_str(),
              "--no-pdf-header-footer", out.c_str(), url.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    int st = 0;
    ::waitpid(pid, &st, 0);
    w_before.v.push_back(since(a));
    c_dummy.v.push_back(0);
  }
  std::printf("%-34s median %9.1f ms  slowest %9.1f ms  (%zu runs)\n", "before: --print-to-pdf per report",
              w_before.median(), w_before.max(), w_before.v.size());

  // cli: a browser per report over the pipe
  Stat w_cli, c_cli, s_start, s_page, s_print;
  std::size_t bytes = 0;
  for (int i = 0; i < pdf_runs; ++i) {
    gg::report::PrintTimings t;
    auto a = Clock::now();
    double ca = cpu_ms();
    gg::report::print_pdf(html, pdf.string(), {}, &t);
    w_cli.v.push_back(since(a));
    c_cli.v.push_back(cpu_ms() - ca);
    s_start.v.push_back(t.start_ms);
    s_page.v.push_back(t.page_ms);
    s_print.v.push_back(t.print_ms);
    bytes = fs::file_size(pdf);
  }
  std::printf("%-34s median %9.1f ms  slowest %9.1f ms  (%zu runs, PDF %zu bytes)\n",
              "cli: browser per report (pipe)", w_cli.median(), w_cli.max(), w_cli.v.size(), bytes);
  std::printf("  of which: start %.1f ms, page + load %.1f ms, layout + print %.1f ms (medians)\n", s_start.median(),
              s_page.median(), s_print.median());

  // web: one browser kept running
  Stat w_web, c_web, p_page, p_print;
  double first = 0;
  {
    gg::report::HeadlessBrowser browser;
    for (int i = 0; i <= pdf_runs; ++i) {
      gg::report::PrintTimings t;
      auto a = Clock::now();
      double ca = cpu_ms();
      auto out = browser.print(html, &t);
      double ms = since(a);
      if (i == 0) {
        first = ms;
        continue;
      }
      w_web.v.push_back(ms);
      c_web.v.push_back(cpu_ms() - ca);
      p_page.v.push_back(t.page_ms);
      p_print.v.push_back(t.print_ms);
    }
  }
  std::printf("web: first print (starts the browser) %.1f ms\n", first);
  std::printf("%-34s median %9.1f ms  slowest %9.1f ms  (%zu runs)\n", "web: later prints, browser kept",
              w_web.median(), w_web.max(), w_web.v.size());
  std::printf("  of which: page + load %.1f ms, layout + print %.1f ms (medians)\n", p_page.median(), p_print.median());
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
