// greengate footprint: the firm's GHG inventory (Scope 1 by gas, Scope 2 location- and
// market-based side by side) and, with --product, a product carbon footprint with its PACT export.

#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "footprint_text.hpp"
#include "greengate/calc/footprint.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/report/footprint_output.hpp"
#include "greengate/rules/rule_set.hpp"

namespace greengate::cli {

namespace {

constexpr const char* kHelp = R"(Usage: greengate footprint FIRM.xml [--year Y] [--format text|json|csv] [--lang en|tr]

The firm's greenhouse-gas inventory (GHG Protocol Corporate Standard; Scope 2 Guidance 2015):
Scope 1 by gas in CO2e (IPCC AR5 GWPs) from every source stream of the installations, computed
with the same arithmetic as 'greengate emissions', plus CH4 and N2O of combustion, mobile
machinery and vehicles on site, refrigerant leaks and other buildings (docs/firm-format.md,
footprint extension); biogenic CO2 apart; Scope 2 location-based and market-based side by side,
with the quality criteria of every contractual instrument (YEK-G, I-REC, GO, PPA …) checked and
shown. Scope 3 is not computed. Method and choices: docs/footprint.md.

  --year Y        reporting year (default: the firm's reporting-year); factors valid in Y
  --format F      text (default), json or csv
  --lang L        en (default) or tr, for the text output
)";

}  // namespace

int cmd_footprint(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{"year", "format", "lang"}, {"help"}, {}}, "footprint");
  if (a.flag("help")) {
    ctx.out << kHelp;
    return 0;
  }
  if (a.positional().size() != 1)
    throw UsageError("footprint: give exactly one firm file (greengate footprint FIRM.xml)");
  std::string format = a.format({"text", "json", "csv"});
  auto lang_s = a.get_or("lang", "en");
  if (lang_s != "en" && lang_s != "tr")
    throw UsageError("footprint: --lang must be en or tr (got \"" + lang_s + "\")");
  auto year = a.integer("year", 1990, 2100);
  const auto& data = ctx.data();
  auto rules = rules::load_rules(ctx.data_dir + "/rules/footprint", "rules/footprint/").get();
  auto firm = model::load_firm(a.positional()[0], a.positional()[0]).get();
  calc::InventoryOptions opt;
  opt.year = year.value_or(0);
  auto rep = calc::compute_inventory(firm, data, rules, opt);
  if (format == "json") ctx.out << report::inventory_json(rep);
  else if (format == "csv") ctx.out << report::inventory_csv(rep);
  else print_inventory(ctx.out, rep, lang_s == "tr" ? report::Lang::tr : report::Lang::en);
  return 0;
}

}  // namespace greengate::cli
