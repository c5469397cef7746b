#include "words.hpp"

#include "commands.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/text/turkish.hpp"

namespace greengate::cli {

Words::Words(Context& ctx) : cat_(ctx.catalogue()) {}

std::string Words::fixed(double v, int decimals) const {
  return english() ? text::format_fixed(v, decimals) : cat_.number(v, decimals);
}

std::string Words::trimmed(double v, int max_decimals) const {
  return english() ? text::format_trimmed(v, max_decimals) : cat_.trimmed(v, max_decimals);
}

std::string Words::percent_fixed(double fraction, int decimals) const {
  return english() ? text::format_fixed(fraction * 100.0, decimals) + " %" : cat_.percent(fraction, decimals);
}

std::string Words::block(std::string_view key) const {
  const std::string v = cat_(key);
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size() && v[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += v[i];
    }
  }
  return out;
}

std::string Words::sector(const std::string& code) const {
  if (english() || !cat_.has("sector." + code)) return code;
  return text::lower_tr(cat_("sector." + code));
}

std::string Words::scenario(const std::string& name) const {
  if (name == "user" || name == "published") return cat_("cli.scenario." + name);
  return name;
}

std::string Words::date(const Date& d) const { return text::Message::of("cli.date", {text::date_arg(d.str())}).str(cat_); }

std::string Words::status(Status s) const {
  switch (s) {
    case Status::verified: return cat_("cli.status.verified");
    case Status::single_source: return cat_("cli.status.single_source");
    case Status::unverified: break;
  }
  return cat_("cli.status.unverified");
}

std::string Words::validity(const Provenance& p) const {
  if (!p.valid_to) return text::Message::of("msg.valid.from", {text::date_arg(p.valid_from.str())}).str(cat_);
  return text::Message::of("msg.valid.range", {text::date_arg(p.valid_from.str()), text::date_arg(p.valid_to->str())})
      .str(cat_);
}

std::string Words::method(std::string_view name) const {
  const std::string key = "cli.method." + std::string(name);
  return cat_.has(key) ? cat_(key) : std::string(name);
}

UsageError usage_error(std::string key, std::vector<std::string> args) {
  std::string english = text::Catalogue::builtin(text::Lang::en).format(key, args);
  return UsageError(english, std::move(key), std::move(args));
}

}  // namespace greengate::cli
