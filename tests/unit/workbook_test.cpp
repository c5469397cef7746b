// .xlsx reading and in-place editing on a small workbook built here part by part: shared
// strings (with rich-text and phonetic runs), inline strings, numbers, booleans, errors,
// formulas with cached values, dates in both date systems and by built-in or custom format.
#include <doctest/doctest.h>

#include <functional>

#include "greengate/error.hpp"
#include "greengate/exchange/workbook.hpp"

namespace gx = greengate::exchange;

namespace {

const char* kSheet =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A1:E5"/><x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>in &amp; line</x:t></x:is></x:c><x:c r="D1" s="0"><x:v>1234.5</x:v></x:c></x:row>
<x:row r="2"><x:c r="A2" t="b"><x:v>1</x:v></x:c><x:c r="B2" t="e"><x:v>#DIV/0!</x:v></x:c><x:c r="C2" t="str"><x:f>A1&amp;"x"</x:f><x:v>Cementx</x:v></x:c><x:c r="D2"><x:f>D1*2</x:f><x:v>2469</x:v></x:c><x:c r="E2" s="1"/></x:row>
<x:row r="3"><x:c r="A3" s="1"><x:v>44927</x:v></x:c><x:c r="B3" s="2"><x:v>45639.5</x:v></x:c><x:c r="C3" s="3"><x:v>0.25</x:v></x:c><x:c r="D3" t="s"><x:v>2</x:v></x:c></x:row>
<x:row r="5" spans="1:5"/>
</x:sheetData></x:worksheet>)";

const char* kStrings =
    R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>Cement</t></si><si><r><rPr><b/></rPr><t>Türkiye</t></r><r><t xml:space="preserve"> (TR)</t></r><rPh><t>ignored</t></rPh></si><si><t>line_x000D_break</t></si></sst>)";

const char* kStyles =
    R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="0.00&quot; days&quot;"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>)";

std::string workbook(bool date1904, bool calc_chain = false) {
  gx::ZipWriter w;
  w.add("[Content_Types].xml",
        std::string(R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="x"/>)") +
            (calc_chain ? R"(<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>)" : "") +
            "</Types>",
        6, 0, 0);
  w.add("_rels/.rels",
        R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)",
        6, 0, 0);
  w.add("xl/workbook.xml",
        std::string(R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr)") +
            (date1904 ? R"( date1904="1")" : "") +
            R"(/><sheets><sheet name="Data &amp; more" sheetId="1" r:id="rId1"/><sheet name="Hidden" sheetId="2" state="hidden" r:id="rId2"/></sheets><calcPr calcId="191029"/></workbook>)",
        6, 0, 0);
  w.add("xl/_rels/workbook.xml.rels",
        std::string(R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>)") +
            (calc_chain ? R"(<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>)" : "") +
            "</Relationships>",
        6, 0, 0);
  w.add("xl/sharedStrings.xml", kStrings, 6, 0, 0);
  w.add("xl/styles.xml", kStyles, 6, 0, 0);
  w.add("xl/worksheets/sheet1.xml", kSheet, 6, 0, 0);
  w.add("xl/worksheets/sheet2.xml",
        R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>)", 6, 0, 0);
  if (calc_chain) w.add("xl/calcChain.xml", "<calcChain/>", 6, 0, 0);
  return w.finish();
}

}  // namespace

TEST_CASE("Workbook: reads sheets, shared and inline strings, numbers, booleans, errors and formulas") {
  gx::Workbook wb(workbook(false), "t.xlsx");
  REQUIRE(wb.sheets().size() == 2);
  CHECK(wb.sheets()[0].name == "Data & more");
  CHECK_FALSE(wb.sheets()[0].hidden);
  CHECK(wb.sheets()[1].hidden);
  const auto& s = wb.sheet("Data & more");
  CHECK(s.cell("A1")->text == "Cement");
  CHECK(s.cell("B1")->text == "Türkiye (TR)");  // runs joined, phonetic run left out
  CHECK(s.cell("C1")->text == "in & line");
  CHECK(s.cell("D1")->type == gx::CellType::number);
  CHECK(s.cell("D1")->number == 1234.5);
  CHECK(s.cell("A2")->type == gx::CellType::boolean);
  CHECK(s.cell("B2")->type == gx::CellType::error);
  CHECK(s.cell("B2")->text == "#DIV/0!");
  CHECK(s.cell("C2")->formula);
  CHECK(s.cell("C2")->formula_text == "A1&\"x\"");
  CHECK(s.cell("C2")->text == "Cementx");
  CHECK(s.cell("D2")->number == 2469);
  CHECK(s.cell("E2") == nullptr);  // styled but empty
  CHECK(s.cell("D3")->text == "line\rbreak");  // OOXML's _x000D_ escape
  CHECK(wb.sheet("Hidden").size() == 0);
}

TEST_CASE("Workbook: dates are told from numbers by their format, in the 1900 and 1904 systems") {
  gx::Workbook wb(workbook(false), "t.xlsx");
  const auto& s = wb.sheet("Data & more");
  CHECK(wb.is_date(*s.cell("A3")));   // built-in format 14
  CHECK(wb.is_date(*s.cell("B3")));   // custom dd/mm/yyyy
  CHECK_FALSE(wb.is_date(*s.cell("C3")));  // 0.00" days": quoted letters are not a date
  CHECK_FALSE(wb.is_date(*s.cell("D1")));
  CHECK(wb.date_of(44927)->str() == "2023-01-01");
  CHECK(wb.date_of(45639.5)->str() == "2024-12-13");  // the time of day is dropped
  CHECK(wb.date_of(59)->str() == "1900-02-28");
  CHECK_FALSE(wb.date_of(60));  // Excel's 29 February 1900 never existed
  CHECK(wb.date_of(61)->str() == "1900-03-01");
  gx::Workbook wb1904(workbook(true), "t.xlsx");
  CHECK(wb1904.date_of(0)->str() == "1904-01-01");
  CHECK(wb1904.date_of(43465)->str() == "2023-01-01");  // 44927 − 1462
}

TEST_CASE("Workbook: a missing sheet and a bad shared-string index are errors naming sheet and cell") {
  gx::Workbook wb(workbook(false), "t.xlsx");
  try {
    wb.sheet("E_PurchPrec");
    FAIL("no error");
  } catch (const greengate::InputError& e) {
    CHECK(std::string(e.what()) == "t.xlsx:E_PurchPrec: error: the workbook has no sheet \"E_PurchPrec\"");
  }
}

TEST_CASE("Cell references: A1 notation both ways") {
  CHECK(gx::parse_ref("L18")->row == 18);
  CHECK(gx::parse_ref("$AB$102")->col == 28);
  CHECK(gx::parse_ref("XFD1048576")->col == 16384);
  CHECK_FALSE(gx::parse_ref("L0"));
  CHECK_FALSE(gx::parse_ref("18L"));
  CHECK_FALSE(gx::parse_ref("XFE1"));
  CHECK(gx::ref_name(18, 12) == "L18");
  CHECK(gx::column_name(703) == "AAA");
}

TEST_CASE("WorkbookEditor: writes values into existing and new cells and rows, keeps the rest") {
  gx::WorkbookEditor ed(workbook(false, true), "t.xlsx");
  ed.set_number("Data & more", 1, 4, 99.25);        // D1: existing value cell
  ed.set_text("Data & more", 2, 5, "a <b> & \"c\"");  // E2: existing empty styled cell
  ed.set_number("Data & more", 1, 2, 7);             // B1: shared string → number
  ed.set_number("Data & more", 1, 6, 1);             // F1: new cell at the end of row 1
  ed.set_bool("Data & more", 4, 1, true);            // A4: new row between 3 and 5
  ed.set_text("Data & more", 5, 3, "five");           // C5: into the empty row 5
  ed.set_number("Data & more", 9, 1, -2.5e-7);       // A9: new row after the last
  ed.set_number("Hidden", 1, 1, 3);                  // into <sheetData/>
  gx::WorkbookEditor::SaveOptions opt;
  std::string out = ed.save(opt);
  gx::Workbook wb(out, "out.xlsx");
  const auto& s = wb.sheet("Data & more");
  CHECK(s.cell("D1")->number == 99.25);
  CHECK(s.cell("E2")->text == "a <b> & \"c\"");
  CHECK(s.cell("E2")->style == 1);  // the cell keeps its style
  CHECK(s.cell("B1")->number == 7);
  CHECK(s.cell("F1")->number == 1);
  CHECK(s.cell("A4")->type == gx::CellType::boolean);
  CHECK(s.cell("C5")->text == "five");
  CHECK(s.cell("A9")->number == -2.5e-7);
  CHECK(wb.sheet("Hidden").cell("A1")->number == 3);
  CHECK(wb.sheets()[1].hidden);
  // untouched cells are as they were; formulas kept, their cached values dropped
  CHECK(s.cell("A1")->text == "Cement");
  CHECK(s.cell("D2")->formula);
  CHECK(s.cell("D2")->formula_text == "D1*2");
  CHECK_FALSE(s.cell("D2")->has_value());
  // the calculation chain is gone and full recalculation is set
  const auto& z = wb.archive();
  CHECK(z.find("xl/calcChain.xml") == nullptr);
  CHECK(z.read(*z.find("[Content_Types].xml")).find("calcChain") == std::string::npos);
  CHECK(z.read(*z.find("xl/_rels/workbook.xml.rels")).find("calcChain") == std::string::npos);
  CHECK(z.read(*z.find("xl/workbook.xml")).find(R"(<calcPr calcId="191029" fullCalcOnLoad="1"/>)") != std::string::npos);
  // untouched members are copied byte for byte
  gx::ZipArchive before(workbook(false, true), "t.xlsx");
  CHECK(z.raw(*z.find("xl/styles.xml")) == before.raw(*before.find("xl/styles.xml")));
}

TEST_CASE("WorkbookEditor: never writes a value into a formula cell, and keeps cached values when asked") {
  gx::WorkbookEditor ed(workbook(false), "t.xlsx");
  ed.set_number("Data & more", 2, 4, 1);  // D2 holds =D1*2
  CHECK_THROWS_WITH_AS(ed.save({}), "template export: Data & more!D2 holds a formula; GreenGate never writes a value into it",
                       greengate::InternalError);
  gx::WorkbookEditor keep(workbook(false), "t.xlsx");
  gx::WorkbookEditor::SaveOptions opt;
  opt.keep_cached = {"Data & more"};
  gx::Workbook wb(keep.save(opt), "k.xlsx");
  CHECK(wb.sheet("Data & more").cell("D2")->number == 2469);
}
