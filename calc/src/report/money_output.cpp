#include "greengate/text/csv.hpp"
#include "greengate/report/money_output.hpp"

#include "greengate/report/emissions_output.hpp"

namespace greengate::report {

namespace u = greengate::units;

namespace {
std::string full(double v) { return JsonWriter::number(v); }
std::string flags_joined(unsigned f, char sep) {
  std::string s;
  for (const auto& n : calc::flag_names(f)) s += (s.empty() ? "" : std::string(1, sep)) + n;
  return s;
}
using text::csv_field;
}  // namespace

void write_line(JsonWriter& w, const calc::LineResult& l) {
  w.begin_object();
  w.field("in_scope", l.in_scope).field("defaults_used", l.defaults_used);
  w.field("see", l.see).field("embedded_tco2e", u::in_tco2e(l.embedded));
  if (l.faa) w.field("faa_tco2e", u::in_tco2e(*l.faa));
  else w.key("faa_tco2e").null();
  if (l.faa) w.field("sefa", l.sefa);
  else w.key("sefa").null();  // the adjustment is not known: no SEFA, not a zero one
  w.field("art9_tco2e", u::in_tco2e(l.art9));
  w.field("certificates", u::in_tco2e(l.certificates));
  w.field("price_eur", u::in_eur_per_tco2e(l.price)).field("cost_eur", u::in_eur(l.cost));
  if (!l.price_source.empty()) w.field("price_source", l.price_source);
  w.field("cbam_factor", l.cbam_factor).field("cscf", l.cscf);
  w.key("flags").begin_array();
  for (const auto& f : calc::flag_names(l.flags)) w.value(f);
  w.end_array();
  if (!l.gap.empty()) w.field("gap", l.gap);
  if (!l.trace.label.empty()) {
    w.key("trace");
    write_trace(w, l.trace);
  }
  w.end_object();
}

void write_rule_result(JsonWriter& w, const rules::RuleResult& r) {
  w.begin_object();
  w.field("rule", r.rule_id).field("label", r.label).field("ref", r.ref);
  w.field("outcome", std::string(rules::outcome_name(r.outcome))).field("reason", r.reason);
  w.field("date", r.date.str()).field("ruleset", r.ruleset_version);
  w.key("params").begin_array();
  for (const auto& p : r.params) {
    w.begin_object().field("id", p.id).field("value", p.value).field("unit", p.unit);
    w.field("ref", p.ref).field("status", std::string(status_name(p.status)));
    if (!p.note.empty()) w.field("note", p.note);
    w.end_object();
  }
  w.end_array();
  w.key("facts").begin_array();
  for (const auto& f : r.facts) {
    w.begin_object().field("id", f.id);
    if (f.missing) w.field("missing", true);
    else w.field("value", f.value).field("source", f.source);
    w.end_object();
  }
  w.end_array();
  w.key("details").begin_array();
  for (const auto& d : r.details) w.value(d);
  w.end_array();
  if (!r.missing_evidence.empty()) {
    w.key("missing_evidence").begin_array();
    for (const auto& m : r.missing_evidence) w.value(m);
    w.end_array();
  }
  if (!r.required.empty()) {
    w.key("required").begin_array();
    for (const auto& q : r.required) write_rule_result(w, q);
    w.end_array();
  }
  w.end_object();
}

std::string obligation_json(const calc::ObligationReport& rep) {
  JsonWriter w;
  w.begin_object();
  w.field("file", rep.emissions.file).field("firm_id", rep.emissions.firm_id);
  w.field("year", rep.year).field("scenario", rep.scenario);
  w.field("cbam_factor", rep.params.cbam_factor);
  w.field("cbam_factor_status", std::string(status_name(rep.params.cbam_factor_src->provenance.status)));
  w.field("cscf", rep.params.cscf).field("cscf_user", rep.params.cscf_user);
  w.key("lines").begin_array();
  for (const auto& l : rep.lines) {
    w.begin_object();
    w.field("cn", l.emissions.cn).field("installation", l.emissions.installation);
    w.field("destination", l.emissions.destination).field("buyer", l.buyer);
    w.field("quantity_t", u::in_tonnes(l.emissions.quantity)).field("exempt", l.exempt);
    w.field("method", l.line.defaults_used ? std::string("default")
                                           : std::string(calc::data_method_name(l.emissions.method)));
    w.key("obligation");
    write_line(w, l.line);
    w.end_object();
  }
  w.end_array();
  w.key("de_minimis").begin_array();
  for (const auto& d : rep.de_minimis) {
    w.begin_object().field("buyer", d.buyer).field("mass_t", u::in_tonnes(d.mass));
    w.field("exempt", d.exempt).key("rule");
    write_rule_result(w, d.rule);
    w.end_object();
  }
  w.end_array();
  w.key("totals").begin_object();
  w.field("embedded_tco2e", u::in_tco2e(rep.total_embedded));
  w.field("faa_tco2e", u::in_tco2e(rep.total_faa)).field("faa_incomplete", rep.faa_incomplete);
  w.field("art9_tco2e", u::in_tco2e(rep.total_art9));
  w.field("certificates", u::in_tco2e(rep.total_certificates));
  w.field("cost_eur", u::in_eur(rep.total_cost));
  w.end_object();
  w.key("unverified_factors").begin_array();
  for (const auto& k : rep.emissions.unverified()) w.value(k);
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

std::string obligation_csv(const calc::ObligationReport& rep) {
  std::string out =
      "cn,installation,destination,buyer,year,quantity_t,method,see,embedded_tco2e,faa_tco2e,"
      "art9_tco2e,certificates,price_eur,cost_eur,exempt,flags,price_source\n";
  for (const auto& l : rep.lines) {
    out += l.emissions.cn + "," + csv_field(l.emissions.installation) + "," + l.emissions.destination +
           "," + csv_field(l.buyer) + "," + std::to_string(rep.year) + "," +
           full(u::in_tonnes(l.emissions.quantity)) + "," +
           (l.line.defaults_used ? std::string("default") : std::string(calc::data_method_name(l.emissions.method))) +
           "," + full(l.line.see) + "," + full(u::in_tco2e(l.line.embedded)) + "," +
           (l.line.faa ? full(u::in_tco2e(*l.line.faa)) : "") + "," + full(u::in_tco2e(l.line.art9)) +
           "," + full(u::in_tco2e(l.line.certificates)) + "," + full(u::in_eur_per_tco2e(l.line.price)) +
           "," + full(u::in_eur(l.line.cost)) + "," + (l.exempt ? "true" : "false") + "," +
           flags_joined(l.line.flags, ';') + "," + csv_field(l.line.price_source) + "\n";
  }
  return out;
}

std::string exposure_json(const calc::ExposureReport& rep) {
  JsonWriter w;
  w.begin_object();
  w.field("file", rep.emissions.file).field("firm_id", rep.emissions.firm_id);
  w.key("scenarios").begin_array();
  for (const auto& s : rep.scenarios) w.value(s);
  w.end_array();
  w.key("goods").begin_array();
  for (const auto& g : rep.goods) {
    w.begin_object().field("cn", g.cn).field("installation", g.installation);
    w.key("years").begin_array();
    for (const auto& c : g.cells) {
      w.begin_object().field("year", c.year).field("scenario", c.scenario);
      w.field("quantity_t", u::in_tonnes(c.quantity)).field("projected", c.projected);
      if (c.has_actual) {
        w.key("actual");
        write_line(w, c.actual);
      } else {
        w.key("actual").null();
      }
      w.key("default");
      write_line(w, c.defaults);
      w.field("saving_eur", u::in_eur(c.saving()));
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("totals").begin_array();
  for (const auto& t : rep.totals) {
    w.begin_object().field("year", t.year).field("scenario", t.scenario);
    w.field("certificates_actual", u::in_tco2e(t.certificates_actual));
    w.field("certificates_default", u::in_tco2e(t.certificates_default));
    w.field("cost_actual_eur", u::in_eur(t.cost_actual)).field("cost_default_eur", u::in_eur(t.cost_default));
    w.field("saving_eur", u::in_eur(t.saving()));
    w.field("actual_upper_bound", t.actual_upper_bound).field("default_upper_bound", t.default_upper_bound);
    w.key("left_out").begin_array();
    for (const auto& g : t.left_out) w.value(g);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

std::string exposure_csv(const calc::ExposureReport& rep) {
  std::string out =
      "scenario,cn,installation,year,quantity_t,projected,certificates_actual,"
      "certificates_default,cost_actual_eur,cost_default_eur,saving_eur\n";
  for (const auto& g : rep.goods)
    for (const auto& c : g.cells)
      out += csv_field(c.scenario) + "," + g.cn + "," + csv_field(g.installation) + "," +
             std::to_string(c.year) + "," + full(u::in_tonnes(c.quantity)) + "," +
             (c.projected ? "true" : "false") + "," +
             (c.has_actual ? full(u::in_tco2e(c.actual.certificates)) : "") + "," +
             full(u::in_tco2e(c.defaults.certificates)) + "," +
             (c.has_actual ? full(u::in_eur(c.actual.cost)) : "") + "," +
             full(u::in_eur(c.defaults.cost)) + "," + full(u::in_eur(c.saving())) + "\n";
  return out;
}

}  // namespace greengate::report
