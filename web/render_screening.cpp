// Grant screening pages: the upload form, the ranked table, and one applicant's decision record.
// The uploaded call and applicants travel in hidden fields (as the firm XML does on the results
// page): the server keeps no state between the ranked list, the details and the zip.

#include "greengate/rules/evaluator.hpp"
#include "help.hpp"
#include "html.hpp"
#include "i18n.hpp"
#include "render.hpp"
#include "screening.hpp"

namespace greengate::web {

namespace {

std::string hidden(const char* name, const std::string& value) {
  return std::string("<input type=\"hidden\" name=\"") + name + "\" value=\"" + esc(value) + "\">";
}

/// The screening input as hidden fields, so that details and the zip screen the same input again.
std::string state_fields(const ScreenView& v) {
  std::string out = csrf_field(v.csrf);
  if (!v.input) return out;
  const auto& in = *v.input;
  if (in.call_xml.empty()) out += hidden("call", in.call);
  else out += hidden("call_xml", in.call_xml) + hidden("call_name", in.call_name);
  out += hidden("csv", in.csv) + hidden("csv_name", in.csv_name);
  return out;
}

std::string verdict_key(calc::Verdict v) {
  switch (v) {
    case calc::Verdict::eligible: return "verdict.eligible";
    case calc::Verdict::ineligible: return "verdict.ineligible";
    case calc::Verdict::evidence_missing: return "verdict.evidence_missing";
  }
  return "verdict.evidence_missing";
}

std::string verdict_html(const Catalogue& t, calc::Verdict v, const std::string& id) {
  const char* cls = v == calc::Verdict::eligible ? "ok" : v == calc::Verdict::ineligible ? "no" : "warn";
  return "<span class=\"verdict " + std::string(cls) + "\"" + (id.empty() ? "" : " id=\"" + esc(id) + "\"") +
         " data-verdict=\"" + esc(calc::verdict_name(v)) + "\">" + esc(t(verdict_key(v))) + "</span>";
}

std::string funding_key(calc::Funding f) {
  switch (f) {
    case calc::Funding::funded: return "funding.funded";
    case calc::Funding::reserve: return "funding.reserve";
    case calc::Funding::not_ranked: return "funding.not_ranked";
  }
  return "funding.not_ranked";
}

std::string outcome_html(const Catalogue& t, rules::Outcome o) {
  const char* cls = o == rules::Outcome::pass ? "ok" : o == rules::Outcome::fail ? "no" : "muted";
  return "<span class=\"" + std::string(cls) + "\">" + esc(t("outcome." + std::string(rules::outcome_name(o)))) + "</span>";
}

std::string opt_number(const Catalogue& t, const std::optional<double>& v, int decimals) {
  return v ? t.number(*v, decimals) : "<span class=\"muted\">" + esc(t("screen.missing")) + "</span>";
}

std::string params_html(const Catalogue& t, const std::vector<rules::ParamUse>& ps) {
  if (ps.empty()) return {};
  std::string out = "<ul class=\"params\">";
  for (const auto& p : ps)
    out += "<li><code>" + esc(p.id) + "</code> = " + esc(p.value) + " " + esc(p.unit) + " " +
           status_flag(t, p.status) + (p.ref.empty() ? "" : " <small>" + esc(p.ref) + "</small>") +
           (p.note.empty() ? "" : " <small><em>" + esc(p.note) + "</em></small>") + "</li>";
  return out + "</ul>";
}

std::string facts_html(const Catalogue& t, const std::vector<rules::FactUse>& fs) {
  if (fs.empty()) return {};
  std::string out = "<ul class=\"facts\">";
  for (const auto& f : fs) {
    out += "<li><code>" + esc(f.id) + "</code> = ";
    if (f.missing) out += "<span class=\"muted\">" + esc(t("screen.missing")) + "</span>";
    else out += esc(f.value) + " " + esc(f.unit);
    if (!f.source.empty()) out += " <small>(" + esc(f.source) + ")</small>";
    out += "</li>";
  }
  return out + "</ul>";
}

/// A rule file's label: label-tr on Turkish pages when written, else the English label (marked
/// lang="en" on a Turkish page).
std::string label_html(const Catalogue& t, const std::string& en, const std::string& tr) {
  if (!tr.empty() && t.lang() == text::Lang::tr) return esc(tr);
  return en.empty() ? std::string() : en_text(t, en);
}

void criterion_rows(std::string& b, const Catalogue& t, const rules::RuleResult& r, const std::string& group,
                    bool must_pass, int depth) {
  b += "<tr><td>" + esc(group) + "</td><td>" + std::string(static_cast<std::size_t>(depth) * 2, ' ') +
       (depth ? "↳ " : "") + "<code>" + esc(r.rule_id) + "</code><br><small>" + label_html(t, r.label, r.label_tr) + "</small></td><td>" +
       outcome_html(t, r.outcome) + (must_pass ? "" : " <small>(" + esc(t("screen.info_only")) + ")</small>") +
       "</td><td>" + esc(r.why.str(t));
  if (!r.details.empty()) {
    b += "<ul>";
    for (const auto& d : r.details) b += "<li><small>" + esc(d) + "</small></li>";
    b += "</ul>";
  }
  if (!r.missing_evidence.empty()) {
    b += "<br><small>" + esc(t("screen.missing_evidence")) + ": ";
    for (std::size_t i = 0; i < r.missing_evidence.size(); ++i) b += (i ? ", " : "") + esc(r.missing_evidence[i]);
    b += "</small>";
  }
  b += "</td><td><small>" + esc(r.ref) + "</small>" +
       (r.pos.file.empty() ? "" : "<br><small><code>" + esc(r.pos.str()) + "</code></small>") + "</td><td>" +
       params_html(t, r.params) + "</td><td>" + facts_html(t, r.facts) + "</td></tr>";
  if (depth < 3)
    for (const auto& sub : r.required) criterion_rows(b, t, sub, group, must_pass, depth + 1);
}

std::string call_summary(const Catalogue& t, const calc::ScreeningReport& rep) {
  std::string b = "<h2 id=\"call-label\">" + label_html(t, rep.call_label, rep.call_label_tr) + "</h2><p><small><code>" + esc(rep.call_id) +
                  "</code> · " + esc(rep.call_file) + " · " + esc(rep.call_ref) + "</small></p>";
  b += "<table id=\"call-facts\"><tr><th>" + esc(t("screen.date")) + "</th><td>" + esc(rep.date.str()) + "</td></tr>";
  b += "<tr><th>" + esc(t("screen.budget")) + "</th><td>" + t.number(rep.budget, 0) + " EUR " +
       status_flag(t, rep.budget_param.status) + " <small>" + esc(rep.budget_param.ref) + "</small></td></tr>";
  b += "<tr><th>" + esc(t("screen.pass_mark")) + "</th><td>" + t.trimmed(rep.pass_mark, 2) + " / " +
       t.trimmed(rep.total_weight, 2) + " " + status_flag(t, rep.pass_mark_param.status) + "</td></tr>";
  std::string ties;
  for (std::size_t i = 0; i < rep.tie_break.size(); ++i) ties += (i ? ", " : "") + rep.tie_break[i];
  b += "<tr><th>" + esc(t("screen.ranking")) + "</th><td>" + esc(ties) + "; " +
       esc(t("screen.budget_rule")) + ": <code>" + esc(rules::budget_rule_name(rep.budget_rule)) + "</code></td></tr>";
  b += "<tr><th>" + esc(t("screen.rulesets")) + "</th><td><small>" + esc(rep.ruleset_version) + "</small></td></tr></table>";
  return b;
}

}  // namespace

std::string render_screen(const Catalogue& t, const ScreenView& v, const std::string& path_query) {
  std::string b = "<h1>" + esc(t("screen.title")) + "</h1><p class=\"muted\">" + esc(t("screen.intro")) + " " +
                  help_link_html(t, "screen") + "</p>";
  b += "<form method=\"post\" action=\"/screen\" enctype=\"multipart/form-data\" id=\"screen-form\"><fieldset>" +
       csrf_field(v.csrf) + "<div class=\"row\"><div><label for=\"f-call\">" + esc(t("screen.call")) +
       "</label><select id=\"f-call\" name=\"call\">";
  std::string chosen = v.input ? v.input->call : "";
  if (v.calls)
    for (const auto& c : *v.calls)
      b += "<option value=\"" + esc(c.file) + "\"" + (c.file == chosen ? " selected" : "") + ">" + esc(c.label) +
           " (" + esc(c.file) + ")</option>";
  b += "<option value=\"\"" + std::string(v.input && chosen.empty() ? " selected" : "") + ">" +
       esc(t("screen.call_upload")) + "</option></select></div>";
  b += "<div><label for=\"f-call-file\">" + esc(t("screen.call_file")) +
       "</label><input type=\"file\" name=\"call_file\" id=\"f-call-file\" accept=\".xml,application/xml,text/xml\"></div>";
  b += "<div><label for=\"f-applicants\">" + esc(t("screen.applicants_file")) +
       "</label><input type=\"file\" name=\"applicants_file\" id=\"f-applicants\" accept=\".csv,text/csv\"></div>";
  b += "<div><button type=\"submit\" id=\"screen-submit\">" + esc(t("screen.submit")) + "</button></div></div><small>" +
       esc(t("screen.hint")) + "</small></fieldset></form>";
  if (!v.run) return page(t, {esc(t("screen.title")), "screen", path_query}, b);

  const auto& rep = v.run->report;
  b += call_summary(t, rep);
  b += "<p id=\"screen-counts\">" +
       esc(t.format("screen.counts", {std::to_string(rep.results.size()), std::to_string(rep.eligible),
                                       std::to_string(rep.evidence_missing), std::to_string(rep.ineligible),
                                       std::to_string(rep.funded), t.number(rep.allocated, 0), t.number(rep.budget, 0),
                                       std::to_string(rep.reserve)})) + "</p>";
  if (!v.run->dropped.empty()) {
    b += "<div class=\"note\" id=\"screen-firm-files\"><strong>" + esc(t("screen.firm_files_dropped")) + "</strong><ul>";
    for (const auto& d : v.run->dropped)
      b += "<li>" + esc(t.format("screen.firm_file_line", {std::to_string(d.line), d.value})) + "</li>";
    b += "</ul></div>";
  }
  b += "<form method=\"post\" action=\"/screen/applicant\" id=\"screen-results\">" + state_fields(v);
  b += "<p><button type=\"submit\" class=\"sec\" formaction=\"/screen/zip\" id=\"screen-zip\">" +
       esc(t("screen.zip")) + "</button></p>";
  b += "<div class=\"scroll\"><table id=\"screen-ranked\"><tr><th>" + esc(t("screen.rank")) + "</th><th>id</th><th>" +
       esc(t("screen.name")) + "</th><th>" + esc(t("screen.verdict")) + "</th><th>" + esc(t("screen.total")) + "</th>";
  for (const auto& s : rep.sections) b += "<th><code>" + esc(s) + "</code></th>";
  b += "<th>" + esc(t("screen.green")) + "</th><th>" + esc(t("screen.grant")) + " EUR</th><th>" +
       esc(t("screen.funding")) + "</th><th>" + esc(t("screen.cumulative")) + " EUR</th><th></th></tr>";
  for (const auto& r : rep.results) {
    const auto& id = r.applicant.id;
    b += "<tr><td class=\"n\">" + (r.rank ? std::to_string(r.rank) : "—") + "</td><td><code>" + esc(id) +
         "</code></td><td>" + esc(r.applicant.name) + "</td><td>" + verdict_html(t, r.verdict, "verdict-" + id) +
         "</td><td class=\"n\" id=\"total-" + esc(id) + "\">" + t.number(r.total, 2) +
         (r.potential > 0 ? " <small>(+" + t.number(r.potential, 2) + ")</small>" : "") + "</td>";
    for (const auto& s : r.sections) b += "<td class=\"n\">" + t.number(s.weighted, 2) + "</td>";
    b += "<td class=\"n\">" + t.number(r.green, 2) + "</td><td class=\"n\">" +
         opt_number(t, r.applicant.requested_grant, 0) + "</td><td id=\"funding-" + esc(id) + "\">" +
         esc(t(funding_key(r.funding))) + "</td><td class=\"n\">" +
         (r.funding == calc::Funding::funded ? t.number(r.cumulative, 0) : "") +
         "</td><td><button type=\"submit\" class=\"sec\" name=\"applicant\" value=\"" + esc(id) + "\" id=\"detail-" +
         esc(id) + "\">" + esc(t("screen.detail")) + "</button></td></tr>";
  }
  b += "</table></div></form><p><small>" + esc(t("screen.legend")) + "</small></p>";
  return page(t, {esc(t("screen.title")), "screen", path_query}, b);
}

std::string render_screen_detail(const Catalogue& t, const ScreenView& v, const calc::ApplicantResult& r,
                                 const std::string& path_query) {
  const auto& rep = v.run->report;
  const auto& a = r.applicant;
  std::string b = "<h1>" + esc(t("screen.detail_title")) + ": " + esc(a.name) + " <small><code>" + esc(a.id) +
                  "</code></small></h1>";
  b += "<form method=\"post\" action=\"/screen\" id=\"screen-back\">" + state_fields(v) +
       "<div class=\"row\"><button type=\"submit\" class=\"sec\" id=\"back\">" + esc(t("screen.back")) +
       "</button><button type=\"submit\" class=\"sec\" formaction=\"/screen/zip\">" + esc(t("screen.zip")) +
       "</button></div></form>";
  b += "<p class=\"big\">" + verdict_html(t, r.verdict, "verdict") + " · " + esc(t("screen.total")) + " <span id=\"total\">" +
       t.number(r.total, 2) + "</span> / " + t.trimmed(rep.total_weight, 2) +
       (r.potential > 0 ? " <small>(+" + t.number(r.potential, 2) + " " + esc(t("screen.undecided")) + ")</small>" : "") +
       "</p>";
  b += "<p id=\"funding\">" + (r.rank ? esc(t.format("screen.rank_of", {std::to_string(r.rank)})) + " · " : "") +
       esc(t(funding_key(r.funding))) + (r.funding == calc::Funding::funded
                                             ? " · " + esc(t("screen.cumulative")) + " " + t.number(r.cumulative, 0) + " EUR"
                                             : "") +
       (r.funding_reason.empty() ? "" : " — <small>" + esc(r.funding_reason) + "</small>") + "</p>";
  if (!r.reasons.empty()) {
    b += "<h2>" + esc(t("screen.reasons")) + "</h2><ul id=\"reasons\">";
    for (const auto& x : r.reasons) b += "<li>" + esc(x.str(t)) + "</li>";
    b += "</ul>";
  }
  // Applicant data
  auto row = [&](const std::string& key, const std::string& html) {
    return "<tr><th>" + esc(t(key)) + "</th><td>" + html + "</td></tr>";
  };
  auto text = [&](const std::string& s) {
    return s.empty() ? "<span class=\"muted\">" + esc(t("screen.missing")) + "</span>" : esc(s);
  };
  std::string ev;
  for (std::size_t i = 0; i < a.evidence.size(); ++i) ev += (i ? ", " : "") + esc(a.evidence[i]);
  b += "<h2>" + esc(t("screen.applicant")) + "</h2><table id=\"applicant\">";
  b += row("screen.name", text(a.name)) + row("screen.type", text(a.applicant_type)) + row("screen.nace", text(a.nace)) +
       row("screen.employees", opt_number(t, a.employees, 0)) + row("screen.turnover", opt_number(t, a.turnover_eur, 0)) +
       row("screen.balance", opt_number(t, a.balance_sheet_eur, 0)) + row("screen.location", text(a.location)) +
       row("screen.project", text(a.project_title)) + row("screen.project_type", text(a.project_type)) +
       row("screen.sector", text(a.sector)) + row("screen.activity", text(a.activity)) +
       row("screen.baseline_t", opt_number(t, a.baseline_tco2e, 1)) + row("screen.projected_t", opt_number(t, a.projected_tco2e, 1)) +
       row("screen.baseline_mwh", opt_number(t, a.baseline_mwh, 1)) + row("screen.projected_mwh", opt_number(t, a.projected_mwh, 1)) +
       row("screen.grant", opt_number(t, a.requested_grant, 0)) + row("screen.evidence", ev.empty() ? text("") : ev) +
       row("screen.firm_file", text(a.firm_file)) + row("screen.submitted", text(a.submitted));
  for (const auto& [k, val] : a.extra) b += "<tr><th><code>" + esc(k) + "</code></th><td>" + esc(val) + "</td></tr>";
  b += "<tr><th>" + esc(t("screen.source")) + "</th><td><code>" + esc(a.pos.str()) + "</code></td></tr></table>";
  // Criteria
  b += "<h2>" + esc(t("screen.criteria")) + "</h2><div class=\"scroll\"><table id=\"criteria\"><tr><th>" + esc(t("screen.group")) + "</th><th>" +
       esc(t("screen.criterion")) + "</th><th>" + esc(t("screen.result")) + "</th><th>" + esc(t("screen.reason")) +
       "</th><th>" + esc(t("screen.reference")) + "</th><th>" + esc(t("screen.parameters")) + "</th><th>" +
       esc(t("screen.facts")) + "</th></tr>";
  for (const auto& c : r.criteria) criterion_rows(b, t, c.result, c.group, c.must_pass, 0);
  b += "</table></div>";
  // Sections
  b += "<h2>" + esc(t("screen.sections")) + "</h2><table id=\"sections\"><tr><th>id</th><th>" + esc(t("screen.section")) +
       "</th><th>" + esc(t("screen.points")) + "</th><th>" + esc(t("screen.weighted")) + "</th><th>" +
       esc(t("screen.floor")) + "</th><th>" + esc(t("screen.rows")) + "</th></tr>";
  for (const auto& s : r.sections) {
    b += "<tr><td><code>" + esc(s.id) + "</code></td><td>" + label_html(t, s.label, s.label_tr) + (s.green ? " <small>(green)</small>" : "") +
         "<br><small>" + esc(s.ref) + "</small></td><td class=\"n\">" + t.trimmed(s.raw, 2) + " / " + t.trimmed(s.max, 2) +
         (s.sum > s.max ? " <small>(" + t.trimmed(s.sum, 2) + ")</small>" : "") + "</td><td class=\"n\">" +
         t.number(s.weighted, 2) + " / " + t.trimmed(s.weight, 2) +
         (s.potential > 0 ? " <small>(+" + t.trimmed(s.potential, 2) + ")</small>" : "") + "</td><td>" +
         (s.floor ? t.trimmed(*s.floor, 2) + " " + outcome_html(t, s.floor_outcome) : "") + "</td><td><ul>";
    for (const auto& x : s.row_words) b += "<li><small>" + msg_text(t, x) + "</small></li>";
    b += "</ul>" + params_html(t, s.table_result.params) + facts_html(t, s.table_result.facts) + "</td></tr>";
  }
  b += "</table>";
  // All facts and notes
  b += "<h2>" + esc(t("screen.facts")) + "</h2><table id=\"facts\">";
  for (const auto& [id, f] : r.facts.all())
    b += "<tr><td><code>" + esc(id) + "</code></td><td>" + esc(f.display()) + "</td><td><small>" + esc(f.source) +
         "</small></td></tr>";
  b += "</table>";
  if (!r.notes.empty()) {
    b += "<div class=\"note\" id=\"notes\"><ul>";
    for (const auto& n : r.notes) b += "<li>" + esc(n) + "</li>";
    b += "</ul></div>";
  }
  b += "<p><small>" + esc(t("screen.engine_language")) + "</small></p>";
  return page(t, {esc(t("screen.detail_title")) + " — " + esc(a.id), "screen", path_query}, b);
}

}  // namespace greengate::web
