#include "greengate/calc/embedded_emissions.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "greengate/model/cn_code.hpp"
#include "greengate/text/number_format.hpp"

namespace greengate::calc {

namespace u = greengate::units;
using report::TraceInput;
using report::TraceNode;

std::string_view data_method_name(DataMethod m) {
  switch (m) {
    case DataMethod::actual: return "actual";
    case DataMethod::mixed: return "mixed";
    case DataMethod::default_values: return "default";
  }
  return "?";
}

std::vector<std::string> EmissionsReport::unverified() const {
  std::vector<std::string> out;
  for (const auto& [key, f] : factors_used)
    if (f.provenance.status != Status::verified) out.push_back(key);
  return out;
}

DefaultWithMarkup default_with_markup(const Dataset& data, std::string_view cn,
                                      std::string_view origin, int year, std::string_view route) {
  DefaultWithMarkup out;
  out.lookup = data.factors.lookup_default(cn, origin, route);
  if (!out.lookup.found) {
    out.gap = out.lookup.gap;
    return out;
  }
  out.sector = std::string(model::sector_slug(out.lookup.good->sector));
  out.markup_factor = data.factors.find("markup." + out.sector, Date::first_of_year(year));
  if (!out.markup_factor) {
    out.gap = "no mark-up for sector " + out.sector + " in " + std::to_string(year) +
              " in the factor library (markup." + out.sector + ")";
    return out;
  }
  out.markup = out.markup_factor->value;  // a fraction (unit %)
  out.marked_up_total = out.lookup.total() * (1.0 + out.markup);
  return out;
}

namespace {

/// An engine message (text/message.hpp), key "msg.<key>" of calc/i18n/report.<lang>.properties.
text::Message msg(const std::string& key, std::vector<text::Arg> args = {}) {
  return text::Message::of("msg." + key, std::move(args));
}
text::Message status_word(Status st) {
  switch (st) {
    case Status::verified: return msg("status.verified");
    case Status::single_source: return msg("status.single_source");
    case Status::unverified: break;
  }
  return msg("status.unverified");
}

bool combine_method(DataMethod& into, DataMethod m) {
  if (m == DataMethod::actual) return false;
  into = DataMethod::mixed;
  return true;
}

struct ProcessSee {
  u::EmissionIntensity direct, indirect_all, indirect_counted;
  bool direct_only = false;
  DataMethod method = DataMethod::actual;
  bool complete = true;
  bool unverified = false;  ///< rests on a supplier's unverified actual values
  /// The SEE with default values in place of every unverified supplier value (nullopt: no such
  /// default exists); equal to direct / indirect_counted when nothing is unverified.
  std::optional<u::EmissionIntensity> alt_direct, alt_indirect_counted;
};

class Engine {
 public:
  Engine(const model::Firm& firm, const Dataset& data, const EmissionsOptions& opt,
         EmissionsReport& rep)
      : firm_(firm), data_(data), opt_(opt), rep_(rep) {
    build_indexes();
  }

  StreamResult stream(const model::SourceStream& s, int year) { return stream_result(s, year, 1.0); }

  void run() {
    rep_.file = firm_.file;
    rep_.firm_id = firm_.id;
    rep_.firm_name = firm_.name;
    rep_.fictitious = firm_.fictitious;
    rep_.year = opt_.year;
    rep_.data_versions = data_.factors.table_versions();
    rep_.data_versions.push_back("cbam-scope " + data_.scope.version());
    for (const auto& in : firm_.installations)
      for (const auto& p : in.processes) process_result(in, p, opt_.year);
    for (const auto& in : firm_.installations) inventory_balance(in);
    for (const auto& in : firm_.installations) {
      for (const auto& p : in.processes)
        for (const auto& g : p.goods) rep_.goods.push_back(good_from_process(in, p, g, opt_.year));
      for (const auto& g : in.default_goods)
        rep_.goods.push_back(good_on_defaults(in, g.cn, g.quantity, g.pos, opt_.year));
    }
    check_export_years();
    for (const auto& x : firm_.exports) rep_.exports.push_back(export_result(x));
    for (const auto& x : rep_.exports) {
      rep_.exports_embedded += x.embedded;
      rep_.exports_complete = rep_.exports_complete && x.complete;
    }
    check_finite();
  }

  /// The law applies to imports in the years of the CBAM period (rules/cbam/money.xml): an export
  /// of another year is refused, every one named with its place in the file.
  void check_export_years() const {
    Diagnostics d;
    const CbamPeriod& period = data_.period;
    for (const auto& x : firm_.exports)
      if (x.year != 0 && !period.contains(x.year))
        d.error(x.pos, x.path + ": 'year' must be an import year of the CBAM definitive period, " +
                           std::to_string(period.first) + " to " + std::to_string(period.last) + " (got " +
                           std::to_string(x.year) + ")");
    if (d.has_errors()) throw InputError(d.format(), d);
  }

  /// Every figure of the report is a finite number, or the run fails naming where (issue 15,
  /// defect 7): inputs are bounded (units::max_magnitude), but a tiny activity level can still
  /// make a specific embedded emission overflow; it is never written as "inf" or null.
  void check_finite() const {
    Diagnostics d;
    auto finite = [](std::initializer_list<double> vs) {
      for (double v : vs)
        if (!std::isfinite(v)) return false;
      return true;
    };
    constexpr const char* kWhy = " would not be a finite number: an input is out of range (an activity "
                                 "level too small for its emissions, or a factor too large)";
    for (const auto& p : rep_.processes)
      if (!finite({u::in_tco2e(p.direct), u::in_tco2e(p.indirect), u::in_tco2e_per_tonne(p.see_direct),
                   u::in_tco2e_per_tonne(p.see_indirect_all), u::in_tco2e_per_tonne(p.see_indirect_counted)}))
        d.error(p.trace.pos, "the emissions and SEE of process '" + p.process + "'" + kWhy);
    for (const auto& g : rep_.goods)
      if (!finite({u::in_tco2e_per_tonne(g.see_counted), u::in_tco2e_per_tonne(g.see_direct)}))
        d.error(g.trace.pos, "the SEE of good " + model::format_cn(g.cn) + kWhy);
    for (const auto& x : rep_.exports)
      if (!finite({u::in_tco2e(x.embedded), u::in_tco2e_per_tonne(x.see_counted)}))
        d.error(x.trace.pos, "the embedded emissions of export " + model::format_cn(x.cn) + " " +
                                 std::to_string(x.year) + kWhy);
    if (d.has_errors()) throw InputError(d.format(), d);
  }

 private:
  // ---- factors -----------------------------------------------------------------------------
  Date eval_date(int year) const { return Date::first_of_year(year); }

  const factors::Factor* use_factor(const std::string& id, int year, TraceNode& node,
                                    const std::string& where, const SourcePos& pos) {
    const auto* f = data_.factors.find(id, eval_date(year));
    if (!f) {
      auto versions = data_.factors.versions(id);
      text::Message m = versions.empty()
                            ? msg("gap.factor_not_in_library", {text::txt(id)})
                            : msg("gap.factor_not_valid", {text::txt(id), text::date_arg(eval_date(year).str())});
      gap(pos, where, m);
      node.notes.push_back(msg("note.gap", {text::msg_arg(m)}));
      return nullptr;
    }
    note_factor(*f, node);
    return f;
  }

  void note_factor(const factors::Factor& f, TraceNode& node) {
    std::string key = f.id;
    if (f.provenance.valid_to || data_.factors.versions(f.id).size() > 1)
      key += "@" + f.provenance.valid_from.str();
    if (!rep_.factors_used.count(key)) {
      report::FactorUse use{f.id, f.name, f.written_value, f.unit, f.table, f.provenance};
      rep_.factors_used.emplace(key, use);
    }
    node.factor_ids.push_back(key);
    if (f.provenance.status != Status::verified)
      node.notes.push_back(msg("note.status_value", {text::msg_arg(status_word(f.provenance.status)), text::txt(f.id)}));
  }

  void note_default(const factors::DefaultLookup& d, TraceNode& node) {
    std::string key = "default:" + d.table_name + ":" + d.good->code;
    report::FactorUse use;
    use.id = key;
    use.name = "Commission default, " + d.table_name + ", CN " + model::format_cn(d.good->code) +
               " (" + d.good->description + ")";
    use.value = d.cell->total;
    use.unit = "tCO2e/t";
    use.table = data_.factors.defaults().id;
    use.provenance = d.provenance;
    rep_.factors_used.emplace(key, use);
    node.factor_ids.push_back(key);
    if (d.provenance.status != Status::verified)
      node.notes.push_back(msg("note.status_value", {text::msg_arg(status_word(d.provenance.status)), text::txt(key)}));
  }

  void gap(const SourcePos& pos, const std::string& where, const text::Message& m) {
    rep_.gaps.push_back({pos, where, m});
  }

  // An installation whose source streams are an inventory (not attributed: its processes state
  // DirEm*) is checked as a whole: the streams against the processes' DirEm* (the template's
  // C_Emissions&Energy balance).
  void inventory_balance(const model::Installation& in) {
    bool inventory = false;
    for (const auto& s : in.shared_streams) inventory = inventory || s.attribution.empty();
    if (!inventory) return;
    double streams = 0, attributed = 0;
    bool complete = true;
    for (const auto& s : in.shared_streams) {
      if (!s.attribution.empty()) continue;  // already in its processes' streams_direct
      StreamResult r = stream_result(s, opt_.year, 1.0);
      streams += u::in_tco2e(r.emissions);
      complete = complete && r.complete;
    }
    for (const auto& r : rep_.processes) {
      if (r.installation != in.id) continue;
      streams += u::in_tco2e(r.streams_direct);
      attributed += u::in_tco2e(r.dir_em);
    }
    double diff = streams - attributed;
    if (std::abs(diff) <= 1e-6 * std::max(1.0, std::abs(streams))) return;
    difference(in.pos, in.path,
               "the installation's source streams add up to " + fmt(streams) + " tCO2e" +
                   (complete ? "" : " (incomplete)") + ", its processes' DirEm* to " +
                   fmt(attributed) + " tCO2e: " + fmt(diff) + " tCO2e are not attributed to a "
                   "CBAM production process (non-CBAM goods, electricity or heat produced for "
                   "others, or an attribution error)");
  }

  void difference(const SourcePos& pos, const std::string& where, const std::string& msg) {
    rep_.differences.push_back({pos, where, msg});
  }

  static std::string fmt(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
  }

  // Annex II membership of a goods category (Reg. 2023/956 Annex II as amended by 2025/2083):
  // that of the Annex I entries under the category's CN codes.
  bool category_direct_only(const std::string& category) const {
    return data_.scope.category_direct_only(category).value_or(false);
  }

  // ---- source streams ----------------------------------------------------------------------
  StreamResult stream_result(const model::SourceStream& s, int year, double share) {
    StreamResult r;
    r.id = s.id;
    r.method = std::string(model::method_name(s.method));
    r.share = share;
    auto& t = r.trace;
    t.label = msg("label.stream", {text::txt(s.id), text::msg_arg(msg("method." + r.method))});
    t.pos = s.pos;
    t.unit = "tCO2e";
    u::Co2eMass em = u::tco2e(0);
    switch (s.method) {
      case model::StreamMethod::combustion: {
        if (s.ef_mass || s.ef_volume) {
          // EF per unit of fuel (IR 2025/2547 Annex II B.2: emission factors may be expressed per
          // tonne or per Nm3 of fuel): no NCV enters the emissions.
          t.formula = msg("formula.combustion_per_fuel");
          u::Co2eMass per_fuel = u::tco2e(0);
          if (s.ef_mass) {
            t.inputs.push_back({"FQ", u::in_tonnes(s.mass), "t", s.at("quantity")});
            t.inputs.push_back({"EF", u::in_tco2e_per_tonne(*s.ef_mass), "tCO2e/t", s.at("ef")});
            per_fuel = s.mass * *s.ef_mass;
          } else {
            double kn3 = u::in_normal_cubic_metres(s.volume) / 1000.0;
            t.inputs.push_back({"FQ", kn3, "1000Nm3", s.at("quantity")});
            t.inputs.push_back({"EF", *s.ef_volume, "tCO2e/1000Nm3", s.at("ef")});
            per_fuel = u::tco2e(kn3 * *s.ef_volume);
          }
          t.inputs.push_back({"OF", s.oxidation, "1", s.at("oxidation")});
          t.inputs.push_back({"BF", s.biomass_fraction, "1", s.at("biomass-fraction")});
          em = per_fuel * (s.oxidation * (1.0 - s.biomass_fraction));
          break;
        }
        t.formula = msg("formula.combustion");
        u::Energy energy = u::terajoules(0);
        bool ok = true;
        if (s.amount_kind == model::AmountKind::energy) {
          energy = s.energy;
          t.inputs.push_back({"AD (energy)", u::in_terajoules(energy), "TJ", s.at("quantity")});
        } else if (s.amount_kind == model::AmountKind::volume) {
          energy = s.volume * *s.ncv_volume;
          t.inputs.push_back({"FQ", u::in_normal_cubic_metres(s.volume) / 1000.0, "1000Nm3", s.at("quantity")});
          t.inputs.push_back({"NCV", u::in_terajoules_per_1000nm3(*s.ncv_volume), "TJ/1000Nm3", s.at("ncv")});
        } else {
          t.inputs.push_back({"FQ", u::in_tonnes(s.mass), "t", s.at("quantity")});
          u::CalorificValue ncv = u::terajoules_per_tonne(0);
          if (s.ncv_mass) {
            ncv = *s.ncv_mass;
            t.inputs.push_back({"NCV", u::in_terajoules_per_tonne(ncv), "TJ/t", s.at("ncv")});
          } else if (const auto* f = use_factor("fuel." + s.fuel + ".ncv", year, t, s.path, s.pos)) {
            ncv = f->as<u::CalorificValue>();
            t.inputs.push_back({"NCV", u::in_terajoules_per_tonne(ncv), "TJ/t", f->provenance.pos});
          } else {
            ok = false;
          }
          energy = s.mass * ncv;
        }
        u::EnergyEmissionFactor ef = u::tco2e_per_terajoule(0);
        if (s.ef) {
          ef = *s.ef;
          t.inputs.push_back({"EF", u::in_tco2e_per_terajoule(ef), "tCO2e/TJ", s.at("ef")});
        } else if (const auto* f = use_factor("fuel." + s.fuel + ".ef", year, t, s.path, s.pos)) {
          ef = f->as<u::EnergyEmissionFactor>();
          t.inputs.push_back({"EF", u::in_tco2e_per_terajoule(ef), "tCO2e/TJ", f->provenance.pos});
        } else {
          ok = false;
        }
        t.inputs.push_back({"OF", s.oxidation, "1", s.at("oxidation")});
        t.inputs.push_back({"BF", s.biomass_fraction, "1", s.at("biomass-fraction")});
        if (s.fuel == "wood_waste" && s.biomass_fraction < 1.0)
          t.notes.push_back("biomass counted as fossil for the share 1 − BF: zero-rating needs the "
                            "RED sustainability criteria to be met and BF set accordingly");
        em = energy * ef * (s.oxidation * (1.0 - s.biomass_fraction));
        r.fuel_energy = energy;
        r.biogenic_co2 = energy * ef * (s.oxidation * s.biomass_fraction);
        r.complete = ok;
        break;
      }
      case model::StreamMethod::process: {
        t.formula = "Em = AD × EF × CF   [process emissions]";
        t.inputs.push_back({"AD", u::in_tonnes(s.mass), "t", s.at("quantity")});
        u::EmissionIntensity ef = u::tco2e_per_tonne(0);
        if (s.factor) {
          ef = *s.factor;
          t.inputs.push_back({"EF", u::in_tco2e_per_tonne(ef), "tCO2e/t", s.at("factor")});
        } else if (const auto* f = use_factor(s.factor_id, year, t, s.path, s.pos)) {
          try {
            ef = f->as<u::EmissionIntensity>();
            t.inputs.push_back({"EF", u::in_tco2e_per_tonne(ef), "tCO2e/t", f->provenance.pos});
          } catch (const UnitError& e) {
            throw InputError(s.pos.str() + ": error: " + s.path + ": 'factor-id' " + e.what());
          }
        } else {
          r.complete = false;
        }
        t.inputs.push_back({"CF", s.conversion_factor, "1", s.at("conversion-factor")});
        em = s.mass * ef * s.conversion_factor;
        if (s.biomass_fraction != 0.0) {
          // Biomass carbon is zero-rated (IR 2025/2547 Annex II B.3.3): only the fossil share.
          t.formula = "Em = AD × EF × CF × (1 − BF)   [process emissions]";
          t.inputs.push_back({"BF", s.biomass_fraction, "1", s.at("biomass-fraction")});
          em = em * (1.0 - s.biomass_fraction);
        }
        break;
      }
      case model::StreamMethod::mass_balance: {
        t.formula = "Em = f × (Σ AD_in × CC_in − Σ AD_out × CC_out), f = 3.664 tCO2/tC   "
                    "[IR 2025/2547 Annex II B.3.2, Eq. 12]";
        const auto* f = use_factor("mass_balance.f", year, t, s.path, s.pos);
        u::Mass carbon = u::tonnes(0);
        auto flow = [&](const model::CarbonFlow& c, double sign) {
          double cc = 0;
          if (c.carbon_content) {
            cc = *c.carbon_content;
          } else if (const auto* cf = use_factor(c.carbon_content_factor, year, t, c.path, c.pos)) {
            if (cf->dimension != u::Dimension::fraction)
              throw InputError(c.pos.str() + ": error: " + c.path + ": 'carbon-content-factor' " +
                               cf->id + " is not a carbon content (t C/t)");
            cc = cf->value;
          } else {
            r.complete = false;
          }
          std::string dir = sign > 0 ? "in" : "out";
          t.inputs.push_back({"AD_" + dir + " " + c.material, u::in_tonnes(c.quantity), "t",
                              c.at("quantity")});
          t.inputs.push_back({"CC_" + dir + " " + c.material, cc, "tC/t", c.at("carbon-content")});
          if (c.biomass_fraction != 0.0)
            t.inputs.push_back({"BF_" + dir + " " + c.material, c.biomass_fraction, "1",
                                c.at("biomass-fraction")});
          carbon += c.quantity * (cc * sign * (1.0 - c.biomass_fraction));
        };
        for (const auto& c : s.inputs) flow(c, 1.0);
        for (const auto& c : s.outputs) flow(c, -1.0);
        if (f) em = carbon * f->as<u::EmissionIntensity>();
        else r.complete = false;
        break;
      }
      case model::StreamMethod::measured:
        t.formula = "Em = measured CO2 (CEMS, annual sum)";
        t.inputs.push_back({"Em_measured", u::in_tco2e(s.measured), "tCO2e", s.at("quantity")});
        em = s.measured;
        break;
      case model::StreamMethod::n2o: {
        t.formula = "Em = m_N2O × GWP_N2O   [GWP AR5 100-yr]";
        t.inputs.push_back({"m_N2O", u::in_tonnes(s.gas_mass), "t N2O", s.at("quantity")});
        if (const auto* g = use_factor("gwp.ar5.n2o", year, t, s.path, s.pos))
          em = s.gas_mass * g->as<u::EmissionIntensity>();
        else r.complete = false;
        break;
      }
      case model::StreamMethod::pfc_slope: {
        t.formula = "m_CF4 = SEF_CF4 × AEM × Pr_Al / 1000; m_C2F6 = m_CF4 × F_C2F6; "
                    "Em = m_CF4 × GWP_CF4 + m_C2F6 × GWP_C2F6   [slope method]";
        t.inputs.push_back({"SEF_CF4", s.sef_cf4, "kg CF4/t Al/(AE-min/cell-day)", s.at("sef-cf4")});
        t.inputs.push_back({"AEM", s.aem, "AE-min/cell-day", s.at("aem")});
        t.inputs.push_back({"Pr_Al", u::in_tonnes(s.aluminium), "t", s.at("aluminium")});
        t.inputs.push_back({"F_C2F6", s.f_c2f6, "t/t", s.at("f-c2f6")});
        u::Mass cf4 = s.aluminium * (s.sef_cf4 * s.aem / 1000.0);
        em = pfc_emissions(s, cf4, year, r, t);
        break;
      }
      case model::StreamMethod::fugitive: {
        // Inventory sources only (<refrigerant>): a blend's GWP is the mass-weighted sum of its
        // components' GWPs (the composition the firm file gives).
        t.formula = "Em = m_released × Σ share_i × GWP_i   [GWP AR5 100-yr]";
        t.inputs.push_back({"m_released", u::in_tonnes(s.gas_mass), "t", s.pos});
        for (const auto& [gas, mass_share] : s.gases) {
          if (const auto* g = use_factor("gwp.ar5." + gas, year, t, s.path, s.pos)) {
            u::Co2eMass part = s.gas_mass * mass_share * g->as<u::EmissionIntensity>();
            t.inputs.push_back({"share " + gas, mass_share, "1", s.pos});
            t.inputs.push_back({"GWP " + gas, g->written_value, g->unit, g->provenance.pos});
            r.by_gas.emplace_back(gas, part);
            em += part;
          } else {
            r.complete = false;
          }
        }
        break;
      }
      case model::StreamMethod::pfc_overvoltage: {
        t.formula = "m_CF4 = OVC × (AEO / CE) × Pr_Al × 0.001; m_C2F6 = m_CF4 × F_C2F6; "
                    "Em = m_CF4 × GWP_CF4 + m_C2F6 × GWP_C2F6   [IR 2025/2547 Annex II B.7.2, "
                    "Eq. 24–26]";
        t.inputs.push_back({"OVC", s.ovc, "kg CF4/t Al/mV", s.at("ovc")});
        t.inputs.push_back({"AEO", s.aeo, "mV", s.at("aeo")});
        t.inputs.push_back({"CE", s.current_efficiency, "%", s.at("current-efficiency")});
        t.inputs.push_back({"Pr_Al", u::in_tonnes(s.aluminium), "t", s.at("aluminium")});
        t.inputs.push_back({"F_C2F6", s.f_c2f6, "t/t", s.at("f-c2f6")});
        u::Mass cf4 = s.current_efficiency > 0
                          ? s.aluminium * (s.ovc * (s.aeo / s.current_efficiency) * 0.001)
                          : u::tonnes(0);
        em = pfc_emissions(s, cf4, year, r, t);
        break;
      }
    }
    if (share != 1.0) {
      t.inputs.push_back({"attribution share", share, "1", s.pos});
      t.formula += " × share";
    }
    if (s.method == model::StreamMethod::n2o) r.by_gas = {{"n2o", em}};
    else if (r.by_gas.empty() && s.method != model::StreamMethod::fugitive &&
             s.method != model::StreamMethod::pfc_slope &&
             s.method != model::StreamMethod::pfc_overvoltage)
      r.by_gas = {{"co2", em}};
    r.emissions = em * share;
    for (auto& [gas, e] : r.by_gas) e = e * share;
    r.fuel_energy = r.fuel_energy * share;
    r.biogenic_co2 = r.biogenic_co2 * share;
    t.value = u::in_tco2e(r.emissions);
    return r;
  }

  // CF4 and C2F6 to CO2e (Eq. 26), and from the duct to the total with the collection efficiency
  // (Eq. 20).
  u::Co2eMass pfc_emissions(const model::SourceStream& s, u::Mass cf4, int year, StreamResult& r,
                            TraceNode& t) {
    u::Mass c2f6 = cf4 * s.f_c2f6;
    const auto* g1 = use_factor("gwp.ar5.cf4", year, t, s.path, s.pos);
    const auto* g2 = use_factor("gwp.ar5.c2f6", year, t, s.path, s.pos);
    if (!g1 || !g2) {
      r.complete = false;
      return u::tco2e(0);
    }
    r.by_gas = {{"cf4", cf4 * g1->as<u::EmissionIntensity>()},
                {"c2f6", c2f6 * g2->as<u::EmissionIntensity>()}};
    if (s.collection_efficiency != 1.0) {
      t.formula += "; total = duct / collection efficiency   [Eq. 20]";
      t.inputs.push_back({"collection efficiency", s.collection_efficiency, "1",
                          s.at("collection-efficiency")});
      for (auto& [gas, e] : r.by_gas) e = e / s.collection_efficiency;
    }
    return r.by_gas[0].second + r.by_gas[1].second;
  }

  // ---- electricity -------------------------------------------------------------------------
  std::optional<u::Co2eMass> electricity(const model::Installation& in,
                                         const model::ElectricityUse& e, int year,
                                         TraceNode& parent) {
    TraceNode t;
    t.label = msg("label.electricity", {text::msg_arg(msg("el_source." + std::string(model::electricity_source_name(e.source))))});
    t.formula = msg("formula.electricity");
    t.unit = "tCO2e";
    t.pos = e.pos;
    t.inputs.push_back({"E", u::in_megawatt_hours(e.quantity), "MWh", e.at("quantity")});
    std::optional<u::EnergyEmissionFactor> ef;
    // IR 2025/2547 Annex II point D.4: the factor of electricity consumed is the country's grid
    // default of IR 2025/2621 Annex II (Reg 2023/956 Art 7(4); IR 2025/2547 Art 11(3)), unless
    // actual emissions can be used under a direct technical link or a qualifying power purchase
    // agreement (Reg 2023/956 Annex IV point 6; IR 2025/2547 Annex II D.4.1-D.4.3).
    auto annex_ii = [&](const text::Message& why) {
      std::string cc = in.country;
      for (auto& ch : cc) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const auto* f = data_.factors.find("electricity.annex_ii." + cc, eval_date(year));
      text::Message rule = msg("note.annex_ii_default", {text::msg_arg(why), text::txt(in.country)});
      if (!f) {
        f = data_.factors.find("electricity.annex_ii.other", eval_date(year));
        rule = msg("note.annex_ii_other", {text::msg_arg(why), text::txt(in.country)});
      }
      if (!f) {
        text::Message m = msg("gap.no_annex_ii_factor", {text::txt(in.country)});
        gap(e.pos, e.path, m);
        t.notes.push_back(msg("note.gap", {text::msg_arg(m)}));
        return;
      }
      t.notes.push_back(msg("note.factor_rule", {text::msg_arg(rule)}));
      note_factor(*f, t);
      ef = f->as<u::EnergyEmissionFactor>();
    };
    switch (e.source) {
      case model::ElectricitySource::country_default:
        annex_ii(msg("why.grid_electricity"));
        break;
      case model::ElectricitySource::grid:
        if (const auto* f = use_factor(e.factor_id, year, t, e.path, e.pos)) {
          try {
            (void)f->as<u::EnergyEmissionFactor>();
          } catch (const UnitError& ex) {
            throw InputError(e.pos.str() + ": error: " + e.path + ": 'factor-id' " + ex.what());
          }
          if (e.factor_id.rfind("electricity.annex_ii.", 0) == 0) {
            t.notes.push_back(msg("note.factor_rule", {text::msg_arg(msg("note.annex_ii_named"))}));
            ef = f->as<u::EnergyEmissionFactor>();
          } else {
            t.notes.push_back(msg("note.grid_not_admissible", {text::txt(e.factor_id), text::num(f->written_value, 6, f->unit)}));
            annex_ii(msg("why.grid_not_admissible"));
          }
        }
        break;
      case model::ElectricitySource::ppa:
      case model::ElectricitySource::direct_link:
        ef = e.factor;
        t.notes.push_back("factor rule: actual factor under " +
                          std::string(e.source == model::ElectricitySource::ppa
                                          ? "a power purchase agreement"
                                          : "a direct technical connection") +
                          " (Reg. 2023/956 Annex IV point 6; IR 2025/2547 Annex II D.4.1-D.4.3), "
                          "evidence: " + e.evidence);
        break;
      case model::ElectricitySource::stated:
        ef = e.factor;
        t.notes.push_back("factor as stated by the operator" +
                          (e.method.empty() ? std::string() : " (method " + e.method + ")") +
                          ", not checked against a library value");
        break;
    }
    if (!ef) {
      parent.children.push_back(std::move(t));
      return std::nullopt;
    }
    t.inputs.push_back({"EF_el", u::in_tco2e_per_megawatt_hour(*ef), "tCO2e/MWh",
                        e.source == model::ElectricitySource::country_default ||
                                e.source == model::ElectricitySource::grid
                            ? e.pos
                            : e.at("factor")});
    u::Co2eMass em = e.quantity * *ef;
    t.value = u::in_tco2e(em);
    parent.children.push_back(std::move(t));
    return em;
  }

  // ---- precursors --------------------------------------------------------------------------
  bool origin_is_zero(const std::string& origin, TraceNode& t) {
    if (const auto* z = data_.scope.zero_origin(origin)) {
      t.notes.push_back("origin " + origin + " (" + z->name + "): embedded emissions count as "
                        "zero (" + z->ref + ")");
      return true;
    }
    return false;
  }

  PrecursorResult precursor(const model::Installation& in, const model::Precursor& p, int year) {
    PrecursorResult r;
    r.cn = p.cn;
    r.category = p.category;
    r.source = std::string(model::precursor_source_name(p.source));
    r.quantity = p.quantity;
    auto& t = r.trace;
    t.pos = p.pos;
    t.unit = "tCO2e/t";
    if (!p.category.empty()) {
      // Known by its goods category only (the Communication template names no CN code for
      // precursors): Annex II membership is that of the category's CN codes.
      r.direct_only = category_direct_only(p.category);
      t.label = msg("label.precursor", {text::txt(p.category), text::msg_arg(msg("precursor_source." + r.source))});
    } else {
      auto scope = data_.scope.check(p.cn);
      r.direct_only = scope.in_scope && scope.entry && scope.entry->direct_only;
      t.label = msg("label.precursor", {text::txt(model::format_cn(p.cn)), text::msg_arg(msg("precursor_source." + r.source))});
      if (!scope.in_scope)
        t.notes.push_back("CN " + model::format_cn(p.cn) + " is not a CBAM good (" + scope.reason +
                          "): its embedded emissions still count as a precursor only if it is a "
                          "relevant precursor of the category");
    }
    switch (p.source) {
      case model::PrecursorSource::process: {
        const model::Installation* pin =
            p.installation_id.empty() ? &in : installation(p.installation_id);
        const model::Process* pp = pin ? process_of(*pin, p.process_id) : nullptr;
        if (!pp) throw InternalError("unresolved precursor process " + p.process_id);
        const ProcessSee& s = process_see(*pin, *pp, year);
        r.see_direct = s.direct;
        r.see_indirect_counted = s.indirect_counted;
        r.see_indirect_all = s.indirect_all;
        r.direct_only = s.direct_only;
        r.method = s.method;
        r.complete = s.complete;
        r.unverified = s.unverified;
        r.alt_direct = s.alt_direct;
        r.alt_indirect_counted = s.alt_indirect_counted;
        r.alt_known_from_process = true;
        t.formula = msg("formula.see_of_process", {text::txt(pp->id)});
        break;
      }
      case model::PrecursorSource::supplier:
        r.see_direct = *p.see_direct;
        r.see_indirect_counted = p.see_indirect ? *p.see_indirect : u::tco2e_per_tonne(0);
        r.see_indirect_all = r.see_indirect_counted;
        t.formula = "SEE from the supplier's communication";
        t.inputs.push_back({"SEE_dir", u::in_tco2e_per_tonne(r.see_direct), "tCO2e/t",
                            p.at("see-direct")});
        if (p.specific_electricity && p.electricity_factor) {
          t.formula += "; SEE_ind = specific electricity consumption × EF_el";
          t.inputs.push_back({"specific electricity", *p.specific_electricity, "MWh/t",
                              p.at("specific-electricity")});
          t.inputs.push_back({"EF_el", u::in_tco2e_per_megawatt_hour(*p.electricity_factor),
                              "tCO2e/MWh", p.at("electricity-factor")});
        }
        t.inputs.push_back({"SEE_ind", u::in_tco2e_per_tonne(r.see_indirect_counted), "tCO2e/t",
                            p.at("see-indirect")});
        if (!p.supplier.empty()) t.notes.push_back("supplier: " + p.supplier);
        if (p.see_basis != model::SeeBasis::measured) {
          r.method = DataMethod::default_values;
          t.notes.push_back(p.see_basis == model::SeeBasis::default_value
                                ? "the supplier's values are default values, not measured data"
                                : "the supplier does not say whether its values are measured "
                                  "or default values: counted as default values");
        }
        if (!p.verified) {
          // Not usable in a CBAM declaration until verified (Reg 2023/956 Art 8; IR 2025/2547
          // Art 15): the default value the declaration would use instead is worked out beside it.
          r.unverified = true;
          auto alt = unverified_alternative(p, year);
          t.notes.push_back("actual values NOT verified by an accredited verifier: not usable in a CBAM "
                            "declaration until verified (Reg 2023/956 Art 8; IR 2025/2547 Art 15); " +
                            alt.first);
          if (alt.second) {
            r.alt_direct = alt.second->first;
            r.alt_indirect_counted = alt.second->second;
          } else {
            r.alt_direct.reset();
            r.alt_indirect_counted.reset();
          }
          return finish_precursor(r);
        }
        break;
      case model::PrecursorSource::default_value: {
        r.method = DataMethod::default_values;
        if (origin_is_zero(p.origin, t)) {
          r.see_direct = r.see_indirect_counted = u::tco2e_per_tonne(0);
          r.method = DataMethod::actual;
          t.formula = "SEE = 0 (EU / Annex III origin)";
          break;
        }
        auto d = default_with_markup(data_, p.cn, p.origin, year);
        t.formula = "SEE = default × (1 + mark-up " + std::to_string(year) + ")   "
                    "[IR 2025/2621 Annex I; IR 2025/2547 Art 15]";
        if (!d.found()) {
          gap(p.pos, p.path, d.gap);
          t.notes.push_back("GAP: " + d.gap);
          r.complete = false;
          break;
        }
        note_default(d.lookup, t);
        if (d.markup_factor) note_factor(*d.markup_factor, t);
        if (d.lookup.fallback_used) t.notes.push_back("fallback: " + d.lookup.fallback_reason);
        t.inputs.push_back({"default direct", d.lookup.cell->direct, "tCO2e/t", d.lookup.provenance.pos});
        t.inputs.push_back({"default indirect", d.lookup.cell->has_indirect ? d.lookup.cell->indirect : 0.0,
                            "tCO2e/t", d.lookup.provenance.pos});
        t.inputs.push_back({"mark-up", d.markup, "1", d.markup_factor->provenance.pos});
        r.see_direct = d.lookup.direct() * (1.0 + d.markup);
        r.see_indirect_counted = d.lookup.indirect() * (1.0 + d.markup);
        r.see_indirect_all = r.see_indirect_counted;
        break;
      }
      case model::PrecursorSource::unknown_origin: {
        r.method = DataMethod::default_values;
        auto d = data_.factors.lookup_unknown_origin(p.cn);
        t.formula = "SEE = Annex IV value × (1 + mark-up " + std::to_string(year) + ")   "
                    "[IR 2025/2621 Art 1(5), Annex IV]";
        if (!d.found) {
          gap(p.pos, p.path, d.gap);
          t.notes.push_back("GAP: " + d.gap);
          r.complete = false;
          break;
        }
        note_default(d, t);
        std::string sector = std::string(model::sector_slug(d.good->sector));
        const auto* mk = use_factor("markup." + sector, year, t, p.path, p.pos);
        double m = mk ? mk->value : 0.0;
        if (!mk) r.complete = false;
        t.inputs.push_back({"Annex IV total", d.cell->total, "tCO2e/t", d.provenance.pos});
        t.inputs.push_back({"mark-up", m, "1", mk ? mk->provenance.pos : p.pos});
        r.see_direct = d.total() * (1.0 + m);
        r.see_indirect_counted = u::tco2e_per_tonne(0);
        break;
      }
    }
    return finish_precursor(r);
  }

  PrecursorResult finish_precursor(PrecursorResult& r) {
    r.trace.value = u::in_tco2e_per_tonne(r.see_direct + r.see_indirect_counted);
    if (!r.unverified) {
      if (!r.alt_known_from_process) {
        r.alt_direct = r.see_direct;
        r.alt_indirect_counted = r.see_indirect_counted;
      }
    }
    return std::move(r);
  }

  /// The default value that stands in for an unverified supplier value: the origin's default
  /// with the year's mark-up, else the Annex IV value (country of production unknown).
  std::pair<std::string, std::optional<std::pair<u::EmissionIntensity, u::EmissionIntensity>>>
  unverified_alternative(const model::Precursor& p, int year) {
    if (!p.origin.empty()) {
      if (data_.scope.zero_origin(p.origin)) return {"origin " + p.origin + " counts as zero", std::make_pair(u::tco2e_per_tonne(0), u::tco2e_per_tonne(0))};
      auto d = default_with_markup(data_, p.cn, p.origin, year);
      if (!d.found()) return {"no default value to stand in for it: " + d.gap, std::nullopt};
      auto dir = d.lookup.direct() * (1.0 + d.markup), ind = d.lookup.indirect() * (1.0 + d.markup);
      return {"the default value for " + p.origin + " would be " +
                  text::format_trimmed(u::in_tco2e_per_tonne(dir + ind), 6) + " tCO2e/t (" +
                  d.lookup.table_name + ", mark-up " + std::to_string(year) + ")",
              std::make_pair(dir, ind)};
    }
    auto d = data_.factors.lookup_unknown_origin(p.cn);
    const auto* mk = d.found ? data_.factors.find("markup." + std::string(model::sector_slug(d.good->sector)),
                                                  eval_date(year))
                             : nullptr;
    if (!d.found || !mk) return {"no default value to stand in for it (no origin given, and " +
                                     (d.found ? "no mark-up" : d.gap) + ")", std::nullopt};
    auto dir = d.total() * (1.0 + mk->value);
    return {"no origin given: the IR 2025/2621 Annex IV value with mark-up would be " +
                text::format_trimmed(u::in_tco2e_per_tonne(dir), 6) + " tCO2e/t",
            std::make_pair(dir, u::tco2e_per_tonne(0))};
  }

  // ---- processes ---------------------------------------------------------------------------
  bool process_direct_only(const model::Process& p) {
    // A process whose output only feeds other processes (no <good>) is what its category is.
    if (p.goods.empty()) return category_direct_only(p.category);
    bool any = false, all = true;
    for (const auto& g : p.goods) {
      auto s = data_.scope.check(g.cn);
      bool d = s.in_scope && s.entry && s.entry->direct_only;
      any = any || d;
      all = all && d;
    }
    if (any != all)
      throw InputError(p.pos.str() + ": error: " + p.path + ": the goods of one production "
                       "process mix Annex II (direct-only) and other goods; split the process");
    return all;
  }

  const ProcessSee& process_see(const model::Installation& in, const model::Process& p, int year) {
    auto key = std::make_tuple(in.id, p.id, year);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    ProcessResult r = compute_process(in, p, year);
    ProcessSee s{r.see_direct, r.see_indirect_all, r.see_indirect_counted, r.direct_only,
                 r.method, r.complete, r.unverified_supplier_data, r.alt_direct, r.alt_indirect_counted};
    if (year == opt_.year && !reported_.count({in.id, p.id})) {
      reported_.insert({in.id, p.id});
      rep_.processes.push_back(std::move(r));
    }
    return memo_.emplace(key, s).first->second;
  }

  void process_result(const model::Installation& in, const model::Process& p, int year) {
    process_see(in, p, year);
  }

  ProcessResult compute_process(const model::Installation& in, const model::Process& p, int year) {
    ProcessResult r;
    r.installation = in.id;
    r.process = p.id;
    r.category = p.category;
    r.route = p.route;
    r.activity = p.output;
    r.direct_only = process_direct_only(p);
    auto& t = r.trace;
    t.label = msg(p.route.empty() ? "label.process" : "label.process_route", {text::txt(p.id), text::txt(p.category), text::txt(p.route)});
    t.pos = p.pos;
    t.unit = "tCO2e/t";
    // Direct emissions attributed to the process.
    u::Co2eMass direct = u::tco2e(0);
    TraceNode dn;
    dn.label = msg("label.attr_direct");
    dn.formula = msg("formula.attr_direct");
    dn.unit = "tCO2e";
    for (const auto& s : p.streams) {
      r.streams.push_back(stream_result(s, year, 1.0));
      direct += r.streams.back().emissions;
      r.complete = r.complete && r.streams.back().complete;
      dn.children.push_back(r.streams.back().trace);
    }
    for (const auto& s : in.shared_streams) {
      for (const auto& [proc, share] : s.attribution) {
        if (proc != p.id) continue;
        r.streams.push_back(stream_result(s, year, share));
        direct += r.streams.back().emissions;
        r.complete = r.complete && r.streams.back().complete;
        dn.children.push_back(r.streams.back().trace);
      }
    }
    r.streams_direct = direct;
    if (p.direct_emissions) {
      // DirEm* as the operator attributes it (IR 2025/2547 Annex III A.3, Eq. 55): it takes the
      // place of the streams, which are only compared with it.
      const auto& d = *p.direct_emissions;
      TraceNode de;
      de.label = "directly attributable emissions DirEm* (as attributed by the operator)";
      de.unit = "tCO2e";
      de.pos = d.pos;
      de.inputs.push_back({"DirEm*", u::in_tco2e(d.quantity), "tCO2e", d.at("quantity")});
      de.value = u::in_tco2e(d.quantity);
      if (!r.streams.empty()) {
        double diff = u::in_tco2e(d.quantity) - u::in_tco2e(direct);
        de.notes.push_back("the process's own and attributed source streams add up to " +
                           fmt(u::in_tco2e(direct)) + " tCO2e; DirEm* is used");
        if (std::abs(diff) > 1e-6 * std::max(1.0, std::abs(u::in_tco2e(direct))))
          difference(d.pos, p.path, "DirEm* " + fmt(u::in_tco2e(d.quantity)) + " tCO2e differs "
                     "from its source streams (" + fmt(u::in_tco2e(direct)) + " tCO2e) by " +
                     fmt(diff) + " tCO2e; the attribution is used");
      }
      direct = d.quantity;
      dn.formula = "DirEm* + heat imported − heat exported + waste gas imported − waste gas "
                   "exported − electricity exported   [IR 2025/2547 Annex III A.3, Eq. 55]";
      dn.children.push_back(std::move(de));
    }
    r.dir_em = direct;
    for (const auto& h : p.heat) {
      TraceNode hn;
      hn.label = std::string("measurable heat ") + (h.is_import ? "imported" : "exported");
      hn.formula = h.is_import ? "+ Q × EF_heat" : "− Q × EF_heat";
      hn.unit = "tCO2e";
      hn.pos = h.pos;
      hn.inputs.push_back({"Q", u::in_terajoules(h.quantity), "TJ", h.pos});
      hn.inputs.push_back({"EF_heat", u::in_tco2e_per_terajoule(h.factor), "tCO2e/TJ", h.pos});
      u::Co2eMass em = h.quantity * h.factor;
      direct += h.is_import ? em : -em;
      hn.value = u::in_tco2e(h.is_import ? em : -em);
      dn.children.push_back(std::move(hn));
    }
    if (!p.waste_gas.empty()) {
      TraceNode wn;
      wn.label = "waste gases (emissions of the natural gas they replace)";
      wn.formula = "WG_corr,imp = Q × EF_NG; WG_corr,exp = Q × EF_NG × Corr_η   "
                   "[IR 2025/2547 Annex III A.2.3, Eq. 53–54]";
      wn.unit = "tCO2e";
      const auto* ng = use_factor("fuel.natural_gas.ef", year, wn, p.path, p.pos);
      const auto* corr = use_factor("waste_gas.corr_eta", year, wn, p.path, p.pos);
      u::Co2eMass sum = u::tco2e(0);
      for (const auto& w : p.waste_gas) {
        wn.inputs.push_back({w.is_import ? "Q imported" : "Q exported", u::in_terajoules(w.quantity),
                             "TJ", w.at("quantity")});
        if (!ng || (!w.is_import && !corr)) {
          r.complete = false;
          continue;
        }
        u::Co2eMass em = w.quantity * ng->as<u::EnergyEmissionFactor>();
        if (w.is_import) sum += em;
        else sum -= em * corr->value;
      }
      wn.value = u::in_tco2e(sum);
      direct += sum;
      dn.children.push_back(std::move(wn));
    }
    for (const auto& x : p.electricity_export) {
      TraceNode xn;
      xn.label = "electricity produced and exported Em_el,prod";
      xn.formula = "− E × EF_el   [IR 2025/2547 Annex III A.3, Eq. 55]";
      xn.unit = "tCO2e";
      xn.pos = x.pos;
      xn.inputs.push_back({"E", u::in_megawatt_hours(x.quantity), "MWh", x.at("quantity")});
      xn.inputs.push_back({"EF_el", u::in_tco2e_per_megawatt_hour(x.factor), "tCO2e/MWh",
                           x.at("factor")});
      u::Co2eMass em = x.quantity * x.factor;
      direct -= em;
      xn.value = -u::in_tco2e(em);
      dn.children.push_back(std::move(xn));
    }
    if (u::in_tco2e(direct) < 0 && (p.direct_emissions || !p.waste_gas.empty() ||
                                    !p.electricity_export.empty())) {
      dn.notes.push_back("AttrEm_dir " + fmt(u::in_tco2e(direct)) + " tCO2e is negative: set to "
                         "zero (Eq. 55)");
      direct = u::tco2e(0);
    }
    dn.value = u::in_tco2e(direct);
    r.direct = direct;
    // Indirect: electricity consumed.
    u::Co2eMass indirect = u::tco2e(0);
    TraceNode in_node;
    in_node.label = msg("label.attr_indirect");
    in_node.formula = msg("formula.attr_indirect");
    in_node.unit = "tCO2e";
    for (const auto& e : p.electricity) {
      auto em = electricity(in, e, year, in_node);
      ElectricityResult er;
      er.quantity = e.quantity;
      er.source = std::string(model::electricity_source_name(e.source));
      er.method = e.method;
      if (em) {
        indirect += *em;
        er.factor = *em / e.quantity;
      } else {
        r.complete = false;
      }
      r.electricity.push_back(std::move(er));
    }
    in_node.value = u::in_tco2e(indirect);
    r.indirect = indirect;
    if (r.direct_only)
      in_node.notes.push_back(msg("note.annex_ii_direct_only"));
    // SEE with precursors.
    const double al = u::in_tonnes(p.output);
    u::EmissionIntensity see_dir = direct / p.output;
    u::EmissionIntensity see_ind_all = indirect / p.output;
    u::EmissionIntensity see_ind_counted = r.direct_only ? u::tco2e_per_tonne(0) : see_ind_all;
    TraceNode pn;
    pn.label = msg("label.precursors");
    pn.formula = msg("formula.precursors");
    pn.unit = "tCO2e/t";
    std::optional<u::EmissionIntensity> alt_dir = see_dir, alt_ind = see_ind_counted;
    for (const auto& pr : p.precursors) {
      PrecursorResult res = precursor(in, pr, year);
      double m = u::ratio(pr.quantity, p.output);
      r.unverified_supplier_data = r.unverified_supplier_data || res.unverified;
      if (alt_dir && res.alt_direct && res.alt_indirect_counted) {
        *alt_dir += *res.alt_direct * m;
        if (!res.direct_only) *alt_ind += *res.alt_indirect_counted * m;
      } else {
        alt_dir.reset();
        alt_ind.reset();
      }
      see_dir += res.see_direct * m;
      see_ind_all += res.see_indirect_all * m;
      if (!res.direct_only) see_ind_counted += res.see_indirect_counted * m;
      else if (u::in_tco2e_per_tonne(res.see_indirect_counted) != 0.0)
        res.trace.notes.push_back(msg("note.annex_ii_precursor"));
      combine_method(r.method, res.method);
      r.complete = r.complete && res.complete;
      res.trace.inputs.push_back({"M_i", u::in_tonnes(pr.quantity), "t", pr.at("quantity")});
      res.trace.inputs.push_back({"m_i = M_i / AL", m, "t/t", pr.at("quantity")});
      pn.children.push_back(res.trace);
      r.precursors.push_back(std::move(res));
    }
    pn.value = u::in_tco2e_per_tonne(see_dir - direct / p.output);
    r.see_direct = see_dir;
    r.see_indirect_all = see_ind_all;
    r.see_indirect_counted = see_ind_counted;
    r.alt_direct = alt_dir;
    r.alt_indirect_counted = alt_ind;
    if (r.unverified_supplier_data)
      t.notes.push_back(alt_dir ? "rests on unverified supplier values; with default values for them the SEE "
                                  "would be " + text::format_trimmed(u::in_tco2e_per_tonne(*alt_dir + *alt_ind), 6) +
                                  " tCO2e/t"
                                : "rests on unverified supplier values; no default value exists to stand in "
                                  "for every one of them");
    t.formula = msg("formula.see");
    t.inputs.push_back({"AL", al, "t", p.at("output")});
    t.inputs.push_back({"SEE_dir", u::in_tco2e_per_tonne(see_dir), "tCO2e/t", p.pos});
    t.inputs.push_back({"SEE_ind counted", u::in_tco2e_per_tonne(see_ind_counted), "tCO2e/t", p.pos});
    t.value = u::in_tco2e_per_tonne(r.see_counted());
    t.children.push_back(std::move(dn));
    t.children.push_back(std::move(in_node));
    if (!p.precursors.empty()) t.children.push_back(std::move(pn));
    if (!r.complete)
      t.notes.push_back("INCOMPLETE: a value is missing (see gaps); the SEE shown is a lower bound");
    return r;
  }

  // ---- goods -------------------------------------------------------------------------------
  GoodResult good_from_process(const model::Installation& in, const model::Process& p,
                               const model::ProducedGood& g, int year) {
    GoodResult r;
    r.cn = g.cn;
    r.installation = in.id;
    r.process = p.id;
    r.produced = g.quantity;
    r.quantity_stated = g.quantity_stated;
    auto scope = data_.scope.check(g.cn);
    r.in_scope = scope.in_scope;
    r.direct_only = scope.in_scope && scope.entry && scope.entry->direct_only;
    r.sector = scope.entry ? std::string(model::sector_slug(scope.entry->sector)) : "";
    const ProcessSee& s = process_see(in, p, year);
    r.see_direct = s.direct;
    r.see_indirect_counted = s.indirect_counted;
    r.see_indirect = s.indirect_all;
    r.see_counted = s.direct + s.indirect_counted;
    r.method = s.method;
    r.complete = s.complete;
    r.unverified_supplier_data = s.unverified;
    if (s.unverified && s.alt_direct) r.see_if_defaults = *s.alt_direct + *s.alt_indirect_counted;
    r.trace.label = msg("label.good_from_process", {text::txt(model::format_cn(g.cn)), text::txt(p.id)});
    r.trace.formula = msg("formula.see_of_producing_process");
    r.trace.unit = "tCO2e/t";
    r.trace.value = u::in_tco2e_per_tonne(r.see_counted);
    r.trace.pos = g.pos;
    if (!scope.in_scope) r.trace.notes.push_back("not a CBAM good: " + scope.reason);
    return r;
  }

  GoodResult good_on_defaults(const model::Installation& in, const std::string& cn,
                              u::Mass quantity, const SourcePos& pos, int year) {
    GoodResult r;
    r.cn = cn;
    r.installation = in.id;
    r.produced = quantity;
    r.method = DataMethod::default_values;
    auto scope = data_.scope.check(cn);
    r.in_scope = scope.in_scope;
    r.direct_only = scope.in_scope && scope.entry && scope.entry->direct_only;
    r.sector = scope.entry ? std::string(model::sector_slug(scope.entry->sector)) : "";
    auto& t = r.trace;
    t.label = "good " + model::format_cn(cn) + " on default values (" + in.country + ")";
    t.formula = "SEE = default total × (1 + mark-up " + std::to_string(year) + ")   "
                "[IR 2025/2621 Annex I; Reg. 2023/956 Art 7(2)]";
    t.unit = "tCO2e/t";
    t.pos = pos;
    if (!scope.in_scope) t.notes.push_back("not a CBAM good: " + scope.reason);
    auto d = default_with_markup(data_, cn, in.country, year);
    if (!d.found()) {
      gap(pos, "good " + model::format_cn(cn), d.gap);
      t.notes.push_back("GAP: " + d.gap);
      r.complete = false;
      return r;
    }
    note_default(d.lookup, t);
    note_factor(*d.markup_factor, t);
    if (d.lookup.fallback_used) t.notes.push_back("fallback: " + d.lookup.fallback_reason);
    t.inputs.push_back({"default total", d.lookup.cell->total, "tCO2e/t", d.lookup.provenance.pos});
    t.inputs.push_back({"mark-up", d.markup, "1", d.markup_factor->provenance.pos});
    r.markup = d.markup;
    r.see_direct = d.lookup.direct() * (1.0 + d.markup);
    r.see_counted = d.marked_up_total;
    r.see_indirect_counted = r.see_counted - r.see_direct;
    r.see_indirect = r.see_indirect_counted;
    t.value = u::in_tco2e_per_tonne(r.see_counted);
    return r;
  }

  ExportResult export_result(const model::Export& x) {
    ExportResult r;
    r.cn = x.cn;
    r.installation = x.installation;
    r.destination = x.destination;
    r.importer = x.importer;
    r.year = x.year;
    r.quantity = x.quantity;
    r.carbon_price_paid = x.carbon_price_paid;
    auto& t = r.trace;
    t.label = "export " + model::format_cn(x.cn) + " " + std::to_string(x.year) + " to " +
              x.destination;
    t.formula = "embedded = quantity × SEE (import year " + std::to_string(x.year) + ")";
    t.unit = "tCO2e";
    t.pos = x.pos;
    const model::Installation* in = installation(x.installation);
    if (!in) throw InternalError("unresolved export installation");
    // Production-weighted SEE over the processes producing this CN at the installation, worked
    // out once per (installation, CN, year) and shared by every export of it.
    const ProducedSee& ps = produced_see(*in, x.cn, x.year);
    bool produced = !ps.trace.empty();
    if (produced) {
      t.children = ps.trace;
      if (!ps.trace_note.empty()) t.notes.push_back(ps.trace_note);
    }
    if (produced && u::in_tonnes(ps.total_q) > 0) {
      r.see_counted = ps.see;
      r.method = ps.method;
      r.complete = ps.complete;
      r.unverified_supplier_data = ps.unverified;
      if (ps.unverified && ps.see_if_defaults) r.see_if_defaults = *ps.see_if_defaults;
    } else {
      bool declared = declared_defaults_.count({std::string_view(in->id), std::string_view(x.cn)}) > 0;
      GoodResult d = good_on_defaults(*in, x.cn, x.quantity, x.pos, x.year);
      if (!declared)
        t.notes.push_back("no production data for CN " + model::format_cn(x.cn) + " at " + in->id +
                          ": the Commission default value is used");
      r.see_counted = d.see_counted;
      r.method = DataMethod::default_values;
      r.complete = d.complete;
      t.children.push_back(std::move(d.trace));
    }
    r.embedded = r.quantity * r.see_counted;
    t.inputs.push_back({"quantity", u::in_tonnes(r.quantity), "t", x.pos});
    t.inputs.push_back({"SEE", u::in_tco2e_per_tonne(r.see_counted), "tCO2e/t", x.pos});
    t.value = u::in_tco2e(r.embedded);
    return r;
  }

  // ---- indexes: every look-up by id or CN code is a map search, so that a firm with N processes
  // and N exports of one good costs N log N, not N² (issue 15, defect 1) ----------------------
  void build_indexes() {
    for (const auto& in : firm_.installations) {
      installations_.emplace(in.id, &in);
      for (const auto& p : in.processes) {
        processes_.emplace(std::make_pair(std::string_view(in.id), std::string_view(p.id)), &p);
        for (const auto& g : p.goods)
          producers_[{std::string_view(in.id), std::string_view(g.cn)}].push_back({&p, &g});
      }
      for (const auto& g : in.default_goods)
        declared_defaults_.insert({std::string_view(in.id), std::string_view(g.cn)});
    }
  }

  const model::Installation* installation(std::string_view id) const {
    auto it = installations_.find(id);
    return it == installations_.end() ? nullptr : it->second;
  }

  const model::Process* process_of(const model::Installation& in, std::string_view id) const {
    auto it = processes_.find({std::string_view(in.id), id});
    return it == processes_.end() ? nullptr : it->second;
  }

  /// The production-weighted SEE of one CN code at one installation for one import year.
  struct ProducedSee {
    u::Mass total_q = u::tonnes(0);
    u::EmissionIntensity see = u::tco2e_per_tonne(0);
    DataMethod method = DataMethod::actual;
    bool complete = true;
    bool unverified = false;  ///< rests on a supplier's unverified actual values
    std::optional<u::EmissionIntensity> see_if_defaults;  ///< with defaults in their place
    std::vector<TraceNode> trace;  ///< one node per producing process, at most kTraceProcesses
    std::string trace_note;        ///< when processes were left out of `trace`
  };

  /// An export's trace lists the SEE of at most this many producing processes (each is in the
  /// report's process list with its own trace): a trace is read by people, and its size must not
  /// grow with the square of the file.
  static constexpr std::size_t kTraceProcesses = 20;

  const ProducedSee& produced_see(const model::Installation& in, const std::string& cn, int year) {
    auto key = std::make_tuple(std::string_view(in.id), std::string_view(cn), year);
    if (auto it = produced_memo_.find(key); it != produced_memo_.end()) return it->second;
    ProducedSee ps;
    u::Co2eMass weighted = u::tco2e(0);
    std::optional<u::Co2eMass> alt_weighted = u::tco2e(0);
    std::size_t n = 0;
    if (auto it = producers_.find({std::string_view(in.id), std::string_view(cn)}); it != producers_.end()) {
      for (const auto& [p, g] : it->second) {
        const ProcessSee& s = process_see(in, *p, year);
        // A good without a stated quantity (production known per process only) can be weighted
        // only when it is the one producer of its CN code.
        u::Mass q = g->quantity;
        if (!g->quantity_stated) {
          if (it->second.size() > 1)
            throw InputError(g->pos.str() + ": error: " + g->path + ": CN " + model::format_cn(cn) +
                             " is made by " + std::to_string(it->second.size()) +
                             " processes of " + in.id + " and this one states no quantity: the "
                             "SEE of its exports cannot be weighted by production");
          q = u::tonnes(1);
        }
        weighted += (s.direct + s.indirect_counted) * q;
        ps.total_q += q;
        if (s.method != DataMethod::actual) ps.method = s.method;
        ps.complete = ps.complete && s.complete;
        if (s.unverified) ps.unverified = true;
        if (s.alt_direct && alt_weighted) *alt_weighted += (*s.alt_direct + *s.alt_indirect_counted) * g->quantity;
        else alt_weighted.reset();
        if (++n > kTraceProcesses) continue;
        TraceNode c;
        c.label = "SEE of process " + p->id + " for " + std::to_string(year);
        c.unit = "tCO2e/t";
        c.value = u::in_tco2e_per_tonne(s.direct + s.indirect_counted);
        c.pos = p->pos;
        ps.trace.push_back(std::move(c));
      }
    }
    if (n > kTraceProcesses)
      ps.trace_note = std::to_string(n) + " processes produce CN " + model::format_cn(cn) + " at " +
                      in.id + ": the first " + std::to_string(kTraceProcesses) +
                      " are listed; every process's SEE is in the process results";
    if (u::in_tonnes(ps.total_q) > 0) {
      ps.see = weighted / ps.total_q;
      if (ps.unverified && alt_weighted) ps.see_if_defaults = *alt_weighted / ps.total_q;
    }
    return produced_memo_.emplace(key, std::move(ps)).first->second;
  }

  const model::Firm& firm_;
  const Dataset& data_;
  const EmissionsOptions& opt_;
  EmissionsReport& rep_;
  std::map<std::string_view, const model::Installation*, std::less<>> installations_;
  std::map<std::pair<std::string_view, std::string_view>, const model::Process*> processes_;
  std::map<std::pair<std::string_view, std::string_view>,
           std::vector<std::pair<const model::Process*, const model::ProducedGood*>>> producers_;
  std::set<std::pair<std::string_view, std::string_view>> declared_defaults_;
  std::map<std::tuple<std::string_view, std::string_view, int>, ProducedSee> produced_memo_;
  std::map<std::tuple<std::string, std::string, int>, ProcessSee> memo_;
  std::set<std::pair<std::string, std::string>> reported_;
};

}  // namespace

StreamResult compute_stream(const model::SourceStream& stream, const Dataset& data, int year,
                            EmissionsReport& into) {
  static const model::Firm no_firm;
  EmissionsOptions opt;
  opt.year = year;
  Engine e(no_firm, data, opt, into);
  return e.stream(stream, year);
}

EmissionsReport compute_emissions(const model::Firm& firm, const Dataset& data,
                                  const EmissionsOptions& options) {
  EmissionsReport rep;
  EmissionsOptions opt = options;
  if (!opt.year) opt.year = data.period.first;
  Engine e(firm, data, opt, rep);
  e.run();
  return rep;
}

}  // namespace greengate::calc
