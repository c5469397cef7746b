// The firm assessment form: one table per section of firm format v1, rows added and removed by
// submit buttons (no script needed), every typed value shown again, errors next to their cell.

#include <set>

#include "firm_form.hpp"
#include "help.hpp"
#include "html.hpp"
#include "i18n.hpp"
#include "render.hpp"

namespace greengate::web {

namespace {

std::string message_text(const Catalogue& t, const std::string& m) { return m.rfind("=", 0) == 0 ? m.substr(1) : t(m); }

/// A field's (or row's) messages in one element the field names in aria-describedby.
std::string messages(const Catalogue& t, const std::string& id, const std::vector<std::string>& msgs) {
  std::string out = "<span id=\"" + esc(id) + "\">";
  for (const auto& m : msgs) out += "<span class=\"fielderr\">" + esc(message_text(t, m)) + "</span>";
  return out + "</span>";
}

/// The errors of a page in the order they appear, for the summary at the top (links to each
/// field) and the first one's focus.
struct ErrorList {
  struct Item {
    std::string target, label, message;
  };
  std::vector<Item> items;
  std::set<std::string> shown;  ///< fields and rows whose errors are in `items`
  /// `autofocus` for the first invalid field only: without any script, the browser scrolls to it
  /// and focuses it when the page opens, however far it sits in a wide table.
  std::string focus() { return focus_given_ ? "" : (focus_given_ = true, " autofocus"); }

 private:
  bool focus_given_ = false;
};

/// A column's heading: "form.col.<section>.<column>" where a section names it its own way
/// (a stream's factor is per tonne, a heat factor per TJ), else "form.col.<column>".
std::string column_label(const Catalogue& t, const SectionDef& s, const ColumnDef& c) {
  auto own = "form.col." + s.key + "." + c.key;
  return t.has(own) ? t(own) : t("form.col." + c.key);
}

/// An option's text: "form.opt.<column>.<value>" when the catalogue has one (methods,
/// directions …), else the value itself (fuel slugs, units, categories are the format's words).
std::string option_label(const Catalogue& t, const ColumnDef& c, const std::string& o) {
  if (o.empty()) return "—";
  auto key = "form.opt." + c.key + "." + o;
  return t.has(key) ? t(key) : o;
}

std::string cell_input(const Catalogue& t, const FirmForm& f, const SectionDef& s, const ColumnDef& c,
                       const std::string& name, const std::string& value, const std::string& row_label,
                       ErrorList& errors) {
  auto it = f.errors.find(name);
  bool bad = it != f.errors.end();
  std::string cls;
  if (bad) {
    cls = " class=\"err\" aria-invalid=\"true\" aria-describedby=\"err-" + esc(name) + "\"" + errors.focus();
    for (const auto& m : it->second)
      errors.items.push_back({name, row_label + " · " + column_label(t, s, c), message_text(t, m)});
    errors.shown.insert(name);
  }
  std::string label = esc(column_label(t, s, c));
  std::string out;
  if (!c.options.empty()) {
    out += "<select name=\"" + esc(name) + "\" id=\"" + esc(name) + "\" aria-label=\"" + label + "\"" + cls + ">";
    for (const auto& o : c.options)
      out += "<option value=\"" + esc(o) + "\"" + (o == value ? " selected" : "") + ">" +
             esc(option_label(t, c, o)) + "</option>";
    out += "</select>";
  } else {
    out += "<input name=\"" + esc(name) + "\" id=\"" + esc(name) + "\" value=\"" + esc(value) +
           "\" size=\"" + std::to_string(c.size) + "\" maxlength=\"200\" aria-label=\"" + label + "\"" + cls + ">";
  }
  if (bad) out += messages(t, "err-" + name, it->second);
  return out;
}

}  // namespace

std::string render_firm_form(const Catalogue& t, const FirmFormDef& def, const FirmForm& f,
                             const std::string& csrf,
                             const Diagnostics& unplaced, const std::string& path_query,
                             const calc::CbamPeriod& period) {
  std::string b = "<h1>" + esc(t("firm.title")) + "</h1><p class=\"muted\">" + esc(t("firm.intro")) + " " +
                  help_link_html(t, "firm") + "</p>";

  // Upload a firm file instead of typing it.
  b += "<form method=\"post\" action=\"/firm/upload\" enctype=\"multipart/form-data\" id=\"upload-form\">"
       "<fieldset><legend>" + esc(t("firm.upload")) + "</legend>" + csrf_field(csrf) +
       "<div class=\"row\"><div><input type=\"file\" name=\"firm\" id=\"f-upload\" accept=\".xml,application/xml,text/xml,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"></div>"
       "<div><label for=\"f-upload-prices\">" + esc(t("prices.file")) +
       "</label><input type=\"file\" name=\"prices\" id=\"f-upload-prices\" accept=\".csv,text/csv\"></div>"
       "<div><button type=\"submit\" id=\"upload-submit\">" + esc(t("firm.upload_submit")) +
       "</button></div></div><small>" + esc(t("firm.upload_hint")) + "</small></fieldset></form>";

  ErrorList errors;
  const std::string head = b;
  b.clear();
  b += "<form method=\"post\" action=\"/firm\" id=\"firm-form\">" + csrf_field(csrf);
  b += "<fieldset><div class=\"row\"><div><label for=\"f-name\">" + esc(t("firm.name")) +
       "</label><input id=\"f-name\" name=\"name\" maxlength=\"200\" size=\"30\" value=\"" + esc(f.name) + "\"></div>";
  b += "<div><label for=\"f-year\">" + esc(t("firm.year")) + "</label><select id=\"f-year\" name=\"year\">";
  const std::string selected = f.year.empty() ? std::to_string(period.first) : f.year;
  for (int y : period.years()) {
    auto ys = std::to_string(y);
    b += "<option" + std::string(ys == selected ? " selected" : "") + ">" + ys + "</option>";
  }
  b += "</select></div>";
  b += "<div><label for=\"f-price\">" + esc(t("quick.price")) + "</label><input id=\"f-price\" name=\"price\" maxlength=\"40\" size=\"8\" value=\"" +
       esc(f.price) + "\" placeholder=\"" + esc(t("quick.price_placeholder")) + "\"></div>";
  b += "<div><button type=\"submit\" name=\"op\" value=\"compute\" id=\"firm-compute\">" +
       esc(t("firm.compute")) + "</button></div></div></fieldset>";

  for (const auto& s : def.sections()) {
    auto rows_it = f.rows.find(s.key);
    static const std::vector<FormRow> none;
    const auto& rows = rows_it == f.rows.end() ? none : rows_it->second;
    b += "<fieldset id=\"sec-" + s.key + "\"><legend>" + esc(t("form.sec." + s.key)) + "</legend>";
    b += "<small>" + esc(t("form.help." + s.key)) + "</small>";
    if (!s.single) b += "<input type=\"hidden\" name=\"" + s.key + ".n\" value=\"" + std::to_string(rows.size()) + "\">";
    // The caption names the table for screen readers (the legend above shows it).
    b += "<div class=\"wide\"><table><caption class=\"vh\">" + esc(t("form.sec." + s.key)) + "</caption><tr>";
    for (const auto& c : s.columns) b += "<th scope=\"col\">" + esc(column_label(t, s, c)) + "</th>";
    if (!s.single) b += "<th scope=\"col\"><span class=\"vh\">" + esc(t("form.remove")) + "</span></th>";
    b += "</tr>";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::string prefix = s.key + "." + std::to_string(i);
      std::string row_label = t("form.sec." + s.key) + (s.single ? "" : " " + std::to_string(i + 1));
      b += "<tr id=\"row-" + prefix + "\">";
      for (const auto& c : s.columns) {
        auto v = rows[i].find(c.key);
        b += "<td>" + cell_input(t, f, s, c, prefix + "." + c.key, v == rows[i].end() ? "" : v->second, row_label, errors) +
             "</td>";
      }
      if (!s.single)
        b += "<td><button type=\"submit\" class=\"del\" name=\"op\" value=\"del:" + prefix + "\" title=\"" +
             esc(t("form.remove")) + "\">×</button></td>";
      b += "</tr>";
      auto row_err = f.errors.find(prefix);
      if (row_err != f.errors.end()) {
        b += "<tr><td colspan=\"" + std::to_string(s.columns.size() + 1) + "\">" +
             messages(t, "err-" + prefix, row_err->second) + "</td></tr>";
        for (const auto& m : row_err->second) errors.items.push_back({"row-" + prefix, row_label, message_text(t, m)});
        errors.shown.insert(prefix);
      }
    }
    b += "</table></div>";
    if (!s.single)
      b += "<button type=\"submit\" class=\"sec\" name=\"op\" value=\"add:" + s.key + "\" id=\"add-" + s.key + "\">" +
           esc(t("form.add")) + "</button>";
    b += "</fieldset>";
  }
  // Elements the form carries unchanged (footprint extension), as hidden chunks of at most
  // kKeptChunk bytes, cut at UTF-8 character boundaries (each within the server's value limit).
  constexpr std::size_t kKeptChunk = 3000;
  b += "<input type=\"hidden\" name=\"kept.n\" value=\"" + std::to_string(f.kept.size()) + "\">";
  if (!f.kept.empty()) {
    b += "<fieldset id=\"sec-kept\"><legend>" + esc(t("form.kept")) + "</legend><ul>";
    for (std::size_t i = 0; i < f.kept.size(); ++i) {
      const auto& k = f.kept[i];
      const std::string p = "kept." + std::to_string(i);
      b += "<li><code>" + esc(k.label) + "</code>";
      b += "<input type=\"hidden\" name=\"" + p + ".parent\" value=\"" + esc(k.parent) + "\">";
      b += "<input type=\"hidden\" name=\"" + p + ".label\" value=\"" + esc(k.label) + "\">";
      std::size_t chunks = 0;
      for (std::size_t at = 0; at < k.xml.size(); ++chunks) {
        std::size_t n = std::min(kKeptChunk, k.xml.size() - at);
        while (at + n < k.xml.size() && (static_cast<unsigned char>(k.xml[at + n]) & 0xC0) == 0x80) --n;
        b += "<input type=\"hidden\" name=\"" + p + "." + std::to_string(chunks) + "\" value=\"" +
             esc(k.xml.substr(at, n)) + "\">";
        at += n;
      }
      b += "<input type=\"hidden\" name=\"" + p + ".c\" value=\"" + std::to_string(chunks) + "\"></li>";
    }
    b += "</ul><small>" + esc(t("form.kept_help")) + "</small></fieldset>";
  }
  b += "<button type=\"submit\" name=\"op\" value=\"compute\" id=\"firm-compute-bottom\">" + esc(t("firm.compute")) +
       "</button></form>";
  // The summary of errors above the form: each links to its field (the first is focused).
  for (const auto& [name, msgs] : f.errors)  // errors of fields the sections do not show
    if (!errors.shown.count(name))
      for (const auto& m : msgs) errors.items.push_back({"firm-form", name, message_text(t, m)});
  std::string summary;
  if (!errors.items.empty() || !unplaced.empty() || f.has_errors()) {
    summary = "<div class=\"errors\" id=\"form-errors\" role=\"alert\"><strong>" + esc(t("form.has_errors")) + "</strong><ul>";
    for (const auto& e : errors.items)
      summary += "<li><a href=\"#" + esc(e.target) + "\">" + esc(e.label) + "</a>: " + esc(e.message) + "</li>";
    for (const auto& d : unplaced.items()) summary += "<li><code>" + esc(d.format()) + "</code></li>";
    summary += "</ul></div>";
  }
  return page(t, {esc(t("firm.title")), "firm", path_query}, head + summary + b);
}

}  // namespace greengate::web
