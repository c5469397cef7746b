#include "i18n.hpp"

#include <cctype>

namespace greengate::web {

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}
}  // namespace

std::string Catalogues::preferred(std::string_view header) {
  std::string best;
  double best_q = 0.0;
  std::size_t pos = 0;
  while (pos <= header.size()) {
    auto comma = header.find(',', pos);
    auto item = trim(header.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    pos = comma == std::string_view::npos ? header.size() + 1 : comma + 1;
    auto semi = item.find(';');
    std::string tag(trim(item.substr(0, semi)));
    double q = 1.0;
    if (semi != std::string_view::npos) {
      auto params = item.substr(semi + 1);
      auto qat = params.find("q=");
      if (qat != std::string_view::npos) {
        try {
          q = std::stod(std::string(params.substr(qat + 2)));
        } catch (const std::exception&) {
          q = 0.0;  // a malformed weight counts as a refusal
        }
      }
    }
    std::string primary = tag.substr(0, tag.find('-'));
    for (auto& c : primary) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (supported(primary) && q > best_q) {  // the first of equal weights wins
      best = primary;
      best_q = q;
    }
  }
  return best;
}

}  // namespace greengate::web
