// The closed word lists of firm format v1 (greengate/model/firm_vocabulary.hpp) and the library's
// fuels (greengate/factors/fuels.hpp): one home each, equal to the bundled data, and what the
// loader accepts (issue 13).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "greengate/factors/fuels.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/model/firm_vocabulary.hpp"
#include "test_data.hpp"

namespace gm = greengate::model;

namespace {

// A firm with one process of `category` (and `attrs` on it) producing rebar.
std::string firm_with_process(const std::string& category, const std::string& attrs = "") {
  return R"(<firm schema="greengate-firm/1" id="t" name="T" country="TR" reporting-year="2025">
  <installation id="a" name="A" country="TR">
    <process id="p" category=")" + category + "\" output=\"10\" unit=\"t\"" + attrs + R"(>
      <good cn="72142000" quantity="10" unit="t"/>
    </process>
  </installation>
</firm>)";
}

std::string diagnostics_of(const std::string& xml) {
  return gm::parse_firm(xml, "t.xml").diagnostics().format();
}

}  // namespace

TEST_CASE("Firm vocabulary: the goods categories are the <category> names of rules/cbam/annex-i.xml, in its order") {
  std::vector<std::string> in_data;
  for (const auto& c : greengate::test::dataset().scope.categories())
    if (std::find(in_data.begin(), in_data.end(), c.name) == in_data.end()) in_data.push_back(c.name);
  std::vector<std::string> in_code(gm::kGoodsCategories.begin(), gm::kGoodsCategories.end());
  CHECK(in_data == in_code);
  CHECK(in_code.size() == 18);  // 4 cement, 5 fertiliser/hydrogen, 6 iron and steel, 2 aluminium, electricity
}

TEST_CASE("Firm vocabulary: the route indicators are the legend of factors/cbam-benchmarks.xml") {
  const auto& bm = greengate::test::dataset().factors.benchmarks();
  // the legend has C … L, A, B: eleven letters, I skipped (IR 2025/2620 Annex point 5.3)
  CHECK(gm::kRouteIndicators == "ABCDEFGHJKL");
  for (char c = 'A'; c <= 'Z'; ++c) {
    INFO(c);
    CHECK((bm.indicator(std::string(1, c)) != nullptr) == gm::is_route_indicator(c));
  }
}

TEST_CASE("Firm loader: every process category of the vocabulary loads, electricity and unknown words do not") {
  for (auto c : gm::kGoodsCategories) {
    INFO(c);
    auto d = diagnostics_of(firm_with_process(std::string(c)));
    if (gm::is_process_category(c)) CHECK(d.find("'category'") == std::string::npos);
    else CHECK(d.find("electricity generation is not supported by firm format v1") != std::string::npos);
  }
  CHECK_FALSE(gm::is_process_category("electricity"));
  CHECK(diagnostics_of(firm_with_process("steel")).find(
            "'category' is not an aggregated goods category (got \"steel\"") != std::string::npos);
}

TEST_CASE("Firm loader: a benchmark-route is one letter of the vocabulary") {
  for (char c : gm::kRouteIndicators) {
    INFO(c);
    CHECK(diagnostics_of(firm_with_process("iron_steel_products", std::string(" benchmark-route=\"") + c + "\"")) == "");
  }
  for (const char* bad : {"I", "M", "CF", "c"}) {
    INFO(bad);
    CHECK(diagnostics_of(firm_with_process("iron_steel_products", std::string(" benchmark-route=\"") + bad + "\""))
              .find("must be one route indicator of IR 2025/2620") != std::string::npos);
  }
}

TEST_CASE("Library fuels: the bundled fuels are those of factors/ipcc-fuels.xml, in its order") {
  // factors/ipcc-fuels.xml defines fuel.<name>.ncv/.ef/.carbon_content for these twelve, in this
  // order; ipcc-combustion-ch4-n2o.xml (loaded first) has only .ch4_stationary/.n2o_stationary,
  // which name no fuel of their own.
  CHECK(greengate::factors::library_fuels(greengate::test::dataset().factors) ==
        std::vector<std::string>{"natural_gas", "gas_diesel_oil", "residual_fuel_oil", "lpg", "coking_coal",
                                 "other_bituminous_coal", "sub_bituminous_coal", "lignite", "anthracite",
                                 "petroleum_coke", "coke_oven_coke", "wood_waste"});
}

TEST_CASE("Library fuels: a fuel added to a factor set is in the list, after those loaded before it") {
  namespace fs = std::filesystem;
  const std::string src = greengate::test::source_dir();
  std::vector<std::string> paths, names;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(src + "/factors"))
    if (e.path().extension() == ".xml") files.push_back(e.path());
  std::sort(files.begin(), files.end());  // the library's own order: file names
  for (const auto& f : files) {
    paths.push_back(f.string());
    names.push_back("factors/" + f.filename().string());
  }
  paths.push_back(src + "/tests/data/fuels/extra-fuel.xml");
  names.push_back("extra-fuel.xml");
  auto lib = greengate::factors::load_factor_files(paths, names);
  INFO(lib.diagnostics().format());
  REQUIRE(lib.ok());
  auto fuels = greengate::factors::library_fuels(lib.get());
  // the twelve bundled fuels, then test_biogas; fuel.natural_gas.ch4_test adds nothing
  REQUIRE(fuels.size() == 13);
  CHECK(fuels.front() == "natural_gas");
  CHECK(fuels.back() == "test_biogas");
}
