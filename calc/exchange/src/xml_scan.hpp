#pragma once
// A small pull scanner over the XML of workbook parts: tags with their byte ranges (the editor
// rewrites worksheets in place, which a DOM cannot do) and text with entities decoded. Namespace
// prefixes are dropped from names ("x:c" is "c"), as spreadsheet writers differ in using them.
// DOCTYPE declarations are refused: an OOXML part never has one, and entity definitions are the
// way to an expansion bomb.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace greengate::exchange::xml_scan {

enum class Kind { open, close, empty, text, end };

struct Token {
  Kind kind = Kind::end;
  std::string_view name;   ///< local name (prefix removed) for open/close/empty
  std::string_view attrs;  ///< raw attribute text of open/empty tags
  std::string_view raw;    ///< the token as it is in the document
  std::size_t begin = 0, end = 0;  ///< byte offsets of raw
};

class Scanner {
 public:
  explicit Scanner(std::string_view doc) : doc_(doc) {}
  /// The next tag or text run; comments, processing instructions and CDATA markers are skipped
  /// (CDATA content is returned as text). Throws std::runtime_error on malformed markup.
  Token next();
  std::size_t offset() const { return pos_; }

 private:
  std::string_view doc_;
  std::size_t pos_ = 0;
  bool cdata_ = false;
};

/// The decoded value of attribute `name` (local name, prefix ignored) in raw attribute text.
std::optional<std::string> attr(std::string_view attrs, std::string_view name);
/// Raw text with XML entities and character references decoded.
std::string decode(std::string_view text);
/// Text escaped for element content or attribute values.
std::string escape(std::string_view text);
/// OOXML's escape for characters XML cannot hold ("_x000D_" → CR, "_x005F_" → "_").
std::string unescape_ooxml(std::string_view text);

}  // namespace greengate::exchange::xml_scan
