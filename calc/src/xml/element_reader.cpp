#include "xml/element_reader.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>

#include "greengate/utf8.hpp"

namespace greengate::xml {

namespace {
// tinyxml2's messages name its internals ("XMLElement name=good"); say what is wrong instead.
std::string syntax_message(const tinyxml2::XMLDocument& doc) {
  std::string detail = doc.ErrorStr() ? doc.ErrorStr() : "";
  if (auto at = detail.find(": "); at != std::string::npos && detail.rfind("Error=", 0) == 0)
    detail = detail.substr(at + 2);
  std::string name;
  if (auto at = detail.find("name="); at != std::string::npos) name = detail.substr(at + 5);
  switch (doc.ErrorID()) {
    case tinyxml2::XML_ERROR_MISMATCHED_ELEMENT:
      return "malformed XML: element <" + name + "> is not closed or its end tag does not match";
    case tinyxml2::XML_ERROR_PARSING_ELEMENT:
      return "malformed XML: cannot parse element" + (name.empty() ? "" : " <" + name + ">");
    case tinyxml2::XML_ERROR_PARSING_ATTRIBUTE:
      return "malformed XML: cannot parse an attribute (expected name=\"value\")";
    case tinyxml2::XML_ERROR_EMPTY_DOCUMENT: return "malformed XML: the document is empty";
    case tinyxml2::XML_ERROR_PARSING_COMMENT: return "malformed XML: unterminated comment";
    case tinyxml2::XML_ERROR_PARSING_TEXT: return "malformed XML: cannot parse text (a stray '<' or '&'?)";
    default: return "malformed XML: " + detail;
  }
}
}  // namespace

bool load_document(tinyxml2::XMLDocument& doc, const std::string& path,
                   const std::string& display_name, Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  std::string text;
  if (in) {
    auto size = in.tellg();
    if (size > 0) {
      text.resize(static_cast<std::size_t>(size));
      in.seekg(0);
      in.read(text.data(), size);
      text.resize(static_cast<std::size_t>(in.gcount()));
    }
  }
  if (!in.is_open() || in.bad()) {
    diags.error({display_name, 0}, "cannot read file");
    return false;
  }
  return parse_document(doc, text, display_name, diags);
}

namespace {
/// The encoding named by the XML declaration (`<?xml … encoding="…"?>`), "" when none.
std::string declared_encoding(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.substr(0, 5) != "<?xml") return {};
  auto end = text.find("?>");
  auto decl = text.substr(0, end);
  auto at = decl.find("encoding");
  if (at == std::string_view::npos) return {};
  auto q = decl.find_first_of("\"'", at);
  if (q == std::string_view::npos) return {};
  auto close = decl.find(decl[q], q + 1);
  if (close == std::string_view::npos) return {};
  return std::string(decl.substr(q + 1, close - q - 1));
}
}  // namespace

bool parse_document(tinyxml2::XMLDocument& doc, std::string_view text,
                    const std::string& display_name, Diagnostics& diags) {
  // tinyxml2 reads bytes as they are: the text must be UTF-8 (the only encoding it reads, and
  // what every output of GreenGate is), checked here with the place of the first bad byte.
  auto encoding = declared_encoding(text);
  std::string lower;
  for (char c : encoding) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (!encoding.empty() && lower != "utf-8" && lower != "utf8") {
    diags.error({display_name, 1}, "the XML declaration names encoding \"" + utf8::repair(encoding) +
                                       "\"; only UTF-8 is read (save the file as UTF-8)");
    return false;
  }
  if (utf8::report_invalid(text, display_name, diags)) return false;
  auto rc = doc.Parse(text.data(), text.size());
  if (rc != tinyxml2::XML_SUCCESS) {
    diags.error({display_name, doc.ErrorLineNum()}, syntax_message(doc));
    return false;
  }
  return true;
}

std::optional<double> parse_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::string_view body = s;
  if (body.front() == '+') body.remove_prefix(1);
  if (body.empty()) return std::nullopt;
  // Only plain decimal notation with '.', optional exponent; no inf/nan/hex.
  for (char c : body) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == 'E' || c == '+'))
      return std::nullopt;
  }
  double v = 0;
  auto r = std::from_chars(body.data(), body.data() + body.size(), v);
  if (r.ec != std::errc{} || r.ptr != body.data() + body.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

ElementReader::ElementReader(const tinyxml2::XMLElement* el, const std::string& file,
                             Diagnostics& diags, std::string path)
    : el_(el), file_(file), diags_(diags), path_(std::move(path)) {}

std::string ElementReader::prefix() const {
  if (!path_.empty()) return path_ + ": ";
  std::string p = "<" + std::string(el_->Name());
  if (const char* id = el_->Attribute("id")) p += " id=\"" + std::string(id) + "\"";
  return p + ">: ";
}

void ElementReader::error(const std::string& message) { diags_.error(pos(), prefix() + message); }

void ElementReader::error_at(const char* attr, const std::string& message) {
  diags_.error(pos(), prefix() + "'" + attr + "' " + message);
}

void ElementReader::mark_used(const char* attr) {
  std::string_view a(attr);
  for (std::size_t i = 0; i < n_used_; ++i)
    if (used_[i] == a) return;
  if (n_used_ < used_.size()) used_[n_used_++] = a;
  else more_used_.emplace_back(a);
}

bool ElementReader::was_used(std::string_view name) const {
  for (std::size_t i = 0; i < n_used_; ++i)
    if (used_[i] == name) return true;
  for (const auto& m : more_used_)
    if (m == name) return true;
  return false;
}

std::optional<std::string> ElementReader::str(const char* attr, bool required) {
  mark_used(attr);
  const char* v = el_->Attribute(attr);
  if (!v) {
    if (required) error("missing required attribute '" + std::string(attr) + "'");
    return std::nullopt;
  }
  return std::string(v);
}

std::string ElementReader::str_or(const char* attr, std::string fallback) {
  auto v = str(attr);
  return v ? *v : std::move(fallback);
}

std::optional<double> ElementReader::number(const char* attr, bool required) {
  auto s = str(attr, required);
  if (!s) return std::nullopt;
  auto v = parse_number(*s);
  if (!v) error_at(attr, "must be a number with '.' as decimal separator (got \"" + *s + "\")");
  return v;
}

std::optional<double> ElementReader::non_negative(const char* attr, bool required) {
  auto v = number(attr, required);
  if (v && *v < 0) {
    error_at(attr, "must be >= 0 (got " + *str(attr) + ")");
    return std::nullopt;
  }
  return v;
}

std::optional<int> ElementReader::integer(const char* attr, bool required) {
  auto s = str(attr, required);
  if (!s) return std::nullopt;
  int v = 0;
  auto r = std::from_chars(s->data(), s->data() + s->size(), v);
  if (r.ec != std::errc{} || r.ptr != s->data() + s->size()) {
    error_at(attr, "must be a whole number (got \"" + *s + "\")");
    return std::nullopt;
  }
  return v;
}

std::optional<bool> ElementReader::boolean(const char* attr, bool required) {
  auto s = str(attr, required);
  if (!s) return std::nullopt;
  if (*s == "true") return true;
  if (*s == "false") return false;
  error_at(attr, "must be 'true' or 'false' (got \"" + *s + "\")");
  return std::nullopt;
}

std::optional<Date> ElementReader::date(const char* attr, bool required) {
  auto s = str(attr, required);
  if (!s) return std::nullopt;
  auto d = parse_date(*s);
  if (!d) error_at(attr, "must be a date YYYY-MM-DD (got \"" + *s + "\")");
  return d;
}

std::optional<Status> ElementReader::status(const char* attr, bool required) {
  auto s = str(attr, required);
  if (!s) return std::nullopt;
  auto st = parse_status(*s);
  if (!st)
    error_at(attr, "must be 'verified', 'single source' or 'unverified' (got \"" + *s + "\")");
  return st;
}

void ElementReader::finish() {
  for (auto* a = el_->FirstAttribute(); a; a = a->Next()) {
    if (!was_used(std::string_view(a->Name())))
      error("unknown attribute '" + std::string(a->Name()) + "'");
  }
}

std::string child_path(const std::string& parent, const tinyxml2::XMLElement* el) {
  std::string p = parent.empty() ? std::string(el->Name()) : parent + "/" + el->Name();
  if (const char* id = el->Attribute("id")) p += "[" + std::string(id) + "]";
  else if (const char* cn = el->Attribute("cn")) p += "[" + std::string(cn) + "]";
  return p;
}

}  // namespace greengate::xml
