// Handler tests: a real greengate-web on a loopback port, driven through Poco's HTTPClientSession.
// The API must give the CLI's numbers for the same input; bad input must get its status code and
// an escaped, helpful body.

#include <Poco/Base64Decoder.h>
#include <doctest/doctest.h>

#include <cstdlib>
#include <regex>
#include <sstream>

#include "greengate/text/catalogue.hpp"
#include "web_test_support.hpp"

using namespace greengate::webtest;

namespace {
bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

std::vector<std::pair<std::string, std::string>> small_firm_fields(const std::string& token) {
  return {{"csrf", token}, {"op", "compute"}, {"name", "Small test"}, {"year", "2026"},
          {"firm.0.id", "t1"}, {"firm.0.name", "Test Çelik"}, {"firm.0.country", "TR"}, {"firm.0.year", "2025"},
          {"inst.n", "1"}, {"inst.0.id", "a"}, {"inst.0.name", "A"}, {"inst.0.country", "TR"},
          {"proc.n", "1"}, {"proc.0.inst", "a"}, {"proc.0.id", "p"}, {"proc.0.category", "crude_steel"},
          {"proc.0.route", "EAF"}, {"proc.0.output", "1000"}, {"proc.0.unit", "t"},
          {"stream.n", "1"}, {"stream.0.inst", "a"}, {"stream.0.proc", "p"}, {"stream.0.id", "ng"},
          {"stream.0.method", "combustion"}, {"stream.0.fuel", "natural_gas"}, {"stream.0.quantity", "100"},
          {"stream.0.unit", "1000Nm3"}, {"stream.0.ncv", "0.0345"}, {"stream.0.ncv_unit", "TJ/1000Nm3"},
          {"elec.n", "1"}, {"elec.0.inst", "a"}, {"elec.0.proc", "p"}, {"elec.0.quantity", "500"},
          {"elec.0.unit", "MWh"}, {"elec.0.source", "grid"}, {"elec.0.factor_id", "grid.tr.gross_generation_avg"},
          {"prec.n", "0"},
          {"good.n", "1"}, {"good.0.inst", "a"}, {"good.0.proc", "p"}, {"good.0.cn", "72069000"},
          {"good.0.quantity", "1000"}, {"good.0.unit", "t"},
          {"export.n", "1"}, {"export.0.cn", "72069000"}, {"export.0.inst", "a"}, {"export.0.year", "2026"},
          {"export.0.quantity", "500"}, {"export.0.unit", "t"}, {"export.0.destination", "DE"}};
}

const char* kForm = "application/x-www-form-urlencoded";
}  // namespace



// ---- JSON API: the CLI's numbers -------------------------------------------------------------

TEST_CASE("API scope: same JSON as `greengate scope --format json`") {
  auto r = get("/api/v1/scope?cn=72142000&cn=31056000&cn=2523+10+00");
  REQUIRE(r.status == 200);
  CHECK(r.body == run_cli({"scope", "72142000", "31056000", "2523 10 00", "--format", "json"}));
}

TEST_CASE("API defaults: same JSON as `greengate defaults --format json` (Reg. 2023/956 Annex IV mark-ups)") {
  for (auto [cn, origin, year] : {std::tuple{"72142000", "TR", "2027"}, std::tuple{"25231000", "TR", "2026"},
                                  std::tuple{"31021010", "AU", "2028"}}) {
    auto r = get(std::string("/api/v1/defaults?cn=") + cn + "&origin=" + origin + "&year=" + year);
    auto cli = run_cli({"defaults", "--cn", cn, "--origin", origin, "--year", year, "--format", "json"});
    INFO(cn << " " << origin << " " << year);
    if (cli.empty()) {
      CHECK(r.status == 400);
      continue;
    }
    REQUIRE(r.status == 200);
    CHECK(r.body == cli);
  }
}

TEST_CASE("API emissions: same JSON as `greengate emissions FILE --format json` for every example") {
  for (const char* ex : {"eaf-rebar-mill", "cement-plant", "aluminium-extruder", "wind-tower-fabricator",
                         "nitrogen-fertiliser-plant"}) {
    std::string path = std::string("examples/") + ex + ".xml";
    auto xml = read_file(source_dir() + "/" + path);
    auto r = post("/api/v1/emissions", xml, "application/xml");
    REQUIRE(r.status == 200);
    auto cli = run_cli({"emissions", path, "--format", "json"});
    INFO(ex);
    // The only difference allowed is the file name the engine was given.
    CHECK(r.body == replace_all(cli, "\"" + path, "\"request"));
  }
}

TEST_CASE("API emissions: CSV is the CLI's CSV") {
  auto xml = read_file(source_dir() + "/examples/cement-plant.xml");
  auto r = post("/api/v1/emissions?format=csv&year=2027", xml, "application/xml");
  REQUIRE(r.status == 200);
  CHECK(r.body == run_cli({"emissions", "examples/cement-plant.xml", "--year", "2027", "--format", "csv"}));
}

TEST_CASE("API emissions and obligation: uncertainty=N&seed=S gives the CLI's Monte Carlo ranges") {
  auto xml = read_file(source_dir() + "/examples/cement-plant.xml");
  auto r = post("/api/v1/emissions?uncertainty=1000&seed=3", xml, "application/xml");
  REQUIRE(r.status == 200);
  auto cli = run_cli({"emissions", "examples/cement-plant.xml", "--format", "json", "--uncertainty", "1000", "--seed", "3"});
  // the same document as the CLI's (the file name aside): same samples, same seed, same figures
  CHECK(r.body == replace_all(cli, "\"examples/cement-plant.xml", "\"request"));
  CHECK(contains(r.body, "\"uncertainty\""));
  auto o = post("/api/v1/obligation?year=2027&price=80&uncertainty=500", xml, "application/xml");
  REQUIRE(o.status == 200);
  CHECK(contains(o.body, "\"uncertainty\""));
  CHECK(o.body == replace_all(run_cli({"obligation", "examples/cement-plant.xml", "--year", "2027", "--price", "80",
                                       "--format", "json", "--uncertainty", "500"}),
                              "\"examples/cement-plant.xml", "\"request"));
  // bounded: a request cannot ask for a million samples; a seed needs the samples
  CHECK(post("/api/v1/emissions?uncertainty=1000000", xml, "application/xml").status == 400);
  CHECK(post("/api/v1/emissions?uncertainty=ten", xml, "application/xml").status == 400);
  CHECK(post("/api/v1/emissions?seed=3", xml, "application/xml").status == 400);
}

TEST_CASE("API quick check: scope, marked-up default and embedded emissions from the engine") {
  auto r = get("/api/v1/quick-check?cn=72142000&origin=TR&quantity=1000&year=2027");
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, "\"in_scope\":true"));
  CHECK(contains(r.body, "\"marked_up_total\":2.772"));
  CHECK(contains(r.body, "\"embedded_tco2e\":2772"));
  CHECK(contains(r.body, "\"de_minimis\""));
}

TEST_CASE("API errors: JSON with the diagnostics list") {
  SUBCASE("malformed XML") {
    auto r = post("/api/v1/emissions", "<firm schema=\"greengate-firm/1\"><installation", "application/xml");
    CHECK(r.status == 400);
    CHECK(contains(r.content_type, "application/json"));
    CHECK(contains(r.body, "\"diagnostics\": ["));
    CHECK(contains(r.body, "\"line\""));
  }
  SUBCASE("bad firm data keeps the loader's message") {
    auto r = post("/api/v1/emissions", read_file(source_dir() + "/tests/data/bad/bad-number.xml"), "application/xml");
    CHECK(r.status == 400);
    CHECK(contains(r.body, "decimal separator"));
  }
  SUBCASE("bad query") {
    auto r = get("/api/v1/defaults?cn=12&origin=TR");
    CHECK(r.status == 400);
    CHECK(contains(r.body, "\"diagnostics\""));
  }
  SUBCASE("malformed CSV for the batch API") {
    auto r = post("/api/v1/batch?price=80", read_file(source_dir() + "/tests/data/batch/bad-header.csv"), "text/csv");
    CHECK(r.status == 400);
    CHECK(contains(r.body, "\"diagnostics\""));
  }
  SUBCASE("a year without a certificate price") {
    // Regression (issue 13): the answer was "The input has errors" with an empty list
    auto r = post("/api/v1/obligation?year=2027", read_file(source_dir() + "/examples/wind-tower-fabricator.xml"), "application/xml");
    CHECK(r.status == 400);
    CHECK(contains(r.body, "no certificate price for 2027"));
  }
}

TEST_CASE("API obligation: same JSON and CSV as `greengate obligation` (Reg. 2023/956 Art 6, 9, 31)") {
  auto xml = read_file(source_dir() + "/examples/eaf-rebar-mill.xml");
  auto r = post("/api/v1/obligation?year=2026&price=80", xml, "application/xml");
  REQUIRE(r.status == 200);
  auto cli = run_cli({"obligation", "examples/eaf-rebar-mill.xml", "--year", "2026", "--price", "80", "--format", "json"});
  CHECK(r.body == replace_all(cli, "\"examples/eaf-rebar-mill.xml", "\"request"));
  auto published = post("/api/v1/obligation?year=2026&format=csv", xml, "application/xml");
  CHECK(published.body == run_cli({"obligation", "examples/eaf-rebar-mill.xml", "--year", "2026", "--format", "csv"}));
}

TEST_CASE("API exposure: same JSON as `greengate exposure` for 2026-2034") {
  auto xml = read_file(source_dir() + "/examples/wind-tower-fabricator.xml");
  auto r = post("/api/v1/exposure?price=80", xml, "application/xml");
  REQUIRE(r.status == 200);
  auto cli = run_cli({"exposure", "examples/wind-tower-fabricator.xml", "--price", "80", "--format", "json"});
  CHECK(r.body == replace_all(cli, "\"examples/wind-tower-fabricator.xml", "\"request"));
}

TEST_CASE("API batch: same summary as `greengate batch`") {
  for (const char* f : {"sectors-2026.csv", "de-minimis.csv", "rejects.csv"}) {
    std::string path = std::string("tests/data/batch/") + f;
    auto r = post("/api/v1/batch?price=80", read_file(source_dir() + "/" + path), "text/csv");
    INFO(f);
    REQUIRE(r.status == 200);
    CHECK(r.body == run_cli({"batch", path, "--price", "80"}));
  }
}

TEST_CASE("Health: the server answers and names its database") {
  auto r = get("/healthz");
  REQUIRE(r.status == 200);
  const char* db = std::getenv("GREENGATE_TEST_DB");
  CHECK(contains(r.body, db && *db ? "store: postgresql" : "store: sqlite"));
}

// ---- quick check page ---------------------------------------------------------------------

TEST_CASE("Quick check page: English and Turkish number formats") {
  auto en = get("/quick?cn=7214+20+00&origin=TR&quantity=1000&year=2027&lang=en");
  REQUIRE(en.status == 200);
  CHECK(contains(en.body, "<span class=\"big\">2.772</span>"));
  CHECK(contains(en.body, "id=\"r-embedded\">2,772.0<"));
  CHECK(contains(en.body, "Art 2a"));
  auto tr = get("/quick?cn=7214+20+00&origin=TR&quantity=1000&year=2027&lang=tr");
  REQUIRE(tr.status == 200);
  CHECK(contains(tr.body, "<span class=\"big\">2,772</span>"));
  CHECK(contains(tr.body, "id=\"r-embedded\">2.772,0<"));
  CHECK(contains(tr.body, "lang=\"tr\""));
  CHECK(tr.set_cookies["gg_lang"] == "tr");
}

TEST_CASE("Quick check: certificates and cost from the engine when a price is known") {
  auto published = get("/quick?cn=72142000&origin=TR&quantity=1000&year=2026&lang=en");
  CHECK(contains(published.body, "id=\"r-certificates\""));
  CHECK(contains(published.body, "id=\"tr-line\""));
  auto missing = get("/quick?cn=72142000&origin=TR&quantity=1000&year=2031&lang=en");
  CHECK(contains(missing.body, "id=\"r-price-missing\""));
  auto priced = get("/api/v1/quick-check?cn=72142000&origin=TR&quantity=1000&year=2031&price=80");
  REQUIRE(priced.status == 200);
  CHECK(contains(priced.body, "\"certificates"));
  CHECK(contains(priced.body, "\"scenario\":\"user\""));
}

TEST_CASE("Quick check page: the language cookie is remembered") {
  Jar jar{{"gg_lang", "tr"}};
  auto r = get("/", &jar);
  CHECK(contains(r.body, "Hızlı kontrol"));
}

TEST_CASE("Quick check page: words search the goods' descriptions") {
  auto r = get("/quick?cn=clinker&origin=TR");
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, "id=\"matches\""));
  CHECK(contains(r.body, "2523 10 00"));
}

TEST_CASE("Quick check page: a good outside CBAM") {
  auto r = get("/quick?cn=0101+21+00&origin=TR&quantity=5");
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, "id=\"r-not-cbam\""));
}

TEST_CASE("Quick check page: bad values come back next to their field, as typed") {
  auto r = get("/quick?cn=7214&origin=XX&quantity=abc&year=2040");
  CHECK(r.status == 400);
  CHECK(contains(r.body, "id=\"err-cn\""));
  CHECK(contains(r.body, "id=\"err-origin\""));
  CHECK(contains(r.body, "id=\"err-quantity\""));
  CHECK(contains(r.body, "value=\"abc\""));
}

// ---- security and limits --------------------------------------------------------------------

TEST_CASE("Script payloads come back escaped") {
  auto r = get("/quick?cn=%3Cscript%3Ealert(1)%3C%2Fscript%3E&origin=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E");
  CHECK(r.status == 200);  // text in the code field is a description search
  CHECK_FALSE(contains(r.body, "<script>alert(1)"));
  CHECK_FALSE(contains(r.body, "<img src=x"));
  CHECK(contains(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  SUBCASE("in a firm form field") {
    Jar jar;
    auto token = csrf(jar);
    auto fields = small_firm_fields(token);
    for (auto& [k, v] : fields)
      if (k == "proc.0.output") v = "<script>alert(2)</script>";
    auto f = post("/firm", form_body(fields), kForm, &jar);
    CHECK(f.status == 400);
    CHECK_FALSE(contains(f.body, "<script>alert(2)"));
    CHECK(contains(f.body, "&lt;script&gt;alert(2)&lt;/script&gt;"));
  }
  SUBCASE("in an uploaded file name and content") {
    Jar jar;
    auto token = csrf(jar);
    std::string ct;
    auto body = multipart_body({{"csrf", token}}, "firm", "<b>x</b>.xml", "<firm><script>alert(3)</script>", ct);
    auto u = post("/firm/upload", body, ct, &jar);
    CHECK(u.status == 400);
    CHECK_FALSE(contains(u.body, "<script>alert(3)"));
    CHECK_FALSE(contains(u.body, "<b>x</b>"));
  }
}

TEST_CASE("Over-long fields are refused with 400") {
  std::string long_text(300, 'A');
  auto r = get("/quick?cn=" + long_text + "&origin=TR");
  CHECK(r.status == 400);
  CHECK(contains(r.body, "too long"));
  Jar jar;
  auto token = csrf(jar);
  auto fields = small_firm_fields(token);
  fields.push_back({"firm.0.address", std::string(5000, 'x')});
  auto f = post("/firm", form_body(fields), kForm, &jar);
  CHECK(f.status == 400);
  CHECK(contains(f.body, "too long"));
}

TEST_CASE("Too many form fields are refused with 400") {
  std::vector<std::pair<std::string, std::string>> fields;
  for (int i = 0; i < 2100; ++i) fields.push_back({std::string("f").append(std::to_string(i)), "1"});
  auto r = post("/firm", form_body(fields), kForm);
  CHECK(r.status == 400);
}

TEST_CASE("Oversized uploads and bodies get 413 with a clear page") {
  Jar jar;
  auto token = csrf(jar);
  std::string ct;
  auto body = multipart_body({{"csrf", token}}, "firm", "big.xml", std::string(1200 * 1024, ' '), ct);
  auto r = post("/firm/upload", body, ct, &jar);
  CHECK(r.status == 413);
  CHECK(contains(r.body, "larger than 1 MB"));
  auto huge = multipart_body({{"csrf", token}}, "firm", "huge.xml", std::string(3 * 1024 * 1024, ' '), ct);
  auto h = post("/firm/upload", huge, ct, &jar);
  CHECK(h.status == 413);
  CHECK(contains(h.body, "larger than 2 MB"));
}

TEST_CASE("Malformed XML upload: 400 with the parser's message, escaped") {
  Jar jar;
  auto token = csrf(jar);
  std::string ct;
  auto body = multipart_body({{"csrf", token}}, "firm", "broken.xml", read_file(source_dir() + "/tests/data/bad/malformed.xml"), ct);
  auto r = post("/firm/upload", body, ct, &jar);
  CHECK(r.status == 400);
  CHECK(contains(r.body, "broken.xml:"));
  CHECK(contains(r.body, "class=\"diagnostics\""));
}

TEST_CASE("State-changing forms need the CSRF token (403 without it)") {
  Jar jar;
  csrf(jar);
  auto fields = small_firm_fields("");
  auto r = post("/firm", form_body(fields), kForm, &jar);
  CHECK(r.status == 403);
  CHECK(contains(r.body, "did not come from this site"));
  auto wrong = post("/firm", form_body(small_firm_fields("0123456789abcdef0123456789abcdef")), kForm, &jar);
  CHECK(wrong.status == 403);
  auto del = post("/saved/0123456789abcdef0123456789abcdef/delete", "", kForm, &jar);
  CHECK(del.status == 403);
}

TEST_CASE("Unknown addresses and methods") {
  CHECK(get("/nowhere").status == 404);
  CHECK(get("/firm/upload").status == 405);
  CHECK(get("/saved/not-an-id").status == 404);
  auto r = get("/nowhere");
  CHECK_FALSE(contains(r.body, "/work/"));
}

// ---- firm assessment, results, downloads, saved ---------------------------------------------

TEST_CASE("Firm form: compute shows SEE per good with links to its trace, and the charts") {
  Jar jar;
  auto token = csrf(jar);
  auto r = post("/firm", form_body(small_firm_fields(token)), kForm, &jar);
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, "id=\"see-0\"><a class=\"num\" href=\"#tr-g0\">0.194<"));
  CHECK(contains(r.body, "id=\"tr-g0\""));
  CHECK(contains(r.body, "<svg"));
  CHECK(contains(r.body, "id=\"chart-streams\""));
  CHECK(contains(r.body, "id=\"chart-defaults\""));
}

TEST_CASE("Firm form: an error is shown next to its field and nothing typed is lost") {
  Jar jar;
  auto token = csrf(jar);
  auto fields = small_firm_fields(token);
  for (auto& [k, v] : fields)
    if (k == "stream.0.quantity") v = "12,5";
  auto r = post("/firm", form_body(fields), kForm, &jar);
  CHECK(r.status == 400);
  CHECK(contains(r.body, "name=\"stream.0.quantity\" id=\"stream.0.quantity\" value=\"12,5\""));
  // marked invalid, described by its message, focused as the first error (issue 14)
  CHECK(contains(r.body, "class=\"err\" aria-invalid=\"true\" aria-describedby=\"err-stream.0.quantity\" autofocus"));
  CHECK(contains(r.body, "<span id=\"err-stream.0.quantity\"><span class=\"fielderr\">"));
  CHECK(contains(r.body, "value=\"Test Çelik\""));
}

TEST_CASE("Firm form: add a row keeps the other rows") {
  Jar jar;
  auto token = csrf(jar);
  auto fields = small_firm_fields(token);
  for (auto& [k, v] : fields)
    if (k == "op") v = "add:proc";
  auto r = post("/firm", form_body(fields), kForm, &jar);
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, "name=\"proc.1.id\""));
  CHECK(contains(r.body, "value=\"crude_steel\" selected"));
}

namespace {
/// The small firm plus a mass-balance stream (EAF carbon: electrodes in, steel out), imported heat
/// and a shared natural-gas stream attributed to the one process.
std::vector<std::pair<std::string, std::string>> mass_balance_fields(const std::string& token, const std::string& cc,
                                                                     bool turkish = false) {
  auto fields = small_firm_fields(token);
  for (auto& [k, v] : fields)
    if (k == "stream.n") v = "3";
  std::vector<std::pair<std::string, std::string>> more = {
      {"stream.1.inst", "a"}, {"stream.1.proc", "p"}, {"stream.1.id", "eaf-c"}, {"stream.1.method", "mass-balance"},
      {"stream.2.inst", "a"}, {"stream.2.proc", ""}, {"stream.2.id", "ng-site"}, {"stream.2.method", "combustion"},
      {"stream.2.fuel", "natural_gas"}, {"stream.2.quantity", "10"}, {"stream.2.unit", "1000Nm3"},
      {"stream.2.ncv", "0.0345"}, {"stream.2.ncv_unit", "TJ/1000Nm3"},
      {"flow.n", "2"},
      {"flow.0.inst", "a"}, {"flow.0.stream", "eaf-c"}, {"flow.0.dir", "input"}, {"flow.0.material", "electrodes"},
      {"flow.0.quantity", "100"}, {"flow.0.unit", "t"}, {"flow.0.cc", cc},
      {"flow.1.inst", "a"}, {"flow.1.stream", "eaf-c"}, {"flow.1.dir", "output"}, {"flow.1.material", "steel"},
      {"flow.1.quantity", "1000"}, {"flow.1.unit", "t"}, {"flow.1.ccf", "carbon_content.steel"},
      {"attr.n", "1"}, {"attr.0.inst", "a"}, {"attr.0.stream", "ng-site"}, {"attr.0.proc", "p"}, {"attr.0.share", "1"},
      {"heat.n", "1"}, {"heat.0.inst", "a"}, {"heat.0.proc", "p"}, {"heat.0.dir", "import"},
      {"heat.0.quantity", "2"}, {"heat.0.unit", "TJ"}, {"heat.0.factor", "56.1"}};
  fields.insert(fields.end(), more.begin(), more.end());
  if (turkish)  // numbers the Turkish way: ',' is the decimal mark (issue 14)
    for (auto& [k, v] : fields) {
      auto ends = [&](const std::string& x) { return k.size() > x.size() && k.compare(k.size() - x.size(), x.size(), x) == 0; };
      if (ends(".ncv") || ends(".factor") || ends(".cc"))
        for (auto& ch : v)
          if (ch == '.') ch = ',';
    }
  return fields;
}

/// The table cell holding the input named `name` (from the input to the end of its cell).
std::string cell_of(const std::string& body, const std::string& name) {
  auto at = body.find("<input name=\"" + name + "\"");
  if (at == std::string::npos) return {};
  return body.substr(at, body.find("</td>", at) - at);
}
}  // namespace

TEST_CASE("Firm form: mass balance, shared stream and heat rows compute") {
  Jar jar;
  auto token = csrf(jar);
  auto r = post("/firm?lang=en", form_body(mass_balance_fields(token, "0.8")), kForm, &jar);
  INFO(r.body.substr(0, 3000));
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, "eaf-c"));
  CHECK(contains(r.body, "ng-site"));
}

TEST_CASE("Firm form: a bad carbon content of a mass-balance input is shown on that cell, everything typed kept") {
  Jar jar;
  auto token = csrf(jar);
  SUBCASE("negative") {
    auto r = post("/firm?lang=en", form_body(mass_balance_fields(token, "-0.8")), kForm, &jar);
    CHECK(r.status == 400);
    auto cell = cell_of(r.body, "flow.0.cc");
    CHECK(contains(cell, "value=\"-0.8\""));
    CHECK(contains(cell, "class=\"err\" aria-invalid=\"true\" aria-describedby=\"err-flow.0.cc\""));
    CHECK(contains(cell, "<span id=\"err-flow.0.cc\"><span class=\"fielderr\">"));
    CHECK(contains(cell, "&#39;carbon-content&#39; must be between 0 and 1 (got -0.8)"));
    // The other cells are as typed and carry no error.
    CHECK(contains(r.body, "name=\"flow.0.material\" id=\"flow.0.material\" value=\"electrodes\""));
    CHECK(contains(r.body, "name=\"flow.1.ccf\" id=\"flow.1.ccf\" value=\"carbon_content.steel\""));
    CHECK(contains(r.body, "<option value=\"mass-balance\" selected>Mass balance</option>"));
    CHECK(contains(r.body, "<option value=\"output\" selected>Output</option>"));
    CHECK(contains(r.body, "name=\"heat.0.factor\" id=\"heat.0.factor\" value=\"56.1\""));
    CHECK(contains(r.body, "name=\"attr.0.share\" id=\"attr.0.share\" value=\"1\""));
    CHECK_FALSE(contains(cell_of(r.body, "flow.1.cc"), "fielderr"));
    CHECK(contains(r.body, "value=\"Test Çelik\""));
  }
  SUBCASE("empty, in Turkish") {
    auto r = post("/firm?lang=tr", form_body(mass_balance_fields(token, "", true)), kForm, &jar);
    CHECK(r.status == 400);
    auto cell = cell_of(r.body, "flow.0.cc");
    CHECK(contains(cell, "class=\"err\" aria-invalid=\"true\" aria-describedby=\"err-flow.0.cc\""));
    CHECK(contains(cell, "<span id=\"err-flow.0.cc\"><span class=\"fielderr\">"));
    CHECK(contains(cell, "needs &#39;carbon-content&#39;"));
    CHECK(contains(r.body, "<option value=\"input\" selected>Girdi</option>"));
    CHECK(contains(r.body, "Kütle dengesi"));
  }
}

TEST_CASE("Firm form: an uploaded file with a mass balance, shared streams and activities opens in full in the form") {
  Jar jar;
  auto token = csrf(jar);
  for (const char* name : {"eaf-rebar-mill.xml", "cement-plant.xml"}) {
    INFO(name);
    auto xml = read_file(source_dir() + "/examples/" + name);
    auto r = post("/firm/edit?lang=en", form_body({{"csrf", token}, {"xml", xml}, {"year", "2026"}}), kForm, &jar);
    REQUIRE(r.status == 200);
    CHECK_FALSE(contains(r.body, "cannot be shown in the form"));
    CHECK(contains(r.body, "name=\"act.0.id\""));
  }
  auto xml = read_file(source_dir() + "/examples/eaf-rebar-mill.xml");
  auto r = post("/firm/edit?lang=en", form_body({{"csrf", token}, {"xml", xml}, {"year", "2026"}}), kForm, &jar);
  CHECK(contains(r.body, "name=\"flow.0.ccf\" id=\"flow.0.ccf\" value=\"carbon_content.eaf_electrodes\""));
  CHECK(contains(r.body, "name=\"flow.4.cc\" id=\"flow.4.cc\" value=\"0.0020\""));
}

TEST_CASE("Downloads: JSON and CSV are the engine's formats, the HTML report is self-contained") {
  Jar jar;
  auto token = csrf(jar);
  auto xml = read_file(source_dir() + "/examples/eaf-rebar-mill.xml");
  auto dl = [&](const std::string& fmt, const std::string& lang) {
    return post("/download?lang=" + lang, form_body({{"csrf", token}, {"xml", xml}, {"year", "2026"}, {"fmt", fmt}}), kForm, &jar);
  };
  auto json = dl("json", "en");
  REQUIRE(json.status == 200);
  CHECK(json.body == replace_all(run_cli({"emissions", "examples/eaf-rebar-mill.xml", "--format", "json"}),
                                 "\"examples/eaf-rebar-mill.xml", "\"form"));
  auto csv = dl("csv", "en");
  CHECK(csv.body == run_cli({"emissions", "examples/eaf-rebar-mill.xml", "--format", "csv"}));
  CHECK(dl("xml", "en").body == xml);
  auto html = dl("html", "tr");
  REQUIRE(html.status == 200);
  CHECK(contains(html.body, "<svg"));
  CHECK(contains(html.body, "<style>"));
  CHECK_FALSE(contains(html.body, "<form"));
  CHECK_FALSE(contains(html.body, "<link"));
  CHECK_FALSE(contains(html.body, "<script"));
  CHECK(contains(html.body, "lang=\"tr\""));
}

TEST_CASE("Downloads: the signed report (issue 16) as HTML and PDF, in the language asked") {
  Jar jar;
  auto token = csrf(jar);
  auto xml = read_file(source_dir() + "/examples/wind-tower-fabricator.xml");
  auto dl = [&](const std::string& fmt, const std::string& rlang) {
    return post("/download?lang=en", form_body({{"csrf", token}, {"xml", xml}, {"year", "2026"}, {"price", "80"},
                                                {"fmt", fmt}, {"rlang", rlang}}),
                kForm, &jar);
  };
  auto tr = dl("report-html", "tr");
  REQUIRE(tr.status == 200);
  CHECK(contains(tr.body, "lang=\"tr\""));
  CHECK(contains(tr.body, "10. Ek: hesaplama izi"));
  CHECK(contains(tr.body, ">43.507,7</a>"));  // 22 000 t × 1.977621863 (tests/unit/firm_report_test.cpp)
  CHECK_FALSE(contains(tr.body, "<script"));
  auto en = dl("report-html", "en");
  REQUIRE(en.status == 200);
  CHECK(contains(en.body, "10. Appendix: calculation trace"));
  CHECK(contains(en.body, ">43,507.7</a>"));
  auto pdf = dl("report-pdf", "tr");
  REQUIRE(pdf.status == 200);
  CHECK(pdf.body.rfind("%PDF-", 0) == 0);
}

TEST_CASE("Saved assessments: save, list, open, duplicate, delete") {
  Jar jar;
  auto token = csrf(jar);
  auto xml = read_file(source_dir() + "/examples/cement-plant.xml");
  std::string name = "Saved <test> " + std::to_string(std::rand());
  auto s = post("/save", form_body({{"csrf", token}, {"xml", xml}, {"year", "2027"}, {"name", name}}), kForm, &jar);
  REQUIRE(s.status == 303);
  REQUIRE(s.location.rfind("/saved/", 0) == 0);
  auto id = s.location.substr(7);
  auto list = get("/saved", &jar);
  CHECK(contains(list.body, "Saved &lt;test&gt;"));
  auto open = get(s.location, &jar);
  REQUIRE(open.status == 200);
  CHECK(contains(open.body, "import year 2027"));
  auto stored = get(s.location + "/download?fmt=xml", &jar);
  CHECK(stored.body == xml);
  auto report = get(s.location + "/download?fmt=report-html&rlang=en", &jar);
  REQUIRE(report.status == 200);
  CHECK(contains(report.body, "1. Cover"));
  CHECK((contains(report.body, "Imports in 2027") || contains(report.body, "Imports in 2026")));
  CHECK(contains(open.body, "id=\"dl-report-pdf-tr\""));
  CHECK(contains(open.body, "id=\"dl-report-html-en\""));
  auto dup = post(s.location + "/duplicate", form_body({{"csrf", token}}), kForm, &jar);
  REQUIRE(dup.status == 303);
  CHECK(dup.location != s.location);
  CHECK(contains(get("/saved", &jar).body, "Copy of Saved &lt;test&gt;"));
  auto edit = get(s.location + "/edit", &jar);
  CHECK(edit.status == 200);
  CHECK(contains(edit.body, "name=\"proc.0.id\""));
  CHECK(post(s.location + "/delete", form_body({{"csrf", token}}), kForm, &jar).status == 303);
  CHECK(get(s.location, &jar).status == 404);
  CHECK(post(dup.location + "/delete", form_body({{"csrf", token}}), kForm, &jar).status == 303);
}

TEST_CASE("Batch page: upload a declarations CSV, summary on screen and as CSV") {
  Jar jar;
  auto token = csrf(jar);
  std::string ct;
  auto csv = read_file(source_dir() + "/tests/data/batch/sectors-2026.csv");
  auto body = multipart_body({{"csrf", token}, {"price", "80"}}, "declarations", "sectors.csv", csv, ct);
  auto r = post("/batch?lang=en", body, ct, &jar);
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, "id=\"batch-summary\""));
  CHECK(contains(r.body, "id=\"batch-cost-0\">26,400<"));  // aluminium 100 t: 330 certificates × 80 EUR
  auto cli = run_cli({"batch", "tests/data/batch/sectors-2026.csv", "--price", "80"});
  // The page's download link carries the summary CSV itself (a data: URI; no server state).
  CHECK(data_link(r.body, "batch-csv") == cli);
  auto dl = post("/batch", multipart_body({{"csrf", token}, {"price", "80"}, {"fmt", "csv"}}, "declarations", "s.csv", csv, ct),
                 ct, &jar);
  REQUIRE(dl.status == 200);
  CHECK(dl.body == cli);
  SUBCASE("malformed CSV: 400 with the engine's message") {
    auto bad = multipart_body({{"csrf", token}, {"price", "80"}}, "declarations", "bad.csv",
                              read_file(source_dir() + "/tests/data/batch/bad-header.csv"), ct);
    auto b = post("/batch", bad, ct, &jar);
    CHECK(b.status == 400);
    CHECK(contains(b.body, "class=\"diagnostics\""));
  }
  SUBCASE("without CSRF token") {
    auto no = multipart_body({{"price", "80"}}, "declarations", "sectors.csv", csv, ct);
    CHECK(post("/batch", no, ct, &jar).status == 403);
  }
}

TEST_CASE("Results: certificates for the import year and the 2026-2034 exposure with a price") {
  Jar jar;
  auto token = csrf(jar);
  std::string ct;
  auto body = multipart_body({{"csrf", token}, {"price", "80"}, {"year", "2027"}}, "firm", "towers.xml",
                             read_file(source_dir() + "/examples/wind-tower-fabricator.xml"), ct);
  auto r = post("/firm/upload?lang=en", body, ct, &jar);
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, "id=\"obligation\""));
  CHECK(contains(r.body, "id=\"cost-total\""));
  CHECK(contains(r.body, "id=\"chart-exposure-0\""));
  CHECK(contains(r.body, "id=\"tr-o0\""));
  // The engine's totals over all goods, as `greengate exposure` gives them (one engine, two faces):
  // 2026 at 80 EUR/tCO2e, cost on default values 14 039 556 EUR, on actual data 6 011 970 EUR,
  // an upper bound (a benchmark is missing) marked.
  auto cli = run_cli({"exposure", "examples/wind-tower-fabricator.xml", "--price", "80", "--format", "json"});
  REQUIRE(contains(cli, "\"cost_default_eur\": 14039556"));
  auto totals = r.body.substr(r.body.find("id=\"exposure-totals\""));
  totals = totals.substr(0, totals.find("</section>"));
  CHECK(contains(totals, "<th scope=\"row\">2026</th>"));
  CHECK(contains(totals, "14,039,556"));
  CHECK(contains(totals, "6,011,970"));
  CHECK(contains(totals, "title=\"at most this figure"));
}

TEST_CASE("Results: the import year's certificates and cost with the CLI's Monte Carlo range") {
  // The rebar mill in 2026 at 80 EUR: 47 601.0 tCO2e (obligation_test works it by hand); the
  // range is `greengate obligation --uncertainty 10000 --seed 1`'s, the page's samples and seed.
  auto cli = run_cli({"obligation", "examples/eaf-rebar-mill.xml", "--year", "2026", "--price", "80", "--uncertainty",
                      "10000", "--seed", "1", "--format", "json"});
  auto figure = [&](const std::string& key) {
    std::smatch m;
    REQUIRE(std::regex_search(cli, m, std::regex("\"key\":\"" + key + "\",[^}]*\"p2_5\":([0-9.]+),\"median\":[0-9.]+,\"p97_5\":([0-9.]+)")));
    return std::make_pair(std::stod(m[1].str()), std::stod(m[2].str()));
  };
  auto cert = figure("certificates"), cost = figure("cost");
  CHECK(cert.first < 47601.0485502062);
  CHECK(cert.second > 47601.0485502062);
  for (const char* lang : {"en", "tr"}) {
    Jar jar;
    auto token = csrf(jar);
    std::string ct;
    auto body = multipart_body({{"csrf", token}, {"price", "80"}, {"year", "2026"}}, "firm", "mill.xml",
                               read_file(source_dir() + "/examples/eaf-rebar-mill.xml"), ct);
    auto r = post(std::string("/firm/upload?lang=") + lang, body, ct, &jar);
    REQUIRE(r.status == 200);
    const auto& t = greengate::text::Catalogue::builtin(lang);
    CHECK(contains(r.body, "id=\"obligation-range\">" +
                               t.format("money.range", {t.number(cert.first, 1), t.number(cert.second, 1),
                                                        t.number(cost.first, 0), t.number(cost.second, 0)})));
  }
}

TEST_CASE("Upload a firm file: results with every number linked to its trace") {
  Jar jar;
  auto token = csrf(jar);
  std::string ct;
  auto body = multipart_body({{"csrf", token}}, "firm", "cement-plant.xml", read_file(source_dir() + "/examples/cement-plant.xml"), ct);
  auto r = post("/firm/upload", body, ct, &jar);
  REQUIRE(r.status == 200);
  std::regex link("href=\"#(tr-[a-z0-9-]+)\"");
  int links = 0;
  for (auto it = std::sregex_iterator(r.body.begin(), r.body.end(), link); it != std::sregex_iterator(); ++it) {
    ++links;
    CHECK(contains(r.body, "id=\"" + (*it)[1].str() + "\""));
  }
  CHECK(links > 5);
}

TEST_CASE("Price scenarios: an uploaded CSV gives the 2026-2034 exposure under each scenario") {
  Jar jar;
  auto token = csrf(jar);
  auto xml = read_file(source_dir() + "/examples/eaf-rebar-mill.xml");
  auto prices = read_file(source_dir() + "/examples/price-scenarios.csv");
  std::string ct;
  auto body = multipart_files({{"csrf", token}, {"year", "2027"}},
                              {{"firm", "eaf-rebar-mill.xml", xml}, {"prices", "price-scenarios.csv", prices}}, ct);
  auto r = post("/firm/upload?lang=en", body, ct, &jar);
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, "id=\"prices-used\""));
  CHECK(contains(r.body, "id=\"scenario-prices\""));
  for (const char* s : {"low", "central", "high"}) CHECK(contains(r.body, std::string("class=\"exposure\" data-scenario=\"") + s + "\""));
  CHECK(contains(r.body, "id=\"price-central-2030\">95.00<"));
  CHECK(contains(r.body, "id=\"price-high-2034\">170.00<"));
  // The import year's certificates under the central scenario.
  CHECK(contains(r.body, "Price scenario: central"));
  SUBCASE("the same from the results page's scenario form, and the HTML report keeps them") {
    auto again = post("/firm/prices?lang=en",
                      multipart_files({{"csrf", token}, {"year", "2027"}, {"xml", xml}},
                                      {{"prices", "mine.csv", prices}}, ct),
                      ct, &jar);
    REQUIRE(again.status == 200);
    CHECK(contains(again.body, "id=\"price-low-2028\">65.00<"));
    CHECK(contains(again.body, "name=\"prices_csv\""));
    auto dl = post("/download", form_body({{"csrf", token}, {"year", "2027"}, {"xml", xml}, {"fmt", "html"},
                                           {"prices_csv", prices}, {"prices_name", "mine.csv"}}),
                   kForm, &jar);
    REQUIRE(dl.status == 200);
    CHECK(contains(dl.body, "id=\"price-high-2034\">170.00<"));
  }
  SUBCASE("a price file without every year: the exposure is not shown, the missing years are named") {
    auto part = multipart_files({{"csrf", token}}, {{"firm", "f.xml", xml}, {"prices", "short.csv", "period,price\n2026,80\n"}}, ct);
    auto s = post("/firm/upload?lang=en", part, ct, &jar);
    REQUIRE(s.status == 200);
    CHECK(contains(s.body, "short.csv has no price for 2027, 2028"));
  }
  SUBCASE("a malformed price file: 400 with file:line, escaped") {
    auto part = multipart_files({{"csrf", token}}, {{"firm", "f.xml", xml}, {"prices", "<p>.csv", "period,price\n2026,x\n"}}, ct);
    auto s = post("/firm/upload?lang=en", part, ct, &jar);
    CHECK(s.status == 400);
    CHECK(contains(s.body, "&lt;p&gt;.csv:2"));
  }
}

TEST_CASE("Results: plausibility warnings and the data-quality grade, in Turkish and English") {
  // The 48.000 slip (48 t of output for 12 000 t of rebar): both checks fire; with a flat price
  // the exposure, hence the data-quality section, is shown.
  for (const char* lang : {"tr", "en"}) {
    Jar jar;
    auto token = csrf(jar);
    std::string ct;
    auto body = multipart_body({{"csrf", token}, {"price", "80"}}, "firm", "slip.xml",
                               read_file(source_dir() + "/tests/data/bad/implausible-48000.xml"), ct);
    auto r = post(std::string("/firm/upload?lang=") + lang, body, ct, &jar);
    REQUIRE(r.status == 200);
    CHECK(contains(r.body, "id=\"plausibility\""));
    CHECK(contains(r.body, "data-code=\"goods_exceed_activity\""));
    CHECK(contains(r.body, "data-code=\"see_above_band\""));
    CHECK(contains(r.body, "id=\"quality-grade\""));
    if (std::string(lang) == "tr") {
      CHECK(contains(r.body, "Akla yatkınlık uyarıları"));
      CHECK(contains(r.body, "12.000 t"));  // Turkish grouping in the warning's figures
      CHECK(contains(r.body, "Veri kalitesi"));
    } else {
      CHECK(contains(r.body, "Plausibility warnings"));
      CHECK(contains(r.body, "12,000 t"));
    }
  }
}

// ---- footprints beyond CBAM (issue 17): the engine's figures on the results page ----------------

namespace {
/// The number after `"key": ` in a CLI JSON output (the first one).
double json_number(const std::string& json, const std::string& key) {
  std::smatch m;
  REQUIRE(std::regex_search(json, m, std::regex("\"" + key + "\": (-?[0-9.eE+-]+)")));
  return std::stod(m[1].str());
}
std::string upload_results(const std::string& example, const std::string& lang, Jar& jar) {
  auto token = csrf(jar);
  std::string ct;
  auto body = multipart_body({{"csrf", token}}, "firm", example, read_file(source_dir() + "/examples/" + example), ct);
  auto r = post("/firm/upload?lang=" + lang, body, ct, &jar);
  REQUIRE(r.status == 200);
  return r.body;
}
}  // namespace

TEST_CASE("Results: the GHG inventory beside CBAM, Scope 2 both ways, as greengate footprint, in TR and EN") {
  // The cement example: Scope 1 = CO2 1 221 951.21318 + CH4 931.372596 + N2O 1 376.5610765 +
  // HFCs 119.257 = 1 224 378.4038525 tCO2e (footprint_test works each gas by hand); Scope 2
  // location-based 71 491.15 and market-based 53 931.15 tCO2e, shown side by side.
  auto cli = run_cli({"footprint", "examples/cement-plant.xml", "--format", "json"});
  CHECK(json_number(cli, "total") == doctest::Approx(1224378.4038525));
  // The 95 % range beside it is the CLI's Monte Carlo at the page's 10 000 samples and seed 1.
  auto mc = run_cli({"footprint", "examples/cement-plant.xml", "--format", "json", "--uncertainty", "10000", "--seed", "1"});
  std::smatch m;
  REQUIRE(std::regex_search(mc, m, std::regex("\"key\":\"scope1\",[^}]*\"p2_5\":([0-9.]+),\"median\":[0-9.]+,\"p97_5\":([0-9.]+)")));
  const double lo = std::stod(m[1].str()), hi = std::stod(m[2].str());
  CHECK(lo < 1224378.4038525);
  CHECK(hi > 1224378.4038525);
  for (const char* lang : {"en", "tr"}) {
    Jar jar;
    auto page = upload_results("cement-plant.xml", lang, jar);
    const auto& t = greengate::text::Catalogue::builtin(lang);
    CHECK(contains(page, "id=\"footprint\""));
    CHECK(contains(page, "id=\"fp-scope1-total\"><strong>" + t.number(1224378.4038525, 1) + "</strong> <small class=\"range\">(" +
                             t("fp.range") + " " + t.number(lo, 1) + " – " + t.number(hi, 1) + ")</small>"));
    CHECK(contains(page, "id=\"fp-scope2-location\"><strong>" +
                             t.number(json_number(cli, "scope2_location_tco2e"), 1) + "</strong>"));
    CHECK(contains(page, "id=\"fp-scope2-market\"><strong>" +
                             t.number(json_number(cli, "scope2_market_tco2e"), 1) + "</strong>"));
    CHECK(contains(page, "id=\"fp-biogenic\""));
    CHECK(contains(page, t("fp.scope3")));
    CHECK(contains(page, std::string(lang) == "tr" ? "1.224.378,4" : "1,224,378.4"));
  }
  // The inventory download is the CLI's JSON (the file name is the form's).
  Jar jar;
  auto token = csrf(jar);
  auto xml = read_file(source_dir() + "/examples/cement-plant.xml");
  auto dl = post("/download", form_body({{"csrf", token}, {"xml", xml}, {"year", "2026"}, {"fmt", "footprint-json"}}), kForm, &jar);
  REQUIRE(dl.status == 200);
  CHECK(dl.body == replace_all(cli, "\"examples/cement-plant.xml", "\"form"));
}

TEST_CASE("Results: product footprints with their PACT download, and the hydrogen test, as the CLI") {
  // Wind-tower section T2: 141.935936189036 tCO2e per section (footprint_test works its BOM by
  // hand) = 141 935.9 kgCO2e; the PACT download is the CLI's export but for `created`.
  Jar jar;
  auto page = upload_results("wind-tower-fabricator.xml", "en", jar);
  CHECK(contains(page, "id=\"fp-products\""));
  CHECK(contains(page, "id=\"fp-product-0\">141,935.9 kgCO2e"));
  CHECK(contains(page, "id=\"dl-pact-0\""));
  auto token = csrf(jar);
  auto xml = read_file(source_dir() + "/examples/wind-tower-fabricator.xml");
  auto dl = post("/download", form_body({{"csrf", token}, {"xml", xml}, {"year", "2026"}, {"fmt", "pact"}, {"product", "t2-section"}}),
                 kForm, &jar);
  REQUIRE(dl.status == 200);
  // `created` is the server's clock; the comment names the file ("form" on the web) and the id is
  // a UUID v5 of the content, file name included: those three differ, nothing else.
  auto same = [](std::string j) {
    j = std::regex_replace(j, std::regex("\"created\": \"[^\"]+\""), "\"created\": \"-\"");
    j = std::regex_replace(j, std::regex("\"id\": \"[0-9a-f-]{36}\""), "\"id\": \"-\"",
                           std::regex_constants::format_first_only);
    return replace_all(j, "from examples/wind-tower-fabricator.xml,", "from form,");
  };
  auto cli = run_cli({"footprint", "examples/wind-tower-fabricator.xml", "--product", "t2-section", "--format", "pact",
                      "--created", "2027-01-15T09:00:00Z"});
  CHECK(same(dl.body) == same(cli));
  auto bad = post("/download", form_body({{"csrf", token}, {"xml", xml}, {"year", "2026"}, {"fmt", "pact"}, {"product", "nope"}}),
                  kForm, &jar);
  CHECK(bad.status == 400);

  // Hydrogen: the SMR with CCS life cycle at 24.7975723056657 gCO2e/MJ × 0.12 MJ/g… = 2.98
  // kgCO2e/kgH2, under the 3.384 ceiling: low-carbon (hydrogen_test works it by hand).
  auto h2cli = run_cli({"hydrogen", "examples/hydrogen-producers.xml", "--format", "json"});
  CHECK(json_number(h2cli, "intensity_kgco2e_per_kg") == doctest::Approx(2.97570867667988));
  for (const char* lang : {"en", "tr"}) {
    Jar j2;
    auto h2 = upload_results("hydrogen-producers.xml", lang, j2);
    CHECK(contains(h2, "id=\"fp-hydrogen\""));
    CHECK(contains(h2, std::string("id=\"fp-h2-0\">") + (std::string(lang) == "tr" ? "2,98" : "2.98")));
    CHECK(contains(h2, greengate::text::Catalogue::builtin(lang)("fp.outcome.pass")));
  }
}
