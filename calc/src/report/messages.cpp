#include "greengate/report/messages.hpp"

#include <algorithm>

#include "greengate/report/number_format.hpp"
#include "greengate/report/screening_output.hpp"

namespace greengate::report {

// The catalogues' text, generated from calc/i18n/report.*.properties (calc/CMakeLists.txt).
extern const char* const kReportMessagesEn;
extern const char* const kReportMessagesTr;

namespace {
std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}
}  // namespace

Messages Messages::from_text(std::string_view text, const std::string& display, const std::string& code) {
  Messages m;
  m.code_ = code;
  Diagnostics diags;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    auto line = text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
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
    if (m.messages_.count(key)) diags.error({display, line_no}, "duplicate key '" + key + "'");
    m.messages_[key] = trim(std::string_view(t).substr(eq + 1));
  }
  auto sep = [&](const char* key, char& into) {
    auto it = m.messages_.find(key);
    if (it == m.messages_.end() || it->second.size() != 1)
      diags.error({display, 0}, std::string("needs '") + key + "' (one character)");
    else
      into = it->second[0];
  };
  sep("number.thousands", m.thousands_);
  sep("number.point", m.point_);
  auto pc = m.messages_.find("number.percent");
  if (pc == m.messages_.end() || (pc->second != "before" && pc->second != "after"))
    diags.error({display, 0}, "needs 'number.percent' (before or after)");
  else
    m.percent_before_ = pc->second == "before";
  if (diags.has_errors()) throw DefinitionError(diags);
  return m;
}

const Messages& Messages::report(Lang lang) {
  // Parsed once, on first use; the text is part of the program, so an error here is a bug.
  static const Messages en = from_text(kReportMessagesEn, "calc/i18n/report.en.properties", "en");
  static const Messages tr = from_text(kReportMessagesTr, "calc/i18n/report.tr.properties", "tr");
  return lang == Lang::tr ? tr : en;
}

std::string Messages::operator()(std::string_view key) const {
  auto it = messages_.find(std::string(key));
  return it != messages_.end() ? it->second : "[" + std::string(key) + "]";
}

std::string Messages::format(std::string_view key, std::initializer_list<std::string> args) const {
  return format(key, std::vector<std::string>(args));
}

std::string Messages::format(std::string_view key, const std::vector<std::string>& a) const {
  std::string pattern = (*this)(key), out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' && pattern[i + 1] >= '0' &&
        pattern[i + 1] <= '9') {
      auto n = static_cast<std::size_t>(pattern[i + 1] - '0');
      if (n < a.size()) out += a[n];
      i += 2;
      continue;
    }
    out.push_back(pattern[i]);
  }
  return out;
}

std::vector<std::string> Messages::keys() const {
  std::vector<std::string> k;
  for (const auto& [key, v] : messages_) k.push_back(key);
  std::sort(k.begin(), k.end());
  return k;
}

std::string Messages::number(double v, int decimals) const {
  std::string s = format_grouped(v, decimals, thousands_, point_);
  if (s == "-0" || (s.size() > 1 && s[0] == '-' && s.find_first_not_of("0.,", 1) == std::string::npos))
    s.erase(0, 1);  // a value rounded to zero is shown as 0, not -0
  return s;
}

std::string Messages::trimmed(double v, int max_decimals) const {
  std::string s = format_trimmed(v, max_decimals);
  for (auto& c : s)
    if (c == '.') c = point_;
  return s == "-0" ? "0" : s;
}

std::string Messages::percent(double fraction, int decimals) const {
  std::string n = number(fraction * 100, decimals);
  return percent_before_ ? "%" + n : n + " %";
}

}  // namespace greengate::report
