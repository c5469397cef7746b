#pragma once
// Saved assessments: what a user typed (the firm file as XML, or a quick-check query) with a name,
// the import year and a snapshot of the engine's JSON result at save time, for audit.
//
// Results shown to users are always recomputed from the stored input by the engine; the snapshot
// only records what was shown when the assessment was saved (with the data versions used).
//
// Backends: an SQLite file (default, embedded) or PostgreSQL ("postgresql://…" URI, libpq syntax).
// The schema is versioned: table schema_migrations lists the versions applied; open() applies
// the missing ones, each in its own transaction. Every save is one transaction. Only prepared
// statements with bound values are used. Safe to share between threads (a session pool).
//
// This interface has no Poco in it: front ends depend on this header only.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "greengate/error.hpp"

namespace greengate::store {

struct Assessment {
  std::string id;       ///< 32 hex digits, made by the store
  std::string name;     ///< user label
  std::string kind;     ///< "firm" (input is firm XML) or "quick" (input is a query string)
  std::string lang;     ///< "en" / "tr": language the user worked in
  int year = 0;         ///< import year used for default values and mark-ups
  std::string price;    ///< certificate price typed (EUR/tCO2e, as typed); "" = published prices
  std::string input;    ///< firm XML text, or the quick-check query
  std::string result_json;    ///< engine output at save time (report::emissions_json)
  std::string data_versions;  ///< "; "-joined data table versions at save time
  std::string created_at;     ///< UTC, ISO 8601
  std::string updated_at;
};

/// Listing row: everything but the (large) input and result.
struct AssessmentSummary {
  std::string id, name, kind, lang, created_at, updated_at;
  int year = 0;
};

/// A storage failure (cannot open, SQL error). The message is for the log, not for users.
class StoreError : public Error {
 public:
  using Error::Error;
};

class AssessmentStore {
 public:
  virtual ~AssessmentStore() = default;
  /// Inserts a new assessment (id, created_at, updated_at are set) and returns its id.
  virtual std::string save(Assessment a) = 0;
  virtual std::optional<Assessment> get(const std::string& id) = 0;
  /// Newest first, at most `limit` rows.
  virtual std::vector<AssessmentSummary> list(int limit = 200) = 0;
  /// Copies an assessment under a new id and name; nullopt if `id` does not exist.
  virtual std::optional<std::string> duplicate(const std::string& id, const std::string& new_name) = 0;
  /// true if a row was deleted.
  virtual bool remove(const std::string& id) = 0;
  /// Highest schema version applied.
  virtual int schema_version() = 0;
  /// A random secret of 32 bytes (64 hex digits) named `name`, made on first use and then the
  /// same for every instance on this database (e.g. the key of the web's CSRF tokens, so that
  /// instances behind one proxy accept each other's tokens).
  virtual std::string shared_secret(const std::string& name) = 0;
  /// "sqlite" or "postgresql".
  virtual std::string backend() const = 0;
};

/// Opens (and migrates) the store named by `db`: "postgresql://…" (libpq URI), "sqlite:PATH", or a
/// plain SQLite file path. Throws StoreError.
std::unique_ptr<AssessmentStore> open_store(const std::string& db);

/// Newest schema version this build knows.
int latest_schema_version();

}  // namespace greengate::store
