// greengate footprint: the firm's GHG inventory (Scope 1 by gas, Scope 2 location- and
// market-based side by side) and, with --product, a product carbon footprint with its PACT export.

#include <cctype>
#include <ctime>
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "footprint_text.hpp"
#include "greengate/calc/footprint.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/provenance.hpp"
#include "greengate/report/footprint_output.hpp"
#include "greengate/text/clock.hpp"
#include "greengate/report/uncertainty_output.hpp"
#include "greengate/rules/rule_set.hpp"
#include "uncertainty_text.hpp"

namespace greengate::cli {

namespace {

constexpr const char* kHelp = R"(Usage: greengate footprint FIRM.xml [--year Y] [--format text|json|csv] [--lang en|tr]
                           [--uncertainty N [--seed S]]
       greengate footprint FIRM.xml --product ID [--year Y] [--format text|json|csv|pact]
                           [--lang en|tr] [--created DATE-TIME] [--pact-id UUID]
                           [--uncertainty N [--seed S]]

The firm's greenhouse-gas inventory (GHG Protocol Corporate Standard; Scope 2 Guidance 2015):
Scope 1 by gas in CO2e (IPCC AR5 GWPs) from every source stream of the installations, computed
with the same arithmetic as 'greengate emissions', plus CH4 and N2O of combustion, mobile
machinery and vehicles on site, refrigerant leaks and other buildings (docs/firm-format.md,
footprint extension); biogenic CO2 apart; Scope 2 location-based and market-based side by side,
with the quality criteria of every contractual instrument (YEK-G, I-REC, GO, PPA …) checked and
shown. Scope 3 is not computed. Method and choices: docs/footprint.md.

With --product ID: the product carbon footprint, cradle to gate (ISO 14067; GHG Protocol
Product Standard), of a <product> the firm file declares with its bill of materials: CBAM goods
among the inputs on CBAM values (the supplier's actual SEE or the Commission default for the
origin, without mark-up), other inputs on the factor the file gives with its source (a missing
one is a reported gap), the producing process's emissions allocated to the product, electricity
market-based, transport to the gate; primary-data share and data quality; beside the CBAM SEE of
the same good. --format pact writes a PACT v3.0.0 ProductFootprint (WBCSD Data Exchange Protocol).

  --year Y        reporting year (default: the firm's reporting-year); factors valid in Y
  --format F      text (default), json or csv; pact with --product
  --lang L        en (default) or tr, for the text output
  --product ID    a product footprint instead of the inventory
  --created T     PACT 'created' time (RFC 3339, e.g. 2027-01-15T09:00:00Z); default: now (UTC)
  --pact-id UUID  PACT 'id'; default: a UUID v5 of the footprint's content (same data, same id)
)";

bool rfc3339(const std::string& s) {
  // YYYY-MM-DDTHH:MM:SS(.fff)?(Z|+HH:MM|-HH:MM), the date a real one
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
    return false;
  if (!parse_date(s.substr(0, 10))) return false;
  auto digits = [&](std::size_t a, std::size_t n) {
    for (std::size_t i = a; i < a + n; ++i)
      if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
  };
  if (!digits(11, 2) || !digits(14, 2) || !digits(17, 2)) return false;
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits(i, 1)) return false;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  }
  if (i < s.size() && s[i] == 'Z') return i + 1 == s.size();
  return i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && digits(i + 1, 2) && s[i + 3] == ':' &&
         digits(i + 4, 2);
}

bool uuid_text(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

}  // namespace

int cmd_footprint(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{"year", "format", "lang", "product", "created", "pact-id", "uncertainty", "seed"}, {"help"}, {}},
         "footprint");
  if (a.flag("help")) {
    ctx.out << help_text(ctx, "footprint", std::string(kHelp) + kUncertaintyHelp);
    return 0;
  }
  if (a.positional().size() != 1)
    throw UsageError("footprint: give exactly one firm file (greengate footprint FIRM.xml)");
  auto product = a.get("product");
  std::string format = a.format({"text", "json", "csv", "pact"});
  if (format == "pact" && !product)
    throw UsageError("footprint: --format pact needs --product ID (PACT exchanges product footprints)");
  if ((a.get("created") || a.get("pact-id")) && format != "pact")
    throw UsageError("footprint: --created and --pact-id belong to --format pact");
  auto created = a.get_or("created", "");
  if (!created.empty() && !rfc3339(created))
    throw UsageError("footprint: --created must be an RFC 3339 date-time such as 2027-01-15T09:00:00Z (got \"" + created + "\")");
  auto pact_id = a.get_or("pact-id", "");
  if (!pact_id.empty() && !uuid_text(pact_id))
    throw UsageError("footprint: --pact-id must be a UUID (8-4-4-4-12 hex digits) (got \"" + pact_id + "\")");
  auto lang_s = a.get_or("lang", "en");
  if (lang_s != "en" && lang_s != "tr")
    throw UsageError("footprint: --lang must be en or tr (got \"" + lang_s + "\")");
  auto year = a.integer("year", 1990, 2100);
  auto unc = uncertainty_options(a, "footprint");
  if (unc && format == "pact")
    throw UsageError("footprint: --uncertainty does not combine with --format pact (PACT v3 has no "
                     "field for a range); use --format json");
  const auto& data = ctx.data();
  auto rules = rules::load_rules(ctx.data_dir + "/rules/footprint", "rules/footprint/").get();
  auto firm = model::load_firm(a.positional()[0], a.positional()[0]).get();
  const auto lang = lang_s == "tr" ? report::Lang::tr : report::Lang::en;
  if (product) {
    calc::ProductOptions popt;
    popt.year = year.value_or(0);
    auto pcf = calc::compute_product_footprint(firm, data, rules, *product, popt);
    if (unc) {
      auto ur = calc::product_uncertainty(firm, data, rules, *product, popt, *unc);
      if (format == "json") ctx.out << report::with_uncertainty(report::product_json(pcf), ur);
      else if (format == "csv") ctx.out << report::uncertainty_csv(ur);
      else {
        print_product(ctx.out, pcf, lang);
        print_uncertainty(ctx.out, ur, lang);
      }
      return 0;
    }
    if (format == "json") ctx.out << report::product_json(pcf);
    else if (format == "csv") ctx.out << report::product_csv(pcf);
    else if (format == "pact") ctx.out << report::product_pact_json(pcf, {created.empty() ? text::utc_now_rfc3339() : created, pact_id});
    else print_product(ctx.out, pcf, lang);
    return 0;
  }
  calc::InventoryOptions opt;
  opt.year = year.value_or(0);
  auto rep = calc::compute_inventory(firm, data, rules, opt);
  if (unc) {
    auto ur = calc::inventory_uncertainty(firm, data, rules, opt, *unc);
    if (format == "json") ctx.out << report::with_uncertainty(report::inventory_json(rep), ur);
    else if (format == "csv") ctx.out << report::uncertainty_csv(ur);
    else {
      print_inventory(ctx.out, rep, lang);
      print_uncertainty(ctx.out, ur, lang);
    }
    return 0;
  }
  if (format == "json") ctx.out << report::inventory_json(rep);
  else if (format == "csv") ctx.out << report::inventory_csv(rep);
  else print_inventory(ctx.out, rep, lang);
  return 0;
}

}  // namespace greengate::cli
