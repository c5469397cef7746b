#include "commands.hpp"

namespace greengate::cli {

const calc::Dataset& Context::data() {
  if (!data_) data_ = std::make_unique<calc::Dataset>(calc::load_dataset(data_dir).get());
  return *data_;
}

const report::Messages* Context::words() { return &report::Messages::builtin(lang); }

std::string Context::date_text(const Date& d) const {
  const std::string iso = d.str();
  if (lang != "tr" || iso.size() != 10) return iso;
  return iso.substr(8, 2) + "." + iso.substr(5, 2) + "." + iso.substr(0, 4);
}

std::string help_text(Context& ctx, const std::string& command, const std::string& english) {
  if (ctx.lang == "en") return english;
  const report::Messages* w = ctx.words();
  const std::string key = "help." + command;
  if (!w || !w->has(key)) return english;
  const std::string v = (*w)(key);
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

const report::Messages& Context::catalogue() { return *words(); }

}  // namespace greengate::cli
