#include "firm_form.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NamedNodeMap.h>
#include <Poco/DOM/Node.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/SAX/InputSource.h>
#include <Poco/XML/XMLException.h>

#include <algorithm>
#include <sstream>

namespace greengate::web {

namespace {
const std::vector<std::string> kMass = {"t", "kg", "kt", "Mg"};
}

const std::vector<SectionDef>& firm_sections() {
  static const std::vector<SectionDef> s = {
      {"firm", {{"id", "id", {}, 14}, {"name", "name", {}, 30}, {"country", "country", {}, 3},
                {"year", "reporting-year", {}, 5}}, true},
      {"inst", {{"id", "id", {}, 12}, {"name", "name", {}, 22}, {"country", "country", {}, 3},
                {"address", "address", {}, 22}}},
      {"proc", {{"inst", "", {}, 10}, {"id", "id", {}, 10},
                {"category", "category",
                 {"", "calcined_clay", "cement_clinker", "cement", "aluminous_cement", "hydrogen",
                  "ammonia", "nitric_acid", "urea", "mixed_fertilisers", "sintered_ore", "pig_iron",
                  "ferro_alloys", "dri", "crude_steel", "iron_steel_products", "unwrought_aluminium",
                  "aluminium_products", "electricity"}},
                {"route", "route", {}, 8}, {"output", "output", {}, 10},
                {"unit", "unit", {"t", "kg", "kt", "MWh"}}}},
      {"stream", {{"inst", "", {}, 8}, {"proc", "", {}, 8}, {"id", "id", {}, 8},
                  {"method", "method", {"combustion", "process", "measured", "n2o"}},
                  {"fuel", "fuel",
                   {"", "natural_gas", "gas_diesel_oil", "residual_fuel_oil", "lpg", "coking_coal",
                    "other_bituminous_coal", "sub_bituminous_coal", "lignite", "anthracite",
                    "petroleum_coke", "coke_oven_coke", "wood_waste"}},
                  {"material", "material", {}, 8}, {"quantity", "quantity", {}, 9},
                  {"unit", "unit", {"t", "kg", "kt", "1000Nm3", "Nm3", "TJ", "GJ", "MWh", "tCO2e", "kgCO2e"}},
                  {"ncv", "ncv", {}, 6},
                  {"ncv_unit", "ncv-unit", {"", "TJ/t", "GJ/t", "TJ/1000Nm3", "GJ/1000Nm3"}},
                  {"factor", "factor", {}, 6}, {"factor_id", "factor-id", {}, 12}}},
      {"elec", {{"inst", "", {}, 8}, {"proc", "", {}, 8}, {"quantity", "quantity", {}, 9},
                {"unit", "unit", {"MWh", "kWh", "GJ", "TJ"}},
                {"source", "factor-source", {"country-default", "grid", "ppa", "direct-link"}},
                {"factor_id", "factor-id", {}, 16}, {"factor", "factor", {}, 6},
                {"evidence", "evidence", {}, 14}}},
      {"prec", {{"inst", "", {}, 8}, {"proc", "", {}, 8}, {"cn", "cn", {}, 10},
                {"quantity", "quantity", {}, 9}, {"unit", "unit", kMass},
                {"source", "source", {"default", "process", "supplier", "unknown-origin"}},
                {"origin", "origin", {}, 3}, {"from_proc", "process", {}, 8},
                {"see_direct", "see-direct", {}, 6}, {"see_indirect", "see-indirect", {}, 6},
                {"supplier", "supplier", {}, 10}, {"verified", "verified", {"", "true", "false"}}}},
      {"good", {{"inst", "", {}, 10}, {"proc", "", {}, 10}, {"cn", "cn", {}, 10},
                {"quantity", "quantity", {}, 10}, {"unit", "unit", kMass}}},
      {"export", {{"cn", "cn", {}, 10}, {"inst", "installation", {}, 10}, {"year", "year", {}, 5},
                  {"quantity", "quantity", {}, 10}, {"unit", "unit", kMass},
                  {"destination", "destination", {}, 3}, {"importer", "importer", {}, 14}}},
  };
  return s;
}

namespace {

const SectionDef* section(const std::string& key) {
  for (const auto& s : firm_sections())
    if (s.key == key) return &s;
  return nullptr;
}

FormRow empty_row(const SectionDef& s) {
  FormRow r;
  for (const auto& c : s.columns) r[c.key] = c.options.empty() ? "" : c.options.front();
  return r;
}

bool row_empty(const SectionDef& s, const FormRow& r) {
  for (const auto& c : s.columns) {
    auto it = r.find(c.key);
    if (it == r.end() || it->second.empty()) continue;
    if (!c.options.empty() && it->second == c.options.front()) continue;  // an untouched select
    return false;
  }
  return true;
}

std::string xml_attr(const std::string& v) {
  std::string out;
  for (char c : v) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': break;
      default: out.push_back(c);
    }
  }
  return out;
}

const std::string& cell(const FormRow& r, const std::string& key) {
  static const std::string none;
  auto it = r.find(key);
  return it == r.end() ? none : it->second;
}

/// Attribute name in a loader message -> column key (aliases: factor-unit belongs to factor …).
std::string column_for_attr(const SectionDef& s, const std::string& attr) {
  for (const auto& c : s.columns)
    if (!c.attr.empty() && c.attr == attr) return c.key;
  if (attr == "factor-unit") return "factor";
  if (attr == "installation" || attr == "installation-ref") return "inst";
  if (attr == "process" && s.key != "prec") return "proc";
  return {};
}

class XmlOut {
 public:
  void line(const std::string& text, const std::string& owner) {
    out_ += text + "\n";
    owners_.push_back(owner);
  }
  FirmXml done() {
    FirmXml x;
    x.xml = std::move(out_);
    x.line_owner.push_back("");  // line numbers start at 1
    for (auto& o : owners_) x.line_owner.push_back(std::move(o));
    return x;
  }

 private:
  std::string out_;
  std::vector<std::string> owners_;
};

std::string attrs(const SectionDef& s, const FormRow& r) {
  std::string out;
  for (const auto& c : s.columns) {
    if (c.attr.empty()) continue;
    const auto& v = cell(r, c.key);
    if (v.empty()) continue;
    out += " " + c.attr + "=\"" + xml_attr(v) + "\"";
  }
  return out;
}

}  // namespace

FirmForm empty_firm_form() {
  FirmForm f;
  for (const auto& s : firm_sections()) f.rows[s.key].push_back(empty_row(s));
  f.rows["firm"][0]["year"] = "2025";
  f.year = "2026";
  return f;
}

FirmForm form_from_fields(const std::function<std::string(const std::string&)>& get,
                          std::size_t max_len) {
  FirmForm f;
  f.name = get("name").substr(0, max_len);
  f.year = get("year");
  f.price = get("price").substr(0, max_len);
  for (const auto& s : firm_sections()) {
    std::size_t n = 1;
    if (!s.single) {
      auto count = get(s.key + ".n");
      n = count.size() <= 3 && !count.empty() &&
                  count.find_first_not_of("0123456789") == std::string::npos
              ? static_cast<std::size_t>(std::stoi(count))
              : 0;
      n = std::min<std::size_t>(n, 200);
    }
    auto& rows = f.rows[s.key];
    for (std::size_t i = 0; i < n; ++i) {
      FormRow r;
      for (const auto& c : s.columns) {
        std::string name = s.key + "." + std::to_string(i) + "." + c.key;
        auto v = get(name);
        if (v.size() > max_len) {
          f.errors[name].push_back("form.err.too_long");
          v.resize(max_len);
        }
        if (!c.options.empty() && std::find(c.options.begin(), c.options.end(), v) == c.options.end()) {
          if (!v.empty()) f.errors[name].push_back("form.err.option");
          v = c.options.front();
        }
        r[c.key] = v;
      }
      rows.push_back(std::move(r));
    }
  }
  return f;
}

void apply_row_op(FirmForm& form, const std::string& op) {
  if (op.rfind("add:", 0) == 0) {
    const auto* s = section(op.substr(4));
    if (s && !s->single && form.rows[s->key].size() < 200) form.rows[s->key].push_back(empty_row(*s));
    return;
  }
  if (op.rfind("del:", 0) == 0) {
    auto rest = op.substr(4);
    auto dot = rest.find('.');
    if (dot == std::string::npos) return;
    const auto* s = section(rest.substr(0, dot));
    auto idx = rest.substr(dot + 1);
    if (!s || s->single || idx.empty() || idx.size() > 3 ||
        idx.find_first_not_of("0123456789") != std::string::npos)
      return;
    auto i = static_cast<std::size_t>(std::stoi(idx));
    auto& rows = form.rows[s->key];
    if (i < rows.size()) rows.erase(rows.begin() + static_cast<long>(i));
  }
}

FirmXml form_to_xml(FirmForm& form) {
  XmlOut x;
  auto def = [&](const std::string& key) -> const SectionDef& { return *section(key); };
  auto key = [](const std::string& sec, std::size_t i) { return sec + "." + std::to_string(i); };
  auto rows_of = [&](const std::string& sec) -> std::vector<FormRow>& { return form.rows[sec]; };

  x.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "");
  auto& firm_rows = rows_of("firm");
  if (firm_rows.empty()) firm_rows.push_back(empty_row(def("firm")));
  x.line("<firm schema=\"greengate-firm/1\"" + attrs(def("firm"), firm_rows[0]) + ">", "firm.0");

  // Which rows were placed under a parent; the rest are reported as unknown references.
  std::map<std::string, bool> placed;
  auto& insts = rows_of("inst");
  for (std::size_t ii = 0; ii < insts.size(); ++ii) {
    const auto& in = insts[ii];
    if (row_empty(def("inst"), in)) continue;
    const auto& inst_id = cell(in, "id");
    x.line("  <installation" + attrs(def("inst"), in) + ">", key("inst", ii));
    auto belongs = [&](const FormRow& r) { return cell(r, "inst") == inst_id && !inst_id.empty(); };
    auto& procs = rows_of("proc");
    for (std::size_t pi = 0; pi < procs.size(); ++pi) {
      const auto& p = procs[pi];
      if (row_empty(def("proc"), p) || !belongs(p)) continue;
      placed[key("proc", pi)] = true;
      const auto& proc_id = cell(p, "id");
      x.line("    <process" + attrs(def("proc"), p) + ">", key("proc", pi));
      auto in_proc = [&](const FormRow& r) {
        return belongs(r) && cell(r, "proc") == proc_id && !proc_id.empty();
      };
      for (const char* sec : {"stream", "elec", "prec", "good"}) {
        auto& rows = rows_of(sec);
        for (std::size_t ri = 0; ri < rows.size(); ++ri) {
          const auto& r = rows[ri];
          if (row_empty(def(sec), r) || !in_proc(r)) continue;
          placed[key(sec, ri)] = true;
          std::string a = attrs(def(sec), r);
          std::string el = sec == std::string("stream") ? "stream"
                           : sec == std::string("elec") ? "electricity"
                           : sec == std::string("prec") ? "precursor"
                                                        : "good";
          if ((el == "stream" || el == "electricity") && !cell(r, "factor").empty())
            a += el == "stream" ? " factor-unit=\"tCO2e/t\"" : " factor-unit=\"tCO2e/MWh\"";
          x.line("      <" + el + a + "/>", key(sec, ri));
        }
      }
      x.line("    </process>", key("proc", pi));
    }
    auto& goods = rows_of("good");
    for (std::size_t gi = 0; gi < goods.size(); ++gi) {
      const auto& g = goods[gi];
      if (row_empty(def("good"), g) || !belongs(g) || !cell(g, "proc").empty()) continue;
      placed[key("good", gi)] = true;
      x.line("    <good" + attrs(def("good"), g) + " method=\"default\"/>", key("good", gi));
    }
    x.line("  </installation>", key("inst", ii));
  }
  auto& exports = rows_of("export");
  for (std::size_t xi = 0; xi < exports.size(); ++xi) {
    if (row_empty(def("export"), exports[xi])) continue;
    x.line("  <export" + attrs(def("export"), exports[xi]) + "/>", key("export", xi));
  }
  x.line("</firm>", "firm.0");

  // Rows that reference an installation or process the form does not have.
  for (const char* sec : {"proc", "stream", "elec", "prec", "good"}) {
    auto& rows = rows_of(sec);
    for (std::size_t ri = 0; ri < rows.size(); ++ri) {
      if (row_empty(def(sec), rows[ri]) || placed.count(key(sec, ri))) continue;
      const auto& r = rows[ri];
      bool inst_known = false;
      for (const auto& in : insts)
        if (!cell(in, "id").empty() && cell(in, "id") == cell(r, "inst")) inst_known = true;
      if (!inst_known) form.errors[key(sec, ri) + ".inst"].push_back("form.err.unknown_inst");
      else form.errors[key(sec, ri) + ".proc"].push_back("form.err.unknown_proc");
    }
  }
  return x.done();
}

void place_diagnostics(FirmForm& form, const FirmXml& xml, const Diagnostics& diags,
                       Diagnostics& unplaced) {
  for (const auto& d : diags.items()) {
    if (d.severity != Severity::error) continue;
    auto line = static_cast<std::size_t>(d.pos.line);
    if (line == 0 || line >= xml.line_owner.size() || xml.line_owner[line].empty()) {
      unplaced.add(d);
      continue;
    }
    const auto& owner = xml.line_owner[line];
    const auto* s = section(owner.substr(0, owner.find('.')));
    // "firm/installation[a]/process[b]: 'output' must be > 0" -> message after the path,
    // attribute = first quoted name.
    std::string msg = d.message;
    auto colon = msg.find(": ");
    if (colon != std::string::npos && msg.substr(0, colon).find(' ') == std::string::npos)
      msg = msg.substr(colon + 2);
    std::string col;
    auto q1 = msg.find('\'');
    auto q2 = q1 == std::string::npos ? q1 : msg.find('\'', q1 + 1);
    if (s && q2 != std::string::npos) col = column_for_attr(*s, msg.substr(q1 + 1, q2 - q1 - 1));
    // An unknown process or installation reference belongs to the reference cell.
    if (s && col.empty() && msg.rfind("unknown process", 0) == 0)
      col = s->key == "prec" ? "from_proc" : "proc";
    if (s && col.empty() && msg.rfind("unknown installation", 0) == 0) col = "inst";
    form.errors[col.empty() ? owner : owner + "." + col].push_back("=" + msg);
  }
}

namespace {

std::string attr_of(Poco::XML::Element* el, const std::string& name) {
  return el->hasAttribute(name) ? el->getAttribute(name) : std::string();
}

FormRow row_from(const SectionDef& s, Poco::XML::Element* el) {
  FormRow r = empty_row(s);
  for (const auto& c : s.columns)
    if (!c.attr.empty() && el->hasAttribute(c.attr)) r[c.key] = el->getAttribute(c.attr);
  return r;
}

std::vector<Poco::XML::Element*> children(Poco::XML::Element* el) {
  std::vector<Poco::XML::Element*> out;
  for (auto* n = el->firstChild(); n; n = n->nextSibling())
    if (n->nodeType() == Poco::XML::Node::ELEMENT_NODE) out.push_back(static_cast<Poco::XML::Element*>(n));
  return out;
}

}  // namespace

FirmForm form_from_xml(const std::string& xml, std::vector<std::string>& not_shown) {
  FirmForm f;
  for (const auto& s : firm_sections()) f.rows[s.key];
  Poco::XML::DOMParser parser;
  parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, false);
  Poco::AutoPtr<Poco::XML::Document> doc;
  try {
    std::istringstream in(xml);
    Poco::XML::InputSource src(in);
    doc = parser.parse(&src);
  } catch (const Poco::Exception& e) {
    not_shown.push_back("XML: " + e.message());
    return empty_firm_form();
  }
  auto* root = doc->documentElement();
  if (!root || root->tagName() != "firm") {
    not_shown.push_back("<firm>");
    return empty_firm_form();
  }
  f.rows["firm"].push_back(row_from(*section("firm"), root));
  for (auto* in : children(root)) {
    if (in->tagName() == "export") {
      f.rows["export"].push_back(row_from(*section("export"), in));
      continue;
    }
    if (in->tagName() != "installation") {
      not_shown.push_back("<" + in->tagName() + ">");
      continue;
    }
    f.rows["inst"].push_back(row_from(*section("inst"), in));
    auto inst_id = attr_of(in, "id");
    for (auto* p : children(in)) {
      if (p->tagName() == "good") {
        auto r = row_from(*section("good"), p);
        r["inst"] = inst_id;
        f.rows["good"].push_back(std::move(r));
        continue;
      }
      if (p->tagName() != "process") {
        not_shown.push_back(inst_id + ": <" + p->tagName() + ">");
        continue;
      }
      auto r = row_from(*section("proc"), p);
      r["inst"] = inst_id;
      f.rows["proc"].push_back(std::move(r));
      auto proc_id = attr_of(p, "id");
      for (auto* c : children(p)) {
        std::string tag = c->tagName();
        std::string sec = tag == "stream" ? "stream" : tag == "electricity" ? "elec"
                        : tag == "precursor" ? "prec" : tag == "good" ? "good" : "";
        bool shown = !sec.empty();
        if (sec == "stream") {
          auto m = attr_of(c, "method");
          shown = m == "combustion" || m == "process" || m == "measured" || m == "n2o";
          shown = shown && attr_of(c, "oxidation").empty() && attr_of(c, "biomass-fraction").empty() &&
                  attr_of(c, "ef").empty() && attr_of(c, "conversion-factor").empty();
        }
        if (!shown) {
          not_shown.push_back(inst_id + "/" + proc_id + ": <" + tag +
                              (c->hasAttribute("id") ? " id=\"" + attr_of(c, "id") + "\"" : "") + ">");
          continue;
        }
        auto row = row_from(*section(sec), c);
        row["inst"] = inst_id;
        row["proc"] = proc_id;
        f.rows[sec].push_back(std::move(row));
      }
    }
  }
  for (const auto& s : firm_sections())
    if (f.rows[s.key].empty()) f.rows[s.key].push_back(empty_row(s));
  f.year = "2026";
  return f;
}

}  // namespace greengate::web
