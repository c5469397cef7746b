// Pure parts of the web front end, without a socket: catalogues, number display and parsing per
// language, escaping, and the firm form <-> firm XML round trip with diagnostics placed on fields.

#include <doctest/doctest.h>

#include <algorithm>

#include "firm_form.hpp"
#include "greengate/model/firm.hpp"
#include "html.hpp"
#include "i18n.hpp"
#include "greengate/calc/dataset.hpp"
#include "greengate/rules/rule_set.hpp"
#include "quick_check.hpp"
#include "screening.hpp"
#include "web_test_support.hpp"

namespace gw = greengate::web;

namespace {
const gw::FirmFormDef& def() { return greengate::webtest::bundled_form(); }
const gw::Catalogues& catalogues() {
  static auto c = gw::Catalogues{};
  return c;
}
}  // namespace

TEST_CASE("Catalogues: Turkish and English have exactly the same keys") {
  auto en = catalogues().get("en").keys();
  auto tr = catalogues().get("tr").keys();
  std::sort(en.begin(), en.end());
  std::sort(tr.begin(), tr.end());
  CHECK(en == tr);
  CHECK(en.size() > 150);
}

TEST_CASE("Catalogues: a malformed line is a definition error naming file and line") {
  CHECK_THROWS_AS(gw::Catalogue::from_text("number.thousands = ,\nnumber.point = .\nno equals sign\n", "x.properties", "en"),
                  greengate::DefinitionError);
  try {
    gw::Catalogue::from_text("number.thousands = ,\nnumber.point = .\nbroken\n", "x.properties", "en");
  } catch (const greengate::DefinitionError& e) {
    CHECK(e.diagnostics().format().find("x.properties:3:") != std::string::npos);
  }
}

TEST_CASE("Numbers: Turkish uses a decimal comma and dot thousands, English the reverse") {
  const auto& tr = catalogues().get("tr");
  const auto& en = catalogues().get("en");
  CHECK(tr.number(1234567.891, 1) == "1.234.567,9");
  CHECK(en.number(1234567.891, 1) == "1,234,567.9");
  CHECK(tr.number(2.772, 3) == "2,772");
  CHECK(tr.trimmed(1.5, 4) == "1,5");
  SUBCASE("typed numbers are read in the user's language") {
    CHECK(tr.parse_number("1.250,5") == doctest::Approx(1250.5));
    CHECK(tr.parse_number("1250,5") == doctest::Approx(1250.5));
    // issue 14: in Turkish '.' groups thousands: "48.000" is 48 000 (it was read as 48), and a
    // '.' that cannot group ("1250.5") is refused with the Turkish way of writing it
    CHECK(tr.parse_number("48.000") == doctest::Approx(48000));
    CHECK(tr.parse_number("1.500") == doctest::Approx(1500));
    CHECK_FALSE(tr.parse_number("1250.5").has_value());
    CHECK(tr.number_error("1250.5", greengate::text::read_number("1250.5", tr.convention())) ==
          "'1250.5': Türkçede '.' binlikleri ayırır, ',' ondalık işaretidir — 1.250,5 mi demek istediniz?");
    CHECK(en.parse_number("1,250.5") == doctest::Approx(1250.5));
    CHECK_FALSE(en.parse_number("1,5").has_value());
    CHECK_FALSE(en.parse_number("12abc").has_value());
    CHECK_FALSE(en.parse_number("").has_value());
  }
}

TEST_CASE("Escaping: markup in echoed values is neutralised") {
  CHECK(gw::esc("<script>alert('x')</script>&\"") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
}

namespace {
gw::FirmForm small_form() {
  std::map<std::string, std::string> f = {
      {"firm.0.id", "t1"}, {"firm.0.name", "Test <Çelik>"}, {"firm.0.country", "TR"}, {"firm.0.year", "2025"},
      {"inst.n", "1"}, {"inst.0.id", "a"}, {"inst.0.name", "A"}, {"inst.0.country", "TR"},
      {"proc.n", "1"}, {"proc.0.inst", "a"}, {"proc.0.id", "p"}, {"proc.0.category", "crude_steel"},
      {"proc.0.output", "1000"}, {"proc.0.unit", "t"},
      {"stream.n", "1"}, {"stream.0.inst", "a"}, {"stream.0.proc", "p"}, {"stream.0.id", "ng"},
      {"stream.0.method", "combustion"}, {"stream.0.fuel", "natural_gas"}, {"stream.0.quantity", "100"},
      {"stream.0.unit", "1000Nm3"}, {"stream.0.ncv", "0.0345"}, {"stream.0.ncv_unit", "TJ/1000Nm3"},
      {"good.n", "1"}, {"good.0.inst", "a"}, {"good.0.proc", "p"}, {"good.0.cn", "72069000"},
      {"good.0.quantity", "1000"}, {"good.0.unit", "t"},
      {"export.n", "1"}, {"export.0.cn", "72069000"}, {"export.0.inst", "a"}, {"export.0.year", "2026"},
      {"export.0.quantity", "500"}, {"export.0.unit", "t"}, {"export.0.destination", "DE"}};
  return gw::form_from_fields(def(), [f](const std::string& k) { auto it = f.find(k); return it == f.end() ? std::string() : it->second; }, 200);
}
}  // namespace

TEST_CASE("Firm form: the rows serialise to a firm file the engine's loader accepts") {
  auto form = small_form();
  auto xml = gw::form_to_xml(def(), form);
  CHECK_FALSE(form.has_errors());
  auto loaded = greengate::model::parse_firm(xml.xml, "form");
  INFO(loaded.diagnostics().format());
  CHECK(loaded.ok());
  CHECK(xml.xml.find("Test &lt;Çelik&gt;") != std::string::npos);
}

TEST_CASE("Firm form: a loader error lands on the cell that caused it, the typed value kept") {
  auto form = small_form();
  form.rows["proc"][0]["output"] = "12,5";
  auto xml = gw::form_to_xml(def(), form);
  auto loaded = greengate::model::parse_firm(xml.xml, "form");
  REQUIRE_FALSE(loaded.ok());
  greengate::Diagnostics unplaced;
  gw::place_diagnostics(def(), form, xml, loaded.diagnostics(), unplaced);
  CHECK(unplaced.empty());
  REQUIRE(form.errors.count("proc.0.output"));
  CHECK(form.errors["proc.0.output"][0].find("'output'") != std::string::npos);
  CHECK(form.rows["proc"][0]["output"] == "12,5");
}

TEST_CASE("Firm form: a row pointing at an unknown installation is an error on that cell") {
  auto form = small_form();
  form.rows["stream"][0]["inst"] = "nowhere";
  gw::form_to_xml(def(), form);
  CHECK(form.errors.count("stream.0.inst"));
}

TEST_CASE("Firm form: adding and removing rows") {
  auto form = small_form();
  gw::apply_row_op(def(), form, "add:proc");
  CHECK(form.rows["proc"].size() == 2);
  gw::apply_row_op(def(), form, "del:proc.0");
  CHECK(form.rows["proc"].size() == 1);
  gw::apply_row_op(def(), form, "del:firm.0");  // the firm section has exactly one row
  CHECK(form.rows["firm"].size() == 1);
}

TEST_CASE("Firm form: an uploaded example file fills the form and serialises back to the same results") {
  auto text = greengate::webtest::read_file(greengate::webtest::source_dir() + "/examples/cement-plant.xml");
  std::vector<std::string> not_shown;
  auto form = gw::form_from_xml(def(), text, not_shown);
  CHECK(form.rows["inst"].size() >= 1);
  CHECK(form.rows["proc"].size() >= 1);
}

TEST_CASE("Screening uploads: firm files are kept only as bare names of bundled examples") {
  namespace gw = greengate::web;
  const std::string examples = std::string(GREENGATE_SOURCE_DIR) + "/examples";
  std::vector<gw::DroppedFirmFile> dropped;
  std::string csv =
      "# comment\n"
      "id,name,firm_file\n"
      "A,One,cement-plant.xml\n"
      "B,Two,../examples/cement-plant.xml\n"
      "C,\"Three, Ltd\",/etc/passwd\n"
      "D,Four,\"C:\\\\firms\\\\x.xml\n(two lines)\"\n"
      "E,Five,\n"
      "F,Six,missing.xml\n";
  auto out = gw::restrict_firm_files(csv, examples, dropped);
  CHECK(out ==
        "# comment\n"
        "id,name,firm_file\n"
        "A,One,cement-plant.xml\n"
        "B,Two,\n"
        "C,\"Three, Ltd\",\n"
        "D,Four,\"\n\"\n"
        "E,Five,\n"
        "F,Six,\n");
  REQUIRE(dropped.size() == 4);
  CHECK(dropped[0].line == 4);
  CHECK(dropped[0].value == "../examples/cement-plant.xml");
  CHECK(dropped[1].value == "/etc/passwd");
  CHECK(dropped[2].line == 6);
  CHECK(dropped[3].line == 9);  // line numbers after the two-line cell are kept
  CHECK(std::count(out.begin(), out.end(), '\n') == std::count(csv.begin(), csv.end(), '\n'));
}

TEST_CASE("Screening uploads: display names drop client folders and control characters") {
  CHECK(greengate::web::display_name("C:\\Users\\x\\call.xml", "f") == "call.xml");
  CHECK(greengate::web::display_name("/home/x/a\nb.csv", "f") == "ab.csv");
  CHECK(greengate::web::display_name("", "fallback.csv") == "fallback.csv");
}

TEST_CASE("Quick check JSON: the cached scope and default parts give the same answer as writing them anew") {
  // A good with a Türkiye default, a good whose default falls back to 'Other countries', a good
  // outside CBAM, electricity without a default (a gap), and the same good with two quantities,
  // two years and two routes: each answer must be the same text with and without the cache, the
  // first time (the parts are written and kept) and the second (they are taken from the cache).
  static const auto ds = greengate::calc::load_dataset(greengate::webtest::source_dir()).get();
  static const auto money = greengate::rules::load_rules(greengate::webtest::source_dir() + "/rules/cbam/money.xml",
                                                         "rules/cbam/money.xml").get();
  static const auto published = greengate::calc::PriceBook::published(ds.factors);
  const gw::MoneyData md{money, published};
  gw::QuickJsonCache cache;
  struct In {
    const char *cn, *origin, *quantity, *year, *route;
  };
  const In inputs[] = {{"7214 20 00", "TR", "1000", "2026", ""}, {"72142000", "TR", "5", "2026", ""},
                       {"72142000", "TR", "1000", "2030", ""},   {"7601 10 00", "FJ", "10", "2027", ""},
                       {"0101 21 00", "TR", "10", "2026", ""},   {"2716 00 00", "TR", "10", "2026", ""},
                       {"2523 10 00", "TR", "100", "2026", "A"}, {"2523 10 00", "TR", "100", "2026", "B"}};
  for (int round = 0; round < 2; ++round) {
    for (const auto& in : inputs) {
      gw::QuickInput qi{in.cn, in.origin, in.quantity, in.year, in.route, ""};
      auto parsed = gw::parse_quick(qi, ds, catalogues().get("en"));
      REQUIRE(parsed.ok());
      auto result = gw::run_quick(parsed.query, ds, md, false);
      CHECK(gw::quick_json(parsed.query, result, ds, &cache) == gw::quick_json(parsed.query, result, ds));
    }
  }
  CHECK(cache.size() == 7);  // the two quantities of 7214 20 00 in 2026 share their parts
}
