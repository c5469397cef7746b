// greengate template import | export: the EU Communication template for installations, both
// ways (greengate::exchange does the work; this file parses arguments and writes files).
#include <filesystem>
#include <iostream>
#include <iterator>

#include "args.hpp"
#include "commands.hpp"
#include "greengate/exchange/communication_template.hpp"
#include "greengate/model/cn_code.hpp"
#include "greengate/report/pdf_printer.hpp"
#include "greengate/text/number_format.hpp"
#include "words.hpp"

namespace greengate::cli {

namespace {
namespace u = greengate::units;

constexpr const char* kHelp = R"(Usage: greengate template import FILE.xlsx [-o FIRM.xml]
       greengate template export FIRM [-o OUT.xlsx] [--year YYYY] [--installation ID]

The EU "Communication template for installations" (CBAM, v2.1 / v2.1.1).

import   reads a filled template (A_InstData, B_EmInst, C_Emissions&Energy, D_Processes,
         E_PurchPrec, Summary_Products) into a firm file (docs/firm-format.md). Every value keeps
         its cell ("FILE.xlsx:D_Processes!L54") in traces and in the XML comments. Problems are
         listed by sheet and cell (exit 3) and nothing is written. Without -o the firm file goes
         to standard output. 'greengate emissions|obligation|exposure|taxonomy FILE.xlsx' read a
         template directly.

export   fills the Commission's blank template v2.1.1 (shipped in templates/eu-communication/)
         with one installation of a firm (a firm file or a filled template): A_InstData,
         D_Processes (production, DirEm*, heat, waste gases, electricity with the factor
         GreenGate applied), E_PurchPrec (precursors bought, or on default values, with their
         SEE), B_EmInst (source streams, for information) and Summary_Products (the goods). Only
         input cells are written; the workbook recalculates when opened, so its own formulas show
         the SEE (the same as 'greengate emissions'). What the template cannot express is listed
         on standard error, by the firm element it comes from.

  -o, --out PATH       the file to write (replaced only when everything succeeded); export
                       requires it
  --year YYYY          export: the import year whose default values and mark-ups apply to
                       precursors on defaults (as in 'greengate emissions'; default 2026)
  --installation ID    export: the installation, when the firm has several
)";

std::vector<std::string> expand_short(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const auto& a : args) out.push_back(a == "-o" ? "--out" : a);
  return out;
}

std::string count(std::size_t n, const Words& w) { return w.fixed(static_cast<double>(n), 0); }

/// A settled difference of a template, as a compiler-style note in the reader's language.
void print_difference(std::ostream& o, const calc::Gap& d, const Words& w) {
  o << d.pos.str() << ": note: " << d.where << ": " << w.msg(d.message) << '\n';
}

void print_import_summary(std::ostream& o, const exchange::TemplateImport& r, const Words& w) {
  const auto& f = r.firm;
  const auto& in = f.installations.front();
  o << w("cli.tpl.imported", {r.version, in.name, in.country});
  if (f.period_start && f.period_end) o << w("cli.tpl.period", {w.date(*f.period_start), w.date(*f.period_end)});
  o << "\n";
  std::size_t goods = 0, precursors = 0;
  for (const auto& p : in.processes) goods += p.goods.size(), precursors += p.precursors.size();
  o << "  "
    << w("cli.tpl.counts", {count(in.processes.size(), w), count(goods, w), count(precursors, w),
                            count(in.shared_streams.size(), w)})
    << "\n";
  for (const auto& p : in.processes) {
    o << "  "
      << w("cli.tpl.process", {p.id, p.name, p.category, w.grouped(u::in_tonnes(p.output), 0),
                               p.direct_emissions ? w.grouped(u::in_tco2e(p.direct_emissions->quantity), 1) : "-"});
    for (const auto& g : p.goods) o << "; " << w("cli.tpl.cn", {model::format_cn(g.cn)});
    o << "\n";
  }
}

int cmd_import(const std::vector<std::string>& argv, Context& ctx) {
  Args a(expand_short(argv), {{"out"}, {"help"}, {}}, "template import");
  if (a.flag("help")) {
    ctx.out << help_text(ctx, "template", kHelp);
    return 0;
  }
  if (a.positional().size() != 1)
    throw usage_error("cli.usage.template.import_one", {});
  const auto& path = a.positional()[0];
  const Words w(ctx);
  auto r = exchange::import_template_file(path, path, ctx.data());
  if (!r.ok()) throw InputError(r.diagnostics.format(), r.diagnostics);
  if (!r.diagnostics.empty()) ctx.err << r.diagnostics.format() << '\n';
  for (const auto& d : r.differences) print_difference(ctx.err, d, w);
  std::string xml = model::firm_to_xml(r.firm);
  // The written file must read back: the same loader as every firm file.
  auto check = model::parse_firm(xml, path);
  if (!check.ok())
    throw InternalError("template import produced a firm file that does not load:\n" +
                        check.diagnostics().format());
  if (auto out = a.get("out")) {
    report::write_file_atomically(*out, xml);
    print_import_summary(ctx.out, r, w);
    ctx.out << "  " << w("cli.tpl.written", {*out}) << "\n";
  } else {
    print_import_summary(ctx.err, r, w);
    ctx.out << xml;
  }
  return 0;
}

int cmd_export(const std::vector<std::string>& argv, Context& ctx) {
  Args a(expand_short(argv), {{"out", "year", "installation"}, {"help"}, {}}, "template export");
  if (a.flag("help")) {
    ctx.out << help_text(ctx, "template", kHelp);
    return 0;
  }
  if (a.positional().size() != 1)
    throw usage_error("cli.usage.template.export_one", {});
  auto out = a.get("out");
  if (!out) throw usage_error("cli.usage.template.export_out", {});
  const Words w(ctx);
  exchange::TemplateExportOptions opt;
  opt.year = a.integer("year", 2023, 2100).value_or(ctx.data().period.first);
  opt.installation = a.get_or("installation", "");
  auto firm = load_firm_input(a.positional()[0], ctx, nullptr);
  auto r = exchange::export_template(firm, ctx.data(), opt);
  // What the template cannot say, before anything is written.
  if (!r.notes.empty()) ctx.err << r.notes.format() << '\n';
  report::write_file_atomically(*out, r.xlsx);
  const auto& in = opt.installation.empty() ? firm.installations.front()
                                            : *firm.find_installation(opt.installation);
  std::size_t goods = 0;
  for (const auto& p : in.processes) goods += p.goods.size();
  ctx.out << w("cli.tpl.exported", {r.version, in.name, count(in.processes.size(), w), count(goods, w)}) << "\n";
  for (const auto& g : r.report.goods) {
    if (g.installation != in.id || g.process.empty()) continue;
    ctx.out << "  "
            << w("cli.tpl.see", {model::format_cn(g.cn), g.process, w.trimmed(u::in_tco2e_per_tonne(g.see_direct), 6),
                                 w.trimmed(u::in_tco2e_per_tonne(g.see_indirect), 6)})
            << "\n";
  }
  ctx.out << "  " << w("cli.tpl.written", {*out}) << "\n";
  return 0;
}

}  // namespace

int cmd_template(const std::vector<std::string>& args, Context& ctx) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? ctx.err : ctx.out) << help_text(ctx, "template", kHelp);
    return args.empty() ? static_cast<int>(ExitCode::usage) : 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "import") return cmd_import(rest, ctx);
  if (args[0] == "export") return cmd_export(rest, ctx);
  throw usage_error("cli.usage.template.sub_command", {args[0]});
}

model::Firm load_firm_input(const std::string& path, Context& ctx,
                            std::vector<calc::Gap>* differences) {
  // A workbook by its content, or by its name (so a renamed .xls or .csv gets the workbook's
  // message, not an XML parser's).
  auto ends_with = [&](std::string_view tail) {
    if (path.size() < tail.size()) return false;
    for (std::size_t i = 0; i < tail.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(path[path.size() - tail.size() + i])) != tail[i]) return false;
    return true;
  };
  if (path == "-") {  // a firm file on standard input ("greengate emissions -")
    std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    if (std::cin.bad()) throw InputError("greengate: cannot read the firm file from standard input");
    return model::parse_firm(text, "<stdin>").get();
  }
  bool workbook = exchange::is_zip_file(path) || ends_with(".xlsx") || ends_with(".xlsm") || ends_with(".xls");
  if (!workbook) return model::load_firm(path, path).get();
  auto r = exchange::import_template_file(path, path, ctx.data());
  if (!r.ok()) throw InputError(r.diagnostics.format(), r.diagnostics);
  if (!r.diagnostics.empty()) ctx.err << r.diagnostics.format() << '\n';
  if (differences) differences->insert(differences->end(), r.differences.begin(), r.differences.end());
  else
    for (const auto& d : r.differences) print_difference(ctx.err, d, Words(ctx));
  return std::move(r.firm);
}

}  // namespace greengate::cli
