#include "footprint_text.hpp"

#include "greengate/report/number_format.hpp"
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
  return l == Lang::tr ? report::format_grouped(v, d, '.', ',') : report::format_grouped(v, d);
}
std::string rate(double v, Lang l) {
  std::string s = report::format_trimmed(v, 6);
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
    double f = u::in_tco2e(x.gases.get(calc::GhgGas::hfcs) + x.gases.get(calc::GhgGas::pfcs) +
                           x.gases.get(calc::GhgGas::sf6) + x.gases.get(calc::GhgGas::nf3));
    s.row({x.site, x.source_id, x.category, num(u::in_tco2e(x.gases.get(calc::GhgGas::co2)), l),
           num(u::in_tco2e(x.gases.get(calc::GhgGas::ch4)), l),
           num(u::in_tco2e(x.gases.get(calc::GhgGas::n2o)), l), num(f, l),
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
  r.row({w.recon_heat, num(u::in_tco2e(rep.cbam_streams - rep.cbam_direct), l)});
  r.row({w.recon_streams, num(u::in_tco2e(rep.cbam_streams), l)});
  r.row({w.recon_nonco2, num(u::in_tco2e(rep.combustion_non_co2), l)});
  r.row({w.recon_only, num(u::in_tco2e(rep.inventory_only), l)});
  r.row({w.recon_total, num(u::in_tco2e(rep.scope1_total), l)});
  r.print(o);

  o << "\n" << w.gaps << ":";
  if (rep.gaps.empty()) o << " " << w.none;
  o << "\n";
  for (const auto& gp : rep.gaps) o << "  " << gp.pos.str() << ": " << gp.message << "\n";
  if (!rep.notes.empty()) {
    o << w.notes << ":\n";
    for (const auto& n : rep.notes) o << "  - " << n << "\n";
  }
  o << "\n" << w.factors << ":\n";
  for (const auto& [key, f] : rep.factors_used)
    o << "  " << key << " = " << report::format_trimmed(f.value, 6) << " " << f.unit << "  ["
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

}  // namespace greengate::cli
