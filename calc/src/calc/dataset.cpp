#include "greengate/calc/dataset.hpp"

#include <cstdlib>
#include <filesystem>

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
  auto money = rules::load_rules(root + "/rules/cbam/money.xml", "rules/cbam/money.xml");
  diags.append(money.diagnostics());
  if (!diags.has_errors()) {
    ds.factors = std::move(lib).get();
    ds.scope = std::move(scope).get();
    ds.money = std::move(money).get();
    try {
      ds.period = cbam_period(ds.money);
    } catch (const DefinitionError& e) {
      diags.append(e.diagnostics());
    }
  }
  return {std::move(ds), std::move(diags)};
}

std::vector<int> CbamPeriod::years() const {
  std::vector<int> y;
  for (int i = first; i <= last; ++i) y.push_back(i);
  return y;
}

std::string CbamPeriod::text() const { return std::to_string(first) + "-" + std::to_string(last); }

CbamPeriod cbam_period(const rules::RuleSet& money) {
  Diagnostics d;
  CbamPeriod p;
  auto year = [&](const char* id, int& into) {
    const rules::Parameter* param = money.parameter(id);
    if (!param || param->values.empty()) {
      d.error({money.files().empty() ? std::string("rules") : money.files().front().file, 0},
              std::string("needs the parameter '") + id + "' (a year)");
      return;
    }
    const rules::ParamValue& v = param->values.back();  // the latest value the rules hold
    if (v.is_text || v.number != static_cast<int>(v.number) || v.number < 1900 || v.number > 2200) {
      d.error(v.pos, std::string("parameter '") + id + "' must be a year");
      return;
    }
    into = static_cast<int>(v.number);
    p.ref += (p.ref.empty() ? "" : "; ") + v.ref;
  };
  year("cbam.period.first_year", p.first);
  year("cbam.period.last_year", p.last);
  if (!d.has_errors() && p.last < p.first)
    d.error({money.files().empty() ? std::string("rules") : money.files().front().file, 0},
            "cbam.period.last_year is before cbam.period.first_year");
  if (d.has_errors()) throw DefinitionError(d);
  return p;
}

std::string find_data_dir(const std::string& option) {
  namespace fs = std::filesystem;
  if (!option.empty()) return option;
  if (const char* env = std::getenv("GREENGATE_DATA_DIR"); env && *env) return env;
  auto has_data = [](const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p / "factors", ec) && fs::is_directory(p / "rules", ec);
  };
  std::error_code ec;
  const fs::path exe = fs::canonical("/proc/self/exe", ec);
  const fs::path bin = ec ? fs::current_path() : exe.parent_path();
  for (const auto& cand : {bin / ".." / "share" / "greengate", bin / ".." / "..", bin / "..",
                           fs::path(GREENGATE_SOURCE_DIR)})
    if (has_data(cand)) return fs::weakly_canonical(cand).string();
  return ".";
}

}  // namespace greengate::calc
