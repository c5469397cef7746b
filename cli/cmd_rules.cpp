// greengate rules check|list|show: load rule files, list and explain rules and parameters.

#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/rules/rule_set.hpp"
#include "text_table.hpp"

namespace greengate::cli {

namespace {
constexpr const char* kHelp = R"(Usage: greengate rules check PATH        load a rule file or folder, list every problem
       greengate rules list [PATH]        rules and parameters (default: the installed rules/)
       greengate rules show ID [PATH]     one rule or parameter: text, conditions, dated values

Rule files are documented in docs/rules-format.md. 'check' exits 0 when the files load cleanly
and 3 with 'file:line: error: …' lines otherwise.
)";

std::string cond_text(const rules::Condition& c) {
  using K = rules::Condition::Kind;
  auto list = [&](const std::string& sep) {
    std::string s;
    for (const auto& ch : c.children) s += (s.empty() ? "" : sep) + cond_text(ch);
    return "(" + s + ")";
  };
  switch (c.kind) {
    case K::all: return list(" AND ");
    case K::any: return list(" OR ");
    case K::at_least:
      return "at least " + (c.k_param.empty() ? std::to_string(c.k) : "[" + c.k_param + "]") + " of " + list(", ");
    case K::negation: return "NOT " + cond_text(c.children.front());
    case K::rule_ref: return "rule " + c.target + " passes";
    case K::evidence: return "evidence '" + c.target + "' provided";
    case K::compare: break;
  }
  std::string rhs;
  if (c.op == rules::Op::between)
    rhs = "[" + (c.low ? text::format_trimmed(*c.low, 6) : "[" + c.low_param + "]") + ", " +
          (c.high ? text::format_trimmed(*c.high, 6) : "[" + c.high_param + "]") + "]" + (c.unit.empty() ? "" : " " + c.unit);
  else if (!c.param.empty()) rhs = "[" + c.param + "]";
  else if (!c.list.empty()) {
    for (const auto& v : c.list) rhs += (rhs.empty() ? "{" : ", ") + v;
    rhs += "}";
  } else rhs = c.text_value + (c.unit.empty() || c.unit == "1" ? "" : " " + c.unit);
  return c.fact + " " + std::string(rules::op_name(c.op)) + " " + rhs;
}

rules::RuleSet load(const std::string& path, Context& ctx, const std::string& display) {
  (void)ctx;
  return rules::load_rules(path, display).get();
}
}  // namespace

int cmd_rules(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{}, {"help"}, {}}, "rules");
  if (a.flag("help") || a.positional().empty()) {
    ctx.out << help_text(ctx, "rules", kHelp);
    return a.flag("help") ? 0 : static_cast<int>(ExitCode::usage);
  }
  const auto& p = a.positional();
  const std::string& sub = p[0];
  if (sub == "check") {
    if (p.size() != 2) throw UsageError("rules check: give one file or folder");
    auto r = rules::load_rules(p[1], p[1].back() == '/' ? p[1] : "");
    for (const auto& d : r.diagnostics().items()) ctx.err << d.format() << '\n';
    if (!r.ok()) {
      ctx.err << "greengate: " << r.diagnostics().error_count() << " error(s) in " << p[1] << '\n';
      return static_cast<int>(ExitCode::bad_input);
    }
    auto set = std::move(r).get();
    ctx.out << p[1] << ": ok — " << set.files().size() << " rule file(s), " << set.rules().size()
            << " rule(s), " << set.parameters().size() << " parameter(s), " << set.tables().size()
            << " table(s)\n";
    return 0;
  }
  std::string root = ctx.data_dir + "/rules";
  if (sub == "list") {
    if (p.size() > 2) throw UsageError("rules list: at most one PATH");
    auto set = p.size() == 2 ? load(p[1], ctx, p[1].back() == '/' ? p[1] : "") : load(root, ctx, "rules/");
    TextTable t({"rule", "activity", "kind", "decides", "legal reference", "label"});
    for (const auto& r : set.rules())
      t.row({r.id, r.activity, r.kind, r.decides == r.id ? "" : r.decides, r.ref, r.label});
    t.print(ctx.out, "");
    ctx.out << "\n";
    TextTable pt({"parameter", "unit", "values (from: value, status)", "label"});
    for (const auto& par : set.parameters()) {
      std::string vals;
      for (const auto& v : par.values)
        vals += (vals.empty() ? "" : "; ") + v.from.str() + ": " +
                (v.is_text ? v.text : text::format_trimmed(v.number, 6)) + " (" +
                std::string(status_name(v.status)) + ")";
      pt.row({par.id, par.unit, vals, par.label});
    }
    pt.print(ctx.out, "");
    ctx.out << "\nRule sets: " << set.version() << "\n";
    return 0;
  }
  if (sub == "show") {
    if (p.size() < 2 || p.size() > 3) throw UsageError("rules show: give an ID (and optionally a PATH)");
    auto set = p.size() == 3 ? load(p[2], ctx, p[2].back() == '/' ? p[2] : "") : load(root, ctx, "rules/");
    const std::string& id = p[1];
    if (const auto* r = set.rule(id)) {
      auto& o = ctx.out;
      o << "rule " << r->id << (r->label.empty() ? "" : "  " + r->label) << "\n";
      o << "  legal reference  " << r->ref << "\n";
      if (!r->activity.empty()) o << "  activity         " << r->activity << " " << r->objective << "\n";
      if (r->decides != r->id) o << "  decides          " << r->decides << "\n";
      if (!r->overrides.empty()) {
        o << "  overrides       ";
        for (const auto& x : r->overrides) o << " " << x;
        o << "\n";
      }
      if (!r->requires_rules.empty()) {
        o << "  requires        ";
        for (const auto& x : r->requires_rules) o << " " << x;
        o << "\n";
      }
      if (!r->text.empty()) o << "  text             " << r->text << "\n";
      if (r->applies_when) o << "  applies when     " << cond_text(*r->applies_when) << "\n";
      o << "  passes when      " << (r->condition ? cond_text(*r->condition) : "it applies") << "\n";
      for (const auto& e : r->evidence) o << "  evidence         " << e.target << "\n";
      o << "  defined at       " << r->pos.str() << "\n";
      return 0;
    }
    if (const auto* par = set.parameter(id)) {
      ctx.out << "parameter " << par->id << "  " << par->label << "  [" << par->unit << "]\n";
      for (const auto& v : par->values)
        ctx.out << "  " << v.from.str() << (v.to ? ".." + v.to->str() : " onwards") << ": "
                << (v.is_text ? v.text : text::format_trimmed(v.number, 6)) << "  ("
                << status_name(v.status) << ")  " << v.ref << (v.note.empty() ? "" : "  note: " + v.note)
                << "  [" << v.pos.str() << "]\n";
      return 0;
    }
    if (const auto* t = set.table(id)) {
      ctx.out << "table " << t->id << "  " << t->label << "  hit policy "
              << (t->hit == rules::HitPolicy::first ? "first" : "collect-sum") << "  " << t->ref << "\n";
      for (const auto& row : t->rows) {
        std::string w;
        for (const auto& c : row.when) w += (w.empty() ? "" : " AND ") + cond_text(c);
        ctx.out << "  " << row.id << ": " << (w.empty() ? "always" : w) << " -> " << row.out_text << "\n";
      }
      return 0;
    }
    throw InputError("greengate: rules show: no rule, parameter or table '" + id + "'");
  }
  throw UsageError("rules: unknown sub-command '" + sub + "' (check, list, show)");
}

}  // namespace greengate::cli
