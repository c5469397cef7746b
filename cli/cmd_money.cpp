// greengate obligation / exposure: CBAM certificates and their cost for a firm's exports.

#include <array>
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "greengate/calc/data_quality.hpp"
#include "greengate/calc/obligation.hpp"
#include "greengate/calc/plausibility.hpp"
#include "greengate/report/quality_output.hpp"
#include "greengate/model/cn_code.hpp"
#include "greengate/report/json_writer.hpp"
#include "greengate/report/money_output.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/report/uncertainty_output.hpp"
#include "text_table.hpp"
#include "uncertainty_text.hpp"
#include "words.hpp"

namespace greengate::cli {

namespace {
namespace u = greengate::units;

constexpr const char* kObligationHelp = R"(Usage: greengate obligation FIRM.xml --year Y [--price EUR | --prices FILE] [--scenario NAME]
                            [--cscf X] [--benchmarks FILE] [--format text|json|csv]
                            [--uncertainty N [--seed S]]

CBAM certificates owed on the firm's exports imported into the EU in year Y, per exported lot:
embedded emissions, free-allocation adjustment (IR (EU) 2025/2620), Article 9 reduction,
certificates (floored at zero per good) and cost, each with its calculation trace, plus the
50 t de minimis check per buyer (Reg. (EU) 2023/956 Art 2a).

  --year Y           import year 2026-2034 (required)
  --price EUR        a flat certificate price in EUR/tCO2e
  --prices FILE      CSV 'period,price' or 'period,low,central,high' (period YYYY or YYYY-Qn)
  --scenario NAME    which scenario of --prices to use (default: central, else the first)
  --cscf X           cross-sectoral correction factor (default: the rule-set placeholder 1, flagged)
  --benchmarks FILE  your own benchmark rows (docs/factor-format.md §3), laid over IR 2025/2620 row by row
  --format F         text (default), json or csv
  --strict           plausibility warnings (standard error) are errors: exit 3
Without --price/--prices the published certificate prices of the factor library are used; a year
without a published price is an error.
)";

constexpr const char* kExposureHelp = R"(Usage: greengate exposure FIRM.xml [--price EUR | --prices FILE] [--cscf X] [--benchmarks FILE]
                          [--format text|json|csv]

A 2026-2034 table for each exported good and in total: embedded emissions on actual data and on
default values, free-allocation adjustment, certificates and cost under every price scenario, and
what actual data saves against default values. Years without a declared export repeat the last
declared quantity (marked '*'). Every year needs a price: give --price or --prices.
--strict makes plausibility warnings (standard error) errors: exit 3.
)";

struct MoneyInputs {
  calc::PriceBook prices;
  std::optional<double> cscf;
  std::unique_ptr<factors::BenchmarkTable> benchmarks;  ///< the library's with --benchmarks laid over it
  const rules::RuleSet* money = nullptr;  ///< the data set's rules/cbam/money.xml
};

MoneyInputs money_inputs(const Args& a, Context& ctx, const std::string& cmd) {
  MoneyInputs m;
  if (a.get("price") && a.get("prices"))
    throw usage_error("cli.usage.price_and_prices", {cmd});
  if (auto p = a.number("price")) {
    if (*p < 0) throw usage_error("cli.usage.price_negative", {cmd});
    m.prices = calc::PriceBook::flat(*p);
  } else if (auto f = a.get("prices")) {
    m.prices = calc::PriceBook::from_csv_file(*f, *f).get();
  } else {
    m.prices = calc::PriceBook::published(ctx.data().factors);
  }
  if (auto c = a.number("cscf")) {
    if (*c < 0 || *c > 1) throw usage_error("cli.usage.cscf_range", {cmd});
    m.cscf = *c;
  }
  if (auto b = a.get("benchmarks")) {
    auto user = factors::load_factor_files({*b}, {*b}).get();
    m.benchmarks = std::make_unique<factors::BenchmarkTable>(
        ctx.data().factors.benchmarks().overridden_by(user.benchmarks()));
  }
  m.money = &ctx.data().money;
  return m;
}

std::string flags_text(unsigned f) {
  std::string s;
  for (const auto& n : calc::flag_names(f)) s += (s.empty() ? "" : " ") + n;
  return s;
}

void print_trace(std::ostream& o, const report::TraceNode& n, int depth, const Words& w) {
  std::string ind(static_cast<std::size_t>(depth) * 2, ' ');
  o << ind << "- " << w.msg(n.label) << " = " << w.trimmed(n.value, 6) << " " << n.unit << "\n";
  if (!n.formula.empty()) o << ind << "    " << w("cli.trace.formula") << ": " << w.msg(n.formula) << "\n";
  for (const auto& i : n.inputs) {
    o << ind << "    " << w.msg(i.name) << " = " << w.trimmed(i.value, 6) << " " << i.unit;
    if (!i.pos.file.empty()) o << "   [" << i.pos.str() << "]";
    o << "\n";
  }
  for (const auto& s : n.notes) o << ind << "    " << w("cli.trace.note") << ": " << w.msg(s) << "\n";
  for (const auto& c : n.children) print_trace(o, c, depth + 1, w);
}
}  // namespace

int cmd_obligation(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{"year", "price", "prices", "scenario", "cscf", "benchmarks", "format", "uncertainty", "seed"},
                {"help", "strict"}, {}},
         "obligation");
  if (a.flag("help")) {
    ctx.out << help_text(ctx, "obligation", std::string(kObligationHelp) + kUncertaintyHelp);
    return 0;
  }
  if (a.positional().size() != 1)
    throw usage_error("cli.usage.obligation.one_file", {});
  const calc::CbamPeriod& period = ctx.data().period;
  auto year = a.integer("year", period.first, period.last);
  if (!year) throw usage_error("cli.usage.obligation.year", {period.text()});
  std::string format = a.format({"text", "json", "csv"});
  const auto& data = ctx.data();
  auto firm = load_firm_input(a.positional()[0], ctx, nullptr);
  MoneyInputs m = money_inputs(a, ctx, "obligation");
  const auto chosen = m.prices.choose_scenario(a.get_or("scenario", ""));
  if (!chosen) throw usage_error("cli.usage.obligation.scenario", {a.get_or("scenario", "")});
  const std::string& scenario = *chosen;
  calc::MoneyContext mc{data, *m.money, m.prices, m.cscf, m.benchmarks.get()};
  auto rep = calc::firm_obligation(mc, firm, *year, scenario);
  report_plausibility(plausibility_of(firm, rep.emissions, ctx), ctx, a.flag("strict"));
  auto unc = uncertainty_options(a, "obligation");
  std::optional<calc::UncertaintyResult> ur;
  if (unc) ur = calc::obligation_uncertainty(mc, firm, *year, scenario, *unc);
  if (format == "json") {
    ctx.out << (ur ? report::with_uncertainty(report::obligation_json(rep), *ur) : report::obligation_json(rep));
    return 0;
  }
  if (format == "csv") {
    ctx.out << (ur ? report::uncertainty_csv(*ur) : report::obligation_csv(rep));
    return 0;
  }
  const Words w(ctx);
  auto t3 = [&](double v) { return w.fixed(v, 3); };
  auto g1 = [&](double v) { return w.grouped(v, 1); };
  auto g0 = [&](double v) { return w.grouped(v, 0); };
  const std::string y = std::to_string(*year);
  auto& o = ctx.out;
  o << w("cli.ob.title", {y}) << "\n";
  o << w("cli.firm_file", {rep.emissions.firm_name, rep.emissions.file}) << "\n";
  if (rep.emissions.fictitious) o << w("cli.fictitious") << "\n";
  o << w("cli.ob.cbam_factor", {y, w.trimmed(rep.params.cbam_factor * 100, 2),
                                w.status(rep.params.cbam_factor_src->provenance.status),
                                w.trimmed(rep.params.free_allocation_phased_out() * 100, 2)})
    << "\n";
  o << w("cli.ob.cscf", {w.trimmed(rep.params.cscf, 6)}) << " "
    << (rep.params.cscf_user ? w("cli.ob.cscf_user") : w("cli.ob.cscf_placeholder", {rep.params.cscf_param.note}))
    << "\n";
  o << w("cli.price_scenario", {w.scenario(scenario)}) << "\n\n";
  TextTable t({"CN", w("cli.em.col.to"), w("cli.ob.col.buyer"), "t", w("cli.em.col.method"), "SEE",
               w("cli.ob.col.embedded"), w("cli.ob.col.adjustment"), w("cli.ob.col.art9"), w("cli.ob.col.certificates"),
               "EUR/t", w("cli.ob.col.cost"), w("cli.ob.col.flags")},
              {false, false, false, true, false, true, true, true, true, true, true, true, false});
  for (const auto& l : rep.lines) {
    t.row({model::format_cn(l.emissions.cn), l.emissions.destination, l.buyer,
           g0(u::in_tonnes(l.emissions.quantity)),
           w.method(l.line.defaults_used ? "default" : calc::data_method_name(l.emissions.method)),
           t3(l.line.see), g1(u::in_tco2e(l.line.embedded)),
           l.line.faa ? g1(u::in_tco2e(*l.line.faa)) : w("cli.unknown"), g1(u::in_tco2e(l.line.art9)),
           g1(u::in_tco2e(l.line.certificates)) + (l.exempt ? " " + w("cli.ob.exempt_mark") : ""),
           w.fixed(u::in_eur_per_tco2e(l.line.price), 2), g0(u::in_eur(l.line.cost)),
           flags_text(l.line.flags)});
  }
  t.print(o);
  o << "\n  "
    << w("cli.ob.total", {g1(u::in_tco2e(rep.total_embedded)),
                          g1(u::in_tco2e(rep.total_faa)) + (rep.faa_incomplete ? " " + w("cli.ob.incomplete") : ""),
                          g1(u::in_tco2e(rep.total_art9)), g1(u::in_tco2e(rep.total_certificates)),
                          g0(u::in_eur(rep.total_cost))})
    << "\n";
  o << "  " << w("cli.ob.floored") << "\n\n";
  if (auto dm = calc::de_minimis_terms(*m.money, *year)) {
    std::string excluded;
    for (const auto& s : dm->excluded_sectors) excluded += (excluded.empty() ? "" : " " + w("cli.and") + " ") + w.sector(s);
    const std::string t_threshold = w.trimmed(u::in_tonnes(dm->threshold), 3);
    o << (excluded.empty() ? w("cli.ob.de_minimis", {t_threshold}) : w("cli.ob.de_minimis_excluded", {t_threshold, excluded}))
      << "\n";
  }
  for (const auto& d : rep.de_minimis)
    o << "  "
      << w("cli.ob.de_minimis_buyer", {d.buyer, g1(u::in_tonnes(d.mass)),
                                       d.exempt ? w("cli.ob.de_minimis_exempt") : w("cli.ob.de_minimis_in_scope")})
      << "  [" << d.rule.rule_id << ", " << d.rule.ref << "]\n";
  o << "\n" << w("cli.ob.traces") << "\n";
  for (const auto& l : rep.lines) print_trace(o, l.line.trace, 1, w);
  auto unv = rep.emissions.unverified();
  if (!unv.empty() || !rep.params.cscf_user)
    o << "\n"
      << w("cli.ob.unverified", {std::to_string(unv.size()), rep.params.cscf_user ? "" : w("cli.ob.unverified_cscf") + " "})
      << "\n";
  if (ur) print_uncertainty(o, *ur, w);
  return 0;
}

int cmd_exposure(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{"price", "prices", "cscf", "benchmarks", "format"}, {"help", "strict"}, {}}, "exposure");
  if (a.flag("help")) {
    ctx.out << help_text(ctx, "exposure", kExposureHelp);
    return 0;
  }
  if (a.positional().size() != 1)
    throw usage_error("cli.usage.exposure.one_file", {});
  std::string format = a.format({"text", "json", "csv"});
  const auto& data = ctx.data();
  auto firm = load_firm_input(a.positional()[0], ctx, nullptr);
  MoneyInputs m = money_inputs(a, ctx, "exposure");
  calc::MoneyContext mc{data, *m.money, m.prices, m.cscf, m.benchmarks.get()};
  auto rep = calc::firm_exposure(mc, firm);
  report_plausibility(plausibility_of(firm, rep.emissions, ctx), ctx, a.flag("strict"));
  if (format == "json") {
    ctx.out << report::exposure_json(rep);
    return 0;
  }
  if (format == "csv") {
    ctx.out << report::exposure_csv(rep);
    return 0;
  }
  const Words w(ctx);
  auto t3 = [&](double v) { return w.fixed(v, 3); };
  auto g1 = [&](double v) { return w.grouped(v, 1); };
  auto g0 = [&](double v) { return w.grouped(v, 0); };
  const std::string na = w("cli.na");
  auto& o = ctx.out;
  o << w("cli.ex.title") << "\n";
  o << w("cli.firm_file", {rep.emissions.firm_name, rep.emissions.file}) << "\n";
  if (rep.emissions.fictitious) o << w("cli.fictitious") << "\n";
  for (const auto& scen : rep.scenarios) {
    o << "\n" << w("cli.price_scenario", {w.scenario(scen)}) << "\n";
    std::string missing_default;
    for (const auto& g : rep.goods) {
      o << "\n  " << w("cli.ex.good", {model::format_cn(g.cn), g.installation}) << "\n";
      TextTable t({w("cli.col.year"), "t", w("cli.ex.col.see_act"), w("cli.ex.col.see_def"), w("cli.ex.col.cert_actual"),
                   w("cli.ex.col.cert_default"), "EUR/t", w("cli.ex.col.cost_actual"), w("cli.ex.col.cost_default"),
                   w("cli.ex.col.saving")},
                  {false, true, true, true, true, true, true, true, true, true});
      for (const auto& c : g.cells) {
        if (c.scenario != scen) continue;
        bool dm = (c.defaults.flags & calc::flag_default_missing) != 0;
        // a figure computed without its adjustment (benchmark missing) is an upper bound: "!"
        bool ub_a = c.has_actual ? !c.actual.faa : !c.defaults.faa;
        bool ub_d = !c.defaults.faa;
        std::string ma = ub_a ? "!" : "", md = ub_d ? "!" : "";
        const auto& ca = c.has_actual ? c.actual.cost : c.defaults.cost;
        t.row({std::to_string(c.year) + (c.projected ? "*" : ""), g0(u::in_tonnes(c.quantity)),
               c.has_actual ? t3(c.actual.see) : "-", dm ? na : t3(c.defaults.see),
               c.has_actual ? g1(u::in_tco2e(c.actual.certificates)) + ma : "-",
               dm ? na : g1(u::in_tco2e(c.defaults.certificates)) + md,
               w.fixed(u::in_eur_per_tco2e(c.defaults.price), 2),
               c.has_actual ? g0(u::in_eur(ca)) + ma : "-", dm ? na : g0(u::in_eur(c.defaults.cost)) + md,
               dm ? na : g0(u::in_eur(c.saving())) + (ub_a || ub_d ? "!" : "")});
        if (dm) missing_default = c.defaults.gap;
      }
      t.print(o, "    ");
    }
    if (!missing_default.empty()) o << "\n  " << w("cli.ex.no_default", {missing_default}) << "\n";
    o << "\n  " << (missing_default.empty() ? w("cli.ex.total", {w.scenario(scen)}) : w("cli.ex.total_excl", {w.scenario(scen)})) << "\n";
    TextTable tt({w("cli.col.year"), w("cli.ex.col.cert_actual"), w("cli.ex.col.cert_default"), w("cli.ex.col.cost_actual_eur"),
                  w("cli.ex.col.cost_default_eur"), w("cli.ex.col.saving_eur")},
                 {false, true, true, true, true, true});
    for (const auto& t : rep.totals) {  // summed by the engine
      if (t.scenario != scen) continue;
      std::string ma = t.actual_upper_bound ? "!" : "", md = t.default_upper_bound ? "!" : "";
      tt.row({std::to_string(t.year), g1(u::in_tco2e(t.certificates_actual)) + ma,
              g1(u::in_tco2e(t.certificates_default)) + md, g0(u::in_eur(t.cost_actual)) + ma,
              g0(u::in_eur(t.cost_default)) + md, g0(u::in_eur(t.saving())) + (ma.empty() && md.empty() ? "" : "!")});
    }
    tt.print(o, "    ");
  }
  // The legend: one catalogue text, its lines as the catalogue breaks them ('\n').
  o << "\n  " << w.block("cli.ex.legend") << "\n";
  return 0;
}

}  // namespace greengate::cli

// ---- greengate quality --------------------------------------------------------------------------

namespace greengate::cli {

namespace {
constexpr const char* kQualityHelp = R"(Usage: greengate quality FIRM.xml [--price EUR | --prices FILE] [--cscf X] [--benchmarks FILE]
                         [--strict] [--format text|json]

How ready the firm's CBAM data is, per good and for the firm: the share of embedded emissions on
Commission default values, on suppliers' values that are not verified and on library factors that
are not verified, the gaps and the plausibility warnings, as a score (0-100) and a grade (A-E) with
its reasons; what actual data saves against default values each year 2026-2034 under the price
scenarios; and the actions that would raise the grade most, with what they are worth. The score is
GreenGate's own method (docs/methodology.md), not a grade of any act.

  --strict   plausibility warnings are errors (exit 3)
Prices as for 'greengate exposure' (without --price/--prices: the published prices).
)";

}  // namespace

/// Plausibility warnings on stderr in compiler style; with `strict`, as errors (InputError).
void report_plausibility(const calc::PlausibilityReport& p, Context& ctx, bool strict) {
  const report::Messages* w = ctx.lang == "en" ? nullptr : ctx.words();
  if (strict && !p.warnings.empty()) {
    if (!w) throw InputError("implausible input (--strict)", calc::as_errors(p));
    Diagnostics d;  // the same errors in the catalogue's words
    for (const auto& x : p.warnings)
      d.error(x.pos, x.where + ": " + w->format("plaus." + x.code, report::arg_texts(x.args, text::convention_of(ctx.lang))) +
                         " (" + (*w)("plaus.look_at") + ": " + (*w)("plaus." + x.code + ".look") + ") [" + x.code + "]");
    throw InputError("implausible input (--strict)", d);
  }
  for (const auto& x : p.warnings) {
    std::string at = x.pos.str();
    ctx.err << (at.empty() ? "" : at + ": ");
    if (w && w->has("plaus." + x.code)) {  // the catalogue's sentence with the figures in its convention
      const std::string line = w->format("plaus." + x.code, report::arg_texts(x.args, text::convention_of(ctx.lang)));
      ctx.err << (*w)("cli.warning_implausible") << ": " << line << " (" << (*w)("plaus.look_at") << ": "
              << (*w)("plaus." + x.code + ".look") << ") [" << x.code << "]\n";
      continue;
    }
    ctx.err << "warning: implausible: " << x.message << " (look at " << x.look_at << ") [" << x.code << "]\n";
  }
}

calc::PlausibilityReport plausibility_of(const model::Firm& firm, const calc::EmissionsReport& em,
                                         Context& ctx) {
  auto q = rules::load_rules(ctx.data_dir + "/rules/quality", "rules/quality/").get();
  return calc::check_plausibility(firm, em, ctx.data(), q);
}

int cmd_quality(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{"price", "prices", "cscf", "benchmarks", "format"}, {"help", "strict"}, {}}, "quality");
  if (a.flag("help")) {
    ctx.out << help_text(ctx, "quality", kQualityHelp);
    return 0;
  }
  if (a.positional().size() != 1)
    throw UsageError("quality: give exactly one firm file (greengate quality FIRM.xml)");
  std::string format = a.format({"text", "json"});
  const auto& data = ctx.data();
  auto firm = load_firm_input(a.positional()[0], ctx, nullptr);
  MoneyInputs m = money_inputs(a, ctx, "quality");
  calc::MoneyContext mc{data, *m.money, m.prices, m.cscf, m.benchmarks.get()};
  // What the defaults cost needs a price for every year of the CBAM period; without one the score
  // is worked out on the emissions alone and says so.
  const auto missing = m.prices.missing(data.period.years());
  calc::ExposureReport exposure;
  if (missing.empty() && !firm.exports.empty()) {
    exposure = calc::firm_exposure(mc, firm);
  } else {
    calc::EmissionsOptions opt;
    opt.year = data.period.or_first(firm.reporting_year);
    exposure.emissions = calc::compute_emissions(firm, data, opt);
  }
  auto rules = rules::load_rules(ctx.data_dir + "/rules/quality", "rules/quality/").get();
  auto plaus = calc::check_plausibility(firm, exposure.emissions, data, rules);
  auto q = calc::assess_quality(firm, exposure, plaus, data, rules);
  if (format == "json") {
    if (a.flag("strict") && !plaus.warnings.empty()) throw InputError("implausible input (--strict)", calc::as_errors(plaus));
    ctx.out << report::quality_json(q, plaus, exposure.emissions);
    return 0;
  }
  report_plausibility(plaus, ctx, a.flag("strict"));
  const report::Messages* words = ctx.words();
  const auto& w = *words;
  const auto conv = text::convention_of(ctx.lang);
  auto pct = [&](double share) { return w.percent(share, 1); };
  auto whole = [&](double v) { return w.number(v, 0); };
  auto& o = ctx.out;
  const auto& em = exposure.emissions;
  o << w("dq.cli.title") << "\n";
  o << w.format("dq.cli.firm", {em.firm_name, em.file}) << "\n";
  if (em.fictitious) o << w("dq.cli.fictitious") << "\n";
  o << "\n" << w.format("dq.grade", {q.firm.grade, w.number(q.firm.score, 1)});
  if (!q.firm.reasons.empty()) {
    o << ": " << w("dq.cli.lost") << " ";
    bool first = true;
    for (const auto& r : q.firm.reasons) {
      const bool count = r.code == "gaps" || r.code == "warnings";
      o << (first ? "" : ", ") << w.format("dq.reason." + r.code, {count ? whole(r.share) : pct(r.share)})
        << " (-" << w.number(r.points, 1) << ")";
      first = false;
    }
  }
  o << "\n\n" << w("dq.cli.goods") << "\n";
  TextTable t({"CN", w("dq.col.installation"), w("dq.col.grade"), w("dq.col.score"), w("dq.col.defaults"),
               w("dq.col.supplier"), w("dq.col.factors"), w("dq.col.gaps"), w("dq.col.warnings")},
              {false, false, false, true, true, true, true, true, true});
  for (const auto& g : q.goods)
    t.row({model::format_cn(g.cn), g.installation, g.q.grade, w.number(g.q.score, 1),
           pct(g.q.basis.default_share), pct(g.q.basis.unverified_supplier_share),
           pct(g.q.basis.unverified_factor_share), std::to_string(g.q.basis.gaps),
           std::to_string(g.q.basis.warnings)});
  t.print(o, "  ");
  for (const auto& scen : exposure.scenarios) {
    o << "\n" << w.format("dq.cli.savings", {scen}) << "\n";
    TextTable st({w("dq.col.year"), w("dq.col.saving"), w("dq.col.at_stake")}, {false, true, true});
    for (const auto& y : q.savings)
      if (y.scenario == scen)
        st.row({std::to_string(y.year), whole(u::in_eur(y.saving)), whole(u::in_eur(y.unverified_at_stake))});
    st.print(o, "  ");
  }
  if (!missing.empty()) o << "\n" << w("dq.cli.no_prices") << "\n";
  else if (firm.exports.empty()) o << "\n" << w("dq.cli.no_exports") << "\n";
  o << "\n" << w("dq.actions") << ":\n";
  if (q.actions.empty()) o << "  " << w("dq.cli.none") << "\n";
  for (std::size_t i = 0; i < q.actions.size() && i < 3; ++i) {
    const auto& act = q.actions[i];
    o << "  " << (i + 1) << ". " << w.format("dq.action." + act.code, report::arg_texts(act.args, conv)) << " ("
      << w.format("dq.points", {w.number(act.points, 1)}) << ")\n";
  }
  if (q.actions.size() > 3) o << "  " << w.format("dq.cli.more", {std::to_string(q.actions.size() - 3)}) << "\n";
  o << "\n" << w.format("dq.cli.warnings", {std::to_string(plaus.warnings.size())})
    << (plaus.warnings.empty() ? "" : " " + w("dq.cli.warnings_listed")) << "\n";
  o << w("dq.method") << "\n" << w("dq.cli.savings_note") << "\n";
  return 0;
}

}  // namespace greengate::cli
