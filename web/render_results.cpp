// Results of a firm assessment: goods (SEE), processes with their streams, exports, two SVG
// charts drawn here (emissions by source stream and process; actual vs Commission default), the
// factors used with their status, gaps, and the trace of every figure (linked from the number).

#include <algorithm>

#include "greengate/model/cn_code.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/report/quality_output.hpp"
#include "html.hpp"
#include "i18n.hpp"
#include "render.hpp"
#include "server.hpp"

namespace greengate::web {

void trace_html(std::string& out, const Catalogue& t, const report::TraceNode& n,
                const std::map<std::string, report::FactorUse>* factors);

std::string render_trace(const Catalogue& t, const std::string& id, const std::string& title,
                         const report::TraceNode& n, const std::map<std::string, report::FactorUse>* factors) {
  std::string out = "<div class=\"trace\" id=\"" + esc(id) + "\"><strong>" + esc(title) + "</strong><ul>";
  trace_html(out, t, n, factors);
  return out + "</ul></div>";
}

void trace_html(std::string& out, const Catalogue& t, const report::TraceNode& n,
                const std::map<std::string, report::FactorUse>* factors) {
  out += "<li><strong>" + msg_text(t, n.label) + "</strong> = " + t.trimmed(n.value, 6) + " " + en_text(t, n.unit);
  if (!n.pos.file.empty()) out += " <small><code>" + esc(n.pos.str()) + "</code></small>";
  if (!n.formula.empty()) out += "<br><code>" + msg_text(t, n.formula) + "</code>";
  if (!n.inputs.empty() || !n.factor_ids.empty() || !n.notes.empty()) {
    out += "<ul>";
    for (const auto& i : n.inputs) {
      out += "<li>" + msg_text(t, i.name) + " = " + t.trimmed(i.value, 6) + " " + esc(i.unit);
      if (!i.pos.file.empty()) out += " <small><code>" + esc(i.pos.str()) + "</code></small>";
      out += "</li>";
    }
    for (const auto& id : n.factor_ids) {
      if (!factors) continue;
      auto it = factors->find(id);
      if (it == factors->end()) continue;
      const auto& f = it->second;
      out += "<li>" + esc(t("results.factor")) + " <code>" + esc(f.id) + "</code> = " + t.trimmed(f.value, 6) +
             " " + esc(f.unit) + " " + status_flag(t, f.provenance.status) + " <small>" +
             en_text(t, f.provenance.source) + "; " + validity_text(t, f.provenance) + "; <code>" +
             esc(f.provenance.pos.str()) + "</code></small></li>";
    }
    for (const auto& s : n.notes) out += "<li><em>" + msg_text(t, s) + "</em></li>";
    out += "</ul>";
  }
  if (!n.children.empty()) {
    out += "<ul>";
    for (const auto& c : n.children) trace_html(out, t, c, factors);
    out += "</ul>";
  }
  out += "</li>";
}


namespace {

/// The Monte Carlo 95 % range of a good's SEE (calc::emissions_uncertainty), or why there is none.
std::string see_range(const Catalogue& t, const calc::UncertaintyResult* u, const calc::GoodResult& g) {
  const calc::UncertainFigure* f = u ? u->find(calc::figure_key(g)) : nullptr;
  if (!f) return "";
  if (!f->varies)
    return "<span title=\"" + esc(f->unavailable.empty() ? t("results.range_none") : f->unavailable) + "\">–</span>";
  return t.number(f->p025, 3) + " – " + t.number(f->p975, 3);
}
namespace u = greengate::units;

std::string linked(const std::string& anchor, const std::string& text) {
  return "<a class=\"num\" href=\"#" + anchor + "\">" + text + "</a>";
}

std::string trace_block(const Catalogue& t, const std::string& id, const std::string& title,
                        const report::TraceNode& n, const calc::EmissionsReport& rep) {
  return render_trace(t, id, title, n, &rep.factors_used);
}

// ---- SVG charts: geometry only; every length is an engine figure scaled to the drawing ------

const char* kPalette[] = {"#1f6f43", "#4f9d69", "#8cc084", "#c5d86d", "#e0b400", "#d47500",
                          "#a3261b", "#6a4c93", "#1982c4", "#5aa9e6"};

std::string svg_text(double x, double y, const std::string& text, const char* anchor = "start") {
  return "<text x=\"" + text::format_fixed(x, 1) + "\" y=\"" + text::format_fixed(y, 1) +
         "\" text-anchor=\"" + anchor + "\">" + esc(text) + "</text>";
}

std::string rect(double x, double y, double w, double h, const char* fill, const std::string& title) {
  return "<rect x=\"" + text::format_fixed(x, 1) + "\" y=\"" + text::format_fixed(y, 1) + "\" width=\"" +
         text::format_fixed(std::max(w, 0.0), 1) + "\" height=\"" + text::format_fixed(h, 1) +
         "\" fill=\"" + fill + "\"><title>" + esc(title) + "</title></rect>";
}

std::string chart_by_stream(const Catalogue& t, const calc::EmissionsReport& rep) {
  // One stacked bar per process: its source streams, then indirect (electricity).
  const double left = 170, width = 460, bar = 18, gap = 14;
  double max_total = 0;
  for (const auto& p : rep.processes) {
    double sum = u::in_tco2e(p.indirect);
    for (const auto& s : p.streams) sum += std::max(0.0, u::in_tco2e(s.emissions));
    max_total = std::max(max_total, sum);
  }
  if (max_total <= 0) return "<p class=\"muted\">" + esc(t("chart.no_data")) + "</p>";
  double h = 30 + static_cast<double>(rep.processes.size()) * (bar + gap) + 20;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" id=\"chart-streams\" width=\"860\" height=\"" +
                    text::format_fixed(h, 0) + "\" viewBox=\"0 0 860 " + text::format_fixed(h, 0) + "\">";
  svg += "<title>" + esc(t("chart.streams")) + "</title>";
  double y = 24;
  std::size_t colour = 0;
  for (const auto& p : rep.processes) {
    svg += svg_text(left - 6, y + 13, p.installation + "/" + p.process, "end");
    double x = left;
    for (const auto& s : p.streams) {
      double v = std::max(0.0, u::in_tco2e(s.emissions));
      double w = v / max_total * width;
      svg += rect(x, y, w, bar, kPalette[colour++ % 10], s.id + " (" + s.method + "): " + t.number(v, 1) + " tCO2e");
      x += w;
    }
    double ind = u::in_tco2e(p.indirect);
    if (ind > 0) {
      double w = ind / max_total * width;
      svg += rect(x, y, w, bar, "#9aa7b0", t("chart.indirect") + ": " + t.number(ind, 1) + " tCO2e");
      x += w;
    }
    svg += svg_text(x + 4, y + 13, t.number(u::in_tco2e(p.direct), 0) + " + " + t.number(ind, 0) + " tCO2e");
    y += bar + gap;
  }
  svg += svg_text(left, h - 6, t("chart.streams_legend"));
  return svg + "</svg>";
}

std::string chart_actual_vs_default(const Catalogue& t, const AppContext& app, const ResultsView& v) {
  const auto& rep = *v.report;
  struct Pair { std::string label; double actual, def; };
  std::vector<Pair> pairs;
  for (const auto& g : rep.goods) {
    if (g.process.empty() || !g.in_scope || !v.firm) continue;
    const auto* inst = v.firm->find_installation(g.installation);
    if (!inst) continue;
    auto d = calc::default_with_markup(app.data, g.cn, inst->country, rep.year);
    if (!d.found()) continue;
    pairs.push_back({model::format_cn(g.cn), u::in_tco2e_per_tonne(g.see_counted),
                     u::in_tco2e_per_tonne(d.marked_up_total)});
  }
  if (pairs.empty()) return "<p class=\"muted\">" + esc(t("chart.no_data")) + "</p>";
  double max_v = 0;
  for (const auto& p : pairs) max_v = std::max({max_v, p.actual, p.def});
  if (max_v <= 0) max_v = 1;
  const double left = 110, width = 480, bar = 12;
  double h = 40 + static_cast<double>(pairs.size()) * (2 * bar + 16) + 10;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" id=\"chart-defaults\" width=\"860\" height=\"" +
                    text::format_fixed(h, 0) + "\" viewBox=\"0 0 860 " + text::format_fixed(h, 0) + "\">";
  svg += "<title>" + esc(t("chart.defaults")) + "</title>";
  svg += rect(left, 6, 10, 10, "#1f6f43", "") + svg_text(left + 14, 15, t("chart.actual"));
  svg += rect(left + 160, 6, 10, 10, "#d47500", "") + svg_text(left + 174, 15, t("chart.default"));
  double y = 30;
  for (const auto& p : pairs) {
    svg += svg_text(left - 6, y + bar + 3, p.label, "end");
    svg += rect(left, y, p.actual / max_v * width, bar, "#1f6f43", t("chart.actual") + ": " + t.number(p.actual, 3));
    svg += svg_text(left + p.actual / max_v * width + 4, y + 10, t.number(p.actual, 3));
    svg += rect(left, y + bar, p.def / max_v * width, bar, "#d47500", t("chart.default") + ": " + t.number(p.def, 3));
    svg += svg_text(left + p.def / max_v * width + 4, y + bar + 10, t.number(p.def, 3));
    y += 2 * bar + 16;
  }
  return svg + "</svg>";
}

std::string obligation_html(const Catalogue& t, const calc::ObligationReport& o, const calc::UncertaintyResult* unc) {
  std::string b = "<h2>" + esc(t.format("money.obligation_title", {std::to_string(o.year)})) + "</h2>";
  if (o.lines.empty()) return b + "<p>" + esc(t("money.no_exports")) + "</p>";
  b += "<table id=\"obligation\"><tr><th>CN</th><th>" + esc(t("money.buyer")) + "</th><th>" + esc(t("form.col.quantity")) +
       " (t)</th><th>SEE</th><th>" + esc(t("money.embedded")) + "</th><th>" + esc(t("money.faa")) + "</th><th>Art. 9</th><th>" +
       esc(t("money.certificates")) + "</th><th>" + esc(t("money.price")) + "</th><th>" + esc(t("money.cost")) + " EUR</th><th>" +
       esc(t("batch.exempt")) + "</th></tr>";
  for (std::size_t i = 0; i < o.lines.size(); ++i) {
    const auto& x = o.lines[i];
    const auto& l = x.line;
    std::string a = "tr-o" + std::to_string(i);
    b += "<tr><td>" + esc(model::format_cn(x.emissions.cn)) + "</td><td>" + esc(x.buyer) + "</td><td class=\"n\">" +
         t.number(u::in_tonnes(x.emissions.quantity), 0) + "</td><td class=\"n\">" + linked(a, t.number(l.see, 3)) +
         "</td><td class=\"n\">" + linked(a, t.number(u::in_tco2e(l.embedded), 1)) + "</td><td class=\"n\">" +
         (l.faa ? linked(a, t.number(u::in_tco2e(*l.faa), 1)) : esc(t("money.unknown"))) + "</td><td class=\"n\">" +
         linked(a, t.number(u::in_tco2e(l.art9), 1)) + "</td><td class=\"n\" id=\"cert-" + std::to_string(i) + "\">" +
         linked(a, t.number(u::in_tco2e(l.certificates), 1)) + "</td><td class=\"n\">" +
         t.number(units::in_eur_per_tco2e(l.price), 2) + "</td><td class=\"n\" id=\"cost-" + std::to_string(i) + "\">" +
         linked(a, t.number(units::in_eur(l.cost), 0)) + "</td><td>" + esc(x.exempt ? t("common.yes") : t("common.no")) +
         "</td></tr>";
  }
  b += "<tr><th colspan=\"4\">" + esc(t("money.total")) + "</th><td class=\"n\">" + t.number(u::in_tco2e(o.total_embedded), 1) +
       "</td><td class=\"n\">" + t.number(u::in_tco2e(o.total_faa), 1) + (o.faa_incomplete ? " *" : "") +
       "</td><td class=\"n\">" + t.number(u::in_tco2e(o.total_art9), 1) + "</td><td class=\"n\" id=\"cert-total\">" +
       t.number(u::in_tco2e(o.total_certificates), 1) + "</td><td></td><td class=\"n\" id=\"cost-total\">" +
       t.number(units::in_eur(o.total_cost), 0) + "</td><td></td></tr></table>";
  b += "<small>" + esc(t.format("money.scenario", {o.scenario})) + "</small>";
  // the 95 % range of the totals (calc::obligation_uncertainty, 10 000 samples, seed 1)
  const calc::UncertainFigure* cf = unc ? unc->find("certificates") : nullptr;
  const calc::UncertainFigure* kf = unc ? unc->find("cost") : nullptr;
  if (cf && kf && cf->varies && kf->varies && cf->unavailable.empty() && kf->unavailable.empty())
    b += "<p class=\"range\" id=\"obligation-range\">" +
         esc(t.format("money.range", {t.number(cf->p025, 1), t.number(cf->p975, 1), t.number(kf->p025, 0), t.number(kf->p975, 0)})) +
         "</p>";
  for (std::size_t i = 0; i < o.lines.size(); ++i)
    b += render_trace(t, "tr-o" + std::to_string(i),
                      t("money.trace") + " — " + model::format_cn(o.lines[i].emissions.cn) + " " + o.lines[i].buyer,
                      o.lines[i].line.trace, &o.emissions.factors_used);
  return b;
}

std::string exposure_chart(const Catalogue& t, const calc::ExposureGood& g, const std::string& scenario, std::size_t index) {
  std::vector<const calc::ExposureCell*> cells;
  double max_v = 0;
  for (const auto& c : g.cells) {
    if (c.scenario != scenario) continue;
    cells.push_back(&c);
    max_v = std::max({max_v, units::in_eur(c.defaults.cost), c.has_actual ? units::in_eur(c.actual.cost) : 0.0});
  }
  if (cells.empty() || max_v <= 0) return {};
  const double left = 50, height = 160, bw = 14;
  double w = left + static_cast<double>(cells.size()) * (2 * bw + 14) + 20;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" id=\"chart-exposure-" + std::to_string(index) +
                    "\" width=\"" + text::format_fixed(w, 0) + "\" height=\"" + text::format_fixed(height + 60, 0) +
                    "\" viewBox=\"0 0 " + text::format_fixed(w, 0) + " " + text::format_fixed(height + 60, 0) + "\">";
  svg += "<title>" + esc(t("chart.exposure")) + "</title>";
  svg += rect(left, 4, 10, 10, "#1f6f43", "") + svg_text(left + 14, 13, t("chart.actual"));
  svg += rect(left + 120, 4, 10, 10, "#d47500", "") + svg_text(left + 134, 13, t("chart.default"));
  double x = left;
  for (const auto* c : cells) {
    double def = units::in_eur(c->defaults.cost);
    double act = c->has_actual ? units::in_eur(c->actual.cost) : 0.0;
    double hd = def / max_v * height, ha = act / max_v * height;
    if (c->has_actual) svg += rect(x, 30 + height - ha, bw, ha, "#1f6f43", std::to_string(c->year) + " " + t("chart.actual") + ": " + t.number(act, 0) + " EUR");
    svg += rect(x + bw, 30 + height - hd, bw, hd, "#d47500", std::to_string(c->year) + " " + t("chart.default") + ": " + t.number(def, 0) + " EUR");
    svg += svg_text(x + bw, 30 + height + 14, std::to_string(c->year), "middle");
    x += 2 * bw + 14;
  }
  svg += svg_text(4, 30 + 10, t.number(max_v, 0) + " EUR");
  return svg + "</svg>";
}

// The engine's totals over all goods (calc::ExposureTotal), per scenario: what the goods add up
// to, with the goods a default sum leaves out named and upper bounds marked.
std::string exposure_totals_html(const Catalogue& t, const calc::ExposureReport& e) {
  if (e.totals.empty()) return {};
  std::string b = "<section id=\"exposure-totals\"><h3>" + esc(t("money.totals_title")) + "</h3>";
  const std::string upper = " <span class=\"flag unverified\" title=\"" + esc(t("money.upper_bound")) + "\">≤</span>";
  for (const auto& scenario : e.scenarios) {
    b += "<table class=\"exposure-total\" data-scenario=\"" + esc(scenario) + "\"><caption>" +
         esc(t.format("money.totals_scenario", {scenario})) + "</caption><tr><th scope=\"col\">" +
         esc(t("form.col.year")) + "</th><th scope=\"col\">" + esc(t("money.cert_actual")) +
         "</th><th scope=\"col\">" + esc(t("money.cert_default")) + "</th><th scope=\"col\">" +
         esc(t("money.cost_actual")) + "</th><th scope=\"col\">" + esc(t("money.cost_default")) +
         "</th><th scope=\"col\">" + esc(t("money.saving")) + "</th></tr>";
    std::vector<std::string> left_out;
    for (const auto& x : e.totals) {
      if (x.scenario != scenario) continue;
      const std::string ua = x.actual_upper_bound ? upper : "", ud = x.default_upper_bound ? upper : "";
      b += "<tr><th scope=\"row\">" + std::to_string(x.year) + "</th><td class=\"n\">" +
           t.number(u::in_tco2e(x.certificates_actual), 1) + ua + "</td><td class=\"n\">" +
           t.number(u::in_tco2e(x.certificates_default), 1) + ud + "</td><td class=\"n\">" +
           t.number(units::in_eur(x.cost_actual), 0) + ua + "</td><td class=\"n\">" +
           t.number(units::in_eur(x.cost_default), 0) + ud + "</td><td class=\"n\">" +
           t.number(units::in_eur(x.saving()), 0) + "</td></tr>";
      for (const auto& g : x.left_out)
        if (std::find(left_out.begin(), left_out.end(), g) == left_out.end()) left_out.push_back(g);
    }
    b += "</table>";
    if (!left_out.empty()) {
      std::string names;
      for (const auto& g : left_out) names += (names.empty() ? "" : "; ") + g;
      b += "<p class=\"warn\">" + esc(t.format("money.left_out", {names})) + "</p>";
    }
  }
  return b + "</section>";
}

std::string exposure_html(const Catalogue& t, const calc::ExposureReport& e) {
  std::string b = "<h2>" + esc(t("money.exposure_title")) + "</h2>";
  b += exposure_totals_html(t, e);
  // The certificate price of each year under each scenario (as the engine used it).
  if (!e.goods.empty()) {
    b += "<table id=\"scenario-prices\"><tr><th>" + esc(t("form.col.year")) + "</th>";
    for (const auto& s : e.scenarios) b += "<th>" + esc(s) + " (EUR/tCO2e)</th>";
    b += "</tr>";
    for (int y : e.years) {
      b += "<tr><td>" + std::to_string(y) + "</td>";
      for (const auto& s : e.scenarios) {
        std::string cell;
        for (const auto& c : e.goods.front().cells)
          if (c.year == y && c.scenario == s) cell = t.number(units::in_eur_per_tco2e(c.defaults.price), 2);
        b += "<td class=\"n\" id=\"price-" + esc(s) + "-" + std::to_string(y) + "\">" + cell + "</td>";
      }
      b += "</tr>";
    }
    b += "</table>";
  }
  std::size_t index = 0;
  for (const auto& g : e.goods) {
    for (const auto& scenario : e.scenarios) {
      b += "<h3>CN " + esc(model::format_cn(g.cn)) + " · " + esc(g.installation) + " · " + esc(scenario) + "</h3>";
      b += "<table class=\"exposure\" data-scenario=\"" + esc(scenario) + "\"><tr><th>" + esc(t("form.col.year")) + "</th><th>" + esc(t("form.col.quantity")) +
           " (t)</th><th>" + esc(t("money.cert_actual")) + "</th><th>" + esc(t("money.cert_default")) + "</th><th>" +
           esc(t("money.cost_actual")) + "</th><th>" + esc(t("money.cost_default")) + "</th><th>" + esc(t("money.saving")) +
           "</th></tr>";
      for (const auto& c : g.cells) {
        if (c.scenario != scenario) continue;
        b += "<tr><td>" + std::to_string(c.year) + (c.projected ? " *" : "") + "</td><td class=\"n\">" +
             t.number(u::in_tonnes(c.quantity), 0) + "</td><td class=\"n\">" +
             (c.has_actual ? t.number(u::in_tco2e(c.actual.certificates), 1) : "—") + "</td><td class=\"n\">" +
             t.number(u::in_tco2e(c.defaults.certificates), 1) + "</td><td class=\"n\">" +
             (c.has_actual ? t.number(units::in_eur(c.actual.cost), 0) : "—") + "</td><td class=\"n\">" +
             t.number(units::in_eur(c.defaults.cost), 0) + "</td><td class=\"n\">" + t.number(units::in_eur(c.saving()), 0) +
             "</td></tr>";
      }
      b += "</table>" + exposure_chart(t, g, scenario, index++);
    }
  }
  b += "<small>" + esc(t("money.projected")) + "</small>";
  return b;
}

std::string method_label(const Catalogue& t, calc::DataMethod m) {
  return esc(t("method." + std::string(calc::data_method_name(m))));
}

}  // namespace


// ---- plausibility warnings and data quality (calc/plausibility.hpp, calc/data_quality.hpp) ----

std::string plausibility_html(const Catalogue& t, const calc::PlausibilityReport& p) {
  if (p.warnings.empty()) return {};
  std::string b = "<section id=\"plausibility\" role=\"alert\"><h2>" + esc(t("plaus.title")) + "</h2><ul>";
  for (const auto& w : p.warnings) {
    auto args = report::arg_texts(w.args, t.convention());
    b += "<li class=\"warn\" data-code=\"" + esc(w.code) + "\">" + esc(t.format("plaus." + w.code, args));
    if (!w.pos.str().empty()) b += " <small>[" + esc(w.pos.str()) + "]</small>";
    b += "<br><small>" + esc(t("plaus.look_at")) + ": " + esc(t("plaus." + w.code + ".look")) + "</small></li>";
  }
  return b + "</ul></section>";
}

std::string quality_html(const Catalogue& t, const calc::QualityReport& q) {
  std::string b = "<section id=\"quality\"><h2>" + esc(t("dq.title")) + "</h2>";
  b += "<p><strong id=\"quality-grade\" class=\"grade grade-" + esc(q.firm.grade) + "\">" +
       esc(t.format("dq.grade", {q.firm.grade, t.trimmed(q.firm.score, 1)})) + "</strong>";
  std::string reasons;
  for (const auto& r : q.firm.reasons) {
    std::string v = (r.code == "gaps" || r.code == "warnings") ? t.number(r.share, 0) : t.percent_trimmed(r.share, 1);
    reasons += (reasons.empty() ? "" : " · ") + esc(t.format("dq.reason." + r.code, {v})) + " (−" + t.trimmed(r.points, 1) + ")";
  }
  if (!reasons.empty()) b += " — " + reasons;
  b += "</p>";
  if (!q.savings.empty()) {
    // The first scenario's nearest years, as the exposure table shows them in full.
    const auto& s = q.savings.front();
    b += "<p id=\"quality-saving\">" + esc(t.format("dq.saving", {std::to_string(s.year), s.scenario,
                                                                   t.number(units::in_eur(s.saving), 0) + " EUR"})) + "</p>";
  }
  if (!q.actions.empty()) {
    b += "<h3>" + esc(t("dq.actions")) + "</h3><ol id=\"quality-actions\">";
    for (std::size_t i = 0; i < q.actions.size() && i < 3; ++i) {
      const auto& a = q.actions[i];
      auto args = report::arg_texts(a.args, t.convention());
      b += "<li data-code=\"" + esc(a.code) + "\">" + esc(t.format("dq.action." + a.code, args)) + " <small>" +
           esc(t.format("dq.points", {t.trimmed(a.points, 1)})) + "</small></li>";
    }
    b += "</ol>";
  }
  b += "<p><small>" + esc(t("dq.method")) + "</small></p></section>";
  return b;
}

std::string render_results(const Catalogue& t, const AppContext& app, const ResultsView& v,
                           const std::string& path_query) {
  const auto& rep = *v.report;
  std::string b;
  b += "<h1>" + esc(t("results.title")) + "</h1>";
  b += "<p><strong id=\"firm-name\">" + esc(rep.firm_name) + "</strong> <small>[" + esc(rep.firm_id) + "]</small> · " +
       esc(t.format("results.year", {std::to_string(rep.year)})) + "</p>";
  if (rep.fictitious) b += "<p class=\"note\">" + esc(t("results.fictitious")) + "</p>";

  std::string download_hidden;  // the download forms' hidden fields (none in the standalone HTML)
  if (!v.standalone) {
    std::string hidden = csrf_field(v.csrf) + "<input type=\"hidden\" name=\"year\" value=\"" +
                         std::to_string(rep.year) + "\"><input type=\"hidden\" name=\"price\" value=\"" +
                         esc(v.price) + "\">";
    if (v.saved_id.empty()) hidden += "<input type=\"hidden\" name=\"xml\" value=\"" + esc(v.xml) + "\">";
    std::string prices_hidden;
    if (!v.prices_csv.empty())
      prices_hidden = "<input type=\"hidden\" name=\"prices_csv\" value=\"" + esc(v.prices_csv) +
                      "\"><input type=\"hidden\" name=\"prices_name\" value=\"" + esc(v.prices_name) + "\">";
    download_hidden = hidden + prices_hidden;
    b += "<fieldset id=\"actions\"><div class=\"row\">";
    if (v.saved_id.empty()) {
      b += "<form method=\"post\" action=\"/save\" id=\"save-form\">" + hidden +
           "<input name=\"name\" maxlength=\"200\" size=\"24\" value=\"" + esc(v.saved_name.empty() ? rep.firm_name : v.saved_name) +
           "\" aria-label=\"" + esc(t("firm.name")) + "\"> <button type=\"submit\" id=\"save-submit\">" +
           esc(t("results.save")) + "</button></form>";
      b += "<form method=\"post\" action=\"/firm/edit\">" + hidden + "<button type=\"submit\" class=\"sec\">" +
           esc(t("results.edit")) + "</button></form>";
      // The template goes through its page (fmt=template): what it could not hold, then the file.
      for (const char* fmt : {"xml", "json", "csv", "html", "template"})
        b += "<form method=\"post\" action=\"/download\">" + hidden + prices_hidden + "<input type=\"hidden\" name=\"fmt\" value=\"" + fmt +
             "\">" + (fmt == std::string_view("csv") ? csv_dialect_select(t, "f-csv-dialect", csv_dialect("", t.code())) : "") +
             "<button type=\"submit\" class=\"sec\" id=\"dl-" + fmt + "\">" + esc(t(std::string("download.") + fmt)) +
             "</button></form>";
      // the signed report (docs/report.md), PDF and HTML, in Turkish and English
      for (const char* fmt : {"report-pdf", "report-html"})
        for (const char* rl : {"tr", "en"})
          b += "<form method=\"post\" action=\"/download\">" + hidden + prices_hidden +
               "<input type=\"hidden\" name=\"fmt\" value=\"" + fmt + "\"><input type=\"hidden\" name=\"rlang\" value=\"" +
               rl + "\"><button type=\"submit\" class=\"sec\" id=\"dl-" + fmt + "-" + rl + "\">" +
               esc(t.format(std::string("download.") + fmt, {rl[0] == 't' ? "TR" : "EN"})) + "</button></form>";
    } else {
      b += "<span>" + esc(t("results.saved_as")) + " <strong>" + esc(v.saved_name) + "</strong></span>";
      b += "<a href=\"/saved/" + esc(v.saved_id) + "/edit\">" + esc(t("results.edit")) + "</a>";
      for (const char* fmt : {"xml", "json", "csv", "html", "template"})
        b += "<a id=\"dl-" + std::string(fmt) + "\" href=\"/saved/" + esc(v.saved_id) + "/download?fmt=" + fmt + "\">" +
             esc(t(std::string("download.") + fmt)) + "</a>";
      {  // the CSV in the other dialect (the link above gives the page language's)
        auto other = csv_dialect("", t.code()) == CsvDialect::excel_tr ? CsvDialect::rfc4180 : CsvDialect::excel_tr;
        b += "<a id=\"dl-csv-" + std::string(csv_dialect_name(other)) + "\" href=\"/saved/" + esc(v.saved_id) +
             "/download?fmt=csv&amp;csv_dialect=" + csv_dialect_name(other) + "\">" + esc(t("download.csv")) + " (" +
             esc(t(std::string("csv.dialect.") + csv_dialect_name(other))) + ")</a>";
      }
      for (const char* fmt : {"report-pdf", "report-html"})
        for (const char* rl : {"tr", "en"})
          b += "<a id=\"dl-" + std::string(fmt) + "-" + rl + "\" href=\"/saved/" + esc(v.saved_id) + "/download?fmt=" + fmt +
               "&amp;rlang=" + rl + "\">" + esc(t.format(std::string("download.") + fmt, {rl[0] == 't' ? "TR" : "EN"})) + "</a>";
    }
    b += "</div></fieldset>";
    // Price scenarios: recompute the money part under an uploaded `period,low,central,high` file.
    b += "<form method=\"post\" action=\"/firm/prices\" enctype=\"multipart/form-data\" id=\"prices-form\"><fieldset><legend>" +
         esc(t("prices.title")) + "</legend>" + csrf_field(v.csrf) + "<input type=\"hidden\" name=\"year\" value=\"" +
         std::to_string(rep.year) + "\"><input type=\"hidden\" name=\"price\" value=\"" + esc(v.price) +
         "\"><input type=\"hidden\" name=\"xml\" value=\"" + esc(v.xml) + "\"><input type=\"hidden\" name=\"name\" value=\"" +
         esc(v.saved_name) + "\"><div class=\"row\"><div><label for=\"f-prices\">" + esc(t("prices.file")) +
         "</label><input type=\"file\" name=\"prices\" id=\"f-prices\" accept=\".csv,text/csv\"></div><div><button type=\"submit\" id=\"prices-submit\">" +
         esc(t("prices.submit")) + "</button></div></div><small>" + esc(t("prices.hint")) + "</small></fieldset></form>";
  }
  if (!v.prices_name.empty())
    b += "<p class=\"note\" id=\"prices-used\">" + esc(t.format("prices.used", {v.prices_name})) + "</p>";

  if (v.plausibility) b += plausibility_html(t, *v.plausibility);
  if (v.quality) b += quality_html(t, *v.quality);

  // Goods
  b += "<h2>" + esc(t("results.goods")) + "</h2><table id=\"goods\"><tr><th>CN</th><th>" + esc(t("results.installation")) +
       "</th><th>" + esc(t("results.process")) + "</th><th>" + esc(t("quick.sector")) + "</th><th>" +
       esc(t("quick.annex_ii")) + "</th><th>" + esc(t("results.produced")) + "</th><th>" + esc(t("results.see_direct")) +
       "</th><th>" + esc(t("results.see_indirect")) + "</th><th>" + esc(t("results.see")) + "</th><th>" +
       esc(t("results.range")) + "</th><th>" + esc(t("results.method")) + "</th></tr>";
  for (std::size_t i = 0; i < rep.goods.size(); ++i) {
    const auto& g = rep.goods[i];
    std::string a = "tr-g" + std::to_string(i);
    b += "<tr><td>" + esc(model::format_cn(g.cn)) + "</td><td>" + esc(g.installation) + "</td><td>" +
         esc(g.process.empty() ? t("results.on_defaults") : g.process) + "</td><td>" +
         esc(g.in_scope ? t("sector." + g.sector) : t("results.not_cbam")) + "</td><td>" +
         esc(g.in_scope ? (g.direct_only ? t("common.yes") : t("common.no")) : "") + "</td>";
    b += "<td class=\"n\">" + t.number(u::in_tonnes(g.produced), 0) + "</td>";
    b += "<td class=\"n\">" + linked(a, t.number(u::in_tco2e_per_tonne(g.see_direct), 3)) + "</td>";
    b += "<td class=\"n\">" + linked(a, t.number(u::in_tco2e_per_tonne(g.see_indirect_counted), 3)) + "</td>";
    b += "<td class=\"n\" id=\"see-" + std::to_string(i) + "\">" +
         linked(a, t.number(u::in_tco2e_per_tonne(g.see_counted), 3)) +
         (g.complete ? "" : " <span class=\"flag unverified\">" + esc(t("results.incomplete")) + "</span>") + "</td>";
    b += "<td class=\"n range\" id=\"see-range-" + std::to_string(i) + "\">" + see_range(t, v.uncertainty, g) + "</td>";
    b += "<td>" + method_label(t, g.method) + "</td></tr>";
  }
  b += "</table><small>" + esc(t("results.see_unit")) + " " + esc(t("results.range_note")) + "</small>";

  // Processes
  b += "<h2>" + esc(t("results.processes")) + "</h2><table id=\"processes\"><tr><th>" + esc(t("results.process")) +
       "</th><th>" + esc(t("form.col.category")) + "</th><th>" + esc(t("results.activity")) + "</th><th>" +
       esc(t("results.direct")) + "</th><th>" + esc(t("results.indirect")) + "</th><th>" + esc(t("results.see")) +
       "</th><th>" + esc(t("results.method")) + "</th></tr>";
  for (std::size_t i = 0; i < rep.processes.size(); ++i) {
    const auto& p = rep.processes[i];
    std::string a = "tr-p" + std::to_string(i);
    b += "<tr><td>" + esc(p.installation + "/" + p.process) + "</td><td>" + esc(p.category) + "</td>";
    b += "<td class=\"n\">" + t.number(u::in_tonnes(p.activity), 0) + "</td>";
    b += "<td class=\"n\">" + linked(a, t.number(u::in_tco2e(p.direct), 1)) + "</td>";
    b += "<td class=\"n\">" + linked(a, t.number(u::in_tco2e(p.indirect), 1)) + "</td>";
    b += "<td class=\"n\">" + linked(a, t.number(u::in_tco2e_per_tonne(p.see_counted()), 3)) + "</td>";
    b += "<td>" + method_label(t, p.method) + "</td></tr>";
    for (std::size_t j = 0; j < p.streams.size(); ++j) {
      const auto& s = p.streams[j];
      b += "<tr><td>&nbsp;&nbsp;↳ " + esc(s.id) + " <small>(" + esc(s.method) + ")</small></td><td></td><td></td>" +
           "<td class=\"n\">" + linked(a + "-s" + std::to_string(j), t.number(u::in_tco2e(s.emissions), 1)) +
           "</td><td></td><td></td><td></td></tr>";
    }
  }
  b += "</table><small>" + esc(t("results.process_unit")) + "</small>";

  // Exports
  if (!rep.exports.empty()) {
    b += "<h2>" + esc(t("results.exports")) + "</h2><table id=\"exports\"><tr><th>" + esc(t("form.col.year")) +
         "</th><th>CN</th><th>" + esc(t("form.col.destination")) + "</th><th>" + esc(t("form.col.quantity")) +
         " (t)</th><th>" + esc(t("results.see")) + "</th><th>" + esc(t("results.embedded")) + "</th><th>" +
         esc(t("results.method")) + "</th></tr>";
    for (std::size_t i = 0; i < rep.exports.size(); ++i) {
      const auto& x = rep.exports[i];
      std::string a = "tr-x" + std::to_string(i);
      b += "<tr><td>" + std::to_string(x.year) + "</td><td>" + esc(model::format_cn(x.cn)) + "</td><td>" +
           esc(x.destination) + "</td><td class=\"n\">" + t.number(u::in_tonnes(x.quantity), 0) + "</td>";
      b += "<td class=\"n\">" + linked(a, t.number(u::in_tco2e_per_tonne(x.see_counted), 3)) + "</td>";
      b += "<td class=\"n\" id=\"embedded-" + std::to_string(i) + "\">" + linked(a, t.number(u::in_tco2e(x.embedded), 1)) +
           (x.complete ? "" : " <span class=\"flag unverified\">" + esc(t("results.incomplete")) + "</span>") + "</td>";
      b += "<td>" + method_label(t, x.method) + "</td></tr>";
    }
    b += "</table>";
  }
  if (v.obligation) b += obligation_html(t, *v.obligation, v.obligation_uncertainty);
  if (v.exposure) b += exposure_html(t, *v.exposure);
  if (!v.money_note.empty()) b += "<div class=\"pending\" id=\"money-note\">" + esc(v.money_note) + "</div>";
  if (v.footprint) b += footprint_html(t, *v.footprint, download_hidden, v.standalone ? "" : v.saved_id);

  b += "<h2>" + esc(t("chart.streams")) + "</h2>" + chart_by_stream(t, rep);
  b += "<h2>" + esc(t("chart.defaults")) + "</h2>" + chart_actual_vs_default(t, app, v);

  // Factors and data status
  b += "<h2>" + esc(t("results.factors")) + "</h2><table id=\"factors\"><tr><th>id</th><th>" + esc(t("results.value")) +
       "</th><th>" + esc(t("results.unit")) + "</th><th>" + esc(t("results.status")) + "</th><th>" +
       esc(t("quick.valid")) + "</th><th>" + esc(t("quick.source")) + "</th></tr>";
  for (const auto& [key, f] : rep.factors_used)
    b += "<tr><td><code>" + esc(key) + "</code></td><td class=\"n\">" + t.trimmed(f.value, 6) + "</td><td>" +
         esc(f.unit) + "</td><td>" + status_flag(t, f.provenance.status) + "</td><td>" + validity_text(t, f.provenance) +
         "</td><td>" + en_text(t, f.provenance.source) + "</td></tr>";
  b += "</table>";
  auto unv = rep.unverified();
  if (!unv.empty())
    b += "<p class=\"note\" id=\"unverified\">" + esc(t.format("results.unverified", {std::to_string(unv.size())})) + "</p>";
  if (!rep.gaps.empty()) {
    b += "<div class=\"errors\" id=\"gaps\"><strong>" + esc(t("results.gaps")) + "</strong><ul>";
    for (const auto& g : rep.gaps)
      b += "<li><code>" + esc(g.pos.str()) + "</code> " + esc(g.where) + ": " + msg_text(t, g.message) + "</li>";
    b += "</ul></div>";
  }
  b += "<p><small>" + esc(t("results.data")) + ": ";
  for (std::size_t i = 0; i < rep.data_versions.size(); ++i) b += (i ? "; " : "") + esc(rep.data_versions[i]);
  b += "</small></p>";

  // Traces: the anchor of every linked number.
  b += "<h2>" + esc(t("results.traces")) + "</h2>";
  for (std::size_t i = 0; i < rep.goods.size(); ++i)
    b += trace_block(t, "tr-g" + std::to_string(i), "CN " + model::format_cn(rep.goods[i].cn), rep.goods[i].trace, rep);
  for (std::size_t i = 0; i < rep.processes.size(); ++i) {
    const auto& p = rep.processes[i];
    b += trace_block(t, "tr-p" + std::to_string(i), p.installation + "/" + p.process, p.trace, rep);
    for (std::size_t j = 0; j < p.streams.size(); ++j)
      b += trace_block(t, "tr-p" + std::to_string(i) + "-s" + std::to_string(j), p.process + "/" + p.streams[j].id,
                       p.streams[j].trace, rep);
  }
  for (std::size_t i = 0; i < rep.exports.size(); ++i)
    b += trace_block(t, "tr-x" + std::to_string(i),
                     t("results.export") + " " + model::format_cn(rep.exports[i].cn) + " " + std::to_string(rep.exports[i].year),
                     rep.exports[i].trace, rep);

  PageFrame frame{esc(t("results.title")) + " — " + esc(rep.firm_name), "firm", path_query, !v.standalone};
  return page(t, frame, b);
}

std::string render_saved_list(const Catalogue& t, const std::vector<store::AssessmentSummary>& rows,
                              const std::string& csrf, const std::string& path_query) {
  std::string b = "<h1>" + esc(t("saved.title")) + "</h1>";
  if (rows.empty()) b += "<p id=\"saved-empty\">" + esc(t("saved.empty")) + "</p>";
  else {
    b += "<table id=\"saved\"><tr><th>" + esc(t("firm.name")) + "</th><th>" + esc(t("firm.year")) + "</th><th>" +
         esc(t("saved.created")) + "</th><th></th></tr>";
    for (const auto& r : rows) {
      std::string base = "/saved/" + esc(r.id);
      b += "<tr><td><a href=\"" + base + "\">" + esc(r.name) + "</a></td><td>" + std::to_string(r.year) +
           "</td><td>" + esc(r.created_at.substr(0, 16)) + "</td><td><div class=\"row\">";
      b += "<form method=\"post\" action=\"" + base + "/duplicate\">" + csrf_field(csrf) +
           "<button type=\"submit\" class=\"sec\">" + esc(t("saved.duplicate")) + "</button></form>";
      b += "<form method=\"post\" action=\"" + base + "/delete\">" + csrf_field(csrf) +
           "<button type=\"submit\" class=\"del\">" + esc(t("saved.delete")) + "</button></form>";
      b += "</div></td></tr>";
    }
    b += "</table>";
  }
  return page(t, {esc(t("saved.title")), "saved", path_query}, b);
}

}  // namespace greengate::web
