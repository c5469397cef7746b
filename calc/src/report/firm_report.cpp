// The report model (report/firm_report.hpp): every result the signed report shows, computed by
// the engine's own functions, with the traces of sections 3–5 numbered for the appendix.

#include "greengate/report/firm_report.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "greengate/model/cn_code.hpp"

namespace greengate::report {

namespace {

/// The first source location of a trace: its own, an input's, a child's (depth first).
SourcePos first_location(const TraceNode& n) {
  if (!n.pos.file.empty()) return n.pos;
  for (const auto& i : n.inputs)
    if (!i.pos.file.empty()) return i.pos;
  for (const auto& c : n.children) {
    auto p = first_location(c);
    if (!p.file.empty()) return p;
  }
  return {};
}

text::Message price_gap(const std::vector<int>& years) {
  std::string list;
  for (int y : years) list += (list.empty() ? "" : ", ") + std::to_string(y);
  return text::Message::of("msg.gap.no_price", {text::txt(list)});
}

bool digits_at(std::string_view s, std::size_t i, std::size_t n) {
  if (i + n > s.size()) return false;
  for (std::size_t k = i; k < i + n; ++k)
    if (s[k] < '0' || s[k] > '9') return false;
  return true;
}

}  // namespace

std::vector<std::string> legal_acts(std::string_view s) {
  // How an act is written in the library's sources, longest first, and its short form.
  static const std::pair<std::string_view, std::string_view> forms[] = {
      {"Commission Implementing Regulation (EU) ", "IR (EU) "},
      {"Commission Delegated Regulation (EU) ", "DR (EU) "},
      {"Implementing Regulation (EU) ", "IR (EU) "},
      {"Delegated Regulation (EU) ", "DR (EU) "},
      {"Regulation (EU) ", "Regulation (EU) "},
      {"Directive (EU) ", "Directive (EU) "},
      {"Directive ", "Directive "},
      {"IR (EU) ", "IR (EU) "},
      {"DR (EU) ", "DR (EU) "},
      {"IR ", "IR (EU) "},
      {"DR ", "DR (EU) "}};
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '(' && s[i - 1] != ';' && s[i - 1] != ',') continue;
    for (const auto& [lead, name] : forms) {
      if (s.substr(i, lead.size()) != lead) continue;
      std::size_t n = i + lead.size();
      // the number: YYYY/N (N of 1-4 digits), possibly /EC or /EU after it
      if (!digits_at(s, n, 4) || n + 4 >= s.size() || s[n + 4] != '/') break;
      std::size_t e = n + 5;
      while (e < s.size() && s[e] >= '0' && s[e] <= '9') ++e;
      if (e == n + 5) break;
      if (s.substr(e, 3) == "/EC" || s.substr(e, 3) == "/EU") e += 3;
      std::string act = std::string(name) + std::string(s.substr(n, e - n));
      if (std::find(out.begin(), out.end(), act) == out.end()) out.push_back(act);
      i = e - 1;
      break;
    }
  }
  return out;
}

std::size_t FirmReport::unverified_factors() const {
  return static_cast<std::size_t>(std::count_if(factors.begin(), factors.end(), [](const FactorRow& f) {
    return f.provenance.status != Status::verified;
  }));
}

const TraceEntry* FirmReport::find_trace(std::string_view id) const {
  for (const auto& t : traces)
    if (t.id == id) return &t;
  return nullptr;
}

FirmReport build_firm_report(const model::Firm& firm, const calc::Dataset& data,
                             const calc::MoneyContext& money, const rules::RuleSet* taxonomy,
                             const ReportOptions& options, const std::vector<calc::Gap>& input_differences) {
  FirmReport r;
  r.options = options;
  if (!r.options.first_year) r.options.first_year = data.period.first;
  if (!r.options.last_year) r.options.last_year = data.period.last;
  r.firm = firm;
  // ---- embedded emissions: as `greengate emissions` (the reporting year's mark-ups) -------------
  calc::EmissionsOptions eo;
  eo.year = data.period.or_first(firm.reporting_year);
  r.emissions = calc::compute_emissions(r.firm, data, eo);
  calc::UncertaintyOptions uo;
  uo.samples = options.uncertainty_samples;
  uo.seed = options.uncertainty_seed;
  uo.max_engine_runs = options.uncertainty_max_runs;
  if (uo.samples > 0) r.see_uncertainty = calc::emissions_uncertainty(r.firm, data, eo, uo);

  // ---- prices and the obligation of each import year with declared exports ----------------------
  r.scenarios = money.prices.scenarios();
  r.user_prices = money.prices.is_user();
  r.scenario = options.scenario.empty() ? money.prices.default_scenario() : options.scenario;
  std::set<int> years;
  for (const auto& x : firm.exports)
    if (x.year >= r.options.first_year && x.year <= r.options.last_year) years.insert(x.year);
  for (int y : years) {
    YearObligation yo;
    yo.year = y;
    if (!money.prices.price(r.scenario, y)) {
      yo.gap = price_gap({y});
    } else {
      try {
        yo.result = calc::firm_obligation(money, r.firm, y, r.scenario);
        if (uo.samples > 0) yo.uncertainty = calc::obligation_uncertainty(money, r.firm, y, r.scenario, uo);
      } catch (const InputError& e) {
        // A quarter without a published price, a year without a CBAM factor: the engine's message.
        yo.gap = e.diagnostics().empty() ? e.what() : e.diagnostics().format();
      }
    }
    r.obligations.push_back(std::move(yo));
  }

  // ---- exposure 2026–2034 (needs a price in every year of every scenario) -----------------------
  if (!firm.exports.empty()) {
    const std::vector<int> all = data.period.years();
    auto missing = money.prices.missing(all);
    if (!missing.empty()) {
      r.exposure_gap = price_gap(missing);
    } else {
      try {
        r.exposure = calc::firm_exposure(money, r.firm);
      } catch (const InputError& e) {
        r.exposure_gap = e.diagnostics().empty() ? e.what() : e.diagnostics().format();
      }
    }
  }

  // ---- plausibility (section 8) and data quality (section 2, issue 14) ---------------------------
  calc::PlausibilityReport plausibility;
  if (options.quality_rules) {
    plausibility = calc::check_plausibility(r.firm, r.emissions, data, *options.quality_rules);
    r.plausibility = plausibility.warnings;
  } else {
    r.plausibility_gap = text::Message::of("msg.gap.no_quality_rules");
  }
  if (!options.quality_rules) {
    r.quality_gap = text::Message::of("msg.gap.no_quality_rules");
  } else if (!r.exposure) {
    r.quality_gap = r.exposure_gap.empty() ? text::Message::of("msg.gap.no_export") : r.exposure_gap;
  } else {
    r.quality = calc::assess_quality(r.firm, *r.exposure, plausibility, data, *options.quality_rules);
  }

  // ---- EU Taxonomy -----------------------------------------------------------------------------
  if (!firm.activities.empty()) {
    if (!taxonomy) {
      r.taxonomy_gap = text::Message::of("msg.gap.no_taxonomy_rules");
    } else {
      try {
        r.taxonomy = calc::screen_taxonomy(r.firm, data, *taxonomy, options.date);
      } catch (const InputError& e) {
        r.taxonomy_gap = e.diagnostics().empty() ? e.what() : e.diagnostics().format();
      }
    }
  }

  // ---- beyond CBAM: inventory, product footprints, hydrogen (section 6, issue 17) --------------
  auto why = [](const InputError& e) { return e.diagnostics().empty() ? std::string(e.what()) : e.diagnostics().format(); };
  if (!options.footprint_rules) {
    r.inventory_gap = "no footprint rule set was given";
  } else {
    try {
      r.inventory = calc::compute_inventory(r.firm, data, *options.footprint_rules, calc::InventoryOptions{});
      if (uo.samples > 0)
        r.inventory_uncertainty =
            calc::inventory_uncertainty(r.firm, data, *options.footprint_rules, calc::InventoryOptions{}, uo);
    } catch (const InputError& e) {
      r.inventory_gap = why(e);
    }
    for (const auto& p : firm.products) {
      try {
        auto pcf = calc::compute_product_footprint(r.firm, data, *options.footprint_rules, p.id, calc::ProductOptions{});
        r.product_uncertainty.push_back(
            uo.samples > 0 ? std::optional<calc::UncertaintyResult>(calc::product_uncertainty(
                                 r.firm, data, *options.footprint_rules, p.id, calc::ProductOptions{}, uo))
                           : std::nullopt);
        r.products.push_back(std::move(pcf));
      } catch (const InputError& e) {
        r.product_gaps.emplace_back(p.id, why(e));
      }
    }
    if (!firm.hydrogen.empty()) {
      if (!options.hydrogen_rules) {
        r.hydrogen_gap = "no hydrogen rule set was given";
      } else {
        try {
          r.hydrogen = calc::compute_hydrogen(r.firm, data, *options.hydrogen_rules, *options.footprint_rules,
                                              taxonomy, "", calc::HydrogenOptions{});
          if (uo.samples > 0)
            r.hydrogen_uncertainty = calc::hydrogen_uncertainty(r.firm, data, *options.hydrogen_rules,
                                                                *options.footprint_rules, taxonomy, "",
                                                                calc::HydrogenOptions{}, uo);
        } catch (const InputError& e) {
          r.hydrogen_gap = why(e);
        }
      }
    }
  }

  // ---- cover: every factor table with its version and act(s); the rule sets ----------------------
  {
    std::map<std::string, std::vector<const factors::Factor*>> by_table;
    for (const auto* f : data.factors.all()) by_table[f->table].push_back(f);
    std::map<std::string, std::vector<std::string>> seen;  // each distinct source read once
    auto acts_of = [&](const std::string& src) -> const std::vector<std::string>& {
      auto it = seen.find(src);
      if (it == seen.end()) it = seen.emplace(src, legal_acts(src)).first;
      return it->second;
    };
    for (const auto& t : data.factors.tables()) {
      DataTableRow row{t.id, t.version, {}, 0, 0, {}};
      auto add_acts = [&](const std::vector<std::string>& acts) {
        for (const auto& a : acts)
          if (std::find(row.acts.begin(), row.acts.end(), a) == row.acts.end()) row.acts.push_back(a);
      };
      if (!t.source.empty()) add_acts(acts_of(t.source));
      if (auto it = by_table.find(t.id); it != by_table.end()) {
        for (const auto* f : it->second) {
          ++row.values;
          const auto& acts = acts_of(f->provenance.source);
          if (acts.empty()) ++row.without_act;
          add_acts(acts);
        }
      }
      if (t.id == data.factors.defaults().id) add_acts(acts_of(data.factors.defaults().unknown_origin_provenance.source));
      if (row.acts.empty()) {
        row.publisher = t.source;
        if (row.publisher.empty())
          if (auto it = by_table.find(t.id); it != by_table.end() && !it->second.empty())
            row.publisher = it->second.front()->provenance.source;
      }
      r.data_tables.push_back(std::move(row));
    }
    const auto& tv = data.factors.table_versions();
    for (const auto& v : r.emissions.data_versions)
      if (std::find(tv.begin(), tv.end(), v) == tv.end()) r.rule_versions.push_back(v);
    r.rule_versions.push_back("cbam-money " + money.money.version());
    if (options.quality_rules) r.rule_versions.push_back("quality " + options.quality_rules->version());
    if (taxonomy && !firm.activities.empty()) r.rule_versions.push_back("taxonomy " + taxonomy->version());
    if (options.footprint_rules) r.rule_versions.push_back("footprint " + options.footprint_rules->version());
    if (options.hydrogen_rules && !firm.hydrogen.empty())
      r.rule_versions.push_back("hydrogen " + options.hydrogen_rules->version());
  }

  // ---- section 7: every value used --------------------------------------------------------------
  for (const auto& [key, f] : r.emissions.factors_used)
    r.factors.push_back({key, f.name, f.value, f.unit, f.provenance, "embedded"});
  for (const auto& yo : r.obligations) {
    if (!yo.result || !yo.result->params.cbam_factor_src) continue;
    const auto* f = yo.result->params.cbam_factor_src;
    r.factors.push_back({f->id + "@" + std::to_string(yo.year), f->name, f->written_value, f->unit,
                         f->provenance, "cbam_factor"});
  }
  // the benchmark rows the adjustments used: trace inputs that point at a row of the table in force
  {
    const auto& table = calc::benchmark_table(money);
    std::map<std::pair<std::string, int>, const factors::Benchmark*> rows;
    for (const auto& b : table.rows()) rows.emplace(std::make_pair(b.provenance.pos.file, b.provenance.pos.line), &b);
    std::set<std::pair<std::string, int>> seen;
    std::function<void(const TraceNode&)> walk = [&](const TraceNode& n) {
      for (const auto& in : n.inputs) {
        auto key = std::make_pair(in.pos.file, in.pos.line);
        auto it = rows.find(key);
        if (it == rows.end() || !seen.insert(key).second) continue;
        const auto* b = it->second;
        r.factors.push_back({"benchmark " + model::format_cn(b->cn) + (b->ref.empty() ? "" : " (" + b->ref + ")"),
                             in.name.en(), in.value, in.unit, b->provenance, "benchmark"});
      }
      for (const auto& c : n.children) walk(c);
    };
    for (const auto& yo : r.obligations)
      if (yo.result)
        for (const auto& l : yo.result->lines) walk(l.line.trace);
  }
  // the footprints' values not already listed (one row per value; the first use names it)
  {
    std::set<std::string> listed;
    for (const auto& row : r.factors) listed.insert(row.id);
    auto add_uses = [&](const std::map<std::string, FactorUse>& uses, const char* used_for) {
      for (const auto& [key, f] : uses)
        if (listed.insert(key).second) r.factors.push_back({key, f.name, f.value, f.unit, f.provenance, used_for});
    };
    if (r.inventory) add_uses(r.inventory->factors_used, "footprint");
    for (const auto& p : r.products) add_uses(p.factors_used, "product");
    for (const auto& h : r.hydrogen) add_uses(h.factors_used, "hydrogen");
  }
  if (!r.user_prices) {
    for (const auto* f : data.factors.versions("price.cbam_certificate"))
      r.factors.push_back({f->id + "@" + f->provenance.valid_from.str(), f->name, f->written_value,
                           f->unit, f->provenance, "price"});
  }

  // ---- section 8: gaps, differences, choices ------------------------------------------------------
  for (const auto& g : r.emissions.gaps)
    r.gaps.push_back({GapRow::Kind::gap, g.pos, g.where, g.message, "s8.effect.gap"});
  for (const auto& g : r.emissions.differences)
    r.gaps.push_back({GapRow::Kind::difference, g.pos, g.where, g.message, "s8.effect.difference"});
  for (const auto& g : input_differences)
    r.gaps.push_back({GapRow::Kind::difference, g.pos, g.where, g.message, "s8.effect.difference"});
  for (const auto& yo : r.obligations)
    if (!yo.gap.empty())
      r.gaps.push_back({GapRow::Kind::gap, {}, text::Message::of("msg.where.obligation", {text::txt(std::to_string(yo.year))}), yo.gap,
                        "s8.effect.obligation"});
  if (!r.exposure_gap.empty())
    r.gaps.push_back({GapRow::Kind::gap, {}, text::Message::of("msg.where.exposure", {text::txt(data.period.text())}), r.exposure_gap,
                      "s8.effect.exposure"});
  if (!r.taxonomy_gap.empty())
    r.gaps.push_back({GapRow::Kind::gap, {}, text::Message::of("msg.where.taxonomy"), r.taxonomy_gap, "s8.effect.gap"});
  if (!r.inventory_gap.empty())
    r.gaps.push_back({GapRow::Kind::gap, {}, text::Message::of("msg.where.inventory"), r.inventory_gap, "s8.effect.gap"});
  if (r.inventory)
    for (const auto& g : r.inventory->gaps) r.gaps.push_back({GapRow::Kind::gap, g.pos, g.where, g.message, "s8.effect.gap"});
  for (const auto& [id, msg] : r.product_gaps)
    r.gaps.push_back({GapRow::Kind::gap, {}, text::Message::of("msg.where.product", {text::txt(id)}), msg, "s8.effect.gap"});
  for (const auto& p : r.products)
    for (const auto& g : p.gaps) r.gaps.push_back({GapRow::Kind::gap, g.pos, g.where, g.message, "s8.effect.gap"});
  if (!r.hydrogen_gap.empty())
    r.gaps.push_back({GapRow::Kind::gap, {}, text::Message::of("msg.where.hydrogen"), r.hydrogen_gap, "s8.effect.gap"});
  for (const auto& h : r.hydrogen)
    for (const auto& g : h.gaps) r.gaps.push_back({GapRow::Kind::gap, g.pos, g.where, g.message, "s8.effect.gap"});

  // ---- numbered traces: processes (section 3), goods (4), obligation lines (5) ---------------------
  auto add = [&](text::Message title, const TraceNode& node, const SourcePos& fallback) {
    TraceEntry t;
    t.id = "T-" + std::to_string(r.traces.size() + 1);
    t.title = std::move(title);
    t.node = &node;
    t.where = first_location(node);
    if (t.where.file.empty()) t.where = fallback;
    r.traces.push_back(std::move(t));
    return r.traces.back().id;
  };
  auto process_pos = [&](const std::string& inst, const std::string& proc) {
    if (const auto* i = r.firm.find_installation(inst))
      if (const auto* p = r.firm.find_process(*i, proc)) return p->pos;
    return SourcePos{r.firm.file, 0};
  };
  for (const auto& p : r.emissions.processes)
    r.process_trace.push_back(add(p.installation + "/" + p.process, p.trace, process_pos(p.installation, p.process)));
  for (const auto& g : r.emissions.goods) {
    SourcePos fallback = process_pos(g.installation, g.process);
    if (const auto* i = r.firm.find_installation(g.installation))
      for (const auto& d : i->default_goods)
        if (d.cn == g.cn) fallback = d.pos;
    r.good_trace.push_back(add("CN " + model::format_cn(g.cn) + ", " + g.installation +
                                   (g.process.empty() ? "" : "/" + g.process),
                               g.trace, fallback));
  }
  auto export_pos = [&](int year, std::size_t k) {
    std::size_t seen = 0;
    for (const auto& x : r.firm.exports)
      if (x.year == year && seen++ == k) return x.pos;
    return SourcePos{r.firm.file, 0};
  };
  for (auto& yo : r.obligations) {
    if (!yo.result) continue;
    for (std::size_t k = 0; k < yo.result->lines.size(); ++k) {
      const auto& l = yo.result->lines[k];
      // firm_obligation makes one line per export of the year, in the order of the firm file.
      SourcePos fallback = export_pos(yo.year, k);
      yo.line_trace.push_back(add(text::Message::of("msg.title.line", {text::txt(std::to_string(yo.year)),
                                                                      text::txt(model::format_cn(l.emissions.cn)),
                                                                      text::txt(l.buyer)}),
                                  l.line.trace, fallback));
    }
    // The year's totals, summed by the engine (firm_obligation), traced to their lines.
    TraceNode& total = r.own_nodes.emplace_back();
    total.label = text::Message::of("msg.label.year_totals", {text::txt(std::to_string(yo.year))});
    total.formula = text::Message::of("msg.formula.year_totals");
    total.value = units::in_tco2e(yo.result->total_certificates);
    total.unit = "tCO2e";
    total.pos = SourcePos{r.firm.file, 0};
    for (std::size_t k = 0; k < yo.result->lines.size(); ++k) {
      const auto& l = yo.result->lines[k];
      auto pos = export_pos(yo.year, k);
      const auto& id = yo.line_trace[k];
      auto of = [&](const char* what) { return text::Message::of(std::string("msg.input.line_") + what, {text::txt(id)}); };
      total.inputs.push_back({of("embedded"), units::in_tco2e(l.line.embedded), "tCO2e", pos});
      if (l.line.faa) total.inputs.push_back({of("adjustment"), units::in_tco2e(*l.line.faa), "tCO2e", pos});
      total.inputs.push_back({of("art9"), units::in_tco2e(l.line.art9), "tCO2e", pos});
      total.inputs.push_back({of("certificates"), units::in_tco2e(l.line.certificates), "tCO2e", pos});
      total.inputs.push_back({of("cost"), units::in_eur(l.line.cost), "EUR", pos});
    }
    yo.total_trace = add(text::Message::of("msg.title.total", {text::txt(std::to_string(yo.year))}), total, total.pos);
  }
  return r;
}

}  // namespace greengate::report
