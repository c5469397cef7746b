// Batch page (issue 5, "large files stream, with progress"): the declarations file is streamed to
// a temporary file and run through calc::run_batch; a large one gets a chunked page with progress
// lines; the summary must equal `greengate batch` on the same file. Price scenarios (a
// `period,low,central,high` CSV) give one summary per scenario.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "web_test_support.hpp"

using namespace greengate::webtest;

namespace {
bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

/// bench/batch/gen_lines.py output of about 21 MB (seeded: the same content every run). The name
/// carries the process id: the SQLite and PostgreSQL runs of this binary go in parallel under
/// `ctest -j2`, and a shared file would be read while the other run rewrites it.
const std::string& large_file() {
  static const std::string path = [] {
    auto p = (std::filesystem::temp_directory_path() /
              ("greengate-web-batch-20mb-" + std::to_string(::getpid()) + ".csv"))
                 .string();
    auto cmd = "python3 '" + source_dir() + "/bench/batch/gen_lines.py' 420000 --seed 7 > '" + p + "'";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("gen_lines.py failed");
    static const struct Cleanup {  // removes the file at exit (holds its own copy of the name)
      std::string name;
      ~Cleanup() {
        std::error_code ec;
        std::filesystem::remove(name, ec);
      }
    } cleanup{p};
    return p;
  }();
  return path;
}
}  // namespace

TEST_CASE("Batch page: a 20 MB file is streamed, shows progress, and sums as `greengate batch`") {
  const auto& path = large_file();
  auto csv = read_file(path);
  REQUIRE(csv.size() > 20u * 1000 * 1000);
  auto cli = run_cli({"batch", path, "--price", "80"});
  REQUIRE(!cli.empty());
  Jar jar;
  auto token = csrf(jar);
  std::string ct;
  auto page = post("/batch?lang=en", multipart_body({{"csrf", token}, {"price", "80"}}, "declarations", "big.csv", csv, ct),
                   ct, &jar);
  REQUIRE(page.status == 200);
  CHECK(contains(page.body, "id=\"batch-progress\""));
  CHECK(count(page.body, "class=\"progress-line\"") >= 3);  // one per 4 MiB block
  CHECK(contains(page.body, "id=\"batch-summary\""));
  CHECK(contains(page.body, "</html>"));
  CHECK(data_link(page.body, "batch-csv") == cli);
  SUBCASE("the CSV download of the same upload") {
    auto dl = post("/batch", multipart_body({{"csrf", token}, {"price", "80"}, {"fmt", "csv"}}, "declarations", "big.csv",
                                            csv, ct),
                   ct, &jar);
    REQUIRE(dl.status == 200);
    CHECK(dl.body == cli);
  }
}

TEST_CASE("Batch page: over the configured upload limit is 413") {
  Jar jar;
  auto token = csrf(jar);
  std::string ct;
  // The test server runs with --max-batch-upload=24 (MiB).
  auto body = multipart_body({{"csrf", token}}, "declarations", "huge.csv", std::string(25u << 20, 'x'), ct);
  auto r = post("/batch?lang=en", body, ct, &jar);
  CHECK(r.status == 413);
  CHECK(contains(r.body, "24 MiB"));
}

TEST_CASE("Batch page: a wrong CSRF token is refused before the file is accepted") {
  Jar jar;
  csrf(jar);
  std::string ct;
  auto body = multipart_body({{"csrf", std::string(32, 'a')}}, "declarations", "s.csv",
                             read_file(source_dir() + "/tests/data/batch/sectors-2026.csv"), ct);
  CHECK(post("/batch", body, ct, &jar).status == 403);
}

TEST_CASE("Batch page: price scenarios give one summary per scenario, as `greengate batch --prices`") {
  Jar jar;
  auto token = csrf(jar);
  const std::string lines = "tests/data/batch/sectors-2026.csv";
  const std::string prices = "examples/price-scenarios.csv";
  std::string ct;
  auto body = multipart_files({{"csrf", token}},
                              {{"declarations", "s.csv", read_file(source_dir() + "/" + lines)},
                               {"prices", "scenarios.csv", read_file(source_dir() + "/" + prices)}},
                              ct);
  auto r = post("/batch?lang=en", body, ct, &jar);
  REQUIRE(r.status == 200);
  for (const char* s : {"low", "central", "high"}) {
    INFO(s);
    CHECK(contains(r.body, std::string("data-scenario=\"") + s + "\""));
    auto id = std::string(s) == "low" ? std::string("batch-csv") : std::string("batch-csv-") + s;
    CHECK(data_link(r.body, id) == run_cli({"batch", lines, "--prices", prices, "--scenario", s}));
  }
  SUBCASE("a bad price file: 400 with its file:line") {
    auto bad = multipart_files({{"csrf", token}},
                               {{"declarations", "s.csv", read_file(source_dir() + "/" + lines)},
                                {"prices", "p<1>.csv", "period,price\n2026,abc\n"}},
                               ct);
    auto b = post("/batch?lang=en", bad, ct, &jar);
    CHECK(b.status == 400);
    CHECK(contains(b.body, "p&lt;1&gt;.csv:2"));
  }
}

TEST_CASE("Batch page: a summary of more than 2000 rows shows the first 2000 and offers the CSV (issue 15, defect 2)") {
  // 2100 declarants, one line each: 2100 summary rows.
  std::string csv = "declarant,year,cn_code,origin,quantity,unit\n";
  for (int i = 0; i < 2100; ++i) csv += "DE" + std::to_string(100000 + i) + ",2026,72142000,TR,1,t\n";
  Jar jar;
  auto token = csrf(jar);
  std::string ct;
  auto page = post("/batch?lang=en", multipart_body({{"csrf", token}, {"price", "80"}}, "declarations", "many.csv", csv, ct),
                   ct, &jar);
  REQUIRE(page.status == 200);
  CHECK(count(page.body, "id=\"batch-cert-") == 2000);
  CHECK(contains(page.body, "id=\"batch-rows-shown\""));
  CHECK(contains(page.body, "The first 2000 of 2100 rows are shown"));
  CHECK_FALSE(contains(page.body, "id=\"batch-csv\""));  // no 2100-row data: link in the page
  auto dl = post("/batch", multipart_body({{"csrf", token}, {"price", "80"}, {"fmt", "csv"}}, "declarations", "many.csv", csv, ct),
                 ct, &jar);
  REQUIRE(dl.status == 200);
  CHECK(count(dl.body, "\n") == 2101);  // header and every row
}

TEST_CASE("Batch API: more than 50 000 pairs of declarant and year in one request is a 400 naming the limit") {
  std::string csv = "declarant,year,cn_code,origin,quantity,unit\n";
  for (int i = 0; i < 50001; ++i) csv += "D" + std::to_string(i) + ",2026,72142000,TR,1,t\n";
  REQUIRE(csv.size() < 2u * 1024 * 1024);  // within the body limit
  auto r = post("/api/v1/batch?price=80", csv, "text/csv");
  CHECK(r.status == 400);
  CHECK(contains(r.body, "more than 50000 different pairs of declarant and import year"));
}
