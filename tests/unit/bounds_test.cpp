// Absurd magnitudes (issue 15, defect 7): inputs beyond units::max_magnitude are refused where
// they come in (firm XML, batch lines, prices), and a result that would not be finite fails the
// run naming its place — never "inf" in text or null in JSON/CSV with exit 0.
#include <doctest/doctest.h>

#include "greengate/calc/batch.hpp"
#include "greengate/units/unit_parser.hpp"
#include "test_data.hpp"

namespace u = greengate::units;
using greengate::test::firm_xml;

TEST_CASE("Bounds: the largest accepted value of each dimension, in its units") {
  CHECK(u::max_in("t") == 1e12);
  CHECK(u::max_in("kg") == doctest::Approx(1e15));
  CHECK(u::max_in("kt") == doctest::Approx(1e9));
  CHECK(u::max_in("MWh") == doctest::Approx(1e12));
  CHECK(u::max_in("GJ") == doctest::Approx(3.6e12));
  CHECK(u::max_in("tCO2e") == 1e12);
  CHECK(u::max_in("tCO2e/t") == 1e6);
  CHECK(u::max_in("tCO2e/TJ") == doctest::Approx(1e6));
  CHECK(u::max_in("EUR/tCO2e") == 1e6);
  CHECK(u::max_magnitude_text(u::Dimension::mass) == "1e+12 t");
  CHECK(u::in_tonnes(u::to_mass(1e12, "t", "'unit'")) == 1e12);
  CHECK(u::in_tonnes(u::to_mass(1e15, "kg", "'unit'")) == doctest::Approx(1e12));
  CHECK_THROWS_WITH_AS(u::to_mass(1.7e308, "t", "'unit'"),
                       "'unit': 1.7e+308 t is beyond the largest mass accepted (1e+12 t)", greengate::UnitError);
  CHECK_THROWS_AS(u::to_mass(2e15, "kg", "'unit'"), greengate::UnitError);
  CHECK_THROWS_AS(u::to_energy(1e13, "MWh", "'unit'"), greengate::UnitError);
}

TEST_CASE("Bounds: two streams of 1.7e308 t are refused at input with their file:line") {
  auto loaded = greengate::model::parse_firm(
      firm_xml("<process id=\"p\" category=\"crude_steel\" output=\"100\" unit=\"t\">\n"
               "<stream id=\"a\" method=\"measured\" gas=\"CO2\" quantity=\"1.7e308\" unit=\"tCO2e\"/>\n"
               "<stream id=\"b\" method=\"measured\" gas=\"CO2\" quantity=\"1.7e308\" unit=\"tCO2e\"/>\n"
               "<good cn=\"72071114\" quantity=\"100\" unit=\"t\"/>\n</process>\n"),
      "big.xml");
  REQUIRE(loaded.diagnostics().error_count() == 2);
  CHECK(loaded.diagnostics().items()[0].format() ==
        "big.xml:4: error: firm/installation[i]/process[p]/stream[a]: 'unit': 1.7e+308 tCO2e is beyond the largest "
        "CO2e mass accepted (1e+12 tCO2e)");
}

TEST_CASE("Bounds: a result that would overflow fails the run at its process, good and export") {
  // 10 tCO2e over an activity level of 1e-310 t: SEE 1e311 t/t, beyond any double.
  auto xml = firm_xml("<process id=\"p\" category=\"crude_steel\" output=\"1e-310\" unit=\"t\">\n"
                      "<stream id=\"a\" method=\"measured\" gas=\"CO2\" quantity=\"10\" unit=\"tCO2e\"/>\n"
                      "<good cn=\"72071114\" quantity=\"1\" unit=\"t\"/>\n</process>\n",
                      "<export cn=\"72071114\" installation=\"i\" year=\"2026\" quantity=\"1\" unit=\"t\" destination=\"IT\"/>\n");
  try {
    greengate::test::run(xml);
    FAIL("no error");
  } catch (const greengate::InputError& e) {
    const auto& items = e.diagnostics().items();
    REQUIRE(items.size() == 3);
    CHECK(items[0].format().rfind("test.xml:3: error: the emissions and SEE of process 'p' would not be a finite number", 0) == 0);
    CHECK(items[2].pos.line == 8);
  }
}

namespace {
greengate::calc::BatchResult run_lines(const std::string& csv, std::vector<greengate::calc::BatchReject>& rejects) {
  static const auto flat = greengate::calc::PriceBook::flat(80);
  greengate::calc::MoneyContext mc{greengate::test::dataset(), greengate::test::money(), flat, std::nullopt, nullptr};
  std::size_t pos = 0;
  greengate::calc::BatchReader reader = [&](char* buf, std::size_t n) {
    auto k = std::min(n, csv.size() - pos);
    std::copy_n(csv.data() + pos, k, buf);
    pos += k;
    return k;
  };
  greengate::calc::BatchSinks sinks;
  sinks.reject = [&](const greengate::calc::BatchReject& r) { rejects.push_back(r); };
  greengate::calc::BatchOptions opt;
  opt.display = "lines.csv";
  opt.scenario = "user";
  return greengate::calc::run_batch(mc, opt, reader, sinks);
}
}  // namespace

TEST_CASE("Bounds: batch lines beyond 1e12 t, 1e12 MWh or 1e6 per tonne are rejected, never summed to inf") {
  std::vector<greengate::calc::BatchReject> rejects;
  auto r = run_lines("declarant,year,cn_code,origin,quantity,unit,see_direct,see_indirect,carbon_price_paid,sefa,route\n"
                     "DE1,2026,72142000,TR,1e308,t,,,,,\n"          // 2
                     "DE1,2026,72142000,TR,1e308,t,,,,,\n"          // 3
                     "DE1,2026,27160000,TR,2e12,MWh,0.5,,,,\n"      // 4
                     "DE1,2026,72142000,TR,2e15,kg,,,,,\n"          // 5
                     "DE1,2026,72142000,TR,10,t,99999999,,,,\n"     // 6: a short number above 1e6
                     "DE1,2026,72142000,TR,10,t,1.5,,2000000,,\n"   // 7: carbon price paid above 1e6
                     "DE1,2026,72142000,TR,1000000000000,t,,,,,\n"  // 8: exactly 1e12 t: accepted
                     "DE1,2026,72142000,TR,1e15,kg,,,,,\n",         // 9: 1e12 t in kg: accepted
                     rejects);
  REQUIRE(rejects.size() == 6);
  CHECK(rejects[0].line == 2);
  CHECK(rejects[0].column == "quantity");
  CHECK(rejects[0].reason == "beyond the largest quantity accepted (1e+12 t)");
  CHECK(rejects[2].reason == "beyond the largest quantity accepted (1e+12 MWh)");
  CHECK(rejects[3].line == 5);
  CHECK(rejects[4].column == "see_direct");
  CHECK(rejects[4].reason == "beyond the largest value accepted (1e+06 tCO2e/t)");
  CHECK(rejects[5].column == "carbon_price_paid");
  CHECK(rejects[5].reason == "beyond the largest value accepted (1e+06 EUR/tCO2e)");
  REQUIRE(r.rows.size() == 1);
  // the two accepted lines: 1e12 t + 1e15 kg = 2e12 t, and a finite sum of their emissions
  CHECK(greengate::units::in_tonnes(r.rows[0].mass_in_scope) == 2e12);
  CHECK(std::isfinite(greengate::units::in_tco2e(r.rows[0].embedded)));
}

TEST_CASE("Bounds: a certificate price beyond 1e6 EUR/tCO2e is refused (flat price and price file)") {
  CHECK_THROWS_WITH_AS(greengate::calc::PriceBook::flat(1e308),
                       "price 1e+308 EUR/tCO2e: expected a price from 0 to 1e+06 EUR/tCO2e", greengate::InputError);
  auto book = greengate::calc::PriceBook::from_csv_text("period,price\n2026,2e6\n", "prices.csv");
  REQUIRE(book.diagnostics().has_errors());
  CHECK(book.diagnostics().items()[0].format() ==
        "prices.csv:2: error: column 'price': 2e6 is beyond the largest price accepted (1e+06 EUR/tCO2e)");
}

TEST_CASE("Bounds: transport distances and factors have bounds of their own, not the 1e6 fallback") {
  // Before, length and transport factors fell through to a dimensionless 1e6 in storage units:
  // 1e6 m = 1 000 km, so a sea leg İzmir–Rotterdam (~6 000 km) was refused as "absurd".
  // Now: 1e6 km (storage m: 1e9) and 1e6 gCO2e/tkm (storage tCO2e per t·m: 1e6 × 1e-6 / 1000 = 1e-3).
  CHECK(u::max_in("km") == doctest::Approx(1e6));
  CHECK(u::max_in("m") == doctest::Approx(1e9));
  CHECK(u::max_in("gCO2e/tkm") == doctest::Approx(1e6));
  CHECK(u::max_in("kgCO2e/tkm") == doctest::Approx(1e3));
  CHECK(u::max_magnitude_text(u::Dimension::length) == "1e+06 km");
  CHECK(u::max_magnitude_text(u::Dimension::transport_factor) == "1e+06 gCO2e/tkm");
  CHECK_NOTHROW(u::to_length(6000, "km", "'distance'"));
  CHECK_NOTHROW(u::to_length(40075, "km", "'distance'"));
  CHECK_THROWS_WITH_AS(u::to_length(2e6, "km", "'distance'"),
                       "'distance': 2e+06 km is beyond the largest length accepted (1e+06 km)", greengate::UnitError);
  CHECK_NOTHROW(u::to_transport_factor(16, "gCO2e/tkm", "'factor'"));
  CHECK_THROWS_AS(u::to_transport_factor(2e6, "gCO2e/tkm", "'factor'"), greengate::UnitError);
}
