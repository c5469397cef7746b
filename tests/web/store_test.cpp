// greengate::store against the database the suite runs with (SQLite by default, PostgreSQL under
// run_with_postgresql.sh): migrations, one-transaction saves, duplicate and delete.

#include <doctest/doctest.h>

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <cstdio>
#include <cstdlib>

#include "greengate/store/assessment_store.hpp"

namespace gs = greengate::store;

namespace {
std::string test_db(std::string& cleanup) {
  if (const char* db = std::getenv("GREENGATE_TEST_DB"); db && *db) return db;
  cleanup = Poco::TemporaryFile::tempName() + ".sqlite";
  return "sqlite:" + cleanup;
}
}  // namespace

TEST_CASE("Store: opening migrates to the latest schema, and opening again changes nothing") {
  std::string file;
  auto db = test_db(file);
  {
    auto s = gs::open_store(db);
    CHECK(s->schema_version() == gs::latest_schema_version());
  }
  auto again = gs::open_store(db);
  CHECK(again->schema_version() == gs::latest_schema_version());
  if (!file.empty()) Poco::File(file).remove();
}

TEST_CASE("Store: save, get, list, duplicate and remove round-trip every field") {
  std::string file;
  auto s = gs::open_store(test_db(file));
  gs::Assessment a;
  a.name = "Ege Çelik 'quoted' \"name\"; DROP TABLE assessments; --";
  a.kind = "firm";
  a.lang = "tr";
  a.year = 2027;
  a.input = "<firm schema=\"greengate-firm/1\">\n  ç ğ ı ö ş ü\n</firm>\n";
  a.result_json = "{\"x\": 1}";
  a.data_versions = "v1; v2";
  auto id = s->save(a);
  CHECK(id.size() == 32);
  auto got = s->get(id);
  REQUIRE(got);
  CHECK(got->name == a.name);
  CHECK(got->input == a.input);
  CHECK(got->year == 2027);
  CHECK(got->lang == "tr");
  CHECK_FALSE(got->created_at.empty());
  bool listed = false;
  for (const auto& r : s->list(1000)) listed = listed || r.id == id;
  CHECK(listed);
  auto copy = s->duplicate(id, "copy");
  REQUIRE(copy);
  CHECK(*copy != id);
  CHECK(s->get(*copy)->input == a.input);
  CHECK(s->remove(id));
  CHECK_FALSE(s->remove(id));
  CHECK_FALSE(s->get(id));
  CHECK(s->remove(*copy));
  CHECK_FALSE(s->duplicate("0123456789abcdef0123456789abcdef", "x"));
  if (!file.empty()) Poco::File(file).remove();
}

TEST_CASE("Store: an unreachable database is a StoreError, not a crash") {
  CHECK_THROWS_AS(gs::open_store("sqlite:/nonexistent-dir/x/y.sqlite"), gs::StoreError);
  CHECK_THROWS_AS(gs::open_store("postgresql://nobody@/nodb?host=/nonexistent&connect_timeout=1"), gs::StoreError);
}

namespace {
/// Resident set of this process, kB (Linux).
long resident_kb() {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long kb = -1;
  while (std::fgets(line, sizeof line, f))
    if (std::sscanf(line, "VmRSS: %ld kB", &kb) == 1) break;
  std::fclose(f);
  return kb;
}
}  // namespace

TEST_CASE("Store: failed PostgreSQL connects do not grow the process (issue 15, defect 12)") {
  // Poco 1.11 keeps the PGconn of each failed connect: about 12 kB for a socket directory with no
  // server (36 kB for a refused TCP connection). 800 attempts: 9.8 MB kept without the libpq
  // probe (measured: 4.9 MB for 400), which releases each one.
  const std::string dead = "postgresql://nobody@/nodb?host=/nonexistent-greengate";
  for (int i = 0; i < 20; ++i) CHECK_THROWS_AS(gs::open_store(dead), gs::StoreError);  // warm-up
  const long before = resident_kb();
  std::string message;
  for (int i = 0; i < 800; ++i) {
    try {
      gs::open_store(dead);
    } catch (const gs::StoreError& e) {
      message = e.what();
    }
  }
  const long grown = resident_kb() - before;
  INFO("RSS grew by " << grown << " kB over 800 failed connects; last error: " << message);
  CHECK(before > 0);
  CHECK(grown < 2048);
  CHECK(message.find("cannot connect to PostgreSQL") != std::string::npos);
  CHECK(message.find("/nonexistent-greengate") != std::string::npos);  // libpq's reason, kept
}
