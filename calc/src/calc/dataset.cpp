#include "greengate/calc/dataset.hpp"

namespace greengate::calc {

LoadResult<Dataset> load_dataset(const std::string& root) {
  Dataset ds;
  ds.root = root;
  Diagnostics diags;
  auto lib = factors::load_factor_library(root + "/factors", "factors/");
  diags.append(lib.diagnostics());
  auto scope = rules::load_scope_catalogue(root + "/rules/cbam/annex-i.xml",
                                           "rules/cbam/annex-i.xml");
  diags.append(scope.diagnostics());
  if (!diags.has_errors()) {
    ds.factors = std::move(lib).get();
    ds.scope = std::move(scope).get();
  }
  return {std::move(ds), std::move(diags)};
}

}  // namespace greengate::calc
