#include "greengate/factors/fuels.hpp"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>

namespace greengate::factors {

std::vector<std::string> library_fuels(const FactorLibrary& lib) {
  // all() is sorted by id; the library's own order (the order people see the fuels in its files)
  // is that of its tables, then of the lines within a table.
  std::unordered_map<std::string, std::size_t> table_rank;
  for (std::size_t i = 0; i < lib.tables().size(); ++i) table_rank.emplace(lib.tables()[i].id, i);
  auto rank = [&](const Factor* f) {
    auto it = table_rank.find(f->table);
    return std::pair{it == table_rank.end() ? table_rank.size() : it->second, f->provenance.pos.line};
  };
  std::vector<std::pair<std::pair<std::size_t, int>, std::string>> found;
  for (const Factor* f : lib.all()) {
    std::string_view id = f->id;
    if (id.rfind("fuel.", 0) != 0) continue;
    auto dot = id.rfind('.');
    auto what = id.substr(dot + 1);
    if (dot <= 5 || (what != "ncv" && what != "ef")) continue;
    found.push_back({rank(f), std::string(id.substr(5, dot - 5))});
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  std::set<std::string, std::less<>> seen;
  for (auto& [r, name] : found)
    if (seen.insert(name).second) out.push_back(std::move(name));
  return out;
}

}  // namespace greengate::factors
