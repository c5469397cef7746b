#pragma once
// HTML building blocks: escaping (every echoed value goes through esc()), the page frame with
// navigation and language switch, and the shared style sheet (inlined, so that downloaded
// reports are self-contained).

#include <string>
#include <string_view>
#include <utility>
#include "greengate/text/message.hpp"
#include "i18n.hpp"

namespace greengate {
struct Date;
struct Provenance;
}  // namespace greengate

namespace greengate::web {


/// A date as people of the page's language write it: 01.01.2026 in Turkish (GG.AA.YYYY),
/// 2026-01-01 in English (ISO 8601).
std::string date_text(const Catalogue& t, const Date& d);
/// A value's validity in the page's language ("01.01.2026 – 31.12.2026", "01.01.2026 tarihinden
/// itibaren"), escaped.
std::string validity_text(const Catalogue& t, const Provenance& p);

/// Escapes & < > " ' for element text and attribute values.
std::string esc(std::string_view s);
/// Text that exists in English only (the engine's messages and traces, the EU's CN descriptions,
/// publishers' titles), escaped; on a page in another language wrapped in <span lang="en">, so
/// that browsers, screen readers and the language test (tests/web) know it is English.
std::string en_text(const Catalogue& t, std::string_view s);
/// An engine message in the page's language, escaped; a literal (English without a key yet), alone
/// or inside a keyed message, is marked lang="en" like en_text.
std::string msg_text(const Catalogue& t, const text::Message& m);
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

/// Every table of `body` in a horizontal scroll box (a wide table scrolls, the page does not),
/// with a caption (the heading before it, visually hidden) when it has none, and scope on its
/// header cells (the first row's: col; a later row's: row).
std::string accessible_tables(std::string_view body);

/// The full document around `body` (tables made accessible_tables) (which the caller built from escaped parts).
std::string page(const Catalogue& t, const PageFrame& f, std::string_view body);

/// The document before and after the body, for pages streamed in parts (the batch progress).
std::pair<std::string, std::string> page_parts(const Catalogue& t, const PageFrame& f);

/// The style sheet shared by pages and reports.
std::string_view style_sheet();

/// A hidden CSRF field for state-changing forms.
std::string csrf_field(std::string_view token);

}  // namespace greengate::web
