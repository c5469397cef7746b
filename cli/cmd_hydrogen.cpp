// greengate hydrogen: the life-cycle GHG emissions of a hydrogen process against the low-carbon
// threshold of Directive (EU) 2024/1788 (DR (EU) 2025/2359), with the EU Taxonomy 3.10 result.

#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "footprint_text.hpp"
#include "greengate/calc/hydrogen.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/calc/uncertainty.hpp"
#include "greengate/report/footprint_output.hpp"
#include "greengate/report/uncertainty_output.hpp"
#include "greengate/rules/rule_set.hpp"
#include "uncertainty_text.hpp"

namespace greengate::cli {

namespace {
constexpr const char* kHelp = R"(Usage: greengate hydrogen FIRM.xml [--id ID] [--year Y] [--format text|json|csv] [--lang en|tr]

Low-carbon hydrogen test of every <hydrogen> life cycle in the firm file (docs/firm-format.md):
life-cycle GHG emissions E = e_i + e_p + e_td + e_u - e_ccs in gCO2e/MJ (LHV 120 MJ/kg) and
kgCO2e/kgH2 against the fossil comparator of 94 gCO2e/MJ; low-carbon when the savings are at
least 70 % (at most 28.2 gCO2e/MJ = 3.38 kgCO2e/kgH2), Directive (EU) 2024/1788 with the method
of Delegated Regulation (EU) 2025/2359. The process's own emissions use the same source-stream
arithmetic as 'greengate emissions'; natural-gas supply takes the supplier's values, else the
act's defaults where the sources available confirm them (each with its status), else a reported
gap. The EU Taxonomy 3.10 result (73.4 %, 3 tCO2e/tH2) is shown beside it. docs/footprint.md.

  --id ID         only this <hydrogen> element
  --year Y        reporting year (default: the firm's reporting-year)
  --format F      text (default), json or csv
  --lang L        en (default) or tr, for the text output
)";
constexpr const char* kExitHelp = "Exit code 0 whatever the verdict; the verdict is in the output.\n";
}  // namespace

int cmd_hydrogen(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{"id", "year", "format", "lang", "uncertainty", "seed"}, {"help"}, {}}, "hydrogen");
  if (a.flag("help")) {
    ctx.out << help_text(ctx, "hydrogen", std::string(kHelp) + kUncertaintyHelp + kExitHelp);
    return 0;
  }
  if (a.positional().size() != 1)
    throw UsageError("hydrogen: give exactly one firm file (greengate hydrogen FIRM.xml)");
  std::string format = a.format({"text", "json", "csv"});
  auto lang_s = a.get_or("lang", "en");
  if (lang_s != "en" && lang_s != "tr")
    throw UsageError("hydrogen: --lang must be en or tr (got \"" + lang_s + "\")");
  auto year = a.integer("year", 2025, 2100);
  auto unc = uncertainty_options(a, "hydrogen");
  const auto& data = ctx.data();
  auto h2_rules = rules::load_rules(ctx.data_dir + "/rules/hydrogen", "rules/hydrogen/").get();
  auto fp_rules = rules::load_rules(ctx.data_dir + "/rules/footprint", "rules/footprint/").get();
  auto taxonomy = rules::load_rules(ctx.data_dir + "/rules/taxonomy", "rules/taxonomy/").get();
  auto firm = model::load_firm(a.positional()[0], a.positional()[0]).get();
  calc::HydrogenOptions opt;
  opt.year = year.value_or(0);
  auto reps = calc::compute_hydrogen(firm, data, h2_rules, fp_rules, &taxonomy, a.get_or("id", ""), opt);
  const auto lang = lang_s == "tr" ? report::Lang::tr : report::Lang::en;
  if (unc) {
    auto ur = calc::hydrogen_uncertainty(firm, data, h2_rules, fp_rules, &taxonomy, a.get_or("id", ""), opt, *unc);
    if (format == "json") ctx.out << report::with_uncertainty(report::hydrogen_json(reps), ur);
    else if (format == "csv") ctx.out << report::uncertainty_csv(ur);
    else {
      print_hydrogen(ctx.out, reps, lang);
      print_uncertainty(ctx.out, ur, lang);
    }
    return 0;
  }
  if (format == "json") ctx.out << report::hydrogen_json(reps);
  else if (format == "csv") ctx.out << report::hydrogen_csv(reps);
  else print_hydrogen(ctx.out, reps, lang);
  return 0;
}

}  // namespace greengate::cli
