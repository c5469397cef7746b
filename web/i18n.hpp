#pragma once
// Message catalogues (web/i18n/<lang>.properties) and number display per language.
//
// A catalogue is a UTF-8 file of "key = value" lines ('#' comments). Besides the messages it
// declares how numbers are written: number.thousands and number.point (Turkish: "." and ",").
// Loaded once at start-up; immutable and shared read-only between request threads.

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "greengate/text/number_reader.hpp"

namespace greengate::web {

class Catalogue {
 public:
  /// Reads `path`; throws DefinitionError naming file:line for a malformed line or a missing
  /// number.* key.
  static Catalogue load(const std::string& path, const std::string& code);
  static Catalogue from_text(std::string_view text, const std::string& display, const std::string& code);

  const std::string& code() const { return code_; }
  /// The message for `key`, or the key itself when missing (visible, never a crash).
  const std::string& operator()(std::string_view key) const;
  /// The message with {0}, {1}, … replaced by `args` (args are inserted as given: escape first).
  std::string format(std::string_view key, std::initializer_list<std::string> args) const;
  std::string format(std::string_view key, const std::vector<std::string>& args) const;
  bool has(std::string_view key) const;
  std::vector<std::string> keys() const;

  /// Display numbers (rounded half-up for display only, STYLE P10), grouped thousands.
  std::string number(double v, int decimals) const;
  /// Up to `max_decimals`, trailing zeros removed, decimal sign of the language.
  std::string trimmed(double v, int max_decimals) const;
  /// A percentage in the language's convention (number.percent: "after" in English, 20 %;
  /// "before" in Turkish, %20), the number as trimmed().
  std::string percent(double v, int max_decimals) const;
  /// A number typed by a user in this language (text::read_number: "48.000" = 48 000 and
  /// "1.250,5" in Turkish, "48,000" and "1,250.5" in English); nullopt unless it reads one way.
  std::optional<double> parse_number(std::string_view text) const;
  /// The convention people of this language write numbers in.
  text::Convention convention() const { return text::convention_of(code_); }
  /// Why `r` (a refused reading) was refused, in this language.
  std::string number_error(std::string_view typed, const text::NumberRead& r) const;

 private:
  std::string code_;
  std::unordered_map<std::string, std::string> messages_;
  char thousands_ = ',';
  char point_ = '.';
};

class Catalogues {
 public:
  /// Loads en.properties and tr.properties from `dir`.
  static Catalogues load(const std::string& dir);
  /// "tr" or "en" (anything else: English).
  const Catalogue& get(std::string_view lang) const;
  static bool supported(std::string_view lang) { return lang == "en" || lang == "tr"; }

 private:
  std::map<std::string, Catalogue, std::less<>> by_code_;
};

}  // namespace greengate::web
