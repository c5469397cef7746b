#pragma once
// Numbers typed by people (issue 14): read as the writer meant them, or refused with every reading
// shown — never guessed.
//
//   Convention::turkish  "48.000" = 48 000, "1.234,5" = 1 234.5, "0,5" = 0.5: '.' groups
//                        thousands, ',' is the decimal mark.
//   Convention::english  "48,000" = 48 000, "1,234.5" = 1 234.5: ',' groups, '.' is the mark.
//   Convention::either   a form or file that allows both readings: "1.234,5" and "1,234.5" are
//                        clear, "12.5" and "12,5" are 12.5 (no grouping has one digit), but a
//                        single mark followed by exactly three digits ("1.234", "48,000") is
//                        ambiguous.
//   Convention::plain    machine text: '.' decimal, no grouping ("1234.5"), as in XML files and
//                        CSV files that declare no other convention.
// Spaces (also no-break and narrow no-break spaces) may group digits in every convention but
// plain: "48 000". An entry is refused, with a message that names both readings where there are
// two, when it mixes the marks wrongly ("1.234.5", "1,2.3"), groups in the wrong place
// ("1.23.456", "12.34" in Turkish, where '.' never marks decimals), or is not a number.

#include <optional>
#include <string>
#include <string_view>

namespace greengate::text {

enum class Convention { turkish, english, either, plain };

/// The convention of a page or file language: "tr" Turkish, "en" English.
Convention convention_of(std::string_view lang);

struct NumberRead {
  std::optional<double> value;  ///< the number, when there is exactly one reading
  std::string error;            ///< why not (in English; faces translate by `code`)
  std::string code;             ///< stable: "empty", "not_a_number", "ambiguous", "mixed", "grouping"
  std::optional<double> reading_a, reading_b;  ///< the two readings of an ambiguous entry
  /// The number as plain text ('.' decimal, no grouping), exactly the digits written
  /// ("48.000" in Turkish -> "48000"): what a file takes, without a round trip through double.
  std::string plain;
  /// For a refused entry that reads one way in the other convention: that number written in this
  /// convention ("1250.5" on a Turkish page -> "1.250,5").
  std::string suggestion;
  bool ok() const { return value.has_value(); }
};

NumberRead read_number(std::string_view text, Convention c);

/// `v` written back in convention `c` as the writer would read it ("48.000" / "48,000" /
/// "48000"), up to `max_decimals` decimals, trailing zeros dropped: "what was understood".
std::string echo_number(double v, Convention c, int max_decimals = 6);
/// A plain number ("48000", "0.0020") written in convention `c` with its digits as they are
/// ("48.000", "0,0020"): for showing a file's numbers on a page without changing them.
std::string echo_plain(std::string_view plain, Convention c);

}  // namespace greengate::text
