#pragma once
// The greengate commands. Each parses its own arguments, calls greengate::calc and prints; none
// computes anything itself (STYLE.md P1).

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "greengate/calc/dataset.hpp"
#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/calc/plausibility.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/report/messages.hpp"

namespace greengate::cli {

enum class ExitCode : int { ok = 0, usage = 2, bad_input = 3, internal = 4 };

struct Context {
  Context(std::string dir, std::ostream& o, std::ostream& e) : data_dir(std::move(dir)), out(o), err(e) {}
  std::string data_dir;  ///< holds factors/ and rules/
  std::ostream& out;
  std::ostream& err;
  /// Language of what people read: "en" (default) or "tr" (--lang, or LANG/LC_ALL/LC_MESSAGES
  /// beginning with "tr").
  std::string lang = "en";
  /// Loads the data set on first use; throws DefinitionError listing every problem.
  const calc::Dataset& data();
  /// The message catalogue of `lang`: the program's one catalogue per language, the one the web
  /// and the report read too (text/catalogue.hpp). Never null.
  const report::Messages* words();
  /// *words().
  const report::Messages& catalogue();
  /// A date as people of `lang` read it: 2026-06-30 (en), 30.06.2026 (tr, GG.AA.YYYY).
  std::string date_text(const Date& d) const;

 private:
  std::unique_ptr<calc::Dataset> data_;
};

/// A command's --help in ctx.lang: `english` (the program's own text) or the catalogue's
/// "help.<command>" ('\n' in it is a line break); English when the catalogue has none.
std::string help_text(Context& ctx, const std::string& command, const std::string& english);

using Command = int (*)(const std::vector<std::string>& args, Context& ctx);

int cmd_emissions(const std::vector<std::string>& args, Context& ctx);
int cmd_defaults(const std::vector<std::string>& args, Context& ctx);
int cmd_scope(const std::vector<std::string>& args, Context& ctx);
int cmd_factors(const std::vector<std::string>& args, Context& ctx);
int cmd_obligation(const std::vector<std::string>& args, Context& ctx);
int cmd_exposure(const std::vector<std::string>& args, Context& ctx);
int cmd_quality(const std::vector<std::string>& args, Context& ctx);
int cmd_rules(const std::vector<std::string>& args, Context& ctx);
int cmd_batch(const std::vector<std::string>& args, Context& ctx);
int cmd_taxonomy(const std::vector<std::string>& args, Context& ctx);
int cmd_screen(const std::vector<std::string>& args, Context& ctx);
int cmd_footprint(const std::vector<std::string>& args, Context& ctx);
int cmd_template(const std::vector<std::string>& args, Context& ctx);
int cmd_goods(const std::vector<std::string>& args, Context& ctx);

/// A firm file, or a filled Communication template (.xlsx, read by greengate::exchange). The
/// template's warnings go to ctx.err; its settled differences are appended to `differences`
/// (or printed as notes when it is null). Throws InputError listing every problem.
model::Firm load_firm_input(const std::string& path, Context& ctx,
                            std::vector<calc::Gap>* differences);
int cmd_hydrogen(const std::vector<std::string>& args, Context& ctx);
int cmd_report(const std::vector<std::string>& args, Context& ctx);

/// Plausibility warnings of a firm (rules/quality), and their printing: on stderr in compiler
/// style, or with `strict` as errors (throws InputError).
calc::PlausibilityReport plausibility_of(const model::Firm& firm, const calc::EmissionsReport& em,
                                         Context& ctx);
void report_plausibility(const calc::PlausibilityReport& p, Context& ctx, bool strict);

}  // namespace greengate::cli
