#pragma once
// Everything the engine reads from the data folders, loaded once and shared read-only:
// factors/ (FactorLibrary), rules/cbam/annex-i.xml (ScopeCatalogue) and rules/cbam/money.xml (the
// money rules and the CBAM period).

#include <string>
#include <vector>

#include "greengate/error.hpp"
#include "greengate/factors/factor_library.hpp"
#include "greengate/rules/rule_set.hpp"
#include "greengate/rules/scope_catalogue.hpp"

namespace greengate::calc {

/// The import years GreenGate computes CBAM money for: from the first year of the financial
/// obligation to the last year of the phase-out of free allocation (rules/cbam/money.xml:
/// cbam.period.first_year and cbam.period.last_year, each with its act).
struct CbamPeriod {
  int first = 0;
  int last = -1;
  std::string ref;  ///< the acts of both ends
  bool contains(int year) const { return year >= first && year <= last; }
  std::vector<int> years() const;
  /// `year` when within the period, else the first year.
  int or_first(int year) const { return contains(year) ? year : first; }
  /// `year` brought into the period (the nearest end when outside).
  int clamp(int year) const { return year < first ? first : (year > last ? last : year); }
  /// "2026-2034".
  std::string text() const;
};

/// The period of the money rules; throws DefinitionError naming the file when a parameter is
/// missing or not a whole year, or the period is empty.
CbamPeriod cbam_period(const rules::RuleSet& money);

struct Dataset {
  std::string root;  ///< the data root holding factors/ and rules/
  factors::FactorLibrary factors;
  rules::ScopeCatalogue scope;
  rules::RuleSet money;  ///< rules/cbam/money.xml
  CbamPeriod period;     ///< of `money`
};

/// Loads `root`/factors/*.xml, `root`/rules/cbam/annex-i.xml and `root`/rules/cbam/money.xml;
/// file names in messages are relative to `root` ("factors/x.xml:12: error: …"). All problems are
/// reported in one run.
LoadResult<Dataset> load_dataset(const std::string& root);

/// The data folder every program reads, searched in this order: `option` (--data-dir),
/// $GREENGATE_DATA_DIR, <program>/../share/greengate (an installation), the source tree above
/// build/bin/ (<program>/../.. or <program>/..), the source tree the program was built from;
/// "." when none holds factors/ and rules/.
std::string find_data_dir(const std::string& option);

}  // namespace greengate::calc
