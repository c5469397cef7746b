#include "i18n.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "greengate/error.hpp"
#include "greengate/report/number_format.hpp"

namespace greengate::web {

namespace {
std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}
}  // namespace

Catalogue Catalogue::from_text(std::string_view text, const std::string& display,
                               const std::string& code) {
  Catalogue c;
  c.code_ = code;
  Diagnostics diags;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    auto t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    auto eq = t.find('=');
    if (eq == std::string::npos) {
      diags.error({display, line_no}, "expected 'key = value'");
      continue;
    }
    auto key = trim(std::string_view(t).substr(0, eq));
    auto value = trim(std::string_view(t).substr(eq + 1));
    if (c.messages_.count(key)) diags.error({display, line_no}, "duplicate key '" + key + "'");
    c.messages_[key] = value;
  }
  auto sep = [&](const char* key, char& into) {
    auto it = c.messages_.find(key);
    if (it == c.messages_.end() || it->second.size() != 1)
      diags.error({display, 0}, std::string("needs '") + key + "' (one character)");
    else
      into = it->second[0];
  };
  sep("number.thousands", c.thousands_);
  sep("number.point", c.point_);
  if (diags.has_errors()) throw DefinitionError(diags);
  return c;
}

Catalogue Catalogue::load(const std::string& path, const std::string& code) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Diagnostics d;
    d.error({path, 0}, "cannot read message catalogue");
    throw DefinitionError(d);
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return from_text(ss.str(), path, code);
}

const std::string& Catalogue::operator()(std::string_view key) const {
  auto it = messages_.find(std::string(key));
  if (it != messages_.end()) return it->second;
  // Missing keys show themselves: visible in review and caught by the catalogue test.
  static thread_local std::string missing;
  missing = std::string(key);
  return missing;
}

bool Catalogue::has(std::string_view key) const { return messages_.count(std::string(key)) > 0; }

std::vector<std::string> Catalogue::keys() const {
  std::vector<std::string> k;
  for (const auto& [key, v] : messages_) k.push_back(key);
  return k;
}

std::string Catalogue::format(std::string_view key, std::initializer_list<std::string> args) const {
  return format(key, std::vector<std::string>(args));
}

std::string Catalogue::format(std::string_view key, const std::vector<std::string>& args) const {
  std::string pattern = (*this)(key);
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
        pattern[i + 1] >= '0' && pattern[i + 1] <= '9') {
      auto n = static_cast<std::size_t>(pattern[i + 1] - '0');
      if (n < args.size()) out += args[n];
      i += 2;
      continue;
    }
    out.push_back(pattern[i]);
  }
  return out;
}

std::string Catalogue::number(double v, int decimals) const {
  return report::format_grouped(v, decimals, thousands_, point_);
}

std::string Catalogue::percent(double v, int max_decimals) const {
  const std::string n = trimmed(v, max_decimals);
  return (*this)("number.percent") == "before" ? "%" + n : n + " %";  // as report::Messages
}

std::string Catalogue::trimmed(double v, int max_decimals) const {
  std::string s = report::format_trimmed(v, max_decimals);
  for (auto& ch : s)
    if (ch == '.') ch = point_;
  return s;
}

std::optional<double> Catalogue::parse_number(std::string_view text) const {
  return text::read_number(text, convention()).value;
}

std::string Catalogue::number_error(std::string_view typed, const text::NumberRead& r) const {
  std::string t(typed);
  if (r.code == "ambiguous" && r.reading_a && r.reading_b)
    return format("err.number.ambiguous", {t, trimmed(*r.reading_a, 6), trimmed(*r.reading_b, 6)});
  if (r.code == "grouping" && !r.suggestion.empty()) return format("err.number.grouping", {t, r.suggestion});
  if (r.code == "mixed") return format("err.number.mixed", {t});
  return (*this)("err.number");
}

Catalogues Catalogues::load(const std::string& dir) {
  Catalogues c;
  for (const char* code : {"en", "tr"})
    c.by_code_.emplace(code, Catalogue::load(dir + "/" + code + ".properties", code));
  return c;
}

const Catalogue& Catalogues::get(std::string_view lang) const {
  auto it = by_code_.find(lang);
  if (it != by_code_.end()) return it->second;
  return by_code_.find("en")->second;
}

}  // namespace greengate::web
