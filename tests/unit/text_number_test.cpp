// Numbers typed by people (issue 14, greengate/text/number_reader.hpp): read as meant, or refused
// with both readings shown — never guessed. The case that started it: "48.000" typed on the
// Turkish firm form was read as 48 t, giving 2 678.9 tCO2e/t for 12 000 t of rebar.
#include <doctest/doctest.h>

#include "greengate/text/number_reader.hpp"

namespace gt = greengate::text;
using gt::Convention;

namespace {
double ok(std::string_view s, Convention c) {
  auto r = gt::read_number(s, c);
  REQUIRE_MESSAGE(r.ok(), r.error);
  return *r.value;
}
std::string refused(std::string_view s, Convention c) {
  auto r = gt::read_number(s, c);
  CHECK_FALSE(r.ok());
  return r.code;
}
}  // namespace

TEST_CASE("Numbers, Turkish: '.' groups thousands, ',' is the decimal mark (48.000 = 48 000)") {
  CHECK(ok("48.000", Convention::turkish) == 48000);
  CHECK(ok("1.234,5", Convention::turkish) == doctest::Approx(1234.5));
  CHECK(ok("0,5", Convention::turkish) == doctest::Approx(0.5));
  CHECK(ok("48 000", Convention::turkish) == 48000);
  CHECK(ok("48\xC2\xA0" "000", Convention::turkish) == 48000);  // no-break space
  CHECK(ok("1.234.567,25", Convention::turkish) == doctest::Approx(1234567.25));
  CHECK(ok("-12,5", Convention::turkish) == doctest::Approx(-12.5));
  // '.' is never a decimal mark in Turkish: refused, with the Turkish way of writing it
  auto r = gt::read_number("1250.5", Convention::turkish);
  CHECK(r.code == "grouping");
  CHECK(r.error.find("write 1.250,5 for 1250.5") != std::string::npos);
  CHECK(refused("1,234.5", Convention::turkish) == "mixed");
  CHECK(refused("1.23.456", Convention::turkish) == "grouping");
  CHECK(refused("12abc", Convention::turkish) == "not_a_number");
  CHECK(refused("", Convention::turkish) == "empty");
  CHECK(refused("12,", Convention::turkish) == "grouping");
}

TEST_CASE("Numbers, English: ',' groups thousands, '.' is the decimal mark (48,000 = 48 000)") {
  CHECK(ok("48,000", Convention::english) == 48000);
  CHECK(ok("1,234.5", Convention::english) == doctest::Approx(1234.5));
  CHECK(ok("0.5", Convention::english) == doctest::Approx(0.5));
  CHECK(ok("1 234.5", Convention::english) == doctest::Approx(1234.5));
  auto r = gt::read_number("1,5", Convention::english);
  CHECK(r.code == "grouping");
  CHECK(r.error.find("write 1.5 for 1.5") != std::string::npos);
  CHECK(refused("1.234,5", Convention::english) == "mixed");
  CHECK(refused("12,34", Convention::english) == "grouping");
}

TEST_CASE("Numbers, either convention: '1.234' and '48,000' are ambiguous and show both readings") {
  auto a = gt::read_number("1.234", Convention::either);
  CHECK(a.code == "ambiguous");
  REQUIRE(a.reading_a);
  REQUIRE(a.reading_b);
  CHECK(*a.reading_a == 1234);                    // '.' grouping (Turkish)
  CHECK(*a.reading_b == doctest::Approx(1.234));  // '.' decimal (English)
  CHECK(a.error.find("1234") != std::string::npos);
  CHECK(a.error.find("1.234") != std::string::npos);
  auto b = gt::read_number("48,000", Convention::either);
  CHECK(b.code == "ambiguous");
  CHECK(*b.reading_a == 48);
  CHECK(*b.reading_b == 48000);
  CHECK(ok("1.234,5", Convention::either) == doctest::Approx(1234.5));
  CHECK(ok("1,234.5", Convention::either) == doctest::Approx(1234.5));
  CHECK(ok("12.5", Convention::either) == doctest::Approx(12.5));
  CHECK(ok("12,5", Convention::either) == doctest::Approx(12.5));
  CHECK(ok("1234", Convention::either) == 1234);
  CHECK(refused("1.234.5", Convention::either) == "grouping");
}

TEST_CASE("Numbers, plain (files): '.' decimal, no grouping") {
  CHECK(ok("1234.5", Convention::plain) == doctest::Approx(1234.5));
  CHECK(refused("1,234.5", Convention::plain) == "grouping");
  CHECK(refused("48 000", Convention::plain) == "grouping");
}

TEST_CASE("Numbers: what was understood, written back in the page's convention") {
  CHECK(gt::echo_number(48000, Convention::turkish) == "48.000");
  CHECK(gt::echo_number(1234.5, Convention::turkish) == "1.234,5");
  CHECK(gt::echo_number(48000, Convention::english) == "48,000");
  CHECK(gt::echo_number(1234567.25, Convention::english) == "1,234,567.25");
  CHECK(gt::echo_number(-12.5, Convention::turkish) == "-12,5");
  CHECK(gt::echo_number(0.5, Convention::plain) == "0.5");
}

TEST_CASE("Numbers: the plain text of what was read keeps the digits as written") {
  CHECK(gt::read_number("48.000", Convention::turkish).plain == "48000");
  CHECK(gt::read_number("1.234,50", Convention::turkish).plain == "1234.50");
  CHECK(gt::read_number("+1,234.5", Convention::english).plain == "1234.5");
  CHECK(gt::read_number("0.1", Convention::plain).plain == "0.1");
  CHECK(gt::read_number("1250.5", Convention::turkish).suggestion == "1.250,5");
  CHECK(gt::read_number("1,5", Convention::english).suggestion == "1.5");
}

TEST_CASE("Numbers: a file's plain number shown on a page keeps its digits") {
  CHECK(gt::echo_plain("0.0020", Convention::turkish) == "0,0020");
  CHECK(gt::echo_plain("48000", Convention::turkish) == "48.000");
  CHECK(gt::echo_plain("1234567.50", Convention::english) == "1,234,567.50");
  CHECK(gt::read_number(gt::echo_plain("1234567.50", Convention::turkish), Convention::turkish).plain == "1234567.50");
}

TEST_CASE("Numbers: scientific notation has one reading (so the bounds, not the reader, refuse 1e308)") {
  CHECK(*gt::read_number("1e308", Convention::turkish).value == doctest::Approx(1e308));
  CHECK(*gt::read_number("2.5E-3", Convention::english).value == doctest::Approx(0.0025));
  CHECK(*gt::read_number("1e6", Convention::plain).value == doctest::Approx(1e6));
  // In Turkish '.' groups thousands: "2.5e3" is not a number a Turkish user writes.
  CHECK_FALSE(gt::read_number("2.5e3", Convention::turkish).value);
  CHECK_FALSE(gt::read_number("1,5e3", Convention::english).value);
  CHECK_FALSE(gt::read_number("e5", Convention::english).value);
}
