#include "greengate/report/quality_output.hpp"

#include "greengate/text/number_format.hpp"
#include "greengate/units/quantities.hpp"

namespace greengate::report {

using text::format_fixed;
using text::format_grouped;
using text::format_trimmed;

namespace u = greengate::units;

namespace {

void write_args(JsonWriter& w, const std::vector<calc::WarningArg>& args) {
  w.key("values").begin_array();
  for (const auto& a : args) {
    if (!a.is_number) {
      w.value(a.text);
      continue;
    }
    w.begin_object().field("value", a.number).field("unit", a.unit).end_object();
  }
  w.end_array();
}

void write_score(JsonWriter& w, const calc::QualityScore& s) {
  w.field("score", s.score).field("grade", s.grade);
  w.field("default_share", s.basis.default_share);
  w.field("unverified_supplier_share", s.basis.unverified_supplier_share);
  w.field("unverified_factor_share", s.basis.unverified_factor_share);
  w.field("unverified_supplier_values", s.basis.unverified_supplier_values);
  w.field("unverified_factors", s.basis.unverified_factors);
  w.field("gaps", s.basis.gaps).field("warnings", s.basis.warnings);
  w.key("reasons").begin_array();
  for (const auto& r : s.reasons)
    w.begin_object().field("code", r.code).field("points", r.points).field("share_or_count", r.share).end_object();
  w.end_array();
}

void write_params(JsonWriter& w, const std::vector<rules::ParamUse>& ps) {
  w.key("parameters").begin_array();
  for (const auto& p : ps)
    w.begin_object()
        .field("id", p.id)
        .field("value", p.value)
        .field("unit", p.unit)
        .field("ref", p.ref)
        .field("status", std::string(status_name(p.status)))
        .end_object();
  w.end_array();
}

}  // namespace

std::vector<std::string> arg_texts(const std::vector<calc::WarningArg>& args, text::Convention c) {
  std::vector<std::string> out;
  for (const auto& a : args) {
    if (!a.is_number) {
      out.push_back(a.text);
      continue;
    }
    if (a.unit.empty() && a.decimals == 0) {  // a year or a count
      out.push_back(std::to_string(static_cast<long long>(a.number)));
      continue;
    }
    const int decimals = a.unit == "EUR" ? 0 : a.decimals;
    std::string n = text::echo_plain(format_trimmed(a.number, decimals), c);
    // A percentage reads %67,4 in Turkish (the sign first), 67.4 % in English.
    if (a.unit == "%" && c == text::Convention::turkish) out.push_back("%" + n);
    else out.push_back(a.unit.empty() ? n : n + " " + a.unit);
  }
  return out;
}

void write_plausibility(JsonWriter& w, const calc::PlausibilityReport& r) {
  w.begin_array();
  for (const auto& x : r.warnings) {
    w.begin_object().field("code", x.code).field("file", x.pos.file);
    if (!x.pos.cell.empty()) w.field("cell", x.pos.cell);
    else w.field("line", x.pos.line);
    w.field("where", x.where).field("message", x.message).field("look_at", x.look_at);
    write_args(w, x.args);
    w.end_object();
  }
  w.end_array();
}

std::string quality_json(const calc::QualityReport& q, const calc::PlausibilityReport& p,
                         const calc::EmissionsReport& em, bool pretty) {
  JsonWriter w(pretty);
  w.begin_object();
  w.field("file", em.file).field("firm_id", em.firm_id).field("firm_name", em.firm_name);
  w.field("fictitious", em.fictitious);
  w.key("firm").begin_object();
  write_score(w, q.firm);
  w.end_object();
  w.key("goods").begin_array();
  for (const auto& g : q.goods) {
    w.begin_object().field("cn", g.cn).field("installation", g.installation).field("process", g.process);
    w.field("embedded_tco2e", u::in_tco2e(g.embedded));
    write_score(w, g.q);
    w.end_object();
  }
  w.end_array();
  w.key("savings").begin_array();
  for (const auto& s : q.savings)
    w.begin_object()
        .field("year", s.year)
        .field("scenario", s.scenario)
        .field("actual_vs_default_eur", u::in_eur(s.saving))
        .field("on_unverified_supplier_values_eur", u::in_eur(s.unverified_at_stake))
        .end_object();
  w.end_array();
  w.key("actions").begin_array();
  for (const auto& a : q.actions) {
    w.begin_object().field("code", a.code).field("cn", a.cn).field("installation", a.installation);
    w.field("subject", a.subject).field("points", a.points);
    w.key("eur");
    if (a.eur) w.value(u::in_eur(*a.eur));
    else w.null();
    w.field("year", a.year).field("scenario", a.scenario).field("message", a.message);
    write_args(w, a.args);
    w.end_object();
  }
  w.end_array();
  w.key("plausibility");
  write_plausibility(w, p);
  write_params(w, q.params);
  w.key("plausibility_parameters");
  w.begin_array();
  for (const auto& x : p.params)
    w.begin_object().field("id", x.id).field("value", x.value).field("ref", x.ref)
        .field("status", std::string(status_name(x.status))).end_object();
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

}  // namespace greengate::report
