#include "uncertainty_text.hpp"

#include <cmath>

#include "greengate/text/number_format.hpp"
#include "greengate/report/uncertainty_output.hpp"
#include "text_table.hpp"
#include "words.hpp"

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
    if (seed) throw usage_error("cli.usage.seed_alone", {command});
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
    throw usage_error("cli.usage.uncertainty_samples", {command, *n});
  opt.samples = std::stoull(*n);
  if (seed) {
    bool ok = digits(*seed);
    if (ok && seed->size() == 20 && *seed > "18446744073709551615") ok = false;
    if (!ok)
      throw usage_error("cli.usage.seed", {command, *seed});
    opt.seed = std::stoull(*seed);
  }
  return opt;
}

namespace {

std::string num(const Words& w, double v, double scale) {
  const double a = std::abs(scale);
  int d = a < 10 ? 3 : a < 1000 ? 1 : 0;
  return w.grouped(v, d);
}

}  // namespace

void print_uncertainty(std::ostream& o, const calc::UncertaintyResult& r, const Words& w) {
  o << "\n" << w("cli.unc.title", {w.grouped(static_cast<double>(r.samples), 0), std::to_string(r.seed), r.generator,
                                   std::to_string(r.engine_runs)})
    << "\n";
  TextTable t({w("cli.unc.col.figure"), w("cli.unc.col.unit"), w("cli.unc.col.value"), w("cli.unc.col.mean"),
               w.percent(0.025, 1), w.percent(0.975, 1), w("cli.unc.col.range"), w("cli.unc.col.contributors")},
              {false, false, true, true, true, true, false, false});
  for (const auto& f : r.figures) {
    if (!f.varies) {
      t.row({f.label, f.unit, num(w, f.deterministic, f.deterministic), "", "", "",
             f.unavailable.empty() ? w("cli.unc.no_uncertain_input") : w("cli.unc.no_range"), ""});
      continue;
    }
    std::string range;
    if (f.rel_minus() && f.rel_plus())
      range = w("cli.unc.range", {w.percent_fixed(*f.rel_minus(), 1), w.percent_fixed(*f.rel_plus(), 1)});
    std::string contrib;
    for (std::size_t i = 0; i < f.contributors.size() && i < 3; ++i)
      contrib += (i ? ", " : "") + r.variables[f.contributors[i].variable].id + " " +
                 w.percent_fixed(f.contributors[i].share, 0);
    t.row({f.label, f.unit, num(w, f.deterministic, f.deterministic), num(w, f.mean, f.deterministic),
           num(w, f.p025, f.deterministic), num(w, f.p975, f.deterministic), range, contrib});
  }
  t.print(o);
  if (!r.variables.empty()) {
    o << "\n" << w("cli.unc.inputs") << "\n";
    TextTable v({w("cli.unc.col.id"), w("cli.unc.col.kind"), w("cli.unc.col.value"), w("cli.unc.col.lower"),
                 w("cli.unc.col.upper"), w("cli.unc.col.unit"), w("cli.unc.col.minus_plus"), w("cli.unc.col.uses"),
                 w("cli.unc.col.from")},
                {false, false, true, true, true, false, false, true, false});
    for (const auto& x : r.variables) {
      bool lib = x.kind == calc::VariableKind::library_factor;
      v.row({x.id, lib ? w("cli.unc.library") : w("cli.unc.measurement"), lib ? w.trimmed(x.value, 6) : "",
             lib ? w.trimmed(x.lower, 6) : "", lib ? w.trimmed(x.upper, 6) : "", lib ? x.unit : "",
             w("cli.unc.minus_plus", {w.fixed(x.rel_minus * 100.0, 1), w.fixed(x.rel_plus * 100.0, 1)}),
             std::to_string(x.uses), lib ? x.pos.str() : x.source + " [" + x.pos.str() + "]"});
    }
    v.print(o);
  }
  // The figures' labels, why a range is missing and the notes are the engine's English (strings,
  // not messages yet).
  for (const auto& f : r.figures)
    if (!f.unavailable.empty()) o << "  " << f.label << ": " << f.unavailable << "\n";
  for (const auto& n : r.notes) o << "  " << w("cli.trace.note") << ": " << n << "\n";
}

void print_uncertainty(std::ostream& o, const calc::UncertaintyResult& r, report::Lang lang) {
  print_uncertainty(o, r, Words(text::Catalogue::builtin(lang)));
}

}  // namespace greengate::cli
