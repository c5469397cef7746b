// Grant screening (calc/screening.hpp, docs/screening.md) on the hand-worked test call
// tests/data/calls/test-call.xml: scorecard arithmetic, caps, floors (veto), the pass mark, the
// tie-break, unknown vs fail (missing evidence -> "evidence missing", never ineligible), the
// budget cut-off, a firm file whose CBAM figure drives a criterion, applicant-file errors with
// file:line and column, and a call file with several errors listed with file:line.
//
// The test call: capacity (weight 40, scale 10, floor 4; rows staff>=10 +4, staff>=50 +4,
// iso-50001 +4, missing evidence scores no points) and green (weight 60, scale 10; rows CO2
// savings >=20 % +5, >=40 % +3, hydrogen +4); pass mark 60; budget 300 kEUR = 300 000 EUR,
// budget-rule stop; tie-break: total desc, green desc, requested grant asc, id asc.
#include <doctest/doctest.h>

#include <algorithm>

#include "greengate/calc/screening.hpp"
#include "greengate/report/screening_output.hpp"
#include "test_data.hpp"

namespace gc = greengate::calc;
namespace gr = greengate::rules;
using greengate::test::source_dir;

namespace {

const gr::RuleSet& test_call() {
  static const gr::RuleSet set =
      gc::load_call(source_dir() + "/tests/data/calls/test-call.xml", "tests/data/calls/test-call.xml",
                    source_dir() + "/rules/taxonomy")
          .get();
  return set;
}

const std::string kHeader =
    "id,name,nace,employees,turnover_eur,balance_sheet_eur,location,project_title,project_type,sector,"
    "activity,baseline_tco2e,projected_tco2e,baseline_mwh,projected_mwh,requested_grant,evidence,firm_file\n";

// One CSV row with the fields the test call reads; the rest are plausible constants.
std::string row(const std::string& id, const std::string& employees, const std::string& location,
                const std::string& type, const std::string& baseline, const std::string& projected,
                const std::string& grant, const std::string& evidence, const std::string& firm = "") {
  return id + ",Firm " + id + ",25.11," + employees + ",1000000,800000," + location + ",Project," + type +
         ",metal,," + baseline + "," + projected + ",100,90," + grant + "," + evidence + "," + firm + "\n";
}

gc::ScreeningReport screen_csv(const std::string& rows) {
  auto apps = gc::parse_applicants_csv(kHeader + rows, "apps.csv", test_call(), source_dir() + "/examples").get();
  gc::ScreenOptions opt;
  opt.data = []() -> const gc::Dataset& { return greengate::test::dataset(); };
  return gc::screen(test_call(), apps, opt);
}

const gc::ApplicantResult& find(const gc::ScreeningReport& rep, const std::string& id) {
  for (const auto& r : rep.results)
    if (r.applicant.id == id) return r;
  throw std::runtime_error("no applicant " + id);
}

const gc::SectionResult& section(const gc::ApplicantResult& r, const std::string& id) {
  for (const auto& s : r.sections)
    if (s.id == id) return s;
  throw std::runtime_error("no section " + id);
}

gr::Outcome criterion(const gc::ApplicantResult& r, const std::string& rule) {
  for (const auto& c : r.criteria)
    if (c.result.rule_id == rule) return c.result.outcome;
  throw std::runtime_error("no criterion " + rule);
}

const std::string kDocs = "application-form";

}  // namespace

TEST_CASE("Screening: scorecard arithmetic, caps at the section scale and weighting") {
  // A: 60 staff (+4 +4) and ISO 50001 (+4) = 12, capped at 10 -> 10/10 x 40 = 40.
  //    CO2 100 -> 50 t = 50 % (+5 +3) and hydrogen (+4) = 12, capped at 10 -> 10/10 x 60 = 60.
  //    Total 100, green 60.
  // B: 20 staff (+4) = 4 -> 4/10 x 40 = 16 (exactly at the floor 4: passes);
  //    CO2 100 -> 75 = 25 % (+5) -> 5/10 x 60 = 30. Total 46 < pass mark 60 -> ineligible.
  auto rep = screen_csv(row("A", "60", "Bornova", "hydrogen", "100", "50", "150000", kDocs + ";iso-50001") +
                        row("B", "20", "Buca", "efficiency", "100", "75", "50000", kDocs));
  const auto& a = find(rep, "A");
  CHECK(section(a, "capacity").sum == doctest::Approx(12));
  CHECK(section(a, "capacity").raw == doctest::Approx(10));
  CHECK(section(a, "capacity").weighted == doctest::Approx(40));
  CHECK(section(a, "green").weighted == doctest::Approx(60));
  CHECK(a.total == doctest::Approx(100));
  CHECK(a.green == doctest::Approx(60));
  CHECK(a.verdict == gc::Verdict::eligible);
  const auto& b = find(rep, "B");
  CHECK(section(b, "capacity").weighted == doctest::Approx(16));
  CHECK(section(b, "capacity").floor_outcome == gr::Outcome::pass);
  CHECK(section(b, "green").weighted == doctest::Approx(30));
  CHECK(b.total == doctest::Approx(46));
  CHECK(b.pass_mark_outcome == gr::Outcome::fail);
  CHECK(b.verdict == gc::Verdict::ineligible);
  CHECK(b.reasons.front() == "total 46 is below the pass mark 60");
}

TEST_CASE("Screening: a section below its floor vetoes an application whose total passes") {
  // C: 5 staff, no ISO -> capacity 0 < floor 4 (missing ISO evidence scores no points in this
  // section, missing="no-points"). Green: 45 % (+5 +3) + hydrogen (+4) -> 10/10 x 60 = 60 = the
  // pass mark. Total 60 passes, but the floor vetoes.
  auto rep = screen_csv(row("C", "5", "Bornova", "hydrogen", "100", "55", "100000", kDocs));
  const auto& c = find(rep, "C");
  CHECK(c.total == doctest::Approx(60));
  CHECK(c.pass_mark_outcome == gr::Outcome::pass);
  CHECK(section(c, "capacity").floor_outcome == gr::Outcome::fail);
  CHECK(c.verdict == gc::Verdict::ineligible);
  CHECK(c.reasons.front().en().find("section capacity (Capacity) scores 0 of 10, below its floor 4: veto") == 0);
}

TEST_CASE("Screening: the pass mark is inclusive") {
  // D: 10 staff (+4) -> 16; CO2 100 -> 80 = 20 % (+5) -> 30; no hydrogen. Total 46: fail.
  // E: 50 staff (+4 +4) -> 32; 20 % -> 30. Total 62 >= 60: eligible.
  // F: 10 staff (+4) -> 16; 40 % (+5 +3) -> 8/10 x 60 = 48. Total 64: eligible.
  auto rep = screen_csv(row("D", "10", "Buca", "efficiency", "100", "80", "50000", kDocs) +
                        row("E", "50", "Buca", "efficiency", "100", "80", "50000", kDocs) +
                        row("F", "10", "Buca", "efficiency", "100", "60", "50000", kDocs));
  CHECK(find(rep, "D").verdict == gc::Verdict::ineligible);
  CHECK(find(rep, "E").total == doctest::Approx(62));
  CHECK(find(rep, "E").verdict == gc::Verdict::eligible);
  CHECK(find(rep, "F").total == doctest::Approx(64));
  CHECK(find(rep, "F").verdict == gc::Verdict::eligible);
}

TEST_CASE("Screening: missing evidence is unknown (evidence missing), a failed criterion is ineligible") {
  // G lacks the application form: t.docs is unknown -> evidence missing, not ranked, never
  // ineligible. H is outside the region: t.location fails -> ineligible. I has no projected
  // emissions: the savings are unknown -> evidence missing.
  auto rep = screen_csv(row("G", "60", "Bornova", "hydrogen", "100", "50", "100000", "iso-50001") +
                        row("H", "60", "Manisa", "hydrogen", "100", "50", "100000", kDocs) +
                        row("I", "60", "Bornova", "hydrogen", "100", "", "100000", kDocs));
  const auto& g = find(rep, "G");
  CHECK(criterion(g, "t.docs") == gr::Outcome::unknown);
  CHECK(g.verdict == gc::Verdict::evidence_missing);
  CHECK(g.funding == gc::Funding::not_ranked);
  CHECK(g.reasons.front().en().find("cannot confirm Application form attached") == 0);
  const auto& h = find(rep, "H");
  CHECK(criterion(h, "t.location") == gr::Outcome::fail);
  CHECK(h.verdict == gc::Verdict::ineligible);
  const auto& i = find(rep, "I");
  CHECK(criterion(i, "t.savings") == gr::Outcome::unknown);
  CHECK(i.verdict == gc::Verdict::evidence_missing);
  CHECK(rep.evidence_missing == 2);
  CHECK(rep.ineligible == 1);
}

TEST_CASE("Screening: undecided score items make the verdict 'evidence missing' only if they could change it") {
  // J: a zero baseline gives no CO2 savings percentage, so the green rows on savings are
  // undecided (the green section keeps undecided points): savings20 (5) + savings40 (3) are
  // potential, hydrogen (4) is decided -> raw 4, best min(4 + 8, 10) = 10 -> potential
  // (10 - 4)/10 x 60 = 36 weighted points. t.savings is unknown too -> evidence missing.
  auto rep = screen_csv(row("J", "60", "Bornova", "hydrogen", "0", "0", "100000", kDocs + ";iso-50001"));
  const auto& j = find(rep, "J");
  CHECK(section(j, "green").raw == doctest::Approx(4));
  CHECK(section(j, "green").potential == doctest::Approx(8));
  CHECK(j.potential == doctest::Approx(36));
  CHECK(j.verdict == gc::Verdict::evidence_missing);
}

TEST_CASE("Screening: ties are broken by green score, then the smaller grant, then the id") {
  // K, L, M and P all score 64: 10 staff (+4) -> 16; CO2 40 % or 45 % (+5 +3) -> 8/10 x 60 = 48.
  // O scores 70: 50 staff + ISO (12, capped 10) -> 40; CO2 20 % (+5) -> 30.
  // Among the 64s the green scores are equal (48); L and P ask 70 000 (L before P by id), then
  // K and M ask 80 000 (by id).
  auto rep = screen_csv(row("M", "10", "Buca", "efficiency", "100", "60", "80000", kDocs) +
                        row("K", "10", "Buca", "efficiency", "100", "60", "80000", kDocs) +
                        row("L", "10", "Buca", "efficiency", "100", "60", "70000", kDocs) +
                        row("O", "50", "Buca", "efficiency", "100", "80", "90000", kDocs + ";iso-50001") +
                        row("P", "10", "Buca", "efficiency", "100", "55", "70000", kDocs));
  std::vector<std::string> order;
  for (const auto& r : rep.results) order.push_back(r.applicant.id);
  CHECK(order == std::vector<std::string>{"O", "L", "P", "K", "M"});
  CHECK(find(rep, "O").rank == 1);
  CHECK(find(rep, "M").rank == 5);
  CHECK(rep.tie_break == std::vector<std::string>{"total desc", "green desc", "requested_grant asc", "id asc"});
}

TEST_CASE("Screening: funding in rank order, budget-rule stop closes the budget at the first misfit") {
  // Budget 300 kEUR = 300 000 EUR. Ranked: A (100; 150 000) funded, cumulative 150 000;
  // O (70; 100 000) funded, 250 000; R (64; 40 000, before Q by the smaller grant) funded,
  // 290 000; Q (64; 80 000) does not fit (10 000 left): reserve, and the budget closes;
  // W (50 staff -> 32, CO2 20 % -> 30: 62; 5 000) would fit but stays on the reserve list.
  auto rep = screen_csv(row("A", "60", "Bornova", "hydrogen", "100", "50", "150000", kDocs + ";iso-50001") +
                        row("O", "50", "Buca", "efficiency", "100", "80", "100000", kDocs + ";iso-50001") +
                        row("Q", "10", "Buca", "efficiency", "100", "60", "80000", kDocs) +
                        row("R", "10", "Aliağa", "efficiency", "100", "60", "40000", kDocs) +
                        row("W", "50", "Buca", "efficiency", "100", "80", "5000", kDocs));
  CHECK(rep.budget == doctest::Approx(300000));
  CHECK(find(rep, "A").funding == gc::Funding::funded);
  CHECK(find(rep, "O").funding == gc::Funding::funded);
  CHECK(find(rep, "O").cumulative == doctest::Approx(250000));
  CHECK(find(rep, "R").rank == 3);
  CHECK(find(rep, "R").funding == gc::Funding::funded);
  CHECK(find(rep, "R").cumulative == doctest::Approx(290000));
  CHECK(find(rep, "Q").rank == 4);
  CHECK(find(rep, "Q").funding == gc::Funding::reserve);
  CHECK(find(rep, "Q").funding_reason.find("only 10000 EUR left") != std::string::npos);
  CHECK(find(rep, "W").rank == 5);
  CHECK(find(rep, "W").funding == gc::Funding::reserve);
  CHECK(rep.allocated == doctest::Approx(290000));
  CHECK(rep.funded == 3);
  CHECK(rep.reserve == 2);
}

TEST_CASE("Screening: a firm file's CBAM figure drives the CBAM criterion, computed once per file") {
  // examples/wind-tower-fabricator.xml: 2026 EU exports 22 000 + 16 000 t of towers (7308 20 00,
  // an Annex II good: direct emissions only). The firm's own direct emissions, natural gas and
  // propane, are about 2 360 tCO2e for 60 000 t, i.e. 0.0393 t/t -> own share of the exports
  // about 38 000 x 0.0393 = 1 495 tCO2e. S saves 30 % -> 449 tCO2e/yr >= 100: pass.
  // T saves 5 % -> 75 tCO2e/yr < 100: fail (ineligible). U has no firm file: not applicable.
  auto rep = screen_csv(
      row("S", "60", "Aliağa", "efficiency", "100", "70", "100000", kDocs, "wind-tower-fabricator.xml") +
      row("T", "60", "Aliağa", "efficiency", "100", "95", "100000", kDocs, "wind-tower-fabricator.xml") +
      row("U", "60", "Aliağa", "efficiency", "100", "70", "100000", kDocs));
  CHECK(rep.firm_files == 1);
  const auto& s = find(rep, "S");
  const auto* own = s.facts.get("cbam.own_embedded_exports");
  REQUIRE(own);
  CHECK(own->number == doctest::Approx(1495.0).epsilon(0.01));
  const auto* red = s.facts.get("cbam.exposure_reduction");
  REQUIRE(red);
  CHECK(red->number == doctest::Approx(own->number * 0.30));
  CHECK(criterion(s, "t.cbam") == gr::Outcome::pass);
  const auto& t = find(rep, "T");
  CHECK(criterion(t, "t.cbam") == gr::Outcome::fail);
  CHECK(t.verdict == gc::Verdict::ineligible);
  CHECK(std::any_of(t.reasons.begin(), t.reasons.end(), [](const greengate::text::Message& m) { const std::string r = m.en();
    return r.find("fails CBAM exporters remove at least 100 tCO2e/yr [t.cbam; test §10]") == 0;
  }));
  CHECK(criterion(find(rep, "U"), "t.cbam") == gr::Outcome::not_applicable);
}

TEST_CASE("Screening: bad applicant rows are errors with file:line and column, all in one run") {
  std::string text = kHeader + row("A", "sixty", "Bornova", "hydrogen", "100", "50", "1e5x", kDocs) +
                     "B,only,three\n" + row("A", "5", "Buca", "efficiency", "100", "50", "1000", kDocs, "nope.xml");
  auto r = gc::parse_applicants_csv(text, "apps.csv", test_call(), source_dir() + "/examples");
  REQUIRE_FALSE(r.ok());
  auto msg = r.diagnostics().format();
  CHECK(msg.find("apps.csv:2: error: column 'employees': must be a number") != std::string::npos);
  CHECK(msg.find("apps.csv:2: error: column 'requested_grant': must be a number") != std::string::npos);
  CHECK(msg.find("apps.csv:3: error: row has 3 cells, the header 18") != std::string::npos);
  CHECK(msg.find("apps.csv:4: error: column 'firm_file': firm file \"nope.xml\" not found") != std::string::npos);
  CHECK(msg.find("apps.csv:4: error: duplicate applicant id 'A' (also at apps.csv:2)") != std::string::npos);
  auto h = gc::parse_applicants_csv("id,name,colour\n", "h.csv", test_call());
  CHECK(h.diagnostics().format().find("h.csv:1: error: unknown column 'colour'") != std::string::npos);
  CHECK(h.diagnostics().format().find("h.csv:1: error: missing column 'nace'") != std::string::npos);
}

TEST_CASE("Screening: applicants in XML give the same result as in CSV") {
  std::string xml = R"(<applicants schema="1">
  <applicant id="A" name="Firm A" nace="25.11" employees="60" turnover-eur="1000000" balance-sheet-eur="800000"
             location="Bornova" project-title="Project" project-type="hydrogen" sector="metal"
             baseline-tco2e="100" projected-tco2e="50" baseline-mwh="100" projected-mwh="90" requested-grant="150000">
    <evidence item="application-form"/><evidence item="iso-50001"/>
  </applicant>
</applicants>)";
  auto apps = gc::parse_applicants_xml(xml, "apps.xml", test_call()).get();
  auto rep = gc::screen(test_call(), apps);
  CHECK(rep.results.at(0).total == doctest::Approx(100));
  CHECK(rep.results.at(0).verdict == gc::Verdict::eligible);
}

TEST_CASE("Screening: a call file with several errors lists each with file:line") {
  auto r = gr::load_rules(source_dir() + "/tests/data/bad/calls/several-errors.xml",
                          "tests/data/bad/calls/several-errors.xml");
  REQUIRE_FALSE(r.ok());
  auto msg = r.diagnostics().format();
  const char* expected[] = {
      "several-errors.xml:14: error: <call id=\"bad\">: 'budget-rule' must be stop or skip (got \"sometimes\")",
      "several-errors.xml:16: error: <call id=\"bad\"><criterion>: 'role' must be must-pass or info (got \"maybe\")",
      "several-errors.xml:19: error: <call id=\"bad\"><section>: 'weight' must be > 0",
      "several-errors.xml:14: error: <call id=\"bad\">: 'budget' parameter 'b.budget' is in 'points'; expected EUR, kEUR, MEUR",
      "several-errors.xml:17: error: <call id=\"bad\">: <section id=\"s1\">: table 'b.first' must have hit=\"collect-sum\" to be scored",
      "several-errors.xml:11: error: <call id=\"bad\">: <section id=\"s2\">: every row of a scored table needs an 'id'",
      "several-errors.xml:12: error: <call id=\"bad\">: <section id=\"s2\">: row 'big' gives 15 points, outside the section's range 0..10",
      "several-errors.xml:7: error: <call id=\"bad\">: <section id=\"s2\">: floor 12 is outside the section's range 0..10",
      "several-errors.xml:19: error: <call id=\"bad\">: <section id=\"s3\">: unknown table 'b.missing'",
      "several-errors.xml:6: error: <call id=\"bad\">: pass mark 120 is outside 0..100 (the sum of the section weights)",
      "several-errors.xml:15: error: <call id=\"bad\">: <criterion>: unknown rule 'b.nope'",
      "several-errors.xml:21: error: <call id=\"bad\">: <tie-break>: unknown key 'luck'",
      "several-errors.xml:22: error: <call id=\"bad\">: <tie-break>: key 'section:zz' names no section of the call",
  };
  for (const char* e : expected) CHECK_MESSAGE(msg.find(e) != std::string::npos, e);
}

TEST_CASE("Screening: HTML decision records escape every value") {
  std::string rows = row("X", "60", "Bornova", "hydrogen", "100", "50", "150000", kDocs);
  rows.replace(rows.find("Firm X"), 6, "<b>Firm & \"X\"</b>");
  auto rep = screen_csv(rows);
  auto page = greengate::report::applicant_html(rep, rep.results.at(0), greengate::report::Lang::tr);
  CHECK(page.find("<b>Firm") == std::string::npos);
  CHECK(page.find("&lt;b&gt;Firm &amp; &quot;X&quot;&lt;/b&gt;") != std::string::npos);
  CHECK(page.find("Karar kaydı") != std::string::npos);
  CHECK(greengate::report::applicant_page_name(rep.results.at(0).applicant) == "applicant-X.html");
}

TEST_CASE("Screening: NACE Rev. 2 sections from the division") {
  CHECK(gc::nace_section("25.11") == "C");
  CHECK(gc::nace_section("35.11") == "D");
  CHECK(gc::nace_section("01.13") == "A");
  CHECK(gc::nace_section("55.10") == "I");
  CHECK(gc::nace_section("x") == "");
}
