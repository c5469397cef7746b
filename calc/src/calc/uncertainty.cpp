#include "greengate/calc/uncertainty.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <tuple>

#include "greengate/model/cn_code.hpp"
#include "greengate/text/number_format.hpp"

namespace greengate::calc {

namespace u = greengate::units;

double normal_quantile(double p) {
  // P. J. Acklam's rational approximation of the inverse normal distribution function (2003):
  // a central rational function and two tail ones in sqrt(-2 log p).
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  if (!(p > 0.0 && p < 1.0)) throw InternalError("normal_quantile: p must lie in (0, 1)");
  auto tail = [&](double q) {
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  };
  if (p < p_low) return tail(std::sqrt(-2.0 * std::log(p)));
  if (p > 1.0 - p_low) return -tail(std::sqrt(-2.0 * std::log(1.0 - p)));
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

const UncertainFigure* UncertaintyResult::find(std::string_view key) const {
  for (const auto& f : figures)
    if (f.key == key) return &f;
  return nullptr;
}

namespace {

constexpr double kZ975 = 1.959963984540054;  // Φ⁻¹(0.975)
constexpr double kStep = 0.1;                // the engine runs move a variable by 10 %

// ---- handles: the numbers of a firm copy the runs move --------------------------------------

enum class What { quantity, ncv, ef, see };

struct Handle {
  What what = What::quantity;
  std::size_t variable = 0;
  u::CalorificValue ncv;        ///< the library value (What::ncv)
  u::EnergyEmissionFactor ef;   ///< the library value (What::ef)
};

/// The uncertain numbers of one source: a stream, an electricity use or a heat flow. Its
/// handles may multiply each other; different groups only add up.
struct Group {
  model::SourceStream* stream = nullptr;
  model::ElectricityUse* electricity = nullptr;
  model::HeatFlow* heat = nullptr;
  model::Precursor* precursor = nullptr;  ///< what the firm buys: a precursor …
  model::ProductInput* input = nullptr;   ///< … or an input of a product or a hydrogen life cycle
  model::SourceStream stream_orig;
  model::ElectricityUse electricity_orig;
  model::HeatFlow heat_orig;
  model::Precursor precursor_orig;
  model::ProductInput input_orig;
  std::vector<Handle> handles;

  void restore() {
    if (stream) *stream = stream_orig;
    if (electricity) *electricity = electricity_orig;
    if (heat) *heat = heat_orig;
    if (precursor) *precursor = precursor_orig;
    if (input) *input = input_orig;
  }
  /// Sets handle i to ratio r (on top of the original values; call restore() first).
  void apply(std::size_t i, double r) {
    const Handle& h = handles[i];
    if (precursor) {
      auto& p = *precursor;
      const auto& o = precursor_orig;
      if (h.what == What::quantity) {
        p.quantity = o.quantity * r;
      } else {  // the supplier's SEE: direct and indirect together (one statement, one draw)
        if (o.see_direct) p.see_direct = *o.see_direct * r;
        if (o.see_indirect) p.see_indirect = *o.see_indirect * r;
        if (o.specific_electricity) p.specific_electricity = *o.specific_electricity * r;
      }
      return;
    }
    if (input) {
      auto& p = *input;
      const auto& o = input_orig;
      if (h.what == What::quantity) {
        p.quantity = o.quantity * r;
      } else {  // its factor, or the supplier's SEE
        if (o.factor) p.factor = *o.factor * r;
        if (o.see_direct) p.see_direct = *o.see_direct * r;
        if (o.see_indirect) p.see_indirect = *o.see_indirect * r;
      }
      return;
    }
    if (electricity) {
      electricity->quantity = electricity_orig.quantity * r;
      return;
    }
    if (heat) {
      heat->quantity = heat_orig.quantity * r;
      return;
    }
    auto& s = *stream;
    const auto& o = stream_orig;
    switch (h.what) {
      case What::ncv: s.ncv_mass = h.ncv * r; return;
      case What::ef: s.ef = h.ef * r; return;
      case What::see:
      case What::quantity: break;
    }
    switch (s.method) {
      case model::StreamMethod::combustion:
        s.mass = o.mass * r;
        s.volume = o.volume * r;
        s.energy = o.energy * r;
        break;
      case model::StreamMethod::process: s.mass = o.mass * r; break;
      case model::StreamMethod::mass_balance:
        for (std::size_t k = 0; k < s.inputs.size(); ++k) s.inputs[k].quantity = o.inputs[k].quantity * r;
        for (std::size_t k = 0; k < s.outputs.size(); ++k) s.outputs[k].quantity = o.outputs[k].quantity * r;
        break;
      case model::StreamMethod::measured: s.measured = o.measured * r; break;
      case model::StreamMethod::n2o:
      case model::StreamMethod::fugitive: s.gas_mass = o.gas_mass * r; break;
      case model::StreamMethod::pfc_slope:
      case model::StreamMethod::pfc_overvoltage: s.aluminium = o.aluminium * r; break;
    }
  }
};

class Inputs {
 public:
  Inputs(model::Firm& firm, const Dataset& data, int year) : data_(data), year_(year) {
    for (auto& in : firm.installations) {
      for (auto& p : in.processes) {
        for (auto& s : p.streams) add_stream(s);
        for (auto& e : p.electricity) add_electricity(e);
        for (auto& h : p.heat) add_heat(h);
        for (auto& pr : p.precursors) add_precursor(pr);
      }
      for (auto& s : in.shared_streams) add_stream(s);
      for (auto& src : in.inventory) add_stream(src.stream);
    }
    for (auto& b : firm.buildings) {
      for (auto& src : b.sources) add_stream(src.stream);
      for (auto& e : b.electricity) add_electricity(e);
      for (auto& h : b.heat) add_heat(h);
    }
    for (auto& p : firm.products)
      for (auto& i : p.inputs) add_input(i);
    for (auto& h : firm.hydrogen)
      for (auto& i : h.inputs) add_input(i);
  }
  std::vector<UncertainVariable> variables;
  std::vector<Group> groups;
  std::vector<std::string> fixed_fuel_factors;  ///< library NCV/EF used without bounds

 private:
  std::size_t factor_variable(const factors::Factor& f) {
    for (std::size_t i = 0; i < variables.size(); ++i)
      if (variables[i].kind == VariableKind::library_factor && variables[i].id == f.id) {
        ++variables[i].uses;
        return i;
      }
    UncertainVariable v;
    v.kind = VariableKind::library_factor;
    v.id = f.id;
    v.label = f.name;
    v.value = f.written_value;
    v.lower = *f.lower;
    v.upper = *f.upper;
    v.unit = f.unit;
    v.rel_minus = (f.written_value - *f.lower) / f.written_value;
    v.rel_plus = (*f.upper - f.written_value) / f.written_value;
    v.source = f.provenance.source;
    v.pos = f.provenance.pos;
    v.uses = 1;
    variables.push_back(std::move(v));
    return variables.size() - 1;
  }
  std::size_t measurement(const std::string& path, const std::string& label, double rel,
                          const SourcePos& pos) {
    UncertainVariable v;
    v.kind = VariableKind::measurement;
    v.id = path;
    v.label = label;
    v.rel_minus = v.rel_plus = rel;
    v.source = "firm file (uncertainty=\"" + text::format_trimmed(rel * 100.0, 4) + "\" %)";
    v.pos = pos;
    v.uses = 1;
    variables.push_back(std::move(v));
    return variables.size() - 1;
  }
  /// The library factor the engine will use, if it has bounds (a usable 95 % range).
  const factors::Factor* bounded(const std::string& id) {
    const auto* f = data_.factors.find(id, Date::first_of_year(year_));
    if (!f) return nullptr;
    if (!f->lower || !f->upper || f->written_value <= 0 || *f->lower > f->written_value ||
        *f->upper < f->written_value || *f->lower < 0) {
      if (std::find(fixed_fuel_factors.begin(), fixed_fuel_factors.end(), id) == fixed_fuel_factors.end())
        fixed_fuel_factors.push_back(id);
      return nullptr;
    }
    return f;
  }
  void add_stream(model::SourceStream& s) {
    Group g;
    g.stream = &s;
    g.stream_orig = s;
    if (s.uncertainty) {
      Handle h;
      h.what = What::quantity;
      h.variable = measurement(s.path, "quantity of " + s.path, *s.uncertainty, s.pos);
      g.handles.push_back(h);
    }
    // The library NCV and EF the engine takes: none when the file gives an EF per tonne or per
    // 1000 Nm3 of fuel (no NCV needed) or names no fuel.
    if (s.method == model::StreamMethod::combustion && !s.ef_mass && !s.ef_volume && !s.fuel.empty()) {
      if (s.amount_kind == model::AmountKind::mass && !s.ncv_mass) {
        if (const auto* f = bounded("fuel." + s.fuel + ".ncv")) {
          Handle h;
          h.what = What::ncv;
          h.ncv = f->as<u::CalorificValue>();
          h.variable = factor_variable(*f);
          g.handles.push_back(h);
        }
      }
      if (!s.ef) {
        if (const auto* f = bounded("fuel." + s.fuel + ".ef")) {
          Handle h;
          h.what = What::ef;
          h.ef = f->as<u::EnergyEmissionFactor>();
          h.variable = factor_variable(*f);
          g.handles.push_back(h);
        }
      }
    }
    if (!g.handles.empty()) groups.push_back(std::move(g));
  }
  void add_precursor(model::Precursor& p) {
    const bool supplier = p.source == model::PrecursorSource::supplier && (p.see_direct || p.see_indirect);
    if (!p.uncertainty && !(supplier && p.see_uncertainty)) return;
    Group g;
    g.precursor = &p;
    g.precursor_orig = p;
    const std::string name = "precursor " + (p.cn.empty() ? p.category : model::format_cn(p.cn)) + " of " + p.path;
    if (p.uncertainty) {
      Handle h;
      h.what = What::quantity;
      h.variable = measurement(p.path, "quantity of " + name, *p.uncertainty, p.pos);
      g.handles.push_back(h);
    }
    if (supplier && p.see_uncertainty) {
      Handle h;
      h.what = What::see;
      h.variable = measurement(p.path + "@see", "supplier's SEE of " + name, *p.see_uncertainty, p.pos);
      g.handles.push_back(h);
    }
    groups.push_back(std::move(g));
  }
  void add_input(model::ProductInput& in) {
    const bool has_factor = in.factor || in.see_direct || in.see_indirect;
    if (!in.uncertainty && !(has_factor && in.factor_uncertainty)) return;
    Group g;
    g.input = &in;
    g.input_orig = in;
    if (in.uncertainty) {
      Handle h;
      h.what = What::quantity;
      h.variable = measurement(in.path, "mass per declared unit of input " + in.id, *in.uncertainty, in.pos);
      g.handles.push_back(h);
    }
    if (has_factor && in.factor_uncertainty) {
      Handle h;
      h.what = What::see;
      h.variable = measurement(in.path + "@factor",
                               (in.factor ? "factor of input " : "supplier's SEE of input ") + in.id,
                               *in.factor_uncertainty, in.pos);
      g.handles.push_back(h);
    }
    groups.push_back(std::move(g));
  }
  void add_electricity(model::ElectricityUse& e) {
    if (!e.uncertainty) return;
    Group g;
    g.electricity = &e;
    g.electricity_orig = e;
    Handle h;
    h.variable = measurement(e.path, "electricity consumed, " + e.path, *e.uncertainty, e.pos);
    g.handles.push_back(h);
    groups.push_back(std::move(g));
  }
  void add_heat(model::HeatFlow& hf) {
    if (!hf.uncertainty) return;
    Group g;
    g.heat = &hf;
    g.heat_orig = hf;
    Handle h;
    h.variable = measurement(hf.path, std::string(hf.is_import ? "heat imported, " : "heat exported, ") + hf.path,
                             *hf.uncertainty, hf.pos);
    g.handles.push_back(h);
    groups.push_back(std::move(g));
  }
  const Dataset& data_;
  int year_;
};

// ---- the response model ---------------------------------------------------------------------

/// A figure is Σ weight × raw (or × max(0, raw) where `floor`) over raw engine outputs.
struct Part {
  std::size_t raw = 0;
  double weight = 1;
  bool floor = false;
};
struct FigureSpec {
  std::string key, label, unit;
  double deterministic = 0;
  std::vector<Part> parts;
};

using Evaluate = std::function<std::vector<double>(const model::Firm&)>;

struct Model {
  std::vector<double> base;                        ///< raw outputs at the deterministic point
  std::vector<std::vector<std::size_t>> monomials;  ///< variable indices, sorted
  /// per raw output: (monomial, coefficient) of Π (r_v − 1)
  std::vector<std::vector<std::pair<std::size_t, double>>> coef;
  std::vector<std::string> not_multilinear;        ///< per raw output: why the check failed
  std::size_t runs = 0;
};

double eval_model(const Model& m, std::size_t o, const std::vector<double>& dv,
                  double* abs_sum = nullptr) {
  double y = m.base[o], a = std::abs(y);
  for (const auto& [mi, c] : m.coef[o]) {
    double p = c;
    for (auto v : m.monomials[mi]) p *= dv[v];
    y += p;
    a += std::abs(p);
  }
  if (abs_sum) *abs_sum = a;
  return y;
}

Model build_model(model::Firm& work, Inputs& in, const Evaluate& eval, std::uint64_t seed) {
  Model m;
  m.base = eval(work);
  m.runs = 1;
  const std::size_t n_out = m.base.size();
  m.coef.resize(n_out);
  m.not_multilinear.resize(n_out);
  std::map<std::vector<std::size_t>, std::size_t> index;
  for (auto& g : in.groups) {
    const std::size_t k = g.handles.size();
    const std::size_t n_masks = std::size_t{1} << k;
    std::vector<std::vector<double>> f(n_masks);
    f[0] = m.base;
    for (std::size_t mask = 1; mask < n_masks; ++mask) {
      g.restore();
      for (std::size_t i = 0; i < k; ++i)
        if (mask & (std::size_t{1} << i)) g.apply(i, 1.0 + kStep);
      f[mask] = eval(work);
      ++m.runs;
      if (f[mask].size() != n_out) throw InternalError("uncertainty: the engine's outputs changed shape");
    }
    g.restore();
    // Möbius inversion: the coefficient of Π_{i∈S} (r_i − 1) is Σ_{T⊆S} (−1)^{|S∖T|} f(T) / δ^|S|.
    for (std::size_t S = 1; S < n_masks; ++S) {
      std::vector<std::size_t> vars;
      for (std::size_t i = 0; i < k; ++i)
        if (S & (std::size_t{1} << i)) vars.push_back(g.handles[i].variable);
      std::sort(vars.begin(), vars.end());
      const int size = __builtin_popcountll(S);
      const double scale = std::pow(kStep, size);
      for (std::size_t o = 0; o < n_out; ++o) {
        double d = 0, mag = 0;
        for (std::size_t T = S;; T = (T - 1) & S) {
          const int sign = ((size - __builtin_popcountll(T)) % 2) ? -1 : 1;
          d += sign * f[T][o];
          mag = std::max(mag, std::abs(f[T][o]));
          if (T == 0) break;
        }
        if (std::abs(d) <= 1e-12 * mag) continue;
        auto [it, fresh] = index.emplace(vars, m.monomials.size());
        if (fresh) m.monomials.push_back(vars);
        m.coef[o].emplace_back(it->second, d / scale);
      }
    }
  }
  // The check: every group moved at once to a random point of the 95 % ranges, the engine
  // against the model. A result that is not a sum of products in the variables (an instrument
  // running out, a threshold crossed) keeps no range.
  if (!in.groups.empty()) {
    NormalDraws z(seed ^ 0x9e3779b97f4a7c15ULL);
    std::vector<double> dv(in.variables.size());
    for (std::size_t v = 0; v < dv.size(); ++v) {
      double x = std::clamp(z.next(), -1.5, 1.5);
      dv[v] = x * (x < 0 ? in.variables[v].rel_minus : in.variables[v].rel_plus) / kZ975;
    }
    for (auto& g : in.groups) {
      g.restore();
      for (std::size_t i = 0; i < g.handles.size(); ++i) g.apply(i, 1.0 + dv[g.handles[i].variable]);
    }
    auto y = eval(work);
    ++m.runs;
    for (auto& g : in.groups) g.restore();
    for (std::size_t o = 0; o < n_out; ++o) {
      double a = 0;
      double ym = eval_model(m, o, dv, &a);
      if (std::abs(ym - y[o]) > 1e-7 * a + 1e-12)
        m.not_multilinear[o] = "the engine's result is not a sum of products of the uncertain "
                               "inputs here (e.g. a contractual instrument or a threshold is "
                               "crossed within the ranges): no range given (model " +
                               text::format_trimmed(ym, 9) + ", engine " +
                               text::format_trimmed(y[o], 9) + ")";
    }
  }
  return m;
}

double quantile(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

UncertaintyResult simulate(const model::Firm& firm, const Dataset& data, int year,
                           const Evaluate& eval,
                           const std::function<std::vector<FigureSpec>(const std::vector<double>&)>& figures_of,
                           const UncertaintyOptions& opt) {
  if (opt.samples < 2) throw InputError("uncertainty: needs at least 2 samples");
  model::Firm work = firm;
  Inputs in(work, data, year);
  std::size_t runs_needed = 2;
  for (const auto& g : in.groups) runs_needed += (std::size_t{1} << g.handles.size()) - 1;
  if (opt.max_engine_runs && runs_needed > opt.max_engine_runs) {
    UncertaintyResult res;
    res.samples = 0;
    res.seed = opt.seed;
    res.variables = in.variables;
    const std::string why = "the file has " + std::to_string(in.groups.size()) +
                            " uncertain sources: their response model needs " +
                            std::to_string(runs_needed) + " engine runs, more than the " +
                            std::to_string(opt.max_engine_runs) +
                            " allowed here (greengate on the command line has no such limit)";
    for (auto& f : figures_of(eval(work))) {
      UncertainFigure out;
      out.key = f.key;
      out.label = f.label;
      out.unit = f.unit;
      out.deterministic = out.mean = out.median = out.p025 = out.p975 = f.deterministic;
      out.unavailable = why;
      res.figures.push_back(std::move(out));
    }
    res.engine_runs = 1;
    res.notes.push_back(why);
    return res;
  }
  Model m = build_model(work, in, eval, opt.seed);
  auto specs = figures_of(m.base);

  UncertaintyResult res;
  res.samples = opt.samples;
  res.seed = opt.seed;
  res.generator = "std::mt19937_64 seeded with " + std::to_string(opt.seed) +
                  "; normal by inversion (Acklam); two-piece normal per variable";
  res.variables = in.variables;
  res.engine_runs = m.runs;
  const std::size_t V = in.variables.size(), F = specs.size(), N = opt.samples;

  // Which variables each figure depends on, and whether its model held.
  std::vector<std::vector<std::size_t>> deps(F);
  std::vector<std::string> bad(F);
  for (std::size_t f = 0; f < F; ++f) {
    std::vector<bool> seen(V, false);
    for (const auto& p : specs[f].parts) {
      if (!m.not_multilinear[p.raw].empty() && bad[f].empty()) bad[f] = m.not_multilinear[p.raw];
      for (const auto& [mi, c] : m.coef[p.raw])
        for (auto v : m.monomials[mi]) seen[v] = true;
    }
    for (std::size_t v = 0; v < V; ++v)
      if (seen[v]) deps[f].push_back(v);
  }

  std::vector<std::vector<double>> samples(F, std::vector<double>(N));
  // Shifted sums for the correlations: x = r − 1, y = figure − deterministic.
  std::vector<double> sx(V, 0), sxx(V, 0), sy(F, 0), syy(F, 0);
  std::vector<std::vector<double>> sxy(F);
  for (std::size_t f = 0; f < F; ++f) sxy[f].assign(deps[f].size(), 0);
  std::vector<double> dv(V), raw(m.base.size()), mono(m.monomials.size());
  NormalDraws z(opt.seed);
  for (std::size_t s = 0; s < N; ++s) {
    for (std::size_t v = 0; v < V; ++v) {
      const double x = z.next();
      double r = 1.0 + x * (x < 0 ? in.variables[v].rel_minus : in.variables[v].rel_plus) / kZ975;
      if (r < 0) r = 0;
      dv[v] = r - 1.0;
      sx[v] += dv[v];
      sxx[v] += dv[v] * dv[v];
    }
    for (std::size_t k = 0; k < mono.size(); ++k) {
      double p = 1;
      for (auto v : m.monomials[k]) p *= dv[v];
      mono[k] = p;
    }
    for (std::size_t o = 0; o < raw.size(); ++o) {
      double y = m.base[o];
      for (const auto& [mi, c] : m.coef[o]) y += c * mono[mi];
      raw[o] = y;
    }
    for (std::size_t f = 0; f < F; ++f) {
      double y = 0;
      for (const auto& p : specs[f].parts) {
        double x = raw[p.raw];
        if (p.floor && x < 0) x = 0;
        y += p.weight * x;
      }
      samples[f][s] = y;
      const double yc = y - specs[f].deterministic;
      sy[f] += yc;
      syy[f] += yc * yc;
      for (std::size_t j = 0; j < deps[f].size(); ++j) sxy[f][j] += dv[deps[f][j]] * yc;
    }
  }

  const double n = static_cast<double>(N);
  for (std::size_t f = 0; f < F; ++f) {
    UncertainFigure out;
    out.key = specs[f].key;
    out.label = specs[f].label;
    out.unit = specs[f].unit;
    out.deterministic = specs[f].deterministic;
    out.unavailable = bad[f];
    out.varies = !deps[f].empty() && bad[f].empty();
    if (!out.varies) {
      out.mean = out.median = out.p025 = out.p975 = out.deterministic;
      res.figures.push_back(std::move(out));
      continue;
    }
    const double my = sy[f] / n;
    out.mean = out.deterministic + my;
    const double var_y = std::max(0.0, syy[f] / n - my * my);
    out.sd = std::sqrt(var_y * n / (n - 1.0));
    auto& v = samples[f];
    std::sort(v.begin(), v.end());
    out.p025 = quantile(v, 0.025);
    out.median = quantile(v, 0.5);
    out.p975 = quantile(v, 0.975);
    std::vector<std::pair<double, std::size_t>> rho2;
    double total = 0;
    for (std::size_t j = 0; j < deps[f].size(); ++j) {
      const std::size_t var = deps[f][j];
      const double mx = sx[var] / n;
      const double var_x = sxx[var] / n - mx * mx;
      const double cov = sxy[f][j] / n - mx * my;
      const double r2 = var_x > 0 && var_y > 0 ? cov * cov / (var_x * var_y) : 0.0;
      rho2.emplace_back(r2, var);
      total += r2;
    }
    std::stable_sort(rho2.begin(), rho2.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [r2, var] : rho2) {
      const double share = total > 0 ? r2 / total : 0.0;
      if (share >= 0.001) out.contributors.push_back({var, share});
    }
    res.figures.push_back(std::move(out));
  }

  res.notes.push_back("Varied: the IPCC 2006 95 % bounds of fuel NCVs and CO2 emission factors "
                      "taken from the library, and the uncertainties the firm file states: of its "
                      "measured quantities, of precursors (quantity, supplier's SEE) and of the "
                      "inputs of products and hydrogen (mass, factor). Held fixed (no uncertainty "
                      "in the library): Commission default values (the law fixes them), "
                      "electricity and grid factors, carbonate and carbon-content factors, GWPs, "
                      "supplier values and factors the file gives without an uncertainty.");
  for (const auto& id : in.fixed_fuel_factors)
    res.notes.push_back("held fixed: " + id + " has no 95 % bounds in the library");
  if (V == 0)
    res.notes.push_back("no uncertain input: the file states no measurement uncertainty and uses "
                        "no library fuel factor with bounds");
  for (std::size_t v = 0; v < V; ++v)
    if (res.variables[v].uses > 1)
      res.notes.push_back(res.variables[v].id + " enters " + std::to_string(res.variables[v].uses) +
                          " sources: one draw per sample for all of them (fully correlated)");
  return res;
}

void check_figure(const FigureSpec& f, const std::vector<double>& base) {
  double y = 0;
  for (const auto& p : f.parts) y += p.weight * (p.floor ? std::max(0.0, base[p.raw]) : base[p.raw]);
  if (std::abs(y - f.deterministic) > 1e-9 * std::max(1.0, std::abs(f.deterministic)))
    throw InternalError("uncertainty: figure " + f.key + " rebuilt as " +
                        text::format_trimmed(y, 12) + ", the engine reports " +
                        text::format_trimmed(f.deterministic, 12));
}

}  // namespace

std::string figure_key(const GoodResult& g) {
  return "good:" + g.cn + ":" + g.installation + (g.process.empty() ? "" : "/" + g.process);
}

// ---- the four results -------------------------------------------------------------------------

UncertaintyResult emissions_uncertainty(const model::Firm& firm, const Dataset& data,
                                        const EmissionsOptions& options,
                                        const UncertaintyOptions& opt) {
  auto ref = compute_emissions(firm, data, options);
  Evaluate eval = [&](const model::Firm& f) {
    auto r = compute_emissions(f, data, options);
    std::vector<double> out;
    for (const auto& g : r.goods)
      if (g.in_scope) out.push_back(u::in_tco2e_per_tonne(g.see_counted));
    for (const auto& x : r.exports) out.push_back(u::in_tco2e(x.embedded));
    return out;
  };
  auto figures = [&](const std::vector<double>& base) {
    std::vector<FigureSpec> specs;
    std::size_t i = 0;
    for (const auto& g : ref.goods) {
      if (!g.in_scope) continue;
      specs.push_back({figure_key(g),
                       "SEE " + model::format_cn(g.cn) + " " + g.installation +
                           (g.process.empty() ? " (defaults)" : "/" + g.process),
                       "tCO2e/t", u::in_tco2e_per_tonne(g.see_counted), {{i++, 1.0, false}}});
    }
    FigureSpec total{"exports:embedded", "embedded emissions of all exports", "tCO2e", 0, {}};
    for (std::size_t k = 0; k < ref.exports.size(); ++k) {
      const auto& x = ref.exports[k];
      specs.push_back({"export:" + std::to_string(k + 1),
                       "embedded, export " + std::to_string(k + 1) + " " + model::format_cn(x.cn) +
                           " to " + x.destination + " " + std::to_string(x.year),
                       "tCO2e", u::in_tco2e(x.embedded), {{i, 1.0, false}}});
      total.parts.push_back({i++, 1.0, false});
      total.deterministic += u::in_tco2e(x.embedded);
    }
    if (!ref.exports.empty()) specs.push_back(total);
    for (const auto& s : specs) check_figure(s, base);
    return specs;
  };
  return simulate(firm, data, options.year ? options.year : data.period.first, eval, figures, opt);
}

UncertaintyResult obligation_uncertainty(const MoneyContext& ctx, const model::Firm& firm,
                                         int year, const std::string& scenario,
                                         const UncertaintyOptions& opt) {
  auto ref = firm_obligation(ctx, firm, year, scenario);
  // Raw output per line: what certificates are the floor of (Reg 2023/956 Art 6(2)(c), 9, 31:
  // embedded − adjustment − Art. 9), for lines that pay; exempt and out-of-scope lines pay 0.
  auto pays = [](const ExportObligation& eo) { return !eo.exempt && eo.line.in_scope; };
  Evaluate eval = [&](const model::Firm& f) {
    auto r = firm_obligation(ctx, f, year, scenario);
    std::vector<double> out;
    for (const auto& eo : r.lines) {
      if (!pays(eo)) continue;
      out.push_back(u::in_tco2e(eo.line.embedded) -
                    (eo.line.faa ? u::in_tco2e(*eo.line.faa) : 0.0) - u::in_tco2e(eo.line.art9));
    }
    return out;
  };
  auto figures = [&](const std::vector<double>& base) {
    std::vector<FigureSpec> specs;
    FigureSpec total{"certificates", "CBAM certificates, " + std::to_string(year), "tCO2e", 0, {}};
    FigureSpec cost{"cost", "cost of the certificates, " + std::to_string(year), "EUR", 0, {}};
    std::size_t i = 0;
    for (std::size_t k = 0; k < ref.lines.size(); ++k) {
      const auto& eo = ref.lines[k];
      const double certs = u::in_tco2e(eo.line.certificates);
      FigureSpec line{"certificates:" + std::to_string(k + 1),
                      "certificates, " + model::format_cn(eo.emissions.cn) + " to " + eo.buyer,
                      "tCO2e", certs, {}};
      if (pays(eo)) {
        const double price = u::in_eur_per_tco2e(eo.line.price);
        line.parts.push_back({i, 1.0, true});
        total.parts.push_back({i, 1.0, true});
        cost.parts.push_back({i, price, true});
        ++i;
      }
      total.deterministic += certs;
      cost.deterministic += u::in_eur(eo.line.cost);
      specs.push_back(std::move(line));
    }
    specs.push_back(std::move(total));
    specs.push_back(std::move(cost));
    for (const auto& s : specs) check_figure(s, base);
    return specs;
  };
  return simulate(firm, ctx.data, year, eval, figures, opt);
}

UncertaintyResult inventory_uncertainty(const model::Firm& firm, const Dataset& data,
                                        const rules::RuleSet& rules,
                                        const InventoryOptions& options,
                                        const UncertaintyOptions& opt) {
  auto ref = compute_inventory(firm, data, rules, options);
  Evaluate eval = [&](const model::Firm& f) {
    auto r = compute_inventory(f, data, rules, options);
    return std::vector<double>{u::in_tco2e(r.scope1_total), u::in_tco2e(r.scope2_location),
                               u::in_tco2e(r.scope2_market), u::in_tco2e(r.biogenic_co2)};
  };
  auto figures = [&](const std::vector<double>& base) {
    std::vector<FigureSpec> specs = {
        {"scope1", "Scope 1", "tCO2e", u::in_tco2e(ref.scope1_total), {{0, 1, false}}},
        {"scope2.location", "Scope 2, location-based", "tCO2e", u::in_tco2e(ref.scope2_location), {{1, 1, false}}},
        {"scope2.market", "Scope 2, market-based", "tCO2e", u::in_tco2e(ref.scope2_market), {{2, 1, false}}},
        {"scope12.location", "Scope 1 + 2, location-based", "tCO2e",
         u::in_tco2e(ref.scope1_total + ref.scope2_location), {{0, 1, false}, {1, 1, false}}},
        {"scope12.market", "Scope 1 + 2, market-based", "tCO2e",
         u::in_tco2e(ref.scope1_total + ref.scope2_market), {{0, 1, false}, {2, 1, false}}},
        {"biogenic", "biogenic CO2 (outside the scopes)", "tCO2", u::in_tco2e(ref.biogenic_co2), {{3, 1, false}}}};
    for (const auto& s : specs) check_figure(s, base);
    return specs;
  };
  return simulate(firm, data, ref.year, eval, figures, opt);
}

UncertaintyResult product_uncertainty(const model::Firm& firm, const Dataset& data,
                                      const rules::RuleSet& rules, const std::string& product_id,
                                      const ProductOptions& options, const UncertaintyOptions& opt) {
  auto ref = compute_product_footprint(firm, data, rules, product_id, options);
  const std::string per = "tCO2e per " + ref.declared_unit;
  Evaluate eval = [&](const model::Firm& f) {
    auto r = compute_product_footprint(f, data, rules, product_id, options);
    return std::vector<double>{u::in_tco2e(r.total), u::in_tco2e(r.total_location)};
  };
  auto figures = [&](const std::vector<double>& base) {
    std::vector<FigureSpec> specs = {
        {"pcf", "product footprint " + product_id + " (market-based electricity)", per,
         u::in_tco2e(ref.total), {{0, 1, false}}},
        {"pcf.location", "product footprint " + product_id + " (location-based electricity)", per,
         u::in_tco2e(ref.total_location), {{1, 1, false}}}};
    for (const auto& s : specs) check_figure(s, base);
    return specs;
  };
  return simulate(firm, data, ref.year, eval, figures, opt);
}

UncertaintyResult hydrogen_uncertainty(const model::Firm& firm, const Dataset& data,
                                       const rules::RuleSet& h2_rules, const rules::RuleSet& footprint_rules,
                                       const rules::RuleSet* taxonomy, const std::string& id,
                                       const HydrogenOptions& options, const UncertaintyOptions& opt) {
  auto ref = compute_hydrogen(firm, data, h2_rules, footprint_rules, taxonomy, id, options);
  Evaluate eval = [&](const model::Firm& f) {
    std::vector<double> out;
    for (const auto& r : compute_hydrogen(f, data, h2_rules, footprint_rules, taxonomy, id, options)) {
      out.push_back(u::in_grams_co2e_per_megajoule(r.intensity));
      out.push_back(u::in_tco2e_per_tonne(r.per_tonne));
    }
    return out;
  };
  auto figures = [&](const std::vector<double>& base) {
    std::vector<FigureSpec> specs;
    std::size_t i = 0;
    for (const auto& r : ref) {
      specs.push_back({"h2:" + r.id + ":intensity", "life-cycle intensity of hydrogen " + r.id, "gCO2e/MJ",
                       u::in_grams_co2e_per_megajoule(r.intensity), {{i++, 1.0, false}}});
      specs.push_back({"h2:" + r.id + ":per_kg", "life-cycle intensity of hydrogen " + r.id + " per kg",
                       "kgCO2e/kgH2", u::in_tco2e_per_tonne(r.per_tonne), {{i++, 1.0, false}}});
    }
    for (const auto& s : specs) check_figure(s, base);
    return specs;
  };
  const int year = ref.empty() ? firm.reporting_year : ref.front().year;
  return simulate(firm, data, year, eval, figures, opt);
}

}  // namespace greengate::calc
