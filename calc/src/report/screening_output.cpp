#include "greengate/text/csv.hpp"
#include "greengate/report/screening_output.hpp"

#include <algorithm>
#include <map>

#include "greengate/report/json_writer.hpp"
#include "greengate/report/money_output.hpp"
#include "greengate/text/number_format.hpp"

namespace greengate::report {

using text::format_fixed;
using text::format_grouped;
using text::format_trimmed;

namespace {

using calc::ApplicantResult;
using calc::ScreeningReport;
using rules::Outcome;

using text::csv_field;
std::string score(double v) { return format_fixed(v, 2); }
// Numbers for people, in the language's conventions (Turkish 1.234.567 and 89,50).
std::string score_l(double v, Lang l) { return text::Catalogue::builtin(l).number(v, 2); }
std::string eur_l(double v, Lang l) { return text::Catalogue::builtin(l).number(v, 0); }
std::string opt_num(const std::optional<double>& v) { return v ? format_trimmed(*v, 6) : ""; }
std::string joined(const std::vector<std::string>& v, const std::string& sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

// ---- words ---------------------------------------------------------------------------------------

// The words of the records, from the one catalogue of the language (record.* and the pages' screen.*).
struct Words {
  std::string title, index_title, call, call_ref, date, rulesets, budget, pass_mark, budget_rule,
      tie_break, applicant, verdict, reasons, total, of, rank, funding, criteria, group, criterion,
      result, reason, reference, parameters, facts, details, missing_evidence, sections, section,
      weight, max, sum, raw, weighted, floor, rows, all_facts, source, notes, green, potential,
      requested, allocated, counts, officer, engine_note, unverified_note, fictitious_note, value,
      missing, taxonomy, back, cumulative, status, must_pass, info, stop_rule, skip_rule, none;
};

Words words(Lang l) {
  const auto& m = text::Catalogue::builtin(l);
  Words w;
  w.title = m("record.title");
  w.index_title = m("record.index_title");
  w.call = m("screen.call");
  w.call_ref = m("record.call_ref");
  w.date = m("screen.date");
  w.rulesets = m("screen.rulesets");
  w.budget = m("screen.budget");
  w.pass_mark = m("record.pass_mark");
  w.budget_rule = m("record.budget_rule");
  w.tie_break = m("record.tie_break");
  w.applicant = m("screen.applicant");
  w.verdict = m("screen.verdict");
  w.reasons = m("record.reasons");
  w.total = m("record.total");
  w.of = m("record.of");
  w.rank = m("screen.rank");
  w.funding = m("record.funding");
  w.criteria = m("screen.criteria");
  w.group = m("screen.group");
  w.criterion = m("screen.criterion");
  w.result = m("screen.result");
  w.reason = m("screen.reason");
  w.reference = m("screen.reference");
  w.parameters = m("screen.parameters");
  w.facts = m("record.facts");
  w.details = m("record.details");
  w.missing_evidence = m("record.missing_evidence");
  w.sections = m("screen.sections");
  w.section = m("screen.section");
  w.weight = m("record.weight");
  w.max = m("record.max");
  w.sum = m("record.sum");
  w.raw = m("record.raw");
  w.weighted = m("screen.weighted");
  w.floor = m("screen.floor");
  w.rows = m("record.rows");
  w.all_facts = m("record.all_facts");
  w.source = m("screen.source");
  w.notes = m("record.notes");
  w.green = m("screen.green");
  w.potential = m("record.potential");
  w.requested = m("record.requested");
  w.allocated = m("record.allocated");
  w.counts = m("record.counts");
  w.officer = m("record.officer");
  w.engine_note = m("record.engine_note");
  w.unverified_note = m("record.unverified_note");
  w.fictitious_note = m("record.fictitious_note");
  w.value = m("record.value");
  w.missing = m("screen.missing");
  w.taxonomy = m("record.taxonomy");
  w.back = m("screen.back");
  w.cumulative = m("record.cumulative");
  w.status = m("record.status");
  w.must_pass = m("record.must_pass");
  w.info = m("record.info");
  w.stop_rule = m("record.stop_rule");
  w.skip_rule = m("record.skip_rule");
  w.none = m("record.none");
  return w;
}

std::string verdict_word(calc::Verdict v, Lang l) {
  if (l == Lang::en) return std::string(calc::verdict_name(v));
  switch (v) {
    case calc::Verdict::eligible: return "uygun";
    case calc::Verdict::ineligible: return "uygun değil";
    case calc::Verdict::evidence_missing: return "belge eksik";
  }
  return "?";
}
std::string funding_word(calc::Funding f, Lang l) {
  if (l == Lang::en) return std::string(calc::funding_name(f));
  switch (f) {
    case calc::Funding::funded: return "bütçe dahilinde (desteklenecek)";
    case calc::Funding::reserve: return "yedek liste";
    case calc::Funding::not_ranked: return "sıralama dışı";
  }
  return "?";
}
std::string outcome_word(Outcome o, Lang l) {
  if (l == Lang::en) {
    switch (o) {
      case Outcome::pass: return "pass";
      case Outcome::fail: return "fail";
      case Outcome::not_applicable: return "not applicable";
      case Outcome::unknown: return "unknown (evidence missing)";
    }
  }
  switch (o) {
    case Outcome::pass: return "karşılandı";
    case Outcome::fail: return "karşılanmadı";
    case Outcome::not_applicable: return "uygulanmaz";
    case Outcome::unknown: return "belirlenemedi (belge/veri eksik)";
  }
  return "?";
}
std::string group_word(const std::string& g, Lang l) {
  if (l == Lang::en) return g;
  static const std::map<std::string, std::string> tr = {
      {"eligibility", "uygunluk"}, {"green-deal", "Yeşil Mutabakat"}, {"documents", "belgeler"},
      {"administrative", "idari kontrol"}};
  auto it = tr.find(g);
  return it == tr.end() ? g : it->second;
}

const char* kStyle = R"(<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em;color:#1b1b1b;max-width:80em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0;width:100%}th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top;font-size:.92em}
th{background:#f2f2f2}td.n{text-align:right;white-space:nowrap}
.pass,.eligible,.funded{color:#0a6a2a;font-weight:600}.fail,.ineligible{color:#a11;font-weight:600}
.unknown,.evidence-missing,.reserve{color:#9a6200;font-weight:600}.not_applicable,.not-ranked{color:#666}
.box{border:2px solid #888;padding:.6em 1em;margin:1em 0}.small{font-size:.85em;color:#444}
ul{margin:.2em 0 .2em 1.2em;padding:0}.sig{margin-top:3em;border-top:1px solid #888;width:30em;padding-top:.3em}
@media print{a{color:inherit;text-decoration:none}}
</style>
)";

std::string css_class(std::string_view s) {
  std::string o(s);
  for (auto& c : o)
    if (c == ' ') c = '-';
  return o;
}

std::string head(const std::string& title, Lang l) {
  return "<!DOCTYPE html>\n<html lang=\"" + std::string(text::code_of(l)) +
         "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escape(title) + "</title>\n" + kStyle +
         "</head>\n<body>\n";
}

/// A rule file's label in `l`: label-tr for Turkish when written, else the English label.
const std::string& in_lang(Lang l, const std::string& en, const std::string& tr) {
  return text::pick(text::Catalogue::builtin(l), en, tr);
}

bool fictitious(const ScreeningReport& rep) {
  auto has = [](const std::string& s) {
    std::string low;
    for (char c : s) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return low.find("fictitious") != std::string::npos || low.find("kurgusal") != std::string::npos;
  };
  return has(rep.call_label) || has(rep.call_ref);
}

std::string call_block(const ScreeningReport& rep, Lang l) {
  const Words w = words(l);
  auto e = html_escape;
  std::string o = "<table>\n";
  auto row = [&](const std::string& k, const std::string& v) {
    o += "<tr><th>" + e(k) + "</th><td>" + v + "</td></tr>\n";
  };
  row(w.call, e(in_lang(l, rep.call_label, rep.call_label_tr)) + " <span class=\"small\">(" + e(rep.call_id) + ", " + e(rep.call_file) + ")</span>");
  row(w.call_ref, e(rep.call_ref));
  row(w.date, e(rep.date.str()));
  row(w.budget, e(eur_l(rep.budget, l)) + " EUR <span class=\"small\">(" + e(rep.budget_param.id) + "; " +
                    e(rep.budget_param.ref) + "; " + e(std::string(status_name(rep.budget_param.status))) + ")</span>");
  row(w.pass_mark, e(format_trimmed(rep.pass_mark, 2)) + " " + e(w.of) + " " + e(format_trimmed(rep.total_weight, 2)) +
                       " <span class=\"small\">(" + e(rep.pass_mark_param.id) + "; " + e(rep.pass_mark_param.ref) +
                       "; " + e(std::string(status_name(rep.pass_mark_param.status))) + ")</span>");
  row(w.budget_rule, e(rep.budget_rule == rules::BudgetRule::stop ? w.stop_rule : w.skip_rule));
  row(w.tie_break, e(joined(rep.tie_break, ", ")));
  row(w.rulesets, e(rep.ruleset_version));
  o += "</table>\n";
  if (fictitious(rep)) o += "<p class=\"box\"><strong>" + e(w.fictitious_note) + "</strong></p>\n";
  return o;
}

std::string rule_result_html(const rules::RuleResult& r, Lang l, int depth) {
  const Words w = words(l);
  auto e = html_escape;
  std::string o;
  std::string oc(rules::outcome_name(r.outcome));
  o += "<p><span class=\"" + oc + "\">" + e(outcome_word(r.outcome, l)) + "</span> — <strong>" +
       e(r.label.empty() ? r.rule_id : in_lang(l, r.label, r.label_tr)) + "</strong> <span class=\"small\">(" + e(r.rule_id) + ")</span></p>\n";
  o += "<ul>\n<li><strong>" + e(w.reason) + ":</strong> " + e(r.why.str(text::Catalogue::builtin(l))) + "</li>\n";
  o += "<li><strong>" + e(w.reference) + ":</strong> " + e(r.ref) + "</li>\n";
  if (!r.params.empty()) {
    o += "<li><strong>" + e(w.parameters) + ":</strong><ul>\n";
    for (const auto& p : r.params)
      o += "<li>" + e(p.id) + " = " + e(p.value) + " " + e(p.unit) + " <span class=\"small\">(" + e(p.ref) + "; " +
           e(std::string(status_name(p.status))) + (p.note.empty() ? "" : "; " + e(p.note)) + ")</span></li>\n";
    o += "</ul></li>\n";
  }
  if (!r.facts.empty()) {
    o += "<li><strong>" + e(w.facts) + ":</strong><ul>\n";
    for (const auto& f : r.facts)
      o += f.missing ? "<li>" + e(f.id) + ": <span class=\"unknown\">" + e(w.missing) + "</span></li>\n"
                     : "<li>" + e(f.id) + " = " + e(f.value) + " <span class=\"small\">[" + e(f.source) + "]</span></li>\n";
    o += "</ul></li>\n";
  }
  if (!r.missing_evidence.empty())
    o += "<li><strong>" + e(w.missing_evidence) + ":</strong> <span class=\"unknown\">" +
         e(joined(r.missing_evidence, ", ")) + "</span></li>\n";
  if (!r.details.empty()) {
    o += "<li><strong>" + e(w.details) + ":</strong><ul>\n";
    for (const auto& d : r.details) o += "<li>" + e(d) + "</li>\n";
    o += "</ul></li>\n";
  }
  if (depth < 4)
    for (const auto& q : r.required) o += "<li>" + rule_result_html(q, l, depth + 1) + "</li>\n";
  o += "</ul>\n";
  return o;
}

}  // namespace


std::string applicant_page_name(const calc::Applicant& a) {
  std::string id;
  for (char c : a.id) id += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  return "applicant-" + id + ".html";
}

std::string screening_csv(const ScreeningReport& rep) {
  std::string o = "rank,id,name,verdict,total";
  // (appends one field at a time: GCC 12 warns, wrongly, on "," + std::string temporaries)
  auto field = [&o](const std::string& f) {
    o += ',';
    o += f;
  };
  for (const auto& s : rep.sections) field(csv_field(s));
  o += ",green_score,potential,requested_grant_eur,funding,cumulative_eur,reasons\n";
  for (const auto& r : rep.results) {
    if (r.rank) o += std::to_string(r.rank);
    field(csv_field(r.applicant.id));
    field(csv_field(r.applicant.name));
    field(std::string(calc::verdict_name(r.verdict)));
    field(score(r.total));
    for (const auto& s : r.sections) field(score(s.weighted));
    field(score(r.green));
    field(score(r.potential));
    field(opt_num(r.applicant.requested_grant));
    field(std::string(calc::funding_name(r.funding)));
    field(r.funding == calc::Funding::funded ? format_trimmed(r.cumulative, 2) : std::string());
    std::vector<std::string> reasons;
    for (const auto& x : r.reasons) reasons.push_back(x.en());
    field(csv_field(joined(reasons, " | ")));
    o += '\n';
  }
  return o;
}

std::string screening_json(const ScreeningReport& rep) {
  JsonWriter w;
  w.begin_object();
  w.field("call", rep.call_id).field("label", rep.call_label).field("ref", rep.call_ref).field("file", rep.call_file);
  w.field("date", rep.date.str()).field("ruleset", rep.ruleset_version);
  w.field("budget_eur", rep.budget).field("pass_mark", rep.pass_mark).field("total_weight", rep.total_weight);
  w.field("budget_rule", std::string(rules::budget_rule_name(rep.budget_rule)));
  w.key("tie_break").begin_array();
  for (const auto& t : rep.tie_break) w.value(t);
  w.end_array();
  w.field("allocated_eur", rep.allocated);
  w.key("counts").begin_object().field("eligible", rep.eligible).field("ineligible", rep.ineligible);
  w.field("evidence_missing", rep.evidence_missing).field("funded", rep.funded).field("reserve", rep.reserve);
  w.end_object();
  w.key("applicants").begin_array();
  for (const auto& r : rep.results) {
    w.begin_object();
    w.field("id", r.applicant.id).field("name", r.applicant.name).field("source", r.applicant.pos.str());
    w.field("verdict", std::string(calc::verdict_name(r.verdict)));
    w.field("rank", r.rank).field("total", r.total).field("green", r.green).field("potential", r.potential);
    w.field("pass_mark_outcome", std::string(rules::outcome_name(r.pass_mark_outcome)));
    if (r.applicant.requested_grant) w.field("requested_grant_eur", *r.applicant.requested_grant);
    else w.key("requested_grant_eur").null();
    w.field("funding", std::string(calc::funding_name(r.funding))).field("funding_reason", r.funding_reason);
    if (r.funding == calc::Funding::funded) w.field("cumulative_eur", r.cumulative);
    w.key("reasons").begin_array();
    for (const auto& x : r.reasons) w.value(x.en());
    w.end_array();
    w.key("sections").begin_array();
    for (const auto& s : r.sections) {
      w.begin_object().field("id", s.id).field("label", s.label).field("ref", s.ref);
      w.field("sum", s.sum).field("raw", s.raw).field("max", s.max).field("weight", s.weight);
      w.field("weighted", s.weighted).field("potential", s.potential).field("green", s.green);
      if (s.floor) {
        w.field("floor", *s.floor).field("floor_param", s.floor_param.id).field("floor_ref", s.floor_param.ref);
        w.field("floor_outcome", std::string(rules::outcome_name(s.floor_outcome)));
      }
      w.key("rows").begin_array();
      for (const auto& x : s.rows) w.value(x);
      w.end_array();
      w.end_object();
    }
    w.end_array();
    w.key("criteria").begin_array();
    for (const auto& c : r.criteria) {
      w.begin_object().field("group", c.group).field("must_pass", c.must_pass);
      w.key("result");
      write_rule_result(w, c.result);
      w.end_object();
    }
    w.end_array();
    w.key("notes").begin_array();
    for (const auto& n : r.notes) w.value(n);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

std::string applicant_html(const ScreeningReport& rep, const ApplicantResult& r, Lang l) {
  const Words w = words(l);
  auto e = html_escape;
  const auto& a = r.applicant;
  std::string o = head(std::string(w.title) + " — " + a.id + " " + a.name, l);
  o += "<p class=\"small\"><a href=\"index.html\">" + e(w.back) + "</a></p>\n";
  o += "<h1>" + e(w.title) + ": " + e(a.id) + " — " + e(a.name) + "</h1>\n";
  o += call_block(rep, l);

  // Verdict.
  std::string vc = css_class(calc::verdict_name(r.verdict));
  o += "<div class=\"box\">\n<p><strong>" + e(w.verdict) + ":</strong> <span class=\"" + vc + "\">" +
       e(verdict_word(r.verdict, l)) + "</span></p>\n";
  o += "<p><strong>" + e(w.total) + ":</strong> " + e(score_l(r.total, l)) + " " + e(w.of) + " " +
       e(format_trimmed(rep.total_weight, 2)) + " (" + e(w.pass_mark) + " " + e(format_trimmed(rep.pass_mark, 2)) +
       "; " + e(w.green) + " " + e(score_l(r.green, l)) +
       (r.potential > 0 ? "; " + std::string(w.potential) + " " + score_l(r.potential, l) : "") + ")</p>\n";
  o += "<p><strong>" + e(w.rank) + ":</strong> " + (r.rank ? std::to_string(r.rank) : std::string("—")) +
       " &nbsp; <strong>" + e(w.funding) + ":</strong> <span class=\"" + css_class(calc::funding_name(r.funding)) +
       "\">" + e(funding_word(r.funding, l)) + "</span> — " + e(r.funding_reason) + "</p>\n";
  o += "<p><strong>" + e(w.reasons) + ":</strong></p>\n<ul>\n";
  for (const auto& x : r.reasons) o += "<li>" + e(x.str(text::Catalogue::builtin(l))) + "</li>\n";
  o += "</ul>\n</div>\n";

  // Applicant data.
  o += "<h2>" + e(w.applicant) + "</h2>\n<table>\n";
  const auto& m = text::Catalogue::builtin(l);
  auto field = [&](const std::string& key, const std::string& v) {
    o += "<tr><th>" + e(m("record.field." + key)) + "</th><td>" + e(v) + "</td></tr>\n";
  };
  field("id", a.id);
  field("name", a.name);
  field("applicant_type", a.applicant_type);
  field("nace", a.nace);
  field("employees", opt_num(a.employees));
  field("turnover", a.turnover_eur ? eur_l(*a.turnover_eur, l) : "");
  field("balance_sheet", a.balance_sheet_eur ? eur_l(*a.balance_sheet_eur, l) : "");
  field("location", a.location);
  field("project_title", a.project_title);
  field("project_type", a.project_type);
  field("sector", a.sector);
  field("activity", a.activity);
  field("baseline_tco2e", opt_num(a.baseline_tco2e));
  field("projected_tco2e", opt_num(a.projected_tco2e));
  field("baseline_mwh", opt_num(a.baseline_mwh));
  field("projected_mwh", opt_num(a.projected_mwh));
  field("requested_grant", a.requested_grant ? eur_l(*a.requested_grant, l) : "");
  field("evidence", joined(a.evidence, "; "));
  field("firm_file", a.firm_file);
  field("submitted", a.submitted);
  for (const auto& [k, v] : a.extra) o += "<tr><th>" + e(k) + "</th><td>" + e(v) + "</td></tr>\n";
  field("source", a.pos.str());
  o += "</table>\n";

  // Criteria.
  o += "<h2>" + e(w.criteria) + "</h2>\n";
  for (const auto& c : r.criteria) {
    o += "<div class=\"box\"><p class=\"small\">" + e(w.group) + ": " + e(group_word(c.group, l)) + " · " +
         e(c.must_pass ? w.must_pass : w.info) + "</p>\n";
    o += rule_result_html(c.result, l, 0);
    o += "</div>\n";
  }

  // Sections.
  o += "<h2>" + e(w.sections) + "</h2>\n<table>\n<tr><th>" + e(w.section) + "</th><th>" + e(w.sum) + "</th><th>" +
       e(w.raw) + "</th><th>" + e(w.max) + "</th><th>" + e(w.weight) + "</th><th>" + e(w.weighted) + "</th><th>" +
       e(w.floor) + "</th><th>" + e(w.reference) + "</th></tr>\n";
  for (const auto& s : r.sections) {
    std::string fl = "—";
    if (s.floor)
      fl = e(format_trimmed(*s.floor, 2)) + " <span class=\"" + std::string(rules::outcome_name(s.floor_outcome)) +
           "\">" + e(outcome_word(s.floor_outcome, l)) + "</span> <span class=\"small\">(" + e(s.floor_param.id) +
           "; " + e(s.floor_param.ref) + "; " + e(std::string(status_name(s.floor_param.status))) + ")</span>";
    o += "<tr><td>" + e(in_lang(l, s.label, s.label_tr)) + " <span class=\"small\">(" + e(s.id) + (s.green ? ", green" : "") +
         ")</span></td><td class=\"n\">" + e(format_trimmed(s.sum, 2)) + "</td><td class=\"n\">" +
         e(format_trimmed(s.raw, 2)) + "</td><td class=\"n\">" + e(format_trimmed(s.max, 2)) + "</td><td class=\"n\">" +
         e(format_trimmed(s.weight, 2)) + "</td><td class=\"n\">" + e(score_l(s.weighted, l)) + "</td><td>" + fl +
         "</td><td>" + e(s.ref) + "</td></tr>\n";
  }
  o += "<tr><th colspan=\"5\">" + e(w.total) + "</th><th class=\"n\">" + e(score_l(r.total, l)) + "</th><td colspan=\"2\">" +
       e(w.pass_mark) + " " + e(format_trimmed(rep.pass_mark, 2)) + ": <span class=\"" +
       std::string(rules::outcome_name(r.pass_mark_outcome)) + "\">" + e(outcome_word(r.pass_mark_outcome, l)) +
       "</span></td></tr>\n</table>\n";
  for (const auto& s : r.sections) {
    o += "<p><strong>" + e(in_lang(l, s.label, s.label_tr)) + "</strong> — " + e(w.rows) + ":</p>\n<ul>\n";
    for (const auto& x : s.row_words) o += "<li>" + e(x.str(text::Catalogue::builtin(l))) + "</li>\n";
    o += "</ul>\n";
    if (!s.table_result.facts.empty()) {
      o += "<p class=\"small\">" + e(w.facts) + ": ";
      std::string fs;
      std::vector<std::string> seen;
      for (const auto& f : s.table_result.facts) {
        if (std::find(seen.begin(), seen.end(), f.id) != seen.end()) continue;
        seen.push_back(f.id);
        fs += (fs.empty() ? "" : "; ") + f.id + " = " + (f.missing ? std::string(w.missing) : f.value);
      }
      o += e(fs) + "</p>\n";
    }
    if (!s.table_result.params.empty()) {
      o += "<p class=\"small\">" + e(w.parameters) + ": ";
      std::string ps;
      for (const auto& p : s.table_result.params)
        ps += (ps.empty() ? "" : "; ") + p.id + " = " + p.value + " " + p.unit + " (" + p.ref + "; " +
              std::string(status_name(p.status)) + ")";
      o += e(ps) + "</p>\n";
    }
  }

  // All facts.
  o += "<h2>" + e(w.all_facts) + "</h2>\n<table>\n<tr><th>Fact</th><th>" + e(w.value) + "</th><th>" + e(w.source) +
       "</th></tr>\n";
  for (const auto& [id, f] : r.facts.all())
    o += "<tr><td>" + e(id) + "</td><td>" + e(f.display()) + "</td><td class=\"small\">" + e(f.source) + "</td></tr>\n";
  o += "</table>\n";
  if (!r.notes.empty()) {
    o += "<h2>" + e(w.notes) + "</h2>\n<ul>\n";
    for (const auto& n : r.notes) o += "<li>" + e(n) + "</li>\n";
    o += "</ul>\n";
  }
  o += "<p class=\"small\">" + e(w.engine_note) + " " + e(w.unverified_note) + "</p>\n";
  o += "<p class=\"sig\">" + e(w.officer) + "</p>\n</body>\n</html>\n";
  return o;
}

std::string screening_index_html(const ScreeningReport& rep, Lang l) {
  const Words w = words(l);
  auto e = html_escape;
  std::string o = head(std::string(w.index_title) + " — " + in_lang(l, rep.call_label, rep.call_label_tr), l);
  o += "<h1>" + e(w.index_title) + "</h1>\n" + call_block(rep, l);
  o += "<p><strong>" + e(w.counts) + ":</strong> " + std::to_string(rep.results.size()) + " — " +
       e(verdict_word(calc::Verdict::eligible, l)) + " " + std::to_string(rep.eligible) + ", " +
       e(verdict_word(calc::Verdict::evidence_missing, l)) + " " + std::to_string(rep.evidence_missing) + ", " +
       e(verdict_word(calc::Verdict::ineligible, l)) + " " + std::to_string(rep.ineligible) + "; " +
       e(funding_word(calc::Funding::funded, l)) + " " + std::to_string(rep.funded) + ", " +
       e(funding_word(calc::Funding::reserve, l)) + " " + std::to_string(rep.reserve) + ". " + e(w.allocated) + ": " +
       e(eur_l(rep.allocated, l)) + " / " + e(eur_l(rep.budget, l)) + "</p>\n";
  o += "<table>\n<tr><th>" + e(w.rank) + "</th><th>" + e(w.applicant) + "</th><th>" + e(w.verdict) + "</th><th>" +
       e(w.total) + "</th>";
  for (const auto& s : rep.sections) o += "<th>" + e(s) + "</th>";
  o += "<th>" + e(w.green) + "</th><th>" + e(w.requested) + "</th><th>" + e(w.funding) + "</th><th>" + e(w.cumulative) +
       "</th><th>" + e(w.reasons) + "</th></tr>\n";
  for (const auto& r : rep.results) {
    o += "<tr><td class=\"n\">" + (r.rank ? std::to_string(r.rank) : std::string()) + "</td><td><a href=\"" +
         e(applicant_page_name(r.applicant)) + "\">" + e(r.applicant.id) + "</a> " + e(r.applicant.name) +
         "</td><td class=\"" + css_class(calc::verdict_name(r.verdict)) + "\">" + e(verdict_word(r.verdict, l)) +
         "</td><td class=\"n\">" + e(score_l(r.total, l)) + "</td>";
    for (const auto& s : r.sections) o += "<td class=\"n\">" + e(score_l(s.weighted, l)) + "</td>";
    o += "<td class=\"n\">" + e(score_l(r.green, l)) + "</td><td class=\"n\">" +
         e(r.applicant.requested_grant ? eur_l(*r.applicant.requested_grant, l) : "") + "</td><td class=\"" +
         css_class(calc::funding_name(r.funding)) + "\">" + e(funding_word(r.funding, l)) + "</td><td class=\"n\">" +
         e(r.funding == calc::Funding::funded ? eur_l(r.cumulative, l) : "") + "</td><td class=\"small\">";
    o += e(r.reasons.empty() ? "" : r.reasons.front().str(text::Catalogue::builtin(l))) +
         (r.reasons.size() > 1 ? " (+" + std::to_string(r.reasons.size() - 1) + ")" : "") + "</td></tr>\n";
  }
  o += "</table>\n<p class=\"small\">" + e(w.engine_note) + " " + e(w.unverified_note) + "</p>\n</body>\n</html>\n";
  return o;
}

}  // namespace greengate::report
