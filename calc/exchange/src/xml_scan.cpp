#include "xml_scan.hpp"

#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace greengate::exchange::xml_scan {

namespace {

std::string_view local(std::string_view name) {
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

}  // namespace

Token Scanner::next() {
  Token t;
  if (pos_ >= doc_.size()) return t;
  if (cdata_) {
    std::size_t e = doc_.find("]]>", pos_);
    if (e == std::string_view::npos) throw std::runtime_error("unterminated CDATA section");
    t.kind = Kind::text;
    t.begin = pos_;
    t.end = e;
    t.raw = doc_.substr(pos_, e - pos_);
    pos_ = e + 3;
    cdata_ = false;
    return t;
  }
  if (doc_[pos_] != '<') {
    std::size_t e = doc_.find('<', pos_);
    if (e == std::string_view::npos) e = doc_.size();
    t.kind = Kind::text;
    t.begin = pos_;
    t.end = e;
    t.raw = doc_.substr(pos_, e - pos_);
    pos_ = e;
    return t;
  }
  std::string_view rest = doc_.substr(pos_);
  if (rest.rfind("<!--", 0) == 0) {
    std::size_t e = doc_.find("-->", pos_ + 4);
    if (e == std::string_view::npos) throw std::runtime_error("unterminated comment");
    pos_ = e + 3;
    return next();
  }
  if (rest.rfind("<![CDATA[", 0) == 0) {
    pos_ += 9;
    cdata_ = true;
    return next();
  }
  if (rest.rfind("<!", 0) == 0) throw std::runtime_error("DOCTYPE declarations are not allowed");
  if (rest.rfind("<?", 0) == 0) {
    std::size_t e = doc_.find("?>", pos_ + 2);
    if (e == std::string_view::npos) throw std::runtime_error("unterminated processing instruction");
    pos_ = e + 2;
    return next();
  }
  // A tag: find its end, skipping '>' inside quoted attribute values.
  std::size_t i = pos_ + 1;
  char quote = 0;
  for (; i < doc_.size(); ++i) {
    char c = doc_[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      break;
    }
  }
  if (i >= doc_.size()) throw std::runtime_error("unterminated tag");
  t.begin = pos_;
  t.end = i + 1;
  t.raw = doc_.substr(pos_, i + 1 - pos_);
  std::string_view inner = doc_.substr(pos_ + 1, i - pos_ - 1);
  pos_ = i + 1;
  if (!inner.empty() && inner[0] == '/') {
    t.kind = Kind::close;
    inner.remove_prefix(1);
    while (!inner.empty() && is_space(inner.back())) inner.remove_suffix(1);
    t.name = local(inner);
    return t;
  }
  bool self_closing = !inner.empty() && inner.back() == '/';
  if (self_closing) inner.remove_suffix(1);
  std::size_t n = 0;
  while (n < inner.size() && !is_space(inner[n])) ++n;
  if (n == 0) throw std::runtime_error("tag without a name");
  t.name = local(inner.substr(0, n));
  t.attrs = inner.substr(n);
  t.kind = self_closing ? Kind::empty : Kind::open;
  return t;
}

std::optional<std::string> attr(std::string_view a, std::string_view name) {
  std::size_t i = 0;
  while (i < a.size()) {
    while (i < a.size() && is_space(a[i])) ++i;
    std::size_t k = i;
    while (i < a.size() && a[i] != '=' && !is_space(a[i])) ++i;
    std::string_view key = a.substr(k, i - k);
    while (i < a.size() && is_space(a[i])) ++i;
    if (i >= a.size() || a[i] != '=') return std::nullopt;
    ++i;
    while (i < a.size() && is_space(a[i])) ++i;
    if (i >= a.size() || (a[i] != '"' && a[i] != '\'')) return std::nullopt;
    char q = a[i++];
    std::size_t v = i;
    while (i < a.size() && a[i] != q) ++i;
    if (i >= a.size()) return std::nullopt;
    std::string_view value = a.substr(v, i - v);
    ++i;
    if (local(key) == name && key.rfind("xmlns", 0) != 0) return decode(value);
  }
  return std::nullopt;
}

std::string decode(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    std::size_t semi = s.find(';', i);
    if (semi == std::string_view::npos) throw std::runtime_error("unterminated entity");
    std::string_view e = s.substr(i + 1, semi - i - 1);
    if (e == "lt") out += '<';
    else if (e == "gt") out += '>';
    else if (e == "amp") out += '&';
    else if (e == "quot") out += '"';
    else if (e == "apos") out += '\'';
    else if (!e.empty() && e[0] == '#') {
      std::uint32_t cp = 0;
      bool hex = e.size() > 1 && (e[1] == 'x' || e[1] == 'X');
      std::string_view digits = e.substr(hex ? 2 : 1);
      if (digits.empty() || digits.size() > 8) throw std::runtime_error("bad character reference");
      for (char c : digits) {
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else throw std::runtime_error("bad character reference");
        cp = cp * (hex ? 16u : 10u) + static_cast<std::uint32_t>(d);
      }
      if (cp > 0x10ffff) throw std::runtime_error("bad character reference");
      append_utf8(out, cp);
    } else {
      throw std::runtime_error("unknown entity &" + std::string(e) + ";");
    }
    i = semi;
  }
  return out;
}

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string unescape_ooxml(std::string_view s) {
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      std::uint32_t cp = 0;
      bool ok = true;
      for (std::size_t k = i + 2; k < i + 6; ++k) {
        char c = s[k];
        int d = (c >= '0' && c <= '9')   ? c - '0'
                : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                         : -1;
        if (d < 0) ok = false;
        cp = cp * 16 + static_cast<std::uint32_t>(d < 0 ? 0 : d);
      }
      if (ok) {
        append_utf8(out, cp);
        i += 6;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

}  // namespace greengate::exchange::xml_scan
