#pragma once
// The closed word lists of firm format v1 (docs/firm-format.md) that the loader checks: the
// aggregated goods categories and the IR 2025/2620 route indicators. One home for each, read by
// the firm loader, the batch line scanner and the web form, so that the form offers exactly what
// the loader accepts (issue 13).
//
// The same words are data too: the <category> names of rules/cbam/annex-i.xml and the
// <indicator> legend of factors/cbam-benchmarks.xml. The loader reads no data folder (a firm file
// loads on its own), so the lists stay here and tests/unit/firm_vocabulary_test.cpp holds them
// equal to the bundled data. Fuels are not here: a fuel is whatever the factor library has an NCV
// or EF for (factors/fuels.hpp).

#include <array>
#include <string_view>

namespace greengate::model {

/// The aggregated goods categories (Reg. 2023/956 Annex I, IR 2025/2547 Annex II), in the order of
/// rules/cbam/annex-i.xml. `category` of a precursor and `includes` of a process take any of them.
inline constexpr std::array<std::string_view, 18> kGoodsCategories = {
    "calcined_clay", "cement_clinker", "cement", "aluminous_cement", "hydrogen", "ammonia",
    "nitric_acid", "urea", "mixed_fertilisers", "sintered_ore", "pig_iron", "ferro_alloys", "dri",
    "crude_steel", "iron_steel_products", "unwrought_aluminium", "aluminium_products",
    "electricity"};

constexpr bool is_goods_category(std::string_view c) {
  for (auto k : kGoodsCategories)
    if (k == c) return true;
  return false;
}

/// Whether a <process> may have category `c`: every goods category but electricity, whose
/// generation firm format v1 does not compute.
constexpr bool is_process_category(std::string_view c) {
  return c != "electricity" && is_goods_category(c);
}

/// The route indicators of the IR 2025/2620 benchmark legend (Annex point 5.3), alphabetical:
/// A/B grey/white clinker, C/D/E carbon steel, F/G/H low-alloy steel, J high-alloy steel, K/L
/// primary/secondary aluminium. A firm file's `benchmark-route` is one of them; a batch line's
/// route one or several joined by '/'.
inline constexpr std::string_view kRouteIndicators = "ABCDEFGHJKL";

constexpr bool is_route_indicator(char c) {
  return kRouteIndicators.find(c) != std::string_view::npos;
}

}  // namespace greengate::model
