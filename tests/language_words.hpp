#pragma once
// The eyes of the language tests (issue 14): what a reader sees as words, and a catalogue key
// shown instead of its text. Shared by the web's page test (tests/web/web_language_test.cpp) and
// the CLI's output test (tests/cli/cli_language_test.cpp).

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace greengate::test {

inline std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::string token;
  auto flush = [&] {
    // identifiers (cn_code, period,price, rules/cbam, a.b) are format words, not prose
    bool identifier = token.find_first_of("_=/@") != std::string::npos;
    for (std::size_t i = 1; i + 1 < token.size(); ++i)
      if ((token[i] == ',' || token[i] == '.' || token[i] == '-' || token[i] == ':') && std::isalpha(static_cast<unsigned char>(token[i - 1])) &&
          std::isalpha(static_cast<unsigned char>(token[i + 1])))
        identifier = true;
    if (!identifier) {
      std::string w;
      for (char c : token) {
        if (std::isalpha(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) >= 0x80)) w += c;
        else {
          if (!w.empty()) out.push_back(w);
          w.clear();
        }
      }
      if (!w.empty()) out.push_back(w);
    }
    token.clear();
  };
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) flush();
    else token += c;
  }
  flush();
  return out;
}

inline std::string lower_ascii(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// Tokens that are a missing catalogue key as the catalogue shows it ("[flag.price_quarter_unknown]",
/// text/catalogue.hpp); a bare "firm.file_given" is a fact id of a call file, not a key.
inline std::vector<std::string> key_like(const std::string& text, const std::set<std::string>& prefixes) {
  std::vector<std::string> out;
  std::string token;
  auto flush = [&] {
    while (!token.empty() && std::string_view("(),:;!?\"'").find(token.back()) != std::string_view::npos) token.pop_back();
    while (!token.empty() && std::string_view("(),:;!?\"'").find(token.front()) != std::string_view::npos)
      token.erase(0, 1);
    if (token.size() < 3 || token.front() != '[' || token.back() != ']') {
      token.clear();
      return;
    }
    token = token.substr(1, token.size() - 2);
    auto dot = token.find('.');
    if (dot != std::string::npos && dot > 0 && dot + 1 < token.size() && token.find('/') == std::string::npos &&
        prefixes.count(token.substr(0, dot)) &&
        std::all_of(token.begin(), token.end(), [](char c) {
          return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
                 c == '.' || c == '_' || c == '-';
        }))
      out.push_back(token);
    token.clear();
  };
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) flush();
    else token += c;
  }
  flush();
  return out;
}

}  // namespace greengate::test
