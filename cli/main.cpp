// greengate — command-line face of the GreenGate engine.
//
// Phases: find the data folder, pick the command, run it inside one try whose catch blocks are the
// only place errors become messages and exit codes (STYLE.md P14).

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "heap.hpp"
#include "greengate/error.hpp"
#include "greengate/rules/rule_set.hpp"

namespace fs = std::filesystem;
namespace gc = greengate::cli;

namespace {

constexpr const char* kUsage = R"(greengate — EU CBAM and Green Deal compliance calculator

Usage: greengate [--data-dir DIR] COMMAND [ARGS...]

Commands:
  emissions FIRM.xml    embedded emissions per installation, process, CN code and export
  defaults              the Commission default value for a CN code and origin, with mark-up
  scope CN...           is a CN code in CBAM scope? sector, Annex II flag, legal reference
  factors               list, show or search the factor library (list | show ID | search TEXT)
  goods TEXT            find CBAM goods by CN or 12-digit GTİP code or by words, Turkish or English
  obligation FIRM.xml   CBAM certificates and cost of the firm's exports in one import year
  exposure FIRM.xml     2026-2034 certificates and cost, actual data vs default values
  quality FIRM.xml      data-quality grade, what default values cost, actions that raise the grade
  batch LINES.csv       CBAM certificates and cost per declarant and year for declaration lines
  rules                 check, list and explain rule files (check PATH | list | show ID)
  taxonomy FIRM.xml     EU Taxonomy verdicts per activity (substantial contribution, DNSH, safeguards)
  screen CALL APPS      grant call screening: verdicts, scores, ranking within the budget
  template import FILE  the EU Communication template (.xlsx) into a firm file
  template export FIRM  the firm into the Commission's blank template v2.1.1 (-o OUT.xlsx)
  footprint FIRM.xml    GHG inventory: Scope 1 by gas, Scope 2 location- and market-based;
                        --product ID: product carbon footprint, PACT v3 export
  hydrogen FIRM.xml     low-carbon hydrogen test (DR (EU) 2025/2359), EU Taxonomy 3.10 beside it
  report FIRM.xml -o F  the report to sign: PDF or HTML, Turkish or English, every figure traced

Options:
  --data-dir DIR        folder holding factors/ and rules/ (default: next to the program,
                        or $GREENGATE_DATA_DIR)
  --help, -h            this help; 'greengate COMMAND --help' for a command's help
  --version             program and data versions
  --lang tr|en          language of what people read (default: Turkish when LANG, LC_ALL or
                        LC_MESSAGES begins with "tr", else English)

Exit codes: 0 ok, 2 usage error, 3 bad input or data definitions (or an output that cannot be
written), 4 internal error.
)";

}  // namespace

greengate::cli::ExitCode report_error(const std::exception& e, std::ostream& err,
                                      const greengate::report::Messages* words = nullptr);

/// "tr" when LC_ALL, LC_MESSAGES or LANG (the first set, as POSIX orders them) names Turkish
/// ("tr_TR.UTF-8"), else "en".
std::string language_of_environment() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v && *v) return std::string_view(v).rfind("tr", 0) == 0 ? "tr" : "en";
  }
  return "en";
}

namespace {
// The command has written and closed (renamed) its files. Tearing down the data set (tens of
// thousands of default-value cells) and the heap would only cost time (≈ 2 ms of a batch run):
// flush what is buffered and leave, as compilers do — but only after checking that standard
// output took everything: a full disk or a closed pipe is a failed run, never exit 0 with
// nothing written (issue 15, defect 11).
[[noreturn]] int finish(int rc) {
  errno = 0;
  std::cout.flush();
  const bool flushed = std::fflush(stdout) == 0;
  const int err = errno;
  if ((!std::cout || !flushed || std::ferror(stdout)) && rc == 0) {
    std::cerr << "greengate: error: cannot write to standard output"
              << (err ? std::string(": ") + std::strerror(err) : std::string()) << '\n';
    rc = static_cast<int>(gc::ExitCode::bad_input);
  }
  std::cerr.flush();
  spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) { l->flush(); });
  std::fflush(nullptr);
  std::_Exit(rc);
}
}  // namespace

int main(int argc, char** argv) {
  gc::tune_heap_for(argc, argv);
  // ---- logging: the CLI owns the sinks; the engine only uses the named logger ----------------
  auto logger = spdlog::stderr_color_mt("greengate.calc");
  logger->set_level(spdlog::level::warn);
  logger->set_pattern("greengate: %l: %v");

  std::vector<std::string> args(argv + 1, argv + argc);
  // The language of the usage text and of errors before a command runs: --lang anywhere among
  // the global options, else the environment's.
  auto early_lang = [&] {
    for (std::size_t k = 0; k < args.size(); ++k) {
      if (args[k] == "--lang" && k + 1 < args.size()) return args[k + 1] == "tr" ? std::string("tr") : std::string("en");
      if (args[k].rfind("--lang=", 0) == 0) return args[k].substr(7) == "tr" ? std::string("tr") : std::string("en");
    }
    return language_of_environment();
  };
  std::string data_option;
  bool want_version = false;
  std::string lang_option;
  // ---- global options -----------------------------------------------------------------------
  std::size_t i = 0;
  for (; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "--help" || a == "-h" || a == "help") {
      gc::Context help_ctx{greengate::calc::find_data_dir(data_option), std::cout, std::cerr};
      help_ctx.lang = early_lang();
      std::cout << gc::help_text(help_ctx, "main", kUsage);
      return finish(0);
    }
    if (a == "--version") {
      want_version = true;
      continue;
    }
    if ((a == "--lang" && i + 1 < args.size()) || a.rfind("--lang=", 0) == 0) {
      lang_option = a == "--lang" ? args[++i] : a.substr(7);
      if (lang_option != "tr" && lang_option != "en") {
        std::cerr << "greengate: --lang must be tr or en (got \"" << lang_option << "\")\n";
        return static_cast<int>(gc::ExitCode::usage);
      }
      continue;
    }
    if (a == "--data-dir" && i + 1 < args.size()) {
      data_option = args[++i];
      continue;
    }
    if (a.rfind("--data-dir=", 0) == 0) {
      data_option = a.substr(11);
      continue;
    }
    break;
  }
  if (want_version) {
    // The program and the data it would compute with: each factor table's and rule file's version.
    std::cout << "greengate 0.1.0\n";
    const std::string dir = greengate::calc::find_data_dir(data_option);
    auto loaded = greengate::calc::load_dataset(dir);
    if (!loaded.ok()) {
      std::cout << "data: " << dir << " (cannot be loaded: run 'greengate factors list' to see why)\n";
      return finish(0);
    }
    const auto data = std::move(loaded).get();
    std::cout << "data: " << dir << "\n";
    for (const auto& v : data.factors.table_versions()) std::cout << "  factors " << v << "\n";
    std::cout << "  cbam-scope " << data.scope.version() << "\n";
    for (const char* folder : {"cbam", "taxonomy", "footprint", "hydrogen", "quality"}) {
      auto r = greengate::rules::load_rules(dir + "/rules/" + folder, std::string("rules/") + folder + "/");
      if (!r.ok()) continue;
      for (const auto& f : std::move(r).get().files()) std::cout << "  rules " << f.id << " " << f.version << "\n";
    }
    return finish(0);
  }
  gc::Context ctx{greengate::calc::find_data_dir(data_option), std::cout, std::cerr};
  ctx.lang = lang_option.empty() ? language_of_environment() : lang_option;
  if (i >= args.size()) {
    std::cerr << gc::help_text(ctx, "main", kUsage);
    return static_cast<int>(gc::ExitCode::usage);
  }
  const std::map<std::string, gc::Command> commands = {
      {"emissions", gc::cmd_emissions},
      {"defaults", gc::cmd_defaults},
      {"scope", gc::cmd_scope},
      {"factors", gc::cmd_factors},
      {"obligation", gc::cmd_obligation},
      {"exposure", gc::cmd_exposure},
      {"rules", gc::cmd_rules},
      {"batch", gc::cmd_batch},
      {"taxonomy", gc::cmd_taxonomy},
      {"screen", gc::cmd_screen},
      {"footprint", gc::cmd_footprint},
      {"report", gc::cmd_report},
      {"quality", gc::cmd_quality},
      {"template", gc::cmd_template},
      {"hydrogen", gc::cmd_hydrogen},
      {"goods", gc::cmd_goods},
  };
  auto it = commands.find(args[i]);
  if (it == commands.end()) {
    const greengate::report::Messages* w = nullptr;
    try {
      if (ctx.lang != "en") w = ctx.words();
    } catch (const std::exception&) {
    }
    std::cerr << "greengate: "
              << (w && w->has("usage.unknown_command") ? w->format("usage.unknown_command", {args[i]})
                                                       : "unknown command '" + args[i] + "' (see greengate --help)")
              << '\n';
    return static_cast<int>(gc::ExitCode::usage);
  }
  std::vector<std::string> rest(args.begin() + static_cast<long>(i) + 1, args.end());
  // Commands with a --lang of their own take the global language unless they are given one.
  static const std::set<std::string> own_lang = {"footprint", "hydrogen", "screen", "report"};
  if (ctx.lang != "en" && own_lang.count(args[i]) &&
      std::none_of(rest.begin(), rest.end(), [](const std::string& r) { return r == "--lang" || r.rfind("--lang=", 0) == 0; })) {
    rest.push_back("--lang");
    rest.push_back(ctx.lang);
  }
  // ---- run ----------------------------------------------------------------------------------
  int rc = 0;
  try {
    rc = it->second(rest, ctx);
  } catch (const std::exception& e) {
    const greengate::report::Messages* words = nullptr;
    try {
      words = ctx.words();
    } catch (const std::exception&) {  // a broken catalogue must not hide the error itself
    }
    rc = static_cast<int>(report_error(e, std::cerr, words));
  }
  return finish(rc);
}

// The one place where errors become messages and exit codes.
greengate::cli::ExitCode report_error(const std::exception& e, std::ostream& err,
                                      const greengate::report::Messages* words) {
  auto count_line = [&](const char* key, std::size_t n, const char* english) {
    if (words && words->has(key)) return "greengate: " + words->format(key, {std::to_string(n)});
    return "greengate: " + std::to_string(n) + english;
  };
  const bool english = !words || words->code() == "en";
  if (const auto* u = dynamic_cast<const gc::UsageError*>(&e)) {
    if (!english && !u->key().empty() && words->has(u->key())) err << "greengate: " << words->format(u->key(), u->args()) << '\n';
    else err << "greengate: " << u->what() << '\n';
    return gc::ExitCode::usage;
  }
  if (const auto* d = dynamic_cast<const greengate::DefinitionError*>(&e)) {
    err << d->diagnostics().format() << '\n';
    err << count_line("cli.errors_data", d->diagnostics().error_count(), " error(s) in the data definitions") << '\n';
    return gc::ExitCode::bad_input;
  }
  if (const auto* in = dynamic_cast<const greengate::InputError*>(&e)) {
    if (!in->diagnostics().empty()) {
      err << in->diagnostics().format() << '\n';
      err << count_line("cli.errors_input", in->diagnostics().error_count(), " error(s) in the input") << '\n';
    } else {
      err << in->what() << '\n';
    }
    return gc::ExitCode::bad_input;
  }
  if (dynamic_cast<const greengate::UnitError*>(&e)) {
    err << "greengate: error: " << e.what() << '\n';
    return gc::ExitCode::bad_input;
  }
  err << "greengate: " << (english ? std::string("internal error") : (*words)("cli.internal_error")) << ": " << e.what() << '\n';
  return gc::ExitCode::internal;
}
