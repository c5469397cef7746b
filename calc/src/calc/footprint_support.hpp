#pragma once
// Private helpers shared by the footprint, product-footprint and hydrogen calculations: the
// bookkeeping of library factors used and gaps found (the same keys as EmissionsReport's).

#include <map>
#include <string>
#include <vector>

#include "greengate/calc/dataset.hpp"
#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/report/trace.hpp"

namespace greengate::calc {

struct FactorLedger {
  const Dataset& data;
  std::map<std::string, report::FactorUse>& factors_used;
  std::vector<Gap>& gaps;
  /// The version of `id` valid on 1 January of `year`, noted in `node` and the factor list; a
  /// missing one is a gap (noted in `node`) and nullptr.
  const factors::Factor* use(const std::string& id, int year, report::TraceNode& node,
                             const SourcePos& pos, const std::string& where);
  void note(const factors::Factor& f, report::TraceNode& node);
  /// Notes a Commission default value (same key as the CBAM engine: "default:<table>:<code>").
  void note_default(const factors::DefaultLookup& d, report::TraceNode& node);
  /// Copies the factors a trace (and its children) names from `from` into this ledger.
  void copy_factors(const report::TraceNode& node,
                    const std::map<std::string, report::FactorUse>& from);
  /// Moves the factors used and gaps of an engine report into this ledger.
  void absorb(EmissionsReport& rep);
};

}  // namespace greengate::calc
