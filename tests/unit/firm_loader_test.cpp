// Firm production-data format v1: every bad-input fixture asserts its exact message (P17).
#include <doctest/doctest.h>

#include "greengate/model/firm.hpp"
#include "test_data.hpp"

namespace {
std::string errors_of(const std::string& name) {
  std::string path = greengate::test::source_dir() + "/tests/data/bad/" + name;
  auto r = greengate::model::load_firm(path, "tests/data/bad/" + name);
  REQUIRE_FALSE(r.ok());
  return r.diagnostics().format();
}
}  // namespace

TEST_CASE("Firm loader: the bundled examples load without diagnostics") {
  for (const char* ex : {"eaf-rebar-mill", "cement-plant", "aluminium-extruder",
                         "wind-tower-fabricator", "nitrogen-fertiliser-plant"}) {
    std::string path = greengate::test::source_dir() + "/examples/" + ex + ".xml";
    auto r = greengate::model::load_firm(path, ex);
    INFO(ex);
    CHECK(r.diagnostics().format() == "");
  }
}

TEST_CASE("Firm loader: bad inputs are reported with file, line, element path and expectation") {
  const std::string d = "tests/data/bad/";
  CHECK(errors_of("bad-unit.xml") ==
        d + "bad-unit.xml:5: error: firm/installation[plant]/process[steel]: 'unit': unknown unit 'tonnes' (expected t, Mg, kg, kt)");
  CHECK(errors_of("bad-number.xml") ==
        d + "bad-number.xml:6: error: firm/installation[plant]/process[steel]/stream[ng]: 'quantity' must be a number with '.' as decimal separator (got \"12,5\")");
  CHECK(errors_of("missing-attribute.xml") ==
        d + "missing-attribute.xml:5: error: firm/installation[plant]/process[steel]: missing required attribute 'output'");
  CHECK(errors_of("unknown-attribute.xml") ==
        d + "unknown-attribute.xml:6: error: firm/installation[plant]/process[steel]/stream[ng]: missing required attribute 'quantity'\n" +
        d + "unknown-attribute.xml:6: error: firm/installation[plant]/process[steel]/stream[ng]: unknown attribute 'quantitty'");
  CHECK(errors_of("precursor-cycle.xml") ==
        d + "precursor-cycle.xml:8: error: firm/installation[plant]/process[steel]/precursor[7214 20 00]: precursor cycle: rolling -> steel -> rolling (a process cannot consume its own output through other processes)");
  CHECK(errors_of("unknown-process-ref.xml") ==
        d + "unknown-process-ref.xml:8: error: firm/installation[plant]/process[steel]/precursor[7201 10 11]: unknown process 'blast-furnace' in installation 'plant'");
  CHECK(errors_of("attribution-sum.xml") ==
        d + "attribution-sum.xml:13: error: firm/installation[plant]/stream[ng]: attribution shares sum to 0.9 (expected 1)");
  CHECK(errors_of("malformed.xml") ==
        d + "malformed.xml:8: error: malformed XML: element <good> is not closed or its end tag does not match");
  CHECK(errors_of("bad-schema-version.xml") ==
        d + "bad-schema-version.xml:3: error: firm: 'schema' must be \"greengate-firm/1\" (got \"greengate-firm/9\")");
  CHECK(errors_of("volume-without-ncv.xml") ==
        d + "volume-without-ncv.xml:6: error: firm/installation[plant]/process[steel]/stream[ng]: a fuel quantity in a gas volume needs 'ncv' with a volumetric unit (TJ/1000Nm3, GJ/1000Nm3 or MJ/Nm3): the library has NCVs per tonne only");
  CHECK(errors_of("bad-cn.xml") ==
        d + "bad-cn.xml:8: error: firm/installation[plant]/process[steel]/good[720711]: 'cn' must be an 8-digit CN code (or 10-digit TARIC code), spaces allowed (got \"720711\")");
  CHECK(errors_of("bad-country.xml") ==
        d + "bad-country.xml:11: error: firm/export[7207 11 14]: 'destination' must be an ISO 3166-1 alpha-2 country code such as TR (got \"Germany\")");
  CHECK(errors_of("bad-method.xml") ==
        d + "bad-method.xml:6: error: firm/installation[plant]/process[steel]/stream[ng]: 'method' must be one of combustion, process, mass-balance, measured, n2o, pfc-slope, pfc-overvoltage (got \"combustian\")");
  CHECK(errors_of("negative-quantity.xml") ==
        d + "negative-quantity.xml:7: error: firm/installation[plant]/process[steel]/electricity: 'quantity' must be >= 0 (got -450)");
  CHECK(errors_of("unknown-element.xml") ==
        d + "unknown-element.xml:8: error: firm/installation[plant]/process[steel]: unknown element <fuel> (expected stream, electricity, heat, precursor, good, direct-emissions, waste-gas, electricity-export)");
}

TEST_CASE("Firm loader: errors accumulate, one run lists them all") {
  auto r = greengate::model::parse_firm(greengate::test::firm_xml(
      "<process id=\"p\" category=\"bogus\" output=\"-1\" unit=\"t\">\n"
      "<good cn=\"7214\" quantity=\"1\" unit=\"t\"/>\n"
      "</process>\n"), "x.xml");
  CHECK(r.diagnostics().format() ==
        "x.xml:3: error: firm/installation[i]/process[p]: 'category' is not an aggregated goods category (got \"bogus\"; see docs/firm-format.md)\n"
        "x.xml:3: error: firm/installation[i]/process[p]: 'output' must be >= 0 (got -1)\n"
        "x.xml:4: error: firm/installation[i]/process[p]/good[7214]: 'cn' must be an 8-digit CN code (or 10-digit TARIC code), spaces allowed (got \"7214\")");
}
