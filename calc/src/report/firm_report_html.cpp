// The signed report as one self-contained HTML document (report/firm_report.hpp): print CSS for
// A4 with page numbers and a running header (CSS page-margin boxes, which Chromium prints), inline
// SVG charts, fonts of the system (DejaVu on Debian), no script and nothing fetched.

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "greengate/model/cn_code.hpp"
#include "greengate/report/firm_report.hpp"
#include "greengate/report/messages.hpp"
#include "greengate/report/quality_output.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/report/screening_output.hpp"

namespace greengate::report {

using text::format_fixed;
using text::format_grouped;
using text::format_trimmed;

namespace {
namespace u = greengate::units;

const char* kCss = R"(
html{font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif;font-size:9pt;color:#1b1b1b;line-height:1.35}
body{margin:0}
@media screen{body{max-width:62em;margin:2em auto;padding:0 1em}}
h1{font-size:20pt;margin:0 0 .3em}h2{font-size:13pt;border-bottom:1.5px solid #2d6a3e;padding-bottom:2px;margin:0 0 .6em;break-after:avoid}
h3{font-size:10.5pt;margin:1.1em 0 .4em;break-after:avoid}h4{font-size:9.5pt;margin:.8em 0 .3em;break-after:avoid}
section{break-before:page}section.cover{break-before:auto}
table{border-collapse:collapse;width:100%;margin:.3em 0 .8em}thead{display:table-header-group}
tr{break-inside:avoid}th,td{border:1px solid #bbb;padding:2px 4px;text-align:left;vertical-align:top;font-size:8pt}
th{background:#eef3ef;font-weight:600}td.n{text-align:right;white-space:nowrap}td.ref{white-space:nowrap;font-size:7.5pt}
tr.total td{font-weight:600;background:#f6f6f6}tr.how{break-before:avoid}tr.how td{border-top:none}
a{color:#1d4f91;text-decoration:none}
.small{font-size:7.5pt;color:#444}.warn{color:#8a4b00}.mark{color:#b35c00;font-weight:700}
.box{border:1.5px solid #888;padding:.5em .8em;margin:.6em 0;break-inside:avoid}
.na{border:1.5px dashed #b35c00;padding:.5em .8em;margin:.6em 0;color:#6b3a00}
.cover table th{width:30%}.kv th{width:22%}
figure{margin:.4em 0 .9em;break-inside:avoid}figcaption{font-size:7.5pt;color:#444}
.trace{border-left:3px solid #2d6a3e;padding:.2em 0 .2em .6em;margin:.5em 0 .9em}
.trace .child{border-left:2px solid #c8d8cc;padding-left:.5em;margin:.3em 0 .3em .4em}
.trace .lbl{font-weight:600}.loc{font-family:"DejaVu Sans Mono",monospace;font-size:7.5pt}
.sign{margin-top:1.5em;break-inside:avoid}.sign td{height:2.4em}
ul{margin:.2em 0 .5em 1.2em;padding:0}li{margin:.1em 0}
)";

std::string e(std::string_view s) { return html_escape(s); }

/// A CSS string literal: quotes, backslashes and anything outside printable ASCII escaped, so that
/// no firm name can close the string or the style element.
std::string css_string(std::string_view s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\' || c == '<' || c == '>' || c < 0x20) {
      static const char* hex = "0123456789abcdef";
      o += '\\';
      o += hex[c >> 4];
      o += hex[c & 15];
      o += ' ';
    } else {
      o += static_cast<char>(c);
    }
  }
  return o + "\"";
}

struct Ctx {
  const FirmReport& r;
  const Messages& m;
  Lang lang;
  std::string operator()(std::string_view key) const { return e(m(key)); }
  std::string fmt(std::string_view key, std::initializer_list<std::string> args) const {
    return m.format(key, args);  // args escaped by the caller
  }
  /// An engine message in the report's language, escaped.
  std::string say(const text::Message& msg) const { return e(msg.str(m)); }
};

/// "from 01.01.2026" / "2026-01-01..2026-12-31" in the report's language and date convention.
std::string validity(const Ctx& c, const Provenance& p) {
  auto d = text::date_arg(p.valid_from.str());
  if (!p.valid_to) return c.say(text::Message::of("msg.valid.from", {d}));
  return c.say(text::Message::of("msg.valid.range", {d, text::date_arg(p.valid_to->str())}));
}

/// A number cell linked to its appendix entry.
std::string num_cell(const std::string& text, const std::string& trace) {
  if (trace.empty()) return "<td class=\"n\">" + text + "</td>";
  return "<td class=\"n\"><a href=\"#" + trace + "\">" + text + "</a></td>";
}
std::string ref_cell(const std::string& trace) {
  return "<td class=\"ref\"><a href=\"#" + trace + "\">" + trace + "</a></td>";
}

std::string method_word(const Ctx& c, calc::DataMethod m) {
  return c("method." + std::string(calc::data_method_name(m)));
}
/// A source-stream method in the language; a method the catalogue does not name is shown as is.
std::string stream_word(const Ctx& c, const std::string& method) {
  return c.m.has("stream." + method) ? c("stream." + method) : e(method);
}

std::string status_word(const Ctx& c, Status s) {
  switch (s) {
    case Status::verified: return c("s7.verified");
    case Status::single_source: return c("s7.single_source");
    case Status::unverified: return c("s7.unverified");
  }
  return {};
}


/// A Monte Carlo figure as "2.5 % point – 97.5 % point" in the language, or why there is none.
std::string range_text(const Ctx& c, const calc::UncertainFigure* f, int decimals) {
  if (!f) return "–";
  if (!f->unavailable.empty()) return c("unc.no_range");
  if (!f->varies) return c("unc.fixed");
  return c.m.number(f->p025, decimals) + " – " + c.m.number(f->p975, decimals);
}

// ---- charts (inline SVG, deterministic text) ----------------------------------------------------

std::string fx(double v) { return format_fixed(v, 1); }

double nice_step(double max, int ticks) {
  if (max <= 0) return 1;
  double raw = max / ticks, mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double k : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (raw <= k * mag) return k * mag;
  return 10 * mag;
}

struct Series {
  std::string name, color, dash;
  std::vector<std::pair<int, double>> points;  ///< year, value
};

/// Lines over the years (certificate cost per scenario).
std::string line_chart(const Ctx& c, const std::vector<Series>& series, int first, int last) {
  const double W = 640, H = 230, L = 70, R = 120, T = 12, B = 28;
  double max = 0;
  for (const auto& s : series)
    for (const auto& [y, v] : s.points) max = std::max(max, v);
  double step = nice_step(max, 4), top = std::max(step, std::ceil(max / step) * step);
  auto X = [&](int y) { return L + (last == first ? 0 : (W - L - R) * (y - first) / double(last - first)); };
  auto Y = [&](double v) { return T + (H - T - B) * (1 - v / top); };
  std::string o = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fx(W) + "\" height=\"" + fx(H) +
                  "\" viewBox=\"0 0 " + fx(W) + " " + fx(H) + "\" font-family=\"DejaVu Sans,sans-serif\" font-size=\"9\">\n";
  for (double v = 0; v <= top + step / 2; v += step) {
    o += "<line x1=\"" + fx(L) + "\" y1=\"" + fx(Y(v)) + "\" x2=\"" + fx(W - R) + "\" y2=\"" + fx(Y(v)) +
         "\" stroke=\"#ddd\"/><text x=\"" + fx(L - 4) + "\" y=\"" + fx(Y(v) + 3) + "\" text-anchor=\"end\">" +
         c.m.number(v, 0) + "</text>\n";
  }
  for (int y = first; y <= last; ++y)
    o += "<text x=\"" + fx(X(y)) + "\" y=\"" + fx(H - B + 14) + "\" text-anchor=\"middle\">" +
         std::to_string(y) + "</text>\n";
  double ly = T + 8;
  for (const auto& s : series) {
    std::string pts;
    for (const auto& [y, v] : s.points) pts += (pts.empty() ? "" : " ") + fx(X(y)) + "," + fx(Y(v));
    o += "<polyline fill=\"none\" stroke=\"" + s.color + "\" stroke-width=\"2\"" +
         (s.dash.empty() ? "" : " stroke-dasharray=\"" + s.dash + "\"") + " points=\"" + pts + "\"/>\n";
    o += "<line x1=\"" + fx(W - R + 10) + "\" y1=\"" + fx(ly) + "\" x2=\"" + fx(W - R + 30) + "\" y2=\"" + fx(ly) +
         "\" stroke=\"" + s.color + "\" stroke-width=\"2\"" +
         (s.dash.empty() ? "" : " stroke-dasharray=\"" + s.dash + "\"") + "/><text x=\"" + fx(W - R + 34) +
         "\" y=\"" + fx(ly + 3) + "\">" + e(s.name) + "</text>\n";
    ly += 14;
  }
  return o + "</svg>";
}

/// Two bars a year (default values, actual data).
std::string pair_bars(const Ctx& c, const std::vector<std::pair<int, std::pair<double, double>>>& rows) {
  const double W = 640, H = 220, L = 70, R = 10, T = 12, B = 28;
  double max = 0;
  for (const auto& [y, v] : rows) max = std::max({max, v.first, v.second});
  double step = nice_step(max, 4), top = std::max(step, std::ceil(max / step) * step);
  auto Y = [&](double v) { return T + (H - T - B) * (1 - std::max(0.0, v) / top); };
  double slot = rows.empty() ? 1 : (W - L - R) / static_cast<double>(rows.size()), bw = slot * 0.35;
  std::string o = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fx(W) + "\" height=\"" + fx(H) +
                  "\" viewBox=\"0 0 " + fx(W) + " " + fx(H) + "\" font-family=\"DejaVu Sans,sans-serif\" font-size=\"9\">\n";
  for (double v = 0; v <= top + step / 2; v += step)
    o += "<line x1=\"" + fx(L) + "\" y1=\"" + fx(Y(v)) + "\" x2=\"" + fx(W - R) + "\" y2=\"" + fx(Y(v)) +
         "\" stroke=\"#ddd\"/><text x=\"" + fx(L - 4) + "\" y=\"" + fx(Y(v) + 3) + "\" text-anchor=\"end\">" +
         c.m.number(v, 0) + "</text>\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    double x0 = L + slot * static_cast<double>(i) + slot * 0.13;
    const auto& [year, v] = rows[i];
    o += "<rect x=\"" + fx(x0) + "\" y=\"" + fx(Y(v.first)) + "\" width=\"" + fx(bw) + "\" height=\"" +
         fx(Y(0) - Y(v.first)) + "\" fill=\"#9a9a9a\"/>";
    o += "<rect x=\"" + fx(x0 + bw) + "\" y=\"" + fx(Y(v.second)) + "\" width=\"" + fx(bw) + "\" height=\"" +
         fx(Y(0) - Y(v.second)) + "\" fill=\"#2d8a4e\"/>";
    o += "<text x=\"" + fx(x0 + bw) + "\" y=\"" + fx(H - B + 14) + "\" text-anchor=\"middle\">" +
         std::to_string(year) + "</text>\n";
  }
  return o + "</svg>";
}

/// Horizontal bars (emissions by source stream and process).
std::string hbars(const Ctx& c, const std::vector<std::pair<std::string, double>>& rows) {
  const double W = 640, L = 210, R = 80, row = 16;
  double H = 10 + row * static_cast<double>(rows.size());
  double max = 0;
  for (const auto& [n, v] : rows) max = std::max(max, v);
  if (max <= 0) max = 1;
  std::string o = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fx(W) + "\" height=\"" + fx(H) +
                  "\" viewBox=\"0 0 " + fx(W) + " " + fx(H) + "\" font-family=\"DejaVu Sans,sans-serif\" font-size=\"8.5\">\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    double y = 5 + row * static_cast<double>(i), w = (W - L - R) * std::max(0.0, rows[i].second) / max;
    std::string label = rows[i].first.size() > 40 ? rows[i].first.substr(0, 37) + "..." : rows[i].first;
    o += "<text x=\"" + fx(L - 4) + "\" y=\"" + fx(y + 11) + "\" text-anchor=\"end\">" + e(label) + "</text>";
    o += "<rect x=\"" + fx(L) + "\" y=\"" + fx(y + 2) + "\" width=\"" + fx(w) + "\" height=\"" + fx(row - 5) +
         "\" fill=\"#2d6a3e\"/>";
    o += "<text x=\"" + fx(L + w + 4) + "\" y=\"" + fx(y + 11) + "\">" + c.m.number(rows[i].second, 0) + "</text>\n";
  }
  return o + "</svg>";
}

// ---- sections -----------------------------------------------------------------------------------

void cover(std::string& o, const Ctx& c) {
  const auto& r = c.r;
  const auto& f = r.firm;
  o += "<section class=\"cover\" id=\"s1\">\n<h1>" + c("doc.title") + "</h1>\n<p>" + c("doc.subtitle") + "</p>\n";
  o += "<h2>" + c("s1.title") + "</h2>\n";
  if (f.fictitious) o += "<p class=\"box warn\">" + c("doc.fictitious") + "</p>\n";
  o += "<table class=\"kv\">\n";
  auto row = [&](const char* key, const std::string& v) {
    o += "<tr><th>" + c(key) + "</th><td>" + v + "</td></tr>\n";
  };
  row("s1.firm", e(f.name));
  row("s1.firm_id", e(f.id));
  row("s1.country", e(f.country));
  row("s1.period", e(c.m.format("s1.period_value", {std::to_string(f.reporting_year),
                                                     std::to_string(r.options.first_year),
                                                     std::to_string(r.options.last_year)})));
  row("s1.preparer", r.options.preparer.empty() ? c("doc.to_fill") : e(r.options.preparer));
  row("s1.date", e(c.m.date(r.options.date.str())));
  row("s1.version", e(r.options.program_version));
  row("s1.input", "<span class=\"loc\">" + e(r.options.input_name) + "</span>");
  row("s1.hash", "<span class=\"loc\">" + e(r.options.input_sha256) + "</span>");
  std::string rv = "<ul>";
  for (const auto& v : r.rule_versions) rv += "<li>" + e(v) + "</li>";
  row("s1.rules", rv + "</ul>");
  o += "</table>\n";
  // each factor table with its version and the act(s) its values come from
  o += "<h3>" + c("s1.data") + "</h3>\n<table id=\"data-versions\"><thead><tr><th>" + c("s1.table") + "</th><th>" +
       c("s1.table_version") + "</th><th>" + c("s1.table_act") + "</th></tr></thead><tbody>\n";
  for (const auto& t : r.data_tables) {
    std::string acts;
    for (const auto& a : t.acts) acts += (acts.empty() ? "" : "; ") + e(a);
    if (acts.empty()) acts = e(c.m.format("s1.no_act", {t.publisher}));
    else if (t.without_act)
      acts += " <span class=\"small\">" +
              e(c.m.format("s1.other_sources", {std::to_string(t.without_act), std::to_string(t.values)})) + "</span>";
    o += "<tr><td class=\"loc\">" + e(t.id) + "</td><td class=\"loc\">" + e(t.version) + "</td><td>" + acts +
         "</td></tr>\n";
  }
  o += "</tbody></table>\n";
  o += "<h3>" + c("s1.installations") + "</h3>\n<table><thead><tr><th>" + c("s1.inst_id") + "</th><th>" +
       c("s1.inst_name") + "</th><th>" + c("s1.country") + "</th><th>" + c("s1.inst_address") +
       "</th></tr></thead><tbody>\n";
  for (const auto& i : f.installations)
    o += "<tr><td>" + e(i.id) + "</td><td>" + e(i.name) + "</td><td>" + e(i.country) + "</td><td>" +
         e(i.address) + "</td></tr>\n";
  o += "</tbody></table>\n<p class=\"small\">" + c("doc.units_note") + "</p>\n</section>\n";
}

const calc::ExposureTotal* total_of(const calc::ExposureReport& x, const std::string& scen, int year) {
  for (const auto& t : x.totals)
    if (t.scenario == scen && t.year == year) return &t;
  return nullptr;
}

void summary(std::string& o, const Ctx& c) {
  const auto& r = c.r;
  o += "<section id=\"s2\">\n<h2>" + c("s2.title") + "</h2>\n<h3>" + c("s2.embedded") + "</h3>\n";
  o += "<table><thead><tr><th>" + c("s4.cn") + "</th><th>" + c("s4.where") + "</th><th>" + c("s4.produced") +
       "</th><th>" + c("s4.see") + "</th><th>" + c("s4.method") + "</th><th>" + c("s4.trace") +
       "</th></tr></thead><tbody>\n";
  for (std::size_t i = 0; i < r.emissions.goods.size(); ++i) {
    const auto& g = r.emissions.goods[i];
    const auto& t = r.good_trace[i];
    o += "<tr><td>" + e(model::format_cn(g.cn)) + "</td><td>" + e(g.installation) +
         (g.process.empty() ? "" : "/" + e(g.process)) + "</td>" +
         num_cell(g.quantity_stated ? c.m.number(u::in_tonnes(g.produced), 0) : "–", t) +
         num_cell(c.m.number(u::in_tco2e_per_tonne(g.see_counted), 3) + (g.complete ? "" : " *"), t) + "<td>" +
         method_word(c, g.method) + "</td>" + ref_cell(t) + "</tr>\n";
  }
  o += "</tbody></table>\n";
  // certificates and cost 2026–2034
  o += "<h3>" + c("s2.cost_title") + "</h3>\n";
  if (!r.exposure) {
    o += "<p class=\"na\">" + e(c.m.format("s2.no_exposure", {r.exposure_gap.empty() ? c.m("doc.none") : r.exposure_gap.str(c.m)})) +
         "</p>\n";
  } else {
    const auto& x = *r.exposure;
    static const char* colors[] = {"#2d8a4e", "#1d4f91", "#b35c00", "#7a2e8a", "#555555"};
    static const char* dashes[] = {"", "6 3", "2 2", "8 2 2 2", "4 4"};
    std::vector<Series> series;
    for (std::size_t s = 0; s < x.scenarios.size(); ++s) {
      Series sr{x.scenarios[s], colors[s % 5], dashes[s % 5], {}};
      for (int y = r.options.first_year; y <= r.options.last_year; ++y)
        if (const auto* t = total_of(x, x.scenarios[s], y)) sr.points.push_back({y, u::in_eur(t->cost_actual)});
      series.push_back(std::move(sr));
    }
    o += "<figure>" + line_chart(c, series, r.options.first_year, r.options.last_year) + "<figcaption>" +
         c("s2.cost_chart") + "</figcaption></figure>\n";
    o += "<table><thead><tr><th></th>";
    for (int y = r.options.first_year; y <= r.options.last_year; ++y) o += "<th>" + std::to_string(y) + "</th>";
    o += "</tr></thead><tbody>\n";
    for (const auto& scen : x.scenarios) {
      o += "<tr><th colspan=\"" + std::to_string(r.options.last_year - r.options.first_year + 2) + "\">" +
           e(c.m.format("s5.scenario", {scen})) + "</th></tr>\n";
      auto line = [&](const char* key, auto get, int dec) {
        o += "<tr><td>" + c(key) + "</td>";
        for (int y = r.options.first_year; y <= r.options.last_year; ++y) {
          const auto* t = total_of(x, scen, y);
          o += "<td class=\"n\">" + (t ? get(*t, dec) : std::string("–")) + "</td>";
        }
        o += "</tr>\n";
      };
      line("s5.certificates", [&](const calc::ExposureTotal& t, int d) {
        return c.m.number(u::in_tco2e(t.certificates_actual), d) + (t.actual_upper_bound ? " !" : "");
      }, 0);
      line("s5.cost", [&](const calc::ExposureTotal& t, int d) {
        return c.m.number(u::in_eur(t.cost_actual), d) + (t.actual_upper_bound ? " !" : "");
      }, 0);
    }
    o += "</tbody></table>\n";
    // what actual data saves
    const std::string& scen = std::find(x.scenarios.begin(), x.scenarios.end(), r.scenario) != x.scenarios.end()
                                  ? r.scenario
                                  : x.scenarios.front();
    std::vector<std::pair<int, std::pair<double, double>>> bars;
    for (int y = r.options.first_year; y <= r.options.last_year; ++y)
      if (const auto* t = total_of(x, scen, y))
        bars.push_back({y, {u::in_eur(t->cost_default), u::in_eur(t->cost_actual)}});
    o += "<h3>" + c("s2.saving_title") + "</h3>\n<figure>" + pair_bars(c, bars) + "<figcaption>" +
         e(c.m.format("s2.saving_chart", {scen})) + "</figcaption></figure>\n";
  }
  // data quality (issue 14): the engine's grade and the three actions that would raise it most
  o += "<h3>" + c("s2.dq_title") + "</h3>\n";
  if (!r.quality) {
    o += "<p class=\"na\" id=\"data-quality\">" + e(c.m.format("s2.dq_none", {r.quality_gap.str(c.m)})) + "</p>\n";
  } else {
    const auto& q = *r.quality;
    o += "<p id=\"data-quality\"><strong>" + e(c.m.format("dq.grade", {q.firm.grade, c.m.trimmed(q.firm.score, 1)})) +
         "</strong>";
    std::string reasons;
    for (const auto& rs : q.firm.reasons) {
      std::string v = (rs.code == "gaps" || rs.code == "warnings") ? c.m.number(rs.share, 0) : c.m.percent(rs.share, 1);
      reasons += (reasons.empty() ? "" : " · ") + e(c.m.format("dq.reason." + rs.code, {v})) + " (−" +
                 c.m.trimmed(rs.points, 1) + ")";
    }
    if (!reasons.empty()) o += " — " + reasons;
    o += "</p>\n";
    if (!q.actions.empty()) {
      o += "<ol id=\"dq-actions\">\n";
      for (std::size_t i = 0; i < q.actions.size() && i < 3; ++i) {
        const auto& a = q.actions[i];
        std::vector<std::string> args;
        for (const auto& w : a.args) {
          if (!w.is_number) args.push_back(w.text);
          else if (w.unit.empty() && w.decimals == 0) args.push_back(std::to_string(static_cast<long long>(w.number)));
          else if (w.unit == "%") args.push_back(c.m.percent(w.number / 100, w.decimals));
          else args.push_back(c.m.number(w.number, w.unit == "EUR" ? 0 : w.decimals) + " " + w.unit);
        }
        std::string text = c.m("dq.action." + a.code);
        // {0} … {9} filled from args (the engine's order, as the web's templates)
        std::string filled;
        for (std::size_t k = 0; k < text.size(); ++k) {
          if (text[k] == '{' && k + 2 < text.size() && text[k + 2] == '}' && text[k + 1] >= '0' && text[k + 1] <= '9') {
            auto n = static_cast<std::size_t>(text[k + 1] - '0');
            if (n < args.size()) filled += args[n];
            k += 2;
            continue;
          }
          filled += text[k];
        }
        o += "<li>" + e(filled) + " <span class=\"small\">" + e(c.m.format("dq.points", {c.m.trimmed(a.points, 1)})) +
             "</span></li>\n";
      }
      o += "</ol>\n";
    }
    o += "<p class=\"small\">" + c("dq.method") + "</p>\n";
  }
  // main risks
  o += "<h3>" + c("s2.risks_title") + "</h3>\n<p>";
  std::vector<std::string> risks;
  std::size_t unv = r.unverified_factors();
  if (unv) risks.push_back(c.m.format("s2.risk_unverified", {std::to_string(unv), std::to_string(r.factors.size())}));
  std::size_t on_defaults = 0, unverified_supplier = 0;
  for (const auto& g : r.emissions.goods) {
    if (g.in_scope && g.method != calc::DataMethod::actual) ++on_defaults;
    if (g.unverified_supplier_data) ++unverified_supplier;
  }
  if (on_defaults) risks.push_back(c.m.format("s2.risk_defaults", {std::to_string(on_defaults)}));
  if (unverified_supplier)
    risks.push_back(c.m.format("s2.risk_unverified_supplier", {std::to_string(unverified_supplier)}));
  std::size_t gaps = 0;
  for (const auto& g : r.gaps) gaps += g.kind == GapRow::Kind::gap;
  if (gaps) risks.push_back(c.m.format("s2.risk_gaps", {std::to_string(gaps)}));
  if (r.exposure) {
    const auto& x = *r.exposure;
    const std::string& scen = std::find(x.scenarios.begin(), x.scenarios.end(), r.scenario) != x.scenarios.end()
                                  ? r.scenario
                                  : x.scenarios.front();
    const calc::ExposureTotal* peak = nullptr;
    u::Eur saving;
    for (const auto& t : x.totals) {
      if (t.scenario != scen || t.year < r.options.first_year || t.year > r.options.last_year) continue;
      if (!peak || t.cost_actual > peak->cost_actual) peak = &t;
      saving += t.saving();
    }
    if (peak && u::in_eur(peak->cost_actual) > 0)
      risks.push_back(c.m.format("s2.risk_peak", {scen, c.m.number(u::in_eur(peak->cost_actual), 0),
                                                  std::to_string(peak->year)}));
    if (u::in_eur(saving) > 0)
      risks.push_back(c.m.format("s2.risk_saving", {c.m.number(u::in_eur(saving), 0), scen}));
  }
  bool placeholder = false;
  for (const auto& yo : r.obligations) placeholder = placeholder || (yo.result && !yo.result->params.cscf_user);
  if (placeholder || r.exposure) risks.push_back(c.m("s2.risk_cscf"));
  if (risks.empty()) risks.push_back(c.m("s2.risk_none"));
  for (std::size_t i = 0; i < risks.size(); ++i) o += (i ? " " : "") + e(risks[i]);
  o += "</p>\n</section>\n";
}

void installations(std::string& o, const Ctx& c) {
  const auto& r = c.r;
  o += "<section id=\"s3\">\n<h2>" + c("s3.title") + "</h2>\n";
  std::vector<std::pair<std::string, double>> bars;
  for (const auto& inst : r.firm.installations) {
    o += "<h3>" + e(inst.name.empty() ? inst.id : inst.name) + " <span class=\"small\">(" + e(inst.id) + ", " +
         e(inst.country) + ")</span></h3>\n";
    bool any = false;
    for (std::size_t k = 0; k < r.emissions.processes.size(); ++k) {
      const auto& p = r.emissions.processes[k];
      if (p.installation != inst.id) continue;
      any = true;
      const auto& t = r.process_trace[k];
      o += "<h4>" + c("s3.process") + " " + e(p.process) + "</h4>\n<table><thead><tr><th>" + c("s3.category") +
           "</th><th>" + c("s3.route") + "</th><th>" + c("s3.activity") + "</th><th>" + c("s3.direct") + "</th><th>" +
           c("s3.indirect") + "</th><th>" + c("s4.trace") + "</th></tr></thead><tbody>\n<tr><td>" + e(p.category) +
           "</td><td>" + e(p.route) + "</td>" + num_cell(c.m.number(u::in_tonnes(p.activity), 0), t) +
           num_cell(c.m.number(u::in_tco2e(p.direct), 1), t) + num_cell(c.m.number(u::in_tco2e(p.indirect), 1), t) +
           ref_cell(t) + "</tr>\n</tbody></table>\n";
      if (!p.streams.empty()) {
        o += "<table><thead><tr><th>" + c("s3.stream") + "</th><th>" + c("s3.method") + "</th><th>" + c("s3.share") +
             "</th><th>" + c("s3.emissions") + "</th><th>" + c("s4.trace") + "</th></tr></thead><tbody>\n";
        for (const auto& s : p.streams) {
          o += "<tr><td>" + e(s.id) + "</td><td>" + stream_word(c, s.method) + "</td>" + num_cell(c.m.percent(s.share, 1), t) +
               num_cell(c.m.number(u::in_tco2e(s.emissions), 1) + (s.complete ? "" : " *"), t) + ref_cell(t) +
               "</tr>\n";
          bars.push_back({p.process + " / " + s.id, u::in_tco2e(s.emissions)});
        }
        o += "</tbody></table>\n";
      }
      if (!p.electricity.empty()) {
        o += "<table><thead><tr><th>" + c("s3.electricity") + "</th><th>" + c("s3.quantity_mwh") + "</th><th>" +
             c("s3.factor") + "</th><th>" + c("s3.source") + "</th><th>" + c("s4.trace") + "</th></tr></thead><tbody>\n";
        for (std::size_t i = 0; i < p.electricity.size(); ++i) {
          const auto& el = p.electricity[i];
          o += "<tr><td>" + std::to_string(i + 1) + "</td>" + num_cell(c.m.number(u::in_megawatt_hours(el.quantity), 0), t) +
               num_cell(el.factor ? c.m.trimmed(u::in_tco2e_per_megawatt_hour(*el.factor), 4) : c("s5.unknown"), t) + "<td>" +
               c.say(text::Message::of("msg.el_source." + el.source)) + (el.method.empty() ? "" : " (" + e(el.method) + ")") + "</td>" + ref_cell(t) + "</tr>\n";
        }
        o += "</tbody></table>\n";
      }
      const auto* inst_model = r.firm.find_installation(p.installation);
      const auto* proc_model = inst_model ? r.firm.find_process(*inst_model, p.process) : nullptr;
      if (proc_model && !proc_model->heat.empty()) {
        o += "<table><thead><tr><th>" + c("s3.heat") + "</th><th>" + c("s3.heat_q") + "</th><th>" + c("s3.heat_ef") +
             "</th><th>" + c("s10.location") + "</th></tr></thead><tbody>\n";
        for (const auto& h : proc_model->heat)
          o += "<tr><td>" + c(h.is_import ? "s3.heat_import" : "s3.heat_export") + "</td>" +
               num_cell(c.m.trimmed(u::in_terajoules(h.quantity), 3), t) +
               num_cell(c.m.trimmed(u::in_tco2e_per_terajoule(h.factor), 4), t) + "<td class=\"loc\">" + e(h.pos.str()) +
               "</td></tr>\n";
        o += "</tbody></table>\n";
      }
    }
    std::string defaults;
    for (std::size_t k = 0; k < r.emissions.goods.size(); ++k) {
      const auto& g = r.emissions.goods[k];
      if (g.installation == inst.id && g.process.empty())
        defaults += "<li>" + e(model::format_cn(g.cn)) + " <a href=\"#" + r.good_trace[k] + "\">" + r.good_trace[k] +
                    "</a></li>";
    }
    if (!defaults.empty()) o += "<h4>" + c("s3.default_goods") + "</h4>\n<ul>" + defaults + "</ul>\n";
    else if (!any) o += "<p>" + c("s3.no_processes") + "</p>\n";
  }
  if (!bars.empty()) o += "<figure>" + hbars(c, bars) + "<figcaption>" + c("s3.chart") + "</figcaption></figure>\n";
  o += "</section>\n";
}

void goods(std::string& o, const Ctx& c) {
  const auto& r = c.r;
  o += "<section id=\"s4\">\n<h2>" + c("s4.title") + "</h2>\n<table><thead><tr><th>" + c("s4.cn") + "</th><th>" +
       c("s4.where") + "</th><th>" + c("s4.sector") + "</th><th>" + c("s4.produced") + "</th><th>" +
       c("s4.see_direct") + "</th><th>" + c("s4.see_indirect") + "</th><th>" + c("s4.see") + "</th><th>" +
       c("s4.method") + "</th>" + (r.see_uncertainty ? "<th>" + c("unc.range") + "</th>" : std::string()) + "<th>" +
       c("s4.trace") + "</th></tr></thead><tbody>\n";
  std::string notes;
  for (std::size_t i = 0; i < r.emissions.goods.size(); ++i) {
    const auto& g = r.emissions.goods[i];
    const auto& t = r.good_trace[i];
    std::string where = e(g.installation) + (g.process.empty() ? "" : "/" + e(g.process));
    std::string sector = g.in_scope ? (c.m.has("sector." + g.sector) ? c("sector." + g.sector) : e(g.sector)) + (g.direct_only ? "<br><span class=\"small\">" + c("s4.annex_ii") + "</span>" : "")
                                    : c("s4.not_cbam");
    std::string mark = (g.complete ? "" : " <span class=\"mark\">*</span>") +
                       std::string(g.unverified_supplier_data ? " <span class=\"mark\">U</span>" : "");
    o += "<tr><td>" + e(model::format_cn(g.cn)) + "</td><td>" + where + "</td><td>" + sector + "</td>" +
         num_cell(g.quantity_stated ? c.m.number(u::in_tonnes(g.produced), 0) : "–", t) +
         num_cell(c.m.number(u::in_tco2e_per_tonne(g.see_direct), 3), t) +
         num_cell(c.m.number(u::in_tco2e_per_tonne(g.see_indirect_counted), 3), t) +
         num_cell(c.m.number(u::in_tco2e_per_tonne(g.see_counted), 3) + mark, t) + "<td>" + method_word(c, g.method) +
         (g.markup > 0 ? " (+" + c.m.percent(g.markup, 0) + ")" : "") + "</td>" +
         (r.see_uncertainty ? "<td class=\"n range\">" +
                                  (g.in_scope ? range_text(c, r.see_uncertainty->find(calc::figure_key(g)), 3) : "–") +
                                  "</td>"
                            : std::string()) +
         ref_cell(t) + "</tr>\n";
    if (g.unverified_supplier_data)
      notes += "<li>" + e(model::format_cn(g.cn)) + " (" + where + "): " + c("s4.unverified") + "; " +
               e(c.m.format("s4.if_defaults", {g.see_if_defaults ? c.m.number(u::in_tco2e_per_tonne(*g.see_if_defaults), 3)
                                                                 : c.m("s5.unknown")})) +
               "</li>";
  }
  o += "</tbody></table>\n";
  if (!notes.empty()) o += "<p class=\"small\">U:</p><ul class=\"small\">" + notes + "</ul>\n";
  bool any = false;
  for (std::size_t k = 0; k < r.emissions.processes.size(); ++k) {
    const auto& p = r.emissions.processes[k];
    if (p.precursors.empty()) continue;
    if (!any) {
      o += "<h3>" + c("s4.precursors") + "</h3>\n<table><thead><tr><th>" + c("s3.process") + "</th><th>" +
           c("s4.precursor") + "</th><th>" + c("s4.pre_source") + "</th><th>" + c("s4.pre_quantity") + "</th><th>" +
           c("s4.pre_direct") + "</th><th>" + c("s4.pre_indirect") + "</th><th>" + c("s4.method") + "</th><th>" +
           c("s4.trace") + "</th></tr></thead><tbody>\n";
      any = true;
    }
    const auto& t = r.process_trace[k];
    for (const auto& pr : p.precursors)
      o += "<tr><td>" + e(p.installation) + "/" + e(p.process) + "</td><td>" +
           e(pr.cn.empty() ? pr.category : model::format_cn(pr.cn)) + "</td><td>" + c.say(text::Message::of("msg.precursor_source." + pr.source)) + "</td>" +
           num_cell(c.m.number(u::in_tonnes(pr.quantity), 0), t) +
           num_cell(c.m.number(u::in_tco2e_per_tonne(pr.see_direct), 3), t) +
           num_cell(c.m.number(u::in_tco2e_per_tonne(pr.see_indirect_counted), 3) +
                        (pr.unverified ? " <span class=\"mark\">U</span>" : ""),
                    t) +
           "<td>" + method_word(c, pr.method) + "</td>" + ref_cell(t) + "</tr>\n";
  }
  if (any) o += "</tbody></table>\n";
  o += "</section>\n";
}

void obligation(std::string& o, const Ctx& c) {
  const auto& r = c.r;
  o += "<section id=\"s5\">\n<h2>" + c("s5.title") + "</h2>\n";
  if (r.obligations.empty())
    o += "<p>" + e(c.m.format("s5.no_years", {std::to_string(r.options.first_year), std::to_string(r.options.last_year)})) +
         "</p>\n";
  for (const auto& yo : r.obligations) {
    o += "<h3>" + e(c.m.format("s5.year", {std::to_string(yo.year)})) + "</h3>\n";
    if (!yo.result) {
      o += "<p class=\"na\">" + e(c.m.format("s5.not_computed", {yo.gap.str(c.m)})) + "</p>\n";
      continue;
    }
    const auto& ob = *yo.result;
    o += "<p>" + e(c.m.format("s5.params", {c.m.percent(ob.params.cbam_factor, 1), c.m.trimmed(ob.params.cscf, 4)})) +
         " · " + e(c.m.format("s5.scenario", {r.scenario})) + "</p>\n";
    o += "<table><thead><tr><th>" + c("s5.cn") + "</th><th>" + c("s5.buyer") + "</th><th>" + c("s5.quantity") +
         "</th><th>" + c("s5.embedded") + "</th><th>" + c("s5.faa") + "</th><th>" + c("s5.art9") + "</th><th>" +
         c("s5.certificates") + " (tCO2e)</th><th>" + c("s5.price") + "</th><th>" + c("s5.cost") + "</th><th>" +
         c("s4.trace") + "</th></tr></thead><tbody>\n";
    for (std::size_t k = 0; k < ob.lines.size(); ++k) {
      const auto& l = ob.lines[k];
      const auto& t = yo.line_trace[k];
      o += "<tr><td>" + e(model::format_cn(l.emissions.cn)) + "<br><span class=\"small\">" +
           (l.line.defaults_used ? c("method.default") : method_word(c, l.emissions.method)) + "</span></td><td>" + e(l.buyer) +
           "</td>" + num_cell(c.m.number(u::in_tonnes(l.emissions.quantity), 0), t) +
           num_cell(c.m.number(u::in_tco2e(l.line.embedded), 1), t) +
           num_cell(l.line.faa ? c.m.number(u::in_tco2e(*l.line.faa), 1) : c("s5.unknown"), t) +
           num_cell(c.m.number(u::in_tco2e(l.line.art9), 1), t) +
           num_cell(c.m.number(u::in_tco2e(l.line.certificates), 1) + (l.exempt ? " (" + c("s5.exempt") + ")" : ""), t) +
           num_cell(c.m.number(u::in_eur_per_tco2e(l.line.price), 2), t) +
           num_cell(c.m.number(u::in_eur(l.line.cost), 0), t) + ref_cell(t) + "</tr>\n";
      // how the adjustment was found (benchmark, column, route, band; the engine's words) and flags
      std::string flags;
      for (const auto& f : calc::flag_names(l.line.flags)) flags += (flags.empty() ? "" : "; ") + c("s8.flag." + f);
      o += "<tr class=\"how\"><td></td><td colspan=\"9\" class=\"small\">" + c("s5.benchmark") + ": " +
           c.say(l.line.benchmark_how) + (flags.empty() ? "" : " · " + flags) + "</td></tr>\n";
    }
    const auto& tt = yo.total_trace;
    o += "<tr class=\"total\"><td colspan=\"3\">" + c("s5.total") + "</td>" +
         num_cell(c.m.number(u::in_tco2e(ob.total_embedded), 1), tt) +
         num_cell(c.m.number(u::in_tco2e(ob.total_faa), 1) + (ob.faa_incomplete ? " !" : ""), tt) +
         num_cell(c.m.number(u::in_tco2e(ob.total_art9), 1), tt) +
         num_cell(c.m.number(u::in_tco2e(ob.total_certificates), 1), tt) + "<td></td>" +
         num_cell(c.m.number(u::in_eur(ob.total_cost), 0), tt) + ref_cell(tt) + "</tr>\n</tbody></table>\n";
    if (ob.faa_incomplete) o += "<p class=\"small\">! " + c("s5.upper_bound") + "</p>\n";
    if (yo.uncertainty)
      o += "<p class=\"range\">" + c("unc.range") + ": " + c("s5.certificates") + " " +
           range_text(c, yo.uncertainty->find("certificates"), 1) + " tCO2e · " + c("s5.cost") + " " +
           range_text(c, yo.uncertainty->find("cost"), 0) + " EUR <span class=\"small\">(" + c("unc.see_s8") +
           ")</span></p>\n";
    o += "<h4>" + c("s5.de_minimis") + "</h4>\n<ul>\n";
    for (const auto& d : ob.de_minimis)
      o += "<li>" + e(c.m.format("s5.dm_row", {d.buyer, c.m.number(u::in_tonnes(d.mass), 1)})) + " → " +
           c(d.exempt ? "s5.dm_exempt" : "s5.dm_in_scope") + " <span class=\"small\">[" + e(d.rule.rule_id) + ", " +
           e(d.rule.ref) + "; <span class=\"loc\">" + e(d.rule.pos.str()) + "</span>]</span></li>\n";
    o += "</ul>\n";
  }
  o += "</section>\n";
}

std::string outcome_word(const Ctx& c, rules::Outcome oc) {
  switch (oc) {
    case rules::Outcome::pass: return c("s6.pass");
    case rules::Outcome::fail: return c("s6.fail");
    case rules::Outcome::not_applicable: return c("s6.not_applicable");
    case rules::Outcome::unknown: return c("s6.unknown");
  }
  return {};
}

std::string gap_line(const Ctx& c, const std::string& why) {
  return "<p class=\"na\">" + e(c.m.format("s6.not_computed", {why})) + "</p>\n";
}

/// Section 6's footprints beyond CBAM: the engine's figures, with the method's references.
void footprints(std::string& o, const Ctx& c, int& sub) {
  const auto& r = c.r;
  auto heading = [&](const char* id, const char* key) {
    return "<h3 id=\"" + std::string(id) + "\">6." + std::to_string(++sub) + " " + c(key) + "</h3>\n";
  };
  auto t = [&](double v, int d) { return c.m.number(v, d); };
  // the 95 % range after a figure, when the report was asked for ranges (--uncertainty N)
  auto range = [&](const std::optional<calc::UncertaintyResult>& u, const std::string& key, int d, double scale = 1) {
    if (!u) return std::string();
    const calc::UncertainFigure* f = u->find(key);
    if (f && f->varies && f->unavailable.empty())
      return " <span class=\"small\">(" + c("s6.range") + " " + t(f->p025 * scale, d) + " – " + t(f->p975 * scale, d) + ")</span>";
    return " <span class=\"small\">(" + range_text(c, f, d) + ")</span>";
  };
  o += heading("s6-inventory", "s6.inventory_title");
  if (!r.inventory) {
    o += gap_line(c, r.inventory_gap);
  } else {
    const auto& inv = *r.inventory;
    o += "<p class=\"small\">" + c("fp.standard") + " · " + e(c.m.format("fp.year", {std::to_string(inv.year)})) +
         (inv.complete ? "" : " · <span class=\"warn\">" + c("s6.incomplete") + "</span>") + "</p>\n";
    o += "<table id=\"inventory\"><thead><tr><th>" + c("s6.line") + "</th><th>tCO2e</th></tr></thead><tbody>\n";
    for (const auto& [gas, v] : inv.scope1_gases.by_gas)
      o += "<tr><td>" + c("fp.scope1") + ": " + e(calc::ghg_gas_name(gas)) + "</td><td class=\"n\">" +
           t(u::in_tco2e(v), 1) + "</td></tr>\n";
    o += "<tr><th>" + c("s6.scope1_total") + "</th><td class=\"n\" id=\"scope1-total\"><b>" +
         t(u::in_tco2e(inv.scope1_total), 1) + "</b>" + range(r.inventory_uncertainty, "scope1", 1) + "</td></tr>\n";
    o += "<tr><th>" + c("s6.scope2_location") + "</th><td class=\"n\" id=\"scope2-location\"><b>" +
         t(u::in_tco2e(inv.scope2_location), 1) + "</b>" + range(r.inventory_uncertainty, "scope2.location", 1) +
         "</td></tr>\n";
    o += "<tr><th>" + c("s6.scope2_market") + "</th><td class=\"n\" id=\"scope2-market\"><b>" +
         t(u::in_tco2e(inv.scope2_market), 1) + "</b>" + range(r.inventory_uncertainty, "scope2.market", 1) +
         "</td></tr>\n";
    o += "<tr><td>" + c("fp.biogenic") + "</td><td class=\"n\">" + t(u::in_tco2e(inv.biogenic_co2), 1) + "</td></tr>\n";
    o += "</tbody></table>\n<p class=\"small\">" + c("fp.scope3") + " " + c("s6.inventory_note") + "</p>\n";
  }
  if (!r.products.empty() || !r.product_gaps.empty()) {
    o += heading("s6-products", "s6.products_title") + "<table id=\"products\"><thead><tr><th>" +
         c("fp.product") + "</th><th>" + c("fp.declared_unit") + "</th><th>" + c("fp.per_unit_market") + "</th><th>" +
         c("fp.per_unit_location") + "</th><th>" + c("fp.primary_share") + "</th><th>" + c("fp.cbam_see") +
         "</th></tr></thead><tbody>\n";
    for (std::size_t i = 0; i < r.products.size(); ++i) {
      const auto& p = r.products[i];
      const auto& pu = r.product_uncertainty[i];
      o += "<tr><td>" + e(p.name.empty() ? p.product_id : p.name) + " <span class=\"loc\">[" + e(p.product_id) + "]</span>" +
           (p.complete ? "" : " <span class=\"warn\">" + c("s6.incomplete") + "</span>") + "</td><td>" +
           e(p.declared_unit) + " (" + (u::in_tonnes(p.mass) >= 1 ? c.m.number(u::in_tonnes(p.mass) * 1000, 0) : c.m.trimmed(u::in_tonnes(p.mass) * 1000, 3)) + " kg)</td><td class=\"n\">" +
           t(u::in_kgco2e(p.total), 1) + " kgCO2e" + range(pu, "pcf", 1, 1000) + "</td><td class=\"n\">" +
           t(u::in_kgco2e(p.total_location), 1) + " kgCO2e" + range(pu, "pcf.location", 1, 1000) +
           "</td><td class=\"n\">" + c.m.percent(p.primary_share, 0) + "</td><td class=\"n\">" +
           (p.cbam.available ? t(u::in_tco2e_per_tonne(p.cbam.total), 3) + " tCO2e/t" : "–") + "</td></tr>\n";
    }
    o += "</tbody></table>\n<p class=\"small\">" + c("fp.products_note") + "</p>\n";
    for (const auto& [id, why] : r.product_gaps) o += "<p class=\"na\">" + e(id) + ": " + e(why) + "</p>\n";
  }
  if (!r.hydrogen.empty() || !r.hydrogen_gap.empty()) {
    o += heading("s6-hydrogen", "s6.hydrogen_title");
    if (!r.hydrogen_gap.empty()) {
      o += gap_line(c, r.hydrogen_gap);
    } else {
      auto verdict = [&](const rules::RuleResult& res) {
        return c("fp.outcome." + std::string(rules::outcome_name(res.outcome)));
      };
      o += "<table id=\"hydrogen\"><thead><tr><th>" + c("fp.h2_id") + "</th><th>" + c("fp.h2_route") +
           "</th><th>gCO2e/MJ</th><th>kgCO2e/kgH2</th><th>" + c("fp.h2_savings") + "</th><th>" + c("fp.h2_verdict") +
           "</th><th>" + c("fp.h2_taxonomy") + "</th></tr></thead><tbody>\n";
      for (const auto& h : r.hydrogen)
        o += "<tr><td>" + e(h.id) + (h.complete ? "" : " <span class=\"warn\">" + c("s6.incomplete") + "</span>") +
             "</td><td>" + e(h.route) + "</td><td class=\"n\">" + t(u::in_grams_co2e_per_megajoule(h.intensity), 2) +
             range(r.hydrogen_uncertainty, "h2:" + h.id + ":intensity", 2) + "</td><td class=\"n\">" +
             t(u::in_tco2e_per_tonne(h.per_tonne), 2) + range(r.hydrogen_uncertainty, "h2:" + h.id + ":per_kg", 2) +
             "</td><td class=\"n\">" +
             c.m.percent(h.savings, 1) + "</td><td>" + verdict(h.low_carbon) + "</td><td>" +
             (h.taxonomy ? verdict(*h.taxonomy) : "–") + "</td></tr>\n";
      o += "</tbody></table>\n<p class=\"small\">" + c("fp.h2_note") + "</p>\n";
    }
  }
}

void taxonomy(std::string& o, const Ctx& c) {
  const auto& r = c.r;
  int sub = 1;  // 6.1 the Taxonomy, then the footprints present
  o += "<section id=\"s6\">\n<h2>" + c("s6.title") + "</h2>\n<h3 id=\"s6-taxonomy\">6.1 " + c("s6.taxonomy_title") + "</h3>\n";
  if (r.firm.activities.empty()) o += "<p>" + c("s6.none") + "</p>\n";
  else if (!r.taxonomy) o += "<p class=\"na\">" + e(c.m.format("s6.not_run", {r.taxonomy_gap.str(c.m)})) + "</p>\n";
  else {
    const auto& tx = *r.taxonomy;
    o += "<p class=\"small\">" + e(c.m.format("s6.date", {c.m.date(tx.date.str()), tx.ruleset_version})) + "</p>\n";
    for (const auto& a : tx.activities) {
      o += "<h4>" + e(c.m.format("s6.activity", {a.code, a.name.empty() ? a.id : a.name})) + "</h4>\n";
      o += "<table><thead><tr><th>" + c("s6.question") + "</th><th>" + c("s6.outcome") + "</th><th>" + c("s6.reason") +
           "</th><th>" + c("s6.ref") + "</th></tr></thead><tbody>\n";
      for (const auto& res : a.results)
        o += "<tr><td>" + e(res.label.empty() ? res.rule_id : text::pick(c.m, res.label, res.label_tr)) + "</td><td>" + outcome_word(c, res.outcome) +
             "</td><td>" + c.say(res.why) + "</td><td>" + e(res.ref) + "<br><span class=\"loc\">" + e(res.pos.str()) +
             "</span></td></tr>\n";
      o += "</tbody></table>\n";
      for (const auto& p : a.problems) o += "<p class=\"small warn\">" + e(p) + "</p>\n";
    }
  }
  footprints(o, c, sub);
  o += "</section>\n";
}

void factors(std::string& o, const Ctx& c) {
  const auto& r = c.r;
  o += "<section id=\"s7\">\n<h2>" + c("s7.title") + "</h2>\n";
  std::size_t single = 0, unverified = 0;
  for (const auto& f : r.factors) {
    single += f.provenance.status == Status::single_source;
    unverified += f.provenance.status == Status::unverified;
  }
  o += "<p>" + e(c.m.format("s7.count", {std::to_string(r.factors.size()), std::to_string(single),
                                         std::to_string(unverified)})) + "</p>\n";
  o += "<table id=\"factors\"><thead><tr><th>" + c("s7.id") + "</th><th>" + c("s7.value") + "</th><th>" + c("s7.unit") +
       "</th><th>" + c("s7.source") + "</th><th>" + c("s7.validity") + "</th><th>" + c("s7.status") + "</th><th>" +
       c("s7.used_for") + "</th></tr></thead><tbody>\n";
  for (const auto& f : r.factors) {
    bool flagged = f.provenance.status != Status::verified;
    std::string used = f.used_for == "embedded"    ? c("s7.embedded")
                       : f.used_for == "price"     ? c("s7.price")
                       : f.used_for == "benchmark" ? c("s7.benchmark")
                       : f.used_for == "footprint" ? c("s7.footprint")
                       : f.used_for == "product"   ? c("s7.product")
                       : f.used_for == "hydrogen"  ? c("s7.hydrogen")
                                                   : c("s7.cbam_factor");
    o += "<tr><td>" + e(f.id) + (f.name.empty() ? "" : "<br><span class=\"small\">" + e(f.name) + "</span>") +
         "</td><td class=\"n\">" + c.m.trimmed(f.value, 6) + "</td><td>" + e(f.unit) + "</td><td class=\"src\">" +
         e(f.provenance.source) + "</td><td>" + validity(c, f.provenance) + "</td><td class=\"st\">" +
         (flagged ? "<span class=\"mark\">▲</span> " : "") + status_word(c, f.provenance.status) + "</td><td>" + used +
         "</td></tr>\n";
  }
  o += "</tbody></table>\n</section>\n";
}

/// A Monte Carlo figure named in the report's language from its key (the engine's label is English).
std::string figure_label(const Ctx& c, const calc::UncertainFigure& f) {
  const std::string& k = f.key;
  auto tail = [&](std::size_t n) { return k.substr(n); };
  if (k.rfind("good:", 0) == 0) {
    for (const auto& g : c.r.emissions.goods)
      if (calc::figure_key(g) == k)
        return c("s4.see") + " " + e(model::format_cn(g.cn)) + ", " + e(g.installation) +
               (g.process.empty() ? "" : "/" + e(g.process));
  }
  if (k.rfind("export:", 0) == 0) return e(c.m.format("unc.l.export", {tail(7)}));
  if (k == "exports:embedded") return c("unc.l.exports");
  if (k.rfind("certificates:", 0) == 0) return e(c.m.format("unc.l.line", {tail(13)}));
  if (k == "certificates") return c("s5.certificates");
  if (k == "cost") return c("s5.cost");
  return e(f.label);
}

/// Section 8's account of the Monte Carlo: what was varied and held fixed, samples, seed and
/// generator, each figure with mean, 2.5 % and 97.5 % points and its largest contributors.
void uncertainty(std::string& o, const Ctx& c) {
  const auto& r = c.r;
  std::vector<std::pair<std::string, const calc::UncertaintyResult*>> runs;
  if (r.see_uncertainty) runs.push_back({c.m("unc.see_title"), &*r.see_uncertainty});
  for (const auto& yo : r.obligations)
    if (yo.uncertainty) runs.push_back({c.m.format("s5.year", {std::to_string(yo.year)}), &*yo.uncertainty});
  if (runs.empty()) return;
  const auto* first = runs.front().second;
  o += "<h3 id=\"uncertainty\">" + c("unc.title") + "</h3>\n<p>" +
       e(c.m.format("unc.intro", {c.m.number(static_cast<double>(r.options.uncertainty_samples), 0),
                                  std::to_string(first->seed)})) +
       "</p>\n<p class=\"small\">" + c("unc.varied") + "</p>\n";
  std::vector<std::string> fixed;
  for (const auto& [title, u] : runs) {
    o += "<h4>" + e(title) + "</h4>\n<table><thead><tr><th>" + c("unc.figure") + "</th><th>" + c("unc.value") +
         "</th><th>" + c("unc.mean") + "</th><th>" + c("unc.p025") + "</th><th>" + c("unc.p975") + "</th><th>" +
         c("unc.contributors") + "</th></tr></thead><tbody>\n";
    for (const auto& f : u->figures) {
      const int dec = f.unit == "EUR" ? 0 : f.unit == "tCO2e/t" ? 3 : 1;
      std::string contrib;
      for (std::size_t k = 0; k < f.contributors.size() && k < 3; ++k) {
        const auto& v = u->variables[f.contributors[k].variable];
        contrib += (contrib.empty() ? "" : "; ") + e(v.label) + " " + c.m.percent(f.contributors[k].share, 0);
      }
      std::string mean = f.varies ? c.m.number(f.mean, dec) : "–";
      std::string lo = f.varies ? c.m.number(f.p025, dec) : "–", hi = f.varies ? c.m.number(f.p975, dec) : "–";
      if (!f.unavailable.empty()) contrib = c("unc.no_range_why");
      else if (!f.varies) contrib = c("unc.fixed");
      o += "<tr><td>" + figure_label(c, f) + "</td><td class=\"n\">" + c.m.number(f.deterministic, dec) + " " + e(f.unit) +
           "</td><td class=\"n\">" + mean + "</td><td class=\"n\">" + lo + "</td><td class=\"n\">" + hi +
           "</td><td class=\"small\">" + contrib + "</td></tr>\n";
    }
    o += "</tbody></table>\n";
    for (const auto& v : u->variables)
      if (v.uses > 1)
        fixed.push_back(c.m.format("unc.correlated", {v.label, std::to_string(v.uses)}));
  }
  std::sort(fixed.begin(), fixed.end());
  fixed.erase(std::unique(fixed.begin(), fixed.end()), fixed.end());
  if (!fixed.empty()) {
    o += "<ul class=\"small\">";
    for (const auto& f : fixed) o += "<li>" + e(f) + "</li>";
    o += "</ul>\n";
  }
}

void gaps(std::string& o, const Ctx& c) {
  const auto& r = c.r;
  o += "<section id=\"s8\">\n<h2>" + c("s8.title") + "</h2>\n";
  auto table = [&](GapRow::Kind kind, const char* title) {
    std::string rows;
    for (const auto& g : r.gaps)
      if (g.kind == kind)
        rows += "<tr><td><span class=\"loc\">" + e(g.pos.str()) + "</span> " + c.say(g.where) + "</td><td>" + c.say(g.message) +
                "</td><td>" + c(g.effect) + "</td></tr>\n";
    o += "<h3>" + c(title) + "</h3>\n";
    if (rows.empty()) {
      o += "<p>" + c(kind == GapRow::Kind::gap ? "s8.no_gaps" : "doc.none") + "</p>\n";
      return;
    }
    o += "<table><thead><tr><th>" + c("s8.where") + "</th><th>" + c("s8.what") + "</th><th>" + c("s8.effect") +
         "</th></tr></thead><tbody>\n" + rows + "</tbody></table>\n";
  };
  table(GapRow::Kind::gap, "s8.gaps");
  table(GapRow::Kind::difference, "s8.differences");
  // plausibility warnings (calc/plausibility.hpp): questions to the user, the figures as given
  o += "<h3 id=\"plausibility\">" + c("s8.plausibility") + "</h3>\n";
  if (!r.plausibility_gap.empty()) {
    o += "<p class=\"na\">" + e(c.m.format("s8.plausibility_none_checked", {r.plausibility_gap.str(c.m)})) + "</p>\n";
  } else if (r.plausibility.empty()) {
    o += "<p>" + c("plaus.none") + "</p>\n";
  } else {
    auto conv = c.lang == Lang::tr ? text::Convention::turkish : text::Convention::english;
    o += "<p>" + c("s8.plausibility_intro") + "</p>\n<table><thead><tr><th>" + c("s8.where") + "</th><th>" +
         c("s8.what") + "</th><th>" + c("plaus.look_at") + "</th></tr></thead><tbody>\n";
    for (const auto& w : r.plausibility) {
      auto args = arg_texts(w.args, conv);
      o += "<tr class=\"warn\"><td><span class=\"loc\">" + e(w.pos.str()) + "</span> " + e(w.where) + "</td><td>" +
           e(c.m.format("plaus." + w.code, args)) + "</td><td>" + c("plaus." + w.code + ".look") + "</td></tr>\n";
    }
    o += "</tbody></table>\n";
  }
  // flags met by the obligation lines
  std::map<std::string, std::size_t> flags;
  std::size_t lines = 0;
  for (const auto& yo : r.obligations) {
    if (!yo.result) continue;
    for (const auto& l : yo.result->lines) {
      ++lines;
      for (const auto& n : calc::flag_names(l.line.flags)) ++flags[n];
    }
  }
  o += "<h3>" + c("s8.flags") + "</h3>\n";
  if (flags.empty()) o += "<p>" + c("doc.none") + "</p>\n";
  else {
    o += "<ul>\n";
    for (const auto& [name, n] : flags)
      o += "<li>" + c("s8.flag." + name) + " — " +
           e(c.m.format("s8.flag_lines", {std::to_string(n), std::to_string(lines)})) + "</li>\n";
    o += "</ul>\n";
  }
  uncertainty(o, c);
  o += "<h3>" + c("s8.choices") + "</h3>\n<ul>\n";
  for (const char* k : {"s8.choice.markup", "s8.choice.electricity", "s8.choice.benchmark", "s8.choice.quarter",
                        "s8.choice.de_minimis", "s8.choice.projection", "s8.choice.cscf", "s8.choice.transport"})
    o += "<li>" + c(k) + "</li>\n";
  o += "</ul>\n</section>\n";
}

void method(std::string& o, const Ctx& c) {
  o += "<section id=\"s9\">\n<h2>" + c("s9.title") + "</h2>\n<p>" + c("s9.intro") + "</p>\n<ul>\n";
  for (const char* k : {"s9.f.combustion", "s9.f.process", "s9.f.indirect", "s9.f.see", "s9.f.default", "s9.f.faa",
                        "s9.f.art9", "s9.f.certificates", "s9.f.de_minimis", "s9.f.taxonomy"})
    o += "<li>" + c(k) + "</li>\n";
  o += "</ul>\n<p>" + c("s9.methodology") + "</p>\n</section>\n";
}

/// A trace node's unit: a symbol as written, except the one that holds a word ("certificates
/// (tCO2e)", the engine's unit of an obligation line, kept so in the machine outputs).
std::string trace_unit(const Ctx& c, const std::string& unit) {
  if (unit == Messages::builtin(Lang::en)("msg.unit.certificates")) return c("msg.unit.certificates");
  return e(unit);
}

void trace_node(std::string& o, const Ctx& c, const TraceNode& n, const calc::EmissionsReport& rep) {
  o += "<div><span class=\"lbl\">" + c.say(n.label) + "</span> = " + c.m.trimmed(n.value, 6) + " " + trace_unit(c, n.unit);
  if (!n.pos.str().empty()) o += " <span class=\"loc\">[" + e(n.pos.str()) + "]</span>";
  o += "</div>\n";
  if (!n.formula.empty()) o += "<div class=\"small\">" + c("s10.formula") + ": " + c.say(n.formula) + "</div>\n";
  if (!n.inputs.empty()) {
    o += "<table><tbody>\n";
    for (const auto& i : n.inputs)
      o += "<tr><td>" + c.say(i.name) + "</td><td class=\"n\">" + c.m.trimmed(i.value, 6) + " " + e(i.unit) +
           "</td><td class=\"loc\">" + e(i.pos.str()) + "</td></tr>\n";
    o += "</tbody></table>\n";
  }
  for (const auto& id : n.factor_ids) {
    auto it = rep.factors_used.find(id);
    if (it == rep.factors_used.end()) continue;
    const auto& f = it->second;
    o += "<div class=\"small\">" + c("s10.factors") + ": " + e(f.id) + " = " + c.m.trimmed(f.value, 6) + " " + e(f.unit) +
         " (" + status_word(c, f.provenance.status) + "; " + e(f.provenance.source) + "; " + validity(c, f.provenance) +
         "; <span class=\"loc\">" + e(f.provenance.pos.str()) + "</span>)</div>\n";
  }
  for (const auto& s : n.notes) o += "<div class=\"small\">• " + c.say(s) + "</div>\n";
  for (const auto& ch : n.children) {
    o += "<div class=\"child\">\n";
    trace_node(o, c, ch, rep);
    o += "</div>\n";
  }
}

void appendix(std::string& o, const Ctx& c) {
  const auto& r = c.r;
  o += "<section id=\"s10\">\n<h2>" + c("s10.title") + "</h2>\n<p>" + c("s10.intro") + "</p>\n";
  for (const auto& t : r.traces) {
    o += "<div class=\"trace\" id=\"" + t.id + "\">\n<h4>" + t.id + " — " + c.say(t.title) + "</h4>\n";
    o += "<div>" + c("s10.location") + ": <span class=\"loc where\">" + e(t.where.str()) + "</span></div>\n";
    trace_node(o, c, *t.node, r.emissions);
    o += "</div>\n";
  }
  o += "</section>\n";
}

void sign_off(std::string& o, const Ctx& c) {
  const auto& r = c.r;
  o += "<div class=\"sign\" id=\"sign-off\">\n<h3>" + c("sign.title") + "</h3>\n<table><tbody>\n";
  o += "<tr><th>" + c("sign.prepared") + "</th><td>" + e(r.options.preparer) + "</td><th>" + c("sign.signature") +
       "</th><td></td></tr>\n";
  o += "<tr><th>" + c("sign.checked") + "</th><td></td><th>" + c("sign.signature") + "</th><td></td></tr>\n";
  o += "<tr><th>" + c("sign.date") + "</th><td>" + e(c.m.date(r.options.date.str())) + "</td><th></th><td></td></tr>\n";
  o += "</tbody></table>\n</div>\n";
}

}  // namespace

std::string firm_report_html(const FirmReport& r, Lang lang) {
  const Messages& m = Messages::builtin(lang);
  Ctx c{r, m, lang};
  std::string o;
  o.reserve(64 * 1024 + r.traces.size() * 4096);
  o += "<!DOCTYPE html>\n<html lang=\"" + std::string(lang == Lang::tr ? "tr" : "en") + "\">\n<head>\n<meta charset=\"utf-8\">\n";
  o += "<title>" + c("doc.title") + " — " + e(r.firm.name) + " — " + e(m.date(r.options.date.str())) + "</title>\n<style>";
  // Page-margin boxes (printed by Chromium): running header with firm and date, page numbers.
  const std::string font = ";font:7.5pt \"DejaVu Sans\",sans-serif;color:#555}";
  o += "\n@page{size:A4;margin:20mm 14mm 18mm 14mm;@top-left{content:" +
       css_string(m.format("doc.running", {r.firm.name, m.date(r.options.date.str())})) + font +
       "@top-right{content:\"GreenGate\"" + font + "@bottom-right{content:" + css_string(m("doc.page")) +
       " \" \" counter(page) \" \" " + css_string(m("doc.of")) + " \" \" counter(pages)" + font + "}\n" +
       "@page:first{@top-left{content:none}@top-right{content:none}}";
  o += kCss;
  o += "</style>\n</head>\n<body>\n";
  cover(o, c);
  summary(o, c);
  installations(o, c);
  goods(o, c);
  obligation(o, c);
  taxonomy(o, c);
  factors(o, c);
  gaps(o, c);
  method(o, c);
  appendix(o, c);
  sign_off(o, c);
  o += "</body>\n</html>\n";
  return o;
}

}  // namespace greengate::report
