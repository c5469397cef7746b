// greengate rules check|list|show: load rule files, list and explain rules and parameters.

#include <algorithm>
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "greengate/text/message.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/rules/rule_set.hpp"
#include "text_table.hpp"
#include "words.hpp"

namespace greengate::cli {

namespace {
constexpr const char* kHelp = R"(Usage: greengate rules check PATH        load a rule file or folder, list every problem
       greengate rules list [PATH]        rules and parameters (default: the installed rules/)
       greengate rules show ID [PATH]     one rule or parameter: text, conditions, dated values

Rule files are documented in docs/rules-format.md. 'check' exits 0 when the files load cleanly
and 3 with 'file:line: error: …' lines otherwise.
)";

// A condition as a line of text: the connectives in the reader's language; fact, parameter and
// rule ids, operators (lt, le, …) and the rule file's literals as written.
std::string cond_text(const rules::Condition& c, const Words& w) {
  using K = rules::Condition::Kind;
  auto list = [&](const std::string& sep) {
    std::string s;
    for (const auto& ch : c.children) s += (s.empty() ? "" : sep) + cond_text(ch, w);
    return "(" + s + ")";
  };
  switch (c.kind) {
    case K::all: return list(" " + w("cli.rules.cond.and") + " ");
    case K::any: return list(" " + w("cli.rules.cond.or") + " ");
    case K::at_least:
      return w("cli.rules.cond.at_least", {c.k_param.empty() ? std::to_string(c.k) : "[" + c.k_param + "]", list(", ")});
    case K::negation: return w("cli.rules.cond.not", {cond_text(c.children.front(), w)});
    case K::rule_ref: return w("cli.rules.cond.rule_passes", {c.target});
    case K::evidence: return w("cli.rules.cond.evidence", {c.target});
    case K::compare: break;
  }
  std::string rhs;
  if (c.op == rules::Op::between)
    rhs = "[" + (c.low ? w.trimmed(*c.low, 6) : "[" + c.low_param + "]") + ", " +
          (c.high ? w.trimmed(*c.high, 6) : "[" + c.high_param + "]") + "]" + (c.unit.empty() ? "" : " " + c.unit);
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
  const Words w(ctx);
  if (a.flag("help") || a.positional().empty()) {
    ctx.out << help_text(ctx, "rules", kHelp);
    return a.flag("help") ? 0 : static_cast<int>(ExitCode::usage);
  }
  const auto& p = a.positional();
  const std::string& sub = p[0];
  if (sub == "check") {
    if (p.size() != 2) throw usage_error("cli.usage.rules.check", {});
    auto r = rules::load_rules(p[1], p[1].back() == '/' ? p[1] : "");
    for (const auto& d : r.diagnostics().items()) ctx.err << d.format() << '\n';
    if (!r.ok()) {
      ctx.err << "greengate: " << w("cli.rules.errors", {w.fixed(static_cast<double>(r.diagnostics().error_count()), 0), p[1]}) << '\n';
      return static_cast<int>(ExitCode::bad_input);
    }
    auto set = std::move(r).get();
    auto count = [&](std::size_t n) { return w.fixed(static_cast<double>(n), 0); };
    ctx.out << w("cli.rules.ok", {p[1], count(set.files().size()), count(set.rules().size()),
                                  count(set.parameters().size()), count(set.tables().size())})
            << "\n";
    return 0;
  }
  std::string root = ctx.data_dir + "/rules";
  if (sub == "list") {
    if (p.size() > 2) throw usage_error("cli.usage.rules.list", {});
    auto set = p.size() == 2 ? load(p[1], ctx, p[1].back() == '/' ? p[1] : "") : load(root, ctx, "rules/");
    TextTable t({w("tax.cli.rule"), w("cli.rules.activity"), w("cli.rules.kind"), w("cli.rules.decides"),
                 w("tax.cli.legal_ref"), w("cli.rules.label")});
    for (const auto& r : set.rules())
      t.row({r.id, r.activity, r.kind, r.decides == r.id ? "" : r.decides, r.ref, text::pick(w.catalogue(), r.label, r.label_tr)});
    t.print(ctx.out, "");
    ctx.out << "\n";
    TextTable pt({w("tax.cli.parameter"), w("cli.em.col.unit"), w("cli.rules.values"), w("cli.rules.label")});
    for (const auto& par : set.parameters()) {
      std::string vals;
      for (const auto& v : par.values)
        vals += (vals.empty() ? "" : "; ") + w.date(v.from) + ": " + (v.is_text ? v.text : w.trimmed(v.number, 6)) +
                " (" + w.status(v.status) + ")";
      pt.row({par.id, par.unit, vals, text::pick(w.catalogue(), par.label, par.label_tr)});
    }
    pt.print(ctx.out, "");
    ctx.out << "\n" << w("tax.cli.rulesets", {set.version()}) << "\n";
    return 0;
  }
  if (sub == "show") {
    if (p.size() < 2 || p.size() > 3) throw usage_error("cli.usage.rules.show", {});
    auto set = p.size() == 3 ? load(p[2], ctx, p[2].back() == '/' ? p[2] : "") : load(root, ctx, "rules/");
    const std::string& id = p[1];
    if (const auto* r = set.rule(id)) {
      auto& o = ctx.out;
      // "  label  value", the values in one column: two spaces after the widest label
      const std::vector<std::string> keys = {"tax.cli.legal_ref", "cli.rules.activity", "cli.rules.decides",
                                             "cli.rules.overrides", "cli.rules.requires", "cli.rules.text",
                                             "cli.rules.applies_when", "cli.rules.passes_when", "cli.rules.evidence",
                                             "cli.rules.defined_at"};
      std::size_t width = 0;
      for (const auto& k : keys) width = std::max(width, display_width(w(k)));
      auto label = [&](const char* key) {
        const std::string l = w(key);
        return "  " + l + std::string(width + 2 - display_width(l), ' ');
      };
      auto ids = [&](const char* key, const std::vector<std::string>& xs) {
        std::string l = label(key);
        l.pop_back();  // the ids come with a space before each
        o << l;
        for (const auto& x : xs) o << " " << x;
        o << "\n";
      };
      o << w("tax.cli.rule") << " " << r->id << (r->label.empty() ? "" : "  " + text::pick(w.catalogue(), r->label, r->label_tr)) << "\n";
      o << label("tax.cli.legal_ref") << r->ref << "\n";
      if (!r->activity.empty()) o << label("cli.rules.activity") << r->activity << " " << r->objective << "\n";
      if (r->decides != r->id) o << label("cli.rules.decides") << r->decides << "\n";
      if (!r->overrides.empty()) ids("cli.rules.overrides", r->overrides);
      if (!r->requires_rules.empty()) ids("cli.rules.requires", r->requires_rules);
      if (!r->text.empty()) o << label("cli.rules.text") << r->text << "\n";
      if (r->applies_when) o << label("cli.rules.applies_when") << cond_text(*r->applies_when, w) << "\n";
      o << label("cli.rules.passes_when") << (r->condition ? cond_text(*r->condition, w) : w("cli.rules.it_applies"))
        << "\n";
      for (const auto& e : r->evidence) o << label("cli.rules.evidence") << e.target << "\n";
      o << label("cli.rules.defined_at") << r->pos.str() << "\n";
      return 0;
    }
    if (const auto* par = set.parameter(id)) {
      ctx.out << w("tax.cli.parameter") << " " << par->id << "  " << text::pick(w.catalogue(), par->label, par->label_tr) << "  [" << par->unit << "]\n";
      for (const auto& v : par->values)
        ctx.out << "  "
                << (v.to ? w("msg.valid.range", {w.date(v.from), w.date(*v.to)}) : w("cli.rules.onwards", {w.date(v.from)}))
                << ": " << (v.is_text ? v.text : w.trimmed(v.number, 6)) << "  (" << w.status(v.status) << ")  " << v.ref
                << (v.note.empty() ? "" : "  " + w("tax.cli.note") + ": " + v.note) << "  [" << v.pos.str() << "]\n";
      return 0;
    }
    if (const auto* t = set.table(id)) {
      ctx.out << w("cli.rules.table") << " " << t->id << "  " << text::pick(w.catalogue(), t->label, t->label_tr) << "  " << w("cli.rules.hit_policy") << " "
              << (t->hit == rules::HitPolicy::first ? "first" : "collect-sum") << "  " << t->ref << "\n";
      for (const auto& row : t->rows) {
        std::string when;
        for (const auto& c : row.when) when += (when.empty() ? "" : " " + w("cli.rules.cond.and") + " ") + cond_text(c, w);
        ctx.out << "  " << row.id << ": " << (when.empty() ? w("cli.rules.always") : when) << " -> " << row.out_text
                << "\n";
      }
      return 0;
    }
    throw InputError("greengate: " + w("cli.rules.not_found", {id}));
  }
  throw usage_error("cli.usage.rules.sub_command", {sub});
}

}  // namespace greengate::cli
