#pragma once
// Everything the engine reads from the data folders, loaded once and shared read-only:
// factors/ (FactorLibrary) and rules/cbam/annex-i.xml (ScopeCatalogue).

#include <string>

#include "greengate/error.hpp"
#include "greengate/factors/factor_library.hpp"
#include "greengate/rules/scope_catalogue.hpp"

namespace greengate::calc {

struct Dataset {
  std::string root;  ///< the data root holding factors/ and rules/
  factors::FactorLibrary factors;
  rules::ScopeCatalogue scope;
};

/// Loads `root`/factors/*.xml and `root`/rules/cbam/annex-i.xml; file names in messages are
/// relative to `root` ("factors/x.xml:12: error: …"). All problems are reported in one run.
LoadResult<Dataset> load_dataset(const std::string& root);

}  // namespace greengate::calc
