// greengate emissions: embedded emissions of a firm's goods and exports, with traces.

#include <fstream>
#include <iostream>
#include <set>

#include "args.hpp"
#include "commands.hpp"
#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/model/cn_code.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/report/emissions_output.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/report/uncertainty_output.hpp"
#include "text_table.hpp"
#include "uncertainty_text.hpp"
#include "words.hpp"

namespace greengate::cli {

namespace {
namespace u = greengate::units;

constexpr const char* kHelp = R"(Usage: greengate emissions FIRM.xml|TEMPLATE.xlsx [--year Y] [--format text|json|csv] [--explain CN]
                                                [--strict] [--uncertainty N [--seed S]]

Embedded emissions (Reg. (EU) 2023/956 Annex IV; IR (EU) 2025/2547) of every production process,
CN code and export in a firm production-data file (docs/firm-format.md) or a filled EU
Communication template (.xlsx): direct, indirect and counted specific embedded emissions (SEE,
tCO2e/t), the method (actual / mixed / default), and every factor used with its source, validity
and status. JSON gives per good see_direct, see_indirect (all indirect embedded emissions, as the
template shows them) and see_indirect_counted (what Reg. 2023/956 counts).

  --year Y        import year 2026-2034 whose mark-ups apply to default values (default: the
                  firm's reporting year if within 2026-2034, else 2026); exports use their own year
  --format F      text (default), json or csv
  --explain CN    print the full calculation trace of one good (and its exports)
  --strict        plausibility warnings (goods above the activity level, SEE or electricity far
                  outside the band of the Commission's defaults, NCV/EF outside the IPCC 95 %
                  range …, on standard error) are errors: exit 3
)";

void print_trace(std::ostream& o, const report::TraceNode& n, const calc::EmissionsReport& rep, int depth,
                 const Words& w) {
  std::string ind(static_cast<std::size_t>(depth) * 2, ' ');
  o << ind << "- " << w.msg(n.label) << " = " << w.trimmed(n.value, 6) << " " << n.unit;
  if (!n.pos.file.empty()) o << "   [" << n.pos.str() << "]";
  o << "\n";
  if (!n.formula.empty()) o << ind << "    " << w("cli.trace.formula") << ": " << w.msg(n.formula) << "\n";
  for (const auto& i : n.inputs) {
    o << ind << "    " << w.msg(i.name) << " = " << w.trimmed(i.value, 6) << " " << i.unit;
    if (!i.pos.file.empty()) o << "   [" << i.pos.str() << "]";
    o << "\n";
  }
  for (const auto& id : n.factor_ids) {
    auto it = rep.factors_used.find(id);
    if (it == rep.factors_used.end()) continue;
    const auto& f = it->second;
    o << ind << "    " << w("cli.trace.factor") << " " << f.id << " = " << w.trimmed(f.value, 6) << " " << f.unit
      << " (" << w.status(f.provenance.status) << "; " << f.provenance.source << "; " << w.validity(f.provenance)
      << ")\n";
  }
  for (const auto& s : n.notes) o << ind << "    " << w("cli.trace.note") << ": " << w.msg(s) << "\n";
  for (const auto& c : n.children) print_trace(o, c, rep, depth + 1, w);
}

void print_text(std::ostream& o, const calc::EmissionsReport& rep, const Words& w) {
  auto t3 = [&](double v) { return w.fixed(v, 3); };
  auto grouped = [&](double v, int d = 1) { return w.grouped(v, d); };
  const std::string incomplete = std::string(" ").append(w("cli.incomplete"));
  o << w("cli.em.title") << "\n";
  o << w("cli.em.firm", {rep.firm_name, rep.firm_id, rep.file}) << "\n";
  if (rep.fictitious) o << w("cli.fictitious") << "\n";
  o << w("cli.em.year", {std::to_string(rep.year)}) << "\n\n";

  o << w("cli.em.processes") << "\n";
  TextTable pt({w("cli.em.col.process"), w("cli.em.col.category"), w("cli.em.col.al"), w("cli.em.col.direct"),
                w("cli.em.col.indirect"), w("cli.em.col.see_dir"), w("cli.em.col.see_ind"), w("cli.em.col.see"),
                w("cli.em.col.method")},
               {false, false, true, true, true, true, true, true, false});
  for (const auto& p : rep.processes)
    pt.row({p.installation + "/" + p.process, p.category, grouped(u::in_tonnes(p.activity), 0),
            grouped(u::in_tco2e(p.direct)), grouped(u::in_tco2e(p.indirect)),
            t3(u::in_tco2e_per_tonne(p.see_direct)),
            t3(u::in_tco2e_per_tonne(p.see_indirect_counted)),
            t3(u::in_tco2e_per_tonne(p.see_counted())) + (p.complete ? "" : incomplete),
            w.method(calc::data_method_name(p.method))});
  pt.print(o);
  o << "  " << w("cli.em.processes_note") << "\n\n";

  o << w("cli.em.goods") << "\n";
  TextTable gt({"CN", w("cli.em.col.installation"), w("cli.em.col.process_only"), w("cli.em.col.sector"),
                w("cli.em.col.annex_ii"), w("cli.em.col.produced"), w("cli.em.col.see_dir"), w("cli.em.col.see_ind"),
                w("cli.em.col.see_counted"), w("cli.em.col.method")},
               {false, false, false, false, false, true, true, true, true, false});
  for (const auto& g : rep.goods)
    gt.row({model::format_cn(g.cn), g.installation, g.process.empty() ? w("cli.em.on_defaults") : g.process,
            g.in_scope ? g.sector : w("cli.em.not_cbam"), g.in_scope ? w.yes_no(g.direct_only) : "",
            g.quantity_stated ? grouped(u::in_tonnes(g.produced), 0) : w("cli.na"),
            t3(u::in_tco2e_per_tonne(g.see_direct)),
            t3(u::in_tco2e_per_tonne(g.see_indirect_counted)),
            t3(u::in_tco2e_per_tonne(g.see_counted)) + (g.complete ? "" : incomplete) +
                (g.unverified_supplier_data ? " U" : ""),
            w.method(calc::data_method_name(g.method))});
  gt.print(o);
  bool any_unverified = false;
  for (const auto& g : rep.goods) any_unverified = any_unverified || g.unverified_supplier_data;
  if (any_unverified) {
    o << "  " << w("cli.em.unverified_supplier") << "\n";
    for (const auto& g : rep.goods)
      if (g.unverified_supplier_data)
        o << "     "
          << w("cli.em.if_defaults", {model::format_cn(g.cn), g.installation + "/" + g.process,
                                      g.see_if_defaults ? t3(u::in_tco2e_per_tonne(*g.see_if_defaults)) + " tCO2e/t"
                                                        : w("cli.em.if_defaults_unknown")})
          << "\n";
  }
  o << "\n";

  if (!rep.exports.empty()) {
    o << w("cli.em.exports") << "\n";
    TextTable xt({w("cli.col.year"), "CN", w("cli.em.col.to"), w("cli.em.col.quantity"), w("cli.em.col.see"),
                  w("cli.em.col.embedded"), w("cli.em.col.method")},
                 {false, false, false, true, true, true, false});
    for (const auto& x : rep.exports) {
      xt.row({std::to_string(x.year), model::format_cn(x.cn), x.destination,
              grouped(u::in_tonnes(x.quantity), 0), t3(u::in_tco2e_per_tonne(x.see_counted)),
              grouped(u::in_tco2e(x.embedded)) + (x.complete ? "" : incomplete) +
                  (x.unverified_supplier_data ? " U" : ""),
              w.method(calc::data_method_name(x.method))});
    }
    xt.print(o);
    o << "  " << w("cli.em.exports_total", {grouped(u::in_tco2e(rep.exports_embedded))}) << "\n\n";
  }

  o << w("cli.em.factors") << "\n";
  TextTable ft({w("cli.em.col.id"), w("cli.em.col.value"), w("cli.em.col.unit"), w("cli.em.col.status"),
                w("cli.em.col.valid"), w("cli.em.col.source")},
               {false, true});
  for (const auto& [key, f] : rep.factors_used)
    ft.row({key, w.trimmed(f.value, 6), f.unit,
            w.status(f.provenance.status) + (f.provenance.status == Status::verified ? "" : " !"),
            w.validity(f.provenance), f.provenance.source});
  ft.print(o);
  auto unv = rep.unverified();
  if (!unv.empty()) o << "\n  " << w("cli.em.unverified", {std::to_string(unv.size())}) << "\n";
  if (!rep.gaps.empty()) {
    o << "\n" << w("cli.em.gaps") << "\n";
    for (const auto& g : rep.gaps) o << "  " << g.pos.str() << ": " << g.where << ": " << w.msg(g.message) << "\n";
  }
  if (!rep.differences.empty()) {
    o << "\n" << w("cli.em.differences") << "\n";
    for (const auto& g : rep.differences)
      o << "  " << g.pos.str() << ": " << g.where << ": " << w.msg(g.message) << "\n";
  }
  o << "\n" << w("cli.data") << ": ";
  for (std::size_t i = 0; i < rep.data_versions.size(); ++i)
    o << (i ? "; " : "") << rep.data_versions[i];
  o << "\n";
}

}  // namespace

int cmd_emissions(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{"year", "format", "explain", "uncertainty", "seed"}, {"help", "strict"}, {}}, "emissions");
  if (a.flag("help")) {
    ctx.out << help_text(ctx, "emissions", std::string(kHelp) + kUncertaintyHelp);
    return 0;
  }
  if (a.positional().size() != 1)
    throw usage_error("cli.usage.emissions.one_file", {});
  std::string format = a.format({"text", "json", "csv"});
  auto explain = a.get("explain");
  std::optional<std::string> explain_cn;
  if (explain) {
    explain_cn = model::normalize_cn(*explain);
    if (!explain_cn) throw usage_error("cli.usage.emissions.explain_cn", {*explain});
  }
  const calc::CbamPeriod& period = ctx.data().period;
  auto year_opt = a.integer("year", period.first, period.last);
  auto unc = uncertainty_options(a, "emissions");
  if (unc && explain_cn) throw usage_error("cli.usage.emissions.explain_uncertainty", {});
  const auto& path = a.positional()[0];
  const Words w(ctx);
  const auto& data = ctx.data();
  std::vector<calc::Gap> differences;
  auto firm = load_firm_input(path, ctx, &differences);
  calc::EmissionsOptions opt;
  opt.year = year_opt ? *year_opt : period.or_first(firm.reporting_year);
  auto rep = calc::compute_emissions(firm, data, opt);
  rep.differences.insert(rep.differences.begin(), differences.begin(), differences.end());
  report_plausibility(plausibility_of(firm, rep, ctx), ctx, a.flag("strict"));
  if (explain_cn) {
    bool any = false;
    for (const auto& g : rep.goods) {
      if (g.cn != *explain_cn) continue;
      any = true;
      if (format == "json") {
        report::JsonWriter jw;
        report::write_trace(jw, g.trace);
        ctx.out << jw.str() << '\n';
        continue;
      }
      ctx.out << w("cli.em.trace_of", {model::format_cn(g.cn), g.installation + (g.process.empty() ? "" : "/" + g.process),
                                        std::to_string(rep.year)})
              << "\n";
      print_trace(ctx.out, g.trace, rep, 0, w);
      for (const auto& p : rep.processes)
        if (p.installation == g.installation && p.process == g.process)
          print_trace(ctx.out, p.trace, rep, 1, w);
      for (const auto& x : rep.exports)
        if (x.cn == g.cn && x.installation == g.installation) print_trace(ctx.out, x.trace, rep, 0, w);
    }
    if (!any)
      throw InputError("greengate: " + w("cli.em.not_produced", {model::format_cn(*explain_cn), path}));
    return 0;
  }
  if (unc) {
    auto ur = calc::emissions_uncertainty(firm, data, opt, *unc);
    if (format == "json") ctx.out << report::with_uncertainty(report::emissions_json(rep), ur);
    else if (format == "csv") ctx.out << report::uncertainty_csv(ur);
    else {
      print_text(ctx.out, rep, w);
      print_uncertainty(ctx.out, ur, w);
    }
    return 0;
  }
  if (format == "json") ctx.out << report::emissions_json(rep);
  else if (format == "csv") ctx.out << report::emissions_csv(rep);
  else print_text(ctx.out, rep, w);
  return 0;
}

}  // namespace greengate::cli
