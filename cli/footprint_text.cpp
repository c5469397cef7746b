#include "footprint_text.hpp"

#include "greengate/text/catalogue.hpp"
#include "greengate/text/number_format.hpp"
#include "text_table.hpp"
#include "words.hpp"

namespace greengate::cli {

namespace {
namespace u = greengate::units;
using report::Lang;

struct InventoryWords {
  std::string title, standard, firm, file, fictitious, year, data_year, consolidation, not_stated,
      scope1, gas, total, sources, site, source, category, fgases, biogenic_col, scope2, use,
      quantity, location, covered, market, basis, scope2_total, location_based, market_based,
      instruments, instrument, type, vintage, rate, market_col, usable, applied, yes, no,
      criteria, biogenic, scope3, boundary, recon, recon_cbam, recon_heat, recon_streams,
      recon_nonco2, recon_only, recon_total, gaps, incomplete, notes, factors, unverified,
      engine_english, none;
};

InventoryWords make_words(Lang l) {
  const auto& c = text::Catalogue::builtin(l);
  InventoryWords w;
  w.title = c("fp.cli.title");
  w.standard = c("fp.cli.standard");
  w.firm = c("form.sec.firm");
  w.file = c("fp.cli.file");
  w.fictitious = c("cli.fictitious");
  w.year = c("fp.cli.year");
  w.data_year = c("fp.cli.data_year");
  w.consolidation = c("fp.cli.consolidation");
  w.not_stated = c("fp.cli.not_stated");
  w.scope1 = c("fp.cli.scope1");
  w.gas = c("fp.gas");
  w.total = c("fp.total");
  w.sources = c("fp.cli.sources");
  w.site = c("fp.cli.site");
  w.source = c("cli.em.col.source");
  w.category = c("cli.em.col.category");
  w.fgases = c("fp.cli.fgases");
  w.biogenic_col = c("fp.cli.biogenic_col");
  w.scope2 = c("fp.cli.scope2");
  w.use = c("fp.use");
  w.quantity = c("fp.cli.quantity");
  w.location = c("fp.location");
  w.covered = c("fp.cli.covered");
  w.market = c("fp.market");
  w.basis = c("fp.cli.basis");
  w.scope2_total = c("fp.cli.scope2_total");
  w.location_based = c("fp.location");
  w.market_based = c("fp.market");
  w.instruments = c("fp.cli.instruments");
  w.instrument = c("fp.cli.instrument");
  w.type = c("fp.cli.type");
  w.vintage = c("fp.cli.vintage");
  w.rate = c("fp.cli.rate");
  w.market_col = c("fp.cli.market_col");
  w.usable = c("fp.cli.usable");
  w.applied = c("fp.cli.applied");
  w.yes = c("cli.yes");
  w.no = c("cli.no");
  w.criteria = c("fp.cli.criteria");
  w.biogenic = c("fp.cli.biogenic");
  w.scope3 = c("fp.cli.scope3");
  w.boundary = c("fp.boundary");
  w.recon = c("fp.cli.recon");
  w.recon_cbam = c("fp.cli.recon_cbam");
  w.recon_heat = c("fp.cli.recon_heat");
  w.recon_streams = c("fp.cli.recon_streams");
  w.recon_nonco2 = c("fp.cli.recon_nonco2");
  w.recon_only = c("fp.cli.recon_only");
  w.recon_total = c("fp.cli.recon_total");
  w.gaps = c("fp.cli.gaps");
  w.incomplete = c("cli.incomplete");
  w.notes = c("record.notes");
  w.factors = c("fp.cli.factors");
  w.unverified = c("fp.cli.unverified");
  w.engine_english = c("fp.cli.engine_english");
  w.none = c("doc.none");
  return w;
}

// The words of the texts below, from the one catalogue of the language (fp.cli.*, pcf.cli.*,
// h2.cli.* and the shared words they reuse): built once per language.
const InventoryWords& words(Lang l) {
  static const InventoryWords en = make_words(Lang::en), tr = make_words(Lang::tr);
  return l == Lang::tr ? tr : en;
}

// Turkish writes 1.234.567,8.
std::string num(double v, Lang l, int d = 1) {
  return l == Lang::tr ? text::format_grouped(v, d, '.', ',') : text::format_grouped(v, d);
}
std::string rate(double v, Lang l) {
  std::string s = text::format_trimmed(v, 6);
  if (l == Lang::tr)
    for (auto& c : s)
      if (c == '.') c = ',';
  return s;
}

// A percentage already in per cent: "97.5 %" (en), "%97,5" (tr); a minus stays first in Turkish
// ("-%114,1": hydrogen above the fossil comparator), as text::Catalogue writes it.
std::string pct(const std::string& n, Lang l) {
  if (l != Lang::tr) return n + " %";
  return !n.empty() && n[0] == '-' ? "-%" + n.substr(1) : "%" + n;
}

/// A factor used: "id = value unit  [status] source; validity" in the reader's language.
void print_factor(std::ostream& o, const std::string& key, const report::FactorUse& f, const Words& say) {
  o << "  " << key << " = " << say.trimmed(f.value, 6) << " " << f.unit << "  [" << say.status(f.provenance.status)
    << "] " << f.provenance.source << "; " << say.validity(f.provenance) << "\n";
}

std::string outcome_word(rules::Outcome o, Lang l) {
  const auto& c = text::Catalogue::builtin(l);
  switch (o) {
    case rules::Outcome::pass: return c("outcome.pass");
    case rules::Outcome::fail: return c("outcome.fail");
    case rules::Outcome::not_applicable: return c("outcome.not_applicable");
    case rules::Outcome::unknown: break;
  }
  return c("fp.cli.cannot_confirm");
}

}  // namespace

void print_inventory(std::ostream& o, const calc::InventoryReport& rep, Lang l) {
  const Words say(text::Catalogue::builtin(l));
  const InventoryWords& w = words(l);
  o << w.title << " " << rep.year << " (" << w.standard << ")\n";
  o << w.firm << ": " << rep.firm_name << " [" << rep.firm_id << "]   " << w.file << ": " << rep.file << "\n";
  if (rep.fictitious) o << w.fictitious << "\n";
  o << w.year << ": " << rep.year;
  if (rep.data_year != rep.year) o << " (" << w.data_year << " " << rep.data_year << ")";
  o << "   " << w.consolidation << ": " << (rep.consolidation.empty() ? w.not_stated : rep.consolidation)
    << "\n\n";

  o << w.scope1 << "\n";
  TextTable g({w.gas, "tCO2e"}, {false, true});
  for (auto gas : calc::kGhgGases)
    g.row({std::string(calc::ghg_gas_name(gas)), num(u::in_tco2e(rep.scope1_gases.get(gas)), l)});
  g.row({w.total, num(u::in_tco2e(rep.scope1_total), l) + (rep.complete ? "" : std::string(" ") + w.incomplete)});
  g.print(o);

  o << "\n" << w.sources << "\n";
  TextTable s({w.site, w.source, w.category, "CO2", "CH4", "N2O", w.fgases, w.total, w.biogenic_col},
              {false, false, false, true, true, true, true, true, true});
  for (const auto& x : rep.scope1) {
    s.row({x.site, x.source_id, x.category, num(u::in_tco2e(x.gases.get(calc::GhgGas::co2)), l),
           num(u::in_tco2e(x.gases.get(calc::GhgGas::ch4)), l),
           num(u::in_tco2e(x.gases.get(calc::GhgGas::n2o)), l), num(u::in_tco2e(x.gases.fluorinated()), l),
           num(u::in_tco2e(x.gases.total()), l) + (x.complete ? "" : " !"),
           num(u::in_tco2e(x.biogenic_co2), l)});
  }
  s.print(o);

  o << "\n" << w.scope2 << "\n";
  TextTable t({w.site, w.use, w.quantity, w.location, w.covered, w.market, w.basis},
              {false, false, true, true, true, true, false});
  for (const auto& x : rep.scope2)
    t.row({x.site, x.what,
           x.heat ? num(u::in_terajoules(x.quantity), l, 3) + " TJ"
                  : num(u::in_megawatt_hours(x.quantity), l, 1) + " MWh",
           num(u::in_tco2e(x.location), l) + (x.complete ? "" : " !"),
           x.heat ? "-" : num(u::in_megawatt_hours(x.covered), l), num(u::in_tco2e(x.market()), l),
           x.uncovered_basis});
  t.print(o);
  o << "  " << w.scope2_total << ": " << w.location_based << " " << num(u::in_tco2e(rep.scope2_location), l)
    << " tCO2e, " << w.market_based << " " << num(u::in_tco2e(rep.scope2_market), l) << " tCO2e\n";

  if (!rep.instruments.empty()) {
    o << "\n" << w.instruments << "\n";
    TextTable it({w.site, w.instrument, w.type, "MWh", w.market_col, w.vintage, w.rate, w.usable, w.applied},
                 {false, false, false, true, false, false, true, false, true});
    for (const auto& x : rep.instruments)
      it.row({x.site, x.id, x.type, num(u::in_megawatt_hours(x.quantity), l), x.market,
              std::to_string(x.vintage), x.rate ? rate(u::in_tco2e_per_megawatt_hour(*x.rate), l) : "?",
              x.usable() ? w.yes : w.no, num(u::in_megawatt_hours(x.applied), l)});
    it.print(o);
    for (const auto& x : rep.instruments) {
      o << "  " << x.id << ": " << outcome_word(x.quality.outcome, l) << " — " << x.rate_basis << "\n";
      for (const auto& c : x.quality.required)
        o << "    [" << outcome_word(c.outcome, l) << "] " << c.label << " (" << c.ref << ")"
          << (c.outcome == rules::Outcome::pass ? "" : ": " + c.reason) << "\n";
    }
  }

  o << "\n" << w.biogenic << ": " << num(u::in_tco2e(rep.biogenic_co2), l) << " t CO2\n";
  o << w.scope3 << "\n";
  o << w.boundary << ":\n";
  for (const auto& b : rep.boundary) o << "  - " << b << "\n";

  o << "\n" << w.recon << "\n";
  TextTable r({"", "tCO2e"}, {false, true});
  r.row({w.recon_cbam, num(u::in_tco2e(rep.cbam_direct), l)});
  r.row({w.recon_heat, num(u::in_tco2e(rep.heat_balance), l)});
  r.row({w.recon_streams, num(u::in_tco2e(rep.cbam_streams), l)});
  r.row({w.recon_nonco2, num(u::in_tco2e(rep.combustion_non_co2), l)});
  r.row({w.recon_only, num(u::in_tco2e(rep.inventory_only), l)});
  r.row({w.recon_total, num(u::in_tco2e(rep.scope1_total), l)});
  r.print(o);

  o << "\n" << w.gaps << ":";
  if (rep.gaps.empty()) o << " " << w.none;
  o << "\n";
  for (const auto& gp : rep.gaps) o << "  " << gp.pos.str() << ": " << say.msg(gp.message) << "\n";
  if (!rep.notes.empty()) {
    o << w.notes << ":\n";
    for (const auto& n : rep.notes) o << "  - " << n << "\n";
  }
  o << "\n" << w.factors << ":\n";
  for (const auto& [key, f] : rep.factors_used) print_factor(o, key, f, say);
  auto unv = rep.unverified();
  if (!unv.empty()) {
    o << "\n" << w.unverified << " (" << unv.size() << "):";
    for (const auto& k : unv) o << " " << k;
    o << "\n";
  }
  if (l == Lang::tr) o << w.engine_english << "\n";
}

namespace {

struct PWords {
  std::string title, standard, product, declared, piece, kilogram, tonne, mass, process,
      allocation, items, item, stage, label, qty, factor, kgco2e, share, basis, total, per_kg,
      per_t, location_total, primary, dqr, dqr_note, cbam, cbam_cols_stage, cbam_pcf, cbam_see,
      own_direct, own_other, own_elec, inputs, transport, why, why1, why2, why3, why4, cbam_none,
      boundary, gaps, incomplete, notes, factors, unverified, none, stage_inputs, stage_process,
      stage_electricity, stage_transport, annex_ii;
};

PWords make_product_words(Lang l) {
  const auto& c = text::Catalogue::builtin(l);
  PWords w;
  w.title = c("pcf.cli.title");
  w.standard = c("pcf.cli.standard");
  w.product = c("pcf.cli.product");
  w.declared = c("pcf.cli.declared");
  w.piece = c("pcf.cli.piece");
  w.kilogram = c("pcf.cli.kilogram");
  w.tonne = c("pcf.cli.tonne");
  w.mass = c("pcf.cli.mass");
  w.process = c("pcf.cli.process");
  w.allocation = c("pcf.cli.allocation");
  w.items = c("pcf.cli.items");
  w.item = c("pcf.cli.item");
  w.stage = c("pcf.cli.stage");
  w.label = c("pcf.cli.label");
  w.qty = c("cli.em.col.quantity");
  w.factor = c("pcf.cli.factor");
  w.kgco2e = c("pcf.cli.kgco2e");
  w.share = c("pcf.cli.share");
  w.basis = c("pcf.cli.basis");
  w.total = c("defaults.cli.total");
  w.per_kg = c("pcf.cli.per_kg");
  w.per_t = c("pcf.cli.per_t");
  w.location_total = c("pcf.cli.location_total");
  w.primary = c("pcf.cli.primary");
  w.dqr = c("pcf.cli.dqr");
  w.dqr_note = c("pcf.cli.dqr_note");
  w.cbam = c("pcf.cli.cbam");
  w.cbam_cols_stage = c("pcf.cli.stage");
  w.cbam_pcf = c("pcf.cli.cbam_pcf");
  w.cbam_see = c("pcf.cli.cbam_see");
  w.own_direct = c("pcf.cli.own_direct");
  w.own_other = c("pcf.cli.own_other");
  w.own_elec = c("pcf.cli.own_elec");
  w.inputs = c("pcf.cli.inputs");
  w.transport = c("pcf.cli.transport");
  w.why = c("pcf.cli.why");
  w.why1 = c("pcf.cli.why1");
  w.why2 = c("pcf.cli.why2");
  w.why3 = c("pcf.cli.why3");
  w.why4 = c("pcf.cli.why4");
  w.cbam_none = c("pcf.cli.cbam_none");
  w.boundary = c("pcf.cli.boundary");
  w.gaps = c("pcf.cli.gaps");
  w.incomplete = c("cli.incomplete");
  w.notes = c("record.notes");
  w.factors = c("fp.cli.factors");
  w.unverified = c("fp.cli.unverified");
  w.none = c("doc.none");
  w.stage_inputs = c("pcf.cli.stage_inputs");
  w.stage_process = c("pcf.cli.stage_process");
  w.stage_electricity = c("pcf.cli.stage_electricity");
  w.stage_transport = c("pcf.cli.stage_transport");
  w.annex_ii = c("cli.em.col.annex_ii");
  return w;
}

std::string stage_word(const std::string& s, const PWords& w) {
  if (s == "inputs") return w.stage_inputs;
  if (s == "own process") return w.stage_process;
  if (s == "electricity") return w.stage_electricity;
  if (s == "transport") return w.stage_transport;
  return s;
}

}  // namespace

void print_product(std::ostream& o, const calc::ProductFootprint& p, Lang l) {
  const Words say(text::Catalogue::builtin(l));
  static const PWords en = make_product_words(Lang::en), tr = make_product_words(Lang::tr);
  const PWords& w = l == Lang::tr ? tr : en;
  o << w.title << " " << p.year << " (" << w.standard << ")\n";
  o << words(l).firm << ": " << p.firm_name << " [" << p.firm_id << "]   " << words(l).file << ": " << p.file << "\n";
  if (p.fictitious) o << words(l).fictitious << "\n";
  o << w.product << ": " << p.name << " [" << p.product_id << "]" << (p.cn.empty() ? "" : "  CN " + p.cn) << "\n";
  o << w.declared << ": "
    << (p.declared_unit == "piece" ? w.piece : p.declared_unit == "tonne" ? w.tonne : w.kilogram)
    << " (" << w.mass << " " << num(u::in_tonnes(p.mass), l, 3) << " t)   " << w.process << ": "
    << p.installation << "/" << p.process << "\n";
  o << w.allocation << ": " << p.allocation_basis << " = " << rate(p.allocation_share, l) << "\n\n";

  o << w.items << "\n";
  TextTable t({w.item, w.stage, w.label, w.qty, w.factor, w.kgco2e, w.share, w.basis},
              {false, false, false, true, true, true, true, false});
  for (const auto& it : p.items)
    t.row({it.id, stage_word(it.stage, w), it.label,
           it.stage == "inputs" ? num(u::in_tonnes(it.quantity), l, 3) : "",
           it.factor ? num(u::in_tco2e_per_tonne(*it.factor), l, 3) : "",
           num(u::in_kgco2e(it.emissions), l, 1) + (it.complete ? "" : " !"),
           p.share_percent(it) ? pct(num(*p.share_percent(it), l, 1), l) : "", it.basis});
  t.row({w.total, "", "", "", "", num(u::in_kgco2e(p.total), l, 1) + (p.complete ? "" : std::string(" ") + w.incomplete),
         pct("100", l), ""});
  t.print(o);
  o << "  " << w.per_kg << ": " << rate(u::in_tco2e_per_tonne(p.per_tonne()), l) << " kgCO2e/kg   "
    << w.per_t << ": " << num(u::in_tco2e_per_tonne(p.per_tonne()), l, 3) << " tCO2e/t   "
    << w.location_total << ": " << num(u::in_kgco2e(p.total_location), l, 1) << " kgCO2e\n";
  o << "  " << w.primary << ": " << pct(num(100 * p.primary_share, l, 1), l) << "   " << w.dqr << ": "
    << num(p.dqr.technological, l, 2) << " / " << num(p.dqr.geographical, l, 2) << " / "
    << num(p.dqr.temporal, l, 2) << " (" << w.dqr_note << ")\n\n";

  o << w.cbam << "\n";
  if (p.cbam.available) {
    const double m = u::in_tonnes(p.mass);
    auto per_t = [&](const char* stage, const char* item_prefix) {
      double e = 0;
      for (const auto& it : p.items)
        if (it.stage == stage && (!item_prefix || it.id.rfind(item_prefix, 0) == 0)) e += u::in_tco2e(it.emissions);
      return e / m;
    };
    TextTable c({w.cbam_cols_stage, w.cbam_pcf, w.cbam_see}, {false, true, true});
    c.row({w.own_direct, num(per_t("own process", "process") - per_t("own process", "process-ch4-n2o"), l, 3),
           num(u::in_tco2e_per_tonne(p.cbam.own_direct), l, 3)});
    c.row({w.own_other, num(per_t("own process", "process-ch4-n2o"), l, 3), "-"});
    c.row({w.own_elec, num(per_t("electricity", nullptr), l, 3),
           num(u::in_tco2e_per_tonne(p.cbam.own_indirect_counted), l, 3) + (p.cbam.direct_only ? std::string(" (") + w.annex_ii + ")" : "")});
    c.row({w.inputs, num(per_t("inputs", nullptr), l, 3), num(u::in_tco2e_per_tonne(p.cbam.precursors), l, 3)});
    c.row({w.transport, num(per_t("transport", nullptr), l, 3), "-"});
    c.row({w.total, num(u::in_tco2e_per_tonne(p.per_tonne()), l, 3), num(u::in_tco2e_per_tonne(p.cbam.total), l, 3)});
    c.print(o);
    o << "  " << w.why << "\n  - " << w.why1 << "\n  - " << w.why2 << "\n  - " << w.why3 << "\n  - " << w.why4 << "\n";
  } else {
    o << "  " << w.cbam_none << "\n";
  }

  o << "\n" << w.boundary << ":\n";
  for (const auto& b : p.boundary) o << "  - " << b << "\n";
  o << "\n" << w.gaps << ":";
  if (p.gaps.empty()) o << " " << w.none;
  o << "\n";
  for (const auto& g : p.gaps) o << "  " << g.pos.str() << ": " << say.msg(g.message) << "\n";
  if (!p.notes.empty()) {
    o << w.notes << ":\n";
    for (const auto& n : p.notes) o << "  - " << n << "\n";
  }
  o << "\n" << w.factors << ":\n";
  for (const auto& [key, f] : p.factors_used) print_factor(o, key, f, say);
  auto unv = p.unverified();
  if (!unv.empty()) {
    o << "\n" << w.unverified << " (" << unv.size() << "):";
    for (const auto& k : unv) o << " " << k;
    o << "\n";
  }
  if (l == Lang::tr) o << words(l).engine_english << "\n";
}

namespace {

struct HWords {
  std::string title, method, h2, produced, energy, terms, term, what, tco2e, gmj, basis, total,
      per_kg, comparator, ceiling, savings, verdict, taxonomy, low, not_low, cannot, gaps, notes,
      factors, unverified, none;
};
HWords make_hydrogen_words(Lang l) {
  const auto& c = text::Catalogue::builtin(l);
  HWords w;
  w.title = c("h2.cli.title");
  w.method = c("h2.cli.method");
  w.h2 = c("sector.hydrogen");
  w.produced = c("h2.cli.produced");
  w.energy = c("h2.cli.energy");
  w.terms = c("h2.cli.terms");
  w.term = c("h2.cli.term");
  w.what = c("pcf.cli.label");
  w.tco2e = c("fp.tco2e");
  w.gmj = c("h2.cli.gmj");
  w.basis = c("h2.cli.basis");
  w.total = c("h2.cli.total");
  w.per_kg = c("h2.cli.per_kg");
  w.comparator = c("h2.cli.comparator");
  w.ceiling = c("h2.cli.ceiling");
  w.savings = c("h2.cli.savings");
  w.verdict = c("h2.cli.verdict");
  w.taxonomy = c("h2.cli.taxonomy");
  w.low = c("h2.cli.low");
  w.not_low = c("h2.cli.not_low");
  w.cannot = c("h2.cli.cannot");
  w.gaps = c("h2.cli.gaps");
  w.notes = c("record.notes");
  w.factors = c("fp.cli.factors");
  w.unverified = c("fp.cli.unverified");
  w.none = c("doc.none");
  return w;
}
std::string verdict_word(rules::Outcome o, const HWords& w) {
  return o == rules::Outcome::pass ? w.low : o == rules::Outcome::fail ? w.not_low : w.cannot;
}
}  // namespace

void print_hydrogen(std::ostream& o, const std::vector<calc::HydrogenReport>& reps, Lang l) {
  const Words say(text::Catalogue::builtin(l));
  static const HWords en = make_hydrogen_words(Lang::en), tr = make_hydrogen_words(Lang::tr);
  const HWords& w = l == Lang::tr ? tr : en;
  for (std::size_t i = 0; i < reps.size(); ++i) {
    const auto& r = reps[i];
    if (i) o << "\n" << std::string(100, '=') << "\n\n";
    o << w.title << " " << r.year << " (" << w.method << ")\n";
    o << words(l).firm << ": " << r.firm_name << " [" << r.firm_id << "]   " << words(l).file << ": " << r.file << "\n";
    if (r.fictitious) o << words(l).fictitious << "\n";
    o << w.h2 << ": " << r.id << "  (" << r.installation << "/" << r.process
      << (r.route.empty() ? "" : ", " + r.route) << ")   " << w.produced << " "
      << num(u::in_tonnes(r.hydrogen), l, 1) << " t   " << w.energy << " "
      << num(u::in_terajoules(r.energy), l, 1) << " TJ\n\n";
    o << w.terms << "\n";
    TextTable t({w.term, w.what, w.tco2e, w.gmj, w.basis}, {false, false, true, true, false});
    for (const auto& x : r.terms)
      t.row({x.key, x.label, num(u::in_tco2e(x.emissions), l, 1) + (x.complete ? "" : " !"),
             num(u::in_grams_co2e_per_megajoule(x.per_mj), l, 3), x.basis});
    t.row({w.total, "", num(u::in_tco2e(r.total), l, 1) + (r.complete ? "" : std::string(" ") + words(l).incomplete),
           num(u::in_grams_co2e_per_megajoule(r.intensity), l, 3), ""});
    t.print(o);
    o << "\n  E = " << num(u::in_grams_co2e_per_megajoule(r.intensity), l, 2) << " gCO2e/MJ = "
      << num(u::in_tco2e_per_tonne(r.per_tonne), l, 3) << " " << w.per_kg << "   " << w.comparator << " "
      << num(u::in_grams_co2e_per_megajoule(r.comparator), l, 1) << " gCO2e/MJ   " << w.ceiling << " "
      << num(u::in_grams_co2e_per_megajoule(r.ceiling), l, 1) << " gCO2e/MJ = "
      << num(u::in_tco2e_per_tonne(r.ceiling_per_tonne), l, 3) << " " << w.per_kg << "\n";
    o << "  " << w.savings << ": " << pct(num(100 * r.savings, l, 1), l) << "\n\n";
    o << w.verdict << ": " << verdict_word(r.low_carbon.outcome, w) << "\n    " << r.low_carbon.reason
      << "\n    [" << r.low_carbon.rule_id << "; " << r.low_carbon.ref << "]\n";
    for (const auto& pu : r.low_carbon.params)
      o << "    " << pu.id << " = " << pu.value << " " << pu.unit << " (" << say.status(pu.status) << "; " << pu.ref << ")\n";
    if (r.taxonomy) {
      o << w.taxonomy << ": " << outcome_word(r.taxonomy->outcome, l) << "\n    " << r.taxonomy->reason
        << "\n    [" << r.taxonomy->rule_id << "; " << r.taxonomy->ref << "]\n";
    }
    o << "\n" << w.gaps << ":";
    if (r.gaps.empty()) o << " " << w.none;
    o << "\n";
    for (const auto& g : r.gaps) o << "  " << g.pos.str() << ": " << say.msg(g.message) << "\n";
    if (!r.notes.empty()) {
      o << w.notes << ":\n";
      for (const auto& n : r.notes) o << "  - " << n << "\n";
    }
    o << "\n" << w.factors << ":\n";
    for (const auto& [key, f] : r.factors_used) print_factor(o, key, f, say);
    auto unv = r.unverified();
    if (!unv.empty()) {
      o << "\n" << w.unverified << " (" << unv.size() << "):";
      for (const auto& k : unv) o << " " << k;
      o << "\n";
    }
  }
  if (l == Lang::tr) o << words(l).engine_english << "\n";
}

}  // namespace greengate::cli
