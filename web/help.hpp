#pragma once
// Help pages: one per tool of the web, made from the project's docs/ (the same text the CLI's
// users read), compiled into greengate-web at build time (cmake/embed_docs.cmake) and rendered
// from Markdown once, on first use. Links between docs lead to the help pages; nothing is read
// from the disk at run time.

#include <string>
#include <string_view>
#include <vector>

#include "i18n.hpp"

namespace greengate::web {

struct EmbeddedDoc {
  const char* name;  ///< file name in docs/ ("batch.md")
  const char* text;  ///< its Markdown
};
/// The docs compiled in (generated source).
const std::vector<EmbeddedDoc>& embedded_docs();

struct HelpTopic {
  std::string id;         ///< the address: /help/<id>
  std::string doc;        ///< docs/<doc>
  std::string title_key;  ///< catalogue key of its title ("help.topic.batch")
  std::string nav;        ///< the page's nav item it helps with ("batch"), "" for none
  std::string html;       ///< the rendered document (English: the docs are written in English)
};
/// Every help topic, rendered (thread-safe, once).
const std::vector<HelpTopic>& help_topics();
/// The topic with `id`, nullptr when none.
const HelpTopic* help_topic(std::string_view id);

/// Markdown as the docs use it (ATX headings, paragraphs, lists with one level of nesting, pipe
/// tables, fenced code, block quotes, rules; `code`, **strong**, *emphasis*, [links](…)) to
/// escaped HTML. `link` turns a link target into an address ("" = show the text, no link).
/// Tables come wrapped in <div class="wide"> (they scroll on a narrow screen, the page does not).
std::string markdown_to_html(std::string_view md, std::string (*link)(std::string_view target));

/// A link to the help topic `id` ("Help: Batch"), for the tool pages.
std::string help_link_html(const Catalogue& t, const std::string& id);
/// /help (the list of topics, `topic` nullptr) or /help/<id>: the page around a topic's text.
std::string render_help(const Catalogue& t, const HelpTopic* topic, const std::string& path_query);

}  // namespace greengate::web
