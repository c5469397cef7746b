#pragma once
// The message catalogue: every word people read, in Turkish and English, one catalogue per
// language for every face (web pages, the CLI's text, HTML decision records, the signed report).
//
// A catalogue is built from UTF-8 "key = value" files ('#' comments; {0} {1} … filled in by the
// program) — web/i18n/<lang>.properties (pages and the CLI) and calc/i18n/report.<lang>.properties
// (the report) — compiled into the program (calc/CMakeLists.txt): what people read must not
// depend on a folder found at run time, and a document is deterministic only if its words are.
// A key defined twice, in one file or across them, is an error: a word is translated once.
// Three keys declare how numbers are written: number.thousands, number.point (one character
// each) and number.percent ("after": 20 %, "before": %20).
//
// Loaded once, immutable, shared read-only between threads.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "greengate/text/number_reader.hpp"

namespace greengate::text {

enum class Lang { en, tr };

/// "tr" → Lang::tr; anything else English (the default).
Lang lang_of(std::string_view code);
const char* code_of(Lang lang);

/// One source file of a catalogue: its text and the name errors show for it.
struct CatalogueSource {
  std::string_view text;
  std::string display;
};

class Catalogue {
 public:
  /// Parses catalogue files into one catalogue; throws DefinitionError naming display:line for a
  /// malformed line or a duplicate key, and display:0 for a missing or malformed number.* key.
  static Catalogue from_sources(const std::vector<CatalogueSource>& sources, const std::string& code);
  static Catalogue from_text(std::string_view text, const std::string& display, const std::string& code);
  /// Reads one file (a translator's draft, tests); throws DefinitionError when it cannot.
  static Catalogue load(const std::string& path, const std::string& code);
  /// The program's catalogue of `lang`, parsed on first use.
  static const Catalogue& builtin(Lang lang);
  static const Catalogue& builtin(std::string_view code) { return builtin(lang_of(code)); }

  const std::string& code() const { return code_; }
  Lang lang() const { return lang_of(code_); }
  /// The message for `key`; a missing key shows itself as "[key]" (visible in review; the
  /// catalogue tests fail on it).
  std::string operator()(std::string_view key) const;
  /// {0}, {1} … replaced by `args` as given (escape for HTML first).
  std::string format(std::string_view key, std::initializer_list<std::string> args) const;
  std::string format(std::string_view key, const std::vector<std::string>& args) const;
  bool has(std::string_view key) const { return messages_.count(std::string(key)) > 0; }
  /// Every key, sorted.
  std::vector<std::string> keys() const;

  /// Grouped thousands and the language's decimal sign, rounded half-up for display (STYLE P10):
  /// number(1234.56, 1) = "1,234.6" (en), "1.234,6" (tr); a value that rounds to zero is "0".
  std::string number(double v, int decimals) const;
  /// Up to `max_decimals`, trailing zeros removed, no grouping: trimmed(0.4200, 6) = "0,42" (tr).
  std::string trimmed(double v, int max_decimals) const;
  /// A fraction as a percentage with exactly `decimals` decimals: percent(0.2, 0) = "20 %" (en),
  /// "%20" (tr).
  std::string percent(double fraction, int decimals) const;
  /// A fraction as a percentage with up to `max_decimals`: percent_trimmed(0.4, 1) = "40 %".
  std::string percent_trimmed(double fraction, int max_decimals) const;
  /// A calendar date (YYYY-MM-DD) as people of this language write it: 02.12.2026 (tr),
  /// 2026-12-02 (en, ISO 8601); any other text is returned as written.
  std::string date(std::string_view ymd) const;

  /// A number typed by a user in this language (text::read_number: "48.000" = 48 000 and
  /// "1.250,5" in Turkish, "48,000" and "1,250.5" in English); nullopt unless it reads one way.
  std::optional<double> parse_number(std::string_view text) const;
  /// The convention people of this language write numbers in.
  Convention convention() const { return convention_of(code_); }
  /// Why `r` (a refused reading of `typed`) was refused, in this language.
  std::string number_error(std::string_view typed, const NumberRead& r) const;

 private:
  std::string percent_sign(std::string n) const;

  std::string code_;
  std::unordered_map<std::string, std::string> messages_;
  char thousands_ = ',';
  char point_ = '.';
  bool percent_before_ = false;
};

}  // namespace greengate::text
