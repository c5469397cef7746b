// Rule labels in two languages (issue 14, docs/rules-format.md "Labels in two languages"): a rule
// file's `label-tr` beside `label`; Turkish faces show label-tr, English ones label; an element
// without label-tr falls back to the English label — which this file makes visible by listing
// every rule, fact, parameter, table, row, section and call of rules/calls/ and rules/taxonomy/ that has none.

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "greengate/calc/screening.hpp"
#include "greengate/rules/evaluator.hpp"
#include "greengate/rules/rule_set.hpp"
#include "greengate/text/catalogue.hpp"
#include "greengate/text/message.hpp"
#include "test_data.hpp"

namespace {

namespace gr = greengate::rules;
namespace gt = greengate::text;

/// "file:line kind id" of every labelled element of `set` without a Turkish label.
std::vector<std::string> without_turkish(const gr::RuleSet& set) {
  std::vector<std::string> out;
  auto note = [&](const greengate::SourcePos& p, const std::string& what, const std::string& id) {
    out.push_back(p.file + ":" + std::to_string(p.line) + " " + what + " " + id);
  };
  for (const auto& r : set.rules())
    if (r.label_tr.empty()) note(r.pos, "rule", r.id);
  for (const auto& f : set.facts())
    if (!f.label.empty() && f.label_tr.empty()) note(f.pos, "fact", f.id);
  for (const auto& p : set.parameters())
    if (!p.label.empty() && p.label_tr.empty()) note(p.pos, "parameter", p.id);
  for (const auto& t : set.tables()) {
    if (!t.label.empty() && t.label_tr.empty()) note(t.pos, "table", t.id);
    for (const auto& row : t.rows)
      if (!row.label.empty() && row.label_tr.empty()) note(row.pos, "row", t.id + "/" + row.id);
  }
  for (const auto& c : set.calls()) {
    if (!c.label.empty() && c.label_tr.empty()) note(c.pos, "call", c.id);
    for (const auto& s : c.sections)
      if (!s.label.empty() && s.label_tr.empty()) note(s.pos, "section", s.id);
  }
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

}  // namespace

TEST_CASE("Rule labels: every rule, fact, parameter, table, row, section and call of rules/calls/ has a Turkish label") {
  const auto& set = greengate::test::rules_in("rules/calls");
  REQUIRE(set.rules().size() >= 11);  // izmir26.docs … izmir26.cbam
  const auto missing = without_turkish(set);
  INFO("labelled without label-tr (Turkish outputs would show English):\n" << joined(missing));
  CHECK(missing.empty());
}

TEST_CASE("Rule labels: every rule, fact and parameter of rules/taxonomy/ has a Turkish label") {
  const auto& set = greengate::test::rules_in("rules/taxonomy");
  REQUIRE(set.rules().size() >= 40);
  const auto missing = without_turkish(set);
  INFO("labelled without label-tr (Turkish outputs would show English):\n" << joined(missing));
  CHECK(missing.empty());
}

TEST_CASE("Rule labels: the loader keeps both labels, and an element without label-tr has it empty") {
  const std::string path = (std::filesystem::temp_directory_path() / "greengate_rule_labels_test.xml").string();
  {
    std::ofstream f(path);
    f << R"(<ruleset schema="1" id="t" version="1" title="t" source="t">
  <fact id="a.n" type="number" unit="count" label="Staff" label-tr="Çalışan"/>
  <rule id="r.both" ref="§1" label="Main activity in an eligible NACE section" label-tr="Ana faaliyet uygun bir NACE bölümünde">
    <cond fact="a.n" op="ge" value="1" unit="count"/>
  </rule>
  <rule id="r.en" ref="§2" label="Only English">
    <cond fact="a.n" op="ge" value="1" unit="count"/>
  </rule>
  <table id="t.s" hit="collect-sum" unit="points" ref="§3" label="Capacity" label-tr="Kapasite">
    <row id="one" label="One or more" label-tr="Bir veya daha fazla" out="1"><cond fact="a.n" op="ge" value="1" unit="count"/></row>
  </table>
</ruleset>
)";
  }
  auto loaded = gr::load_rules(path, "rule_labels_test.xml");
  std::remove(path.c_str());
  const auto& set = loaded.get();
  CHECK(set.fact("a.n")->label_tr == "Çalışan");
  CHECK(set.rule("r.both")->label == "Main activity in an eligible NACE section");
  CHECK(set.rule("r.both")->label_tr == "Ana faaliyet uygun bir NACE bölümünde");
  CHECK(set.rule("r.en")->label_tr.empty());
  CHECK(set.table("t.s")->label_tr == "Kapasite");
  CHECK(set.table("t.s")->rows.at(0).label_tr == "Bir veya daha fazla");

  gr::FactSet facts;
  facts.set_number("a.n", 0, "count");
  gr::Evaluator ev(set, greengate::Date{2026, 3, 31}, facts);
  const auto both = ev.evaluate("r.both");
  const auto en = ev.evaluate("r.en");
  CHECK(both.outcome == gr::Outcome::fail);  // 0 < 1
  CHECK(both.label_tr == "Ana faaliyet uygun bir NACE bölümünde");
  CHECK(en.label_tr.empty());
  CHECK(ev.table("t.s").label_tr == "Kapasite");
}

TEST_CASE("Rule labels: a label argument reads in the reader's language, English when no label-tr") {
  const auto& en = gt::Catalogue::builtin(gt::Lang::en);
  const auto& tr = gt::Catalogue::builtin(gt::Lang::tr);
  // msg.screen.fails: "fails {0}: {1}" / "karşılanmıyor: {0}: {1}"
  auto m = gt::Message::of("msg.screen.fails", {gt::label_arg("Not in an excluded sector [x; §2]",
                                                              "Hariç tutulan bir sektörde değil [x; §2]"),
                                                 gt::txt("why")});
  CHECK(m.en() == "fails Not in an excluded sector [x; §2]: why");
  CHECK(m.str(en) == "fails Not in an excluded sector [x; §2]: why");
  CHECK(m.str(tr) == "karşılanmıyor: Hariç tutulan bir sektörde değil [x; §2]: why");
  auto only_en = gt::Message::of("msg.screen.fails", {gt::label_arg("Only English", ""), gt::txt("why")});
  CHECK(only_en.str(tr) == "karşılanmıyor: Only English: why");
  CHECK(gt::pick(tr, "Energy storage", "Enerji depolama") == "Enerji depolama");
  CHECK(gt::pick(en, "Energy storage", "Enerji depolama") == "Energy storage");
  CHECK(gt::pick(tr, "Energy storage", "") == "Energy storage");
}

TEST_CASE("Rule labels: a section's row lines read the same in English and in Turkish with the row's label-tr") {
  namespace gc = greengate::calc;
  const std::string dir = greengate::test::source_dir();
  static const auto set = gc::load_call(dir + "/rules/calls/izmir-green-transition-2026.xml",
                                        "rules/calls/izmir-green-transition-2026.xml", dir + "/rules/taxonomy")
                              .get();
  auto apps = gc::load_applicants(dir + "/examples/applicants-izmir-2026.csv", "applicants-izmir-2026.csv", set).get();
  gc::ScreenOptions opt;
  opt.data = []() -> const gc::Dataset& { return greengate::test::dataset(); };
  const auto rep = gc::screen(set, apps, opt);
  const auto& tr = gt::Catalogue::builtin(gt::Lang::tr);
  std::size_t lines = 0;
  bool staff10 = false;
  for (const auto& r : rep.results)
    for (const auto& s : r.sections) {
      REQUIRE(s.row_words.size() == s.rows.size());
      for (std::size_t i = 0; i < s.rows.size(); ++i, ++lines) {
        CHECK(s.row_words[i].en() == s.rows[i]);  // the English stays as it was
        // row staff10 "10 or more staff" (+2) → "10 veya daha fazla çalışan" (+2)
        if (s.rows[i] == "staff10 10 or more staff (+2): awarded") {
          CHECK(s.row_words[i].str(tr) == "staff10 10 veya daha fazla çalışan (+2): puan verildi");
          staff10 = true;
        }
      }
    }
  CHECK(lines >= 50 * 21);  // 50 applicants, 5 + 5 + 7 + 4 rows each
  CHECK(staff10);
}
