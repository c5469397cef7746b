#include "greengate/calc/obligation.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>

#include "greengate/model/cn_code.hpp"
#include "greengate/report/number_format.hpp"
#include "xml/element_reader.hpp"

namespace greengate::calc {

namespace u = greengate::units;
using report::TraceInput;
using report::TraceNode;

namespace {
std::string num(double v) { return report::format_trimmed(v, 6); }

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  for (auto& s : out) {
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t") + 1);
  }
  return out;
}
}  // namespace

// ---- prices ---------------------------------------------------------------------------------

PriceBook PriceBook::flat(double eur) {
  PriceBook b;
  b.user_ = true;
  b.names_ = {"user"};
  for (int y = 2026; y <= 2034; ++y)
    b.by_scenario_["user"][y] = {u::EurPerTco2e{eur}, "user price --price " + num(eur) + " EUR/tCO2e", false};
  return b;
}

LoadResult<PriceBook> PriceBook::from_csv_text(std::string_view text, const std::string& display) {
  PriceBook b;
  b.user_ = true;
  Diagnostics d;
  std::istringstream in{std::string(text)};
  std::string line;
  int n = 0;
  std::vector<std::string> header;
  // scenario -> year -> list of (quarter or 0, price)
  std::map<std::string, std::map<int, std::vector<std::pair<int, double>>>> raw;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    auto f = split_csv_line(line);
    if (header.empty()) {
      header = f;
      bool ok = header.size() >= 2 && header[0] == "period";
      if (ok && header.size() == 2 && header[1] != "price") ok = false;
      if (ok && header.size() > 2)
        for (std::size_t i = 1; i < header.size(); ++i) ok = ok && !header[i].empty();
      if (!ok) {
        d.error({display, n}, "header must be 'period,price' or 'period,<scenario>,…' such as "
                              "'period,low,central,high' (got \"" + line + "\")");
        return {std::move(b), std::move(d), true};
      }
      for (std::size_t i = 1; i < header.size(); ++i)
        b.names_.push_back(header.size() == 2 ? std::string("user") : header[i]);
      continue;
    }
    if (f.size() != header.size()) {
      d.error({display, n}, "expected " + std::to_string(header.size()) + " fields, got " +
                                std::to_string(f.size()));
      continue;
    }
    const std::string& p = f[0];
    int year = 0, quarter = 0;
    bool ok = p.size() == 4 || (p.size() == 7 && p[4] == '-' && p[5] == 'Q' && p[6] >= '1' && p[6] <= '4');
    if (ok) {
      year = std::atoi(p.substr(0, 4).c_str());
      if (p.size() == 7) quarter = p[6] - '0';
      ok = year >= 2026 && year <= 2100;
    }
    if (!ok) {
      d.error({display, n}, "column 'period': expected a year YYYY (2026 or later) or a quarter "
                            "YYYY-Qn (got \"" + p + "\")");
      continue;
    }
    for (std::size_t i = 1; i < f.size(); ++i) {
      auto v = xml::parse_number(f[i]);
      if (!v || *v < 0) {
        d.error({display, n}, "column '" + header[i] + "': expected a price in EUR/tCO2e >= 0 "
                              "with '.' as decimal separator (got \"" + f[i] + "\")");
        continue;
      }
      raw[b.names_[i - 1]][year].push_back({quarter, *v});
    }
  }
  if (header.empty()) d.error({display, 1}, "empty price file");
  for (auto& [scen, years] : raw) {
    for (auto& [year, vals] : years) {
      bool has_year = false;
      double sum = 0;
      int quarters = 0;
      for (auto [q, v] : vals) {
        if (q == 0) {
          has_year = true;
          b.by_scenario_[scen][year] = {u::EurPerTco2e{v}, display + ": " + std::to_string(year), false};
        } else {
          sum += v;
          ++quarters;
        }
      }
      if (!has_year && quarters > 0)
        b.by_scenario_[scen][year] = {u::EurPerTco2e{sum / quarters},
                                      display + ": mean of " + std::to_string(quarters) +
                                          " quarter(s) of " + std::to_string(year),
                                      quarters < 4};
    }
  }
  return {std::move(b), std::move(d), true};
}

LoadResult<PriceBook> PriceBook::from_csv_file(const std::string& path, const std::string& display) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    Diagnostics d;
    d.error({display, 0}, "cannot read the price file");
    return {PriceBook{}, std::move(d), true};
  }
  std::stringstream ss;
  ss << f.rdbuf();
  return from_csv_text(ss.str(), display);
}

PriceBook PriceBook::published(const factors::FactorLibrary& lib) {
  PriceBook b;
  b.names_ = {"published"};
  std::map<int, std::vector<const factors::Factor*>> by_year;
  for (const auto* f : lib.versions("price.cbam_certificate"))
    by_year[f->provenance.valid_from.year].push_back(f);
  for (const auto& [year, fs] : by_year) {
    double sum = 0;
    std::string periods;
    for (const auto* f : fs) {
      sum += f->written_value;
      periods += (periods.empty() ? "" : ", ") + f->provenance.validity();
    }
    bool partial = year == 2026 && fs.size() < 4;
    std::string src = "published CBAM certificate price (" + fs.front()->provenance.source + "; " +
                      periods + ")";
    if (partial)
      src += ": only " + std::to_string(fs.size()) + " of the 4 quarterly prices of " +
             std::to_string(year) + " are in the factor library; their mean is used for the "
             "whole year — give --price or --prices for a better estimate";
    b.by_scenario_["published"][year] = {u::EurPerTco2e{sum / static_cast<double>(fs.size())}, src, partial};
  }
  return b;
}

std::optional<PriceBook::Price> PriceBook::price(const std::string& scenario, int year) const {
  auto s = by_scenario_.find(scenario);
  if (s == by_scenario_.end()) return std::nullopt;
  auto y = s->second.find(year);
  if (y == s->second.end()) return std::nullopt;
  return y->second;
}

std::vector<int> PriceBook::missing(const std::vector<int>& years) const {
  std::vector<int> out;
  for (int y : years)
    for (const auto& n : names_)
      if (!price(n, y)) {
        out.push_back(y);
        break;
      }
  return out;
}

// ---- parameters -----------------------------------------------------------------------------

YearParams year_params(const MoneyContext& ctx, int year) {
  YearParams p;
  p.year = year;
  p.cbam_factor_src = ctx.data.factors.find("cbam.factor", Date::first_of_year(year));
  if (!p.cbam_factor_src)
    throw InputError("greengate: no CBAM factor for " + std::to_string(year) +
                     " in the factor library (cbam.factor, Directive 2003/87/EC Art 10a(1a))");
  p.cbam_factor = p.cbam_factor_src->value;
  if (ctx.cscf) {
    p.cscf = *ctx.cscf;
    p.cscf_user = true;
    p.cscf_param = {"cbam.cscf", num(*ctx.cscf), "1", "user value (--cscf)", Status::verified, "", {}};
  } else {
    rules::FactSet none;
    rules::Evaluator ev(ctx.money, Date::first_of_year(year), none);
    auto v = ev.param("cbam.cscf", &p.cscf_param);
    if (!v)
      throw InputError("greengate: no CSCF parameter (cbam.cscf) in force in " + std::to_string(year) +
                       " in rules/cbam/money.xml; give --cscf");
    p.cscf = *v;
  }
  return p;
}

std::vector<std::string> flag_names(unsigned flags) {
  static const std::pair<unsigned, const char*> names[] = {
      {flag_default_values, "default_values"},   {flag_sefa_estimated, "sefa_estimated"},
      {flag_benchmark_missing, "benchmark_missing"}, {flag_out_of_scope, "out_of_scope"},
      {flag_default_missing, "default_missing"}, {flag_cscf_placeholder, "cscf_placeholder"},
      {flag_art9_ignored, "art9_ignored"},       {flag_price_partial, "price_partial"},
      {flag_unverified_data, "unverified_data"}};
  std::vector<std::string> out;
  for (auto [bit, name] : names)
    if (flags & bit) out.emplace_back(name);
  return out;
}

namespace {
factors::BenchmarkLookup benchmark(const MoneyContext& ctx, std::string_view cn,
                                   std::string_view route, factors::BenchmarkColumn col, int year) {
  const auto& lib = ctx.user_benchmarks ? *ctx.user_benchmarks : ctx.data.factors;
  return lib.lookup_benchmark(cn, route, col, Date::first_of_year(year));
}
}  // namespace

// ---- one line -------------------------------------------------------------------------------

LineResult compute_line(const MoneyContext& ctx, const LineInput& in, const std::string& scenario,
                        bool with_trace) {
  LineResult r;
  auto& t = r.trace;
  std::optional<rules::ScopeResult> own_scope;
  const auto& scope = in.known_scope ? *in.known_scope : own_scope.emplace(ctx.data.scope.check(in.cn));
  r.in_scope = scope.in_scope;
  if (const auto* z = ctx.data.scope.zero_origin(in.origin); z && scope.in_scope) {
    // Goods from Annex III countries (or the EU) are not CBAM imports.
    r.in_scope = false;
    r.flags |= flag_out_of_scope;
    r.gap = "origin " + in.origin + " (" + z->name + ") is outside CBAM: " + z->ref;
    return r;
  }
  if (!scope.in_scope) {
    r.flags |= flag_out_of_scope;
    r.gap = scope.reason;
    return r;
  }
  YearParams yp = year_params(ctx, in.year);
  r.cbam_factor = yp.cbam_factor;
  r.cscf = yp.cscf;
  if (!yp.cscf_user && yp.cscf_param.status != Status::verified) r.flags |= flag_cscf_placeholder;
  auto price = ctx.prices.price(scenario, in.year);
  if (!price)
    throw InputError("greengate: no certificate price for " + std::to_string(in.year) +
                     (scenario.empty() ? "" : " in scenario '" + scenario + "'") +
                     ": give --price EUR or --prices FILE");
  if (price->flagged) r.flags |= flag_price_partial;
  r.price = price->value;
  bool electricity = in.electricity || scope.entry->sector == model::Sector::electricity;
  double q = electricity ? u::in_megawatt_hours(in.energy) : u::in_tonnes(in.mass);
  const std::string q_unit = electricity ? "MWh" : "t";
  std::string_view route = in.route;
  // 1. embedded emissions
  if (in.actual) {
    r.see = electricity ? u::in_tco2e_per_megawatt_hour(in.see_el) : u::in_tco2e_per_tonne(in.see);
  } else {
    r.defaults_used = true;
    r.flags |= flag_default_values;
    std::optional<DefaultWithMarkup> own_default;
    const auto& d = in.known_default
                        ? *in.known_default
                        : own_default.emplace(default_with_markup(ctx.data, in.cn, in.origin, in.year, in.route));
    if (!d.found()) {
      r.flags |= flag_default_missing;
      r.gap = d.gap;
      return r;
    }
    r.see = u::in_tco2e_per_tonne(d.marked_up_total);
    if (route.empty()) route = d.lookup.cell->route;
    if (with_trace) {
      t.notes.push_back("default value " + d.lookup.cell->total_text + " tCO2e/t (" +
                        d.lookup.table_name + (d.lookup.fallback_used ? ", fallback: " + d.lookup.fallback_reason : "") +
                        ") × (1 + " + num(d.markup * 100) + " % mark-up " + std::to_string(in.year) +
                        ") [" + d.lookup.provenance.pos.str() + "]");
    }
  }
  // 2. free-allocation adjustment
  double sefa = 0;
  bool faa_known = true;
  std::string faa_how;  // for the trace only
  if (electricity) {
    if (with_trace) faa_how = "zero for electricity (IR 2025/2620 Art 1(2))";
  } else if (in.sefa) {
    sefa = u::in_tco2e_per_tonne(*in.sefa);
    if (with_trace) faa_how = "SEFA communicated by the producer";
  } else if (in.actual && !in.sefa_gap.empty()) {
    faa_known = false;
    r.flags |= flag_benchmark_missing;
    r.gap = in.sefa_gap;
    if (with_trace) faa_how = "unknown: " + in.sefa_gap;
  } else if (in.actual && in.sefa_actual) {
    sefa = u::in_tco2e_per_tonne(*in.sefa_actual);
    if (with_trace) faa_how = "SEFA from the firm's data: CBAM_y × CSCF × Column A benchmark + Σ m_i × SEFA_i (IR 2025/2620 Annex 3)";
  } else {
    auto b = benchmark(ctx, in.cn, route, factors::BenchmarkColumn::b, in.year);
    if (!b.found) {
      faa_known = false;
      r.flags |= flag_benchmark_missing;
      if (with_trace) faa_how = "unknown: " + b.gap;
      r.gap = std::move(b.gap);
    } else {
      sefa = yp.cbam_factor * yp.cscf * u::in_tco2e_per_tonne(b.intensity());
      if (in.actual) r.flags |= flag_sefa_estimated;
      if (with_trace) faa_how = "CBAM_y " + num(yp.cbam_factor) + " × CSCF " + num(yp.cscf) + " × Column B " +
                num(b.chosen) + " (CN " + model::format_cn(b.benchmark->cn) +
                (b.benchmark->route.empty() ? "" : ", route " + b.benchmark->route) + "; " +
                b.benchmark->provenance.source + ", " + std::string(status_name(b.benchmark->provenance.status)) + ")";
    }
  }
  r.sefa = sefa;
  // 3. Article 9 (actual values only), 4. certificates floored at zero per good, and cost
  if (in.carbon_price_paid > 0 && !in.actual) r.flags |= flag_art9_ignored;
  auto m = money_amounts(q, r.see, sefa, u::in_eur_per_tco2e(r.price), in.carbon_price_paid, in.actual);
  double embedded = m.embedded_tco2e, faa = m.faa_tco2e, art9 = m.art9_tco2e, cert = m.certificates;
  r.embedded = u::tco2e(embedded);
  if (faa_known) r.faa = u::tco2e(faa);
  r.art9 = u::tco2e(art9);
  r.certificates = u::tco2e(cert);
  r.cost = u::Eur{m.cost_eur};
  if (with_trace) {
    t.label = "CBAM certificates for " + model::format_cn(in.cn) + " " + std::to_string(in.year);
    t.formula = "N = max(0, EE − FAA − RED); cost = N × price   [Reg (EU) 2023/956 Art 6(2)(c), 9, 31]";
    t.unit = "certificates (tCO2e)";
    t.value = cert;
    t.inputs.push_back({"q", q, q_unit, {}});
    t.inputs.push_back({in.actual ? "SEE (actual, counted)" : "SEE (default × mark-up)", r.see, "tCO2e/" + q_unit, {}});
    t.inputs.push_back({"EE = q × SEE", embedded, "tCO2e", {}});
    t.inputs.push_back({"CBAM factor " + std::to_string(in.year) + " (" + std::string(status_name(yp.cbam_factor_src->provenance.status)) + ")",
                        yp.cbam_factor, "1", yp.cbam_factor_src->provenance.pos});
    t.inputs.push_back({std::string("CSCF") + (yp.cscf_user ? " (user)" : " (placeholder, " + std::string(status_name(yp.cscf_param.status)) + ")"),
                        yp.cscf, "1", yp.cscf_param.pos});
    t.inputs.push_back({"SEFA", sefa, "tCO2e/" + q_unit, {}});
    t.inputs.push_back({"FAA = q × SEFA", faa, "tCO2e", {}});
    t.inputs.push_back({"RED (Art 9)", art9, "tCO2e", {}});
    t.inputs.push_back({"price", u::in_eur_per_tco2e(r.price), "EUR/tCO2e", {}});
    t.inputs.push_back({"cost", u::in_eur(r.cost), "EUR", {}});
    t.notes.push_back("adjustment: " + faa_how);
    t.notes.push_back("price: " + price->source);
    if (r.flags & flag_art9_ignored)
      t.notes.push_back("carbon price paid abroad ignored: it counts only with actual emissions (Art 9)");
    if (!faa_known)
      t.notes.push_back("certificates computed without the adjustment: an upper bound");
    if (!in.sefa_trace.label.empty()) t.children.push_back(in.sefa_trace);
  }
  return r;
}

// ---- firm files -----------------------------------------------------------------------------

namespace {

class FirmMoney {
 public:
  FirmMoney(const MoneyContext& ctx, const model::Firm& firm) : ctx_(ctx), firm_(firm) {}

  // SEFA of the goods of process p (IR 2025/2620 Annex 3.1/3.3): CBAM_y × CSCF × BM_A + Σ m_i SEFA_i.
  std::optional<double> process_sefa(const model::Installation& in, const model::Process& p,
                                     const YearParams& yp, TraceNode& t, unsigned& flags,
                                     std::string& gap) {
    t.label = "SEFA of process " + p.id + " (" + p.category + ")";
    t.formula = "SEFA = CBAM_y × CSCF × BM_A + Σ m_i × SEFA_i   [IR 2025/2620 Annex 3.1, 3.3]";
    t.unit = "tCO2e/t";
    t.pos = p.pos;
    const std::string& cn = p.goods.front().cn;
    auto b = benchmark(ctx_, cn, p.benchmark_route, factors::BenchmarkColumn::a, yp.year);
    std::optional<double> sefa;
    if (!b.found || (p.benchmark_route.empty() && b.candidates.size() > 1 && !same_values(b))) {
      std::string m = !b.found ? b.gap
                               : "several routes have Column A benchmarks for CN " + model::format_cn(cn) +
                                     ": set benchmark-route on process " + p.id;
      flags |= flag_benchmark_missing;
      if (gap.empty()) gap = m;
      t.notes.push_back("GAP: " + m);
      t.value = 0;
      return std::nullopt;
    }
    double own = yp.cbam_factor * yp.cscf * b.chosen;
    t.inputs.push_back({"BM_A (" + model::format_cn(b.benchmark->cn) + (b.benchmark->route.empty() ? "" : " " + b.benchmark->route) + ", " +
                            std::string(status_name(b.benchmark->provenance.status)) + ")",
                        b.chosen, "tCO2e/t", b.benchmark->provenance.pos});
    sefa = own;
    for (const auto& pr : p.precursors) {
      double m = u::ratio(pr.quantity, p.output);
      TraceNode c;
      auto s = precursor_sefa(in, pr, yp, c, flags, gap);
      c.inputs.push_back({"m_i", m, "t/t", pr.pos});
      t.children.push_back(std::move(c));
      if (!s) return std::nullopt;
      *sefa += m * *s;
    }
    t.value = *sefa;
    return sefa;
  }

 private:
  static bool same_values(const factors::BenchmarkLookup& b) {
    for (const auto* c : b.candidates)
      if (!c->column_a || *c->column_a != b.chosen) return false;
    return true;
  }

  std::optional<double> precursor_sefa(const model::Installation& in, const model::Precursor& pr,
                                       const YearParams& yp, TraceNode& t, unsigned& flags,
                                       std::string& gap) {
    t.label = "SEFA of precursor " + model::format_cn(pr.cn) + " (" +
              std::string(model::precursor_source_name(pr.source)) + ")";
    t.unit = "tCO2e/t";
    t.pos = pr.pos;
    if (pr.sefa) {
      t.formula = "communicated with the precursor";
      t.value = u::in_tco2e_per_tonne(*pr.sefa);
      return t.value;
    }
    if (pr.source == model::PrecursorSource::process) {
      const model::Installation* pin = pr.installation_id.empty() ? &in : firm_.find_installation(pr.installation_id);
      const model::Process* pp = pin ? firm_.find_process(*pin, pr.process_id) : nullptr;
      if (!pp) return std::nullopt;
      TraceNode c;
      auto s = process_sefa(*pin, *pp, yp, c, flags, gap);
      t.formula = "SEFA of the producing process";
      t.value = s.value_or(0);
      t.children.push_back(std::move(c));
      return s;
    }
    if (pr.source == model::PrecursorSource::default_value && ctx_.data.scope.zero_origin(pr.origin)) {
      t.formula = "0: EU / Annex III origin";
      return 0.0;
    }
    // Column B for the precursor's CN and the route Annex I gives for its origin (IR 2620 Annex 3.3).
    std::string route;
    if (!pr.origin.empty()) {
      auto d = ctx_.data.factors.lookup_default(pr.cn, pr.origin);
      if (d.found) route = d.cell->route;
    }
    auto b = benchmark(ctx_, pr.cn, route, factors::BenchmarkColumn::b, yp.year);
    if (!b.found) {
      flags |= flag_benchmark_missing;
      if (gap.empty()) gap = b.gap;
      t.notes.push_back("GAP: " + b.gap);
      return std::nullopt;
    }
    flags |= flag_sefa_estimated;
    t.formula = "CBAM_y × CSCF × Column B (no SEFA communicated; IR 2025/2620 Annex 3.3)";
    t.value = yp.cbam_factor * yp.cscf * b.chosen;
    t.inputs.push_back({"BM_B", b.chosen, "tCO2e/t", b.benchmark->provenance.pos});
    return t.value;
  }

  const MoneyContext& ctx_;
  const model::Firm& firm_;
};

// The export's goods on actual data, or nullopt when the export is on default values.
struct ActualSource {
  const model::Installation* inst = nullptr;
  const model::Process* process = nullptr;
};

ActualSource actual_source(const model::Firm& firm, const model::Export& x) {
  ActualSource s;
  s.inst = firm.find_installation(x.installation);
  if (!s.inst) return s;
  for (const auto& p : s.inst->processes)
    for (const auto& g : p.goods)
      if (g.cn == x.cn) {
        s.process = &p;  // the first process making the good
        return s;
      }
  return s;
}

LineInput line_for_export(const MoneyContext& ctx, const model::Firm& firm, const model::Export& x,
                          const ExportResult& er, bool force_defaults, unsigned& flags,
                          std::string& gap) {
  LineInput li;
  li.cn = x.cn;
  li.year = x.year;
  auto src = actual_source(firm, x);
  li.origin = src.inst ? src.inst->country : firm.country;
  li.mass = x.quantity;
  li.carbon_price_paid = x.carbon_price_paid.value_or(0);
  if (src.process) li.route = src.process->benchmark_route;  // also picks the TARIC line (A/B clinker)
  if (force_defaults || !src.process || er.method == DataMethod::default_values) return li;
  li.actual = true;
  li.see = er.see_counted;
  li.route = src.process->benchmark_route;
  YearParams yp = year_params(ctx, x.year);
  FirmMoney fm(ctx, firm);
  TraceNode t;
  auto s = fm.process_sefa(*src.inst, *src.process, yp, t, flags, gap);
  if (s) li.sefa_actual = u::tco2e_per_tonne(*s);
  else li.sefa_gap = gap.empty() ? "the SEFA of the firm's goods could not be determined" : gap;
  li.sefa_trace = std::move(t);
  return li;
}

std::string buyer_of(const model::Export& x) {
  return x.importer.empty() ? "buyer in " + x.destination : x.importer;
}

}  // namespace

ObligationReport firm_obligation(const MoneyContext& ctx, const model::Firm& firm, int year,
                                 const std::string& scenario) {
  ObligationReport rep;
  rep.year = year;
  rep.scenario = scenario;
  EmissionsOptions opt;
  opt.year = year;
  rep.emissions = compute_emissions(firm, ctx.data, opt);
  rep.params = year_params(ctx, year);
  // De minimis per buyer (importer) and year: electricity and hydrogen excluded.
  std::map<std::string, u::Mass> mass;
  for (std::size_t i = 0; i < firm.exports.size(); ++i) {
    const auto& x = firm.exports[i];
    if (x.year != year) continue;
    auto s = ctx.data.scope.check(x.cn);
    rules::FactSet fs;
    fs.set_text("good.sector", s.entry ? std::string(model::sector_slug(s.entry->sector)) : "", x.path);
    rules::Evaluator ev(ctx.money, Date::first_of_year(year), fs);
    if (s.in_scope && ev.evaluate("cbam.de_minimis.counts_mass").outcome == rules::Outcome::pass)
      mass[buyer_of(x)] += x.quantity;
  }
  std::map<std::string, bool> exempt;
  for (const auto& [buyer, m] : mass) {
    rules::FactSet fs;
    fs.set_number("import.mass_in_scope", u::in_tonnes(m), "t", "sum of this firm's deliveries to " + buyer);
    rules::Evaluator ev(ctx.money, Date::first_of_year(year), fs);
    DeMinimis dm{buyer, year, m, false, ev.evaluate("cbam.de_minimis.exempt")};
    dm.exempt = dm.rule.outcome == rules::Outcome::pass;
    exempt[buyer] = dm.exempt;
    rep.rule_results.push_back(dm.rule);
    rep.de_minimis.push_back(std::move(dm));
  }
  for (std::size_t i = 0; i < firm.exports.size(); ++i) {
    const auto& x = firm.exports[i];
    if (x.year != year) continue;
    ExportObligation eo;
    eo.emissions = rep.emissions.exports[i];
    eo.buyer = buyer_of(x);
    unsigned flags = 0;
    std::string gap;
    LineInput li = line_for_export(ctx, firm, x, eo.emissions, false, flags, gap);
    eo.line = compute_line(ctx, li, scenario, true);
    eo.line.flags |= flags;
    if (!gap.empty() && eo.line.gap.empty()) eo.line.gap = gap;
    eo.exempt = exempt.count(eo.buyer) ? exempt[eo.buyer] : false;
    if (eo.exempt) {
      eo.line.certificates = u::tco2e(0);
      eo.line.cost = u::Eur{0};
      eo.line.trace.notes.push_back("de minimis: the buyer's CBAM goods in " + std::to_string(year) +
                                    " total at most 50 t: exempt (Reg 2023/956 Art 2a)");
    }
    rep.total_embedded += eo.line.embedded;
    if (eo.line.faa) rep.total_faa += *eo.line.faa;
    else rep.faa_incomplete = true;
    rep.total_art9 += eo.line.art9;
    rep.total_certificates += eo.line.certificates;
    rep.total_cost += eo.line.cost;
    rep.lines.push_back(std::move(eo));
  }
  return rep;
}

ExposureReport firm_exposure(const MoneyContext& ctx, const model::Firm& firm) {
  ExposureReport rep;
  for (int y = 2026; y <= 2034; ++y) rep.years.push_back(y);
  rep.scenarios = ctx.prices.scenarios();
  auto missing = ctx.prices.missing(rep.years);
  if (!missing.empty()) {
    std::string ys;
    for (int y : missing) ys += (ys.empty() ? "" : ", ") + std::to_string(y);
    throw InputError("greengate: exposure: no certificate price for " + ys +
                     ": give --price EUR or --prices FILE covering 2026-2034");
  }
  EmissionsOptions opt;
  opt.year = 2026;
  rep.emissions = compute_emissions(firm, ctx.data, opt);
  // Goods: one row per (installation, CN) exported; quantity per year with carry-forward.
  std::map<std::pair<std::string, std::string>, std::map<int, u::Mass>> qty;
  std::map<std::pair<std::string, std::string>, const model::Export*> sample;
  for (const auto& x : firm.exports) {
    qty[{x.installation, x.cn}][x.year] += x.quantity;
    sample[{x.installation, x.cn}] = &x;
  }
  for (const auto& [key, years] : qty) {
    ExposureGood g;
    g.installation = key.first;
    g.cn = key.second;
    for (int y : rep.years) {
      u::Mass q = u::tonnes(0);
      bool projected = false;
      if (auto it = years.find(y); it != years.end()) q = it->second;
      else {
        auto before = years.lower_bound(y);
        if (before == years.begin()) continue;  // no declared year before: nothing to project
        q = std::prev(before)->second;
        projected = true;
      }
      model::Export x = *sample[key];
      x.year = y;
      x.quantity = q;
      // Embedded emissions for that year (mark-ups move with the year).
      EmissionsOptions o;
      o.year = y;
      model::Firm one = firm;
      one.exports = {x};
      auto er = compute_emissions(one, ctx.data, o).exports.front();
      for (const auto& scen : rep.scenarios) {
        ExposureCell c;
        c.year = y;
        c.scenario = scen;
        c.quantity = q;
        c.projected = projected;
        unsigned fa = 0, fd = 0;
        std::string ga, gd;
        LineInput la = line_for_export(ctx, firm, x, er, false, fa, ga);
        c.has_actual = la.actual;
        if (la.actual) {
          c.actual = compute_line(ctx, la, scen, false);
          c.actual.flags |= fa;
        }
        LineInput ld = line_for_export(ctx, firm, x, er, true, fd, gd);
        c.defaults = compute_line(ctx, ld, scen, false);
        g.cells.push_back(std::move(c));
      }
    }
    rep.goods.push_back(std::move(g));
  }
  return rep;
}

}  // namespace greengate::calc
