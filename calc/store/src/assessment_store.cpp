// Poco::Data implementation of AssessmentStore. Every statement is prepared with bound values
// (use()/into()); SQL text is constant, only the placeholder syntax differs per backend
// (SQLite "?", PostgreSQL "$n").

#include "greengate/store/assessment_store.hpp"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/RandomStream.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>
#include <libpq-fe.h>

#include <algorithm>
#include <filesystem>
#include <array>
#include <chrono>
#include <mutex>
#include <string_view>
#include <thread>

namespace greengate::store {

namespace {

struct Migration {
  int version;
  std::vector<const char*> statements;
};

// Append only: a released migration is never edited; changes are new versions.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> m = {
      {1,
       {"CREATE TABLE assessments ("
        " id TEXT PRIMARY KEY,"
        " name TEXT NOT NULL,"
        " kind TEXT NOT NULL,"
        " lang TEXT NOT NULL,"
        " year INTEGER NOT NULL,"
        " input_text TEXT NOT NULL,"
        " result_json TEXT NOT NULL,"
        " data_versions TEXT NOT NULL,"
        " created_at TEXT NOT NULL,"
        " updated_at TEXT NOT NULL)"}},
      {2, {"CREATE INDEX assessments_created ON assessments (created_at)"}},
      {3, {"ALTER TABLE assessments ADD COLUMN price TEXT NOT NULL DEFAULT ''"}},
      {4, {"CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)"}},
  };
  return m;
}

std::string now_utc() {
  return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%iZ");
}

std::string random_id() {
  std::array<unsigned char, 16> bytes{};
  Poco::RandomInputStream rnd;
  rnd.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(32);
  for (unsigned char b : bytes) {
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 0xF]);
  }
  return out;
}

/// Poco 1.11's PostgreSQL connector loses the PGconn of a connect that fails
/// (SessionHandle::connect throws without PQfinish, and disconnect() frees only a live
/// connection): some 36 kB per attempt, so a database outage would grow the server with every
/// request. A new connection is therefore tried with libpq first, released whatever happens,
/// and only a server that accepts it is handed to Poco. (A server that fails in the moment
/// between the two connects still costs Poco's leak once.)
void probe_postgresql(const std::string& conninfo) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  const bool ok = c && PQstatus(c) == CONNECTION_OK;
  std::string message = ok ? "" : c ? PQerrorMessage(c) : "out of memory";
  PQfinish(c);
  if (ok) return;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  throw StoreError("store: cannot connect to PostgreSQL: " + message);
}

void register_connectors() {
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
  });
}

class PocoStore final : public AssessmentStore {
 public:
  PocoStore(std::string connector, const std::string& connection)
      : connector_(std::move(connector)),
        pool_(connector_, connection, 1, 16, 60) {
    if (!sqlite()) {
      auto s = session();
      migrate(s);
      return;
    }
    // Two instances opening one new SQLite file together: while one turns it to WAL (or runs
    // WAL recovery), SQLite answers the other SQLITE_BUSY at once, without calling the busy
    // handler. That instance waits and tries again, for at most the busy timeout's 5 s.
    for (int attempt = 0;; ++attempt) {
      try {
        auto s = session();
        // WAL lets readers run while one writer commits; writers wait instead of failing.
        s << "PRAGMA journal_mode=WAL", Poco::Data::Keywords::now;
        migrate(s);
        return;
      } catch (const Poco::Data::SQLite::DBLockedException&) {
        if (attempt >= 50) throw;
      } catch (const Poco::Data::SQLite::TableLockedException&) {
        if (attempt >= 50) throw;
      } catch (const StoreError& e) {
        if (attempt >= 50 || std::string_view(e.what()).find("locked") == std::string_view::npos) throw;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  std::string backend() const override { return sqlite() ? "sqlite" : "postgresql"; }

  std::string save(Assessment a) override {
    using namespace Poco::Data::Keywords;
    a.id = random_id();
    a.created_at = a.updated_at = now_utc();
    auto s = session();
    guarded(s, [&] {
      s << sql("INSERT INTO assessments (id, name, kind, lang, year, price, input_text, result_json,"
               " data_versions, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          use(a.id), use(a.name), use(a.kind), use(a.lang), use(a.year), use(a.price), use(a.input),
          use(a.result_json), use(a.data_versions), use(a.created_at), use(a.updated_at), now;
    });
    return a.id;
  }

  std::optional<Assessment> get(const std::string& id) override {
    using namespace Poco::Data::Keywords;
    auto s = session();
    std::vector<std::string> ids, names, kinds, langs, prices, inputs, results, versions, created, updated;
    std::vector<int> years;
    std::string key = id;
    try {
      s << sql("SELECT id, name, kind, lang, year, price, input_text, result_json, data_versions,"
               " created_at, updated_at FROM assessments WHERE id = ?"),
          into(ids), into(names), into(kinds), into(langs), into(years), into(prices), into(inputs),
          into(results), into(versions), into(created), into(updated), use(key), now;
    } catch (const Poco::Exception& e) {
      throw StoreError("store: get: " + e.displayText());
    }
    if (ids.empty()) return std::nullopt;
    Assessment a;
    a.id = ids[0];
    a.name = names[0];
    a.kind = kinds[0];
    a.lang = langs[0];
    a.year = years[0];
    a.price = prices[0];
    a.input = inputs[0];
    a.result_json = results[0];
    a.data_versions = versions[0];
    a.created_at = created[0];
    a.updated_at = updated[0];
    return a;
  }

  std::vector<AssessmentSummary> list(int limit) override {
    using namespace Poco::Data::Keywords;
    auto s = session();
    std::vector<std::string> ids, names, kinds, langs, created, updated;
    std::vector<int> years;
    try {
      s << sql("SELECT id, name, kind, lang, year, created_at, updated_at FROM assessments"
               " ORDER BY created_at DESC, id LIMIT ?"),
          into(ids), into(names), into(kinds), into(langs), into(years), into(created),
          into(updated), use(limit), now;
    } catch (const Poco::Exception& e) {
      throw StoreError("store: list: " + e.displayText());
    }
    std::vector<AssessmentSummary> out(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i)
      out[i] = {ids[i], names[i], kinds[i], langs[i], created[i], updated[i], years[i]};
    return out;
  }

  std::optional<std::string> duplicate(const std::string& id, const std::string& new_name) override {
    auto a = get(id);
    if (!a) return std::nullopt;
    a->name = new_name;
    return save(std::move(*a));
  }

  bool remove(const std::string& id) override {
    using namespace Poco::Data::Keywords;
    auto s = session();
    bool found = false;
    std::string key = id;
    guarded(s, [&] {
      std::vector<std::string> ids;
      s << sql("SELECT id FROM assessments WHERE id = ?"), into(ids), use(key), now;
      found = !ids.empty();
      if (found) s << sql("DELETE FROM assessments WHERE id = ?"), use(key), now;
    });
    return found;
  }

  std::string shared_secret(const std::string& name) override {
    using namespace Poco::Data::Keywords;
    auto s = session();
    std::string key = name, fresh = random_id() + random_id();
    std::vector<std::string> values;
    try {
      // Insert unless there (two instances at once: one insert wins, both read the same value).
      if (sqlite())
        s << "INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)", use(key), use(fresh), now;
      else
        s << "INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", use(key), use(fresh), now;
      s << sql("SELECT value FROM secrets WHERE name = ?"), into(values), use(key), now;
    } catch (const Poco::Exception& e) {
      throw StoreError("store: secret: " + e.displayText());
    }
    if (values.empty() || values[0].size() != 64) throw StoreError("store: secret '" + name + "' missing or malformed");
    return values[0];
  }

  int schema_version() override {
    auto s = session();
    auto v = applied_versions(s);
    return v.empty() ? 0 : *std::max_element(v.begin(), v.end());
  }

 private:
  bool sqlite() const { return connector_ == "SQLite"; }

  Poco::Data::Session session() {
    // No idle session: the pool connects anew; try the connection first (probe_postgresql).
    // The pool's name is "PostgreSQL:///" followed by the connection string.
    if (!sqlite() && pool_.idle() == 0) probe_postgresql(pool_.name().substr(connector_.size() + 4));
    try {
      Poco::Data::Session s(pool_.get());
      if (sqlite()) s << "PRAGMA busy_timeout=5000", Poco::Data::Keywords::now;
      return s;
    } catch (const Poco::Exception& e) {
      throw StoreError("store: cannot open a " + backend() + " session: " + e.displayText());
    }
  }

  /// "?" placeholders -> "$1", "$2", … for PostgreSQL. Applied to constant SQL text only.
  std::string sql(const char* text) const {
    std::string q(text);
    if (sqlite()) return q;
    std::string out;
    int n = 0;
    for (char c : q) {
      if (c == '?') out += "$" + std::to_string(++n);
      else out.push_back(c);
    }
    return out;
  }

  /// Runs `body` in one transaction: commit on success, roll back on any failure.
  template <class F> void guarded(Poco::Data::Session& s, F&& body) {
    try {
      s.begin();
      body();
      s.commit();
    } catch (const Poco::Exception& e) {
      rollback(s);
      throw StoreError("store: " + e.displayText());
    } catch (...) {
      rollback(s);
      throw;
    }
  }

  static void rollback(Poco::Data::Session& s) {
    try {
      if (s.isTransaction()) s.rollback();
    } catch (...) {
    }
  }

  std::vector<int> applied_versions(Poco::Data::Session& s) {
    using namespace Poco::Data::Keywords;
    std::vector<int> versions;
    s << "SELECT version FROM schema_migrations", into(versions), now;
    return versions;
  }

  /// Applies the missing migrations. Several instances may start at the same moment on one
  /// database (agencies run them behind a proxy, restarted together): on PostgreSQL the whole
  /// run holds a session-level advisory lock, so one instance migrates and the others wait and
  /// then find nothing to do; on SQLite each migration is one BEGIN IMMEDIATE transaction (the
  /// write lock first), and in both the version is looked up again inside, so that a migration
  /// another instance applied meanwhile is skipped, never applied twice.
  void migrate(Poco::Data::Session& s) {
    using namespace Poco::Data::Keywords;
    try {
      MigrationLock lock(s, sqlite());
      int tables = 0;
      if (!sqlite())  // (PostgreSQL logs a notice for CREATE TABLE IF NOT EXISTS of a table it has)
        s << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
             " AND table_name = 'schema_migrations'",
            into(tables), now;
      if (tables == 0)
        s << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
             " applied_at TEXT NOT NULL)",
            now;
      for (const auto& m : migrations()) {
        int version = m.version;
        auto applied = [&] {
          int n = 0;
          s << sql("SELECT COUNT(*) FROM schema_migrations WHERE version = ?"), into(n), use(version), now;
          return n > 0;
        };
        if (applied()) continue;
        std::string at = now_utc();
        if (sqlite()) {
          s << "BEGIN IMMEDIATE", now;
          try {
            if (!applied()) {
              for (const char* stmt : m.statements) s << stmt, now;
              s << "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", use(version), use(at), now;
            }
            s << "COMMIT", now;
          } catch (...) {
            try {
              s << "ROLLBACK", now;
            } catch (...) {
            }
            throw;
          }
        } else {
          guarded(s, [&] {
            for (const char* stmt : m.statements) s << stmt, now;
            s << sql("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"),
                use(version), use(at), now;
          });
        }
      }
    } catch (const Poco::Exception& e) {
      throw StoreError("store: migration failed: " + e.displayText());
    }
  }

  /// PostgreSQL: pg_advisory_lock on the migrating session for its lifetime (released however
  /// the migration ends); SQLite: nothing (its transactions take the file's write lock).
  class MigrationLock {
   public:
    MigrationLock(Poco::Data::Session& s, bool sqlite) : s_(s), held_(!sqlite) {
      using namespace Poco::Data::Keywords;
      if (!held_) return;
      int got = 0;
      s_ << "SELECT CAST(1 AS INTEGER) FROM (SELECT pg_advisory_lock(1195856717)) AS l", into(got), now;
    }
    ~MigrationLock() {
      using namespace Poco::Data::Keywords;
      if (!held_) return;
      try {
        bool released = false;
        s_ << "SELECT pg_advisory_unlock(1195856717)", into(released), now;
      } catch (...) {
        // The lock ends with the session at the latest.
      }
    }
    MigrationLock(const MigrationLock&) = delete;
    MigrationLock& operator=(const MigrationLock&) = delete;

   private:
    // The lock key 1195856717 is 0x4747534D, "GGSM" (GreenGate schema migrations) in ASCII: any
    // constant no other application on the database uses.
    Poco::Data::Session& s_;
    bool held_;
  };

  std::string connector_;
  Poco::Data::SessionPool pool_;
};

/// "postgresql://user:password@host:port/dbname?param=value" (libpq's URI form) as the
/// "key=value key=value" string Poco's PostgreSQL connector expects (it does not take URIs).
/// An empty host (or host= in the query) selects a Unix-socket directory, as in libpq.
std::string libpq_keywords(const std::string& uri_text) {
  Poco::URI uri(uri_text);
  std::vector<std::pair<std::string, std::string>> kv;
  if (!uri.getHost().empty()) kv.emplace_back("host", uri.getHost());
  if (uri.getSpecifiedPort() != 0) kv.emplace_back("port", std::to_string(uri.getSpecifiedPort()));
  auto path = uri.getPath();
  if (path.size() > 1) kv.emplace_back("dbname", path.substr(1));
  auto info = uri.getUserInfo();
  if (!info.empty()) {
    auto colon = info.find(':');
    std::string user, password;
    Poco::URI::decode(info.substr(0, colon), user);
    kv.emplace_back("user", user);
    if (colon != std::string::npos) {
      Poco::URI::decode(info.substr(colon + 1), password);
      kv.emplace_back("password", password);
    }
  }
  for (const auto& [k, v] : uri.getQueryParameters()) kv.emplace_back(k, v);
  std::string out;
  for (const auto& [k, v] : kv) {
    if (v.find_first_of(" '\\") != std::string::npos || k.find_first_of(" =") != std::string::npos)
      throw StoreError("store: PostgreSQL connection parameter '" + k +
                       "' contains a space, quote or backslash, which Poco's connector cannot pass");
    out += (out.empty() ? "" : " ") + k + "=" + v;
  }
  return out;
}

}  // namespace

int latest_schema_version() { return migrations().back().version; }

std::unique_ptr<AssessmentStore> open_store(const std::string& db) {
  register_connectors();
  try {
    if (db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0)
      return std::make_unique<PocoStore>("PostgreSQL", libpq_keywords(db));
    std::string path = db.rfind("sqlite:", 0) == 0 ? db.substr(7) : db;
    // Poco's SQLite connector retries a failed open for its 60 s login timeout: fail fast instead.
    auto dir = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!dir.empty() && !std::filesystem::is_directory(dir, ec))
      throw StoreError("store: cannot open '" + db + "': directory " + dir.string() + " does not exist");
    return std::make_unique<PocoStore>("SQLite", path);
  } catch (const Poco::Exception& e) {
    throw StoreError("store: cannot open '" + db + "': " + e.displayText());
  }
}

}  // namespace greengate::store
