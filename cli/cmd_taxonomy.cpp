// greengate taxonomy: activity-by-activity EU Taxonomy verdicts with reasons.

#include <chrono>
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "greengate/calc/taxonomy.hpp"
#include "greengate/report/json_writer.hpp"
#include "greengate/report/money_output.hpp"
#include "greengate/text/message.hpp"
#include "greengate/text/number_reader.hpp"
#include "words.hpp"

namespace greengate::cli {

namespace {
constexpr const char* kHelp = R"(Usage: greengate taxonomy FIRM.xml [--date YYYY-MM-DD] [--rules PATH] [--format text|json]

EU Taxonomy screening (Delegated Regulation (EU) 2021/2139 Annex I; Regulation (EU) 2020/852
Art 3, 18) of every <activity> in the firm file (docs/taxonomy.md): substantial contribution, DNSH
and minimum safeguards, each pass / fail / not_applicable / unknown with its reason, the
parameters and facts used and the legal reference. Missing facts or evidence give 'unknown'.

  --date D     evaluation date (default: today); picks the parameter values in force
  --rules P    rule file or folder (default: the installed rules/taxonomy)
  --format F   text (default) or json
)";

void print_result(std::ostream& o, const rules::RuleResult& r, int depth, const Words& w) {
  std::string ind(static_cast<std::size_t>(depth) * 2, ' ');
  o << ind << w("tax.cli.outcome." + std::string(rules::outcome_name(r.outcome))) << "  " << r.decides
    << (r.rule_id != r.decides ? " (" + w("tax.cli.rule") + " " + r.rule_id + ")" : "") << "  " << text::pick(w.catalogue(), r.label, r.label_tr) << "\n";
  o << ind << "    " << w("tax.cli.reason") << ": " << r.reason << "\n";
  o << ind << "    " << w("tax.cli.legal_ref") << ": " << r.ref << "\n";
  for (const auto& d : r.details) o << ind << "    - " << d << "\n";
  for (const auto& p : r.params)
    o << ind << "    " << w("tax.cli.parameter") << " " << p.id << " = "
      << (w.english() ? p.value : text::echo_plain(p.value, w.catalogue().convention())) << " " << p.unit << " ("
      << p.ref << "; " << w.status(p.status) << ")\n";
  for (const auto& f : r.facts)
    if (!f.missing) o << ind << "    " << w("tax.cli.fact") << " " << f.id << " = " << f.value << "  [" << f.source << "]\n";
  for (const auto& q : r.required) print_result(o, q, depth + 2, w);
}
}  // namespace

int cmd_taxonomy(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{"date", "rules", "format"}, {"help"}, {}}, "taxonomy");
  if (a.flag("help")) {
    ctx.out << help_text(ctx, "taxonomy", kHelp);
    return 0;
  }
  if (a.positional().size() != 1)
    throw usage_error("cli.usage.taxonomy.one_file", {});
  std::string format = a.format({"text", "json"});
  Date date;
  if (auto d = a.get("date")) {
    auto p = parse_date(*d);
    if (!p) throw usage_error("cli.usage.taxonomy.date", {*d});
    date = *p;
  } else {
    auto now = std::chrono::system_clock::now();
    std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(now)};
    date = Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                static_cast<int>(static_cast<unsigned>(ymd.day()))};
  }
  const auto& data = ctx.data();
  auto firm = load_firm_input(a.positional()[0], ctx, nullptr);
  auto rules_path = a.get_or("rules", ctx.data_dir + "/rules/taxonomy");
  auto set = rules::load_rules(rules_path, a.get("rules") ? "" : "rules/taxonomy/").get();
  auto rep = calc::screen_taxonomy(firm, data, set, date);
  if (format == "json") {
    report::JsonWriter w;
    w.begin_object().field("file", rep.file).field("firm_name", rep.firm_name);
    w.field("date", rep.date.str()).field("ruleset", rep.ruleset_version);
    w.key("activities").begin_array();
    for (const auto& v : rep.activities) {
      w.begin_object().field("id", v.id).field("code", v.code).field("name", v.name);
      w.key("results").begin_array();
      for (const auto& r : v.results) report::write_rule_result(w, r);
      w.end_array();
      w.key("problems").begin_array();
      for (const auto& p : v.problems) w.value(p);
      w.end_array();
      w.end_object();
    }
    w.end_array().end_object();
    ctx.out << w.str() << '\n';
    return 0;
  }
  auto& o = ctx.out;
  const Words w(ctx);
  o << w("tax.cli.title") << "\n";
  o << w("tax.cli.firm", {rep.firm_name, rep.file, w.date(rep.date)}) << "\n";
  if (rep.fictitious) o << w("tax.cli.fictitious") << "\n";
  if (rep.activities.empty()) o << "\n" << w("tax.cli.no_activity") << "\n";
  for (const auto& v : rep.activities) {
    o << "\n" << w("tax.cli.activity") << " " << v.id << " (" << v.code << (v.name.empty() ? "" : " " + v.name) << ")\n";
    for (const auto& p : v.problems) o << "  " << w("tax.cli.note") << ": " << p << "\n";
    for (const auto& r : v.results) print_result(o, r, 1, w);
  }
  o << "\n" << w("tax.cli.rulesets", {rep.ruleset_version}) << "\n" << w("tax.cli.unknown_note") << "\n";
  return 0;
}

}  // namespace greengate::cli
