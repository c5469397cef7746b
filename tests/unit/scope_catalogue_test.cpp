// Scope catalogue: Reg. (EU) 2023/956 Annex I as amended by Reg. (EU) 2025/2083, Annex II flags.
#include <doctest/doctest.h>

#include "test_data.hpp"

namespace {
const greengate::rules::ScopeCatalogue& scope() { return greengate::test::dataset().scope; }
bool in(const char* cn) { return scope().check(cn).in_scope; }
bool direct_only(const char* cn) {
  auto r = scope().check(cn);
  return r.in_scope && r.entry->direct_only;
}
std::string category(const char* cn) {
  auto r = scope().check(cn);
  return r.category ? r.category->name : "";
}
}  // namespace

TEST_CASE("Scope: chapter 72 is in, except the listed ferro-alloys and 7204 scrap (Annex I)") {
  CHECK(in("7214 20 00"));
  CHECK(in("72011011"));  // pig iron
  CHECK(in("72031000"));  // DRI
  CHECK(in("72021120"));  // ferro-manganese stays in
  CHECK(in("72024110"));  // ferro-chromium stays in
  CHECK(in("72026000"));  // ferro-nickel stays in
  CHECK_FALSE(in("72022100"));  // ferro-silicon (7202 2x) out
  CHECK_FALSE(in("72023000"));  // FeSiMn out
  CHECK_FALSE(in("72029980"));  // other ferro-alloys out
  CHECK_FALSE(in("72041000"));  // scrap out
  CHECK(scope().check("72041000").reason.find("7204") != std::string::npos);
}

TEST_CASE("Scope: fertilisers 3105 except 3105 60 00, cement ex 2507 00 80, aluminium not 7602/7615") {
  CHECK(in("31053000"));
  CHECK_FALSE(in("31056000"));
  CHECK(in("25070080"));
  CHECK(scope().check("25070080").entry->ex);
  CHECK(in("76011000"));
  CHECK_FALSE(in("76020011"));  // aluminium waste and scrap
  CHECK_FALSE(in("76151010"));  // household articles
  CHECK(in("76169990"));
  CHECK_FALSE(in("73211100"));  // 7321 is not listed
  CHECK(in("73082000"));        // towers and lattice masts
}

TEST_CASE("Scope: Annex II direct-only flags (indirect counts only for cement, fertilisers, 2601 12 00)") {
  CHECK(direct_only("72142000"));
  CHECK(direct_only("76042100"));
  CHECK(direct_only("28041000"));  // hydrogen
  CHECK(direct_only("27160000"));  // electricity (added by 2025/2083)
  CHECK_FALSE(direct_only("26011200"));  // agglomerated ore: the one iron/steel good with indirect
  CHECK_FALSE(direct_only("25232900"));
  CHECK_FALSE(direct_only("31023090"));
}

TEST_CASE("Scope: aggregated goods categories by longest prefix") {
  CHECK(category("72011011") == "pig_iron");
  CHECK(category("72031000") == "dri");
  CHECK(category("72071114") == "crude_steel");
  CHECK(category("72142000") == "iron_steel_products");
  CHECK(category("73082000") == "iron_steel_products");
  CHECK(category("25231000") == "cement_clinker");
  CHECK(category("25232900") == "cement");
  CHECK(category("31021019") == "urea");
  CHECK(category("31023090") == "mixed_fertilisers");
  CHECK(category("76011000") == "unwrought_aluminium");
  CHECK(category("76042100") == "aluminium_products");
}

TEST_CASE("Scope: EU member states and Annex III countries are zero-emission origins") {
  CHECK(scope().zero_origin("DE"));
  CHECK(scope().zero_origin("EU"));
  CHECK(scope().zero_origin("NO"));
  CHECK_FALSE(scope().zero_origin("TR"));
  CHECK_FALSE(scope().zero_origin("UA"));
}
