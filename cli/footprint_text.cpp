#include "footprint_text.hpp"

#include "greengate/text/number_format.hpp"
#include "text_table.hpp"

namespace greengate::cli {

namespace {
namespace u = greengate::units;
using report::Lang;

struct Words {
  const char *title, *standard, *firm, *file, *fictitious, *year, *data_year, *consolidation,
      *not_stated, *scope1, *gas, *total, *sources, *site, *source, *category, *fgases,
      *biogenic_col, *scope2, *use, *quantity, *location, *covered, *market, *basis,
      *scope2_total, *location_based, *market_based, *instruments, *instrument, *type, *vintage,
      *rate, *market_col, *usable, *applied, *yes, *no, *criteria, *biogenic, *scope3, *boundary, *recon,
      *recon_cbam, *recon_heat, *recon_streams, *recon_nonco2, *recon_only, *recon_total, *gaps,
      *incomplete, *notes, *factors, *unverified, *engine_english, *none;
};

constexpr Words kEn = {
    "GreenGate: greenhouse-gas inventory",
    "GHG Protocol Corporate Standard (2004); Scope 2 Guidance (2015)",
    "Firm", "file", "NOTE: fictitious example data", "Reporting year", "data of reporting year",
    "Consolidation approach", "not stated",
    "Scope 1 (direct emissions) by gas, tCO2e (GWP: IPCC AR5 100-year)", "gas", "total",
    "Scope 1 sources, tCO2e", "site", "source", "category", "F-gases", "biogenic CO2 t",
    "Scope 2 (energy bought), tCO2e: location-based and market-based side by side", "use",
    "quantity", "location-based", "covered MWh", "market-based", "rest counted with",
    "Scope 2 total", "location-based", "market-based",
    "Contractual instruments and the Scope 2 quality criteria (Scope 2 Guidance Table 7.1)",
    "instrument", "type", "vintage", "rate tCO2e/MWh", "market", "usable", "applied MWh", "yes", "no",
    "criteria", "Biogenic CO2 (reported separately, not part of the scopes)",
    "Scope 3: not computed.", "Outside the boundary", "Reconciliation with CBAM (greengate emissions)",
    "CBAM attributed direct emissions of the processes",
    "heat balance CBAM applies (imported added, exported subtracted), taken out",
    "= the same source streams, same arithmetic", "+ CH4 and N2O of combustion",
    "+ sources CBAM does not count (mobile, refrigerants, buildings)", "= Scope 1 total",
    "Gaps (values that could not be determined; totals are lower bounds)", "INCOMPLETE", "Notes",
    "Factors used (value, status, source, validity)",
    "WARNING: factors used that are not verified", "Notes and gap messages are the engine's own wording (English).",
    "none"};

constexpr Words kTr = {
    "GreenGate: sera gazı envanteri",
    "GHG Protokolü Kurumsal Standardı (2004); Kapsam 2 Rehberi (2015)",
    "Firma", "dosya", "NOT: kurgusal örnek veri", "Raporlama yılı", "verinin raporlama yılı",
    "Konsolidasyon yaklaşımı", "belirtilmemiş",
    "Kapsam 1 (doğrudan emisyonlar), gaz bazında, tCO2e (KIP: IPCC AR5, 100 yıl)", "gaz", "toplam",
    "Kapsam 1 kaynakları, tCO2e", "tesis", "kaynak", "kategori", "F-gazları", "biyojenik CO2 t",
    "Kapsam 2 (satın alınan enerji), tCO2e: konum bazlı ve piyasa bazlı yan yana", "kullanım",
    "miktar", "konum bazlı", "belgeli MWh", "piyasa bazlı", "kalanın esası",
    "Kapsam 2 toplamı", "konum bazlı", "piyasa bazlı",
    "Sözleşmeye dayalı araçlar ve Kapsam 2 kalite kriterleri (Kapsam 2 Rehberi Tablo 7.1)",
    "araç", "tür", "üretim yılı", "oran tCO2e/MWh", "piyasa", "kullanılabilir", "uygulanan MWh", "evet",
    "hayır", "kriterler", "Biyojenik CO2 (ayrıca raporlanır, kapsamlara dahil değildir)",
    "Kapsam 3: hesaplanmadı.", "Sınır dışında kalanlar", "SKDM ile mutabakat (greengate emissions)",
    "Proseslerin SKDM'ye göre atanmış doğrudan emisyonları",
    "SKDM'nin uyguladığı ısı dengesi (alınan eklenir, verilen düşülür) çıkarıldı",
    "= aynı kaynak akışları, aynı hesap", "+ yanmadan CH4 ve N2O",
    "+ SKDM'nin saymadığı kaynaklar (hareketli, soğutucu akışkan, binalar)", "= Kapsam 1 toplamı",
    "Eksikler (belirlenemeyen değerler; toplamlar alt sınırdır)", "EKSİK", "Notlar",
    "Kullanılan faktörler (değer, durum, kaynak, geçerlilik)",
    "UYARI: doğrulanmamış faktörler kullanıldı",
    "Notlar ve eksik iletileri motorun kendi ifadesidir (İngilizce).", "yok"};

const Words& words(Lang l) { return l == Lang::tr ? kTr : kEn; }

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

std::string outcome_word(rules::Outcome o, Lang l) {
  switch (o) {
    case rules::Outcome::pass: return l == Lang::tr ? "karşılıyor" : "pass";
    case rules::Outcome::fail: return l == Lang::tr ? "karşılamıyor" : "fail";
    case rules::Outcome::not_applicable: return l == Lang::tr ? "uygulanmaz" : "not applicable";
    case rules::Outcome::unknown: return l == Lang::tr ? "doğrulanamıyor" : "cannot confirm";
  }
  return "?";
}

}  // namespace

void print_inventory(std::ostream& o, const calc::InventoryReport& rep, Lang l) {
  const Words& w = words(l);
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
  for (const auto& gp : rep.gaps) o << "  " << gp.pos.str() << ": " << gp.message.en() << "\n";
  if (!rep.notes.empty()) {
    o << w.notes << ":\n";
    for (const auto& n : rep.notes) o << "  - " << n << "\n";
  }
  o << "\n" << w.factors << ":\n";
  for (const auto& [key, f] : rep.factors_used)
    o << "  " << key << " = " << text::format_trimmed(f.value, 6) << " " << f.unit << "  ["
      << status_name(f.provenance.status) << "] " << f.provenance.source << "; "
      << f.provenance.validity() << "\n";
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
  const char *title, *standard, *product, *declared, *piece, *kilogram, *tonne, *mass, *process,
      *allocation, *items, *item, *stage, *label, *qty, *factor, *kgco2e, *share, *basis, *total,
      *per_kg, *per_t, *location_total, *primary, *dqr, *dqr_note, *cbam, *cbam_cols_stage,
      *cbam_pcf, *cbam_see, *own_direct, *own_other, *own_elec, *inputs, *transport, *why,
      *why1, *why2, *why3, *why4, *cbam_none, *boundary, *gaps, *incomplete, *notes, *factors,
      *unverified, *none, *stage_inputs, *stage_process, *stage_electricity, *stage_transport,
      *annex_ii;
};

constexpr PWords kPEn = {
    "GreenGate: product carbon footprint", "ISO 14067:2018 cradle to gate; GHG Protocol Product Standard",
    "Product", "Declared unit", "1 piece", "1 kg", "1 t", "mass", "Produced by",
    "Own process emissions allocated by", "Footprint per declared unit", "item", "stage", "what",
    "quantity t", "factor tCO2e/t", "kgCO2e", "share", "where the factor comes from", "Total",
    "per kg", "per t", "with location-based electricity", "Primary data share",
    "Data quality (DQR, 1 good - 3 poor; emission-weighted)",
    "technological / geographical / temporal",
    "Beside the CBAM SEE of the same good (greengate emissions), tCO2e per tonne", "stage",
    "footprint", "CBAM SEE", "own process, direct", "own process, CH4 and N2O",
    "own process, electricity", "inputs / precursors", "transport to the gate",
    "Why the two differ:",
    "boundary: CBAM counts the electricity of an Annex II good (iron and steel, aluminium, hydrogen) nowhere, the footprint counts it; CBAM counts no CH4/N2O of combustion and no non-CBAM inputs",
    "values: CBAM precursors on default values carry the mark-up of the import year, Annex II precursors count direct emissions only; the footprint uses CBAM values without mark-up, direct + indirect",
    "transport: CBAM never adds transport emissions; the footprint adds the legs given to the gate",
    "quantities: CBAM averages the whole process (its precursor totals over its activity level); the footprint uses this product's bill of materials and allocation",
    "no CBAM SEE for this product (not a CBAM good, or not produced by the process)",
    "System boundary", "Gaps (the footprint is incomplete until they are filled)", "INCOMPLETE",
    "Notes", "Factors used (value, status, source, validity)", "WARNING: factors used that are not verified",
    "none", "inputs", "own process", "electricity", "transport", "Annex II"};

constexpr PWords kPTr = {
    "GreenGate: ürün karbon ayak izi", "ISO 14067:2018 beşikten kapıya; GHG Protokolü Ürün Standardı",
    "Ürün", "Beyan birimi", "1 adet", "1 kg", "1 t", "kütle", "Üreten proses",
    "Prosesin kendi emisyonlarının dağıtımı", "Beyan birimi başına ayak izi", "kalem", "aşama", "ne",
    "miktar t", "faktör tCO2e/t", "kgCO2e", "pay", "faktörün kaynağı", "Toplam",
    "kg başına", "t başına", "konum bazlı elektrikle", "Birincil veri payı",
    "Veri kalitesi (DQR, 1 iyi - 3 zayıf; emisyon ağırlıklı)", "teknolojik / coğrafi / zamansal",
    "Aynı malın SKDM SEE değeri ile yan yana (greengate emissions), ton başına tCO2e", "aşama",
    "ayak izi", "SKDM SEE", "kendi proses, doğrudan", "kendi proses, CH4 ve N2O",
    "kendi proses, elektrik", "girdiler / öncüller", "kapıya kadar taşıma",
    "İkisi neden farklı:",
    "sınır: SKDM, Ek II mallarının (demir-çelik, alüminyum, hidrojen) elektriğini hiç saymaz, ayak izi sayar; SKDM yanmadan CH4/N2O'yu ve SKDM dışı girdileri saymaz",
    "değerler: varsayılan değerli SKDM öncülleri ithalat yılının ek payını taşır, Ek II öncülleri yalnız doğrudan emisyonla sayılır; ayak izi SKDM değerlerini ek paysız, doğrudan + dolaylı kullanır",
    "taşıma: SKDM taşıma emisyonu eklemez; ayak izi kapıya kadar verilen taşımaları ekler",
    "miktarlar: SKDM tüm prosesin ortalamasıdır (öncül toplamları / faaliyet düzeyi); ayak izi bu ürünün malzeme listesini ve dağıtım payını kullanır",
    "bu ürün için SKDM SEE değeri yok (SKDM malı değil ya da proses üretmiyor)",
    "Sistem sınırı", "Eksikler (giderilene kadar ayak izi eksiktir)", "EKSİK",
    "Notlar", "Kullanılan faktörler (değer, durum, kaynak, geçerlilik)",
    "UYARI: doğrulanmamış faktörler kullanıldı", "yok", "girdiler", "kendi proses", "elektrik", "taşıma",
    "Ek II"};

std::string stage_word(const std::string& s, const PWords& w) {
  if (s == "inputs") return w.stage_inputs;
  if (s == "own process") return w.stage_process;
  if (s == "electricity") return w.stage_electricity;
  if (s == "transport") return w.stage_transport;
  return s;
}

}  // namespace

void print_product(std::ostream& o, const calc::ProductFootprint& p, Lang l) {
  const PWords& w = l == Lang::tr ? kPTr : kPEn;
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
           p.share_percent(it) ? num(*p.share_percent(it), l, 1) + " %" : "", it.basis});
  t.row({w.total, "", "", "", "", num(u::in_kgco2e(p.total), l, 1) + (p.complete ? "" : std::string(" ") + w.incomplete),
         "100 %", ""});
  t.print(o);
  o << "  " << w.per_kg << ": " << rate(u::in_tco2e_per_tonne(p.per_tonne()), l) << " kgCO2e/kg   "
    << w.per_t << ": " << num(u::in_tco2e_per_tonne(p.per_tonne()), l, 3) << " tCO2e/t   "
    << w.location_total << ": " << num(u::in_kgco2e(p.total_location), l, 1) << " kgCO2e\n";
  o << "  " << w.primary << ": " << num(100 * p.primary_share, l, 1) << " %   " << w.dqr << ": "
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
  for (const auto& g : p.gaps) o << "  " << g.pos.str() << ": " << g.message.en() << "\n";
  if (!p.notes.empty()) {
    o << w.notes << ":\n";
    for (const auto& n : p.notes) o << "  - " << n << "\n";
  }
  o << "\n" << w.factors << ":\n";
  for (const auto& [key, f] : p.factors_used)
    o << "  " << key << " = " << text::format_trimmed(f.value, 6) << " " << f.unit << "  ["
      << status_name(f.provenance.status) << "] " << f.provenance.source << "; "
      << f.provenance.validity() << "\n";
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
  const char *title, *method, *h2, *produced, *energy, *terms, *term, *what, *tco2e, *gmj, *basis,
      *total, *per_kg, *comparator, *ceiling, *savings, *verdict, *taxonomy, *low, *not_low,
      *cannot, *gaps, *notes, *factors, *unverified, *none;
};
constexpr HWords kHEn = {
    "GreenGate: low-carbon hydrogen", "Directive (EU) 2024/1788; DR (EU) 2025/2359: E = e_i + e_p + e_td + e_u - e_ccs",
    "Hydrogen", "produced", "energy (LHV 120 MJ/kg)", "Life-cycle emissions", "term", "what", "tCO2e",
    "gCO2e/MJ", "where the value comes from", "E", "kgCO2e/kgH2", "fossil comparator", "ceiling (70 % savings)",
    "savings", "Low-carbon hydrogen (70 % savings)", "EU Taxonomy 3.10 (73.4 % savings, 3 tCO2e/tH2), beside it",
    "LOW-CARBON", "NOT LOW-CARBON", "CANNOT CONFIRM", "Gaps (the result is a lower bound until they are filled)",
    "Notes", "Factors used (value, status, source, validity)", "WARNING: factors used that are not verified", "none"};
constexpr HWords kHTr = {
    "GreenGate: düşük karbonlu hidrojen", "Direktif (AB) 2024/1788; Yetki Devri Tüzüğü (AB) 2025/2359: E = e_i + e_p + e_td + e_u - e_ccs",
    "Hidrojen", "üretim", "enerji (AID 120 MJ/kg)", "Yaşam döngüsü emisyonları", "terim", "ne", "tCO2e",
    "gCO2e/MJ", "değerin kaynağı", "E", "kgCO2e/kgH2", "fosil karşılaştırıcı", "tavan (%70 tasarruf)",
    "tasarruf", "Düşük karbonlu hidrojen (%70 tasarruf)", "AB Taksonomisi 3.10 (%73,4 tasarruf, 3 tCO2e/tH2), yanında",
    "DÜŞÜK KARBONLU", "DÜŞÜK KARBONLU DEĞİL", "DOĞRULANAMIYOR", "Eksikler (giderilene kadar sonuç alt sınırdır)",
    "Notlar", "Kullanılan faktörler (değer, durum, kaynak, geçerlilik)", "UYARI: doğrulanmamış faktörler kullanıldı", "yok"};

std::string verdict_word(rules::Outcome o, const HWords& w) {
  return o == rules::Outcome::pass ? w.low : o == rules::Outcome::fail ? w.not_low : w.cannot;
}
}  // namespace

void print_hydrogen(std::ostream& o, const std::vector<calc::HydrogenReport>& reps, Lang l) {
  const HWords& w = l == Lang::tr ? kHTr : kHEn;
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
    o << "  " << w.savings << ": " << num(100 * r.savings, l, 1) << " %\n\n";
    o << w.verdict << ": " << verdict_word(r.low_carbon.outcome, w) << "\n    " << r.low_carbon.reason
      << "\n    [" << r.low_carbon.rule_id << "; " << r.low_carbon.ref << "]\n";
    for (const auto& pu : r.low_carbon.params)
      o << "    " << pu.id << " = " << pu.value << " " << pu.unit << " (" << status_name(pu.status) << "; " << pu.ref << ")\n";
    if (r.taxonomy) {
      o << w.taxonomy << ": " << outcome_word(r.taxonomy->outcome, l) << "\n    " << r.taxonomy->reason
        << "\n    [" << r.taxonomy->rule_id << "; " << r.taxonomy->ref << "]\n";
    }
    o << "\n" << w.gaps << ":";
    if (r.gaps.empty()) o << " " << w.none;
    o << "\n";
    for (const auto& g : r.gaps) o << "  " << g.pos.str() << ": " << g.message.en() << "\n";
    if (!r.notes.empty()) {
      o << w.notes << ":\n";
      for (const auto& n : r.notes) o << "  - " << n << "\n";
    }
    o << "\n" << w.factors << ":\n";
    for (const auto& [key, f] : r.factors_used)
      o << "  " << key << " = " << text::format_trimmed(f.value, 6) << " " << f.unit << "  ["
        << status_name(f.provenance.status) << "] " << f.provenance.source << "; "
        << f.provenance.validity() << "\n";
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
