#pragma once
// The fuels of the factor library: the names a combustion source's `fuel` may take (firm format
// v1, docs/firm-format.md) because the library holds its factors "fuel.<name>.ncv" (TJ/t) or
// "fuel.<name>.ef" (tCO2e/TJ) (docs/factor-format.md). Data, not code: a fuel added to factors/
// is in this list, and so in the web form's fuel choice.

#include <string>
#include <vector>

#include "greengate/factors/factor_library.hpp"

namespace greengate::factors {

/// Every <name> with a factor "fuel.<name>.ncv" or "fuel.<name>.ef" in `lib` (any validity), once
/// each, in the order the library loaded them (files in name order, factors in file order).
std::vector<std::string> library_fuels(const FactorLibrary& lib);

}  // namespace greengate::factors
