#pragma once
// An engine message: a key of the message catalogue (text/catalogue.hpp) and its arguments, so
// that the engine states a fact once and every face writes it in its reader's language ("no
// certificate price for 2027 …" / "2027 için sertifika fiyatı yok …"). The engine's English, which
// the machine outputs (JSON, CSV, English text) keep, is the same message rendered with the English
// catalogue: `en()`. Arguments are typed so that numbers and dates follow the reader's conventions
// (decimal comma, GG.AA.YYYY in Turkish) while codes, names, units and legal references stay as
// written.
//
// A message may still be a literal: English text that has no key yet. It reads the same in every
// language; tests/report_language_test.cpp lists what a Turkish document still shows in English.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace greengate::text {

class Catalogue;
struct Message;

/// One argument of a message.
struct Arg {
  enum class Kind {
    text,     ///< a code, a name, an act, a value as written: shown as it is
    number,   ///< up to `decimals` decimals, trailing zeros dropped, then " unit" if any
    percent,  ///< `number` is a fraction: "20 %" (en), "%20" (tr), up to `decimals` decimals
    date,     ///< `text` is YYYY-MM-DD: GG.AA.YYYY in Turkish
    message,  ///< a message of its own, rendered in the same language
    label,    ///< a rule file's label: `text` (English) or, in Turkish, `text_tr` when not empty
  };
  Kind kind = Kind::text;
  std::string text;
  std::string text_tr;  ///< label: the Turkish words (empty: the English `text` in every language)
  double number = 0;
  int decimals = 6;
  std::string unit;
  std::shared_ptr<const Message> message;
};

Arg txt(std::string s);
Arg num(double v, int max_decimals = 6, std::string unit = {});
Arg pct(double fraction, int max_decimals = 1);
Arg date_arg(std::string ymd);
Arg msg_arg(Message m);
/// A label written in a rule file in both languages (`label` / `label-tr`, docs/rules-format.md).
Arg label_arg(std::string en, std::string tr);
/// `tr` for a Turkish reader when it is not empty, else `en` (a rule file's label-tr / label).
const std::string& pick(const Catalogue& words, const std::string& en, const std::string& tr);

struct Message {
  std::string key;        ///< catalogue key; empty for a literal
  std::vector<Arg> args;  ///< {0}, {1} … of the key's pattern
  std::string literal;    ///< the text when there is no key
  std::vector<Message> then;  ///< more words after these (a formula with a term added …)

  Message() = default;
  /// A literal (English that has no key yet): implicit, so that a text can become a message first
  /// and get its key later.
  Message(std::string english) : literal(std::move(english)) {}
  Message(const char* english) : literal(english) {}
  static Message of(std::string key, std::vector<Arg> args = {});

  bool empty() const { return key.empty() && literal.empty(); }
  bool is_literal() const { return key.empty(); }
  /// The words in `words`' language (its number and date conventions).
  std::string str(const Catalogue& words) const;
  /// The engine's English (the English catalogue).
  std::string en() const;
};

/// `a` followed by `b` ("SEE from the supplier's communication" + "; SEE_ind = …").
Message& operator+=(Message& a, Message b);
Message operator+(Message a, Message b);

/// Same words in English.
inline bool operator==(const Message& a, const Message& b) { return a.en() == b.en(); }

/// Every message key `m` uses, itself and its nested arguments' (for the catalogue tests).
void keys_of(const Message& m, std::vector<std::string>& out);

}  // namespace greengate::text
