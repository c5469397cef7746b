#include "greengate/text/escape.hpp"

#include "greengate/utf8.hpp"

namespace greengate::text {

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x80) {
          out.push_back(c);
        } else if (auto len = utf8::sequence_at(s, i)) {
          out.append(s.data() + i, len);
          i += len - 1;
        } else {
          out += "\xEF\xBF\xBD";  // never invalid UTF-8 in a page (U+FFFD)
        }
    }
  }
  return out;
}

}  // namespace greengate::text
