#include "html.hpp"

#include <cstdio>
#include <memory>

#include "greengate/provenance.hpp"
#include "greengate/text/escape.hpp"
#include "greengate/utf8.hpp"
#include "i18n.hpp"

namespace greengate::web {

std::string esc(std::string_view s) { return text::html_escape(s); }

std::string date_text(const Catalogue& t, const Date& d) {
  if (t.code() != "tr") return d.str();
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", d.day, d.month, d.year);
  return buf;
}

std::string validity_text(const Catalogue& t, const Provenance& p) {
  if (!p.valid_to) return esc(t.format("valid.from", {date_text(t, p.valid_from)}));
  return esc(date_text(t, p.valid_from) + " – " + date_text(t, *p.valid_to));
}

std::string en_text(const Catalogue& t, std::string_view s) {
  if (t.code() == "en" || s.empty()) return esc(s);
  return "<span lang=\"en\">" + esc(s) + "</span>";
}

namespace {
// Brackets that no catalogue text or engine English holds: they mark where a literal part of a
// message begins and ends while the message is rendered, and become <span lang="en"> after escaping.
constexpr char kEnBegin = '\x01', kEnEnd = '\x02';

text::Message literals_bracketed(text::Message m) {
  if (m.is_literal() && !m.literal.empty()) m.literal = kEnBegin + m.literal + kEnEnd;
  for (auto& a : m.args)
    if (a.kind == text::Arg::Kind::message && a.message)
      a.message = std::make_shared<const text::Message>(literals_bracketed(*a.message));
    else if (a.kind == text::Arg::Kind::label && a.text_tr.empty() && !a.text.empty())
      a.text = kEnBegin + a.text + kEnEnd;  // a rule file's label with no label-tr: English
  for (auto& t : m.then) t = literals_bracketed(std::move(t));
  return m;
}
}  // namespace

std::string msg_text(const Catalogue& t, const text::Message& m) {
  if (m.is_literal() && m.then.empty()) return en_text(t, m.literal);
  if (t.code() == "en") return esc(m.str(t));
  // a keyed message may hold English parts (a literal argument or tail): each is marked lang="en"
  std::string out;
  for (char ch : esc(literals_bracketed(m).str(t))) {
    if (ch == kEnBegin) out += "<span lang=\"en\">";
    else if (ch == kEnEnd) out += "</span>";
    else out.push_back(ch);
  }
  return out;
}

std::string clip(std::string_view s, std::size_t max_bytes) { return std::string(utf8::prefix(s, max_bytes)); }

std::string url_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out.push_back(static_cast<char>(c));
    else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
    }
  }
  return out;
}

std::string_view style_sheet() {
  return R"CSS(
:root{--ink:#1d2a21;--muted:#5b6b60;--line:#d5ddd7;--accent:#1f6f43;--bad:#a3261b;--warn:#8a5a00;--bg:#f7f9f7}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",system-ui,sans-serif;color:var(--ink);background:var(--bg);margin:0;line-height:1.45}
header{background:var(--accent);color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none;padding:.2rem .4rem;border-radius:3px}
header a.on{background:rgba(255,255,255,.22)}
header .brand{font-weight:bold;margin-right:1rem}
header .lang{margin-left:auto}
main{max-width:72rem;margin:1rem auto;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.6rem}
fieldset{border:1px solid var(--line);background:#fff;margin:0 0 1rem;padding:.8rem;min-width:0}
label{display:block;font-size:.9rem;color:var(--muted)}
input,select{font:inherit;padding:.25rem .35rem;border:1px solid #9aa;border-radius:3px;max-width:100%}
input.err,select.err{border-color:var(--bad);background:#fff3f2}
.row{display:flex;gap:.8rem;flex-wrap:wrap;align-items:flex-end}
.fielderr{color:var(--bad);font-size:.85rem;display:block}
button{font:inherit;padding:.3rem .8rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:3px;cursor:pointer}
button.sec{background:#fff;color:var(--accent)}
button.del{background:#fff;color:var(--bad);border-color:var(--bad)}
table{border-collapse:collapse;background:#fff;margin:.4rem 0 1rem;font-size:.92rem}
.wide{overflow-x:auto;max-width:100%;position:relative}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.ok{color:var(--accent);font-weight:bold}.no{color:var(--bad);font-weight:bold}.warn{color:var(--warn);font-weight:bold}
.flag{display:inline-block;font-size:.78rem;padding:0 .35rem;border-radius:3px;border:1px solid}
.flag.verified{color:var(--accent)}.flag.single{color:var(--warn)}.flag.unverified{color:var(--bad)}
.note{background:#fffbe6;border-left:4px solid #e0b400;padding:.5rem .8rem;margin:.8rem 0}
.errors{background:#fff3f2;border-left:4px solid var(--bad);padding:.5rem .8rem;margin:.8rem 0}
.pending{background:#eef3f8;border-left:4px solid #5577aa;padding:.5rem .8rem;margin:.8rem 0;color:#334}
.trace{background:#fff;border:1px solid var(--line);padding:.4rem .8rem;margin:.5rem 0}
.trace ul{margin:.2rem 0 .2rem 1rem;padding-left:.6rem}
.trace code{font-size:.85rem}
.big{font-size:1.25rem;font-weight:bold}
small,.muted{color:var(--muted)}
svg text{font-family:"DejaVu Sans",sans-serif;font-size:11px}
a.button{display:inline-block;padding:.3rem .8rem;border:1px solid var(--accent);color:var(--accent);background:#fff;border-radius:3px;text-decoration:none}
#batch-progress .progress-line:not(:last-child){display:none}
progress{width:16rem;vertical-align:middle}
.scroll{overflow-x:auto}
svg{max-width:100%;height:auto}
footer{max-width:72rem;margin:2rem auto;padding:0 1rem;color:var(--muted);font-size:.85rem}
.vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
caption{text-align:left;font-weight:bold;padding:.2rem 0}
.row>div,.row>form{min-width:0;max-width:100%}
input[type=file]{max-width:100%}
:focus-visible{outline:3px solid #e0b400;outline-offset:1px}
input.err:focus,select.err:focus{outline:3px solid var(--bad)}
code{overflow-wrap:anywhere}
pre{background:#fff;border:1px solid var(--line);padding:.5rem;overflow-x:auto;max-width:100%}
pre code{overflow-wrap:normal}
#help-doc{max-width:60rem}
@media (max-width:40rem){
header{padding:.5rem .6rem;gap:.4rem .7rem}header .brand{margin-right:0}header .lang{margin-left:0}
main{padding:0 .5rem}footer{padding:0 .5rem}
fieldset{padding:.5rem}
.row>div,.row>form{flex:1 1 100%}
.row input:not([type=checkbox]):not([type=hidden]),.row select{width:100%}
input[type=file]{width:100%;font-size:.85rem}
table{font-size:.85rem}
.big{font-size:1.1rem}
progress{width:100%}
}
)CSS";
}

std::string csrf_field(std::string_view token) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(token) + "\">";
}

std::string accessible_tables(std::string_view body) {
  std::string out;
  out.reserve(body.size() + body.size() / 16);
  std::size_t pos = 0;
  static constexpr std::string_view wrap = "<div class=\"wide\">";
  while (true) {
    auto at = body.find("<table", pos);
    if (at == std::string_view::npos) break;
    auto open_end = body.find('>', at);
    auto close = body.find("</table>", open_end);
    if (open_end == std::string_view::npos || close == std::string_view::npos) break;
    std::string_view before = body.substr(pos, at - pos);
    out += before;
    bool wrapped = out.size() >= wrap.size() && std::string_view(out).substr(out.size() - wrap.size()) == wrap;
    if (!wrapped) out += wrap;
    out += body.substr(at, open_end + 1 - at);
    std::string inner(body.substr(open_end + 1, close - open_end - 1));
    // A table without a caption is named by the heading just before it (for screen readers;
    // the heading shows it).
    if (inner.find("<caption") == std::string::npos) {
      auto h = before.rfind("<h");
      if (h != std::string_view::npos && h + 3 < before.size() && (before[h + 2] == '2' || before[h + 2] == '3')) {
        auto text_at = before.find('>', h);
        auto text_end = before.find("</h", text_at);
        if (text_at != std::string_view::npos && text_end != std::string_view::npos &&
            before.find("<table", text_end) == std::string_view::npos)
          out += "<caption class=\"vh\">" + std::string(before.substr(text_at + 1, text_end - text_at - 1)) + "</caption>";
      }
    }
    // The first row's plain <th> are column headers; a later row's first <th> heads its row.
    auto first_row_end = inner.find("</tr>");
    std::string fixed;
    std::size_t k = 0;
    for (auto th = inner.find("<th>"); th != std::string::npos; th = inner.find("<th>", k)) {
      fixed.append(inner, k, th - k);
      bool in_first_row = first_row_end == std::string::npos || th < first_row_end;
      fixed += in_first_row ? "<th scope=\"col\">" : "<th scope=\"row\">";
      k = th + 4;
    }
    fixed.append(inner, k, std::string::npos);
    out += fixed;
    out += "</table>";
    if (!wrapped) out += "</div>";
    pos = close + 8;
  }
  out += body.substr(pos);
  return out;
}

std::pair<std::string, std::string> page_parts(const Catalogue& t, const PageFrame& f) {
  static constexpr std::string_view marker = "\x01body\x01";
  auto whole = page(t, f, marker);
  auto at = whole.find(marker);
  return {whole.substr(0, at), whole.substr(at + marker.size())};
}

std::string page(const Catalogue& t, const PageFrame& f, std::string_view body) {
  std::string out;
  out.reserve(body.size() + 4096);
  out += "<!DOCTYPE html>\n<html lang=\"" + t.code() + "\"><head><meta charset=\"utf-8\">";
  out += "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">";
  out += "<title>" + f.title + " · GreenGate</title><style>";
  out += style_sheet();
  out += "</style></head><body>";
  if (f.navigation) {
    auto item = [&](const char* key, const char* href, const char* id) {
      return std::string("<a href=\"") + href + "\"" + (f.active == id ? " class=\"on\"" : "") +
             ">" + esc(t(key)) + "</a>";
    };
    out += "<header><span class=\"brand\">GreenGate</span>";
    out += item("nav.quick", "/", "quick");
    out += item("nav.firm", "/firm", "firm");
    out += item("nav.batch", "/batch", "batch");
    out += item("nav.screen", "/screen", "screen");
    out += item("nav.saved", "/saved", "saved");
    out += item("nav.help", "/help", "help");
    std::string base = f.path_query.empty() ? "/" : f.path_query;
    std::string joiner = base.find('?') == std::string::npos ? "?" : "&";
    out += "<span class=\"lang\">";
    out += "<a id=\"lang-tr\" href=\"" + esc(base + joiner + "lang=tr") + "\"" +
           (t.code() == "tr" ? " class=\"on\"" : "") + ">Türkçe</a> ";
    out += "<a id=\"lang-en\" href=\"" + esc(base + joiner + "lang=en") + "\"" +
           (t.code() == "en" ? " class=\"on\"" : "") + ">English</a>";
    out += "</span></header>";
  }
  out += "<main>";
  out += accessible_tables(body);
  out += "</main><footer>" + esc(t("footer.text")) + "</footer></body></html>\n";
  return out;
}

}  // namespace greengate::web
