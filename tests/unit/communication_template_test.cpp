// The EU Communication template for installations (issue 12): the Commission's three filled
// examples read into firms whose SEE match what the template itself computed (Summary_Products
// I and J), traces that name cells, the law over the template (ammonia, regression test of
// issue 12), and bad templates, each a clear error at its sheet and cell.
#include <doctest/doctest.h>

#include <functional>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "greengate/exchange/communication_template.hpp"
#include "greengate/exchange/workbook.hpp"
#include "greengate/report/emissions_output.hpp"
#include "test_data.hpp"

namespace gx = greengate::exchange;
namespace u = greengate::units;

namespace {

std::string shared_examples() {
  std::string dir = std::string(GREENGATE_SHARED_DIR) + "/data/eu-templates/examples";
  INFO("the Commission's examples are expected in " << dir);
  REQUIRE(std::filesystem::is_directory(dir));
  return dir;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream o;
  o << in.rdbuf();
  return o.str();
}

std::string example(const std::string& name) { return read_file(shared_examples() + "/example-" + name + ".xlsx"); }

gx::TemplateImport import(std::string bytes, const std::string& display = "t.xlsx") {
  return gx::import_template(std::move(bytes), display, greengate::test::dataset());
}

greengate::calc::EmissionsReport compute(const greengate::model::Firm& f) {
  greengate::calc::EmissionsOptions opt;
  opt.year = 2026;
  return greengate::calc::compute_emissions(f, greengate::test::dataset(), opt);
}

// An example edited (values written, cached values of the template's formulas kept).
std::string edited(const std::string& name, const std::function<void(gx::WorkbookEditor&)>& f) {
  gx::WorkbookEditor ed(example(name), name);
  f(ed);
  gx::WorkbookEditor::SaveOptions opt;
  opt.recalculate = false;
  return ed.save(opt);
}

std::string errors(const gx::TemplateImport& r) {
  std::string out;
  for (const auto& d : r.diagnostics.items())
    if (d.severity == greengate::Severity::error) {
      if (!out.empty()) out += '\n';
      out += d.format();
    }
  return out;
}

struct Expected {
  std::string process, cn;
  double direct, indirect;
};

// What the template computed: Summary_Products columns D (process), F (CN), I and J.
std::vector<Expected> summary_products(const std::string& bytes) {
  gx::Workbook wb(bytes, "x.xlsx");
  const auto& s = wb.sheet("Summary_Products");
  std::vector<Expected> out;
  for (int row = 10; row < 110; ++row) {
    const auto* d = s.cell(row, 4);
    if (!d || d->text.empty()) continue;
    out.push_back({d->text, s.cell(row, 6)->text, s.cell(row, 9)->number, s.cell(row, 10)->number});
  }
  return out;
}

}  // namespace

TEST_CASE("Template import: the Commission's three examples give the SEE the template computed (within 0.1 %)") {
  // Worked by hand for the cement example: DirEm* 1 037 310 t (D_Processes!L54, which is what
  // B_EmInst's four streams add up to: 1 255 000 × 0.525 + 88 000 × 25 × 95/1000 + 25 000 × 20 ×
  // 83/1000 × 0.85 + 43 000 × 40 × 78/1000) over AL 1 255 000/0.95 = 1 321 052.63 t gives
  // SEE direct 0.785215; electricity 193 864.47 MWh × 0.833 = 161 489.11 t gives SEE indirect
  // 0.122243 (Summary_Products!I10:J10: 0.7852147, 0.1222428).
  for (const char* name : {"cement", "steel-screws-and-nuts", "aluminium"}) {
    INFO(name);
    std::string bytes = example(name);
    auto expected = summary_products(bytes);
    REQUIRE(expected.size() >= 1);
    auto r = import(bytes, std::string(name) + ".xlsx");
    REQUIRE(errors(r) == "");
    CHECK(r.version == "2.1 (2024-06-05)");
    auto rep = compute(r.firm);
    CHECK(rep.gaps.empty());
    for (const auto& e : expected) {
      INFO(e.process << " " << e.cn);
      const greengate::calc::GoodResult* g = nullptr;
      for (const auto& gr : rep.goods) {
        const auto& proc = r.firm.installations[0].processes;
        for (const auto& p : proc)
          if (p.id == gr.process && p.name == e.process && gr.cn == e.cn) g = &gr;
      }
      REQUIRE(g != nullptr);
      CHECK(u::in_tco2e_per_tonne(g->see_direct) == doctest::Approx(e.direct).epsilon(1e-3));
      CHECK(u::in_tco2e_per_tonne(g->see_indirect) == doctest::Approx(e.indirect).epsilon(1e-3));
    }
  }
}

TEST_CASE("Template import: every value keeps its cell, and traces lead back to it") {
  auto r = import(example("cement"), "cement.xlsx");
  REQUIRE(errors(r) == "");
  const auto& p = r.firm.installations[0].processes[0];
  CHECK(p.direct_emissions->pos.str() == "cement.xlsx:D_Processes!L54");
  CHECK(p.at("output").str() == "cement.xlsx:D_Processes!L16:L23");
  CHECK(r.firm.installations[0].shared_streams[1].at("ef").str() == "cement.xlsx:B_EmInst!J18");
  auto rep = compute(r.firm);
  std::string json = greengate::report::emissions_json(rep, false);
  CHECK(json.find(R"({"name":"DirEm*","value":1037310,"unit":"tCO2e","at":"cement.xlsx:D_Processes!L54"})") != std::string::npos);
  CHECK(json.find(R"({"name":"E","value":193864.473684211,"unit":"MWh","at":"cement.xlsx:D_Processes!L65"})") != std::string::npos);
  CHECK(json.find(R"({"name":"EF_el","value":0.833,"unit":"tCO2e/MWh","at":"cement.xlsx:D_Processes!L66"})") != std::string::npos);
}

TEST_CASE("Template import: the firm file written reads back to the same results") {
  for (const char* name : {"cement", "steel-screws-and-nuts", "aluminium"}) {
    INFO(name);
    auto r = import(example(name), name);
    REQUIRE(errors(r) == "");
    auto back = greengate::model::parse_firm(greengate::model::firm_to_xml(r.firm), name);
    REQUIRE(back.diagnostics().format() == "");
    auto a = compute(r.firm), b = compute(back.get());
    REQUIRE(a.goods.size() == b.goods.size());
    for (std::size_t i = 0; i < a.goods.size(); ++i) {
      CHECK(u::in_tco2e_per_tonne(a.goods[i].see_direct) == doctest::Approx(u::in_tco2e_per_tonne(b.goods[i].see_direct)).epsilon(1e-12));
      CHECK(u::in_tco2e_per_tonne(a.goods[i].see_indirect) == doctest::Approx(u::in_tco2e_per_tonne(b.goods[i].see_indirect)).epsilon(1e-12));
    }
  }
}

TEST_CASE("Issue 12 regression: ammonia's indirect emissions count (Reg. 2023/956 Annex II), whatever the template's table says") {
  // The cement example turned into an ammonia plant: one process 'Ammonia' making CN 2814 10 00.
  // The template's definitive-period table (Parameters_Constants!C100) says ammonia's indirect
  // emissions do not count; Annex II of Reg. 2023/956 lists only iron and steel, aluminium,
  // hydrogen and electricity, so for fertilisers they count: SEE indirect counted = all =
  // 193 864.47 MWh × 0.833 / 1 321 052.63 t = 0.1222428 tCO2e/t, and the difference is listed.
  std::string bytes = edited("cement", [](gx::WorkbookEditor& ed) {
    ed.set_text("A_InstData", 62, 5, "Ammonia");
    ed.clear("A_InstData", 63, 5);
    ed.set_text("A_InstData", 83, 5, "Ammonia");
    ed.set_text("A_InstData", 83, 6, "Only direct production");
    ed.set_text("A_InstData", 83, 12, "Ammonia plant");
    ed.set_text("Summary_Products", 10, 4, "Ammonia plant");
    ed.set_text("Summary_Products", 10, 6, "28141000");
  });
  auto r = import(bytes, "ammonia.xlsx");
  REQUIRE(errors(r) == "");
  REQUIRE(r.differences.size() == 1);
  CHECK(r.differences[0].pos.str() == "ammonia.xlsx:Parameters_Constants!C100");
  CHECK(r.differences[0].message.en().find("the template's definitive-period table does not count the indirect emissions of Ammonia") == 0);
  auto rep = compute(r.firm);
  REQUIRE(rep.goods.size() == 1);
  CHECK(rep.goods[0].cn == "28141000");
  CHECK_FALSE(rep.goods[0].direct_only);
  CHECK(u::in_tco2e_per_tonne(rep.goods[0].see_indirect) == doctest::Approx(0.12224275));
  CHECK(u::in_tco2e_per_tonne(rep.goods[0].see_indirect_counted) == doctest::Approx(0.12224275));
}

TEST_CASE("Bad template: a missing sheet") {
  auto r = import(edited("cement", [](gx::WorkbookEditor& ed) { ed.rename_sheet("E_PurchPrec", "E_Purchases"); }), "bad.xlsx");
  CHECK(errors(r) == "bad.xlsx:E_PurchPrec: error: the sheet \"E_PurchPrec\" is missing: this is not a complete "
                     "Communication template for installations (v2.1 or v2.1.1)");
}

TEST_CASE("Bad template: text where a number is expected, all problems in one run") {
  auto r = import(edited("steel-screws-and-nuts", [](gx::WorkbookEditor& ed) {
                    ed.set_text("E_PurchPrec", 49, 12, "n/a");
                    ed.set_text("D_Processes", 66, 12, "about 0.8");
                  }),
                  "bad.xlsx");
  CHECK(errors(r) ==
        "bad.xlsx:D_Processes!L66: error: the emission factor of the electricity (tCO2/MWh) must be "
        "a number ≥ 0, found 'about 0.8'\n"
        "bad.xlsx:E_PurchPrec!L49: error: SEE (direct) of purchased precursor 'Carbon steel' must "
        "be a number ≥ 0, found 'n/a'");
}

TEST_CASE("Bad template: a foreign template version") {
  auto r = import(edited("cement", [](gx::WorkbookEditor& ed) { ed.set_number("VersionDocumentation", 3, 2, 45370); }), "old.xlsx");
  CHECK(errors(r) == "old.xlsx:VersionDocumentation!B3: error: template version 2024-03-19 is not supported: "
                     "GreenGate reads v2.1 (2024-06-05) and v2.1.1 (2024-12-13) of the Communication "
                     "template; copy the data into the current template");
  auto other = import(edited("cement", [](gx::WorkbookEditor& ed) { ed.set_text("VersionDocumentation", 2, 2, "CBAM installation communication SEE"); }), "other.xlsx");
  CHECK(errors(other) == "other.xlsx:VersionDocumentation!B2: error: template type 'CBAM installation communication SEE' is not the "
                         "CBAM Communication template for installations ('CBAM communication SEE Version 2')");
}

TEST_CASE("Bad template: not an .xlsx file") {
  auto r = import("Name;Value\nCement;1\n", "data.xlsx");
  CHECK(errors(r) == "data.xlsx: error: not an .xlsx workbook: the file is not a zip archive (an .xlsx is a zip "
                     "of XML parts; was an .xls, .csv or .pdf renamed?)");
  gx::ZipWriter w;
  w.add("word/document.xml", "<w/>", 6, 0, 0);
  CHECK(errors(import(w.finish(), "letter.xlsx")) ==
        "letter.xlsx: error: not an .xlsx workbook: the archive has no xl/workbook.xml (is it a .docx, an .ods or another zip file?)");
}

TEST_CASE("Bad template: a zip bomb is stopped at the member's declared size") {
  // The cement example with its D_Processes part replaced by 20 MB of zeros declared as 1000 B.
  gx::ZipArchive z(example("cement"), "x");
  gx::ZipWriter w;
  std::string zeros(20u << 20, '\0');
  for (const auto& m : z.members()) {
    if (m.name != "xl/worksheets/sheet8.xml") {
      w.add_raw(m, z.raw(m));
      continue;
    }
    gx::ZipMember lie = m;
    std::string packed = gx::deflate_raw(zeros, 9);
    lie.size = 1000;
    lie.compressed_size = packed.size();
    w.add_raw(lie, packed);
  }
  CHECK(errors(import(w.finish(), "bomb.xlsx")) ==
        "bomb.xlsx:xl/worksheets/sheet8.xml: error: the member inflates to more than the 1000 bytes "
        "it declares (a zip bomb or a damaged archive)");
}

namespace {
std::string add_external_rel(const std::string& rels) {
  std::string r = rels;
  auto end = r.rfind("</Relationships>");
  r.insert(end, R"(<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/>)");
  return r;
}
}  // namespace

TEST_CASE("Bad template: a formula that takes its value from another workbook") {
  auto r = import(edited("cement", [](gx::WorkbookEditor& ed) {
                    ed.set_formula("D_Processes", 54, 12, "[1]Sheet1!$A$1", 1037310);
                    ed.put_member("xl/externalLinks/externalLink1.xml",
                                  R"(<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook/></externalLink>)");
                    ed.put_member("xl/externalLinks/_rels/externalLink1.xml.rels",
                                  R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/plant/emissions.xlsx" TargetMode="External"/></Relationships>)");
                    ed.patch_member("xl/_rels/workbook.xml.rels", add_external_rel);
                  }),
                  "linked.xlsx");
  CHECK(errors(r) == "linked.xlsx:D_Processes!L54: error: the formula =[1]Sheet1!$A$1 takes its value from another "
                     "workbook: GreenGate does not read templates with external links (replace them by their "
                     "values and save again)");
}

TEST_CASE("Bad template: an operator's formula whose value was never stored") {
  gx::WorkbookEditor ed(example("cement"), "x");
  gx::WorkbookEditor::SaveOptions opt;  // recalculate: every cached formula value is dropped
  for (auto s : {"0_Versions", "c_CodeLists", "Parameters_CNCodes", "Translations", "VersionDocumentation"}) opt.keep_cached.insert(s);
  auto r = import(ed.save(opt), "nocache.xlsx");
  CHECK(errors(r).find("nocache.xlsx:D_Processes!L16: error: holds a formula (=1255000/0.95) whose value is not "
                       "stored in the file: open the template in Excel or LibreOffice and save it again") == 0);
}
