#include "greengate/calc/obligation.hpp"

#include "greengate/calc/line_rule.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>

#include "greengate/model/cn_code.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/text/csv.hpp"
#include "greengate/units/unit_parser.hpp"
#include "xml/element_reader.hpp"

namespace greengate::calc {

namespace u = greengate::units;
using report::TraceInput;
using report::TraceNode;

namespace {

text::Message status_message(Status st) {
  switch (st) {
    case Status::verified: return text::Message::of("msg.status.verified");
    case Status::single_source: return text::Message::of("msg.status.single_source");
    case Status::unverified: break;
  }
  return text::Message::of("msg.status.unverified");
}
std::string num(double v) { return text::format_trimmed(v, 6); }
/// English of the engine that has no key yet, inside a keyed message: a literal, so that faces can
/// mark it (lang="en") and tests/unit/report_language_test.cpp counts it.
text::Arg english(std::string s) { return text::msg_arg(text::Message(std::move(s))); }

std::string trimmed(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t") + 1);
  return s;
}
}  // namespace

// ---- prices ---------------------------------------------------------------------------------

const std::string& PriceBook::default_scenario() const {
  auto it = std::find(names_.begin(), names_.end(), "central");
  return it != names_.end() ? *it : names_.front();
}

std::optional<std::string> PriceBook::choose_scenario(std::string_view requested) const {
  if (requested.empty()) return default_scenario();
  if (std::find(names_.begin(), names_.end(), requested) == names_.end()) return std::nullopt;
  return std::string(requested);
}

PriceBook PriceBook::flat(double eur) {
  if (!std::isfinite(eur) || eur < 0 || eur > units::max_in("EUR/tCO2e")) {
    char given[32];
    std::snprintf(given, sizeof given, "%g", eur);
    std::string msg = std::string("price ") + given + " EUR/tCO2e: expected a price from 0 to " +
                      units::max_magnitude_text(units::Dimension::price);
    Diagnostics d;
    d.error({}, msg);
    throw InputError(msg, d);
  }
  PriceBook b;
  b.user_ = true;
  b.names_ = {"user"};
  b.every_year_ = Price{u::eur_per_tco2e(eur), "user price " + num(eur) + " EUR/tCO2e", false};
  return b;
}

LoadResult<PriceBook> PriceBook::from_csv_text(std::string_view text, const std::string& display) {
  PriceBook b;
  b.user_ = true;
  Diagnostics d;
  std::vector<std::string> header;
  for (auto& rec : text::read_csv(text, d, display)) {
    const int n = rec.line;
    std::vector<std::string> f;
    for (auto& c : rec.cells) f.push_back(trimmed(std::move(c)));
    std::string line;
    for (std::size_t i = 0; i < f.size(); ++i) line += (i ? "," : "") + f[i];
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
      ok = year >= 1000;  // four digits; a year outside the CBAM period is never asked for
    }
    if (!ok) {
      d.error({display, n}, "column 'period': expected a year YYYY or a quarter "
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
      if (*v > units::max_in("EUR/tCO2e")) {
        d.error({display, n}, "column '" + header[i] + "': " + f[i] + " is beyond the largest price accepted (" +
                                  units::max_magnitude_text(units::Dimension::price) + ")");
        continue;
      }
      Year& y = b.by_scenario_[b.names_[i - 1]][year];
      Price pr{u::eur_per_tco2e(*v), display + ":" + std::to_string(n) + ": " + p, false};
      bool dup = quarter == 0 ? y.whole.has_value() : y.quarters.count(quarter) > 0;
      if (dup) {
        d.error({display, n}, "period " + p + " is given twice for scenario '" + b.names_[i - 1] + "'");
        continue;
      }
      if (quarter == 0) y.whole = pr;
      else y.quarters[quarter] = pr;
    }
  }
  if (header.empty()) d.error({display, 1}, "empty price file");
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
  auto& book = b.by_scenario_["published"];
  for (const auto* f : lib.versions("price.cbam_certificate")) {
    const Date from = f->provenance.valid_from;
    int quarter = (from.month - 1) / 3 + 1;
    bool is_quarter = from.day == 1 && (from.month - 1) % 3 == 0 && f->provenance.valid_to &&
                      f->provenance.valid_to->year == from.year &&
                      f->provenance.valid_to->month == from.month + 2;
    Price pr{u::eur_per_tco2e(f->written_value),
             "published CBAM certificate price " + std::to_string(from.year) +
                 (is_quarter ? "-Q" + std::to_string(quarter) : std::string()) + " (" + f->provenance.source +
                 "; " + std::string(status_name(f->provenance.status)) + ")",
             false};
    if (is_quarter) book[from.year].quarters[quarter] = pr;
    else book[from.year].whole = pr;
  }
  return b;
}

std::optional<PriceBook::Price> PriceBook::price(const std::string& scenario, int year, int quarter,
                                                 QuarterUnknown rule) const {
  Year flat;  // a flat price is the price of every year
  const Year* found = nullptr;
  if (every_year_ && scenario == names_.front()) {
    flat.whole = every_year_;
    found = &flat;
  } else {
    auto s = by_scenario_.find(scenario);
    if (s == by_scenario_.end()) return std::nullopt;
    auto y = s->second.find(year);
    if (y == s->second.end()) return std::nullopt;
    found = &y->second;
  }
  const Year& yr = *found;
  if (quarter != 0) {
    if (auto q = yr.quarters.find(quarter); q != yr.quarters.end()) return q->second;
    if (yr.whole) {
      Price p = *yr.whole;
      p.source += " (the year's price, for the import quarter Q" + std::to_string(quarter) + ")";
      return p;
    }
    return std::nullopt;  // that quarter's price is not known: a gap
  }
  if (yr.whole) return yr.whole;
  if (yr.quarters.empty() || rule == QuarterUnknown::gap) return std::nullopt;
  double sum = 0;
  std::string which;
  for (const auto& [q, p] : yr.quarters) {
    sum += u::in_eur_per_tco2e(p.value);
    which += (which.empty() ? "" : ", ") + std::string("Q") + std::to_string(q) + " " + num(u::in_eur_per_tco2e(p.value));
  }
  Price p;
  p.value = u::eur_per_tco2e(sum / static_cast<double>(yr.quarters.size()));
  p.flagged = yr.quarters.size() < 4;
  p.quarter_rule = true;
  p.source = "import quarter not known: mean of the " + std::to_string(yr.quarters.size()) + " known quarterly price(s) of " +
             std::to_string(year) + " (" + which + "; " + yr.quarters.begin()->second.source + ")";
  if (p.flagged)
    p.source += " — only " + std::to_string(yr.quarters.size()) + " of the 4 quarters are known; give the import quarter "
                "or a price scenario for a better figure";
  return p;
}

std::vector<int> PriceBook::missing(const std::vector<int>& years, QuarterUnknown rule) const {
  std::vector<int> out;
  for (int y : years)
    for (const auto& n : names_)
      if (!price(n, y, 0, rule)) {
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
    p.cscf_param = {"cbam.cscf", num(*ctx.cscf), "1", "user value", Status::verified, "", {}};
  } else {
    rules::FactSet none;
    rules::Evaluator ev(ctx.money, Date::first_of_year(year), none);
    auto v = ev.param("cbam.cscf", &p.cscf_param);
    if (!v)
      throw InputError("greengate: no CSCF for " + std::to_string(year) +
                       ": no parameter cbam.cscf in force in rules/cbam/money.xml and no user value given");
    p.cscf = *v;
  }
  // How an import whose calendar quarter is not known is priced (a rule-set parameter).
  if (const auto* par = ctx.money.parameter("cbam.price.quarter_unknown")) {
    if (const auto* v = par->on(Date::first_of_year(year))) {
      p.quarter_rule = {par->id, v->text, par->unit, v->ref, v->status, v->note, v->pos};
      if (v->text == "gap") p.quarter_unknown = QuarterUnknown::gap;
      else if (v->text != "mean_of_known_quarters") {
        Diagnostics d;
        d.error(v->pos, "cbam.price.quarter_unknown must be 'mean_of_known_quarters' or 'gap' (got '" +
                            v->text + "')");
        throw DefinitionError(d);
      }
    }
  }
  return p;
}

std::vector<std::string> flag_names(unsigned flags) {
  static const std::pair<unsigned, const char*> names[] = {
      {flag_default_values, "default_values"},   {flag_sefa_estimated, "sefa_estimated"},
      {flag_benchmark_missing, "benchmark_missing"}, {flag_out_of_scope, "out_of_scope"},
      {flag_default_missing, "default_missing"}, {flag_cscf_placeholder, "cscf_placeholder"},
      {flag_art9_ignored, "art9_ignored"},       {flag_price_partial, "price_partial"},
      {flag_unverified_data, "unverified_data"}, {flag_benchmark_provisional, "benchmark_provisional"},
      {flag_benchmark_projected, "benchmark_projected"},
      {flag_price_quarter_unknown, "price_quarter_unknown"}};
  std::vector<std::string> out;
  for (auto [bit, name] : names)
    if (flags & bit) out.emplace_back(name);
  return out;
}

const factors::BenchmarkTable& benchmark_table(const MoneyContext& ctx) {
  return ctx.benchmarks ? *ctx.benchmarks : ctx.data.factors.benchmarks();
}

namespace {
unsigned benchmark_flags(const factors::BenchmarkLookup& b) {
  unsigned f = 0;
  if (b.provisional) f |= flag_benchmark_provisional;
  if (b.carried_forward) f |= flag_benchmark_projected;
  return f;
}

std::string benchmark_text(const factors::BenchmarkLookup& b) {
  std::string s = std::string(factors::column_name(b.column)) + " " + num(b.chosen) + " (CN " +
                  model::format_cn(b.benchmark->cn) + (b.route.empty() ? "" : ", route " + b.route) +
                  (b.years.empty() ? "" : ", years " + b.years) + "; " + b.benchmark->provenance.source + ", " +
                  std::string(status_name(b.benchmark->provenance.status)) +
                  (b.benchmark->ref.empty() ? "" : ", " + b.benchmark->ref) + ")";
  for (const auto& h : b.how) s += "; " + h;
  return s;
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
  auto price = ctx.prices.price(scenario, in.year, in.quarter, yp.quarter_unknown);
  if (!price) {
    std::string period = std::to_string(in.year) + (in.quarter ? "-Q" + std::to_string(in.quarter) : std::string());
    throw InputError("greengate: no certificate price for " + period +
                     (scenario.empty() ? "" : " in scenario '" + scenario + "'") +
                     (in.quarter ? " (a quarter whose price is not published is a gap, never a guess)" : "") +
                     ": give a price or a price scenario covering it");
  }
  if (price->flagged) r.flags |= flag_price_partial;
  if (price->quarter_rule) r.flags |= flag_price_quarter_unknown;
  r.price = price->value;
  r.price_source = price->source;
  if (price->quarter_rule && !yp.quarter_rule.id.empty())
    r.price_source += " [rule " + yp.quarter_rule.id + " = " + yp.quarter_rule.value + ": " + yp.quarter_rule.ref + "]";
  bool electricity = in.electricity || scope.entry->sector == model::Sector::electricity;
  double q = electricity ? u::in_megawatt_hours(in.energy) : u::in_tonnes(in.mass);
  const std::string q_unit = electricity ? "MWh" : "t";
  // The line's terms by the one line rule (line_rule.hpp), on this line's own look-ups, which the
  // trace below then quotes.
  struct Sources final : LineSources {
    const MoneyContext& ctx;
    const LineInput& in;
    std::optional<DefaultWithMarkup> own_default;
    const DefaultWithMarkup* d = nullptr;
    std::optional<factors::BenchmarkLookup> b;
    Sources(const MoneyContext& c, const LineInput& i) : ctx(c), in(i) {}
    DefaultTerm default_value() override {
      const std::string& taric = !in.route.empty() ? in.route : in.taric_route;
      d = in.known_default ? in.known_default
                           : &own_default.emplace(default_with_markup(ctx.data, in.cn, in.origin, in.year, taric));
      DefaultTerm t;
      if (!d->found()) return t;
      t.found = true;
      t.marked_up_total = d->marked_up_total;
      t.route = d->lookup.cell->route;
      return t;
    }
    BenchmarkTerm benchmark(std::string_view default_route) override {
      factors::BenchmarkQuery bq{in.cn, factors::BenchmarkColumn::b, in.year, in.route, default_route};
      b = benchmark_table(ctx).lookup(bq);
      if (!b->found) return {};
      return {true, b->intensity(), b->provisional, b->carried_forward};
    }
  } src(ctx, in);
  const LineTerms terms = line_terms(yp, true, electricity, in.actual, src);
  // 1. embedded emissions
  if (!in.actual) {
    r.defaults_used = true;
    if (terms.default_missing) {
      r.flags |= terms.flags;
      r.gap = src.d->gap;
      return r;
    }
    if (with_trace) {
      const DefaultWithMarkup& d = *src.d;
      t.notes.push_back("default value " + d.lookup.cell->total_text + " tCO2e/t (" +
                        d.lookup.table_name + (d.lookup.fallback_used ? ", fallback: " + d.lookup.fallback_reason : "") +
                        ") × (1 + " + num(d.markup * 100) + " % mark-up " + std::to_string(in.year) +
                        ") [" + d.lookup.provenance.pos.str() + "]");
    }
  }
  // 2. free-allocation adjustment: the line's own SEFA (the producer's, or worked out from the
  // firm's data) where it has one, else the terms' benchmark; 3. Art 9; 4. certificates and cost
  LineNumbers n;
  n.quantity = q;
  n.actual = in.actual;
  if (in.actual) n.see_actual = electricity ? u::in_tco2e_per_megawatt_hour(in.see_el) : u::in_tco2e_per_tonne(in.see);
  if (in.sefa) {
    n.own_sefa = LineNumbers::OwnSefa::given;
    n.sefa = u::in_tco2e_per_tonne(*in.sefa);
  } else if (in.actual && !in.sefa_gap.empty()) {
    n.own_sefa = LineNumbers::OwnSefa::unknown;
  } else if (in.actual && in.sefa_actual) {
    n.own_sefa = LineNumbers::OwnSefa::given;
    n.sefa = u::in_tco2e_per_tonne(*in.sefa_actual);
  }
  n.carbon_price_paid = in.carbon_price_paid;
  const LineAmounts la = line_amounts(terms, n, u::in_eur_per_tco2e(r.price), 0);
  r.flags |= la.flags;
  r.see = la.see;
  const double sefa = la.sefa;
  const bool faa_known = la.faa_known;
  text::Message faa_how;  // how the adjustment was found (the line's benchmark_how and its trace)
  if (electricity) {
    faa_how = text::Message::of("msg.faa.electricity");
  } else if (in.sefa) {
    faa_how = text::Message::of("msg.faa.communicated");
  } else if (n.own_sefa == LineNumbers::OwnSefa::unknown) {
    r.gap = in.sefa_gap;
    faa_how = text::Message::of("msg.faa.unknown", {english(in.sefa_gap)});
  } else if (n.own_sefa == LineNumbers::OwnSefa::given) {
    faa_how = text::Message::of("msg.faa.firm_data");
  } else if (!src.b->found) {
    faa_how = text::Message::of("msg.faa.unknown", {english(src.b->gap)});
    r.gap = src.b->gap;
  } else {
    faa_how = text::Message::of(in.actual ? "msg.faa.column_estimate" : "msg.faa.column",
                                {text::num(yp.cbam_factor), text::num(yp.cscf), english(benchmark_text(*src.b))});
  }
  r.sefa = sefa;
  r.benchmark_how = faa_how;
  const MoneyAmounts& m = la.money;
  double embedded = m.embedded_tco2e, faa = m.faa_tco2e, art9 = m.art9_tco2e, cert = m.certificates;
  r.embedded = u::tco2e(embedded);
  if (faa_known) r.faa = u::tco2e(faa);
  r.art9 = u::tco2e(art9);
  r.certificates = u::tco2e(cert);
  r.cost = r.certificates * r.price;  // tCO2e × EUR/tCO2e = EUR (the same product as m.cost_eur)
  if (with_trace) {
    t.label = text::Message::of("msg.label.certificates",
                                {text::txt(model::format_cn(in.cn)),
                                 text::txt(std::to_string(in.year) + (in.quarter ? "-Q" + std::to_string(in.quarter) : std::string()))});
    t.formula = text::Message::of("msg.formula.certificates");
    t.unit = "certificates (tCO2e)";
    t.value = cert;
    t.inputs.push_back({"q", q, q_unit, {}});
    t.inputs.push_back({text::Message::of(in.actual ? "msg.input.see_actual" : "msg.input.see_default"), r.see, "tCO2e/" + q_unit, {}});
    t.inputs.push_back({"EE = q × SEE", embedded, "tCO2e", {}});
    t.inputs.push_back({text::Message::of("msg.input.cbam_factor", {text::txt(std::to_string(in.year)), text::msg_arg(status_message(yp.cbam_factor_src->provenance.status))}),
                        yp.cbam_factor, "1", yp.cbam_factor_src->provenance.pos});
    t.inputs.push_back({yp.cscf_user ? text::Message::of("msg.input.cscf_user")
                                     : text::Message::of("msg.input.cscf_placeholder", {text::msg_arg(status_message(yp.cscf_param.status))}),
                        yp.cscf, "1", yp.cscf_param.pos});
    if (faa_known) {
      t.inputs.push_back({"SEFA", sefa, "tCO2e/" + q_unit, {}});
      t.inputs.push_back({"FAA = q × SEFA", faa, "tCO2e", {}});
    }
    t.inputs.push_back({text::Message::of("msg.input.red"), art9, "tCO2e", {}});
    t.inputs.push_back({text::Message::of("msg.input.price"), u::in_eur_per_tco2e(r.price), "EUR/tCO2e", {}});
    t.inputs.push_back({text::Message::of("msg.input.cost"), u::in_eur(r.cost), "EUR", {}});
    t.notes.push_back(text::Message::of("msg.note.adjustment", {text::msg_arg(faa_how)}));
    t.notes.push_back(text::Message::of("msg.note.price", {english(r.price_source)}));
    if (r.flags & flag_art9_ignored) t.notes.push_back(text::Message::of("msg.note.art9_ignored"));
    if (!faa_known) t.notes.push_back(text::Message::of("msg.note.upper_bound"));
    if (!in.sefa_trace.label.empty()) t.children.push_back(in.sefa_trace);
  }
  return r;
}

// ---- firm files -----------------------------------------------------------------------------

namespace {

class FirmMoney {
 public:
  FirmMoney(const MoneyContext& ctx, const model::Firm& firm) : ctx_(ctx), firm_(firm) {}

  // SEFA of good `cn` made by process p (IR 2025/2620 Annex points 3.1, 3.3):
  //   CBAM_y × CSCF × BM*_g (Column A of the good's own CN code) + Σ m_i × SEFA_i,
  // the precursor term per tonne of the process's activity level, shared by its goods.
  std::optional<double> process_sefa(const model::Installation& in, const model::Process& p,
                                     const std::string& cn, const YearParams& yp, TraceNode& t,
                                     unsigned& flags, std::string& gap) {
    t.label = text::Message::of("msg.label.sefa_process", {text::txt(model::format_cn(cn)), text::txt(p.id), text::txt(p.category)});
    t.formula = text::Message::of("msg.formula.sefa");
    t.unit = "tCO2e/t";
    t.pos = p.pos;
    factors::BenchmarkQuery bq{cn, factors::BenchmarkColumn::a, yp.year, p.benchmark_route, {}};
    auto b = benchmark_table(ctx_).lookup(bq);
    if (!b.found) {
      std::string m = b.gap + (p.benchmark_route.empty() && !b.candidates.empty()
                                   ? " (set benchmark-route on process " + p.id + ")"
                                   : std::string());
      flags |= flag_benchmark_missing;
      if (gap.empty()) gap = m;
      t.notes.push_back("GAP: " + m);
      t.value = 0;
      return std::nullopt;
    }
    flags |= benchmark_flags(b);
    for (const auto& h : b.how) t.notes.push_back(h);
    double own = yp.cbam_factor * yp.cscf * b.chosen;
    t.inputs.push_back({"BM*_g " + benchmark_label(b), b.chosen, "tCO2e/t", b.benchmark->provenance.pos});
    t.inputs.push_back({"CBAM_y × CSCF × BM*_g", own, "tCO2e/t", {}});
    double sefa = own;
    for (const auto& pr : p.precursors) {
      double m = u::ratio(pr.quantity, p.output);
      TraceNode c;
      auto s = precursor_sefa(in, pr, yp, c, flags, gap);
      c.inputs.push_back({"m_i", m, "t/t", pr.pos});
      t.children.push_back(std::move(c));
      if (!s) return std::nullopt;
      sefa += m * *s;
    }
    t.value = sefa;
    return sefa;
  }

 private:
  static std::string benchmark_label(const factors::BenchmarkLookup& b) {
    return "(" + model::format_cn(b.benchmark->cn) + (b.route.empty() ? "" : " route " + b.route) +
           (b.years.empty() ? "" : " " + b.years) + ", " + std::string(status_name(b.benchmark->provenance.status)) + ")";
  }

  std::optional<double> precursor_sefa(const model::Installation& in, const model::Precursor& pr,
                                       const YearParams& yp, TraceNode& t, unsigned& flags,
                                       std::string& gap) {
    t.label = text::Message::of("msg.label.sefa_precursor",
                                {text::txt(model::format_cn(pr.cn)),
                                 text::msg_arg(text::Message::of("msg.precursor_source." + std::string(model::precursor_source_name(pr.source))))});
    t.unit = "tCO2e/t";
    t.pos = pr.pos;
    if (pr.sefa) {
      t.formula = text::Message::of("msg.formula.sefa_communicated");
      t.value = u::in_tco2e_per_tonne(*pr.sefa);
      return t.value;
    }
    if (pr.source == model::PrecursorSource::process) {
      const model::Installation* pin = pr.installation_id.empty() ? &in : firm_.find_installation(pr.installation_id);
      const model::Process* pp = pin ? firm_.find_process(*pin, pr.process_id) : nullptr;
      if (!pp) return std::nullopt;
      TraceNode c;
      auto s = process_sefa(*pin, *pp, pr.cn, yp, c, flags, gap);
      t.formula = text::Message::of("msg.formula.sefa_of_producing_process");
      t.value = s.value_or(0);
      t.children.push_back(std::move(c));
      return s;
    }
    if ((pr.source == model::PrecursorSource::default_value || pr.source == model::PrecursorSource::supplier) &&
        !pr.origin.empty() && ctx_.data.scope.zero_origin(pr.origin)) {
      t.formula = text::Message::of("msg.formula.sefa_zero_origin");
      return 0.0;
    }
    // Column B for the precursor's CN code and route (IR 2025/2620 Annex point 3.3): the route
    // stated on the precursor, else the route of its origin's IR 2025/2621 Annex I row.
    std::string default_route;
    if (pr.benchmark_route.empty() && !pr.origin.empty()) {
      auto d = ctx_.data.factors.lookup_default(pr.cn, pr.origin);
      if (d.found) default_route = d.cell->route;
    }
    factors::BenchmarkQuery bq{pr.cn, factors::BenchmarkColumn::b, yp.year, pr.benchmark_route, default_route};
    auto b = benchmark_table(ctx_).lookup(bq);
    if (!b.found) {
      std::string m = b.gap;
      if (pr.benchmark_route.empty() && default_route.empty() && !b.candidates.empty())
        m += " (set benchmark-route, or origin, on the precursor)";
      flags |= flag_benchmark_missing;
      if (gap.empty()) gap = m;
      t.notes.push_back("GAP: " + m);
      return std::nullopt;
    }
    flags |= flag_sefa_estimated | benchmark_flags(b);
    for (const auto& h : b.how) t.notes.push_back(h);
    t.formula = text::Message::of("msg.formula.sefa_column_b");
    t.value = yp.cbam_factor * yp.cscf * b.chosen;
    t.inputs.push_back({"BM_B " + benchmark_label(b), b.chosen, "tCO2e/t", b.benchmark->provenance.pos});
    return t.value;
  }

  const MoneyContext& ctx_;
  const model::Firm& firm_;
};

// The processes of the export's installation that make its CN code, with their output of it.
struct ActualSource {
  const model::Installation* inst = nullptr;
  std::vector<std::pair<const model::Process*, u::Mass>> processes;
};

ActualSource actual_source(const model::Firm& firm, const model::Export& x) {
  ActualSource s;
  s.inst = firm.find_installation(x.installation);
  if (!s.inst) return s;
  for (const auto& p : s.inst->processes)
    for (const auto& g : p.goods)
      if (g.cn == x.cn) s.processes.emplace_back(&p, g.quantity);
  return s;
}

/// The benchmark route stated for the goods of an export: the common route of the processes
/// making it (empty when they differ or none is stated).
std::string process_route(const ActualSource& src) {
  std::string route;
  for (const auto& [p, q] : src.processes) {
    if (p->benchmark_route.empty()) return {};
    if (!route.empty() && route != p->benchmark_route) return {};
    route = p->benchmark_route;
  }
  return route;
}

/// What the exports of one good (installation, CN code) in one year share: the processes making
/// it and its SEFA on actual data, worked out once however many exports there are.
struct GoodMoney {
  ActualSource src;
  bool sefa_done = false;
  std::optional<double> sefa;
  std::string gap;
  unsigned flags = 0;
  TraceNode trace;
};
using GoodMoneyCache = std::map<std::pair<std::string, std::string>, GoodMoney>;

/// An export's SEFA trace lists at most this many producing processes (each has its own SEFA
/// trace inside): people read it, and its size must not grow with the square of the file.
constexpr std::size_t kTraceProcesses = 20;

LineInput line_for_export(const MoneyContext& ctx, const model::Firm& firm, const model::Export& x,
                          const ExportResult& er, bool force_defaults, unsigned& flags,
                          std::string& gap, GoodMoneyCache& cache) {
  LineInput li;
  li.cn = x.cn;
  li.year = x.year;
  li.quarter = x.quarter;
  auto [it, fresh] = cache.try_emplace({x.installation, x.cn});
  GoodMoney& gm = it->second;
  if (fresh) gm.src = actual_source(firm, x);
  const ActualSource& src = gm.src;
  li.origin = src.inst ? src.inst->country : firm.country;
  li.mass = x.quantity;
  li.carbon_price_paid = x.carbon_price_paid.value_or(0);
  if (er.unverified_supplier_data) flags |= flag_unverified_data;
  if (force_defaults || src.processes.empty() || er.method == DataMethod::default_values) {
    // On default values the benchmark route is the one of the origin's default row (IR 2025/2620
    // Annex point 5.1); the producing process's route only picks the TARIC line (A/B clinker).
    li.taric_route = process_route(src);
    return li;
  }
  li.actual = true;
  li.see = er.see_counted;
  li.route = process_route(src);
  if (!gm.sefa_done) {
    // SEFA of the good: production-weighted over the processes that make it, like its SEE.
    gm.sefa_done = true;
    YearParams yp = year_params(ctx, x.year);
    FirmMoney fm(ctx, firm);
    TraceNode& t = gm.trace;
    t.label = text::Message::of("msg.label.sefa_good", {text::txt(model::format_cn(x.cn)), text::txt(src.inst->id), text::txt(std::to_string(x.year))});
    t.formula = text::Message::of("msg.formula.sefa_weighted");
    t.unit = "tCO2e/t";
    double weighted = 0, total = 0;
    bool known = true;
    for (const auto& [p, q] : src.processes) {
      TraceNode c;
      auto s = fm.process_sefa(*src.inst, *p, x.cn, yp, c, gm.flags, gm.gap);
      double tq = u::in_tonnes(q);
      c.inputs.push_back({text::Message::of("msg.input.output_of", {text::txt(model::format_cn(x.cn))}), tq, "t", p->pos});
      if (t.children.size() < kTraceProcesses) t.children.push_back(std::move(c));
      if (!s) known = false;
      else {
        weighted += *s * tq;
        total += tq;
      }
    }
    if (src.processes.size() > kTraceProcesses)
      t.notes.push_back(std::to_string(src.processes.size()) + " processes make the good: the first " +
                        std::to_string(kTraceProcesses) + " are listed");
    if (src.processes.size() == 1) {
      TraceNode only = std::move(t.children.front());
      t = std::move(only);
    } else if (known && total > 0) {
      t.value = weighted / total;
    }
    if (known && total > 0) gm.sefa = weighted / total;
    else if (gm.gap.empty()) gm.gap = "the SEFA of the firm's goods could not be determined";
  }
  flags |= gm.flags;
  if (gap.empty()) gap = gm.gap;
  if (gm.sefa) li.sefa_actual = u::tco2e_per_tonne(*gm.sefa);
  else li.sefa_gap = gm.gap;
  li.sefa_trace = gm.trace;
  return li;
}

std::string buyer_of(const model::Export& x) {
  return x.importer.empty() ? "buyer in " + x.destination : x.importer;
}

}  // namespace

std::optional<DeMinimisTerms> de_minimis_terms(const rules::RuleSet& money, int year) {
  const Date on = Date::first_of_year(year);
  const rules::ParamValue* t = money.param_value("cbam.de_minimis.threshold", on);
  if (!t || t->is_text) return std::nullopt;
  DeMinimisTerms d;
  d.threshold = units::tonnes(t->number);
  d.ref = t->ref;
  if (const rules::ParamValue* x = money.param_value("cbam.de_minimis.excluded_sectors", on)) {
    std::string_view list = x->text;
    while (!list.empty()) {
      auto comma = list.find(',');
      auto item = list.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (!item.empty()) d.excluded_sectors.emplace_back(item);
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return d;
}

namespace {

std::vector<DeMinimis> de_minimis_tests(const MoneyContext& ctx, const std::vector<model::Export>& exports, int year) {
  // Per buyer (importer) and year: electricity and hydrogen excluded (Reg 2023/956 Art 2a).
  std::map<std::string, u::Mass> mass;
  for (const auto& x : exports) {
    if (x.year != year) continue;
    auto s = ctx.data.scope.check(x.cn);
    rules::FactSet fs;
    fs.set_text("good.sector", s.entry ? std::string(model::sector_slug(s.entry->sector)) : "", x.path);
    rules::Evaluator ev(ctx.money, Date::first_of_year(year), fs);
    if (s.in_scope && ev.evaluate("cbam.de_minimis.counts_mass").outcome == rules::Outcome::pass)
      mass[buyer_of(x)] += x.quantity;
  }
  std::vector<DeMinimis> out;
  for (const auto& [buyer, m] : mass) {
    rules::FactSet fs;
    fs.set_number("import.mass_in_scope", u::in_tonnes(m), "t", "sum of this firm's deliveries to " + buyer);
    rules::Evaluator ev(ctx.money, Date::first_of_year(year), fs);
    DeMinimis dm{buyer, year, m, false, ev.evaluate("cbam.de_minimis.exempt")};
    dm.exempt = dm.rule.outcome == rules::Outcome::pass;
    out.push_back(std::move(dm));
  }
  return out;
}

/// The obligation of every export of `exports` in `year` (their emissions in `er`, same order),
/// with the de minimis test per buyer: what firm_obligation reports and firm_exposure sums.
std::vector<ExportObligation> year_lines(const MoneyContext& ctx, const model::Firm& firm,
                                         const std::vector<model::Export>& exports,
                                         const std::vector<ExportResult>& er,
                                         const std::vector<DeMinimis>& dm, int year,
                                         const std::string& scenario, bool force_defaults,
                                         bool with_trace) {
  std::vector<ExportObligation> out;
  GoodMoneyCache cache;
  for (std::size_t i = 0; i < exports.size(); ++i) {
    const auto& x = exports[i];
    if (x.year != year) continue;
    ExportObligation eo;
    eo.emissions = er[i];
    eo.buyer = buyer_of(x);
    unsigned flags = 0;
    std::string gap;
    LineInput li = line_for_export(ctx, firm, x, eo.emissions, force_defaults, flags, gap, cache);
    eo.line = compute_line(ctx, li, scenario, with_trace);
    eo.line.flags |= flags;
    if (!gap.empty() && eo.line.gap.empty()) eo.line.gap = gap;
    if (with_trace && (flags & flag_unverified_data) && eo.emissions.see_if_defaults)
      eo.line.trace.notes.push_back(
          "a supplier's actual values are not verified (not usable in a CBAM declaration, Reg 2023/956 Art 8; "
          "IR 2025/2547 Art 15): with default values for those precursors the SEE would be " +
          num(u::in_tco2e_per_tonne(*eo.emissions.see_if_defaults)) + " tCO2e/t");
    for (const auto& d : dm)
      if (d.buyer == eo.buyer) eo.exempt = d.exempt;
    if (eo.exempt) {
      if (with_trace) {
        std::string ref;
        for (const auto& d : dm)
          if (d.buyer == eo.buyer) ref = d.rule.ref;
        eo.line.trace.notes.push_back("de minimis: the buyer's CBAM goods in " + std::to_string(year) +
                                      " do not exceed the threshold: exempt (" + ref + "); without the "
                                      "exemption " + num(u::in_tco2e(eo.line.certificates)) +
                                      " certificates, " + num(u::in_eur(eo.line.cost)) + " EUR");
        eo.line.trace.value = 0;
        for (auto& in : eo.line.trace.inputs)
          if (in.name == "cost") in.value = 0;
      }
      eo.line.certificates = u::tco2e(0);
      eo.line.cost = u::eur(0);
    }
    out.push_back(std::move(eo));
  }
  return out;
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
  rep.de_minimis = de_minimis_tests(ctx, firm.exports, year);
  for (const auto& d : rep.de_minimis) rep.rule_results.push_back(d.rule);
  rep.lines = year_lines(ctx, firm, firm.exports, rep.emissions.exports, rep.de_minimis, year, scenario,
                         false, true);
  for (const auto& eo : rep.lines) {
    rep.total_embedded += eo.line.embedded;
    if (eo.line.faa) rep.total_faa += *eo.line.faa;
    else rep.faa_incomplete = true;
    rep.total_art9 += eo.line.art9;
    rep.total_certificates += eo.line.certificates;
    rep.total_cost += eo.line.cost;
  }
  return rep;
}

namespace {
/// Several lines of one good and year as one: sums, and the intensities they imply.
LineResult sum_lines(const std::vector<const LineResult*>& lines, double quantity) {
  LineResult r;
  if (lines.empty()) return r;
  bool faa_known = true;
  for (const auto* l : lines) {
    r.in_scope = r.in_scope && l->in_scope;
    r.defaults_used = r.defaults_used || l->defaults_used;
    r.embedded += l->embedded;
    if (l->faa) r.faa = r.faa.value_or(u::tco2e(0)) + *l->faa;
    else faa_known = false;
    r.art9 += l->art9;
    r.certificates += l->certificates;
    r.cost += l->cost;
    r.flags |= l->flags;
    if (!l->gap.empty() && r.gap.find(l->gap) == std::string::npos)
      r.gap += (r.gap.empty() ? "" : "; ") + l->gap;
    if (r.price_source.empty()) r.price_source = l->price_source;
  }
  if (!faa_known) r.faa.reset();
  r.cbam_factor = lines.front()->cbam_factor;
  r.cscf = lines.front()->cscf;
  r.price = lines.front()->price;
  double c = u::in_tco2e(r.certificates);
  if (c > 0) r.price = u::eur_per_tco2e(u::in_eur(r.cost) / c);
  if (quantity > 0) {
    r.see = u::in_tco2e(r.embedded) / quantity;
    r.sefa = r.faa ? u::in_tco2e(*r.faa) / quantity : 0.0;
  }
  return r;
}
}  // namespace

ExposureReport firm_exposure(const MoneyContext& ctx, const model::Firm& firm) {
  ExposureReport rep;
  rep.years = ctx.data.period.years();
  rep.scenarios = ctx.prices.scenarios();
  auto missing = ctx.prices.missing(rep.years);
  if (!missing.empty()) {
    std::string ys;
    for (int y : missing) ys += (ys.empty() ? "" : ", ") + std::to_string(y);
    throw InputError("greengate: exposure: no certificate price for " + ys +
                     ": give a price or price scenarios covering " + ctx.data.period.text());
  }
  EmissionsOptions opt;
  opt.year = ctx.data.period.first;
  rep.emissions = compute_emissions(firm, ctx.data, opt);
  // Goods: one row per (installation, CN) exported. A declared year uses its own export lines (as
  // `obligation` does); a later year without a declared export repeats the lines of the last
  // declared year before it (projected).
  using Key = std::pair<std::string, std::string>;
  std::map<Key, std::map<int, std::vector<const model::Export*>>> by_good;
  for (const auto& x : firm.exports) by_good[{x.installation, x.cn}][x.year].push_back(&x);
  std::map<Key, ExposureGood> goods;
  for (int y : rep.years) {
    std::vector<model::Export> lines;
    std::vector<std::pair<Key, bool>> owner;  // per line: its good and whether projected
    for (const auto& [key, years] : by_good) {
      auto it = years.upper_bound(y);
      if (it == years.begin()) continue;  // no declared year up to y: nothing to project
      const auto& [declared, xs] = *std::prev(it);
      for (const auto* x : xs) {
        model::Export copy = *x;
        copy.year = y;
        if (declared != y) copy.quarter = 0;  // a projection knows no quarter
        lines.push_back(std::move(copy));
        owner.emplace_back(key, declared != y);
      }
    }
    if (lines.empty()) continue;
    EmissionsOptions o;
    o.year = y;
    model::Firm one = firm;
    one.exports = lines;
    auto er = compute_emissions(one, ctx.data, o).exports;
    auto dm = de_minimis_tests(ctx, lines, y);
    for (const auto& scen : rep.scenarios) {
      auto act = year_lines(ctx, firm, lines, er, dm, y, scen, false, false);
      auto def = year_lines(ctx, firm, lines, er, dm, y, scen, true, false);
      std::map<Key, std::vector<std::size_t>> idx;
      for (std::size_t i = 0; i < lines.size(); ++i) idx[owner[i].first].push_back(i);
      for (const auto& [key, is] : idx) {
        ExposureCell c;
        c.year = y;
        c.scenario = scen;
        c.quantity = u::tonnes(0);
        std::vector<const LineResult*> la, ld;
        bool all_actual = true;
        for (auto i : is) {
          c.quantity += lines[i].quantity;
          c.projected = owner[i].second;
          la.push_back(&act[i].line);
          ld.push_back(&def[i].line);
          all_actual = all_actual && !act[i].line.defaults_used;
        }
        double q = u::in_tonnes(c.quantity);
        c.has_actual = all_actual;
        if (all_actual) c.actual = sum_lines(la, q);
        c.defaults = sum_lines(ld, q);
        auto& g = goods[key];
        g.installation = key.first;
        g.cn = key.second;
        g.cells.push_back(std::move(c));
      }
    }
  }
  for (auto& [key, g] : goods) {
    // cells in year order, then scenario order (as the scenarios are listed)
    std::stable_sort(g.cells.begin(), g.cells.end(), [](const ExposureCell& a, const ExposureCell& b) {
      return a.year < b.year;
    });
    rep.goods.push_back(std::move(g));
  }
  for (const auto& scen : rep.scenarios)
    for (int y : rep.years) {
      ExposureTotal t;
      t.year = y;
      t.scenario = scen;
      bool any = false;
      for (const auto& g : rep.goods)
        for (const auto& c : g.cells) {
          if (c.year != y || c.scenario != scen) continue;
          any = true;
          const LineResult& a = c.has_actual ? c.actual : c.defaults;
          t.certificates_actual += a.certificates;
          t.cost_actual += a.cost;
          t.actual_upper_bound = t.actual_upper_bound || !a.faa;
          if (c.default_missing()) {
            t.left_out.push_back(model::format_cn(g.cn) + " from " + g.installation);
            continue;
          }
          t.certificates_default += c.defaults.certificates;
          t.cost_default += c.defaults.cost;
          t.default_upper_bound = t.default_upper_bound || !c.defaults.faa;
        }
      if (any) rep.totals.push_back(std::move(t));
    }
  return rep;
}

}  // namespace greengate::calc
