#pragma once
// The words of the CLI's text output in the user's language (--lang, LANG): catalogue keys
// (cli/i18n/cli.<lang>.properties and the other sources of the one catalogue per language), numbers
// in that language's convention (text::Catalogue: "28.679,0", "%20"), dates GG.AA.YYYY in Turkish,
// engine messages rendered with the same catalogue. English text output is the catalogue's English,
// byte for byte what the commands printed before they spoke Turkish (the goldens say so).
//
// Formatting only: no figure is computed here.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "args.hpp"
#include "greengate/provenance.hpp"
#include "greengate/text/catalogue.hpp"
#include "greengate/text/message.hpp"

namespace greengate::cli {

struct Context;

class Words {
 public:
  explicit Words(Context& ctx);
  explicit Words(const text::Catalogue& catalogue) : cat_(catalogue) {}

  const text::Catalogue& catalogue() const { return cat_; }
  bool english() const { return cat_.lang() == text::Lang::en; }

  /// The catalogue's text of `key` ("[key]" when missing: the language test fails on it).
  std::string operator()(std::string_view key) const { return cat_(key); }
  /// `key` with {0} {1} … filled in.
  std::string operator()(std::string_view key, std::initializer_list<std::string> args) const {
    return cat_.format(key, args);
  }
  std::string operator()(std::string_view key, const std::vector<std::string>& args) const {
    return cat_.format(key, args);
  }

  /// Grouped thousands: grouped(28679.04, 1) = "28,679.0" (en), "28.679,0" (tr).
  std::string grouped(double v, int decimals) const { return cat_.number(v, decimals); }
  /// Exactly `decimals` decimals: "0.214" (en, never grouped, as the English text always was),
  /// "0,214" (tr, grouped from 1 000 as Turkish text is).
  std::string fixed(double v, int decimals) const;
  /// Up to `max_decimals`, trailing zeros dropped: "0.0275" (en), "0,0275" (tr).
  std::string trimmed(double v, int max_decimals) const;
  /// A fraction as a percentage, up to `max_decimals`: "97.5 %" (en), "%97,5" (tr).
  std::string percent(double fraction, int max_decimals) const { return cat_.percent_trimmed(fraction, max_decimals); }
  /// A fraction as a percentage with exactly `decimals` decimals: "2.5 %" (en), "%2,5" (tr).
  std::string percent_fixed(double fraction, int decimals) const;
  /// 2026-06-30 (en), 30.06.2026 (tr).
  std::string date(const Date& d) const;
  /// An engine message in this language.
  std::string msg(const text::Message& m) const { return m.str(cat_); }
  /// A data status: "verified", "single source", "unverified" (en); doğrulanmış … (tr).
  std::string status(Status s) const;
  /// A value's validity: "from 2026-01-01", "2026-01-01..2026-12-31" (en); "01.01.2026 itibarıyla" (tr).
  std::string validity(const Provenance& p) const;
  /// A data method (calc::data_method_name: actual, mixed, default) in this language.
  std::string method(std::string_view name) const;
  /// A text of several lines: the catalogue's "\n" are line breaks (the lines keep the spaces
  /// the catalogue gives them).
  std::string block(std::string_view key) const;
  /// A CBAM sector in prose: the code as written in English ("electricity"), the catalogue's
  /// sector name in small letters in another language ("elektrik").
  std::string sector(const std::string& code) const;
  /// A price scenario's name: the engine's own ("user": --price; "published") in this language, a price
  /// file's as written.
  std::string scenario(const std::string& name) const;
  /// "yes" / "no".
  std::string yes_no(bool b) const { return cat_(b ? "cli.yes" : "cli.no"); }

 private:
  const text::Catalogue& cat_;
};

/// A usage error (exit 2) whose words are the catalogue's `key` (cli/i18n): English as its what(),
/// the user's language when main reports it.
UsageError usage_error(std::string key, std::vector<std::string> args);

}  // namespace greengate::cli
