#include "greengate/report/lookup_output.hpp"

#include "greengate/model/cn_code.hpp"
#include "greengate/text/number_format.hpp"

namespace greengate::report {

using text::format_fixed;
using text::format_grouped;
using text::format_trimmed;

void write_scope_json(JsonWriter& w, const rules::ScopeResult& r, const rules::ScopeCatalogue& scope) {
  std::string sector = r.entry ? std::string(model::sector_slug(r.entry->sector)) : "";
  std::string ref = r.entry ? r.entry->ref : r.exclusion ? r.exclusion->ref : "";
  bool direct_only = r.entry && r.entry->direct_only;
  std::string cat = r.category ? r.category->name : "";
  w.begin_object().field("cn", r.cn).field("in_scope", r.in_scope).field("sector", sector);
  w.field("direct_only", direct_only).field("category", cat).field("reason", r.reason);
  w.field("ref", ref);
  if (r.entry && !r.entry->note.empty()) w.field("note", r.entry->note);
  w.field("catalogue", scope.version());
  w.end_object();
}

void write_default_json(JsonWriter& w, const calc::DefaultWithMarkup& d, const std::string& cn,
                        const std::string& origin, int year) {
  const auto& L = d.lookup;
  const auto& c = *L.cell;
  w.begin_object();
  w.field("cn", cn).field("origin", origin).field("year", year);
  w.field("good", L.good->code).field("description", L.good->description);
  w.field("sector", d.sector).field("table", L.table_name);
  w.field("direct", c.direct);
  if (c.has_indirect) w.field("indirect", c.indirect);
  else w.key("indirect").null();
  w.field("total", c.total).field("route", c.route);
  w.field("markup_pct", d.markup * 100.0)
      .field("marked_up_total", units::in_tco2e_per_tonne(d.marked_up_total));
  w.field("marked_up_total_display",
          format_fixed(units::in_tco2e_per_tonne(d.marked_up_total), 3));
  w.field("fallback_used", L.fallback_used);
  if (L.fallback_used) w.field("fallback_reason", L.fallback_reason);
  w.field("source", L.provenance.source).field("valid", L.provenance.validity());
  w.field("status", std::string(status_name(L.provenance.status))).field("at", L.provenance.pos.str());
  w.field("markup_source", d.markup_factor->provenance.source);
  w.field("markup_status", std::string(status_name(d.markup_factor->provenance.status)));
  w.field("markup_at", d.markup_factor->provenance.pos.str());
  w.end_object();
}

void write_goods_json(JsonWriter& w, std::string_view query, const std::optional<calc::GoodsCode>& code,
                      const std::vector<calc::GoodsMatch>& found, bool truncated, const std::string* gtip_note) {
  w.begin_object().field("query", std::string(query));
  if (code) {
    w.field("cn", code->cn);
    if (code->gtip) {
      w.field("gtip", code->typed);
      if (gtip_note) w.field("gtip_note", *gtip_note);
    }
  }
  bool any_word = false;
  w.key("goods").begin_array();
  for (const auto& m : found) {
    w.begin_object().field("cn", m.good->code).field("sector", std::string(model::sector_slug(m.good->sector)));
    w.field("description", m.good->description);
    w.field("found_by", m.words ? "search_word" : code ? "code" : "description");
    if (m.words) {
      w.field("word", m.word).field("word_at", m.words->pos.str());
      any_word = true;
    }
    w.end_object();
  }
  w.end_array();
  w.field("truncated", truncated);
  if (any_word) w.field("search_words_note", "a search aid written by GreenGate, not the GTİP tariff text");
  w.end_object();
}

}  // namespace greengate::report
