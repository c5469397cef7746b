// Writes the bad templates of issue 12 into a folder, each made from one of the Commission's
// filled examples with one defect, for tests/template/no_output_on_error.sh (the unit tests build
// the same defects in memory; this puts them in front of the CLI):
//   missing-sheet.xlsx      E_PurchPrec renamed
//   text-for-number.xlsx    E_PurchPrec!L49 = 'n/a'
//   foreign-version.xlsx    VersionDocumentation!B3 = 2024-03-19
//   external-link.xlsx      D_Processes!L54 = [1]Sheet1!$A$1 with the external-link parts
// Usage: make_bad_templates EXAMPLES_DIR OUT_DIR

#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>

#include "greengate/exchange/workbook.hpp"

namespace gx = greengate::exchange;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream o;
  o << in.rdbuf();
  return o.str();
}

std::string add_external_rel(const std::string& rels) {
  std::string r = rels;
  r.insert(r.rfind("</Relationships>"),
           R"(<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/>)");
  return r;
}

void make(const std::string& example, const std::string& out,
          const std::function<void(gx::WorkbookEditor&)>& edit) {
  gx::WorkbookEditor ed(read(example), example);
  edit(ed);
  gx::WorkbookEditor::SaveOptions opt;
  opt.recalculate = false;  // the example's cached values stay, as in a file saved by Excel
  std::ofstream(out, std::ios::binary) << ed.save(opt);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_bad_templates EXAMPLES_DIR OUT_DIR\n";
    return 2;
  }
  try {
    std::string ex = argv[1], out = argv[2];
    std::string cement = ex + "/example-cement.xlsx", steel = ex + "/example-steel-screws-and-nuts.xlsx";
    make(cement, out + "/missing-sheet.xlsx",
         [](gx::WorkbookEditor& ed) { ed.rename_sheet("E_PurchPrec", "E_Purchases"); });
    make(steel, out + "/text-for-number.xlsx",
         [](gx::WorkbookEditor& ed) { ed.set_text("E_PurchPrec", 49, 12, "n/a"); });
    make(cement, out + "/foreign-version.xlsx",
         [](gx::WorkbookEditor& ed) { ed.set_number("VersionDocumentation", 3, 2, 45370); });
    make(cement, out + "/external-link.xlsx", [](gx::WorkbookEditor& ed) {
      ed.set_formula("D_Processes", 54, 12, "[1]Sheet1!$A$1", 1037310);
      ed.put_member("xl/externalLinks/externalLink1.xml",
                    R"(<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook/></externalLink>)");
      ed.put_member("xl/externalLinks/_rels/externalLink1.xml.rels",
                    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/plant/emissions.xlsx" TargetMode="External"/></Relationships>)");
      ed.patch_member("xl/_rels/workbook.xml.rels", add_external_rel);
    });
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "make_bad_templates: " << e.what() << "\n";
    return 1;
  }
}
