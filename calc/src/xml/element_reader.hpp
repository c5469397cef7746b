#pragma once
// Private helper over tinyxml2 (the only place that knows it): strict, diagnostic-collecting
// attribute access. Every failure becomes a file:line diagnostic and reading continues.

#include <tinyxml2.h>

#include <array>
#include <optional>
#include <set>
#include <vector>
#include <string>
#include <string_view>

#include "greengate/error.hpp"
#include "greengate/provenance.hpp"

namespace greengate::xml {

/// Loads and parses an XML file. On I/O or syntax failure adds one diagnostic and returns false.
bool load_document(tinyxml2::XMLDocument& doc, const std::string& path,
                   const std::string& display_name, Diagnostics& diags);
bool parse_document(tinyxml2::XMLDocument& doc, std::string_view text,
                    const std::string& display_name, Diagnostics& diags);

/// Strictly parses a decimal number (whole string, finite). Accepts a leading '-' and '+'.
std::optional<double> parse_number(std::string_view s);

class ElementReader {
 public:
  ElementReader(const tinyxml2::XMLElement* el, const std::string& file, Diagnostics& diags,
                std::string path = {});

  SourcePos pos() const { return {file_, el_->GetLineNum()}; }
  const tinyxml2::XMLElement* element() const { return el_; }
  std::string_view name() const { return el_->Name(); }
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  Diagnostics& diags() { return diags_; }

  std::optional<std::string> str(const char* attr, bool required = false);
  std::string str_or(const char* attr, std::string fallback);
  std::optional<double> number(const char* attr, bool required = false);
  std::optional<double> non_negative(const char* attr, bool required = false);
  std::optional<int> integer(const char* attr, bool required = false);
  std::optional<bool> boolean(const char* attr, bool required = false);
  std::optional<Date> date(const char* attr, bool required = false);
  std::optional<Status> status(const char* attr, bool required = false);
  bool has(const char* attr) const { return el_->Attribute(attr) != nullptr; }

  void error(const std::string& message);
  void error_at(const char* attr, const std::string& message);
  /// Reports every attribute that was never read as unknown. Call once, after reading.
  void finish();

 private:
  std::string prefix() const;
  const tinyxml2::XMLElement* el_;
  std::string file_;
  Diagnostics& diags_;
  std::string path_;
  // The attributes read so far: names are the callers' string literals, so views of them stay
  // valid; a small array (no allocation per element), more in more_used_.
  void mark_used(const char* attr);
  bool was_used(std::string_view name) const;
  std::array<std::string_view, 24> used_{};
  std::size_t n_used_ = 0;
  std::vector<std::string_view> more_used_;
};

/// Child path "parent/name[id]" used in firm-file messages.
std::string child_path(const std::string& parent, const tinyxml2::XMLElement* el);

}  // namespace greengate::xml
