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

std::string t3(double v) { return text::format_fixed(v, 3); }
std::string grouped(double v, int d = 1) { return text::format_grouped(v, d); }

void print_trace(std::ostream& o, const report::TraceNode& n,
                 const calc::EmissionsReport& rep, int depth) {
  std::string ind(static_cast<std::size_t>(depth) * 2, ' ');
  o << ind << "- " << n.label.en() << " = " << text::format_trimmed(n.value, 6) << " " << n.unit;
  if (!n.pos.file.empty()) o << "   [" << n.pos.str() << "]";
  o << "\n";
  if (!n.formula.empty()) o << ind << "    formula: " << n.formula.en() << "\n";
  for (const auto& i : n.inputs) {
    o << ind << "    " << i.name.en() << " = " << text::format_trimmed(i.value, 6) << " " << i.unit;
    if (!i.pos.file.empty()) o << "   [" << i.pos.str() << "]";
    o << "\n";
  }
  for (const auto& id : n.factor_ids) {
    auto it = rep.factors_used.find(id);
    if (it == rep.factors_used.end()) continue;
    const auto& f = it->second;
    o << ind << "    factor " << f.id << " = " << text::format_trimmed(f.value, 6) << " " << f.unit
      << " (" << status_name(f.provenance.status) << "; " << f.provenance.source << "; "
      << f.provenance.validity() << ")\n";
  }
  for (const auto& s : n.notes) o << ind << "    note: " << s.en() << "\n";
  for (const auto& c : n.children) print_trace(o, c, rep, depth + 1);
}

void print_text(std::ostream& o, const calc::EmissionsReport& rep) {
  o << "GreenGate: embedded emissions of CBAM goods (Reg. (EU) 2023/956 Annex IV)\n";
  o << "Firm: " << rep.firm_name << " [" << rep.firm_id << "]   file: " << rep.file << "\n";
  if (rep.fictitious) o << "NOTE: fictitious example data\n";
  o << "Import year for default values and mark-ups: " << rep.year << "\n\n";

  o << "Production processes\n";
  TextTable pt({"installation/process", "category", "AL (t)", "direct tCO2e", "indirect tCO2e",
                "SEE dir", "SEE ind*", "SEE", "method"},
               {false, false, true, true, true, true, true, true, false});
  for (const auto& p : rep.processes)
    pt.row({p.installation + "/" + p.process, p.category, grouped(u::in_tonnes(p.activity), 0),
            grouped(u::in_tco2e(p.direct)), grouped(u::in_tco2e(p.indirect)),
            t3(u::in_tco2e_per_tonne(p.see_direct)),
            t3(u::in_tco2e_per_tonne(p.see_indirect_counted)),
            t3(u::in_tco2e_per_tonne(p.see_counted())) + (p.complete ? "" : " INCOMPLETE"),
            std::string(calc::data_method_name(p.method))});
  pt.print(o);
  o << "  SEE in tCO2e per tonne of good; * indirect part counted for CBAM (Annex II goods: none "
       "of their own).\n\n";

  o << "Goods (specific embedded emissions, tCO2e/t)\n";
  TextTable gt({"CN", "installation", "process", "sector", "Annex II", "produced t", "SEE dir",
                "SEE ind*", "SEE counted", "method"},
               {false, false, false, false, false, true, true, true, true, false});
  for (const auto& g : rep.goods)
    gt.row({model::format_cn(g.cn), g.installation, g.process.empty() ? "(defaults)" : g.process,
            g.in_scope ? g.sector : "not CBAM", g.in_scope ? (g.direct_only ? "yes" : "no") : "",
            g.quantity_stated ? grouped(u::in_tonnes(g.produced), 0) : std::string("n/a"),
            t3(u::in_tco2e_per_tonne(g.see_direct)),
            t3(u::in_tco2e_per_tonne(g.see_indirect_counted)),
            t3(u::in_tco2e_per_tonne(g.see_counted)) + (g.complete ? "" : " INCOMPLETE") +
                (g.unverified_supplier_data ? " U" : ""),
            std::string(calc::data_method_name(g.method))});
  gt.print(o);
  bool any_unverified = false;
  for (const auto& g : rep.goods) any_unverified = any_unverified || g.unverified_supplier_data;
  if (any_unverified) {
    o << "  U: rests on a supplier's actual values that are NOT verified; they are not usable in a CBAM "
         "declaration until verified (Reg. (EU) 2023/956 Art 8; IR (EU) 2025/2547 Art 15).\n";
    for (const auto& g : rep.goods)
      if (g.unverified_supplier_data)
        o << "     " << model::format_cn(g.cn) << " (" << g.installation << "/" << g.process
          << "): with default values for those precursors the SEE would be "
          << (g.see_if_defaults ? t3(u::in_tco2e_per_tonne(*g.see_if_defaults)) + " tCO2e/t"
                                : std::string("unknown (no default value exists for one of them)"))
          << "\n";
  }
  o << "\n";

  if (!rep.exports.empty()) {
    o << "Exports (embedded emissions; no transport emissions are included)\n";
    TextTable xt({"year", "CN", "to", "quantity t", "SEE", "embedded tCO2e", "method"},
                 {false, false, false, true, true, true, false});
    double total = 0;
    for (const auto& x : rep.exports) {
      total += u::in_tco2e(x.embedded);
      xt.row({std::to_string(x.year), model::format_cn(x.cn), x.destination,
              grouped(u::in_tonnes(x.quantity), 0), t3(u::in_tco2e_per_tonne(x.see_counted)),
              grouped(u::in_tco2e(x.embedded)) + (x.complete ? "" : " INCOMPLETE") +
                  (x.unverified_supplier_data ? " U" : ""),
              std::string(calc::data_method_name(x.method))});
    }
    xt.print(o);
    o << "  Total embedded in exports: " << grouped(total) << " tCO2e\n\n";
  }

  o << "Factors used (value, unit, status, source, validity)\n";
  TextTable ft({"id", "value", "unit", "status", "valid", "source"}, {false, true});
  for (const auto& [key, f] : rep.factors_used)
    ft.row({key, text::format_trimmed(f.value, 6), f.unit,
            std::string(status_name(f.provenance.status)) +
                (f.provenance.status == Status::verified ? "" : " !"),
            f.provenance.validity(), f.provenance.source});
  ft.print(o);
  auto unv = rep.unverified();
  if (!unv.empty())
    o << "\n  WARNING: " << unv.size()
      << " value(s) used are not verified (marked '!'): single-source or unverified values must "
         "be checked before filing.\n";
  if (!rep.gaps.empty()) {
    o << "\nGaps (values that could not be determined; results marked INCOMPLETE):\n";
    for (const auto& g : rep.gaps) o << "  " << g.pos.str() << ": " << g.where << ": " << g.message.en() << "\n";
  }
  if (!rep.differences.empty()) {
    o << "\nDifferences found (and how they were settled):\n";
    for (const auto& g : rep.differences)
      o << "  " << g.pos.str() << ": " << g.where << ": " << g.message.en() << "\n";
  }
  o << "\nData: ";
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
    throw UsageError("emissions: give exactly one firm file (greengate emissions FIRM.xml)");
  std::string format = a.format({"text", "json", "csv"});
  auto explain = a.get("explain");
  std::optional<std::string> explain_cn;
  if (explain) {
    explain_cn = model::normalize_cn(*explain);
    if (!explain_cn) throw UsageError("emissions: --explain needs a CN code (got \"" + *explain + "\")");
  }
  const calc::CbamPeriod& period = ctx.data().period;
  auto year_opt = a.integer("year", period.first, period.last);
  auto unc = uncertainty_options(a, "emissions");
  if (unc && explain_cn) throw UsageError("emissions: --uncertainty and --explain do not combine");
  const auto& path = a.positional()[0];
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
        report::JsonWriter w;
        report::write_trace(w, g.trace);
        ctx.out << w.str() << '\n';
        continue;
      }
      ctx.out << "Trace of CN " << model::format_cn(g.cn) << " (" << g.installation
              << (g.process.empty() ? "" : "/" + g.process) << "), import year " << rep.year << "\n";
      print_trace(ctx.out, g.trace, rep, 0);
      for (const auto& p : rep.processes)
        if (p.installation == g.installation && p.process == g.process)
          print_trace(ctx.out, p.trace, rep, 1);
      for (const auto& x : rep.exports)
        if (x.cn == g.cn && x.installation == g.installation) print_trace(ctx.out, x.trace, rep, 0);
    }
    if (!any)
      throw InputError("greengate: emissions: CN " + model::format_cn(*explain_cn) +
                       " is not produced in " + path);
    return 0;
  }
  if (unc) {
    auto ur = calc::emissions_uncertainty(firm, data, opt, *unc);
    if (format == "json") ctx.out << report::with_uncertainty(report::emissions_json(rep), ur);
    else if (format == "csv") ctx.out << report::uncertainty_csv(ur);
    else {
      print_text(ctx.out, rep);
      print_uncertainty(ctx.out, ur, report::Lang::en);
    }
    return 0;
  }
  if (format == "json") ctx.out << report::emissions_json(rep);
  else if (format == "csv") ctx.out << report::emissions_csv(rep);
  else print_text(ctx.out, rep);
  return 0;
}

}  // namespace greengate::cli
