// The results page's footprint section (issue 17): the firm's Scope 1 and 2 inventory, each
// product's footprint and each hydrogen life cycle's low-carbon test, as the engine computed
// them (calc/footprint.hpp, product_footprint.hpp, hydrogen.hpp) — the same figures as
// `greengate footprint` and `greengate hydrogen`; this file only formats.
#include "html.hpp"
#include "render.hpp"

namespace greengate::web {

namespace {
namespace u = greengate::units;

/// The download of `fmt` (with `product` for PACT) as a link of a saved assessment or a POST form.
std::string download(const Catalogue& t, const std::string& hidden, const std::string& saved_id,
                     const std::string& fmt, const std::string& product, const std::string& id,
                     const std::string& label_key) {
  if (!saved_id.empty())
    return "<a id=\"" + esc(id) + "\" href=\"/saved/" + esc(saved_id) + "/download?fmt=" + fmt +
           (product.empty() ? "" : "&amp;product=" + url_encode(product)) + "\">" + esc(t(label_key)) + "</a>";
  if (hidden.empty()) return "";
  return "<form method=\"post\" action=\"/download\" class=\"inline\">" + hidden +
         "<input type=\"hidden\" name=\"fmt\" value=\"" + fmt + "\">" +
         (product.empty() ? "" : "<input type=\"hidden\" name=\"product\" value=\"" + esc(product) + "\">") +
         "<button type=\"submit\" class=\"sec\" id=\"" + esc(id) + "\">" + esc(t(label_key)) + "</button></form>";
}

/// "(95 %: a – b)" of figure `key`, its values × `scale`, or "" when there is no result; "(–)"
/// with the reason as a title when the figure does not vary or could not be sampled.
std::string range(const Catalogue& t, const std::optional<calc::UncertaintyResult>& u, const std::string& key,
                  int decimals, double scale = 1) {
  const calc::UncertainFigure* f = u ? u->find(key) : nullptr;
  if (!f) return "";
  if (!f->varies)
    return " <small class=\"range\" title=\"" + esc(f->unavailable.empty() ? t("results.range_none") : f->unavailable) +
           "\">(–)</small>";
  return " <small class=\"range\">(" + esc(t("fp.range")) + " " + t.number(f->p025 * scale, decimals) + " – " +
         t.number(f->p975 * scale, decimals) + ")</small>";
}

std::string incomplete(const Catalogue& t, bool complete) {
  return complete ? "" : " <span class=\"flag unverified\">" + esc(t("results.incomplete")) + "</span>";
}

std::string gaps_list(const Catalogue& t, const std::vector<calc::Gap>& gaps, const std::string& id) {
  if (gaps.empty()) return "";
  std::string b = "<div class=\"errors\" id=\"" + id + "\"><strong>" + esc(t("results.gaps")) + "</strong><ul>";
  for (const auto& g : gaps)
    b += "<li><code>" + esc(g.pos.str()) + "</code> " + en_text(t, g.where) + ": " + msg_text(t, g.message) + "</li>";
  return b + "</ul></div>";
}

std::string inventory_html(const Catalogue& t, const calc::InventoryReport& r,
                           const std::optional<calc::UncertaintyResult>& u, const std::string& hidden,
                           const std::string& saved_id) {
  std::string b = "<p>" + esc(t("fp.standard")) + " · " + esc(t.format("fp.year", {std::to_string(r.year)})) +
                  incomplete(t, r.complete) + "</p>";
  // Scope 1 by gas
  b += "<h3>" + esc(t("fp.scope1")) + "</h3><table id=\"fp-scope1\"><tr><th>" + esc(t("fp.gas")) + "</th><th>" +
       esc(t("fp.tco2e")) + "</th></tr>";
  for (const auto& [gas, e] : r.scope1_gases.by_gas)
    b += "<tr><td>" + esc(calc::ghg_gas_name(gas)) + "</td><td class=\"n\">" + t.number(u::in_tco2e(e), 1) + "</td></tr>";
  b += "<tr><th>" + esc(t("fp.total")) + "</th><td class=\"n\" id=\"fp-scope1-total\"><strong>" +
       t.number(u::in_tco2e(r.scope1_total), 1) + "</strong>" + range(t, u, "scope1", 1) + "</td></tr></table>";
  // Scope 2, both methods side by side (Scope 2 Guidance 2015, ch. 4)
  b += "<h3>" + esc(t("fp.scope2")) + "</h3><table id=\"fp-scope2\"><tr><th>" + esc(t("fp.use")) + "</th><th>" +
       esc(t("fp.quantity_mwh")) + "</th><th>" + esc(t("fp.location")) + "</th><th>" + esc(t("fp.market")) +
       "</th><th>" + esc(t("fp.basis")) + "</th></tr>";
  for (const auto& s : r.scope2)
    b += "<tr><td>" + en_text(t, s.what) + "</td><td class=\"n\">" + t.number(u::in_megawatt_hours(s.quantity), 1) +
         "</td><td class=\"n\">" + t.number(u::in_tco2e(s.location), 1) + "</td><td class=\"n\">" +
         t.number(u::in_tco2e(s.market()), 1) + "</td><td>" + en_text(t, s.uncovered_basis) + incomplete(t, s.complete) +
         "</td></tr>";
  b += "<tr><th>" + esc(t("fp.total")) + "</th><td></td><td class=\"n\" id=\"fp-scope2-location\"><strong>" +
       t.number(u::in_tco2e(r.scope2_location), 1) + "</strong>" + range(t, u, "scope2.location", 1) +
       "</td><td class=\"n\" id=\"fp-scope2-market\"><strong>" + t.number(u::in_tco2e(r.scope2_market), 1) + "</strong>" +
       range(t, u, "scope2.market", 1) + "</td><td></td></tr></table>";
  b += "<p id=\"fp-biogenic\">" + esc(t("fp.biogenic")) + ": " + t.number(u::in_tco2e(r.biogenic_co2), 1) + " t</p>";
  b += "<p class=\"note\">" + esc(t("fp.scope3")) + "</p>";
  if (!r.boundary.empty()) {
    b += "<details><summary>" + esc(t("fp.boundary")) + "</summary><ul>";
    for (const auto& s : r.boundary) b += "<li>" + en_text(t, s) + "</li>";
    b += "</ul></details>";
  }
  if (!r.notes.empty()) {
    b += "<ul class=\"notes\">";
    for (const auto& s : r.notes) b += "<li>" + en_text(t, s) + "</li>";
    b += "</ul>";
  }
  b += gaps_list(t, r.gaps, "fp-gaps");
  b += "<p>" + download(t, hidden, saved_id, "footprint-json", "", "dl-footprint-json", "download.footprint_json") + "</p>";
  return b;
}

std::string products_html(const Catalogue& t, const FootprintResults& f, const std::string& hidden,
                          const std::string& saved_id) {
  std::string b = "<h3>" + esc(t("fp.products")) + "</h3><table id=\"fp-products\"><tr><th>" + esc(t("fp.product")) +
                  "</th><th>" + esc(t("fp.declared_unit")) + "</th><th>" + esc(t("fp.per_unit_market")) + "</th><th>" +
                  esc(t("fp.per_unit_location")) + "</th><th>" + esc(t("fp.primary_share")) + "</th><th>" +
                  esc(t("fp.cbam_see")) + "</th><th>PACT</th></tr>";
  for (std::size_t i = 0; i < f.products.size(); ++i) {
    const auto& p = f.products[i];
    b += "<tr><td>" + esc(p.name.empty() ? p.product_id : p.name) + " <small>[" + esc(p.product_id) + "]</small>" +
         incomplete(t, p.complete) + "</td><td>" + esc(p.declared_unit) + " (" + (u::in_tonnes(p.mass) >= 1 ? t.number(u::in_tonnes(p.mass) * 1000, 0) : t.trimmed(u::in_tonnes(p.mass) * 1000, 3)) +
         " kg)</td><td class=\"n\" id=\"fp-product-" + std::to_string(i) + "\">" + t.number(u::in_kgco2e(p.total), 1) +
         " kgCO2e" + range(t, f.product_ranges[i], "pcf", 1, 1000) + "</td><td class=\"n\">" +
         t.number(u::in_kgco2e(p.total_location), 1) + " kgCO2e" + range(t, f.product_ranges[i], "pcf.location", 1, 1000) +
         "</td><td class=\"n\">" +
         t.percent(p.primary_share, 0) + "</td><td class=\"n\">" +
         (p.cbam.available ? t.number(u::in_tco2e_per_tonne(p.cbam.total), 3) + " tCO2e/t" : "–") + "</td><td>" +
         (p.gaps.empty() ? download(t, hidden, saved_id, "pact", p.product_id, "dl-pact-" + std::to_string(i), "download.pact")
                         : esc(t("fp.pact_gaps"))) +
         "</td></tr>";
  }
  b += "</table><small>" + esc(t("fp.products_note")) + "</small>";
  for (std::size_t i = 0; i < f.products.size(); ++i)
    b += gaps_list(t, f.products[i].gaps, "fp-product-gaps-" + std::to_string(i));
  for (const auto& [id, msg] : f.product_errors)
    b += "<div class=\"errors\"><strong>" + esc(id) + "</strong>: " + en_text(t, msg) + "</div>";
  return b;
}

std::string hydrogen_html(const Catalogue& t, const FootprintResults& f) {
  std::string b = "<h3>" + esc(t("fp.hydrogen")) + "</h3>";
  if (!f.hydrogen_error.empty()) return b + "<div class=\"errors\" id=\"fp-hydrogen-error\">" + en_text(t, f.hydrogen_error) + "</div>";
  b += "<table id=\"fp-hydrogen\"><tr><th>" + esc(t("fp.h2_id")) + "</th><th>" + esc(t("fp.h2_route")) + "</th><th>gCO2e/MJ</th><th>kgCO2e/kgH2</th><th>" +
       esc(t("fp.h2_savings")) + "</th><th>" + esc(t("fp.h2_verdict")) + "</th><th>" + esc(t("fp.h2_taxonomy")) + "</th></tr>";
  auto verdict = [&](const rules::RuleResult& r) {
    return esc(t(std::string("fp.outcome.") + std::string(rules::outcome_name(r.outcome))));
  };
  for (std::size_t i = 0; i < f.hydrogen.size(); ++i) {
    const auto& h = f.hydrogen[i];
    b += "<tr><td>" + esc(h.id) + incomplete(t, h.complete) + "</td><td>" + esc(h.route) + "</td><td class=\"n\">" +
         t.number(u::in_grams_co2e_per_megajoule(h.intensity), 2) + range(t, f.hydrogen_range, "h2:" + h.id + ":intensity", 2) +
         "</td><td class=\"n\" id=\"fp-h2-" + std::to_string(i) +
         "\">" + t.number(u::in_tco2e_per_tonne(h.per_tonne), 2) + range(t, f.hydrogen_range, "h2:" + h.id + ":per_kg", 2) +
         "</td><td class=\"n\">" + t.percent(h.savings, 1) +
         "</td><td>" + verdict(h.low_carbon) + "</td><td>" + (h.taxonomy ? verdict(*h.taxonomy) : "–") + "</td></tr>";
  }
  b += "</table><small>" + esc(t("fp.h2_note")) + "</small>";
  for (std::size_t i = 0; i < f.hydrogen.size(); ++i)
    b += gaps_list(t, f.hydrogen[i].gaps, "fp-h2-gaps-" + std::to_string(i));
  return b;
}

}  // namespace

std::string footprint_html(const Catalogue& t, const FootprintResults& f, const std::string& hidden,
                           const std::string& saved_id) {
  if (!f.available) return "";
  std::string b = "<h2 id=\"footprint\">" + esc(t("fp.title")) + "</h2>";
  if (!f.inventory_error.empty())
    b += "<div class=\"errors\" id=\"fp-error\">" + en_text(t, f.inventory_error) + "</div>";
  else if (f.inventory)
    b += inventory_html(t, *f.inventory, f.inventory_range, hidden, saved_id);
  if (!f.products.empty() || !f.product_errors.empty()) b += products_html(t, f, hidden, saved_id);
  if (!f.hydrogen.empty() || !f.hydrogen_error.empty()) b += hydrogen_html(t, f);
  return b;
}

}  // namespace greengate::web
