// greengate report: the report a consultant signs, as HTML or PDF, in Turkish or English.
// The engine builds and renders it (report/firm_report.hpp); this command reads the options,
// computes nothing itself, and writes the file through a temporary and a rename.

#include <chrono>
#include <fstream>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "greengate/calc/obligation.hpp"
#include "greengate/factors/factor_library.hpp"
#include "greengate/report/firm_report.hpp"
#include "greengate/report/pdf_printer.hpp"
#include "greengate/report/screening_output.hpp"
#include "greengate/rules/rule_set.hpp"
#include "uncertainty_text.hpp"

#ifndef GREENGATE_VERSION
#define GREENGATE_VERSION "0.1.0"
#endif

namespace greengate::cli {

namespace {

constexpr const char* kHelp = R"(Usage: greengate report FIRM.xml|TEMPLATE.xlsx -o OUT [--format pdf|html] [--lang tr|en]
                       [--years 2026-2034] [--price EUR | --prices FILE] [--scenario NAME]
                       [--cscf X] [--benchmarks FILE] [--preparer "NAME"] [--date YYYY-MM-DD]
                       [--taxonomy DIR] [--uncertainty N [--seed S]]

The report a consultant signs: cover (firm, installations, period, preparer, date, program and
data versions, SHA-256 of the input), summary for management (embedded emissions per good,
certificates and cost 2026-2034 under the price scenarios, what actual data saves), installations
and processes, goods, the obligation of every import year with declared exports, EU Taxonomy
screening, factors used with source, validity and status, assumptions and gaps, method and legal
references, and an appendix with the calculation trace of every figure (T-1, T-2 …), ending with
a sign-off box. One self-contained HTML page with print CSS; the PDF is that page printed by
headless Chromium.

  -o, --out OUT     the file to write (HTML: '-' for standard output); written through a
                    temporary file and a rename: a failure leaves no partial file
  --format F        pdf or html (default: html for a name ending .html/.htm, else pdf)
  --lang L          en (default) or tr
  --years A-B       import years shown (default 2026-2034)
  --price EUR       a flat certificate price in EUR/tCO2e
  --prices FILE     CSV 'period,price' or 'period,low,central,high' (see greengate exposure)
  --scenario NAME   the scenario of the obligation section (default: central, else the first)
  --cscf X          cross-sectoral correction factor (default: the rule-set placeholder 1, flagged)
  --benchmarks FILE your own benchmark rows, laid over IR 2025/2620 row by row
  --preparer NAME   printed on the cover and in the sign-off box (default: a line to fill in)
  --date D          the report's date, also the Taxonomy's evaluation date (default: today, UTC);
                    the same input and date give the same HTML byte for byte
  --taxonomy DIR    Taxonomy rules (default: rules/taxonomy of the data folder)
  --uncertainty N   Monte Carlo with N samples (100-1000000): the 95 % range of every good's
                    SEE (section 4) and of each year's certificates and cost (section 5), and in
                    section 8 what was varied, mean, 2.5 %/97.5 % points, largest contributors
  --seed S          seed of the random numbers (default 1): same seed, same report
Without --price/--prices the published certificate prices are used; years without a price are
reported as gaps, never priced by guess. PDF needs headless Chromium (Debian: apt-get install
chromium-headless-shell, or chromium; or set GREENGATE_CHROMIUM).
)";

std::vector<std::string> expand_short(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const auto& a : args) out.push_back(a == "-o" ? "--out" : a);
  return out;
}

Date today() {
  auto now = std::chrono::system_clock::now();
  std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(now)};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int cmd_report(const std::vector<std::string>& argv, Context& ctx) {
  Args a(expand_short(argv),
         {{"out", "format", "lang", "years", "price", "prices", "scenario", "cscf", "benchmarks", "preparer", "date",
           "taxonomy", "uncertainty", "seed"},
          {"help"},
          {}},
         "report");
  if (a.flag("help")) {
    ctx.out << help_text(ctx, "report", kHelp);
    return 0;
  }
  // ---- options ------------------------------------------------------------------------------
  if (a.positional().size() != 1)
    throw UsageError("report: give exactly one firm file or template (greengate report FIRM.xml -o OUT)");
  auto out = a.get("out");
  if (!out || out->empty()) throw UsageError("report: -o OUT is required (the PDF or HTML file to write)");
  auto ends_with = [&](std::string_view tail) {
    return out->size() >= tail.size() && out->compare(out->size() - tail.size(), tail.size(), tail) == 0;
  };
  std::string format = a.get_or("format", ends_with(".html") || ends_with(".htm") || *out == "-" ? "html" : "pdf");
  if (format != "pdf" && format != "html") throw UsageError("report: --format must be pdf or html (got \"" + format + "\")");
  if (format == "pdf" && *out == "-") throw UsageError("report: a PDF needs a file name (-o FILE.pdf)");
  auto lang_s = a.get_or("lang", "en");
  if (lang_s != "en" && lang_s != "tr") throw UsageError("report: --lang must be en or tr (got \"" + lang_s + "\")");
  report::ReportOptions opt;
  if (auto y = a.get("years")) {
    auto range = factors::parse_year_range(*y);
    const calc::CbamPeriod& period = ctx.data().period;
    if (!range || !period.contains(range->first) || !period.contains(range->last))
      throw UsageError("report: --years must be A-B within " + period.text() + " (got \"" + *y + "\")");
    opt.first_year = range->first;
    opt.last_year = range->last;
  }
  if (auto d = a.get("date")) {
    auto p = parse_date(*d);
    if (!p) throw UsageError("report: --date must be YYYY-MM-DD (got \"" + *d + "\")");
    opt.date = *p;
  } else {
    opt.date = today();
  }
  opt.preparer = a.get_or("preparer", "");
  if (auto unc = uncertainty_options(a, "report")) {
    opt.uncertainty_samples = unc->samples;
    opt.uncertainty_seed = unc->seed;
  }
  opt.program_version = std::string("greengate ") + GREENGATE_VERSION;
  if (a.get("price") && a.get("prices")) throw UsageError("report: give either --price or --prices, not both");
  calc::PriceBook prices;
  if (auto p = a.number("price")) {
    if (*p < 0) throw UsageError("report: --price must be >= 0");
    prices = calc::PriceBook::flat(*p);
  }
  std::optional<double> cscf;
  if (auto c = a.number("cscf")) {
    if (*c < 0 || *c > 1) throw UsageError("report: --cscf must be between 0 and 1");
    cscf = *c;
  }
  // ---- input, as `greengate emissions` reads it (same errors) -------------------------------
  const auto& path = a.positional()[0];
  const auto& data = ctx.data();
  std::vector<calc::Gap> differences;
  auto firm = load_firm_input(path, ctx, &differences);
  opt.input_name = path;
  opt.input_sha256 = report::sha256_hex(read_bytes(path));
  if (!a.get("price")) {
    if (auto f = a.get("prices")) prices = calc::PriceBook::from_csv_file(*f, *f).get();
    else prices = calc::PriceBook::published(data.factors);
  }
  if (auto s = a.get("scenario")) {
    const auto& names = prices.scenarios();
    if (std::find(names.begin(), names.end(), *s) == names.end())
      throw UsageError("report: --scenario " + *s + " is not in the price file");
    opt.scenario = *s;
  }
  std::unique_ptr<factors::BenchmarkTable> benchmarks;
  if (auto b = a.get("benchmarks")) {
    auto user = factors::load_factor_files({*b}, {*b}).get();
    benchmarks = std::make_unique<factors::BenchmarkTable>(data.factors.benchmarks().overridden_by(user.benchmarks()));
  }
  const rules::RuleSet& money = data.money;
  std::optional<rules::RuleSet> taxonomy;
  if (!firm.activities.empty() || !firm.hydrogen.empty()) {  // hydrogen: the Taxonomy 3.10 result beside it
    auto dir = a.get_or("taxonomy", ctx.data_dir + "/rules/taxonomy");
    taxonomy = rules::load_rules(dir, a.get("taxonomy") ? "" : "rules/taxonomy/").get();
  }
  auto quality = rules::load_rules(ctx.data_dir + "/rules/quality", "rules/quality/").get();
  opt.quality_rules = &quality;
  auto footprint = rules::load_rules(ctx.data_dir + "/rules/footprint", "rules/footprint/").get();
  auto hydrogen = rules::load_rules(ctx.data_dir + "/rules/hydrogen", "rules/hydrogen/").get();
  opt.footprint_rules = &footprint;
  opt.hydrogen_rules = &hydrogen;
  // ---- build, render, write -------------------------------------------------------------------
  calc::MoneyContext mc{data, money, prices, cscf, benchmarks.get()};
  auto rep = report::build_firm_report(firm, data, mc, taxonomy ? &*taxonomy : nullptr, opt, differences);
  auto html = report::firm_report_html(rep, lang_s == "tr" ? report::Lang::tr : report::Lang::en);
  if (format == "html") {
    if (*out == "-") ctx.out << html;
    else report::write_file_atomically(*out, html);
    return 0;
  }
  try {
    report::print_pdf(html, *out);
  } catch (const report::PdfError& e) {
    ctx.err << "greengate: report: " << e.what() << "\n";
    return static_cast<int>(ExitCode::internal);
  }
  return 0;
}

}  // namespace greengate::cli
