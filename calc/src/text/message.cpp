#include "greengate/text/message.hpp"

#include "greengate/text/catalogue.hpp"
#include "greengate/text/number_format.hpp"

namespace greengate::text {

Arg txt(std::string s) {
  Arg a;
  a.text = std::move(s);
  return a;
}

Arg num(double v, int max_decimals, std::string unit) {
  Arg a;
  a.kind = Arg::Kind::number;
  a.number = v;
  a.decimals = max_decimals;
  a.unit = std::move(unit);
  return a;
}

Arg pct(double fraction, int max_decimals) {
  Arg a;
  a.kind = Arg::Kind::percent;
  a.number = fraction;
  a.decimals = max_decimals;
  return a;
}

Arg date_arg(std::string ymd) {
  Arg a;
  a.kind = Arg::Kind::date;
  a.text = std::move(ymd);
  return a;
}

Arg msg_arg(Message m) {
  Arg a;
  a.kind = Arg::Kind::message;
  a.message = std::make_shared<const Message>(std::move(m));
  return a;
}

Arg label_arg(std::string en, std::string tr) {
  Arg a;
  a.kind = Arg::Kind::label;
  a.text = std::move(en);
  a.text_tr = std::move(tr);
  return a;
}

const std::string& pick(const Catalogue& words, const std::string& en, const std::string& tr) {
  return !tr.empty() && words.lang() == Lang::tr ? tr : en;
}

Message Message::of(std::string key, std::vector<Arg> args) {
  Message m;
  m.key = std::move(key);
  m.args = std::move(args);
  return m;
}

namespace {

std::string arg_text(const Arg& a, const Catalogue& w) {
  switch (a.kind) {
    case Arg::Kind::text:
      return a.text;
    case Arg::Kind::number: {
      std::string s = w.trimmed(a.number, a.decimals);
      return a.unit.empty() ? s : s + " " + a.unit;
    }
    case Arg::Kind::percent:
      return w.percent_trimmed(a.number, a.decimals);
    case Arg::Kind::date:
      return w.date(a.text);
    case Arg::Kind::message:
      return a.message ? a.message->str(w) : std::string();
    case Arg::Kind::label:
      return pick(w, a.text, a.text_tr);
  }
  return {};
}

}  // namespace

std::string Message::str(const Catalogue& words) const {
  std::string out;
  if (key.empty()) {
    out = literal;
  } else {
    std::vector<std::string> a;
    a.reserve(args.size());
    for (const auto& x : args) a.push_back(arg_text(x, words));
    out = words.format(key, a);
  }
  for (const auto& m : then) out += m.str(words);
  return out;
}

Message& operator+=(Message& a, Message b) {
  if (b.empty()) return a;
  if (a.empty()) return a = std::move(b);
  // two literals stay one literal (what the engine wrote before it had keys)
  if (b.key.empty() && b.then.empty() && (a.then.empty() ? a.key.empty() : (a.then.back().is_literal() && a.then.back().then.empty()))) {
    (a.then.empty() ? a.literal : a.then.back().literal) += b.literal;
    return a;
  }
  a.then.push_back(std::move(b));
  return a;
}

Message operator+(Message a, Message b) { return a += std::move(b); }

std::string Message::en() const { return str(Catalogue::builtin(Lang::en)); }

void keys_of(const Message& m, std::vector<std::string>& out) {
  if (!m.key.empty()) out.push_back(m.key);
  for (const auto& a : m.args)
    if (a.kind == Arg::Kind::message && a.message) keys_of(*a.message, out);
  for (const auto& t : m.then) keys_of(t, out);
}

}  // namespace greengate::text
