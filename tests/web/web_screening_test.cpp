// Grant screening pages (issue 6): the ranked table, one applicant's decision record and the zip
// must carry the engine's verdicts — the same as `greengate screen` on the same files — and bad
// call files must come back as 400 with their file:line diagnostics, escaped.

#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>
#include <doctest/doctest.h>

#include <map>
#include <sstream>

#include "web_test_support.hpp"

using namespace greengate::webtest;

namespace {
bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

const char* kCall = "izmir-green-transition-2026.xml";
const char* kCallPath = "rules/calls/izmir-green-transition-2026.xml";
const char* kApplicantsPath = "examples/applicants-izmir-2026.csv";

/// RFC 4180 rows of a CSV text.
std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') cell += '"', ++i;
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') quoted = true;
    else if (c == ',') rows.back().push_back(cell), cell.clear();
    else if (c == '\n') rows.back().push_back(cell), cell.clear(), rows.emplace_back();
    else if (c != '\r') cell += c;
  }
  if (!cell.empty() || !rows.back().empty()) rows.back().push_back(cell);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

/// id -> verdict from `greengate screen … --format csv`.
std::map<std::string, std::string> cli_verdicts(const std::string& csv) {
  std::map<std::string, std::string> out;
  auto rows = csv_rows(csv);
  for (std::size_t r = 1; r < rows.size(); ++r) out[rows[r].at(1)] = rows[r].at(3);
  return out;
}

Reply screen_upload(Jar& jar, const std::string& token, const std::vector<UploadPart>& files,
                    const std::string& call = kCall, const std::string& lang = "en") {
  std::string ct;
  auto body = multipart_files({{"csrf", token}, {"call", call}}, files, ct);
  return post("/screen?lang=" + lang, body, ct, &jar);
}
}  // namespace

TEST_CASE("Screening page: the form offers the bundled calls, in both languages") {
  auto en = get("/screen?lang=en");
  REQUIRE(en.status == 200);
  CHECK(contains(en.body, "id=\"screen-form\""));
  CHECK(contains(en.body, std::string("value=\"") + kCall + "\""));
  CHECK(contains(en.body, "enctype=\"multipart/form-data\""));
  auto tr = get("/screen?lang=tr");
  REQUIRE(tr.status == 200);
  CHECK(contains(tr.body, "Hibe başvurularının ön değerlendirmesi"));
}

TEST_CASE("Screening page: a bundled call and the example applicants give the CLI's verdicts") {
  Jar jar;
  auto token = csrf(jar);
  auto csv = read_file(source_dir() + "/" + kApplicantsPath);
  auto r = screen_upload(jar, token, {{"applicants_file", "applicants-izmir-2026.csv", csv}});
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, "id=\"screen-ranked\""));
  auto verdicts = cli_verdicts(run_cli({"screen", kCallPath, kApplicantsPath, "--format", "csv"}));
  REQUIRE(verdicts.size() == 50);
  std::map<std::string, int> seen;
  for (const auto& [id, verdict] : verdicts) {
    INFO(id);
    CHECK(contains(r.body, "id=\"verdict-" + id + "\" data-verdict=\"" + verdict + "\""));
    ++seen[verdict];
  }
  // The examples cover every verdict (issue 6: ineligible ones, missing evidence).
  CHECK(seen.size() == 3);
  // Firm files of the bundled examples are used: nothing is listed as dropped.
  CHECK_FALSE(contains(r.body, "id=\"screen-firm-files\""));
  SUBCASE("Turkish page") {
    auto tr = screen_upload(jar, token, {{"applicants_file", "a.csv", csv}}, kCall, "tr");
    REQUIRE(tr.status == 200);
    CHECK(contains(tr.body, ">uygun<"));
    CHECK(contains(tr.body, ">belge eksik<"));
  }
}

TEST_CASE("Screening detail: every criterion with result, reason, reference, parameters and facts") {
  Jar jar;
  auto token = csrf(jar);
  auto csv = read_file(source_dir() + "/" + kApplicantsPath);
  auto r = post("/screen/applicant?lang=en",
                form_body({{"csrf", token}, {"call", kCall}, {"csv", csv}, {"csv_name", "a.csv"}, {"applicant", "IZ-001"}}),
                "application/x-www-form-urlencoded", &jar);
  REQUIRE(r.status == 200);
  for (const char* id : {"id=\"criteria\"", "id=\"sections\"", "id=\"applicant\"", "id=\"facts\"", "class=\"params\"",
                         "class=\"facts\"", "id=\"verdict\""})
    CHECK(contains(r.body, id));
  CHECK(contains(r.body, "Aliağa Döküm ve Makine A.Ş. (fictitious)"));
  auto verdicts = cli_verdicts(run_cli({"screen", kCallPath, kApplicantsPath, "--format", "csv"}));
  CHECK(contains(r.body, "id=\"verdict\" data-verdict=\"" + verdicts.at("IZ-001") + "\""));
  // An applicant driven by a firm file (CBAM criterion, examples/wind-tower-fabricator.xml).
  SUBCASE("unknown applicant id: 404") {
    auto no = post("/screen/applicant", form_body({{"csrf", token}, {"call", kCall}, {"csv", csv}, {"applicant", "NOPE"}}),
                   "application/x-www-form-urlencoded", &jar);
    CHECK(no.status == 404);
  }
}

TEST_CASE("Screening detail: the call's labels in the page's language (label-tr of the rule file, issue 14)") {
  Jar jar;
  auto token = csrf(jar);
  auto csv = read_file(source_dir() + "/" + kApplicantsPath);
  auto page = [&](const std::string& lang) {
    return post("/screen/applicant?lang=" + lang,
                form_body({{"csrf", token}, {"call", kCall}, {"csv", csv}, {"csv_name", "a.csv"}, {"applicant", "IZ-001"}}),
                "application/x-www-form-urlencoded", &jar);
  };
  auto tr = page("tr");
  auto en = page("en");
  REQUIRE(tr.status == 200);
  REQUIRE(en.status == 200);
  // rule izmir26.docs, section capacity (its table's label) and the call, as written in
  // rules/calls/izmir-green-transition-2026.xml
  CHECK(contains(tr.body, "<small>Zorunlu belgeler eklenmiş</small>"));
  CHECK(contains(tr.body, "<td>Mali ve işletme kapasitesi"));
  CHECK_FALSE(contains(tr.body, "Mandatory documents attached"));
  CHECK(contains(en.body, "<small>Mandatory documents attached</small>"));
  CHECK(contains(en.body, "<td>Financial and operational capacity"));
  CHECK_FALSE(contains(en.body, "Zorunlu belgeler"));
  auto ranked = screen_upload(jar, token, {{"applicants_file", "a.csv", csv}}, kCall, "tr");
  REQUIRE(ranked.status == 200);
  CHECK(contains(ranked.body, ">KURGUSAL İzmir Yeşil Dönüşüm ve Temiz Enerji Çağrısı 2026</h2>"));
}

TEST_CASE("Screening zip: one decision record per applicant, the index and the CLI's ranked CSV") {
  Jar jar;
  auto token = csrf(jar);
  auto csv = read_file(source_dir() + "/" + kApplicantsPath);
  auto r = post("/screen/zip?lang=tr", form_body({{"csrf", token}, {"call", kCall}, {"csv", csv}}),
                "application/x-www-form-urlencoded", &jar);
  REQUIRE(r.status == 200);
  CHECK(r.content_type == "application/zip");
  std::istringstream in(r.body);
  Poco::Zip::ZipArchive zip(in);
  std::map<std::string, std::string> entries;
  for (auto it = zip.headerBegin(); it != zip.headerEnd(); ++it) {
    std::istringstream again(r.body);
    Poco::Zip::ZipInputStream zis(again, it->second);
    std::ostringstream text;
    text << zis.rdbuf();
    entries[it->first] = text.str();
  }
  CHECK(entries.size() == 52);
  REQUIRE(entries.count("ranked.csv"));
  REQUIRE(entries.count("index.html"));
  REQUIRE(entries.count("applicant-IZ-001.html"));
  REQUIRE(entries.count("applicant-IZ-050.html"));
  CHECK(entries["ranked.csv"] == run_cli({"screen", kCallPath, kApplicantsPath, "--format", "csv"}));
  CHECK(contains(entries["applicant-IZ-001.html"], "lang=\"tr\""));
  CHECK(contains(entries["index.html"], "applicant-IZ-001.html"));
}

TEST_CASE("Screening: an uploaded call file is used, a bad one is 400 with file:line, escaped") {
  Jar jar;
  auto token = csrf(jar);
  auto call = read_file(source_dir() + "/" + kCallPath);
  auto csv = read_file(source_dir() + "/" + kApplicantsPath);
  SUBCASE("good call file") {
    auto r = screen_upload(jar, token, {{"call_file", "my-call.xml", call}, {"applicants_file", "a.csv", csv}}, "");
    REQUIRE(r.status == 200);
    CHECK(contains(r.body, "my-call.xml"));
    CHECK(contains(r.body, "name=\"call_xml\""));
  }
  SUBCASE("unknown element: the loader's message with the uploaded file's name and line") {
    auto pos = call.find("<call ");
    REQUIRE(pos != std::string::npos);
    auto line = 1 + std::count(call.begin(), call.begin() + static_cast<std::ptrdiff_t>(pos), '\n');
    auto bad = call;
    bad.insert(pos, "<bogus-element/>");
    auto r = screen_upload(jar, token, {{"call_file", "bad<b>call.xml", bad}, {"applicants_file", "a.csv", csv}}, "");
    CHECK(r.status == 400);
    CHECK(contains(r.body, "class=\"diagnostics\""));
    CHECK(contains(r.body, "bad&lt;b&gt;call.xml:" + std::to_string(line) + ":"));
    CHECK_FALSE(contains(r.body, "bad<b>call"));
    CHECK_FALSE(contains(r.body, "/tmp"));
  }
  SUBCASE("not XML at all") {
    auto r = screen_upload(jar, token, {{"call_file", "x.xml", "<rules><call"}, {"applicants_file", "a.csv", csv}}, "");
    CHECK(r.status == 400);
    CHECK(contains(r.body, "x.xml:"));
  }
  SUBCASE("bad applicants file: 400 naming the line") {
    auto r = screen_upload(jar, token, {{"applicants_file", "apps.csv", "id,name\nA,<script>alert(1)</script>\n"}});
    CHECK(r.status == 400);
    CHECK(contains(r.body, "apps.csv:"));
    CHECK_FALSE(contains(r.body, "<script>alert"));
  }
  SUBCASE("no call chosen") {
    auto r = screen_upload(jar, token, {{"applicants_file", "a.csv", csv}}, "");
    CHECK(r.status == 400);
  }
  SUBCASE("without the CSRF token: 403") {
    std::string ct;
    auto body = multipart_files({{"call", kCall}}, {{"applicants_file", "a.csv", csv}}, ct);
    CHECK(post("/screen", body, ct, &jar).status == 403);
  }
}

TEST_CASE("Screening: firm files outside the bundled examples are treated as not given and listed") {
  Jar jar;
  auto token = csrf(jar);
  auto csv = read_file(source_dir() + "/" + kApplicantsPath);
  // Point two applicants' firm files at paths the server must not open.
  auto replace = [&](const std::string& from, const std::string& to) {
    auto p = csv.find(from);
    REQUIRE(p != std::string::npos);
    csv.replace(p, from.size(), to);
  };
  replace(",wind-tower-fabricator.xml,", ",../../etc/passwd,");
  replace(",cement-plant.xml,", ",\"C:\\firms\\<x>.xml\",");
  auto r = screen_upload(jar, token, {{"applicants_file", "a.csv", csv}});
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, "id=\"screen-firm-files\""));
  CHECK(contains(r.body, "&quot;../../etc/passwd&quot;"));
  CHECK(contains(r.body, "C:\\firms\\&lt;x&gt;.xml"));
  CHECK_FALSE(contains(r.body, "root:"));
}
