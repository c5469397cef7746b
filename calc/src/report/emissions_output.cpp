#include "greengate/text/csv.hpp"
#include "greengate/report/emissions_output.hpp"

#include "greengate/model/cn_code.hpp"
#include "greengate/report/json_writer.hpp"
#include "greengate/text/number_format.hpp"

namespace greengate::report {

namespace u = greengate::units;

void write_trace(JsonWriter& w, const TraceNode& n) {
  w.begin_object();
  w.field("label", n.label);
  if (!n.formula.empty()) w.field("formula", n.formula);
  w.field("value", n.value).field("unit", n.unit);
  if (!n.pos.file.empty()) w.field("at", n.pos.str());
  if (!n.inputs.empty()) {
    w.key("inputs").begin_array();
    for (const auto& i : n.inputs) {
      w.begin_object().field("name", i.name).field("value", i.value).field("unit", i.unit);
      if (!i.pos.file.empty()) w.field("at", i.pos.str());
      w.end_object();
    }
    w.end_array();
  }
  if (!n.factor_ids.empty()) {
    w.key("factors").begin_array();
    for (const auto& f : n.factor_ids) w.value(f);
    w.end_array();
  }
  if (!n.notes.empty()) {
    w.key("notes").begin_array();
    for (const auto& s : n.notes) w.value(s);
    w.end_array();
  }
  if (!n.children.empty()) {
    w.key("children").begin_array();
    for (const auto& c : n.children) write_trace(w, c);
    w.end_array();
  }
  w.end_object();
}

std::string emissions_json(const calc::EmissionsReport& rep, bool pretty) {
  JsonWriter w(pretty);
  w.begin_object();
  w.field("file", rep.file).field("firm_id", rep.firm_id).field("firm_name", rep.firm_name);
  w.field("fictitious", rep.fictitious).field("markup_year", rep.year);
  w.key("data_versions").begin_array();
  for (const auto& v : rep.data_versions) w.value(v);
  w.end_array();
  w.key("processes").begin_array();
  for (const auto& p : rep.processes) {
    w.begin_object();
    w.field("installation", p.installation).field("process", p.process);
    w.field("category", p.category).field("route", p.route);
    w.field("activity_t", u::in_tonnes(p.activity));
    w.field("direct_tco2e", u::in_tco2e(p.direct)).field("indirect_tco2e", u::in_tco2e(p.indirect));
    w.field("direct_only", p.direct_only);
    w.field("see_direct", u::in_tco2e_per_tonne(p.see_direct));
    w.field("see_indirect_all", u::in_tco2e_per_tonne(p.see_indirect_all));
    w.field("see_indirect_counted", u::in_tco2e_per_tonne(p.see_indirect_counted));
    w.field("see_counted", u::in_tco2e_per_tonne(p.see_counted()));
    w.field("method", std::string(calc::data_method_name(p.method)));
    w.field("complete", p.complete);
    w.key("streams").begin_array();
    for (const auto& s : p.streams) {
      w.begin_object().field("id", s.id).field("method", s.method).field("share", s.share);
      w.field("emissions_tco2e", u::in_tco2e(s.emissions)).field("complete", s.complete);
      w.end_object();
    }
    w.end_array();
    w.key("trace");
    write_trace(w, p.trace);
    w.end_object();
  }
  w.end_array();
  w.key("goods").begin_array();
  for (const auto& g : rep.goods) {
    w.begin_object();
    w.field("cn", g.cn).field("installation", g.installation).field("process", g.process);
    w.field("sector", g.sector).field("in_scope", g.in_scope).field("direct_only", g.direct_only);
    if (g.quantity_stated) w.field("produced_t", u::in_tonnes(g.produced));
    else w.key("produced_t").null();
    w.field("see_direct", u::in_tco2e_per_tonne(g.see_direct));
    w.field("see_indirect", u::in_tco2e_per_tonne(g.see_indirect));
    w.field("see_indirect_counted", u::in_tco2e_per_tonne(g.see_indirect_counted));
    w.field("see_counted", u::in_tco2e_per_tonne(g.see_counted));
    w.field("method", std::string(calc::data_method_name(g.method)));
    w.field("complete", g.complete);
    if (g.unverified_supplier_data) {
      // IR 2025/2547 Art 15, Reg 2023/956 Art 8: not usable in a declaration until verified
      w.field("unverified_supplier_data", true);
      if (g.see_if_defaults) w.field("see_if_defaults", u::in_tco2e_per_tonne(*g.see_if_defaults));
      else w.key("see_if_defaults").null();
    }
    w.key("trace");
    write_trace(w, g.trace);
    w.end_object();
  }
  w.end_array();
  w.key("exports").begin_array();
  for (const auto& x : rep.exports) {
    w.begin_object();
    w.field("cn", x.cn).field("installation", x.installation).field("year", x.year);
    w.field("destination", x.destination).field("quantity_t", u::in_tonnes(x.quantity));
    w.field("see_counted", u::in_tco2e_per_tonne(x.see_counted));
    w.field("embedded_tco2e", u::in_tco2e(x.embedded));
    w.field("method", std::string(calc::data_method_name(x.method)));
    w.field("complete", x.complete);
    if (x.unverified_supplier_data) {
      w.field("unverified_supplier_data", true);
      if (x.see_if_defaults) w.field("see_if_defaults", u::in_tco2e_per_tonne(*x.see_if_defaults));
      else w.key("see_if_defaults").null();
    }
    w.key("trace");
    write_trace(w, x.trace);
    w.end_object();
  }
  w.end_array();
  w.key("factors").begin_array();
  for (const auto& [key, f] : rep.factors_used) {
    w.begin_object();
    w.field("key", key).field("id", f.id).field("name", f.name).field("value", f.value);
    w.field("unit", f.unit).field("table", f.table).field("source", f.provenance.source);
    w.field("valid_from", f.provenance.valid_from.str());
    if (f.provenance.valid_to) w.field("valid_to", f.provenance.valid_to->str());
    else w.key("valid_to").null();
    w.field("status", std::string(status_name(f.provenance.status)));
    if (!f.provenance.note.empty()) w.field("note", f.provenance.note);
    w.field("at", f.provenance.pos.str());
    w.end_object();
  }
  w.end_array();
  w.key("unverified").begin_array();
  for (const auto& k : rep.unverified()) w.value(k);
  w.end_array();
  w.key("gaps").begin_array();
  for (const auto& g : rep.gaps) {
    w.begin_object().field("at", g.pos.str()).field("where", g.where).field("message", g.message);
    w.end_object();
  }
  w.end_array();
  if (!rep.differences.empty()) {
    w.key("differences").begin_array();
    for (const auto& g : rep.differences) {
      w.begin_object().field("at", g.pos.str()).field("where", g.where).field("message", g.message);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  return w.str() + "\n";
}

namespace {
using text::csv_field;
std::string full(double v) { return JsonWriter::number(v); }
}  // namespace

std::string emissions_csv(const calc::EmissionsReport& rep) {
  std::string out =
      "record,installation,process,cn,year,quantity_t,see_direct,see_indirect_counted,"
      "see_counted,embedded_tco2e,method,complete,flags,see_if_defaults\n";
  for (const auto& g : rep.goods) {
    out += "good," + csv_field(g.installation) + "," + csv_field(g.process) + "," + g.cn + "," +
           std::to_string(rep.year) + "," + full(u::in_tonnes(g.produced)) + "," +
           full(u::in_tco2e_per_tonne(g.see_direct)) + "," +
           full(u::in_tco2e_per_tonne(g.see_indirect_counted)) + "," +
           full(u::in_tco2e_per_tonne(g.see_counted)) + ",," +
           std::string(calc::data_method_name(g.method)) + "," + (g.complete ? "true" : "false") +
           "," + (g.unverified_supplier_data ? "unverified_data" : "") + "," +
           (g.see_if_defaults ? full(u::in_tco2e_per_tonne(*g.see_if_defaults)) : "") + "\n";
  }
  for (const auto& x : rep.exports) {
    out += "export," + csv_field(x.installation) + ",," + x.cn + "," + std::to_string(x.year) +
           "," + full(u::in_tonnes(x.quantity)) + ",,," +
           full(u::in_tco2e_per_tonne(x.see_counted)) + "," + full(u::in_tco2e(x.embedded)) +
           "," + std::string(calc::data_method_name(x.method)) + "," +
           (x.complete ? "true" : "false") + "," + (x.unverified_supplier_data ? "unverified_data" : "") +
           "," + (x.see_if_defaults ? full(u::in_tco2e_per_tonne(*x.see_if_defaults)) : "") + "\n";
  }
  return out;
}

}  // namespace greengate::report
