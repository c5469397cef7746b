#include "greengate/rules/evaluator.hpp"
#include "greengate/rules/outcome.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "greengate/text/number_format.hpp"

namespace greengate::rules {

std::string_view outcome_name(Outcome o) {
  switch (o) {
    case Outcome::pass: return "pass";
    case Outcome::fail: return "fail";
    case Outcome::not_applicable: return "not_applicable";
    case Outcome::unknown: return "unknown";
  }
  return "?";
}

std::string FactValue::display() const {
  switch (type) {
    case FactType::number: return text::format_trimmed(number, 6) + (unit.empty() || unit == "1" ? "" : " " + unit);
    case FactType::text: return text;
    case FactType::boolean: return boolean ? "true" : "false";
  }
  return "";
}

void FactSet::set_number(const std::string& id, double v, const std::string& unit,
                         const std::string& source) {
  FactValue f;
  f.type = FactType::number;
  f.number = v;
  f.unit = unit;
  f.source = source;
  facts_[id] = f;
}
void FactSet::set_text(const std::string& id, const std::string& v, const std::string& source) {
  FactValue f;
  f.type = FactType::text;
  f.text = v;
  f.source = source;
  facts_[id] = f;
}
void FactSet::set_bool(const std::string& id, bool v, const std::string& source) {
  FactValue f;
  f.type = FactType::boolean;
  f.boolean = v;
  f.source = source;
  facts_[id] = f;
}
const FactValue* FactSet::get(std::string_view id) const {
  auto it = facts_.find(id);
  return it == facts_.end() ? nullptr : &it->second;
}

namespace {
/// Set by rule_outcome while it evaluates: a failing comparison is not worded either.
thread_local bool outcome_only = false;
}  // namespace

Outcome rule_outcome(const RuleSet& set, Date on, const FactSet& facts, std::string_view rule_id) {
  struct Guard {
    Guard() { outcome_only = true; }
    ~Guard() { outcome_only = false; }
  } guard;
  Evaluator ev(set, on, facts);
  ev.set_explain(false);
  return ev.evaluate(rule_id).outcome;
}

Evaluator::Evaluator(const RuleSet& set, Date on, const FactSet& facts)
    : set_(set), on_(on), facts_(facts) {}

namespace {
// Equal within a relative 1e-9: unit conversions must not move a value across a legal threshold.
bool near(double a, double b) {
  // Relative only: storage units can be tiny (100 gCO2e/kWh is 2.8e-8 t/kJ).
  return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}
std::string num(double v) { return text::format_trimmed(v, 6); }

namespace tx = greengate::text;
// The words of a reason (catalogue keys msg.rule.*): what the rule found, in plain words.
tx::Message words(std::string key, std::vector<tx::Arg> args = {}) {
  return tx::Message::of("msg.rule." + key, std::move(args));
}
tx::Arg outcome_arg(Outcome o) { return tx::msg_arg(words("outcome." + std::string(outcome_name(o)))); }
/// A fact's value as a reason shows it: numbers in the reader's convention with their unit.
tx::Arg value_arg(const FactValue& f) {
  switch (f.type) {
    case FactType::number: return tx::num(f.number, 6, f.unit.empty() || f.unit == "1" ? "" : f.unit);
    case FactType::boolean: return tx::msg_arg(words(f.boolean ? "true" : "false"));
    case FactType::text: break;
  }
  return tx::txt(f.text);
}
tx::Message param_no_value(const std::string& id, Date on) {
  return words("param_no_value", {tx::txt(id), tx::date_arg(on.str())});
}

Outcome all_of(const std::vector<Outcome>& v) {
  bool unknown = false;
  for (auto o : v) {
    if (o == Outcome::fail) return Outcome::fail;
    if (o == Outcome::unknown) unknown = true;
  }
  return unknown ? Outcome::unknown : Outcome::pass;
}
}  // namespace

void Evaluator::use_param(const std::string& id, const ParamValue& v, const Parameter& p,
                          Ctx& ctx) const {
  for (const auto& u : *ctx.params)
    if (u.id == id) return;
  ctx.params->push_back({id, v.is_text ? v.text : num(v.number), p.unit, v.ref, v.status, v.note, v.pos});
}

std::optional<double> Evaluator::param(std::string_view id, ParamUse* use) const {
  const auto* p = set_.parameter(id);
  if (!p) return std::nullopt;
  const auto* v = p->on(on_);
  if (!v) return std::nullopt;
  if (use) *use = {std::string(id), v->is_text ? v->text : num(v->number), p->unit, v->ref, v->status, v->note, v->pos};
  return v->number;
}

std::optional<Outcome> Evaluator::compare_fast(const Condition& c) const {
  const FactValue* f = facts_.get(c.fact);
  if (!f) return std::nullopt;
  if (f->type != FactType::number) {
    // (no ternary mixing const char* and std::string here: that would make a temporary)
    std::string_view have = f->text;
    if (f->type == FactType::boolean) have = f->boolean ? "true" : "false";
    if (!c.param.empty()) return std::nullopt;  // list parameters: full path
    if (c.op == Op::in) {
      bool hit = std::find(c.list.begin(), c.list.end(), have) != c.list.end();
      return hit ? Outcome::pass : Outcome::fail;
    }
    bool eq = have == c.text_value;
    return (eq != (c.op == Op::ne)) ? Outcome::pass : Outcome::fail;
  }
  const FactDecl* decl = set_.fact(c.fact);
  auto fu = units::find_unit(f->unit);
  auto du = decl ? units::find_unit(decl->unit) : std::nullopt;
  if (!fu || (du && fu->dimension != du->dimension)) return std::nullopt;
  double x = f->number * fu->to_storage;
  auto side = [&](const std::optional<double>& lit, const std::string& pid) -> std::optional<double> {
    if (lit) {
      auto u = units::find_unit(c.unit);
      return *lit * (u ? u->to_storage : 1.0);
    }
    const auto* p = set_.parameter(pid);
    const auto* v = p ? p->on(on_) : nullptr;
    if (!v) return std::nullopt;
    auto u = units::find_unit(p->unit);
    return v->number * (u ? u->to_storage : 1.0);
  };
  if (c.op == Op::between) {
    auto lo = side(c.low, c.low_param);
    auto hi = side(c.high, c.high_param);
    if (!lo || !hi) return std::nullopt;
    bool in = (x > *lo || near(x, *lo)) && (x < *hi || near(x, *hi));
    return in ? Outcome::pass : Outcome::fail;
  }
  auto y = side(c.param.empty() ? c.value : std::nullopt, c.param);
  if (!y) return std::nullopt;
  bool r = false;
  switch (c.op) {
    case Op::lt: r = x < *y && !near(x, *y); break;
    case Op::le: r = x < *y || near(x, *y); break;
    case Op::gt: r = x > *y && !near(x, *y); break;
    case Op::ge: r = x > *y || near(x, *y); break;
    case Op::eq: r = near(x, *y); break;
    case Op::ne: r = !near(x, *y); break;
    default: return std::nullopt;
  }
  return r ? Outcome::pass : Outcome::fail;
}

Outcome Evaluator::compare(const Condition& c, Ctx& ctx) {
  if (!explain_) {
    // Lean path: a passing comparison needs no text; anything else goes the full way so that
    // its reason is worded exactly as in an explained run.
    auto fast = compare_fast(c);
    if (fast && *fast == (ctx.negated ? Outcome::fail : Outcome::pass)) return *fast;
    if (fast && (outcome_only || !ctx.first_problem.empty())) return *fast;
  }
  const FactDecl* decl = set_.fact(c.fact);
  const FactValue* f = facts_.get(c.fact);
  auto problem = [&](tx::Message m) {
    if (ctx.first_problem.empty()) ctx.first_problem = std::move(m);
  };
  if (!f) {
    ctx.facts->push_back({c.fact, "", decl ? decl->unit : "", "", true});
    std::string m = "fact '" + c.fact + "'" + (decl && !decl->label.empty() ? " (" + decl->label + ")" : "") + " is missing";
    ctx.details->push_back(m + " → unknown");
    problem(decl && !decl->label.empty() ? words("fact_missing_label", {tx::txt(c.fact), tx::label_arg(decl->label, decl->label_tr)})
                                         : words("fact_missing", {tx::txt(c.fact)}));
    return Outcome::unknown;
  }
  ctx.facts->push_back({c.fact, f->display(), f->unit, f->source, false});
  // Right-hand side(s) in storage units of the fact's dimension.
  auto lit = [&](double v) -> double {
    auto u = units::find_unit(c.unit);
    return v * (u ? u->to_storage : 1.0);
  };
  auto par = [&](const std::string& id, double& out, std::string& shown, tx::Message& said) -> bool {
    const auto* p = set_.parameter(id);
    const auto* v = p ? p->on(on_) : nullptr;
    if (!v) {
      std::string m = "parameter '" + id + "' has no value on " + on_.str();
      ctx.details->push_back(m + " → unknown");
      problem(param_no_value(id, on_));
      return false;
    }
    use_param(id, *v, *p, ctx);
    auto u = units::find_unit(p->unit);
    out = v->number * (u ? u->to_storage : 1.0);
    shown = num(v->number) + " " + p->unit + " (" + id + ", " + v->ref + ")";
    said = words("param", {tx::num(v->number, 6, p->unit), tx::txt(id), tx::txt(v->ref)});
    return true;
  };
  auto literal = [&](double v) { return words("value", {tx::num(v, 6, c.unit)}); };
  Outcome o = Outcome::fail;
  std::string lhs = c.fact + " = " + f->display();
  std::string rhs;
  tx::Message rhs_said;         // the right-hand side in plain words
  std::string fails = "fails.";  // the key of the reason when the comparison fails
  fails += op_name(c.op);
  if (f->type != FactType::number) {
    std::string have = f->type == FactType::boolean ? (f->boolean ? "true" : "false") : f->text;
    std::vector<std::string> wanted = c.list;
    if (!c.param.empty()) {
      const auto* p = set_.parameter(c.param);
      const auto* v = p ? p->on(on_) : nullptr;
      if (!v) {
        problem(param_no_value(c.param, on_));
        return Outcome::unknown;
      }
      use_param(c.param, *v, *p, ctx);
      std::string items = v->text;
      std::size_t s = 0;
      while (s <= items.size()) {
        auto e = items.find(',', s);
        std::string it = items.substr(s, e == std::string::npos ? std::string::npos : e - s);
        it.erase(0, it.find_first_not_of(' '));
        it.erase(it.find_last_not_of(' ') + 1);
        if (!it.empty()) wanted.push_back(it);
        if (e == std::string::npos) break;
        s = e + 1;
      }
    }
    if (c.op == Op::in || !c.param.empty()) {
      bool hit = std::find(wanted.begin(), wanted.end(), have) != wanted.end();
      o = (hit != (c.op == Op::ne)) ? Outcome::pass : Outcome::fail;
      std::string list;
      for (const auto& w : wanted) list += (list.empty() ? "" : ", ") + w;
      rhs = "{" + list + "}";
      rhs_said = words("list", {tx::txt(list)});
      fails = c.op == Op::ne ? "fails.not_in" : "fails.in";
    } else {
      bool eq = have == c.text_value;
      o = (eq != (c.op == Op::ne)) ? Outcome::pass : Outcome::fail;
      rhs = c.text_value;
      rhs_said = words("value", {tx::txt(c.text_value)});
    }
  } else {
    auto fu = units::find_unit(f->unit);
    auto du = decl ? units::find_unit(decl->unit) : std::nullopt;
    if (!fu || (du && fu->dimension != du->dimension)) {
      std::string m = "fact '" + c.fact + "' is given in '" + f->unit + "', expected a unit like '" +
                      (decl ? decl->unit : std::string("?")) + "'";
      ctx.details->push_back(m + " → unknown");
      problem(words("fact_unit", {tx::txt(c.fact), tx::txt(f->unit), tx::txt(decl ? decl->unit : std::string("?"))}));
      return Outcome::unknown;
    }
    double x = f->number * fu->to_storage;
    auto cmp = [&](double y) {
      switch (c.op) {
        case Op::lt: return x < y && !near(x, y);
        case Op::le: return x < y || near(x, y);
        case Op::gt: return x > y && !near(x, y);
        case Op::ge: return x > y || near(x, y);
        case Op::eq: return near(x, y);
        case Op::ne: return !near(x, y);
        default: return false;
      }
    };
    if (c.op == Op::between) {
      double lo = 0, hi = 0;
      std::string slo, shi;
      tx::Message mlo, mhi;
      bool ok = true;
      if (c.low) { lo = lit(*c.low); slo = num(*c.low) + " " + c.unit; mlo = literal(*c.low); }
      else ok = par(c.low_param, lo, slo, mlo) && ok;
      if (c.high) { hi = lit(*c.high); shi = num(*c.high) + " " + c.unit; mhi = literal(*c.high); }
      else ok = par(c.high_param, hi, shi, mhi) && ok;
      if (!ok) return Outcome::unknown;
      o = ((x > lo || near(x, lo)) && (x < hi || near(x, hi))) ? Outcome::pass : Outcome::fail;
      rhs = "[" + slo + ", " + shi + "]";
      rhs_said = words("range", {tx::msg_arg(std::move(mlo)), tx::msg_arg(std::move(mhi))});
    } else {
      double y = 0;
      if (!c.param.empty()) {
        if (!par(c.param, y, rhs, rhs_said)) return Outcome::unknown;
      } else if (c.value) {
        y = lit(*c.value);
        rhs = num(*c.value) + " " + c.unit;
        rhs_said = literal(*c.value);
      }
      o = cmp(y) ? Outcome::pass : Outcome::fail;
    }
  }
  std::string line = lhs + " " + std::string(op_name(c.op)) + " " + rhs + " → " +
                     std::string(outcome_name(o));
  ctx.details->push_back(line);
  // What makes the rule fail: a comparison that fails, or inside a <not> one that holds.
  if (o == (ctx.negated ? Outcome::pass : Outcome::fail)) {
    if (ctx.negated) fails.replace(0, 5, "holds");
    problem(words(fails, {tx::txt(c.fact), value_arg(*f), tx::msg_arg(std::move(rhs_said))}));
  }
  return o;
}

Outcome Evaluator::eval(const Condition& c, Ctx& ctx) {
  switch (c.kind) {
    case Condition::Kind::all: {
      std::vector<Outcome> v;
      for (const auto& ch : c.children) v.push_back(eval(ch, ctx));
      return all_of(v);
    }
    case Condition::Kind::any: {
      bool unknown = false;
      tx::Message saved = ctx.first_problem;
      for (const auto& ch : c.children) {
        auto o = eval(ch, ctx);
        if (o == Outcome::pass) {
          ctx.first_problem = saved;  // a passing branch clears the others' complaints
          return Outcome::pass;
        }
        if (o == Outcome::unknown) unknown = true;
      }
      return unknown ? Outcome::unknown : Outcome::fail;
    }
    case Condition::Kind::at_least: {
      int k = c.k;
      if (!c.k_param.empty()) {
        double v = 0;
        std::string shown;
        const auto* p = set_.parameter(c.k_param);
        const auto* pv = p ? p->on(on_) : nullptr;
        if (!pv) {
          if (ctx.first_problem.empty()) ctx.first_problem = param_no_value(c.k_param, on_);
          return Outcome::unknown;
        }
        use_param(c.k_param, *pv, *p, ctx);
        v = pv->number;
        k = static_cast<int>(std::lround(v));
      }
      int pass = 0, unknown = 0;
      tx::Message saved = ctx.first_problem;
      for (const auto& ch : c.children) {
        auto o = eval(ch, ctx);
        pass += o == Outcome::pass;
        unknown += o == Outcome::unknown;
      }
      ctx.details->push_back("at least " + std::to_string(k) + " of " +
                             std::to_string(c.children.size()) + ": " + std::to_string(pass) +
                             " met, " + std::to_string(unknown) + " unknown");
      if (pass >= k) {
        ctx.first_problem = saved;
        return Outcome::pass;
      }
      if (pass + unknown < k) {
        if (saved.empty())
          ctx.first_problem = words("only_k", {tx::num(pass, 0), tx::num(static_cast<double>(c.children.size()), 0),
                                               tx::num(k, 0)});
        return Outcome::fail;
      }
      return Outcome::unknown;
    }
    case Condition::Kind::negation: {
      ctx.negated = !ctx.negated;
      auto o = eval(c.children.front(), ctx);
      ctx.negated = !ctx.negated;
      if (o == Outcome::pass) {
        if (ctx.first_problem.empty()) ctx.first_problem = words("excluded_holds");
        return Outcome::fail;
      }
      if (o == Outcome::fail) return Outcome::pass;
      return o;
    }
    case Condition::Kind::compare: return compare(c, ctx);
    case Condition::Kind::rule_ref: {
      RuleResult r = decide(c.target);  // through the question's exceptions, if any
      Outcome o = r.outcome == Outcome::not_applicable ? Outcome::fail : r.outcome;
      ctx.details->push_back("rule " + c.target + " → " + std::string(outcome_name(r.outcome)));
      if (o != Outcome::pass && ctx.first_problem.empty())
        ctx.first_problem = r.why.empty() ? words("ref_is", {tx::txt(c.target), outcome_arg(r.outcome)})
                                          : words("ref_is_because", {tx::txt(c.target), outcome_arg(r.outcome),
                                                                     tx::msg_arg(r.why)});
      ctx.required->push_back(std::move(r));
      return o;
    }
    case Condition::Kind::evidence: {
      const FactValue* f = facts_.get("evidence." + c.target);
      bool have = f && f->type == FactType::boolean && f->boolean;
      if (!have) {
        ctx.missing->push_back(c.target);
        ctx.details->push_back("evidence '" + c.target + "' missing → unknown");
        if (ctx.first_problem.empty()) ctx.first_problem = words("evidence_missing", {tx::txt(c.target)});
        return Outcome::unknown;
      }
      ctx.details->push_back("evidence '" + c.target + "' provided");
      return Outcome::pass;
    }
  }
  return Outcome::unknown;
}

RuleResult Evaluator::run(const Rule& r) {
  RuleResult res;
  res.rule_id = r.id;
  res.label = r.label;
  res.label_tr = r.label_tr;
  res.ref = r.ref;
  res.decides = r.decides;
  res.kind = r.kind;
  res.activity = r.activity;
  res.objective = r.objective;
  res.date = on_;
  if (explain_) res.ruleset_version = set_.version();  // lean runs report it once, not per result
  res.pos = r.pos;
  Ctx ctx{&res.details, &res.params, &res.facts, &res.missing_evidence, &res.required, {}};
  // 1. rules this one requires
  std::vector<Outcome> req;
  for (const auto& q : r.requires_rules) {
    RuleResult rr = decide(q);
    Outcome o = rr.outcome;
    if (o != Outcome::pass && ctx.first_problem.empty())
      ctx.first_problem = rr.why.empty() ? words("requires", {tx::txt(q), outcome_arg(o)})
                                         : words("requires_because", {tx::txt(q), outcome_arg(o), tx::msg_arg(rr.why)});
    req.push_back(o == Outcome::not_applicable ? Outcome::fail : o);
    res.required.push_back(std::move(rr));
  }
  // 2. does the rule apply?
  if (r.applies_when) {
    tx::Message saved = ctx.first_problem;
    Outcome a = eval(*r.applies_when, ctx);
    if (a == Outcome::fail) {
      res.outcome = Outcome::not_applicable;
      res.why = words("not_applicable");
      res.reason = res.why.en();
      return res;
    }
    if (a == Outcome::unknown) {
      res.outcome = Outcome::unknown;
      res.why = words("cannot_tell", {tx::msg_arg(ctx.first_problem)});
      res.reason = res.why.en();
      return res;
    }
    ctx.first_problem = saved;
  }
  // 3. the condition itself, then the evidence
  Outcome main = r.condition ? eval(*r.condition, ctx) : Outcome::pass;
  std::vector<Outcome> ev;
  for (const auto& e : r.evidence) ev.push_back(eval(e, ctx));
  std::vector<Outcome> all = req;
  all.push_back(main);
  Outcome o = all_of(all);
  if (o == Outcome::pass) o = all_of(ev);
  res.outcome = o;
  if (!explain_) {
    res.details.clear();
    res.params.clear();
    res.facts.clear();
  }
  switch (o) {
    case Outcome::pass: res.why = words("all_met"); break;
    case Outcome::fail: res.why = ctx.first_problem; break;
    case Outcome::unknown:
      res.why = res.missing_evidence.empty() || main != Outcome::pass
                    ? words("cannot_confirm", {tx::msg_arg(ctx.first_problem)})
                    : words("evidence_missing", {tx::txt([&] {
                        std::string s;
                        for (const auto& m : res.missing_evidence) s += (s.empty() ? "" : ", ") + m;
                        return s;
                      }())});
      break;
    case Outcome::not_applicable: res.why = words("not_applicable"); break;
  }
  res.reason = res.why.en();
  return res;
}

RuleResult Evaluator::evaluate(std::string_view rule_id) {
  if (auto it = memo_.find(rule_id); it != memo_.end()) return it->second;
  const Rule* r = set_.rule(rule_id);
  if (!r) {
    if (!set_.deciders(rule_id).empty()) return decide(rule_id);
    RuleResult res;
    res.rule_id = std::string(rule_id);
    res.outcome = Outcome::unknown;
    res.why = words("no_rule", {tx::txt(std::string(rule_id))});
    res.reason = res.why.en();
    return res;
  }
  RuleResult res = run(*r);
  memo_.emplace(std::string(rule_id), res);
  return res;
}

RuleResult Evaluator::decide(std::string_view target) {
  auto ds = set_.deciders(target);
  if (ds.empty()) return evaluate(target);
  RuleResult last;
  for (const auto* r : ds) {
    RuleResult res = evaluate(r->id);
    if (res.outcome != Outcome::not_applicable) return res;
    last = std::move(res);
  }
  last.why = words("none_applies", {tx::txt(std::string(target))});
  last.reason = last.why.en();
  return last;
}

TableResult Evaluator::table(std::string_view id) {
  TableResult out;
  const DecisionTable* t = set_.table(id);
  out.table_id = std::string(id);
  if (!t) {
    out.reason = "no table '" + std::string(id) + "'";
    return out;
  }
  out.label = t->label;
  out.label_tr = t->label_tr;
  out.ref = t->ref;
  out.unit = t->unit;
  std::vector<std::string> details, missing;
  std::vector<RuleResult> required;
  bool unknown_before = false;
  for (const auto& row : t->rows) {
    Ctx ctx{&details, &out.params, &out.facts, &missing, &required, {}};
    std::vector<Outcome> v;
    for (const auto& c : row.when) v.push_back(eval(c, ctx));
    Outcome o = all_of(v);
    std::string name = row.id.empty() ? row.label : row.id;
    if (o == Outcome::unknown) {
      out.unknown_rows.push_back(name + ": " + ctx.first_problem.en());
      unknown_before = true;
      continue;
    }
    if (o != Outcome::pass) continue;
    out.hits.push_back(name);
    if (t->hit == HitPolicy::first) {
      out.value = row.out;
      out.text = row.out_text;
      out.outcome = unknown_before ? Outcome::unknown : Outcome::pass;
      out.reason = unknown_before ? "an earlier row could not be decided: " + out.unknown_rows.front()
                                  : "row " + name + " matched";
      if (!explain_) out.params.clear(), out.facts.clear();
      return out;
    }
    out.value += row.out;
  }
  if (t->hit == HitPolicy::first) {
    out.outcome = unknown_before ? Outcome::unknown : Outcome::not_applicable;
    out.reason = unknown_before ? "no row matched; undecided: " + out.unknown_rows.front() : "no row matched";
    return out;
  }
  if (!explain_) out.params.clear(), out.facts.clear();
  out.outcome = out.unknown_rows.empty() ? Outcome::pass : Outcome::unknown;
  out.reason = out.unknown_rows.empty()
                   ? "sum of " + std::to_string(out.hits.size()) + " matching row(s)"
                   : "partial sum: " + std::to_string(out.unknown_rows.size()) + " row(s) undecided";
  return out;
}

}  // namespace greengate::rules
