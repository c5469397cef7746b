#include "help.hpp"

#include <cctype>

#include "html.hpp"

namespace greengate::web {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::size_t indent_of(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

/// GitHub-style anchor: lower-case ASCII letters and digits, '-' for spaces and dashes; other
/// ASCII dropped; other characters (UTF-8) kept.
std::string slug(std::string_view heading) {
  std::string out;
  for (unsigned char c : heading) {
    if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
    else if (c == ' ' || c == '-') out.push_back('-');
    else if (c >= 0x80) out.push_back(static_cast<char>(c));
  }
  return out;
}

class Inline {
 public:
  explicit Inline(std::string (*link)(std::string_view)) : link_(link) {}

  std::string operator()(std::string_view s) const {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
      char c = s[i];
      if (c == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
        out += esc(s.substr(i + 1, 1));
        i += 2;
        continue;
      }
      if (c == '`') {
        std::size_t ticks = 0;
        while (i + ticks < s.size() && s[i + ticks] == '`') ++ticks;
        auto close = s.find(std::string(ticks, '`'), i + ticks);
        if (close != std::string_view::npos) {
          out += "<code>" + esc(trim(s.substr(i + ticks, close - i - ticks))) + "</code>";
          i = close + ticks;
          continue;
        }
      }
      if (c == '*' && i + 1 < s.size() && s[i + 1] == '*') {
        auto close = s.find("**", i + 2);
        if (close != std::string_view::npos && close > i + 2) {
          out += "<strong>" + (*this)(s.substr(i + 2, close - i - 2)) + "</strong>";
          i = close + 2;
          continue;
        }
      }
      if (c == '*' && i + 1 < s.size() && s[i + 1] != ' ' && s[i + 1] != '*') {
        auto close = s.find('*', i + 1);
        if (close != std::string_view::npos && s[close - 1] != ' ') {
          out += "<em>" + (*this)(s.substr(i + 1, close - i - 1)) + "</em>";
          i = close + 1;
          continue;
        }
      }
      if (c == '[') {
        auto mid = s.find("](", i);
        auto end = mid == std::string_view::npos ? mid : s.find(')', mid + 2);
        if (end != std::string_view::npos && s.substr(i + 1, mid - i - 1).find('[') == std::string_view::npos) {
          auto text = (*this)(s.substr(i + 1, mid - i - 1));
          auto href = link_(trim(s.substr(mid + 2, end - mid - 2)));
          out += href.empty() ? text : "<a href=\"" + esc(href) + "\">" + text + "</a>";
          i = end + 1;
          continue;
        }
      }
      if (c == '<' && (s.substr(i, 8) == "<http://" || s.substr(i, 9) == "<https://")) {
        auto close = s.find('>', i);
        if (close != std::string_view::npos) {
          auto url = s.substr(i + 1, close - i - 1);
          out += "<a href=\"" + esc(url) + "\">" + esc(url) + "</a>";
          i = close + 1;
          continue;
        }
      }
      // a run of plain text up to the next character that may start a span
      auto next = s.find_first_of("\\`*[<", i + 1);
      if (next == std::string_view::npos) next = s.size();
      out += esc(s.substr(i, next - i));
      i = next;
    }
    return out;
  }

 private:
  std::string (*link_)(std::string_view);
};

/// Cells of a pipe-table row: split on '|' outside `code` spans (cells hold "json|csv" in code).
std::vector<std::string_view> cells(std::string_view row) {
  row = trim(row);
  if (!row.empty() && row.front() == '|') row.remove_prefix(1);
  if (!row.empty() && row.back() == '|') row.remove_suffix(1);
  std::vector<std::string_view> out;
  bool in_code = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size()) {
      ++i;
      continue;
    }
    if (row[i] == '`') in_code = !in_code;
    else if (row[i] == '|' && !in_code) {
      out.push_back(trim(row.substr(start, i - start)));
      start = i + 1;
    }
  }
  out.push_back(trim(row.substr(start)));
  return out;
}

bool is_table_rule(std::string_view line) {
  line = trim(line);
  if (line.size() < 3 || line.front() != '|') return false;
  return line.find_first_not_of("|-: ") == std::string_view::npos && line.find('-') != std::string_view::npos;
}

/// "- item", "* item", "12. item": the marker's length (0 when not a list item).
std::size_t list_marker(std::string_view line, bool& ordered) {
  auto t = line.substr(indent_of(line));
  if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') {
    ordered = false;
    return indent_of(line) + 2;
  }
  std::size_t d = 0;
  while (d < t.size() && std::isdigit(static_cast<unsigned char>(t[d]))) ++d;
  if (d > 0 && d < 4 && d + 1 < t.size() && t[d] == '.' && t[d + 1] == ' ') {
    ordered = true;
    return indent_of(line) + d + 2;
  }
  return 0;
}

}  // namespace

std::string markdown_to_html(std::string_view md, std::string (*link)(std::string_view)) {
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos <= md.size();) {
    auto nl = md.find('\n', pos);
    if (nl == std::string_view::npos) nl = md.size();
    auto line = md.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    pos = nl + 1;
  }
  Inline span(link);
  std::string out;
  std::size_t i = 0;
  auto blank = [&](std::size_t k) { return trim(lines[k]).empty(); };
  while (i < lines.size()) {
    auto line = lines[i];
    auto t = trim(line);
    if (t.empty()) {
      ++i;
      continue;
    }
    if (t.substr(0, 3) == "```") {  // fenced code, as it is
      std::string code;
      for (++i; i < lines.size() && trim(lines[i]).substr(0, 3) != "```"; ++i) code += std::string(lines[i]) + "\n";
      ++i;
      out += "<pre><code>" + esc(code) + "</code></pre>\n";
      continue;
    }
    if (t[0] == '#') {
      std::size_t level = 0;
      while (level < t.size() && t[level] == '#') ++level;
      if (level <= 6 && level < t.size() && t[level] == ' ') {
        auto text = trim(t.substr(level));
        auto n = std::to_string(level);
        out += "<h" + n + " id=\"" + esc(slug(text)) + "\">" + span(text) + "</h" + n + ">\n";
        ++i;
        continue;
      }
    }
    if (t == "---" || t == "***" || t == "___") {
      out += "<hr>\n";
      ++i;
      continue;
    }
    if (t[0] == '|' && i + 1 < lines.size() && is_table_rule(lines[i + 1])) {
      out += "<div class=\"wide\"><table><thead><tr>";
      for (auto c : cells(t)) out += "<th scope=\"col\">" + span(c) + "</th>";
      out += "</tr></thead><tbody>";
      for (i += 2; i < lines.size() && !trim(lines[i]).empty() && trim(lines[i])[0] == '|'; ++i) {
        out += "<tr>";
        for (auto c : cells(lines[i])) out += "<td>" + span(c) + "</td>";
        out += "</tr>";
      }
      out += "</tbody></table></div>\n";
      continue;
    }
    if (t[0] == '>') {
      std::string text;
      for (; i < lines.size() && !blank(i) && trim(lines[i])[0] == '>'; ++i) {
        auto q = trim(lines[i]).substr(1);
        text += std::string(trim(q)) + " ";
      }
      out += "<blockquote><p>" + span(trim(text)) + "</p></blockquote>\n";
      continue;
    }
    bool ordered = false;
    if (list_marker(line, ordered) && indent_of(line) < 2) {
      // Items at the outer indent; deeper items (indented markers) form one nested list.
      const char* tag = ordered ? "ol" : "ul";
      out += std::string("<") + tag + ">";
      bool open_item = false, open_sub = false;
      const char* sub_tag = "ul";
      std::string text;
      auto flush = [&] {
        if (!text.empty()) out += span(trim(text));
        text.clear();
      };
      while (i < lines.size()) {
        auto l = lines[i];
        if (blank(i)) {
          // a blank line ends the list unless the next line goes on with it
          bool o = false;
          if (i + 1 < lines.size() && (list_marker(lines[i + 1], o) || indent_of(lines[i + 1]) >= 2)) {
            ++i;
            continue;
          }
          break;
        }
        bool o = false;
        auto m = list_marker(l, o);
        if (m && indent_of(l) < 2) {
          flush();
          if (open_sub) out += std::string("</li></") + sub_tag + ">";
          open_sub = false;
          if (open_item) out += "</li>";
          out += "<li>";
          open_item = true;
          text = std::string(l.substr(m)) + " ";
        } else if (m) {
          flush();
          if (!open_sub) {
            sub_tag = o ? "ol" : "ul";
            out += std::string("<") + sub_tag + "><li>";
            open_sub = true;
          } else {
            out += "</li><li>";
          }
          text = std::string(l.substr(m)) + " ";
        } else if (indent_of(l) >= 1 || !open_item) {
          text += std::string(trim(l)) + " ";
        } else {
          break;  // an unindented line that is not an item: a new paragraph
        }
        ++i;
      }
      flush();
      if (open_sub) out += std::string("</li></") + sub_tag + ">";
      if (open_item) out += "</li>";
      out += std::string("</") + tag + ">\n";
      continue;
    }
    // a paragraph: lines up to a blank one or the start of another block
    std::string text;
    for (; i < lines.size() && !blank(i); ++i) {
      auto l = trim(lines[i]);
      bool o = false;
      if (!text.empty() && (l[0] == '#' || l.substr(0, 3) == "```" || (l[0] == '|' && i + 1 < lines.size() &&
                                                                        is_table_rule(lines[i + 1])) ||
                            (list_marker(lines[i], o) && indent_of(lines[i]) < 2)))
        break;
      text += std::string(l) + " ";
    }
    out += "<p>" + span(trim(text)) + "</p>\n";
  }
  return out;
}

namespace {

struct TopicDef {
  const char* id;
  const char* doc;
  const char* nav;
};
// One topic per tool of the web, and the formats and methods they rest on.
constexpr TopicDef kTopics[] = {
    {"quick", "methodology.md", "quick"},     {"firm", "firm-format.md", "firm"},
    {"batch", "batch.md", "batch"},           {"screen", "screening.md", "screen"},
    {"template", "template.md", "firm"},      {"report", "report.md", "firm"},
    {"taxonomy", "taxonomy.md", ""},          {"footprint", "footprint.md", ""},
    {"web", "web.md", ""},
};

/// A link target in a doc: another doc we serve → its help page; a web address → as it is;
/// anything else (source files, folders) → no link, the text only.
std::string help_link(std::string_view target) {
  if (target.substr(0, 8) == "https://" || target.substr(0, 7) == "http://") return std::string(target);
  if (!target.empty() && target[0] == '#') return std::string(target);
  auto hash = target.find('#');
  auto file = target.substr(0, hash);
  auto anchor = hash == std::string_view::npos ? std::string_view{} : target.substr(hash);
  auto slash = file.rfind('/');
  auto name = slash == std::string_view::npos ? file : file.substr(slash + 1);
  for (const auto& t : kTopics)
    if (name == t.doc) return "/help/" + std::string(t.id) + std::string(anchor);
  return {};
}

}  // namespace

const std::vector<HelpTopic>& help_topics() {
  static const std::vector<HelpTopic> topics = [] {
    std::vector<HelpTopic> out;
    for (const auto& def : kTopics)
      for (const auto& d : embedded_docs())
        if (std::string_view(d.name) == def.doc)
          out.push_back({def.id, def.doc, std::string("help.topic.") + def.id, def.nav,
                         markdown_to_html(d.text, &help_link)});
    return out;
  }();
  return topics;
}

const HelpTopic* help_topic(std::string_view id) {
  for (const auto& t : help_topics())
    if (t.id == id) return &t;
  return nullptr;
}

}  // namespace greengate::web

// ---- the pages ---------------------------------------------------------------------------------

#include "i18n.hpp"

namespace greengate::web {

std::string help_link_html(const Catalogue& t, const std::string& id) {
  return "<a class=\"help-link\" href=\"/help/" + esc(id) + "\">" +
         esc(t.format("help.link", {t("help.topic." + id)})) + "</a>";
}

std::string render_help(const Catalogue& t, const HelpTopic* topic, const std::string& path_query) {
  std::string b;
  std::string list = "<ul id=\"help-topics\">";
  for (const auto& h : help_topics())
    list += "<li><a href=\"/help/" + esc(h.id) + "\"" + (topic == &h ? " aria-current=\"page\"" : "") + ">" +
            esc(t(h.title_key)) + "</a> <small>" + esc(t("help.desc." + h.id)) + "</small></li>";
  list += "</ul>";
  if (!topic) {
    b += "<h1>" + esc(t("help.title")) + "</h1><p class=\"muted\">" + esc(t("help.intro")) + "</p>" + list;
    return page(t, {esc(t("help.title")), "help", path_query}, b);
  }
  b += "<p><a href=\"/help\">" + esc(t("help.title")) + "</a></p>";
  // The docs are written in English: a Turkish page says so, and marks the text as English.
  if (t.code() != "en") b += "<p class=\"note\" id=\"help-language\">" + esc(t("help.english_only")) + "</p>";
  b += "<article id=\"help-doc\" lang=\"en\">" + topic->html + "</article>";
  b += "<h2>" + esc(t("help.other")) + "</h2>" + list;
  return page(t, {esc(t(topic->title_key)), "help", path_query}, b);
}

}  // namespace greengate::web
