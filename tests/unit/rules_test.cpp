// Rules engine (docs/rules-format.md): comparators at their boundaries with unit conversion,
// condition trees with unknowns, dated parameters, precedence, rule references, cycles, decision
// tables, what a result carries, load errors reported together with file:line, and the EU
// Taxonomy rule files (rules/taxonomy/, Delegated Regulation (EU) 2021/2139 Annex I) on
// hand-made fact sets per activity. Every threshold's working is in a comment next to it.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>

#include "greengate/calc/taxonomy.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/rules/evaluator.hpp"
#include "greengate/rules/rule_set.hpp"
#include "greengate/text/catalogue.hpp"
#include "test_data.hpp"

namespace gr = greengate::rules;
using greengate::Date;
using greengate::test::source_dir;

namespace {

// Writes an inline rule file to a private temporary file and loads it under `display` (the name
// used in messages), so messages are the same wherever the test runs.
greengate::LoadResult<gr::RuleSet> load_text(const std::string& xml, const std::string& display) {
  namespace fs = std::filesystem;
  static int counter = 0;
  fs::path p = fs::temp_directory_path() /
               ("greengate-rules-test-" + std::to_string(::getpid()) + "-" +
                std::to_string(++counter) + ".xml");
  {
    std::ofstream out(p);
    out << xml;
  }
  auto r = gr::load_rule_files({p.string()}, {display});
  std::error_code ec;
  fs::remove(p, ec);
  return r;
}

gr::RuleSet load_ok(const std::string& xml) {
  auto r = load_text(xml, "inline.xml");
  INFO(r.diagnostics().format());
  REQUIRE(r.ok());
  return std::move(r).get();
}

std::string ruleset(const std::string& body) {
  return "<ruleset schema=\"1\" id=\"inline\" version=\"t1\" source=\"tests\">\n" + body +
         "</ruleset>\n";
}

const gr::RuleSet& taxonomy() {
  static const gr::RuleSet set =
      gr::load_rules(source_dir() + "/rules/taxonomy", "rules/taxonomy/").get();
  return set;
}

const Date kMid2026{2026, 6, 30};

std::string eval(const gr::RuleSet& set, const std::string& rule, const gr::FactSet& f,
                 Date on = kMid2026) {
  gr::Evaluator ev(set, on, f);
  auto r = ev.evaluate(rule);
  INFO(rule << ": " << r.reason);
  return std::string(gr::outcome_name(r.outcome));
}

std::string decide(const gr::RuleSet& set, const std::string& question, const gr::FactSet& f,
                   Date on = kMid2026) {
  gr::Evaluator ev(set, on, f);
  return std::string(gr::outcome_name(ev.decide(question).outcome));
}

gr::FactSet num(const std::string& id, double v, const std::string& unit) {
  gr::FactSet f;
  f.set_number(id, v, unit, "test");
  return f;
}

void evidence(gr::FactSet& f, std::initializer_list<const char*> items) {
  for (const char* i : items) f.set_bool(std::string("evidence.") + i, true, "test");
}

const gr::ParamUse* param_use(const gr::RuleResult& r, const std::string& id) {
  for (const auto& p : r.params)
    if (p.id == id) return &p;
  return nullptr;
}

// ---- a small rule set with one rule per comparator ----------------------------------------------
const gr::RuleSet& comparators() {
  static const gr::RuleSet set = load_ok(ruleset(R"(
  <parameter id="p.half" unit="tCO2e/t"><value from="2020-01-01" v="0.5" ref="test" status="verified"/></parameter>
  <parameter id="p.ci" unit="tCO2e/MWh"><value from="2020-01-01" v="0.1" ref="test" status="verified"/></parameter>
  <parameter id="p.list" unit="text"><value from="2020-01-01" v="a, b" ref="test" status="verified"/></parameter>
  <fact id="x" type="number" unit="tCO2e/t"/>
  <fact id="ci" type="number" unit="gCO2e/kWh"/>
  <fact id="share" type="number" unit="%"/>
  <fact id="el" type="number" unit="MWh/t"/>
  <fact id="s" type="text"/>
  <fact id="b" type="bool"/>
  <rule id="lt" ref="test"><cond fact="x" op="lt" param="p.half"/></rule>
  <rule id="le" ref="test"><cond fact="x" op="le" param="p.half"/></rule>
  <rule id="gt" ref="test"><cond fact="x" op="gt" param="p.half"/></rule>
  <rule id="ge" ref="test"><cond fact="x" op="ge" param="p.half"/></rule>
  <rule id="eq" ref="test"><cond fact="x" op="eq" value="500" unit="kgCO2e/t"/></rule>
  <rule id="ne" ref="test"><cond fact="x" op="ne" value="500" unit="kgCO2e/t"/></rule>
  <rule id="between" ref="test"><cond fact="x" op="between" low="400" high="500" unit="kgCO2e/t"/></rule>
  <rule id="ci.le" ref="test"><cond fact="ci" op="le" param="p.ci"/></rule>
  <rule id="ci.lt" ref="test"><cond fact="ci" op="lt" value="0.1" unit="tCO2e/MWh"/></rule>
  <rule id="share.ge" ref="test"><cond fact="share" op="ge" value="0.9" unit="1"/></rule>
  <rule id="el.le" ref="test"><cond fact="el" op="le" value="15.5" unit="MWh/t"/></rule>
  <rule id="in.values" ref="test"><cond fact="s" op="in" values="a, b"/></rule>
  <rule id="in.param" ref="test"><cond fact="s" op="in" param="p.list"/></rule>
  <rule id="s.eq" ref="test"><cond fact="s" op="eq" value="a"/></rule>
  <rule id="s.ne" ref="test"><cond fact="s" op="ne" value="a"/></rule>
  <rule id="b.eq" ref="test"><cond fact="b" op="eq" value="true"/></rule>
)"));
  return set;
}

std::string cmp(const std::string& rule, double v, const std::string& unit, const std::string& fact = "x") {
  return eval(comparators(), rule, num(fact, v, unit));
}

}  // namespace

// =================================================================================================
// Comparators: at the boundary, just below, just above (the parameter is 0.5 tCO2e/t)
// =================================================================================================

TEST_CASE("Rules: lt (\"lower than\") fails at the boundary") {
  CHECK(cmp("lt", 0.499, "tCO2e/t") == "pass");
  CHECK(cmp("lt", 0.5, "tCO2e/t") == "fail");
  CHECK(cmp("lt", 0.501, "tCO2e/t") == "fail");
}

TEST_CASE("Rules: le (\"not exceed\") passes at the boundary") {
  CHECK(cmp("le", 0.499, "tCO2e/t") == "pass");
  CHECK(cmp("le", 0.5, "tCO2e/t") == "pass");
  CHECK(cmp("le", 0.501, "tCO2e/t") == "fail");
}

TEST_CASE("Rules: gt fails at the boundary, ge (\"at least\") passes") {
  CHECK(cmp("gt", 0.499, "tCO2e/t") == "fail");
  CHECK(cmp("gt", 0.5, "tCO2e/t") == "fail");
  CHECK(cmp("gt", 0.501, "tCO2e/t") == "pass");
  CHECK(cmp("ge", 0.499, "tCO2e/t") == "fail");
  CHECK(cmp("ge", 0.5, "tCO2e/t") == "pass");
  CHECK(cmp("ge", 0.501, "tCO2e/t") == "pass");
}

TEST_CASE("Rules: eq and ne against a literal in kgCO2e/t (500 kg = 0.5 t)") {
  CHECK(cmp("eq", 0.499, "tCO2e/t") == "fail");
  CHECK(cmp("eq", 0.5, "tCO2e/t") == "pass");
  CHECK(cmp("eq", 0.501, "tCO2e/t") == "fail");
  CHECK(cmp("ne", 0.499, "tCO2e/t") == "pass");
  CHECK(cmp("ne", 0.5, "tCO2e/t") == "fail");
  CHECK(cmp("ne", 0.501, "tCO2e/t") == "pass");
}

TEST_CASE("Rules: between includes both ends (400..500 kgCO2e/t against facts in t)") {
  CHECK(cmp("between", 0.399, "tCO2e/t") == "fail");
  CHECK(cmp("between", 0.4, "tCO2e/t") == "pass");    // 400 kg = 0.4 t: low end included
  CHECK(cmp("between", 0.401, "tCO2e/t") == "pass");
  CHECK(cmp("between", 0.499, "tCO2e/t") == "pass");
  CHECK(cmp("between", 0.5, "tCO2e/t") == "pass");    // high end included
  CHECK(cmp("between", 0.501, "tCO2e/t") == "fail");
}

TEST_CASE("Rules: a fact in kgCO2e/t is compared with a parameter in tCO2e/t after conversion") {
  // 499 kg/t = 0.499 t/t < 0.5; 500 kg/t = 0.5 t/t; 501 kg/t = 0.501 t/t
  CHECK(cmp("lt", 499, "kgCO2e/t") == "pass");
  CHECK(cmp("lt", 500, "kgCO2e/t") == "fail");
  CHECK(cmp("le", 500, "kgCO2e/t") == "pass");
  CHECK(cmp("le", 501, "kgCO2e/t") == "fail");
  CHECK(cmp("ge", 499, "kgCO2e/t") == "fail");
  CHECK(cmp("ge", 500, "kgCO2e/t") == "pass");
}

TEST_CASE("Rules: gCO2e/kWh against tCO2e/MWh (100 g/kWh = 0.1 t/MWh) at and around the boundary") {
  // 1 gCO2e/kWh = 1e-6 t / 1e-3 MWh = 0.001 tCO2e/MWh, so 0.1 tCO2e/MWh is exactly 100 g/kWh.
  // The boundary itself:
  CHECK(cmp("ci.le", 100, "gCO2e/kWh", "ci") == "pass");
  CHECK(cmp("ci.lt", 100, "gCO2e/kWh", "ci") == "fail");
  CHECK(cmp("ci.le", 0.1, "tCO2e/MWh", "ci") == "pass");
  // Just below and just above, 1 g/kWh (1 %) away. Fails until the tolerance in
  // calc/src/rules/evaluator.cpp near() is made relative: it compares in storage units (tCO2e per
  // kJ, so 100 g/kWh = 2.78e-8) with an absolute floor of 1e-9, i.e. anything within 3.6 g/kWh of
  // the threshold counts as equal.
  CHECK(cmp("ci.lt", 99, "gCO2e/kWh", "ci") == "pass");
  CHECK(cmp("ci.le", 101, "gCO2e/kWh", "ci") == "fail");
  CHECK(cmp("ci.le", 103, "gCO2e/kWh", "ci") == "fail");
}

TEST_CASE("Rules: % against a plain fraction and kWh/t against MWh/t") {
  CHECK(cmp("share.ge", 90, "%", "share") == "pass");     // 90 % = 0.9
  CHECK(cmp("share.ge", 89.9, "%", "share") == "fail");   // 0.899 < 0.9
  CHECK(cmp("share.ge", 0.9, "1", "share") == "pass");
  CHECK(cmp("el.le", 15500, "kWh/t", "el") == "pass");    // 15 500 kWh = 15.5 MWh
  CHECK(cmp("el.le", 15501, "kWh/t", "el") == "fail");
}

TEST_CASE("Rules: in over a literal list and over a text parameter, eq/ne on text and bool") {
  auto text = [](const std::string& rule, const std::string& v) {
    gr::FactSet f;
    f.set_text("s", v, "test");
    return eval(comparators(), rule, f);
  };
  CHECK(text("in.values", "a") == "pass");
  CHECK(text("in.values", "b") == "pass");
  CHECK(text("in.values", "c") == "fail");
  CHECK(text("in.values", "A") == "fail");  // case matters
  CHECK(text("in.param", "b") == "pass");
  CHECK(text("in.param", "ab") == "fail");
  CHECK(text("s.eq", "a") == "pass");
  CHECK(text("s.eq", "b") == "fail");
  CHECK(text("s.ne", "a") == "fail");
  CHECK(text("s.ne", "b") == "pass");
  gr::FactSet t, f;
  t.set_bool("b", true, "test");
  f.set_bool("b", false, "test");
  CHECK(eval(comparators(), "b.eq", t) == "pass");
  CHECK(eval(comparators(), "b.eq", f) == "fail");
}

TEST_CASE("Rules: a fact in a unit of another dimension is unknown, not fail") {
  auto facts = num("x", 0.1, "MWh");
  gr::Evaluator ev(comparators(), kMid2026, facts);
  auto r = ev.evaluate("le");
  CHECK(r.outcome == gr::Outcome::unknown);
  CHECK(r.reason == "cannot confirm: fact 'x' is given in 'MWh', expected a unit like 'tCO2e/t'");
}

// =================================================================================================
// Condition trees with unknowns: a missing fact or missing evidence is unknown, never fail
// =================================================================================================

namespace {
const gr::RuleSet& logic() {
  static const gr::RuleSet set = load_ok(ruleset(R"(
  <fact id="a" type="number" unit="1"/>
  <fact id="b" type="number" unit="1"/>
  <fact id="c" type="number" unit="1"/>
  <rule id="all" ref="test"><all><cond fact="a" op="ge" value="1" unit="1"/><cond fact="b" op="ge" value="1" unit="1"/></all></rule>
  <rule id="any" ref="test"><any><cond fact="a" op="ge" value="1" unit="1"/><cond fact="b" op="ge" value="1" unit="1"/></any></rule>
  <rule id="k2" ref="test"><at-least k="2"><cond fact="a" op="ge" value="1" unit="1"/><cond fact="b" op="ge" value="1" unit="1"/><cond fact="c" op="ge" value="1" unit="1"/></at-least></rule>
  <rule id="not" ref="test"><not><cond fact="a" op="ge" value="1" unit="1"/></not></rule>
  <rule id="doc" ref="test"><cond fact="a" op="ge" value="1" unit="1"/><evidence item="doc"/></rule>
  <rule id="doc.only" ref="test"><evidence item="doc"/></rule>
)"));
  return set;
}
// Facts from a pattern: 'p' = 1 (passes ge 1), 'f' = 0 (fails), '?' = missing; for a, b, c.
gr::FactSet abc(const char* pattern) {
  gr::FactSet f;
  const char* ids[] = {"a", "b", "c"};
  for (int i = 0; i < 3 && pattern[i]; ++i)
    if (pattern[i] != '?') f.set_number(ids[i], pattern[i] == 'p' ? 1 : 0, "1", "test");
  return f;
}
}  // namespace

TEST_CASE("Rules: all — any fail is fail, else any unknown is unknown") {
  CHECK(eval(logic(), "all", abc("pp")) == "pass");
  CHECK(eval(logic(), "all", abc("p?")) == "unknown");
  CHECK(eval(logic(), "all", abc("f?")) == "fail");
  CHECK(eval(logic(), "all", abc("??")) == "unknown");
}

TEST_CASE("Rules: any — any pass is pass, else any unknown is unknown") {
  CHECK(eval(logic(), "any", abc("fp")) == "pass");
  CHECK(eval(logic(), "any", abc("p?")) == "pass");
  CHECK(eval(logic(), "any", abc("f?")) == "unknown");
  CHECK(eval(logic(), "any", abc("ff")) == "fail");
}

TEST_CASE("Rules: at-least 2 of 3 — pass with 2, fail when passes + unknowns < 2, else unknown") {
  CHECK(eval(logic(), "k2", abc("ppf")) == "pass");
  CHECK(eval(logic(), "k2", abc("pp?")) == "pass");
  CHECK(eval(logic(), "k2", abc("pf?")) == "unknown");  // 1 pass + 1 unknown could still be 2
  CHECK(eval(logic(), "k2", abc("ff?")) == "fail");     // 0 + 1 < 2
  CHECK(eval(logic(), "k2", abc("pff")) == "fail");
  CHECK(eval(logic(), "k2", abc("???")) == "unknown");
}

TEST_CASE("Rules: not — swaps pass and fail, keeps unknown") {
  CHECK(eval(logic(), "not", abc("p")) == "fail");
  CHECK(eval(logic(), "not", abc("f")) == "pass");
  CHECK(eval(logic(), "not", abc("?")) == "unknown");
}

TEST_CASE("Rules: a missing fact is unknown with the fact named, never fail") {
  auto facts = abc("p?");
  gr::Evaluator ev(logic(), kMid2026, facts);
  auto r = ev.evaluate("all");
  CHECK(r.outcome == gr::Outcome::unknown);
  CHECK(r.reason == "cannot confirm: fact 'b' is missing");
  bool marked = false;
  for (const auto& f : r.facts) marked |= f.id == "b" && f.missing;
  CHECK(marked);
}

TEST_CASE("Rules: missing evidence is unknown (\"evidence missing\"), provided evidence passes") {
  gr::FactSet f = abc("p");
  {
    gr::Evaluator ev(logic(), kMid2026, f);
    auto r = ev.evaluate("doc");
    CHECK(r.outcome == gr::Outcome::unknown);
    CHECK(r.reason == "evidence missing: doc");
    CHECK(r.missing_evidence == std::vector<std::string>{"doc"});
  }
  f.set_bool("evidence.doc", false, "test");  // declared as not provided: still unknown, not fail
  CHECK(eval(logic(), "doc", f) == "unknown");
  CHECK(eval(logic(), "doc.only", f) == "unknown");
  f.set_bool("evidence.doc", true, "test");
  CHECK(eval(logic(), "doc", f) == "pass");
  CHECK(eval(logic(), "doc.only", f) == "pass");
  // The condition failing decides, whatever the evidence.
  gr::FactSet g = abc("f");
  CHECK(eval(logic(), "doc", g) == "fail");
}

// =================================================================================================
// Precedence, rule references, cycles
// =================================================================================================

TEST_CASE("Rules: two rules deciding the same question without 'overrides' are rejected at load") {
  auto r = load_text(ruleset(R"(
  <fact id="x" type="number" unit="tCO2e/t"/>
  <rule id="general" ref="test" decides="q"><cond fact="x" op="le" value="1" unit="tCO2e/t"/></rule>
  <rule id="exception" ref="test" decides="q"><cond fact="x" op="le" value="2" unit="tCO2e/t"/></rule>
)"), "precedence.xml");
  CHECK_FALSE(r.ok());
  CHECK(r.diagnostics().format() ==
        "precedence.xml:5: error: rules 'general' (precedence.xml:4) and 'exception' both decide "
        "'q' and can both fire: declare which takes precedence with overrides=\"…\"");
}

TEST_CASE("Rules: cycles through requires and rule-ref are rejected at load") {
  auto r = load_text(ruleset(R"(
  <rule id="a" ref="test" requires="b"/>
  <rule id="b" ref="test"><rule-ref rule="c"/></rule>
  <rule id="c" ref="test"><rule-ref rule="a"/></rule>
)"), "cycle.xml");
  CHECK_FALSE(r.ok());
  CHECK(r.diagnostics().format() == "cycle.xml:5: error: rule cycle: a -> b -> c -> a");
}

TEST_CASE("Rules: a rule-ref to a rule that does not apply counts as not passing") {
  auto set = load_ok(ruleset(R"(
  <fact id="route" type="text"/>
  <rule id="only.secondary" ref="test"><applies-when><cond fact="route" op="eq" value="secondary"/></applies-when></rule>
  <rule id="user" ref="test"><rule-ref rule="only.secondary"/></rule>
)"));
  gr::FactSet f;
  f.set_text("route", "primary", "test");
  CHECK(eval(set, "only.secondary", f) == "not_applicable");
  CHECK(eval(set, "user", f) == "fail");
}

// Engine bug (calc/src/rules/evaluator.cpp, Evaluator::eval, rule_ref case): a rule-ref to an id
// that is both a rule and a question with an exception evaluates the rule alone and ignores the
// exception that overrides it; decide() gets it right. Fix: always go through decide(c.target)
// (it falls back to evaluate() when nothing else decides the id). Same for 'requires' in run().
TEST_CASE("Rules: a rule-ref to a question goes through its exceptions (precedence)") {
  auto set = load_ok(ruleset(R"(
  <fact id="x" type="number" unit="tCO2e/t"/>
  <fact id="route" type="text"/>
  <rule id="q" ref="test"><cond fact="x" op="le" value="1" unit="tCO2e/t"/></rule>
  <rule id="q.exception" ref="test" decides="q" overrides="q"><applies-when><cond fact="route" op="eq" value="secondary"/></applies-when></rule>
  <rule id="user" ref="test"><rule-ref rule="q"/></rule>
)"));
  gr::FactSet f = num("x", 2, "tCO2e/t");  // 2 > 1: the general rule fails
  f.set_text("route", "secondary", "test");  // ... but the exception applies and passes
  CHECK(decide(set, "q", f) == "pass");
  CHECK(eval(set, "user", f) == "pass");
}

// Engine gap (calc/src/rules/rule_loader.cpp, check_condition, the early return for text/bool
// facts): the parameter of a text comparison is never looked up, so an unknown list parameter
// loads cleanly and every evaluation is 'unknown'. The number branch reports it.
TEST_CASE("Rules: an unknown parameter in a text comparison is reported at load") {
  auto r = load_text(ruleset(R"(
  <fact id="s" type="text"/>
  <rule id="r" ref="test"><cond fact="s" op="in" param="no.such.list"/></rule>
)"), "text-param.xml");
  CHECK_FALSE(r.ok());
}

// =================================================================================================
// Decision tables
// =================================================================================================

namespace {
const gr::RuleSet& tables() {
  static const gr::RuleSet set = load_ok(ruleset(R"(
  <fact id="app.staff" type="number" unit="count"/>
  <fact id="app.saving" type="number" unit="%"/>
  <fact id="app.sme" type="bool"/>
  <fact id="app.score" type="number" unit="points"/>
  <table id="score.capacity" hit="collect-sum" unit="points" ref="call guide §4" label="small scorecard">
    <row id="staff" out="10"><cond fact="app.staff" op="ge" value="3" unit="count"/></row>
    <row id="saving" out="20"><cond fact="app.saving" op="ge" value="20" unit="%"/></row>
    <row id="sme" out="5"><cond fact="app.sme" op="eq" value="true"/></row>
    <row id="base" out="1"/>
  </table>
  <table id="grade" hit="first" ref="call guide §5">
    <row id="A" out="A"><cond fact="app.score" op="ge" value="80" unit="points"/></row>
    <row id="B" out="B"><cond fact="app.score" op="ge" value="65" unit="points"/></row>
    <row id="C" out="C"/>
  </table>
)"));
  return set;
}
gr::FactSet applicant(double staff, std::optional<double> saving, bool sme) {
  gr::FactSet f;
  f.set_number("app.staff", staff, "count", "test");
  if (saving) f.set_number("app.saving", *saving, "%", "test");
  f.set_bool("app.sme", sme, "test");
  return f;
}
}  // namespace

TEST_CASE("Rules: collect-sum adds the out of every matching row (a scorecard)") {
  {
    gr::FactSet f = applicant(3, 20, false);
    gr::Evaluator ev(tables(), kMid2026, f);
    auto t = ev.table("score.capacity");
    // staff 3 >= 3: 10; saving 20 % >= 20 %: 20; not an SME: 0; base: 1 -> 31
    CHECK(t.outcome == gr::Outcome::pass);
    CHECK(t.value == doctest::Approx(31));
    CHECK(t.hits == std::vector<std::string>{"staff", "saving", "base"});
  }
  {
    gr::FactSet f = applicant(2, 19.9, true);
    gr::Evaluator ev(tables(), kMid2026, f);
    // staff 2 < 3: 0; saving 19.9 < 20: 0; SME: 5; base: 1 -> 6
    CHECK(ev.table("score.capacity").value == doctest::Approx(6));
  }
  {
    gr::FactSet f = applicant(3, std::nullopt, true);
    gr::Evaluator ev(tables(), kMid2026, f);
    auto t = ev.table("score.capacity");
    // saving unknown: the sum 10 + 5 + 1 = 16 is only partial, so the result is unknown
    CHECK(t.outcome == gr::Outcome::unknown);
    CHECK(t.value == doctest::Approx(16));
    CHECK(t.unknown_rows.size() == 1);
  }
}

TEST_CASE("Rules: first returns the first matching row, an undecided earlier row makes it unknown") {
  auto grade = [](std::optional<double> score) {
    gr::FactSet f;
    if (score) f.set_number("app.score", *score, "points", "test");
    gr::Evaluator ev(tables(), kMid2026, f);
    auto t = ev.table("grade");
    return t.outcome == gr::Outcome::pass ? t.text : std::string(gr::outcome_name(t.outcome));
  };
  CHECK(grade(80) == "A");
  CHECK(grade(79.9) == "B");
  CHECK(grade(65) == "B");
  CHECK(grade(64.9) == "C");
  CHECK(grade(std::nullopt) == "unknown");
}

// =================================================================================================
// Load errors: every problem in one run, each as file:line: error: …
// =================================================================================================

TEST_CASE("Rules: a rule file with several errors lists them all with file:line") {
  const std::string name = "tests/data/bad/rules/several-errors.xml";
  auto r = gr::load_rules(source_dir() + "/" + name, name);
  CHECK_FALSE(r.ok());
  const std::string f = name + ":";
  CHECK(r.diagnostics().format() ==
        f + "8: error: <parameter id=\"p.overlap\">: value from 2024-01-01 overlaps the value from 2022-01-01 (line 7)\n" +
        f + "10: error: <parameter id=\"p.unit\">: 'unit' is not a known unit (got \"tonnes\")\n" +
        f + "11: error: <parameter id=\"p.unit\"><value>: 'status' must be 'verified', 'single source' or 'unverified' (got \"checked\")\n" +
        f + "14: error: <parameter id=\"p.noref\"><value>: missing required attribute 'ref' (the legal reference)\n" +
        f + "18: error: <fact id=\"y\">: 'type' must be number, text or bool (got \"decimal\")\n" +
        f + "18: error: <fact id=\"y\">: a number fact needs 'unit' (use \"1\" for a plain number)\n" +
        f + "19: error: <rule id=\"r.noref\">: missing required attribute 'ref' (the legal reference)\n" +
        f + "20: error: <rule id=\"r.noref\">: <cond>: 'op' must be one of lt, le, gt, ge, eq, ne, in, between (got \"lte\")\n" +
        f + "25: error: <rule id=\"r.misspelt\">: unknown attribute 'valid_form'\n" +
        f + "35: error: <rule id=\"r.k\">: <at-least>: needs 'k' or 'k-param'\n" +
        f + "48: error: <ruleset>: unknown element <formula> (expected parameter, fact, rule or table)\n" +
        f + "17: error: duplicate fact id 'x' (also at " + name + ":16)\n" +
        f + "23: error: <cond fact=\"x\">: unit 'MWh' (energy) does not match the fact's unit 'tCO2e/t' (emission intensity)\n" +
        f + "26: error: <cond>: fact 'z' is not declared (add <fact id=\"z\" …/>)\n" +
        f + "29: error: <cond fact=\"x\">: unknown parameter 'p.missing'\n" +
        f + "32: error: <cond fact=\"x\">: a number literal needs 'unit'\n" +
        f + "44: error: <rule-ref>: unknown rule 'nowhere'\n" +
        f + "40: error: rule cycle: a -> b -> a\n" +
        f + "47: error: rules 'g1' (" + name + ":46) and 'g2' both decide 'q' and can both fire: declare which takes precedence with overrides=\"…\"");
  CHECK(r.diagnostics().error_count() == 19);
}

// =================================================================================================
// EU Taxonomy rule files (rules/taxonomy/) on hand-made fact sets
// =================================================================================================

TEST_CASE("Taxonomy: the rule files load cleanly and every activity has SC, DNSH and alignment") {
  const auto& t = taxonomy();
  for (const char* a : {"3_1", "3_2", "3_4", "3_7", "3_9", "3_10", "3_15", "3_16", "4_1", "4_3", "4_10"})
    CHECK_MESSAGE(t.rule(std::string("tax.") + a + ".sc"), a);
  CHECK(t.deciders("tax.3_8.sc").size() == 2);
  for (const char* a : {"3_1", "3_2", "3_4", "3_7", "3_8", "3_9", "3_10", "3_15", "3_16", "4_1", "4_3", "4_10"}) {
    CHECK_MESSAGE(t.rule(std::string("tax.") + a + ".dnsh"), a);
    CHECK_MESSAGE(t.rule(std::string("tax.") + a + ".aligned"), a);
  }
}

TEST_CASE("Taxonomy 3.7 cement: clinker strictly lower than 0.722 tCO2e/t, cement lower than 0.469") {
  auto clinker = [](double ghg, const char* unit = "tCO2e/t", const char* product = "grey_clinker") {
    gr::FactSet f = num("process.ghg_intensity", ghg, unit);
    f.set_number("process.see_direct", ghg, unit, "test");
    f.set_text("product.category", product, "test");
    f.set_bool("ccs.used", false, "test");
    return eval(taxonomy(), "tax.3_7.sc", f);
  };
  CHECK(clinker(0.721) == "pass");  // 0.721 < 0.722
  CHECK(clinker(0.722) == "fail");  // "lower than": 0.722 is not lower than 0.722
  CHECK(clinker(721, "kgCO2e/t") == "pass");  // 721 kg = 0.721 t
  CHECK(clinker(722, "kgCO2e/t") == "fail");
  CHECK(clinker(0.468, "tCO2e/t", "cement") == "pass");  // (b) 0.468 < 0.469
  CHECK(clinker(0.469, "tCO2e/t", "cement") == "fail");
  CHECK(clinker(0.468, "tCO2e/t", "alternative_binder") == "pass");
  CHECK(clinker(0.5, "tCO2e/t", "cement") == "fail");     // 0.5 would pass (a) but cement is (b)
  gr::FactSet no_product = num("process.ghg_intensity", 0.7, "tCO2e/t");
  no_product.set_bool("ccs.used", false, "test");
  CHECK(eval(taxonomy(), "tax.3_7.sc", no_product) == "unknown");  // clinker or cement? not said
  gr::FactSet with_ccs = num("process.ghg_intensity", 0.7, "tCO2e/t");
  with_ccs.set_text("product.category", "grey_clinker", "test");
  with_ccs.set_bool("ccs.used", true, "test");  // capture: 5.11/5.12 evidence needed
  CHECK(eval(taxonomy(), "tax.3_7.sc", with_ccs) == "unknown");
}

TEST_CASE("Regression (issue 11, D4): Taxonomy 3.7(b) judges cement on clinker and cement emissions, not the grinding alone") {
  // examples/cement-plant.xml: the cement process grinds clinker of the clinker process. Its own
  // direct emissions are 3 522.5 t / 1 500 000 t = 0.0023 t/t; with its clinker the cement's direct
  // SEE is 0.634 t/t (greengate emissions). §3.7(b): "specific GHG emissions from the clinker and
  // cement production ... lower than 0.469": 0.634 fails (0.0023 would wrongly pass).
  auto firm = greengate::model::load_firm(source_dir() + "/examples/cement-plant.xml", "cement-plant.xml").get();
  greengate::model::Activity a;
  a.id = "cement";
  a.code = "3.7";
  a.installation = "izmir-plant";
  a.process = "cement";
  greengate::model::ActivityFact cat;
  cat.id = "product.category";
  cat.value = "cement";
  a.facts.push_back(cat);
  gr::FactSet facts;
  std::vector<std::string> problems;
  greengate::calc::activity_facts(firm, a, greengate::test::dataset(), taxonomy(), 2026, facts, problems);
  facts.set_bool("ccs.used", false, "test");
  REQUIRE(facts.get("process.see_direct"));
  CHECK(facts.get("process.see_direct")->number == doctest::Approx(0.634).epsilon(0.001));
  CHECK(facts.get("process.ghg_intensity")->number == doctest::Approx(0.00235).epsilon(0.01));
  CHECK(eval(taxonomy(), "tax.3_7.sc", facts) == "fail");
}

TEST_CASE("Taxonomy 3.7: a result carries rule id, legal reference, parameters with refs, facts, date, version") {
  gr::FactSet f = num("process.ghg_intensity", 0.721, "tCO2e/t");
  f.set_text("product.category", "grey_clinker", "firm.xml:12");
  f.set_bool("ccs.used", false, "firm.xml:13");
  gr::Evaluator ev(taxonomy(), kMid2026, f);
  auto r = ev.evaluate("tax.3_7.sc");
  CHECK(r.outcome == gr::Outcome::pass);
  CHECK(r.rule_id == "tax.3_7.sc");
  CHECK(r.ref == "DR (EU) 2021/2139 Annex I §3.7");
  CHECK(r.activity == "3.7");
  CHECK(r.date == kMid2026);
  CHECK(r.ruleset_version.find("eu-taxonomy-ccm-sc-manufacturing@2026.1") != std::string::npos);
  const auto* p = param_use(r, "tax.3_7.clinker.max");
  REQUIRE(p);
  CHECK(p->value == "0.722");
  CHECK(p->unit == "tCO2e/t");
  CHECK(p->ref == "DR (EU) 2021/2139 Annex I §3.7(a)");
  CHECK(p->status == greengate::Status::verified);
  bool fact_seen = false;
  for (const auto& u : r.facts)
    if (u.id == "process.ghg_intensity") {
      fact_seen = true;
      CHECK(u.value == "0.721 tCO2e/t");
      CHECK(u.source == "test");
    }
  CHECK(fact_seen);
  REQUIRE(r.required.size() == 1);  // the CCS rule it references
  CHECK(r.required[0].rule_id == "tax.ccs.compliant");
}

namespace {
// 3.8 primary aluminium: (i) 1.40 <= 1.484 tCO2e/t passes, (ii) 90 <= 100 gCO2e/kWh passes,
// (iii) 16.0 > 15.5 MWh/t fails: 2 of 3.
gr::FactSet aluminium(const char* route, std::optional<double> electricity = 16.0) {
  gr::FactSet f = num("process.ghg_intensity", 1.40, "tCO2e/t");
  f.set_number("electricity.indirect_ci", 90, "gCO2e/kWh", "test");
  if (electricity) f.set_number("process.electricity_intensity", *electricity, "MWh/t", "test");
  if (route) f.set_text("al.route", route, "test");
  return f;
}
}  // namespace

TEST_CASE("Taxonomy 3.8 aluminium: 2 of 3 criteria until 2025-12-31, all 3 from 2026-01-01") {
  const auto& t = taxonomy();
  CHECK(decide(t, "tax.3_8.sc", aluminium("primary"), Date{2025, 12, 31}) == "pass");
  CHECK(decide(t, "tax.3_8.sc", aluminium("primary"), Date{2026, 1, 1}) == "fail");
  // (iii) at the boundary: 15.5 MWh/t "does not exceed" 15.5 -> all 3 met in 2026
  CHECK(decide(t, "tax.3_8.sc", aluminium("primary", 15.5), Date{2026, 1, 1}) == "pass");
  // (iii) missing: 2 met in 2025 is enough; in 2026 the third could still pass -> unknown
  CHECK(decide(t, "tax.3_8.sc", aluminium("primary", std::nullopt), Date{2025, 6, 30}) == "pass");
  CHECK(decide(t, "tax.3_8.sc", aluminium("primary", std::nullopt), Date{2026, 6, 30}) == "unknown");
  // The k used is in the result, with its reference and status.
  for (auto [date, k] : {std::pair{Date{2025, 6, 30}, "2"}, std::pair{Date{2026, 6, 30}, "3"}}) {
    gr::FactSet f = aluminium("primary");
    gr::Evaluator ev(t, date, f);
    auto r = ev.decide("tax.3_8.sc");
    CHECK(r.rule_id == "tax.3_8.sc.primary");
    const auto* p = param_use(r, "tax.3_8.primary.required");
    REQUIRE(p);
    CHECK(p->value == k);
    CHECK(p->ref == "DR (EU) 2021/2139 Annex I §3.8(a)");
    CHECK(p->status == greengate::Status::unverified);
  }
  // Before the act applies there is no value: unknown, not a guess.
  CHECK(decide(t, "tax.3_8.sc", aluminium("primary"), Date{2021, 6, 30}) == "unknown");
}

TEST_CASE("Taxonomy 3.8: the secondary-aluminium exception takes precedence over the primary criteria") {
  const auto& t = taxonomy();
  // Same failing figures as above (2 of 3 in 2026), but secondary aluminium.
  gr::FactSet f = aluminium("secondary");
  gr::Evaluator ev(t, kMid2026, f);
  auto r = ev.decide("tax.3_8.sc");
  CHECK(r.outcome == gr::Outcome::pass);
  CHECK(r.rule_id == "tax.3_8.sc.secondary");
  CHECK(r.ref == "DR (EU) 2021/2139 Annex I §3.8(b)");
  CHECK(eval(t, "tax.3_8.sc.primary", f) == "fail");  // the general rule alone would fail
  auto order = t.deciders("tax.3_8.sc");
  REQUIRE(order.size() == 2);
  CHECK(order[0]->id == "tax.3_8.sc.secondary");  // exception first
  CHECK(decide(t, "tax.3_8.sc", aluminium(nullptr)) == "unknown");  // route not given
}

namespace {
gr::FactSet steel(const char* route, std::optional<double> ghg, std::optional<double> scrap) {
  gr::FactSet f;
  f.set_text("steel.route", route, "test");
  if (ghg) f.set_number("process.ghg_intensity", *ghg, "tCO2e/t", "test");
  if (scrap) f.set_number("steel.scrap_share", *scrap, "%", "test");
  f.set_bool("ccs.used", false, "test");
  return f;
}
}  // namespace

TEST_CASE("Taxonomy 3.9 iron and steel: thresholds \"do not exceed\", scrap share \"not lower than\"") {
  const auto& t = taxonomy();
  CHECK(eval(t, "tax.3_9.sc", steel("EAF_carbon", 0.209, std::nullopt)) == "pass");  // 0.209 <= 0.209
  CHECK(eval(t, "tax.3_9.sc.ghg", steel("EAF_carbon", 0.2091, std::nullopt)) == "fail");
  // 0.2091 > 0.209 and no scrap share: could still pass on (b)
  CHECK(eval(t, "tax.3_9.sc", steel("EAF_carbon", 0.2091, std::nullopt)) == "unknown");
  CHECK(eval(t, "tax.3_9.sc.scrap", steel("EAF_carbon", std::nullopt, 90)) == "pass");    // 90 >= 90
  CHECK(eval(t, "tax.3_9.sc.scrap", steel("EAF_carbon", std::nullopt, 89.9)) == "fail");  // 89.9 < 90
  CHECK(eval(t, "tax.3_9.sc", steel("EAF_carbon", 0.25, 90)) == "pass");    // (a) fails, (b) passes
  CHECK(eval(t, "tax.3_9.sc", steel("EAF_carbon", 0.25, 89.9)) == "fail");  // both fail
  CHECK(eval(t, "tax.3_9.sc", steel("EAF_high_alloy", 0.266, std::nullopt)) == "pass");  // <= 0.266
  CHECK(eval(t, "tax.3_9.sc", steel("EAF_high_alloy", 0.3, 70)) == "pass");     // 70 >= 70
  CHECK(eval(t, "tax.3_9.sc", steel("EAF_high_alloy", 0.3, 69.9)) == "fail");
  CHECK(eval(t, "tax.3_9.sc", steel("BF_BOF", 1.331, std::nullopt)) == "pass");  // hot metal <= 1.331
  CHECK(eval(t, "tax.3_9.sc", steel("BF_BOF", 1.332, std::nullopt)) == "fail");  // no scrap route for BF
  CHECK(eval(t, "tax.3_9.sc.scrap", steel("BF_BOF", 1.332, 95)) == "not_applicable");
  CHECK(eval(t, "tax.3_9.sc", steel("sintered_ore", 0.163, std::nullopt)) == "pass");
  CHECK(eval(t, "tax.3_9.sc", steel("coke", 0.145, std::nullopt)) == "fail");          // > 0.144
  CHECK(eval(t, "tax.3_9.sc", steel("iron_casting", 0.299, std::nullopt)) == "pass");
}

namespace {
gr::FactSet hydrogen(std::optional<double> savings, std::optional<double> lifecycle) {
  gr::FactSet f;
  if (savings) f.set_number("h2.ghg_savings", *savings, "%", "test");
  if (lifecycle) f.set_number("h2.lifecycle_ghg", *lifecycle, "tCO2e/t", "test");
  f.set_text("product.category", "hydrogen", "test");
  f.set_bool("ccs.used", false, "test");
  evidence(f, {"h2-lifecycle-verification"});
  return f;
}
}  // namespace

TEST_CASE("Taxonomy 3.10 hydrogen: savings at least 73.4 %, or life-cycle not above 3 tCO2e/tH2") {
  const auto& t = taxonomy();
  // 94 gCO2e/MJ x 120 MJ/kg = 11.28 kgCO2e/kgH2 fossil; x (1 - 0.734) = 3.0 kgCO2e/kgH2
  CHECK(eval(t, "tax.3_10.sc", hydrogen(73.4, 3.0)) == "pass");
  CHECK(eval(t, "tax.3_10.sc", hydrogen(73.3, 3.01)) == "fail");
  CHECK(eval(t, "tax.3_10.sc", hydrogen(std::nullopt, 3.0)) == "pass");   // 3.0 <= 3
  CHECK(eval(t, "tax.3_10.sc", hydrogen(std::nullopt, 3.01)) == "unknown");  // savings not given
  gr::FactSet synfuel = hydrogen(71, 5);
  synfuel.set_text("product.category", "synthetic_fuel", "test");
  CHECK(eval(t, "tax.3_10.sc", synfuel) == "pass");  // synthetic fuel: 71 >= 70
  gr::FactSet unverified = hydrogen(80, std::nullopt);
  unverified.set_bool("evidence.h2-lifecycle-verification", false, "test");
  CHECK(eval(t, "tax.3_10.sc", unverified) == "unknown");  // verification evidence missing
}

TEST_CASE("Taxonomy 3.15 ammonia: (a) calls the 3.10 rule through requires and rule-ref, (b) waste water") {
  const auto& t = taxonomy();
  gr::FactSet f = hydrogen(80, std::nullopt);  // the hydrogen used meets 3.10 (80 >= 73.4)
  f.set_bool("nh3.from_compliant_h2", true, "test");
  f.set_bool("nh3.from_waste_water", false, "test");
  {
    gr::Evaluator ev(t, kMid2026, f);
    auto r = ev.evaluate("tax.3_15.sc");
    CHECK(r.outcome == gr::Outcome::pass);
    REQUIRE(!r.required.empty());
    CHECK(r.required[0].rule_id == "tax.3_15.sc.hydrogen");
    REQUIRE(!r.required[0].required.empty());
    CHECK(r.required[0].required[0].rule_id == "tax.3_10.sc");  // via requires=
  }
  gr::FactSet bad = hydrogen(60, 4.5);  // 60 < 73.4 and 4.5 > 3: the hydrogen fails 3.10
  bad.set_bool("nh3.from_compliant_h2", true, "test");
  bad.set_bool("nh3.from_waste_water", false, "test");
  CHECK(eval(t, "tax.3_15.sc", bad) == "fail");
  bad.set_bool("nh3.from_waste_water", true, "test");
  CHECK(eval(t, "tax.3_15.sc", bad) == "pass");  // (b) suffices
  gr::FactSet none;
  CHECK(eval(t, "tax.3_15.sc", none) == "unknown");
}

TEST_CASE("Taxonomy 3.16 nitric acid: strictly lower than 0.038 tCO2e/t") {
  const auto& t = taxonomy();
  CHECK(eval(t, "tax.3_16.sc", num("process.ghg_intensity", 0.038, "tCO2e/t")) == "fail");
  CHECK(eval(t, "tax.3_16.sc", num("process.ghg_intensity", 0.0379, "tCO2e/t")) == "pass");
  CHECK(eval(t, "tax.3_16.sc", num("process.ghg_intensity", 38, "kgCO2e/t")) == "fail");  // = 0.038 t
  CHECK(eval(t, "tax.3_16.sc", gr::FactSet{}) == "unknown");
}

TEST_CASE("Taxonomy 3.1, 3.2, 3.4: category in the text list, with technical documentation") {
  const auto& t = taxonomy();
  auto product = [&](const char* rule, const char* category, bool documented) {
    gr::FactSet f;
    f.set_text("product.category", category, "test");
    if (documented) evidence(f, {"product-technical-documentation"});
    return eval(t, rule, f);
  };
  CHECK(product("tax.3_1.sc", "wind", true) == "pass");
  CHECK(product("tax.3_1.sc", "gas_turbine", true) == "fail");
  CHECK(product("tax.3_1.sc", "wind", false) == "unknown");  // evidence missing
  CHECK(product("tax.3_2.sc", "electrolyser", true) == "pass");
  CHECK(product("tax.3_2.sc", "wind", true) == "fail");
  CHECK(product("tax.3_4.sc", "battery_recycling", true) == "pass");
  CHECK(product("tax.3_4.sc", "primary_cell", true) == "fail");
}

TEST_CASE("Taxonomy 4.1, 4.3, 4.10: technology facts, pumped hydro on a natural water body") {
  const auto& t = taxonomy();
  auto tech = [](const char* technology) {
    gr::FactSet f;
    f.set_text("energy.technology", technology, "test");
    evidence(f, {"technology-documentation"});
    return f;
  };
  CHECK(eval(t, "tax.4_1.sc", tech("solar_pv")) == "pass");
  CHECK(eval(t, "tax.4_1.sc", tech("wind_onshore")) == "fail");
  CHECK(eval(t, "tax.4_3.sc", tech("wind_offshore")) == "pass");
  CHECK(eval(t, "tax.4_10.sc", tech("battery_storage")) == "pass");
  gr::FactSet ph = tech("pumped_hydro");
  CHECK(eval(t, "tax.4_10.sc", ph) == "unknown");  // natural water body? not said
  ph.set_bool("storage.natural_water_body", false, "test");
  CHECK(eval(t, "tax.4_10.sc", ph) == "pass");
  ph.set_bool("storage.natural_water_body", true, "test");
  CHECK(eval(t, "tax.4_10.sc", ph) == "unknown");  // hydropower criteria evidence missing
  evidence(ph, {"hydropower-criteria-4.5"});
  CHECK(eval(t, "tax.4_10.sc", ph) == "pass");
}

TEST_CASE("Taxonomy: the generic life-cycle test is lower than 100 gCO2e/kWh") {
  const auto& t = taxonomy();
  gr::FactSet f = num("lifecycle.ghg_intensity", 100, "gCO2e/kWh");
  evidence(f, {"lifecycle-third-party-verification"});
  CHECK(eval(t, "tax.lifecycle_100", f) == "fail");  // 100 is not lower than 100
  f.set_number("lifecycle.ghg_intensity", 0.09, "tCO2e/MWh", "test");  // = 90 g/kWh
  CHECK(eval(t, "tax.lifecycle_100", f) == "pass");
}

namespace {
const std::initializer_list<const char*> kSafeguards = {
    "human-rights-due-diligence", "no-human-rights-court-liability", "anti-corruption-programme",
    "no-corruption-conviction", "tax-governance", "no-tax-conviction",
    "competition-compliance-programme", "no-competition-conviction", "no-ncp-non-cooperation-finding"};
const std::initializer_list<const char*> kSteelDnsh = {
    "climate-risk-assessment", "adaptation-solutions-plan", "adaptation-no-adverse-effect",
    "water-risk-assessment", "water-management-plan", "bat-ael-compliance", "eia-or-screening",
    "eia-mitigation-implemented", "protected-areas-assessment"};
}  // namespace

TEST_CASE("Taxonomy: DNSH and minimum safeguards are evidence checklists (missing is unknown, never fail)") {
  const auto& t = taxonomy();
  gr::FactSet f;
  CHECK(eval(t, "tax.ms", f) == "unknown");
  CHECK(eval(t, "tax.3_9.dnsh", f) == "unknown");
  evidence(f, kSafeguards);
  evidence(f, kSteelDnsh);
  CHECK(eval(t, "tax.ms", f) == "pass");
  CHECK(eval(t, "tax.3_9.dnsh", f) == "pass");
  gr::FactSet partial;
  evidence(partial, {"human-rights-due-diligence", "anti-corruption-programme"});
  gr::Evaluator ev(t, kMid2026, partial);
  auto r = ev.evaluate("tax.ms.human_rights");
  CHECK(r.outcome == gr::Outcome::unknown);
  CHECK(r.missing_evidence == std::vector<std::string>{"no-human-rights-court-liability"});
  // 4.3: the marine item applies offshore only.
  gr::FactSet wind;
  evidence(wind, {"climate-risk-assessment", "adaptation-solutions-plan", "adaptation-no-adverse-effect",
                  "durability-recyclability-design", "waste-management-plan", "wind-decommissioning-plan",
                  "eia-or-screening", "eia-mitigation-implemented", "protected-areas-assessment",
                  "bird-bat-impact-assessment"});
  wind.set_text("energy.technology", "wind_onshore", "test");
  CHECK(eval(t, "tax.4_3.dnsh", wind) == "pass");
  wind.set_text("energy.technology", "wind_offshore", "test");
  CHECK(eval(t, "tax.4_3.dnsh", wind) == "unknown");
}

TEST_CASE("Taxonomy 3.9: aligned needs SC, DNSH and minimum safeguards, other activities do not apply") {
  const auto& t = taxonomy();
  gr::FactSet f = steel("EAF_carbon", 0.20, std::nullopt);  // 0.20 <= 0.209
  f.set_text("activity.code", "3.9", "test");
  evidence(f, kSafeguards);
  evidence(f, kSteelDnsh);
  CHECK(eval(t, "tax.3_9.aligned", f) == "pass");
  CHECK(eval(t, "tax.3_7.aligned", f) == "not_applicable");
  gr::FactSet high = steel("EAF_carbon", 0.25, 85);  // 0.25 > 0.209 and 85 < 90
  high.set_text("activity.code", "3.9", "test");
  evidence(high, kSafeguards);
  evidence(high, kSteelDnsh);
  CHECK(eval(t, "tax.3_9.aligned", high) == "fail");
  gr::FactSet no_ms = steel("EAF_carbon", 0.20, std::nullopt);
  no_ms.set_text("activity.code", "3.9", "test");
  evidence(no_ms, kSteelDnsh);
  CHECK(eval(t, "tax.3_9.aligned", no_ms) == "unknown");  // safeguards not evidenced
}

// =================================================================================================
// Reasons in plain words (issue 14): what failed, in each language, with the reader's numbers
// =================================================================================================

namespace {
greengate::rules::RuleResult result(const std::string& rule, const gr::FactSet& f, bool explain = true) {
  gr::Evaluator ev(comparators(), kMid2026, f);
  ev.set_explain(explain);
  return ev.evaluate(rule);
}
const greengate::text::Catalogue& tr() { return greengate::text::Catalogue::builtin(greengate::text::Lang::tr); }
}  // namespace

TEST_CASE("Rule reasons: a failed comparison says what was found against what the rule asks, in English and Turkish") {
  // ge fails: 0.4375 < 0.5 (p.half): "less than", with the parameter and its reference.
  auto r = result("ge", num("x", 0.4375, "tCO2e/t"));
  CHECK(r.reason == "x = 0.4375 tCO2e/t is less than 0.5 tCO2e/t (p.half, test)");
  CHECK(r.why.en() == r.reason);
  CHECK(r.why.str(tr()) == "x = 0,4375 tCO2e/t; 0,5 tCO2e/t (p.half, test) değerinden küçük");
  // lt at the boundary: not less than.
  CHECK(result("lt", num("x", 0.5, "tCO2e/t")).reason == "x = 0.5 tCO2e/t is not less than 0.5 tCO2e/t (p.half, test)");
  CHECK(result("le", num("x", 0.75, "tCO2e/t")).why.str(tr()) == "x = 0,75 tCO2e/t; 0,5 tCO2e/t (p.half, test) değerinden büyük");
  // between: outside the range of two literals (in the rule's unit).
  auto b = result("between", num("x", 0.3, "tCO2e/t"));
  CHECK(b.reason == "x = 0.3 tCO2e/t is outside [400 kgCO2e/t, 500 kgCO2e/t]");
  CHECK(b.why.str(tr()) == "x = 0,3 tCO2e/t; [400 kgCO2e/t, 500 kgCO2e/t] aralığının dışında");
  // in: not one of the list.
  gr::FactSet s;
  s.set_text("s", "c", "test");
  CHECK(result("in.param", s).reason == "s = c is not one of {a, b}");
  CHECK(result("in.param", s).why.str(tr()) == "s = c; şunlardan biri değil: {a, b}");
  // The lean path (batch screening) words a failure exactly as the explained one.
  CHECK(result("ge", num("x", 0.4375, "tCO2e/t"), false).reason == r.reason);
  // A missing fact.
  auto m = result("ge", gr::FactSet{});
  CHECK(m.reason == "cannot confirm: fact 'x' is missing");
  CHECK(m.why.str(tr()) == "doğrulanamıyor: 'x' bilgisi eksik");
}

TEST_CASE("Rule reasons: inside <not>, the comparison that holds is the reason, not an earlier one that failed") {
  // Not in either excluded list: the first <not> passes (c is not in {a, b}), the second fails
  // (c is in {c, d}). Before, the reason was the first comparison's "is not in {a, b}" — true,
  // and the opposite of why the rule failed.
  auto set = load_ok(ruleset(R"(
  <fact id="s" type="text"/>
  <rule id="excl" ref="test"><all>
    <not><cond fact="s" op="in" values="a, b"/></not>
    <not><cond fact="s" op="in" values="c, d"/></not>
  </all></rule>
)"));
  gr::FactSet f;
  f.set_text("s", "c", "test");
  for (bool explain : {true, false}) {
    gr::Evaluator ev(set, kMid2026, f);
    ev.set_explain(explain);
    auto r = ev.evaluate("excl");
    CHECK(r.outcome == gr::Outcome::fail);
    CHECK(r.reason == "s = c is one of {c, d}");
    CHECK(r.why.str(tr()) == "s = c; şunlardan biri: {c, d}");
  }
}
