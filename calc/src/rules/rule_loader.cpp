#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>

#include "greengate/rules/rule_set.hpp"
#include "greengate/rules/scope_catalogue.hpp"
#include "xml/element_reader.hpp"

namespace greengate::rules {

namespace fs = std::filesystem;

std::string_view fact_type_name(FactType t) {
  switch (t) {
    case FactType::number: return "number";
    case FactType::text: return "text";
    case FactType::boolean: return "bool";
  }
  return "?";
}

std::string_view op_name(Op op) {
  switch (op) {
    case Op::lt: return "lt";
    case Op::le: return "le";
    case Op::gt: return "gt";
    case Op::ge: return "ge";
    case Op::eq: return "eq";
    case Op::ne: return "ne";
    case Op::in: return "in";
    case Op::between: return "between";
  }
  return "?";
}

std::string_view budget_rule_name(BudgetRule r) {
  return r == BudgetRule::skip ? "skip" : "stop";
}

const ParamValue* Parameter::on(Date d) const {
  for (const auto& v : values)
    if (v.valid_on(d)) return &v;
  return nullptr;
}

const Rule* RuleSet::rule(std::string_view id) const {
  auto it = rule_idx_.find(id);
  return it == rule_idx_.end() ? nullptr : &rules_[it->second];
}
const Parameter* RuleSet::parameter(std::string_view id) const {
  auto it = param_idx_.find(id);
  return it == param_idx_.end() ? nullptr : &params_[it->second];
}
const FactDecl* RuleSet::fact(std::string_view id) const {
  auto it = fact_idx_.find(id);
  return it == fact_idx_.end() ? nullptr : &facts_[it->second];
}
const DecisionTable* RuleSet::table(std::string_view id) const {
  auto it = table_idx_.find(id);
  return it == table_idx_.end() ? nullptr : &tables_[it->second];
}
const Call* RuleSet::call(std::string_view id) const {
  for (const auto& c : calls_)
    if (c.id == id) return &c;
  return nullptr;
}
const ParamValue* RuleSet::param_value(std::string_view id, Date on) const {
  const auto* p = parameter(id);
  return p ? p->on(on) : nullptr;
}
std::vector<const Rule*> RuleSet::deciders(std::string_view target) const {
  std::vector<const Rule*> out;
  auto it = deciders_.find(target);
  if (it != deciders_.end())
    for (auto i : it->second) out.push_back(&rules_[i]);
  return out;
}

namespace {
std::optional<Op> parse_op(std::string_view s) {
  for (auto op : {Op::lt, Op::le, Op::gt, Op::ge, Op::eq, Op::ne, Op::in, Op::between})
    if (op_name(op) == s) return op;
  return std::nullopt;
}
}  // namespace

class RuleSetBuilder {
 public:
  explicit RuleSetBuilder(Diagnostics& d) : diags_(d) {}

  void load(const std::string& path, const std::string& display) {
    tinyxml2::XMLDocument doc;
    if (!xml::load_document(doc, path, display, diags_)) return;
    const auto* root = doc.RootElement();
    if (!root) return diags_.error({display, 1}, "empty document");
    std::string_view name = root->Name();
    if (name == "cbam-scope") {  // validated by its own loader
      diags_.append(load_scope_catalogue(path, display).diagnostics());
      return;
    }
    if (name != "ruleset") {
      diags_.error({display, root->GetLineNum()},
                   "unknown root element <" + std::string(name) + "> (expected <ruleset>)");
      return;
    }
    xml::ElementReader r(root, display, diags_);
    RuleFileInfo info;
    info.file = display;
    if (auto s = r.str("schema", true); s && *s != "1")
      r.error_at("schema", "version \"" + *s + "\" is not supported (expected \"1\")");
    info.id = r.str("id", true).value_or("");
    info.version = r.str("version", true).value_or("");
    info.title = r.str_or("title", "");
    info.source = r.str("source", true).value_or("");
    r.finish();
    set_.files_.push_back(info);
    for (auto* el = root->FirstChildElement(); el; el = el->NextSiblingElement()) {
      std::string_view n = el->Name();
      if (n == "parameter") parameter(el, display);
      else if (n == "fact") fact(el, display);
      else if (n == "rule") rule(el, display);
      else if (n == "table") table(el, display);
      else if (n == "call") call(el, display);
      else
        diags_.error({display, el->GetLineNum()},
                     "<ruleset>: unknown element <" + std::string(n) +
                         "> (expected parameter, fact, rule or table)");
    }
  }

  RuleSet finish() {
    index();
    for (auto& r : set_.rules_) {
      if (r.condition) check_condition(*r.condition, r.pos.file);
      if (r.applies_when) check_condition(*r.applies_when, r.pos.file);
      for (auto& e : r.evidence) check_condition(e, r.pos.file);
      for (const auto& q : r.requires_rules)
        if (!set_.rule(q))
          diags_.error(r.pos, "<rule id=\"" + r.id + "\">: 'requires' names unknown rule '" + q + "'");
      for (const auto& o : r.overrides)
        if (!set_.rule(o))
          diags_.error(r.pos, "<rule id=\"" + r.id + "\">: 'overrides' names unknown rule '" + o + "'");
    }
    for (auto& t : set_.tables_)
      for (auto& row : t.rows)
        for (auto& c : row.when) check_condition(c, t.pos.file);
    check_cycles();
    check_precedence();
    for (const auto& c : set_.calls_) check_call(c);
    for (const auto& f : set_.files_)
      set_.version_ += (set_.version_.empty() ? "" : "; ") + f.id + "@" + f.version;
    return std::move(set_);
  }

 private:
  void parameter(const tinyxml2::XMLElement* el, const std::string& file) {
    xml::ElementReader r(el, file, diags_);
    Parameter p;
    p.pos = r.pos();
    p.id = r.str("id", true).value_or("");
    p.label = r.str_or("label", "");
    p.label_tr = r.str_or("label-tr", "");
    p.unit = r.str("unit", true).value_or("");
    bool text = p.unit == "text";
    if (!p.unit.empty() && !text && !units::find_unit(p.unit))
      r.error_at("unit", "is not a known unit (got \"" + p.unit + "\")");
    r.finish();
    for (auto* v = el->FirstChildElement(); v; v = v->NextSiblingElement()) {
      xml::ElementReader vr(v, file, diags_, "<parameter id=\"" + p.id + "\"><" + v->Name() + ">");
      if (std::string_view(v->Name()) != "value") {
        vr.error("unknown element (expected <value>)");
        continue;
      }
      ParamValue pv;
      pv.pos = vr.pos();
      pv.from = vr.date("from", true).value_or(Date{});
      pv.to = vr.date("to");
      if (text) {
        pv.is_text = true;
        pv.text = vr.str("v", true).value_or("");
      } else {
        pv.number = vr.number("v", true).value_or(0);
      }
      pv.ref = vr.str_or("ref", "");
      if (pv.ref.empty()) vr.error("missing required attribute 'ref' (the legal reference)");
      pv.status = vr.status("status", true).value_or(Status::unverified);
      pv.note = vr.str_or("note", "");
      vr.finish();
      if (pv.to && *pv.to < pv.from) vr.error("'to' is before 'from'");
      p.values.push_back(std::move(pv));
    }
    if (p.values.empty()) r.error("needs at least one <value>");
    std::sort(p.values.begin(), p.values.end(),
              [](const ParamValue& a, const ParamValue& b) { return a.from < b.from; });
    for (std::size_t i = 1; i < p.values.size(); ++i) {
      const auto& a = p.values[i - 1];
      const auto& b = p.values[i];
      if (!a.to || *a.to >= b.from)
        diags_.error(b.pos, "<parameter id=\"" + p.id + "\">: value from " + b.from.str() +
                                " overlaps the value from " + a.from.str() + " (line " +
                                std::to_string(a.pos.line) + ")");
    }
    set_.params_.push_back(std::move(p));
  }

  void fact(const tinyxml2::XMLElement* el, const std::string& file) {
    xml::ElementReader r(el, file, diags_);
    FactDecl f;
    f.pos = r.pos();
    f.id = r.str("id", true).value_or("");
    f.label = r.str_or("label", "");
    f.label_tr = r.str_or("label-tr", "");
    auto type = r.str_or("type", "number");
    if (type == "number") f.type = FactType::number;
    else if (type == "text") f.type = FactType::text;
    else if (type == "bool") f.type = FactType::boolean;
    else r.error_at("type", "must be number, text or bool (got \"" + type + "\")");
    f.unit = r.str_or("unit", "");
    if (f.type == FactType::number) {
      if (f.unit.empty()) r.error("a number fact needs 'unit' (use \"1\" for a plain number)");
      else if (!units::find_unit(f.unit))
        r.error_at("unit", "is not a known unit (got \"" + f.unit + "\")");
    }
    r.finish();
    set_.facts_.push_back(std::move(f));
  }

  std::optional<Condition> condition(const tinyxml2::XMLElement* el, const std::string& file,
                                     const std::string& owner) {
    std::string_view n = el->Name();
    xml::ElementReader r(el, file, diags_, owner + "<" + std::string(n) + ">");
    Condition c;
    c.pos = r.pos();
    c.label = r.str_or("label", "");
    c.label_tr = r.str_or("label-tr", "");
    auto children = [&](Condition& into) {
      for (auto* ch = el->FirstChildElement(); ch; ch = ch->NextSiblingElement())
        if (auto cc = condition(ch, file, owner)) into.children.push_back(std::move(*cc));
    };
    if (n == "all" || n == "any" || n == "not" || n == "at-least") {
      c.kind = n == "all" ? Condition::Kind::all
               : n == "any" ? Condition::Kind::any
               : n == "not" ? Condition::Kind::negation
                            : Condition::Kind::at_least;
      if (c.kind == Condition::Kind::at_least) {
        c.k_param = r.str_or("k-param", "");
        if (auto k = r.integer("k")) c.k = *k;
        else if (c.k_param.empty()) r.error("needs 'k' or 'k-param'");
      }
      r.finish();
      children(c);
      if (c.children.empty()) r.error("needs at least one condition inside");
      if (c.kind == Condition::Kind::negation && c.children.size() != 1)
        r.error("<not> takes exactly one condition");
      return c;
    }
    if (n == "cond") {
      c.kind = Condition::Kind::compare;
      c.fact = r.str("fact", true).value_or("");
      auto op = r.str("op", true);
      if (op) {
        if (auto o = parse_op(*op)) c.op = *o;
        else r.error_at("op", "must be one of lt, le, gt, ge, eq, ne, in, between (got \"" + *op + "\")");
      }
      c.unit = r.str_or("unit", "");
      c.param = r.str_or("param", "");
      c.low_param = r.str_or("low-param", "");
      c.high_param = r.str_or("high-param", "");
      c.low = r.number("low");
      c.high = r.number("high");
      if (auto v = r.str("value")) {
        c.text_value = *v;
        c.value = xml::parse_number(*v);
      }
      if (auto l = r.str("values")) {
        std::size_t start = 0;
        while (start <= l->size()) {
          auto comma = l->find(',', start);
          std::string item = l->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
          item.erase(0, item.find_first_not_of(' '));
          item.erase(item.find_last_not_of(' ') + 1);
          if (!item.empty()) c.list.push_back(item);
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
      }
      r.finish();
      if (c.op == Op::between) {
        if ((!c.low && c.low_param.empty()) || (!c.high && c.high_param.empty()))
          r.error("'between' needs low/low-param and high/high-param");
      } else if (c.op == Op::in) {
        if (c.list.empty() && c.param.empty()) r.error("'in' needs 'values' or 'param'");
      } else if (c.text_value.empty() && c.param.empty()) {
        r.error("needs 'value' or 'param' to compare with");
      }
      return c;
    }
    if (n == "rule-ref") {
      c.kind = Condition::Kind::rule_ref;
      c.target = r.str("rule", true).value_or("");
      r.finish();
      return c;
    }
    if (n == "evidence") {
      c.kind = Condition::Kind::evidence;
      c.target = r.str("item", true).value_or("");
      r.finish();
      return c;
    }
    r.error("unknown condition element (expected all, any, at-least, not, cond, rule-ref, evidence)");
    return std::nullopt;
  }

  static std::vector<std::string> split_ids(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < s.size()) {
      auto sp = s.find_first_of(" ,", start);
      auto item = s.substr(start, sp == std::string::npos ? std::string::npos : sp - start);
      if (!item.empty()) out.push_back(item);
      if (sp == std::string::npos) break;
      start = sp + 1;
    }
    return out;
  }

  void rule(const tinyxml2::XMLElement* el, const std::string& file) {
    xml::ElementReader r(el, file, diags_);
    Rule ru;
    ru.pos = r.pos();
    ru.file = file;
    ru.id = r.str("id", true).value_or("");
    ru.label = r.str_or("label", "");
    ru.label_tr = r.str_or("label-tr", "");
    ru.ref = r.str_or("ref", "");
    if (ru.ref.empty()) r.error("missing required attribute 'ref' (the legal reference)");
    ru.decides = r.str_or("decides", ru.id);
    ru.kind = r.str_or("kind", "");
    ru.activity = r.str_or("activity", "");
    ru.objective = r.str_or("objective", "");
    ru.requires_rules = split_ids(r.str_or("requires", ""));
    ru.overrides = split_ids(r.str_or("overrides", ""));
    r.finish();
    std::string owner = "<rule id=\"" + ru.id + "\">: ";
    int roots = 0;
    for (auto* ch = el->FirstChildElement(); ch; ch = ch->NextSiblingElement()) {
      std::string_view n = ch->Name();
      if (n == "text") {
        ru.text = ch->GetText() ? ch->GetText() : "";
      } else if (n == "applies-when") {
        auto* inner = ch->FirstChildElement();
        if (!inner || inner->NextSiblingElement())
          diags_.error({file, ch->GetLineNum()}, owner + "<applies-when> takes exactly one condition");
        else ru.applies_when = condition(inner, file, owner);
      } else if (n == "evidence") {
        if (auto c = condition(ch, file, owner)) ru.evidence.push_back(std::move(*c));
      } else {
        if (++roots > 1) {
          diags_.error({file, ch->GetLineNum()}, owner + "a rule has one root condition (wrap several in <all> or <any>)");
          continue;
        }
        ru.condition = condition(ch, file, owner);
      }
    }
    set_.rules_.push_back(std::move(ru));
  }

  void table(const tinyxml2::XMLElement* el, const std::string& file) {
    xml::ElementReader r(el, file, diags_);
    DecisionTable t;
    t.pos = r.pos();
    t.id = r.str("id", true).value_or("");
    t.label = r.str_or("label", "");
    t.label_tr = r.str_or("label-tr", "");
    t.ref = r.str_or("ref", "");
    t.unit = r.str_or("unit", "");
    auto hit = r.str("hit", true).value_or("first");
    if (hit == "first") t.hit = HitPolicy::first;
    else if (hit == "collect-sum") t.hit = HitPolicy::collect_sum;
    else r.error_at("hit", "must be first or collect-sum (got \"" + hit + "\")");
    r.finish();
    std::string owner = "<table id=\"" + t.id + "\">: ";
    for (auto* row = el->FirstChildElement(); row; row = row->NextSiblingElement()) {
      xml::ElementReader rr(row, file, diags_, owner + "<row>");
      if (std::string_view(row->Name()) != "row") {
        rr.error("unknown element (expected <row>)");
        continue;
      }
      TableRow tr;
      tr.pos = rr.pos();
      tr.id = rr.str_or("id", "");
      tr.label = rr.str_or("label", "");
      tr.label_tr = rr.str_or("label-tr", "");
      auto out = rr.str("out", true).value_or("");
      tr.out_text = out;
      if (auto v = xml::parse_number(out)) tr.out = *v;
      else if (t.hit == HitPolicy::collect_sum)
        rr.error_at("out", "must be a number in a collect-sum table (got \"" + out + "\")");
      rr.finish();
      for (auto* c = row->FirstChildElement(); c; c = c->NextSiblingElement())
        if (auto cc = condition(c, file, owner)) tr.when.push_back(std::move(*cc));
      t.rows.push_back(std::move(tr));
    }
    set_.tables_.push_back(std::move(t));
  }


  // <call>: a grant call over the rules and tables of the rule set (docs/screening.md).
  void call(const tinyxml2::XMLElement* el, const std::string& file) {
    xml::ElementReader r(el, file, diags_);
    Call c;
    c.pos = r.pos();
    c.file = file;
    c.id = r.str("id", true).value_or("");
    c.label = r.str_or("label", "");
    c.label_tr = r.str_or("label-tr", "");
    c.ref = r.str_or("ref", "");
    if (c.ref.empty()) r.error("missing required attribute 'ref' (the call guide or legal basis)");
    c.date = r.date("date", true).value_or(Date{});
    c.budget_param = r.str("budget", true).value_or("");
    c.pass_mark_param = r.str("pass-mark", true).value_or("");
    auto br = r.str_or("budget-rule", "stop");
    if (br == "skip") c.budget_rule = BudgetRule::skip;
    else if (br != "stop") r.error_at("budget-rule", "must be stop or skip (got \"" + br + "\")");
    r.finish();
    std::string owner = "<call id=\"" + c.id + "\">";
    bool had_tie_break = false;
    for (auto* ch = el->FirstChildElement(); ch; ch = ch->NextSiblingElement()) {
      std::string_view n = ch->Name();
      xml::ElementReader cr(ch, file, diags_, owner + "<" + std::string(n) + ">");
      if (n == "criterion") {
        CallCriterion k;
        k.pos = cr.pos();
        k.rule = cr.str("rule", true).value_or("");
        k.group = cr.str_or("group", "eligibility");
        auto role = cr.str_or("role", "must-pass");
        if (role == "info") k.must_pass = false;
        else if (role != "must-pass") cr.error_at("role", "must be must-pass or info (got \"" + role + "\")");
        cr.finish();
        c.criteria.push_back(std::move(k));
      } else if (n == "section") {
        CallSection s;
        s.pos = cr.pos();
        s.id = cr.str("id", true).value_or("");
        s.label = cr.str_or("label", "");
        s.label_tr = cr.str_or("label-tr", "");
        s.table = cr.str("table", true).value_or("");
        s.weight = cr.number("weight", true).value_or(0);
        s.max = cr.number("max", true).value_or(0);
        s.floor_param = cr.str_or("floor", "");
        s.green = cr.boolean("green").value_or(false);
        auto missing = cr.str_or("missing", "undecided");
        if (missing == "no-points") s.missing_no_points = true;
        else if (missing != "undecided")
          cr.error_at("missing", "must be undecided or no-points (got \"" + missing + "\")");
        cr.finish();
        if (s.weight <= 0) cr.error_at("weight", "must be > 0");
        if (s.max <= 0) cr.error_at("max", "must be > 0");
        c.sections.push_back(std::move(s));
      } else if (n == "tie-break") {
        if (had_tie_break) cr.error("only one <tie-break> per call");
        had_tie_break = true;
        cr.finish();
        for (auto* by = ch->FirstChildElement(); by; by = by->NextSiblingElement()) {
          xml::ElementReader br2(by, file, diags_, owner + "<tie-break><" + by->Name() + ">");
          if (std::string_view(by->Name()) != "by") {
            br2.error("unknown element (expected <by key=\"…\" order=\"asc|desc\">)");
            continue;
          }
          TieBreakKey k;
          k.pos = br2.pos();
          k.key = br2.str("key", true).value_or("");
          auto order = br2.str("order", true).value_or("asc");
          if (order == "desc") k.descending = true;
          else if (order != "asc") br2.error_at("order", "must be asc or desc (got \"" + order + "\")");
          br2.finish();
          c.tie_break.push_back(std::move(k));
        }
      } else {
        cr.error("unknown element (expected criterion, section or tie-break)");
      }
    }
    if (c.sections.empty()) r.error("needs at least one <section> (a scored collect-sum table)");
    set_.calls_.push_back(std::move(c));
  }

  // Everything a call names must exist, with the unit its role needs.
  void check_call(const Call& c) {
    std::string owner = "<call id=\"" + c.id + "\">: ";
    for (const auto& other : set_.calls_)
      if (&other != &c && other.id == c.id && other.pos.line < c.pos.line)
        diags_.error(c.pos, "duplicate call id '" + c.id + "' (also at " + other.pos.str() + ")");
    auto param_of = [&](const std::string& id, units::Dimension dim, const char* what,
                        const SourcePos& pos) -> const Parameter* {
      if (id.empty()) return nullptr;
      const Parameter* p = set_.parameter(id);
      if (!p) {
        diags_.error(pos, owner + what + " names unknown parameter '" + id + "'");
        return nullptr;
      }
      auto u = units::find_unit(p->unit);
      if (!u || u->dimension != dim) {
        diags_.error(pos, owner + what + " parameter '" + id + "' is in '" + p->unit + "'; expected " +
                              units::expected_units(dim));
        return nullptr;
      }
      if (!p->on(c.date))
        diags_.error(pos, owner + what + " parameter '" + id + "' has no value on the call date " +
                              c.date.str());
      return p;
    };
    param_of(c.budget_param, units::Dimension::money, "'budget'", c.pos);
    const Parameter* pass = param_of(c.pass_mark_param, units::Dimension::count, "'pass-mark'", c.pos);
    double total_weight = 0;
    std::set<std::string> ids;
    for (const auto& s : c.sections) {
      total_weight += s.weight;
      std::string so = owner + "<section id=\"" + s.id + "\">: ";
      if (!ids.insert(s.id).second) diags_.error(s.pos, so + "duplicate section id");
      const DecisionTable* t = set_.table(s.table);
      if (!t) {
        diags_.error(s.pos, so + "unknown table '" + s.table + "'");
      } else {
        if (t->hit != HitPolicy::collect_sum)
          diags_.error(s.pos, so + "table '" + s.table + "' must have hit=\"collect-sum\" to be scored");
        std::set<std::string> rows;
        for (const auto& row : t->rows) {
          if (row.id.empty())
            diags_.error(row.pos, so + "every row of a scored table needs an 'id'");
          else if (!rows.insert(row.id).second)
            diags_.error(row.pos, so + "duplicate row id '" + row.id + "' in table '" + t->id + "'");
          if (row.out < 0 || row.out > s.max)
            diags_.error(row.pos, so + "row '" + row.id + "' gives " + report_num(row.out) +
                                      " points, outside the section's range 0.." + report_num(s.max));
        }
      }
      if (const Parameter* f = param_of(s.floor_param, units::Dimension::count, "'floor'", s.pos))
        for (const auto& v : f->values)
          if (v.number < 0 || v.number > s.max)
            diags_.error(v.pos, so + "floor " + report_num(v.number) + " is outside the section's range 0.." +
                                    report_num(s.max));
    }
    if (pass)
      for (const auto& v : pass->values)
        if (v.number < 0 || v.number > total_weight)
          diags_.error(v.pos, owner + "pass mark " + report_num(v.number) +
                                  " is outside 0.." + report_num(total_weight) + " (the sum of the section weights)");
    for (const auto& k : c.criteria)
      if (!set_.rule(k.rule) && set_.deciders(k.rule).empty())
        diags_.error(k.pos, owner + "<criterion>: unknown rule '" + k.rule + "'");
    for (const auto& k : c.tie_break) {
      bool ok = k.key == "total" || k.key == "green" || k.key == "requested_grant" ||
                k.key == "submitted" || k.key == "id";
      if (!ok && k.key.rfind("section:", 0) == 0) {
        ok = ids.count(k.key.substr(8)) > 0;
        if (!ok) {
          diags_.error(k.pos, owner + "<tie-break>: key '" + k.key + "' names no section of the call");
          continue;
        }
      }
      if (!ok)
        diags_.error(k.pos, owner + "<tie-break>: unknown key '" + k.key +
                                "' (expected total, green, section:ID, requested_grant, submitted or id)");
    }
  }

  static std::string report_num(double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }

  template <class T>
  void index_of(std::vector<T>& items, std::map<std::string, std::size_t, std::less<>>& idx,
                const char* what) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      auto [it, ok] = idx.emplace(items[i].id, i);
      if (!ok)
        diags_.error(items[i].pos, std::string("duplicate ") + what + " id '" + items[i].id +
                                       "' (also at " + items[it->second].pos.str() + ")");
    }
  }

  void index() {
    index_of(set_.rules_, set_.rule_idx_, "rule");
    index_of(set_.params_, set_.param_idx_, "parameter");
    index_of(set_.facts_, set_.fact_idx_, "fact");
    index_of(set_.tables_, set_.table_idx_, "table");
    for (std::size_t i = 0; i < set_.rules_.size(); ++i)
      set_.deciders_[set_.rules_[i].decides].push_back(i);
  }

  // Units: a comparison's unit must have the fact's dimension, and a parameter's unit too.
  void check_condition(Condition& c, const std::string& file) {
    auto err = [&](const std::string& m) { diags_.error(c.pos, m); };
    (void)file;
    switch (c.kind) {
      case Condition::Kind::all:
      case Condition::Kind::any:
      case Condition::Kind::negation:
        for (auto& ch : c.children) check_condition(ch, file);
        return;
      case Condition::Kind::at_least:
        if (!c.k_param.empty() && !set_.parameter(c.k_param))
          err("<at-least>: 'k-param' names unknown parameter '" + c.k_param + "'");
        for (auto& ch : c.children) check_condition(ch, file);
        return;
      case Condition::Kind::rule_ref:
        if (!set_.rule(c.target) && set_.deciders(c.target).empty())
          err("<rule-ref>: unknown rule '" + c.target + "'");
        return;
      case Condition::Kind::evidence: return;
      case Condition::Kind::compare: break;
    }
    const FactDecl* f = set_.fact(c.fact);
    if (!f) return err("<cond>: fact '" + c.fact + "' is not declared (add <fact id=\"" + c.fact + "\" …/>)");
    auto params = {c.param, c.low_param, c.high_param};
    for (const auto& pid : params)
      if (!pid.empty() && !set_.parameter(pid))
        err("<cond fact=\"" + c.fact + "\">: unknown parameter '" + pid + "'");
    if (f->type != FactType::number) {
      if (c.op != Op::eq && c.op != Op::ne && c.op != Op::in)
        err("<cond fact=\"" + c.fact + "\">: op '" + std::string(op_name(c.op)) +
            "' needs a number fact; '" + c.fact + "' is " + std::string(fact_type_name(f->type)));
      if (f->type == FactType::boolean && c.op != Op::in && c.text_value != "true" && c.text_value != "false" && c.param.empty())
        err("<cond fact=\"" + c.fact + "\">: a bool fact compares with value=\"true\" or \"false\"");
      return;
    }
    auto fu = units::find_unit(f->unit);
    if (!fu) return;
    if (!c.unit.empty()) {
      auto cu = units::find_unit(c.unit);
      if (!cu) return err("<cond fact=\"" + c.fact + "\">: unknown unit '" + c.unit + "'");
      if (cu->dimension != fu->dimension)
        return err("<cond fact=\"" + c.fact + "\">: unit '" + c.unit + "' (" +
                   std::string(units::dimension_name(cu->dimension)) + ") does not match the fact's unit '" +
                   f->unit + "' (" + std::string(units::dimension_name(fu->dimension)) + ")");
    } else if (c.value || c.low || c.high) {
      err("<cond fact=\"" + c.fact + "\">: a number literal needs 'unit'");
    } else if (c.text_value.size() && !c.value) {
      err("<cond fact=\"" + c.fact + "\">: 'value' must be a number (got \"" + c.text_value + "\")");
    }
    if (c.op == Op::in) err("<cond fact=\"" + c.fact + "\">: 'in' compares text; '" + c.fact + "' is a number");
    for (const auto& pid : params) {
      if (pid.empty()) continue;
      const auto* p = set_.parameter(pid);
      if (!p) continue;  // reported above
      auto pu = units::find_unit(p->unit);
      if (!pu || pu->dimension != fu->dimension)
        err("<cond fact=\"" + c.fact + "\">: parameter '" + pid + "' is in '" + p->unit +
            "', which cannot be compared with the fact's unit '" + f->unit + "'");
    }
  }

  void check_cycles() {
    // Edges: requires and rule-ref (to every decider of a target).
    std::map<std::string, std::vector<std::string>> edges;
    std::function<void(const Condition&, std::vector<std::string>&)> refs =
        [&](const Condition& c, std::vector<std::string>& out) {
          if (c.kind == Condition::Kind::rule_ref) {
            if (set_.rule(c.target)) out.push_back(c.target);
            for (const auto* d : set_.deciders(c.target)) out.push_back(d->id);
          }
          for (const auto& ch : c.children) refs(ch, out);
        };
    for (const auto& r : set_.rules_) {
      auto& e = edges[r.id];
      e.insert(e.end(), r.requires_rules.begin(), r.requires_rules.end());
      if (r.condition) refs(*r.condition, e);
      if (r.applies_when) refs(*r.applies_when, e);
    }
    std::map<std::string, int> state;
    std::vector<std::string> stack;
    std::set<std::string> reported;
    std::function<void(const std::string&)> visit = [&](const std::string& id) {
      state[id] = 1;
      stack.push_back(id);
      for (const auto& to : edges[id]) {
        if (state[to] == 1) {
          std::string cyc;
          for (auto it = std::find(stack.begin(), stack.end(), to); it != stack.end(); ++it)
            cyc += *it + " -> ";
          cyc += to;
          if (reported.insert(to).second) {
            const Rule* r = set_.rule(id);
            diags_.error(r ? r->pos : SourcePos{}, "rule cycle: " + cyc);
          }
        } else if (state[to] == 0) {
          visit(to);
        }
      }
      stack.pop_back();
      state[id] = 2;
    };
    for (const auto& r : set_.rules_)
      if (state[r.id] == 0) visit(r.id);
  }

  // Catala-style precedence: rules deciding the same question must be totally ordered by
  // 'overrides' (directly or through others); the deciders list is then sorted, highest first.
  void check_precedence() {
    for (auto& [target, idx] : set_.deciders_) {
      if (idx.size() < 2) continue;
      auto over = [&](std::size_t a, std::size_t b) {  // a overrides b, transitively
        std::set<std::size_t> seen;
        std::function<bool(std::size_t)> go = [&](std::size_t x) {
          if (!seen.insert(x).second) return false;
          for (const auto& o : set_.rules_[x].overrides) {
            auto it = set_.rule_idx_.find(o);
            if (it == set_.rule_idx_.end()) continue;
            if (it->second == b || go(it->second)) return true;
          }
          return false;
        };
        return go(a);
      };
      bool ok = true;
      for (std::size_t i = 0; i < idx.size(); ++i)
        for (std::size_t j = i + 1; j < idx.size(); ++j)
          if (!over(idx[i], idx[j]) && !over(idx[j], idx[i])) {
            const auto& a = set_.rules_[idx[i]];
            const auto& b = set_.rules_[idx[j]];
            diags_.error(b.pos, "rules '" + a.id + "' (" + a.pos.str() + ") and '" + b.id +
                                    "' both decide '" + target + "' and can both fire: declare "
                                    "which takes precedence with overrides=\"…\"");
            ok = false;
          }
      if (ok)
        std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return over(a, b); });
    }
  }

  Diagnostics& diags_;
  RuleSet set_;
};

LoadResult<RuleSet> load_rule_files(const std::vector<std::string>& paths,
                                    const std::vector<std::string>& display_names) {
  Diagnostics diags;
  RuleSetBuilder b(diags);
  for (std::size_t i = 0; i < paths.size(); ++i) b.load(paths[i], display_names[i]);
  RuleSet set = b.finish();
  return {std::move(set), std::move(diags)};
}

LoadResult<RuleSet> load_rules(const std::string& path, const std::string& display_prefix) {
  std::vector<std::string> paths, names;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(path, ec))
      if (e.is_regular_file() && e.path().extension() == ".xml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      paths.push_back(f.string());
      names.push_back(display_prefix + fs::relative(f, path).string());
    }
  } else {
    paths.push_back(path);
    names.push_back(display_prefix.empty() ? path : display_prefix);
  }
  return load_rule_files(paths, names);
}

}  // namespace greengate::rules
