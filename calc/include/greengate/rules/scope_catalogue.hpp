#pragma once
// The CBAM scope catalogue: Annex I of Regulation (EU) 2023/956 as amended by Reg. 2025/2083,
// with Annex II (direct-emissions-only goods) flags and aggregated goods categories.
// Loaded from rules/cbam/annex-i.xml (docs/factor-format.md §4); immutable afterwards.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "greengate/error.hpp"
#include "greengate/model/cn_code.hpp"
#include "greengate/provenance.hpp"

namespace greengate::rules {

struct ScopeEntry {
  std::string cn;  ///< digits, 2..10
  bool ex = false;  ///< an "ex" entry: only part of the code is covered (see note)
  model::Sector sector = model::Sector::iron_steel;
  bool direct_only = false;  ///< listed in Annex II: only direct emissions count
  std::string description, ref, note;
  SourcePos pos;
};

struct ScopeExclusion {
  std::string cn, description, ref;
  SourcePos pos;
};

struct GoodsCategory {
  std::string cn, name, label;
  SourcePos pos;
};

/// An origin whose goods carry no CBAM cost: EU member states (precursors from the EU count as
/// zero, IR 2025/2547) and Annex III countries outside the scope (Reg. 2023/956 Annex III pt 1).
struct ZeroOrigin {
  std::string iso2, name, ref;
  SourcePos pos;
};

struct ScopeResult {
  std::string cn;  ///< normalised digits
  bool in_scope = false;
  const ScopeEntry* entry = nullptr;          ///< the Annex I line that covers it
  const ScopeExclusion* exclusion = nullptr;  ///< the exception that takes it out
  const GoodsCategory* category = nullptr;
  std::string reason;  ///< one sentence for people
};

class ScopeCatalogue {
 public:
  /// In scope when the longest matching entry is more specific than the longest matching exclusion.
  ScopeResult check(std::string_view cn) const;
  const std::string& version() const { return version_; }
  const std::string& source() const { return source_; }
  const std::vector<ScopeEntry>& entries() const { return entries_; }
  const std::vector<GoodsCategory>& categories() const { return categories_; }
  /// Whether every Annex I entry under the CN codes of goods category `name` is an Annex II good
  /// (direct emissions only); nullopt for an unknown category or one with no entries.
  std::optional<bool> category_direct_only(std::string_view name) const;
  /// The zero-emission origin entry for an alpha-2 code ("EU" included), or nullptr.
  const ZeroOrigin* zero_origin(std::string_view iso2) const;

 private:
  friend LoadResult<ScopeCatalogue> load_scope_catalogue(const std::string&, const std::string&);
  std::string id_, version_, source_;
  std::vector<ScopeEntry> entries_;
  std::vector<ScopeExclusion> exclusions_;
  std::vector<GoodsCategory> categories_;
  std::vector<ZeroOrigin> zero_origins_;
};

LoadResult<ScopeCatalogue> load_scope_catalogue(const std::string& path,
                                                const std::string& display_name);

}  // namespace greengate::rules
