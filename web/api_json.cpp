#include "api_json.hpp"

#include "greengate/model/cn_code.hpp"
#include "greengate/report/lookup_output.hpp"
#include "greengate/text/number_format.hpp"

namespace greengate::web {

void write_scope(report::JsonWriter& w, const rules::ScopeResult& r, const rules::ScopeCatalogue& scope) {
  report::write_scope_json(w, r, scope);
}

void write_default(report::JsonWriter& w, const calc::DefaultWithMarkup& d, const std::string& cn,
                   const std::string& origin, int year) {
  report::write_default_json(w, d, cn, origin, year);
}

std::string error_json(const std::string& code, const std::string& message, const Diagnostics& diags,
                       const std::vector<ApiProblem>& problems) {
  report::JsonWriter w;
  w.begin_object().field("error", message).field("code", code).key("diagnostics").begin_array();
  for (const auto& p : problems) {
    w.begin_object();
    w.field("severity", "error").field("field", p.field);
    if (!p.value.empty()) w.field("value", p.value);
    w.field("code", p.code).field("message", p.message);
    w.end_object();
  }
  for (const auto& d : diags.items()) {
    w.begin_object();
    w.field("severity", d.severity == Severity::error     ? "error"
                        : d.severity == Severity::warning ? "warning"
                                                          : "note");
    w.field("file", d.pos.file).field("line", d.pos.line);
    if (d.pos.column > 0) w.field("column", d.pos.column);  // when known (e.g. a bad UTF-8 byte)
    w.field("code", code).field("message", d.message);
    w.end_object();
  }
  w.end_array().end_object();
  return w.str() + "\n";
}

}  // namespace greengate::web
