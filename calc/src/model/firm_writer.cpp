// Firm format v1 writer: the inverse of firm_loader.cpp for every element and attribute the model
// holds. Used by `greengate template import -o` and by the web's download of an imported template.

#include <charconv>
#include <cstdio>
#include <string>

#include "greengate/model/firm.hpp"

namespace greengate::model {

namespace {
namespace u = greengate::units;

// 15 significant digits, without an exponent (xs:decimal in the schema). Fifteen digits survive
// a round trip through the unit conversions of the loader (storage units differ from the units
// written), so writing what was read gives the same text; the results differ by at most 1e-15
// relatively.
std::string num(double v) {
  char buf[400];
  int n = std::snprintf(buf, sizeof buf, "%.15g", v);
  std::string_view s(buf, static_cast<std::size_t>(n));
  if (s.find_first_of("eE") == std::string_view::npos) return std::string(s);
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, res.ptr);
}

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += "&#9;"; break;
      default:
        // Other control characters cannot appear in XML 1.0; spreadsheet text rarely has them.
        if (static_cast<unsigned char>(c) < 0x20) out += ' ';
        else out += c;
    }
  }
  return out;
}

// The cell comment must not contain "--" (XML comments); sheet names here never do, but be safe.
std::string comment_text(std::string s) {
  for (std::size_t i = s.find("--"); i != std::string::npos; i = s.find("--", i)) s.replace(i, 2, "- -");
  return s;
}

class Writer {
 public:
  explicit Writer(bool comments) : comments_(comments) {}

  std::string firm(const Firm& f) {
    out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    open_tag("firm", 0);
    attr("schema", "greengate-firm/1");
    attr("id", f.id);
    attr("name", f.name);
    attr("country", f.country);
    attr("reporting-year", std::to_string(f.reporting_year));
    if (f.period_start) attr("reporting-period-start", f.period_start->str());
    if (f.period_end) attr("reporting-period-end", f.period_end->str());
    if (f.fictitious) attr("fictitious", "true");
    opt("consolidation", f.consolidation);
    opt("company-urn", f.company_urn);
    out_ += ">\n";
    for (const auto& in : f.installations) installation(in);
    for (const auto& x : f.exports) export_(x);
    for (const auto& a : f.activities) activity(a);
    for (const auto& b : f.buildings) building(b);
    for (const auto& p : f.products) product(p);
    out_ += "</firm>\n";
    return out_;
  }

 private:
  void indent(int depth) { out_.append(static_cast<std::size_t>(depth) * 2, ' '); }
  void open_tag(const char* name, int depth) {
    indent(depth);
    out_ += '<';
    out_ += name;
  }
  void attr(const char* name, std::string_view value) {
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    out_ += escape(value);
    out_ += '"';
  }
  void opt(const char* name, std::string_view value) {
    if (!value.empty()) attr(name, value);
  }
  void attr(const char* name, double value) { attr(name, std::string_view(num(value))); }

  // "<!-- D_Processes!L54 -->" before an element whose values came from cells.
  void cells(const Located& l, int depth) {
    if (!comments_) return;
    std::string text;
    if (!l.pos.cell.empty()) text = l.pos.cell;
    for (const auto& [field, p] : l.fields) {
      if (p.cell.empty() || p.cell == l.pos.cell) continue;
      text += (text.empty() ? "" : ", ") + field + " " + p.cell;
    }
    if (text.empty()) return;
    indent(depth);
    out_ += "<!-- " + comment_text(l.pos.file.empty() ? text : l.pos.file + ": " + text) + " -->\n";
  }

  void installation(const Installation& in) {
    cells(in, 1);
    open_tag("installation", 1);
    attr("id", in.id);
    attr("name", in.name);
    attr("country", in.country);
    opt("address", in.address);
    opt("unlocode", in.unlocode);
    opt("local-name", in.local_name);
    opt("economic-activity", in.economic_activity);
    opt("post-code", in.post_code);
    opt("po-box", in.po_box);
    opt("city", in.city);
    opt("latitude", in.latitude);
    opt("longitude", in.longitude);
    opt("representative", in.representative);
    opt("email", in.email);
    opt("telephone", in.telephone);
    out_ += ">\n";
    for (const auto& p : in.processes) process(p);
    for (const auto& s : in.shared_streams) stream(s, 2);
    for (const auto& g : in.default_goods) {
      cells(g, 2);
      open_tag("good", 2);
      attr("cn", g.cn);
      attr("quantity", u::in_tonnes(g.quantity));
      attr("unit", "t");
      attr("method", "default");
      out_ += "/>\n";
    }
    for (const auto& src : in.inventory) inventory(src, 2);
    for (const auto& i : in.instruments) instrument(i, 2);
    out_ += "  </installation>\n";
  }

  // ---- footprint extension ------------------------------------------------------------------
  void inventory(const InventorySource& src, int depth) {
    const auto& s = src.stream;
    if (src.kind == InventoryKind::fugitive) {
      open_tag("refrigerant", depth);
      attr("id", s.id);
      attr("gas", s.material);
      attr("quantity", u::in_tonnes(s.gas_mass));
      attr("unit", "t");
      opt("description", s.description);
      bool pure = s.gases.size() == 1 && s.gases[0].second == 1.0;
      if (pure) {
        out_ += "/>\n";
        return;
      }
      out_ += ">\n";
      for (const auto& [gas, share] : s.gases) {
        open_tag("component", depth + 1);
        attr("gas", gas);
        attr("share", share);
        out_ += "/>\n";
      }
      indent(depth);
      out_ += "</refrigerant>\n";
      return;
    }
    open_tag(src.kind == InventoryKind::mobile ? "mobile" : "fuel", depth);
    attr("id", s.id);
    combustion_attrs(s);
    opt("description", s.description);
    out_ += "/>\n";
  }

  void instrument(const Instrument& i, int depth) {
    open_tag("instrument", depth);
    attr("id", i.id);
    attr("type", i.type);
    attr("quantity", u::in_megawatt_hours(i.quantity));
    attr("unit", "MWh");
    attr("market", i.market);
    attr("vintage", std::to_string(i.vintage));
    if (i.factor) {
      attr("factor", u::in_tco2e_per_megawatt_hour(*i.factor));
      attr("factor-unit", "tCO2e/MWh");
    }
    opt("technology", i.technology);
    if (i.retired) attr("retired", *i.retired ? "true" : "false");
    opt("reference", i.reference);
    opt("supplier", i.supplier);
    out_ += "/>\n";
  }

  void product(const Product& p) {
    open_tag("product", 1);
    attr("id", p.id);
    attr("name", p.name);
    opt("description", p.description);
    attr("installation", p.installation);
    attr("process", p.process);
    opt("cn", p.cn);
    opt("urn", p.urn);
    attr("declared-unit", p.declared_unit);
    if (p.declared_unit == "piece") {
      attr("mass", u::in_tonnes(p.mass));
      attr("unit", "t");
    }
    attr("allocation", p.allocation);
    if (p.allocation_share) attr("allocation-share", *p.allocation_share);
    opt("allocation-basis", p.allocation_basis);
    if (p.fossil_carbon_kg) attr("fossil-carbon-kg", *p.fossil_carbon_kg);
    if (p.biogenic_carbon_kg) attr("biogenic-carbon-kg", *p.biogenic_carbon_kg);
    if (p.exempted_percent) attr("exempted-percent", *p.exempted_percent);
    opt("exempted-description", p.exempted_description);
    out_ += ">\n";
    for (const auto& in : p.inputs) {
      open_tag("input", 2);
      attr("id", in.id);
      opt("material", in.material);
      opt("cn", in.cn);
      attr("quantity", u::in_tonnes(in.quantity));
      attr("unit", "t");
      switch (in.source) {
        case InputSource::supplier: attr("source", "supplier"); break;
        case InputSource::default_value: attr("source", "default"); break;
        case InputSource::unknown_origin: attr("source", "unknown-origin"); break;
        case InputSource::process_mix: attr("source", "process-mix"); break;
        case InputSource::factor:
        case InputSource::none: break;
      }
      if (in.see_direct) attr("see-direct", u::in_tco2e_per_tonne(*in.see_direct));
      if (in.see_indirect) attr("see-indirect", u::in_tco2e_per_tonne(*in.see_indirect));
      opt("supplier", in.supplier);
      if (in.verified) attr("verified", "true");
      opt("origin", in.origin);
      if (in.factor) {
        attr("factor", u::in_tco2e_per_tonne(*in.factor));
        attr("factor-unit", "tCO2e/t");
      }
      opt("factor-source", in.factor_source);
      if (in.primary) attr("data", "primary");
      if (in.dqr.size() == 3)
        attr("dqr", std::to_string(in.dqr[0]) + "," + std::to_string(in.dqr[1]) + "," + std::to_string(in.dqr[2]));
      if (in.uncertainty) attr("uncertainty", *in.uncertainty * 100.0);
      if (in.factor_uncertainty) attr("factor-uncertainty", *in.factor_uncertainty * 100.0);
      out_ += "/>\n";
    }
    for (const auto& t : p.transport) {
      open_tag("transport", 2);
      attr("input", t.input);
      opt("mode", t.mode);
      attr("source", t.source);
      if (t.primary) attr("data", "primary");
      if (t.emissions) {
        attr("emissions", u::in_tco2e(*t.emissions));
        attr("unit", "tCO2e");
      } else {
        if (t.distance) {
          attr("distance", u::in_kilometres(*t.distance));
          attr("distance-unit", "km");
        }
        if (t.factor) {
          attr("factor", u::in_kgco2e_per_tonne_km(*t.factor));
          attr("factor-unit", "kgCO2e/tkm");
        }
      }
      out_ += "/>\n";
    }
    out_ += "  </product>\n";
  }

  void building(const Building& b) {
    open_tag("building", 1);
    attr("id", b.id);
    attr("name", b.name);
    attr("country", b.country);
    out_ += ">\n";
    for (const auto& src : b.sources) inventory(src, 2);
    for (const auto& e : b.electricity) {
      open_tag("electricity", 2);
      attr("quantity", u::in_megawatt_hours(e.quantity));
      attr("unit", "MWh");
      opt("location-factor-id", e.location_factor_id);
      out_ += "/>\n";
    }
    for (const auto& h : b.heat) {
      open_tag("heat", 2);
      attr("direction", "import");
      attr("quantity", u::in_terajoules(h.quantity));
      attr("unit", "TJ");
      attr("factor", u::in_tco2e_per_terajoule(h.factor));
      attr("factor-unit", "tCO2e/TJ");
      out_ += "/>\n";
    }
    for (const auto& i : b.instruments) instrument(i, 2);
    out_ += "  </building>\n";
  }

  void process(const Process& p) {
    cells(p, 2);
    open_tag("process", 2);
    attr("id", p.id);
    opt("name", p.name);
    attr("category", p.category);
    opt("route", p.route);
    opt("benchmark-route", p.benchmark_route);
    if (!p.includes.empty()) {
      std::string inc;
      for (const auto& c : p.includes) inc += (inc.empty() ? "" : " ") + c;
      attr("includes", inc);
    }
    attr("output", u::in_tonnes(p.output));
    attr("unit", "t");
    out_ += ">\n";
    if (p.direct_emissions) {
      cells(*p.direct_emissions, 3);
      open_tag("direct-emissions", 3);
      attr("quantity", u::in_tco2e(p.direct_emissions->quantity));
      attr("unit", "tCO2e");
      out_ += "/>\n";
    }
    for (const auto& s : p.streams) stream(s, 3);
    for (const auto& e : p.electricity) electricity(e);
    for (const auto& e : p.electricity_export) {
      cells(e, 3);
      open_tag("electricity-export", 3);
      attr("quantity", u::in_megawatt_hours(e.quantity));
      attr("unit", "MWh");
      attr("factor", u::in_tco2e_per_megawatt_hour(e.factor));
      attr("factor-unit", "tCO2e/MWh");
      out_ += "/>\n";
    }
    for (const auto& h : p.heat) {
      cells(h, 3);
      open_tag("heat", 3);
      attr("direction", h.is_import ? "import" : "export");
      attr("quantity", u::in_terajoules(h.quantity));
      attr("unit", "TJ");
      attr("factor", u::in_tco2e_per_terajoule(h.factor));
      attr("factor-unit", "tCO2e/TJ");
      out_ += "/>\n";
    }
    for (const auto& w : p.waste_gas) {
      cells(w, 3);
      open_tag("waste-gas", 3);
      attr("direction", w.is_import ? "import" : "export");
      attr("quantity", u::in_terajoules(w.quantity));
      attr("unit", "TJ");
      out_ += "/>\n";
    }
    for (const auto& pr : p.precursors) precursor(pr);
    for (const auto& g : p.goods) {
      cells(g, 3);
      open_tag("good", 3);
      attr("cn", g.cn);
      opt("name", g.name);
      if (g.quantity_stated) {
        attr("quantity", u::in_tonnes(g.quantity));
        attr("unit", "t");
      }
      out_ += "/>\n";
    }
    out_ += "    </process>\n";
  }

  void stream(const SourceStream& s, int depth) {
    cells(s, depth);
    open_tag("stream", depth);
    attr("id", s.id);
    opt("name", s.name);
    attr("method", method_name(s.method));
    bool children = false;
    switch (s.method) {
      case StreamMethod::combustion: combustion_attrs(s); break;
      case StreamMethod::fugitive:  // inventory sources only (<refrigerant>), never a <stream>
        throw InternalError("firm_to_xml: a fugitive source as a <stream>: " + s.path);
      case StreamMethod::process:
        attr("material", s.material);
        attr("quantity", u::in_tonnes(s.mass));
        attr("unit", "t");
        if (s.factor) {
          attr("factor", u::in_tco2e_per_tonne(*s.factor));
          attr("factor-unit", "tCO2e/t");
        } else {
          attr("factor-id", s.factor_id);
        }
        if (s.conversion_factor != 1.0) attr("conversion-factor", s.conversion_factor);
        if (s.biomass_fraction != 0.0) attr("biomass-fraction", s.biomass_fraction);
        break;
      case StreamMethod::mass_balance: children = true; break;
      case StreamMethod::measured:
        attr("gas", "CO2");
        attr("quantity", u::in_tco2e(s.measured));
        attr("unit", "tCO2e");
        break;
      case StreamMethod::n2o:
        attr("quantity", u::in_tonnes(s.gas_mass));
        attr("unit", "t");
        break;
      case StreamMethod::pfc_slope:
        attr("aluminium", u::in_tonnes(s.aluminium));
        attr("unit", "t");
        attr("sef-cf4", s.sef_cf4);
        attr("aem", s.aem);
        attr("f-c2f6", s.f_c2f6);
        if (s.collection_efficiency != 1.0) attr("collection-efficiency", s.collection_efficiency);
        break;
      case StreamMethod::pfc_overvoltage:
        attr("aluminium", u::in_tonnes(s.aluminium));
        attr("unit", "t");
        attr("ovc", s.ovc);
        attr("aeo", s.aeo);
        attr("current-efficiency", s.current_efficiency);
        attr("f-c2f6", s.f_c2f6);
        if (s.collection_efficiency != 1.0) attr("collection-efficiency", s.collection_efficiency);
        break;
    }
    children = children || !s.attribution.empty();
    if (!children) {
      out_ += "/>\n";
      return;
    }
    out_ += ">\n";
    for (const auto& f : s.inputs) flow("input", f, depth + 1);
    for (const auto& f : s.outputs) flow("output", f, depth + 1);
    for (const auto& [proc, share] : s.attribution) {
      open_tag("attribution", depth + 1);
      attr("process", proc);
      attr("share", share);
      out_ += "/>\n";
    }
    indent(depth);
    out_ += "</stream>\n";
  }

  void combustion_attrs(const SourceStream& s) {
    opt("fuel", s.fuel);
    if (s.amount_kind == AmountKind::mass) {
      attr("quantity", u::in_tonnes(s.mass));
      attr("unit", "t");
    } else if (s.amount_kind == AmountKind::volume) {
      attr("quantity", u::in_normal_cubic_metres(s.volume));
      attr("unit", "Nm3");
    } else {
      attr("quantity", u::in_terajoules(s.energy));
      attr("unit", "TJ");
    }
    if (s.ncv_mass) {
      attr("ncv", u::in_terajoules_per_tonne(*s.ncv_mass));
      attr("ncv-unit", "TJ/t");
    } else if (s.ncv_volume) {
      attr("ncv", u::in_terajoules_per_1000nm3(*s.ncv_volume));
      attr("ncv-unit", "TJ/1000Nm3");
    }
    if (s.ef) {
      attr("ef", u::in_tco2e_per_terajoule(*s.ef));
      attr("ef-unit", "tCO2e/TJ");
    } else if (s.ef_mass) {
      attr("ef", u::in_tco2e_per_tonne(*s.ef_mass));
      attr("ef-unit", "tCO2e/t");
    } else if (s.ef_volume) {
      attr("ef", *s.ef_volume);
      attr("ef-unit", "tCO2e/1000Nm3");
    }
    if (s.oxidation != 1.0) attr("oxidation", s.oxidation);
    if (s.biomass_fraction != 0.0) attr("biomass-fraction", s.biomass_fraction);
  }

  void flow(const char* tag, const CarbonFlow& f, int depth) {
    cells(f, depth);
    open_tag(tag, depth);
    attr("material", f.material);
    attr("quantity", u::in_tonnes(f.quantity));
    attr("unit", "t");
    if (f.carbon_content) attr("carbon-content", *f.carbon_content);
    else attr("carbon-content-factor", f.carbon_content_factor);
    if (f.biomass_fraction != 0.0) attr("biomass-fraction", f.biomass_fraction);
    out_ += "/>\n";
  }

  void electricity(const ElectricityUse& e) {
    cells(e, 3);
    open_tag("electricity", 3);
    attr("quantity", u::in_megawatt_hours(e.quantity));
    attr("unit", "MWh");
    attr("factor-source", electricity_source_name(e.source));
    opt("factor-id", e.factor_id);
    if (e.factor) {
      attr("factor", u::in_tco2e_per_megawatt_hour(*e.factor));
      attr("factor-unit", "tCO2e/MWh");
    }
    opt("evidence", e.evidence);
    opt("method", e.method);
    if (e.fallback_other) attr("fallback", "other");
    opt("location-factor-id", e.location_factor_id);
    out_ += "/>\n";
  }

  void precursor(const Precursor& p) {
    cells(p, 3);
    open_tag("precursor", 3);
    if (!p.cn.empty()) attr("cn", p.cn);
    else attr("category", p.category);
    attr("quantity", u::in_tonnes(p.quantity));
    attr("unit", "t");
    attr("source", precursor_source_name(p.source));
    opt("process", p.process_id);
    opt("installation", p.installation_id);
    opt("supplier", p.supplier);
    opt("origin", p.origin);
    if (p.see_direct) attr("see-direct", u::in_tco2e_per_tonne(*p.see_direct));
    // see-indirect follows from the electricity pair when that is given
    if (p.see_indirect && !p.specific_electricity)
      attr("see-indirect", u::in_tco2e_per_tonne(*p.see_indirect));
    if (p.sefa) attr("sefa", u::in_tco2e_per_tonne(*p.sefa));
    if (p.source == PrecursorSource::supplier) {
      if (p.verified) attr("verified", "true");
      if (p.see_basis != SeeBasis::measured) attr("see-basis", see_basis_name(p.see_basis));
    }
    if (p.specific_electricity && p.electricity_factor) {
      attr("specific-electricity", *p.specific_electricity);
      attr("specific-electricity-unit", "MWh/t");
      attr("electricity-factor", u::in_tco2e_per_megawatt_hour(*p.electricity_factor));
      attr("electricity-factor-unit", "tCO2e/MWh");
    }
    opt("electricity-factor-method", p.electricity_factor_method);
    opt("benchmark-route", p.benchmark_route);
    if (p.uncertainty) attr("uncertainty", *p.uncertainty * 100.0);
    if (p.see_uncertainty) attr("see-uncertainty", *p.see_uncertainty * 100.0);
    out_ += "/>\n";
  }

  void export_(const Export& x) {
    cells(x, 1);
    open_tag("export", 1);
    attr("cn", x.cn);
    attr("installation", x.installation);
    attr("year", std::to_string(x.year));
    attr("quantity", u::in_tonnes(x.quantity));
    attr("unit", "t");
    attr("destination", x.destination);
    opt("importer", x.importer);
    if (x.carbon_price_paid) attr("carbon-price-paid", *x.carbon_price_paid);
    if (x.quarter != 0) attr("quarter", std::to_string(x.quarter));
    out_ += "/>\n";
  }

  void activity(const Activity& a) {
    cells(a, 1);
    open_tag("activity", 1);
    attr("id", a.id);
    attr("code", a.code);
    opt("name", a.name);
    opt("installation", a.installation);
    opt("process", a.process);
    out_ += ">\n";
    for (const auto& f : a.facts) {
      if (f.id.rfind("evidence.", 0) == 0) {
        open_tag("evidence", 2);
        attr("item", f.id.substr(9));
        attr("provided", f.value);
      } else {
        open_tag("fact", 2);
        attr("id", f.id);
        attr("value", f.value);
        opt("unit", f.unit);
      }
      out_ += "/>\n";
    }
    out_ += "  </activity>\n";
  }

  bool comments_;
  std::string out_;
};

}  // namespace

std::string firm_to_xml(const Firm& firm, bool cell_comments) {
  Writer w(cell_comments);
  return w.firm(firm);
}

}  // namespace greengate::model
