// Filling the Commission's blank Communication template (issue 12): the cells written for a firm
// worked by hand, the workbook otherwise intact (formulas, data validations, defined names,
// hidden sheets, styles), recalculation forced, the round trip through the importer, and what
// cannot be written. That the template's own formulas then show GreenGate's SEE is checked with
// LibreOffice by tests/template/recalc.sh.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "greengate/exchange/communication_template.hpp"
#include "greengate/exchange/workbook.hpp"
#include "greengate/exchange/zip_archive.hpp"
#include "test_data.hpp"

namespace gx = greengate::exchange;
namespace u = greengate::units;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream o;
  o << in.rdbuf();
  return o.str();
}

std::string blank() {
  static const std::string b =
      read_file(gx::blank_template_path(greengate::test::source_dir()));
  return b;
}

greengate::model::Firm firm_file(const std::string& path) {
  return greengate::model::load_firm(greengate::test::source_dir() + "/" + path, path).get();
}

gx::TemplateExport export_firm(const greengate::model::Firm& f, const std::string& installation = "") {
  gx::TemplateExportOptions opt;
  opt.year = 2026;
  opt.installation = installation;
  opt.blank_xlsx = blank();
  return gx::export_template(f, greengate::test::dataset(), opt);
}

double number(gx::Workbook& wb, const char* sheet, const char* a1) {
  const auto* c = wb.sheet(sheet).cell(a1);
  INFO(sheet << "!" << a1);
  REQUIRE(c != nullptr);
  REQUIRE(c->type == gx::CellType::number);
  return c->number;
}

std::string text(gx::Workbook& wb, const char* sheet, const char* a1) {
  const auto* c = wb.sheet(sheet).cell(a1);
  if (!c) return "<empty>";
  return c->text;
}

std::string member(const std::string& xlsx, const std::string& name) {
  gx::ZipArchive z(xlsx, "x.xlsx");
  const auto* m = z.find(name);
  if (!m) return "<missing>";
  return z.read(*m);
}

// The part of `xml` from the first `<tag` to its closing `</tag>` (empty when absent).
std::string section(const std::string& xml, const std::string& tag) {
  auto b = xml.find("<" + tag);
  if (b == std::string::npos) return {};
  auto e = xml.find("</" + tag + ">", b);
  return e == std::string::npos ? std::string() : xml.substr(b, e - b);
}

}  // namespace

TEST_CASE("Template export: the cells of a firm worked by hand") {
  // tests/data/template/hand-worked.xml. Meltshop P1: AL 1000 t, of which 850 t go to the
  // rolling mill P2; DirEm* = natural gas 100 × 0.036 × 56.1 = 201.96 tCO2e; heat imported 2 TJ
  // at 60 tCO2e/TJ; electricity 500 MWh at 0.4 under a PPA (D.4.3.2); 200 t of DRI bought with
  // SEE direct 1.5 and 0.25 MWh/t × 0.4 tCO2e/MWh.
  //   SEE(P1) direct   = (201.96 + 2 × 60 + 200 × 1.5) / 1000          = 0.62196
  //           indirect = (500 × 0.4 + 200 × 0.25 × 0.4) / 1000           = 0.22
  //   SEE(P2) direct   = (0 + 850 × 0.62196) / 800                       = 0.6608325
  //           indirect = (100 × 0.4 + 850 × 0.22) / 800                  = 0.28375
  auto firm = firm_file("tests/data/template/hand-worked.xml");
  auto r = export_firm(firm);
  CHECK(r.version == "2.1.1 (2024-12-13)");
  REQUIRE(r.report.goods.size() == 2);
  CHECK(u::in_tco2e_per_tonne(r.report.goods[0].see_direct) == doctest::Approx(0.62196).epsilon(1e-12));
  CHECK(u::in_tco2e_per_tonne(r.report.goods[0].see_indirect) == doctest::Approx(0.22).epsilon(1e-12));
  CHECK(u::in_tco2e_per_tonne(r.report.goods[1].see_direct) == doctest::Approx(0.6608325).epsilon(1e-12));
  CHECK(u::in_tco2e_per_tonne(r.report.goods[1].see_indirect) == doctest::Approx(0.28375).epsilon(1e-12));

  gx::Workbook wb(r.xlsx, "out.xlsx");
  // A_InstData: period (the reporting year, as 1900-system serials: 2025-01-01 = 45658),
  // installation, goods categories with the route chosen, processes, purchased precursors.
  CHECK(number(wb, "A_InstData", "I9") == 45658);
  CHECK(number(wb, "A_InstData", "L9") == 45657 + 365);
  CHECK(text(wb, "A_InstData", "I20") == "Hand-worked steel plant");
  CHECK(text(wb, "A_InstData", "I26") == "Türkiye");
  CHECK(text(wb, "A_InstData", "I27") == "TRIZM");
  CHECK(text(wb, "A_InstData", "E62") == "Crude steel");
  CHECK(text(wb, "A_InstData", "I62") == "Electric arc furnace");
  CHECK(text(wb, "A_InstData", "E63") == "Iron or steel products");
  CHECK(text(wb, "A_InstData", "I63") == "<empty>");  // a category without routes to choose
  CHECK(text(wb, "A_InstData", "E83") == "Crude steel");
  CHECK(text(wb, "A_InstData", "F83") == "Only direct production");
  CHECK(text(wb, "A_InstData", "L83") == "Meltshop");
  CHECK(text(wb, "A_InstData", "L84") == "Rolling mill");
  CHECK(text(wb, "A_InstData", "E102") == "Direct reduced iron");
  CHECK(text(wb, "A_InstData", "F102") == "EG");
  CHECK(text(wb, "A_InstData", "G102") == "<empty>");  // DRI has no routes to choose
  CHECK(text(wb, "A_InstData", "L102") == "Acme DRI");
  // D_Processes, process 1 (rows 11 …) and 2 (rows 76 …)
  CHECK(number(wb, "D_Processes", "L16") == 1000);
  CHECK(number(wb, "D_Processes", "L27") == 150);
  CHECK(number(wb, "D_Processes", "L32") == 850);  // to the first other process, P2
  CHECK(number(wb, "D_Processes", "L54") == doctest::Approx(201.96).epsilon(1e-12));
  CHECK(wb.sheet("D_Processes").cell("K50")->type == gx::CellType::boolean);
  CHECK(wb.sheet("D_Processes").cell("K50")->number == 1);  // heat relevant
  CHECK(number(wb, "D_Processes", "L57") == doctest::Approx(2));
  CHECK(number(wb, "D_Processes", "M57") == 0);
  CHECK(number(wb, "D_Processes", "L58") == doctest::Approx(60));
  CHECK(number(wb, "D_Processes", "L65") == 500);
  CHECK(number(wb, "D_Processes", "L66") == doctest::Approx(0.4));
  CHECK(text(wb, "D_Processes", "L67") == "D.4.3.2");
  CHECK(number(wb, "D_Processes", "L71") == 0);
  CHECK(number(wb, "D_Processes", "L81") == 800);
  CHECK(number(wb, "D_Processes", "L92") == 800);
  CHECK(number(wb, "D_Processes", "L119") == 0);
  CHECK(number(wb, "D_Processes", "L130") == 100);
  // E_PurchPrec, purchased precursor 1: 200 t, all in process 1
  CHECK(number(wb, "E_PurchPrec", "L17") == 200);
  CHECK(number(wb, "E_PurchPrec", "L28") == 200);
  CHECK(number(wb, "E_PurchPrec", "L49") == 1.5);
  CHECK(text(wb, "E_PurchPrec", "M49") == "Measured");
  CHECK(number(wb, "E_PurchPrec", "L50") == doctest::Approx(0.25).epsilon(1e-12));
  CHECK(number(wb, "E_PurchPrec", "L51") == doctest::Approx(0.4).epsilon(1e-12));
  // B_EmInst: the natural gas in 1000 Nm3 with its NCV in GJ/1000Nm3
  CHECK(text(wb, "B_EmInst", "D17") == "Combustion");
  CHECK(number(wb, "B_EmInst", "F17") == 100);
  CHECK(text(wb, "B_EmInst", "G17") == "1000Nm3");
  CHECK(number(wb, "B_EmInst", "H17") == doctest::Approx(36));
  CHECK(number(wb, "B_EmInst", "J17") == doctest::Approx(56.1));
  CHECK(text(wb, "B_EmInst", "K17") == "tCO2/TJ");
  // Summary_Products: process names and CN codes (text, as the template's CN list holds them)
  CHECK(text(wb, "Summary_Products", "D10") == "Meltshop");
  CHECK(text(wb, "Summary_Products", "F10") == "72071114");
  CHECK(text(wb, "Summary_Products", "H10") == "Billets");
  CHECK(text(wb, "Summary_Products", "D11") == "Rolling mill");
  CHECK(text(wb, "Summary_Products", "F11") == "72142000");
  // the SEE cells are the template's formulas, left for the workbook to compute on opening
  const auto* see = wb.sheet("Summary_Products").cell("I10");
  REQUIRE(see != nullptr);
  CHECK(see->formula);
  CHECK_FALSE(see->has_value());
  // What the template cannot say is said: the route chosen for 'EAF'.
  CHECK(r.notes.format().find("tests/data/template/hand-worked.xml:9: warning: firm/installation[plant]/"
                              "process[melt]: route 'EAF' is written as the template's 'Electric arc "
                              "furnace'") != std::string::npos);
}

TEST_CASE("Template export: only input cells change, and formulas, validations, names, hidden sheets and styles stay") {
  auto r = export_firm(firm_file("examples/nitrogen-fertiliser-plant.xml"));
  gx::Workbook before(blank(), "blank.xlsx"), after(r.xlsx, "out.xlsx");
  REQUIRE(before.sheets().size() == after.sheets().size());
  std::size_t formulas = 0, written = 0;
  for (std::size_t i = 0; i < before.sheets().size(); ++i) {
    const auto& sb = before.sheets()[i];
    const auto& sa = after.sheets()[i];
    INFO(sb.name);
    CHECK(sa.name == sb.name);
    CHECK(sa.hidden == sb.hidden);
    const auto& wb = before.sheet(sb.name);
    const auto& wa = after.sheet(sa.name);
    wb.for_each([&](int row, int col, const gx::Cell& c) {
      if (!c.formula) return;
      ++formulas;
      const auto* a = wa.cell(row, col);
      INFO(gx::ref_name(row, col));
      REQUIRE(a != nullptr);
      CHECK(a->formula);
      CHECK(a->formula_text == c.formula_text);
      CHECK(a->style == c.style);
    });
    wa.for_each([&](int row, int col, const gx::Cell& c) {
      const auto* b = wb.cell(row, col);
      if (b && b->formula) return;  // a formula of the template (compared above)
      if (b && b->type == c.type && b->number == c.number && b->text == c.text) return;
      ++written;
      INFO(gx::ref_name(row, col));
      CHECK_FALSE(c.formula);  // only values were written, and none over a formula
    });
    // data validations of the sheet, byte for byte
    std::string xb = member(blank(), sb.part), xa = member(r.xlsx, sa.part);
    CHECK(section(xa, "dataValidations") == section(xb, "dataValidations"));
  }
  CHECK(formulas > 10000);
  CHECK(written > 30);
  // defined names unchanged, full recalculation on load, no calculation chain, styles copied
  std::string wbb = member(blank(), "xl/workbook.xml"), wba = member(r.xlsx, "xl/workbook.xml");
  CHECK(section(wba, "definedNames") == section(wbb, "definedNames"));
  CHECK(section(wba, "definedNames").size() > 1000);
  CHECK(wba.find("fullCalcOnLoad=\"1\"") != std::string::npos);
  CHECK(member(r.xlsx, "xl/calcChain.xml") == "<missing>");
  CHECK(member(r.xlsx, "[Content_Types].xml").find("calcChain") == std::string::npos);
  CHECK(member(r.xlsx, "xl/styles.xml") == member(blank(), "xl/styles.xml"));
  CHECK(member(r.xlsx, "xl/sharedStrings.xml") == member(blank(), "xl/sharedStrings.xml"));
}

TEST_CASE("Template export: importing the exported template gives the firm's SEE (every bundled example)") {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(greengate::test::source_dir() + "/examples"))
    if (e.path().extension() == ".xml") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  REQUIRE(names.size() >= 5);
  std::size_t installations = 0;
  for (const auto& name : names) {
   auto firm = firm_file("examples/" + name + ".xml");
   for (const auto& inst : firm.installations) {
    INFO(name << " " << inst.id);
    ++installations;
    auto r = export_firm(firm, firm.installations.size() > 1 ? inst.id : "");
    auto back = gx::import_template(r.xlsx, std::string(name) + ".xlsx", greengate::test::dataset());
    std::string errs;
    for (const auto& d : back.diagnostics.items())
      if (d.severity == greengate::Severity::error) errs += d.format() + "\n";
    REQUIRE(errs == "");
    greengate::calc::EmissionsOptions opt;
    opt.year = 2026;
    auto rep = greengate::calc::compute_emissions(back.firm, greengate::test::dataset(), opt);
    std::vector<const greengate::calc::GoodResult*> want;
    for (const auto& g : r.report.goods)
      if (!g.process.empty() && g.installation == inst.id) want.push_back(&g);
    REQUIRE(rep.goods.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      INFO(want[i]->cn);
      CHECK(rep.goods[i].cn == want[i]->cn);
      CHECK(u::in_tco2e_per_tonne(rep.goods[i].see_direct) ==
            doctest::Approx(u::in_tco2e_per_tonne(want[i]->see_direct)).epsilon(1e-12));
      CHECK(u::in_tco2e_per_tonne(rep.goods[i].see_indirect) ==
            doctest::Approx(u::in_tco2e_per_tonne(want[i]->see_indirect)).epsilon(1e-12));
    }
   }
  }
  CHECK(installations > names.size() - 1);
}

TEST_CASE("Template export: a firm the template cannot hold is refused, naming the reason") {
  SUBCASE("two installations, none chosen") {
    auto xml = greengate::test::firm_xml(
        "<process id=\"p\" category=\"cement\" output=\"10\" unit=\"t\">"
        "<electricity quantity=\"1\" unit=\"MWh\" factor-source=\"country-default\"/><good cn=\"2523 29 00\" quantity=\"10\" unit=\"t\"/></process>\n"
        "</installation><installation id=\"j\" name=\"J\" country=\"TR\">"
        "<process id=\"q\" category=\"cement\" output=\"10\" unit=\"t\">"
        "<electricity quantity=\"1\" unit=\"MWh\" factor-source=\"country-default\"/><good cn=\"2523 29 00\" quantity=\"10\" unit=\"t\"/></process>\n");
    auto f = greengate::test::firm_from(xml);
    CHECK_THROWS_WITH_AS(export_firm(f),
                         "test.xml: error: the firm has 2 installations (i, j): a Communication "
                         "template is for one; choose it with --installation",
                         greengate::InputError);
    auto r = export_firm(f, "j");
    CHECK(r.notes.format().find("only installation 'j' is written") != std::string::npos);
    CHECK_THROWS_WITH_AS(export_firm(f, "k"), "test.xml: error: no installation 'k' (the firm has i, j)",
                         greengate::InputError);
  }
  SUBCASE("eleven production processes") {
    std::string procs;
    for (int i = 1; i <= 11; ++i)
      procs += "<process id=\"p" + std::to_string(i) + "\" category=\"cement\" output=\"10\" unit=\"t\">"
               "<electricity quantity=\"1\" unit=\"MWh\" factor-source=\"country-default\"/><good cn=\"2523 29 00\" quantity=\"10\" unit=\"t\"/></process>\n";
    auto f = greengate::test::firm_from(greengate::test::firm_xml(procs));
    CHECK_THROWS_WITH_AS(export_firm(f),
                         doctest::Contains("installation 'i' has 11 production processes; the template has room for 10"),
                         greengate::InputError);
  }
}

TEST_CASE("Template export: a route is the template's by its name or its usual words, per category") {
  // "BF-BOF" is the blast furnace route for pig iron and basic oxygen steelmaking for crude
  // steel; a route the template does not know is "Other production routes", none "Unknown".
  auto proc = [](const std::string& id, const std::string& cat, const std::string& route, const std::string& cn) {
    return "<process id=\"" + id + "\" category=\"" + cat + "\"" + (route.empty() ? "" : " route=\"" + route + "\"") +
           " output=\"10\" unit=\"t\"><electricity quantity=\"1\" unit=\"MWh\" factor-source=\"country-default\"/>"
           "<good cn=\"" + cn + "\" quantity=\"10\" unit=\"t\"/></process>\n";
  };
  auto f = greengate::test::firm_from(greengate::test::firm_xml(
      proc("bf", "pig_iron", "BF-BOF", "7201 10 11") + proc("bof", "crude_steel", "BF-BOF", "7206 10 00") +
      proc("h2", "hydrogen", "", "2804 10 00") + proc("al", "unwrought_aluminium", "Hall-Heroult", "7601 10 00") +
      proc("nh3", "ammonia", "Haber-Bosch with SMR", "2814 10 00") +
      proc("x", "pig_iron", "Corex", "7201 10 11")));
  auto r = export_firm(f);
  gx::Workbook wb(r.xlsx, "out.xlsx");
  CHECK(text(wb, "A_InstData", "E62") == "Pig iron");
  CHECK(text(wb, "A_InstData", "I62") == "Blast furnace route");
  CHECK(text(wb, "A_InstData", "J62") == "Other production routes");  // Corex
  CHECK(text(wb, "A_InstData", "E63") == "Crude steel");
  CHECK(text(wb, "A_InstData", "I63") == "Basic oxygen steelmaking");
  CHECK(text(wb, "A_InstData", "I64") == "Unknown production routes");
  CHECK(text(wb, "A_InstData", "I65") == "Primary (electrolytic) smelting");
  CHECK(text(wb, "A_InstData", "I66").rfind("Haber-Bosch process with steam reforming", 0) == 0);
}
