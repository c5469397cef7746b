// Quick check page and the shared small render pieces.

#include <set>

#include "greengate/model/cn_code.hpp"
#include "help.hpp"
#include "html.hpp"
#include "i18n.hpp"
#include "render.hpp"
#include "server.hpp"

namespace greengate::web {

std::string status_flag(const Catalogue& t, Status s) {
  const char* cls = s == Status::verified ? "verified" : s == Status::single_source ? "single" : "unverified";
  return std::string("<span class=\"flag ") + cls + "\" title=\"" + esc(t("status.help")) + "\">" +
         esc(t(std::string("status.") + cls)) + "</span>";
}

std::string datalist_goods(const calc::Dataset& data) {
  std::string out = "<datalist id=\"goods-list\">";
  for (const auto& g : data.factors.defaults().goods) {
    if (g.heading) continue;
    out += "<option value=\"" + esc(model::format_cn(g.code)) + " — " + esc(g.description) + "\">";
  }
  return out + "</datalist>";
}

std::string datalist_countries(const calc::Dataset& data) {
  std::string out = "<datalist id=\"country-list\">";
  std::set<std::string> seen;
  for (const auto& c : data.factors.defaults().countries) {
    if (c.iso2.empty() || !seen.insert(c.iso2).second) continue;
    out += "<option value=\"" + esc(c.iso2) + " — " + esc(c.name) + "\">";
  }
  return out + "</datalist>";
}

namespace {

std::string field_error(const Catalogue& t, const FieldErrors& errors, const std::string& name) {
  auto it = errors.find(name);
  if (it == errors.end()) return {};
  // a message key, or "=" + a message already in the page's language
  const std::string& m = it->second;
  std::string text = m.rfind("=", 0) == 0 ? m.substr(1) : t(m);
  return "<span class=\"fielderr\" id=\"err-" + esc(name) + "\">" + esc(text) + "</span>";
}

/// The attributes of a field with an error: marked invalid, described by its message, and the
/// first one of the form (in the order of `kQuickFields`) focused when the page opens.
std::string invalid_attrs(const FieldErrors& errors, const std::string& name) {
  if (!errors.count(name)) return {};
  static constexpr const char* kQuickFields[] = {"cn", "origin", "quantity", "year", "route", "price"};
  std::string first;
  for (const char* f : kQuickFields)
    if (errors.count(f)) {
      first = f;
      break;
    }
  return " class=\"err\" aria-invalid=\"true\" aria-describedby=\"err-" + esc(name) + "\"" +
         (first == name ? " autofocus" : "");
}

std::string input(const Catalogue& t, const FieldErrors& errors, const std::string& name,
                  const std::string& label_key, const std::string& value, const std::string& extra) {
  return "<div><label for=\"f-" + name + "\">" + esc(t(label_key)) + "</label><input id=\"f-" + name +
         "\" name=\"" + name + "\" value=\"" + esc(value) + "\"" + invalid_attrs(errors, name) +
         " " + extra + ">" + field_error(t, errors, name) + "</div>";
}

std::string num_cell(const std::string& id, const std::string& text) {
  return "<td class=\"n\" id=\"" + id + "\">" + text + "</td>";
}

}  // namespace

std::string render_quick(const Catalogue& t, const AppContext& app, const QuickInput& in,
                         const FieldErrors& errors, const QuickParse* parsed,
                         const QuickResult* result,
                         const std::vector<calc::GoodsMatch>* matches,
                         const std::string& path_query) {
  namespace u = greengate::units;
  std::string b;
  b += "<h1>" + esc(t("quick.title")) + "</h1><p class=\"muted\">" + esc(t("quick.intro")) + " " +
       help_link_html(t, "quick") + "</p>";
  b += "<form method=\"get\" action=\"/quick\" id=\"quick-form\"><fieldset><div class=\"row\">";
  b += input(t, errors, "cn", "quick.cn", in.cn,
             "list=\"goods-list\" size=\"40\" maxlength=\"200\" autocomplete=\"off\" placeholder=\"" +
                 esc(t("quick.cn_placeholder")) + "\"");
  b += input(t, errors, "origin", "quick.origin", in.origin,
             "list=\"country-list\" size=\"18\" maxlength=\"60\" placeholder=\"TR\"");
  b += input(t, errors, "quantity", "quick.quantity", in.quantity,
             "size=\"12\" maxlength=\"40\" inputmode=\"decimal\" placeholder=\"" +
                 esc(t("quick.quantity_placeholder")) + "\"");
  const calc::CbamPeriod& period = app.data.period;
  std::string year = in.year.empty() ? std::to_string(period.first) : in.year;
  b += "<div><label for=\"f-year\">" + esc(t("quick.year")) + "</label><select id=\"f-year\" name=\"year\"" +
       invalid_attrs(errors, "year") + ">";
  for (int y : period.years()) {
    auto ys = std::to_string(y);
    b += "<option" + std::string(ys == year ? " selected" : "") + ">" + ys + "</option>";
  }
  b += "</select>" + field_error(t, errors, "year") + "</div>";
  b += input(t, errors, "route", "quick.route", in.route, "size=\"3\" maxlength=\"2\"");
  b += input(t, errors, "price", "quick.price", in.price,
             "size=\"8\" maxlength=\"40\" inputmode=\"decimal\" placeholder=\"" + esc(t("quick.price_placeholder")) + "\"");
  b += "<div><button type=\"submit\" id=\"quick-submit\">" + esc(t("quick.submit")) + "</button></div>";
  b += "</div><small>" + esc(t("quick.search_hint")) + "</small></fieldset></form>";
  b += app.cn_datalist + app.country_datalist;

  if (matches) {
    b += "<h2>" + esc(t("quick.matches")) + "</h2>";
    if (matches->empty()) b += "<p id=\"no-matches\">" + esc(t("quick.no_matches")) + "</p>";
    else {
      b += "<ul id=\"matches\">";
      const calc::GoodsWords* words_used = nullptr;
      for (const auto& m : *matches) {
        const auto* g = m.good;
        std::string href = "/quick?cn=" + url_encode(g->code) + "&origin=" + url_encode(in.origin) +
                           "&quantity=" + url_encode(in.quantity) + "&year=" + url_encode(year);
        b += "<li><a href=\"" + esc(href) + "\">" + esc(model::format_cn(g->code)) + "</a> " +
             en_text(t, g->description) + " <small>(" + esc(t("sector." + std::string(model::sector_slug(g->sector)))) +
             (m.words ? "; " + esc(t.format("goods.by_word", {m.word})) : std::string()) + ")</small></li>";
        if (m.words && !words_used) words_used = m.words;
      }
      b += "</ul>";
      // The words are GreenGate's search aid, not tariff text: said once under the list.
      if (words_used) {
        // the message escaped, the file name then put in as code ("\x01": no catalogue text has it)
        std::string note = esc(t.format("goods.words_note", {"\x01"}));
        note.replace(note.find('\x01'), 1, "<code>" + esc(words_used->pos.file) + "</code>");
        b += "<p class=\"note\" id=\"words-note\"><small>" + note + "</small></p>";
      }
    }
  }

  if (parsed && result) {
    const auto& q = parsed->query;
    const auto& s = result->scope;
    if (!q.gtip.empty()) b += "<p class=\"note\" id=\"r-gtip\">" + esc(gtip_note(q, t)) + "</p>";
    b += "<section id=\"result\"><h2>" + esc(t("quick.scope")) + " — CN " + esc(model::format_cn(q.cn)) + "</h2>";
    b += "<div class=\"wide\"><table><caption class=\"vh\">" + esc(t("quick.scope")) + "</caption><tr><th scope=\"row\">" +
         esc(t("quick.in_scope")) + "</th><td id=\"r-in-scope\" class=\"" +
         (s.in_scope ? "ok\">" + esc(t("common.yes")) : "no\">" + esc(t("common.no"))) + "</td></tr>";
    if (s.entry) {
      b += "<tr><th scope=\"row\">" + esc(t("quick.sector")) + "</th><td id=\"r-sector\">" +
           esc(t("sector." + std::string(model::sector_slug(s.entry->sector)))) + "</td></tr>";
      b += "<tr><th scope=\"row\">" + esc(t("quick.annex_ii")) + "</th><td id=\"r-annex-ii\">" +
           esc(s.entry->direct_only ? t("quick.annex_ii_yes") : t("quick.annex_ii_no")) + "</td></tr>";
    }
    if (s.category)
      b += "<tr><th scope=\"row\">" + esc(t("quick.category")) + "</th><td>" + en_text(t, s.category->label) + "</td></tr>";
    b += "<tr><th scope=\"row\">" + esc(t("quick.reason")) + "</th><td>" + en_text(t, s.reason) + "</td></tr>";
    std::string ref = s.entry ? s.entry->ref : s.exclusion ? s.exclusion->ref : "";
    if (!ref.empty()) b += "<tr><th scope=\"row\">" + esc(t("quick.legal_ref")) + "</th><td>" + en_text(t, ref) + "</td></tr>";
    if (s.entry && !s.entry->note.empty())
      b += "<tr><th scope=\"row\">" + esc(t("quick.note")) + "</th><td>" + en_text(t, s.entry->note) + "</td></tr>";
    b += "</table></div><small>" + t.format("quick.catalogue", {en_text(t, app.data.scope.source()), esc(app.data.scope.version())}) +
         "</small>";

    if (result->def) {
      const auto& d = *result->def;
      b += "<h2>" + esc(t("quick.default")) + "</h2>";
      if (!d.found()) {
        b += "<div class=\"errors\" id=\"r-gap\">" + esc(t("quick.gap")) + ": " + en_text(t, d.gap) + "</div>";
      } else {
        const auto& L = d.lookup;
        const auto& c = *L.cell;
        b += "<div class=\"wide\"><table><caption class=\"vh\">" + esc(t("quick.default")) + "</caption>";
        b += "<tr><th scope=\"row\">" + esc(t("quick.good")) + "</th><td>" + esc(model::format_cn(L.good->code)) + " " +
             en_text(t, L.good->description) + "</td></tr>";
        b += "<tr><th scope=\"row\">" + esc(t("quick.table")) + "</th><td id=\"r-table\">" + esc(L.table_name) +
             (L.fallback_used ? " <span class=\"flag single\">" + esc(t("quick.fallback")) + ": " +
                                    en_text(t, L.fallback_reason) + "</span>"
                              : "") +
             "</td></tr>";
        b += "<tr><th scope=\"row\">" + esc(t("quick.direct")) + "</th>" + num_cell("r-direct", t.trimmed(c.direct, 6)) + "</tr>";
        b += "<tr><th scope=\"row\">" + esc(t("quick.indirect")) + "</th>" +
             num_cell("r-indirect", c.has_indirect ? t.trimmed(c.indirect, 6) : esc(t("quick.not_given"))) + "</tr>";
        b += "<tr><th scope=\"row\">" + esc(t("quick.total")) + "</th>" + num_cell("r-total", t.trimmed(c.total, 6)) + "</tr>";
        if (!c.route.empty())
          b += "<tr><th scope=\"row\">" + esc(t("quick.route_used")) + "</th><td>" + esc(c.route) + "</td></tr>";
        b += "<tr><th scope=\"row\">" + esc(t.format("quick.markup", {std::to_string(q.year)})) + "</th>" +
             num_cell("r-markup", t.percent_trimmed(d.markup, 4)) + "</tr>";
        b += "<tr><th scope=\"row\">" + esc(t("quick.marked_up")) + "</th>" +
             num_cell("r-see", "<span class=\"big\">" + t.number(u::in_tco2e_per_tonne(d.marked_up_total), 3) +
                                   "</span> tCO2e/t") +
             "</tr>";
        b += "</table></div>";
        b += "<p><small>" + esc(t("quick.source")) + ": " + en_text(t, L.provenance.source) + " · " +
             esc(t("quick.valid")) + " " + validity_text(t, L.provenance) + " · " +
             status_flag(t, L.provenance.status) + " · <code>" + esc(L.provenance.pos.str()) +
             "</code><br>" + esc(t("quick.markup_source")) + ": " + en_text(t, d.markup_factor->provenance.source) +
             " · " + validity_text(t, d.markup_factor->provenance) + " · " +
             status_flag(t, d.markup_factor->provenance.status) + " · <code>" +
             esc(d.markup_factor->provenance.pos.str()) + "</code></small></p>";
        if (result->embedded) {
          b += "<h2>" + esc(t("quick.embedded")) + "</h2><p><span class=\"big\" id=\"r-embedded\">" +
               t.number(u::in_tco2e(*result->embedded), 1) + "</span> tCO2e <small>= " +
               t.trimmed(u::in_tonnes(q.quantity), 6) + " t × " +
               t.trimmed(u::in_tco2e_per_tonne(d.marked_up_total), 6) + " tCO2e/t (" +
               esc(t("quick.embedded_formula")) + ")</small></p>";
        }
      }
    } else if (!s.in_scope) {
      b += "<p class=\"note\" id=\"r-not-cbam\">" + esc(t("quick.not_cbam")) + "</p>";
    }
    if (s.in_scope) {
      b += "<div class=\"note\" id=\"r-de-minimis\"><strong>" + esc(t("quick.de_minimis_title")) +
           "</strong> " + esc(t("quick.de_minimis")) + "</div>";
      if (result->line) {
        const auto& l = *result->line;
        b += "<h2>" + esc(t("quick.obligation")) + "</h2><div class=\"wide\"><table id=\"obligation\"><caption class=\"vh\">" +
             esc(t("quick.obligation")) + "</caption>";
        auto row = [&](const std::string& key, const std::string& id, const std::string& value) {
          b += "<tr><th scope=\"row\">" + esc(t(key)) + "</th><td class=\"n\" id=\"" + id + "\"><a class=\"num\" href=\"#tr-line\">" +
               value + "</a></td></tr>";
        };
        row("money.embedded", "r-line-embedded", t.number(u::in_tco2e(l.embedded), 1) + " tCO2e");
        row("money.cbam_factor", "r-cbam-factor", t.percent_trimmed(l.cbam_factor, 4));
        row("money.cscf", "r-cscf", t.trimmed(l.cscf, 6));
        row("money.sefa", "r-sefa", t.trimmed(l.sefa, 6) + " tCO2e/t");
        row("money.faa", "r-faa", l.faa ? t.number(u::in_tco2e(*l.faa), 1) + " tCO2e" : esc(t("money.faa_unknown")));
        row("money.certificates", "r-certificates", "<span class=\"big\">" + t.number(u::in_tco2e(l.certificates), 1) + "</span>");
        row("money.price", "r-price", t.number(units::in_eur_per_tco2e(l.price), 2) + " EUR/tCO2e");
        row("money.cost", "r-cost", "<span class=\"big\">" + t.number(units::in_eur(l.cost), 0) + "</span> EUR");
        b += "</table></div>";
        std::string flags;
        for (const auto& f : calc::flag_names(l.flags)) flags += "<span class=\"flag single\">" + esc(t("flag." + f)) + "</span> ";
        if (!flags.empty()) b += "<p id=\"r-flags\">" + flags + "</p>";
        if (!l.gap.empty()) b += "<p class=\"note\">" + en_text(t, l.gap) + "</p>";
        b += "<p><small>" + esc(t.format("money.scenario", {result->scenario})) + "</small></p>";
        b += render_trace(t, "tr-line", t("money.trace"), l.trace, nullptr);
      } else if (result->price_missing) {
        b += "<div class=\"pending\" id=\"r-price-missing\">" + esc(t.format("money.no_price", {std::to_string(q.year)})) + "</div>";
      }
    }
    b += "</section>";
  }
  return page(t, {esc(t("quick.title")), "quick", path_query}, b);
}

}  // namespace greengate::web
