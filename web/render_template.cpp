// The page of a filled EU Communication template (issue 12): what the template could not hold
// (the export's notes, as `greengate template export` prints them on stderr), the SEE the
// template's own formulas will compute, and the download.

#include "greengate/model/cn_code.hpp"
#include "help.hpp"
#include "html.hpp"
#include "i18n.hpp"
#include "render.hpp"

namespace greengate::web {

std::string render_template_export(const Catalogue& t, const TemplateExportView& v,
                                   const std::string& path_query) {
  namespace u = greengate::units;
  std::string b = "<h1>" + esc(t("template.title")) + "</h1>";
  b += "<p><strong id=\"firm-name\">" + esc(v.report->firm_name) + "</strong> · " +
       esc(t.format("template.version", {v.version})) + "</p>";
  b += "<p class=\"muted\">" + esc(t("template.intro")) + " " + help_link_html(t, "template") + "</p>";
  const auto& notes = v.notes->items();
  if (notes.empty()) {
    b += "<p class=\"ok\" id=\"template-complete\">" + esc(t("template.complete")) + "</p>";
  } else {
    b += "<div class=\"note\" id=\"template-notes\" role=\"status\"><strong>" +
         esc(t.format("template.notes", {std::to_string(notes.size())})) + "</strong><ul>";
    // The export's messages are the engine's (English until the engine speaks Turkish): marked
    // with their language so that readers, screen readers and the language test know.
    for (const auto& d : notes) {
      b += "<li>";
      if (!d.pos.str().empty()) b += "<code>" + esc(d.pos.str()) + "</code> ";
      b += "<span lang=\"en\">" + esc(d.message) + "</span></li>";
    }
    b += "</ul></div>";
  }
  b += "<div class=\"wide\"><table id=\"template-goods\"><caption>" + esc(t("template.goods")) +
       "</caption><tr><th scope=\"col\">CN</th><th scope=\"col\">" + esc(t("results.installation")) +
       "</th><th scope=\"col\">" + esc(t("results.see_direct")) + "</th><th scope=\"col\">" +
       esc(t("template.see_indirect")) + "</th></tr>";
  for (const auto& g : v.report->goods) {
    if (!g.in_scope) continue;
    b += "<tr><th scope=\"row\">" + esc(model::format_cn(g.cn)) + "</th><td>" + esc(g.installation) +
         "</td><td class=\"n\">" + t.number(u::in_tco2e_per_tonne(g.see_direct), 3) + "</td><td class=\"n\">" +
         t.number(u::in_tco2e_per_tonne(g.see_indirect), 3) + "</td></tr>";
  }
  b += "</table></div><small>" + esc(t("results.see_unit")) + "</small>";
  b += "<div class=\"row\" id=\"template-download\">" + v.download + "</div>";
  return page(t, {esc(t("template.title")), "firm", path_query}, b);
}

}  // namespace greengate::web
