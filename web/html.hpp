#pragma once
// HTML building blocks: escaping (every echoed value goes through esc()), the page frame with
// navigation and language switch, and the shared style sheet (inlined, so that downloaded
// reports are self-contained).

#include <string>
#include <string_view>
#include <utility>
#include "i18n.hpp"

namespace greengate::web {


/// Escapes & < > " ' for element text and attribute values.
std::string esc(std::string_view s);
/// At most `max_bytes` of `s`, cut between characters (never inside a UTF-8 sequence).
std::string clip(std::string_view s, std::size_t max_bytes);
/// Percent-encodes a query value.
std::string url_encode(std::string_view s);

struct PageFrame {
  std::string title;        ///< already escaped or from the catalogue
  std::string active;       ///< nav item: quick, firm, saved, batch
  std::string path_query;   ///< current path + query without lang=, for the language switch
  bool navigation = true;   ///< false for the downloadable report
};

/// The full document around `body` (which the caller built from escaped parts).
std::string page(const Catalogue& t, const PageFrame& f, std::string_view body);

/// The document before and after the body, for pages streamed in parts (the batch progress).
std::pair<std::string, std::string> page_parts(const Catalogue& t, const PageFrame& f);

/// The style sheet shared by pages and reports.
std::string_view style_sheet();

/// A hidden CSRF field for state-changing forms.
std::string csrf_field(std::string_view token);

}  // namespace greengate::web
