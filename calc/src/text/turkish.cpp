#include "greengate/text/turkish.hpp"

namespace greengate::text {

namespace {
constexpr unsigned char kC3 = 0xC3, kC4 = 0xC4, kC5 = 0xC5;
}

std::string lower_tr(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 4);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (c == 'I') {
      out += "\xC4\xB1";  // ı
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (c == kC3 && next >= 0x80 && next <= 0x9E && next != 0x97) {  // À-Þ but ×
      out += static_cast<char>(kC3);
      out += static_cast<char>(next + 0x20);
      ++i;
    } else if (c == kC4 && next == 0xB0) {  // İ
      out += 'i';
      ++i;
    } else if ((c == kC4 && next == 0x9E) || (c == kC5 && next == 0x9E)) {  // Ğ Ş
      out += static_cast<char>(c);
      out += static_cast<char>(next + 1);
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string search_key(std::string_view s) {
  const std::string low = lower_tr(s);
  std::string out;
  out.reserve(low.size());
  bool space = false;
  auto put = [&](char ch) {
    if (space && !out.empty()) out += ' ';
    space = false;
    out += ch;
  };
  for (std::size_t i = 0; i < low.size(); ++i) {
    const auto c = static_cast<unsigned char>(low[i]);
    const auto next = i + 1 < low.size() ? static_cast<unsigned char>(low[i + 1]) : 0;
    if (c < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) put(static_cast<char>(c));
      else space = true;  // spaces, punctuation, dashes, slashes
      continue;
    }
    char base = 0;
    if (c == kC3) {
      switch (next) {
        case 0xA7: base = 'c'; break;                           // ç
        case 0xB6: base = 'o'; break;                           // ö
        case 0xBC: case 0xBB: base = 'u'; break;                // ü û
        case 0xA2: base = 'a'; break;                           // â
        case 0xAE: base = 'i'; break;                           // î
      }
    } else if (c == kC4 && next == 0xB1) {
      base = 'i';                                               // ı
    } else if (c == kC4 && next == 0x9F) {
      base = 'g';                                               // ğ
    } else if (c == kC5 && next == 0x9F) {
      base = 's';                                               // ş
    }
    if (base) {
      put(base);
      ++i;
      continue;
    }
    put(static_cast<char>(c));  // any other character, byte by byte
  }
  return out;
}

}  // namespace greengate::text
