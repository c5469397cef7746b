#include "greengate/report/uncertainty_output.hpp"

#include "greengate/error.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/text/csv.hpp"

namespace greengate::report {

using text::format_fixed;
using text::format_grouped;
using text::format_trimmed;

void write_uncertainty(JsonWriter& w, const calc::UncertaintyResult& r) {
  w.begin_object();
  w.field("method", "Monte Carlo (IPCC 2006 Vol. 1 Ch. 3, Approach 2) over the engine's exact "
                    "response to the uncertain inputs");
  w.field("samples", r.samples);
  w.key("seed").value(std::to_string(r.seed));
  w.field("generator", r.generator);
  w.field("engine_runs", r.engine_runs);
  w.key("variables").begin_array();
  for (const auto& v : r.variables) {
    w.begin_object();
    w.field("id", v.id);
    w.field("kind", v.kind == calc::VariableKind::library_factor ? "library factor" : "measurement");
    w.field("label", v.label);
    if (v.kind == calc::VariableKind::library_factor) {
      w.field("value", v.value);
      w.field("lower", v.lower);
      w.field("upper", v.upper);
      w.field("unit", v.unit);
    }
    w.field("minus_percent", v.rel_minus * 100.0);
    w.field("plus_percent", v.rel_plus * 100.0);
    w.field("source", v.source);
    w.field("at", v.pos.str());
    w.field("uses", v.uses);
    w.end_object();
  }
  w.end_array();
  w.key("figures").begin_array();
  for (const auto& f : r.figures) {
    w.begin_object();
    w.field("key", f.key);
    w.field("label", f.label);
    w.field("unit", f.unit);
    w.field("deterministic", f.deterministic);
    w.field("varies", f.varies);
    if (!f.unavailable.empty()) w.field("unavailable", f.unavailable);
    if (f.varies) {
      w.field("mean", f.mean);
      w.field("sd", f.sd);
      w.field("p2_5", f.p025);
      w.field("median", f.median);
      w.field("p97_5", f.p975);
      w.key("contributors").begin_array();
      for (const auto& c : f.contributors) {
        w.begin_object();
        w.field("variable", r.variables[c.variable].id);
        w.field("share", c.share);
        w.end_object();
      }
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
  w.key("notes").begin_array();
  for (const auto& n : r.notes) w.value(n);
  w.end_array();
  w.end_object();
}

std::string with_uncertainty(const std::string& document, const calc::UncertaintyResult& r) {
  auto end = document.find_last_of('}');
  if (end == std::string::npos) throw InternalError("with_uncertainty: not a JSON object");
  std::string body = document.substr(0, end);
  while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.pop_back();
  JsonWriter w(false);
  write_uncertainty(w, r);
  bool empty_object = !body.empty() && body.back() == '{';
  return body + (empty_object ? "" : ",") + "\n  \"uncertainty\": " + w.str() + "\n}" +
         document.substr(end + 1);
}

std::string uncertainty_csv(const calc::UncertaintyResult& r) {
  std::string out = "figure,label,unit,deterministic,mean,sd,p2_5,median,p97_5,contributors\n";
  auto num = [](double v) { return JsonWriter::number(v); };
  for (const auto& f : r.figures) {
    std::string contrib;
    for (const auto& c : f.contributors)
      contrib += (contrib.empty() ? "" : ";") + r.variables[c.variable].id + " " +
                 format_fixed(c.share * 100.0, 1) + "%";
    std::vector<std::string> row = {f.key, f.label, f.unit, num(f.deterministic)};
    if (f.varies) {
      for (double v : {f.mean, f.sd, f.p025, f.median, f.p975}) row.push_back(num(v));
    } else {
      for (int i = 0; i < 5; ++i) row.emplace_back();
    }
    row.push_back(f.varies ? contrib : f.unavailable);
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      text::append_csv_field(out, row[i]);
    }
    out += '\n';
  }
  return out;
}

}  // namespace greengate::report
