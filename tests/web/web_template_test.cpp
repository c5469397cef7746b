// The EU Communication template on the web (issue 12): a filled template uploaded on the firm
// page is read by the same importer as the CLI (errors by sheet and cell), and the firm's
// filled template is a download beside XML/JSON/CSV, for a computed and for a saved assessment.
#include <doctest/doctest.h>

#include "greengate/calc/dataset.hpp"
#include "greengate/exchange/communication_template.hpp"
#include "greengate/exchange/workbook.hpp"
#include "web_test_support.hpp"

using namespace greengate::webtest;

namespace {
const std::string kForm = "application/x-www-form-urlencoded";

std::string example(const std::string& name) {
  return read_file(std::string(GREENGATE_SHARED_DIR) + "/data/eu-templates/examples/example-" + name + ".xlsx");
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// The SEE (direct, indirect) a workbook's importer gives the first good, computed as the CLI does.
std::pair<double, double> see_of(const std::string& xlsx) {
  static const auto data = greengate::calc::load_dataset(source_dir()).get();
  auto r = greengate::exchange::import_template(xlsx, "download.xlsx", data);
  REQUIRE(r.ok());
  greengate::calc::EmissionsOptions opt;
  opt.year = 2026;
  auto rep = greengate::calc::compute_emissions(r.firm, data, opt);
  REQUIRE(!rep.goods.empty());
  namespace u = greengate::units;
  return {u::in_tco2e_per_tonne(rep.goods[0].see_direct), u::in_tco2e_per_tonne(rep.goods[0].see_indirect)};
}
}  // namespace

TEST_CASE("Firm page: a filled Communication template uploads and computes like the CLI") {
  Jar jar;
  auto token = csrf(jar);
  std::string ct;
  auto body = multipart_body({{"csrf", token}}, "firm", "supplier cement.xlsx", example("cement"), ct);
  auto r = post("/firm/upload?lang=en", body, ct, &jar);
  REQUIRE(r.status == 200);
  // Summary_Products!I10:J10 of the Commission's example: 0.785215, 0.122243
  CHECK(contains(r.body, "0.785"));
  // the results page leads to the template's page (its notes, then the file)
  CHECK(contains(r.body, "id=\"dl-template\""));
  CHECK(contains(r.body, "EU Communication template (.xlsx)"));
  // the traces name the cells the values came from
  bool cell = contains(r.body, "supplier_cement.xlsx:D_Processes!L54") || contains(r.body, "supplier cement.xlsx:D_Processes!L54");
  CHECK(cell);
}

TEST_CASE("Firm page: a bad template is a 400 naming sheet and cell, escaped") {
  Jar jar;
  auto token = csrf(jar);
  greengate::exchange::WorkbookEditor ed(example("steel-screws-and-nuts"), "steel");
  ed.set_text("E_PurchPrec", 49, 12, "<b>n/a</b>");
  greengate::exchange::WorkbookEditor::SaveOptions opt;
  opt.recalculate = false;
  std::string ct;
  auto body = multipart_body({{"csrf", token}}, "firm", "bad.xlsx", ed.save(opt), ct);
  auto r = post("/firm/upload?lang=en", body, ct, &jar);
  CHECK(r.status == 400);
  CHECK(contains(r.body, "bad.xlsx:E_PurchPrec!L49"));
  CHECK(contains(r.body, "must be a number ≥ 0, found &#39;&lt;b&gt;n/a&lt;/b&gt;&#39;"));
  CHECK_FALSE(contains(r.body, "<b>n/a</b>"));
  auto notzip = multipart_body({{"csrf", token}}, "firm", "x.xlsx", std::string("PK\x03\x04garbage", 11), ct);
  auto n = post("/firm/upload?lang=en", notzip, ct, &jar);
  CHECK(n.status == 400);
  CHECK(contains(n.body, "x.xlsx"));
}

TEST_CASE("Downloads: the firm's filled Communication template, computed and saved") {
  Jar jar;
  auto token = csrf(jar);
  auto xml = read_file(source_dir() + "/examples/cement-plant.xml");
  auto dl = post("/download?lang=en", form_body({{"csrf", token}, {"xml", xml}, {"year", "2026"}, {"fmt", "xlsx"}}), kForm, &jar);
  REQUIRE(dl.status == 200);
  CHECK(dl.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  REQUIRE(dl.body.size() > 1000000);
  CHECK(dl.body.compare(0, 4, "PK\x03\x04") == 0);
  // the same SEE as `greengate emissions examples/cement-plant.xml` for the clinker: 0.809708, 0.02856
  auto [dir, ind] = see_of(dl.body);
  CHECK(dir == doctest::Approx(0.809708).epsilon(1e-5));
  CHECK(ind == doctest::Approx(0.02856).epsilon(1e-5));
  auto s = post("/save", form_body({{"csrf", token}, {"xml", xml}, {"year", "2026"}, {"name", "template test"}}), kForm, &jar);
  REQUIRE(s.status == 303);
  auto open = get(s.location, &jar);
  CHECK(contains(open.body, "download?fmt=template"));
  auto notes = get(s.location + "/download?fmt=template", &jar);
  REQUIRE(notes.status == 200);
  CHECK(contains(notes.body, "download?fmt=xlsx"));
  auto saved = get(s.location + "/download?fmt=xlsx", &jar);
  REQUIRE(saved.status == 200);
  CHECK(saved.body.compare(0, 4, "PK\x03\x04") == 0);
  CHECK(see_of(saved.body).first == doctest::Approx(0.809708).epsilon(1e-5));
}
