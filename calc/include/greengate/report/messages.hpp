#pragma once
// The message catalogue of the documents the engine writes for people (the signed report,
// report/firm_report.hpp), in Turkish and English.
//
// The catalogues are calc/i18n/report.<lang>.properties, compiled into the library (the report
// must not depend on a folder found at run time, and a document is deterministic only if its
// words are). Format as web/i18n/*.properties: UTF-8 "key = value" lines, '#' comments, {0} {1} …
// filled by the program, number.thousands / number.point declaring how numbers are written.
// Both faces read these keys through this class: the CLI's `report` command and the web's report
// download render the same document.

#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "greengate/error.hpp"

namespace greengate::report {

enum class Lang;  // report/screening_output.hpp: en, tr

class Messages {
 public:
  /// Parses a catalogue; throws DefinitionError naming display:line for a malformed line, a
  /// duplicate key or a missing number.* key.
  static Messages from_text(std::string_view text, const std::string& display, const std::string& code);
  /// The built-in report catalogue of `lang`.
  static const Messages& report(Lang lang);

  const std::string& code() const { return code_; }
  /// The message for `key`; a missing key shows itself ("[key]"), and the catalogue test fails.
  std::string operator()(std::string_view key) const;
  /// {0}, {1} … replaced by `args` as given (escape for HTML first).
  std::string format(std::string_view key, std::initializer_list<std::string> args) const;
  std::string format(std::string_view key, const std::vector<std::string>& args) const;
  bool has(std::string_view key) const { return messages_.count(std::string(key)) > 0; }
  std::vector<std::string> keys() const;

  /// Grouped thousands and the language's decimal sign, rounded half-up for display (P10):
  /// number(1234.56, 1) = "1,234.6" (en), "1.234,6" (tr).
  std::string number(double v, int decimals) const;
  /// Up to `max_decimals`, trailing zeros removed, no grouping: trimmed(0.4200, 6) = "0,42" (tr).
  std::string trimmed(double v, int max_decimals) const;
  /// A fraction as a percentage: percent(0.2, 0) = "20 %" (en), "%20" (tr).
  std::string percent(double fraction, int decimals) const;

 private:
  std::string code_;
  std::unordered_map<std::string, std::string> messages_;
  char thousands_ = ',';
  char point_ = '.';
  bool percent_before_ = false;
};

}  // namespace greengate::report
