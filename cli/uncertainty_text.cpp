#include "uncertainty_text.hpp"

#include <cmath>

#include "greengate/text/number_format.hpp"
#include "greengate/report/uncertainty_output.hpp"
#include "text_table.hpp"

namespace greengate::cli {

const char* const kUncertaintyHelp =
    R"(  --uncertainty N Monte Carlo with N samples (100-1000000) over the uncertainties held: IPCC
                  95 % bounds of library NCVs and CO2 emission factors, the file's 'uncertainty'
                  attributes (measurements, precursors, product and hydrogen inputs); mean,
                  2.5 %/97.5 % points and largest contributors
                  (text: a section after the report; json: member "uncertainty"; csv: the
                  uncertainty table only). Method: docs/methodology.md, "Uncertainty"
  --seed S        seed of the random numbers (default 1): same seed, same figures
)";

std::optional<calc::UncertaintyOptions> uncertainty_options(const Args& a, const std::string& command) {
  auto n = a.get("uncertainty");
  auto seed = a.get("seed");
  if (!n) {
    if (seed) throw UsageError(command + ": --seed belongs to --uncertainty N");
    return std::nullopt;
  }
  calc::UncertaintyOptions opt;
  auto digits = [](const std::string& s) {
    if (s.empty() || s.size() > 20) return false;
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return true;
  };
  if (!digits(*n) || n->size() > 7 || std::stoull(*n) < 100 || std::stoull(*n) > 1000000)
    throw UsageError(command + ": --uncertainty must be a number of samples from 100 to 1000000 (got \"" + *n + "\")");
  opt.samples = std::stoull(*n);
  if (seed) {
    bool ok = digits(*seed);
    if (ok && seed->size() == 20 && *seed > "18446744073709551615") ok = false;
    if (!ok)
      throw UsageError(command + ": --seed must be a whole number from 0 to 18446744073709551615 (got \"" + *seed + "\")");
    opt.seed = std::stoull(*seed);
  }
  return opt;
}

namespace {

std::string num(double v, double scale) {
  const double a = std::abs(scale);
  int d = a < 10 ? 3 : a < 1000 ? 1 : 0;
  return text::format_grouped(v, d);
}

std::string pct(double v) { return text::format_fixed(v * 100.0, 1); }

}  // namespace

void print_uncertainty(std::ostream& o, const calc::UncertaintyResult& r, report::Lang lang) {
  const bool tr = lang == report::Lang::tr;
  o << (tr ? "\nBelirsizlik (Monte Carlo: " : "\nUncertainty (Monte Carlo: ")
    << text::format_grouped(static_cast<double>(r.samples), 0)
    << (tr ? " örnek, tohum " : " samples, seed ") << r.seed << "; " << r.generator << "; "
    << r.engine_runs << (tr ? " motor çalıştırması)\n" : " engine runs)\n");
  TextTable t({tr ? "sonuç" : "figure", tr ? "birim" : "unit", tr ? "değer" : "value",
               tr ? "ortalama" : "mean", "2.5 %", "97.5 %", tr ? "aralık" : "range",
               tr ? "en büyük katkılar (varyans payı)" : "largest contributors (share of variance)"},
              {false, false, true, true, true, true, false, false});
  for (const auto& f : r.figures) {
    if (!f.varies) {
      t.row({f.label, f.unit, num(f.deterministic, f.deterministic), "", "", "",
             f.unavailable.empty() ? (tr ? "belirsiz girdi yok" : "no uncertain input")
                                   : (tr ? "aralık yok (bkz. not)" : "no range (see note)"),
             ""});
      continue;
    }
    std::string range;
    if (f.deterministic != 0)
      range = "-" + pct((f.deterministic - f.p025) / std::abs(f.deterministic)) + " % / +" +
              pct((f.p975 - f.deterministic) / std::abs(f.deterministic)) + " %";
    std::string contrib;
    for (std::size_t i = 0; i < f.contributors.size() && i < 3; ++i)
      contrib += (i ? ", " : "") + r.variables[f.contributors[i].variable].id + " " +
                 text::format_fixed(f.contributors[i].share * 100.0, 0) + " %";
    t.row({f.label, f.unit, num(f.deterministic, f.deterministic), num(f.mean, f.deterministic),
           num(f.p025, f.deterministic), num(f.p975, f.deterministic), range, contrib});
  }
  t.print(o);
  if (!r.variables.empty()) {
    o << (tr ? "\nBelirsiz girdiler (95 % sınırlar; değer medyandır)\n"
             : "\nUncertain inputs (95 % bounds; the value is the median)\n");
    TextTable v({"id", tr ? "tür" : "kind", tr ? "değer" : "value", tr ? "alt" : "lower",
                 tr ? "üst" : "upper", tr ? "birim" : "unit", "-/+ %", tr ? "kullanım" : "uses",
                 tr ? "kaynak" : "from"},
                {false, false, true, true, true, false, false, true, false});
    for (const auto& x : r.variables) {
      bool lib = x.kind == calc::VariableKind::library_factor;
      v.row({x.id, lib ? (tr ? "kütüphane" : "library") : (tr ? "ölçüm" : "measurement"),
             lib ? text::format_trimmed(x.value, 6) : "", lib ? text::format_trimmed(x.lower, 6) : "",
             lib ? text::format_trimmed(x.upper, 6) : "", lib ? x.unit : "",
             "-" + pct(x.rel_minus) + " / +" + pct(x.rel_plus), std::to_string(x.uses),
             lib ? x.pos.str() : x.source + " [" + x.pos.str() + "]"});
    }
    v.print(o);
  }
  for (const auto& f : r.figures)
    if (!f.unavailable.empty()) o << "  " << f.label << ": " << f.unavailable << "\n";
  for (const auto& n : r.notes) o << "  note: " << n << "\n";
}

void write_with_uncertainty(std::ostream& o, const std::string& format, const std::string& document,
                            const calc::UncertaintyResult& r, report::Lang lang) {
  if (format == "json") o << report::with_uncertainty(document, r);
  else if (format == "csv") o << report::uncertainty_csv(r);
  else {
    o << document;
    print_uncertainty(o, r, lang);
  }
}

}  // namespace greengate::cli
