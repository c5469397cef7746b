#include "firm_form.hpp"

#include <set>
#include "greengate/factors/fuels.hpp"
#include "greengate/model/firm_vocabulary.hpp"
#include "greengate/utf8.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/DOMWriter.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NamedNodeMap.h>
#include <Poco/DOM/Node.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/SAX/InputSource.h>
#include <Poco/XML/XMLException.h>

#include <algorithm>
#include <optional>
#include <sstream>

namespace greengate::web {

FormChoices form_choices(const factors::FactorLibrary& lib) {
  FormChoices c;
  for (auto k : model::kGoodsCategories)
    if (model::is_process_category(k)) c.categories.emplace_back(k);
  c.fuels = factors::library_fuels(lib);
  for (char r : model::kRouteIndicators) c.routes.emplace_back(1, r);
  return c;
}

namespace {
const std::vector<std::string> kMass = {"t", "kg", "kt", "Mg"};

/// "" (the attribute not written) followed by `values`: the select of an optional attribute.
std::vector<std::string> optional_select(const std::vector<std::string>& values) {
  std::vector<std::string> out{""};
  out.insert(out.end(), values.begin(), values.end());
  return out;
}

// Attribute names, units and enumerations are those of docs/firm-v1.xsd and the loader
// (calc/src/model/firm_loader.cpp); the categories, fuels and routes are `choices`. Selects of
// optional attributes start with "" (not written).
std::vector<SectionDef> build_sections(const FormChoices& choices) {
  return {
      {"firm",
       {{"id", "id", {}, 14}, {"name", "name", {}, 30}, {"country", "country", {}, 3},
        {"year", "reporting-year", {}, 5}, {"fictitious", "fictitious", {"", "true", "false"}},
        {"consolidation", "consolidation",
         {"", "operational-control", "financial-control", "equity-share"}}},
       true,
       {{"schema", "greengate-firm/1", "", ""}}},
      {"inst", {{"id", "id", {}, 12}, {"name", "name", {}, 22}, {"country", "country", {}, 3},
                {"address", "address", {}, 22}, {"unlocode", "unlocode", {}, 6}}},
      {"proc", {{"inst", "", {}, 10}, {"id", "id", {}, 10},
                {"category", "category", optional_select(choices.categories)},
                {"route", "route", {}, 8},
                {"benchmark_route", "benchmark-route", optional_select(choices.routes)},
                {"output", "output", {}, 10},
                {"unit", "unit", {"t", "kg", "kt", "Mg", "MWh"}}}},
      {"stream",
       {{"inst", "", {}, 8}, {"proc", "", {}, 8}, {"id", "id", {}, 8},
        {"method", "method", {"combustion", "process", "mass-balance", "measured", "n2o", "pfc-slope"}},
        {"fuel", "fuel", optional_select(choices.fuels)},
        {"material", "material", {}, 8}, {"quantity", "quantity", {}, 9},
        {"unit", "unit",
         {"", "t", "kg", "kt", "Mg", "1000Nm3", "Nm3", "TJ", "GJ", "MWh", "kWh", "tCO2e", "kgCO2e"}},
        {"ncv", "ncv", {}, 6},
        {"ncv_unit", "ncv-unit", {"", "TJ/t", "GJ/t", "TJ/1000Nm3", "GJ/1000Nm3"}},
        {"ef", "ef", {}, 5}, {"oxidation", "oxidation", {}, 4},
        {"biomass", "biomass-fraction", {}, 4},
        {"factor", "factor", {}, 6}, {"factor_id", "factor-id", {}, 12},
        {"conversion", "conversion-factor", {}, 4},
        {"aluminium", "aluminium", {}, 8}, {"sef_cf4", "sef-cf4", {}, 5}, {"aem", "aem", {}, 5},
        {"f_c2f6", "f-c2f6", {}, 5}, {"uncertainty", "uncertainty", {}, 4}},
       false,
       {{"factor-unit", "tCO2e/t", "factor", ""},
        {"ef-unit", "tCO2e/TJ", "ef", ""},
        {"gas", "CO2", "method", "measured"}}},
      {"flow", {{"inst", "", {}, 8}, {"stream", "", {}, 8}, {"dir", "", {"input", "output"}},
                {"material", "material", {}, 12}, {"quantity", "quantity", {}, 9},
                {"unit", "unit", kMass}, {"cc", "carbon-content", {}, 7},
                {"ccf", "carbon-content-factor", {}, 22}}},
      {"attr", {{"inst", "", {}, 8}, {"stream", "", {}, 8}, {"proc", "process", {}, 8},
                {"share", "share", {}, 6}}},
      {"elec",
       {{"inst", "", {}, 8}, {"proc", "", {}, 8}, {"quantity", "quantity", {}, 9},
        {"unit", "unit", {"MWh", "kWh", "GJ", "TJ"}},
        {"source", "factor-source", {"country-default", "grid", "ppa", "direct-link"}},
        {"factor_id", "factor-id", {}, 16}, {"factor", "factor", {}, 6},
        {"evidence", "evidence", {}, 14}, {"fallback", "fallback", {"", "other"}},
        {"location_factor", "location-factor-id", {}, 16}, {"uncertainty", "uncertainty", {}, 4}},
       false,
       {{"factor-unit", "tCO2e/MWh", "factor", ""}}},
      {"heat",
       {{"inst", "", {}, 8}, {"proc", "", {}, 8}, {"dir", "direction", {"import", "export"}},
        {"quantity", "quantity", {}, 9}, {"unit", "unit", {"TJ", "GJ", "MWh"}},
        {"factor", "factor", {}, 6}, {"uncertainty", "uncertainty", {}, 4}},
       false,
       {{"factor-unit", "tCO2e/TJ", "factor", ""}}},
      {"prec", {{"inst", "", {}, 8}, {"proc", "", {}, 8}, {"cn", "cn", {}, 10},
                {"quantity", "quantity", {}, 9}, {"unit", "unit", kMass},
                {"source", "source", {"default", "process", "supplier", "unknown-origin"}},
                {"origin", "origin", {}, 3}, {"from_inst", "installation", {}, 8},
                {"from_proc", "process", {}, 8},
                {"see_direct", "see-direct", {}, 6}, {"see_indirect", "see-indirect", {}, 6},
                {"sefa", "sefa", {}, 6}, {"see_unit", "see-unit", {"", "tCO2e/t", "kgCO2e/t", "kgCO2e/kg"}},
                {"supplier", "supplier", {}, 10}, {"verified", "verified", {"", "true", "false"}}}},
      {"good", {{"inst", "", {}, 10}, {"proc", "", {}, 10}, {"cn", "cn", {}, 10},
                {"quantity", "quantity", {}, 10}, {"unit", "unit", kMass}}},
      {"export", {{"cn", "cn", {}, 10}, {"inst", "installation", {}, 10}, {"year", "year", {}, 5},
                  {"quantity", "quantity", {}, 10}, {"unit", "unit", kMass},
                  {"destination", "destination", {}, 3}, {"importer", "importer", {}, 14},
                  {"carbon_price", "carbon-price-paid", {}, 6}}},
      {"act", {{"id", "id", {}, 10}, {"code", "code", {}, 5}, {"name", "name", {}, 24},
               {"inst", "installation", {}, 10}, {"proc", "process", {}, 10}}},
      {"fact", {{"act", "", {}, 10}, {"id", "id", {}, 20}, {"value", "value", {}, 10},
                {"unit", "unit", {}, 6}}},
      {"evid", {{"act", "", {}, 10}, {"item", "item", {}, 24},
                {"provided", "provided", {"true", "false"}}, {"document", "document", {}, 24}}},
  };
}

}  // namespace

FirmFormDef::FirmFormDef(FormChoices choices)
    : choices_(std::move(choices)), sections_(build_sections(choices_)) {}

const SectionDef* FirmFormDef::section(const std::string& key) const {
  for (const auto& s : sections_)
    if (s.key == key) return &s;
  return nullptr;
}

namespace {

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

bool fixed_applies(const FixedAttr& f, const FormRow& r) {
  if (f.column.empty()) return true;
  const auto& v = cell(r, f.column);
  return f.equals.empty() ? !v.empty() : v == f.equals;
}

/// Attribute name in a loader message -> column key (aliases: factor-unit belongs to factor,
/// gas="CO2" to the method that writes it …).
std::string column_for_attr(const SectionDef& s, const std::string& attr) {
  auto has = [&](const std::string& key) {
    return std::any_of(s.columns.begin(), s.columns.end(), [&](const ColumnDef& c) { return c.key == key; });
  };
  for (const auto& c : s.columns)
    if (!c.attr.empty() && c.attr == attr) return c.key;
  for (const auto& f : s.fixed)
    if (f.attr == attr && !f.column.empty()) return f.column;
  if (attr.size() > 5 && attr.compare(attr.size() - 5, 5, "-unit") == 0)
    return column_for_attr(s, attr.substr(0, attr.size() - 5));
  if ((attr == "installation" || attr == "installation-ref") && has("inst")) return "inst";
  if (attr == "process" && has("proc")) return "proc";
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

/// The row's attributes: fixed ones that always apply first (schema), then one per non-empty
/// cell, then the fixed units of the cells that need one.
std::string attrs(const SectionDef& s, const FormRow& r) {
  std::string out;
  auto add = [&](const std::string& name, const std::string& v) {
    out += " " + name + "=\"" + xml_attr(v) + "\"";
  };
  for (const auto& f : s.fixed)
    if (f.column.empty()) add(f.attr, f.value);
  for (const auto& c : s.columns) {
    if (c.attr.empty()) continue;
    const auto& v = cell(r, c.key);
    if (!v.empty()) add(c.attr, v);
  }
  for (const auto& f : s.fixed)
    if (!f.column.empty() && fixed_applies(f, r)) add(f.attr, f.value);
  return out;
}

std::string row_key(const std::string& sec, std::size_t i) { return sec + "." + std::to_string(i); }

}  // namespace

bool kept_in_installation(const std::string& tag) {
  return tag == "mobile" || tag == "refrigerant" || tag == "instrument";
}
bool kept_in_firm(const std::string& tag) {
  return tag == "building" || tag == "product" || tag == "hydrogen";
}

FirmForm empty_firm_form(const FirmFormDef& def) {
  FirmForm f;
  for (const auto& s : def.sections()) f.rows[s.key].push_back(empty_row(s));
  f.rows["firm"][0]["year"] = "2025";
  return f;
}

FirmForm form_from_fields(const FirmFormDef& def,
                          const std::function<std::string(const std::string&)>& get,
                          std::size_t max_len) {
  FirmForm f;
  f.name = std::string(utf8::prefix(get("name"), max_len));  // cut between characters
  f.year = get("year");
  f.price = std::string(utf8::prefix(get("price"), max_len));
  for (const auto& s : def.sections()) {
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
  // Kept elements: an XML fragment in chunks (each within the server's value limit).
  auto small_count = [&](const std::string& v, std::size_t cap) -> std::size_t {
    if (v.empty() || v.size() > 3 || v.find_first_not_of("0123456789") != std::string::npos) return 0;
    return std::min<std::size_t>(static_cast<std::size_t>(std::stoi(v)), cap);
  };
  std::size_t kept = small_count(get("kept.n"), 200);
  for (std::size_t i = 0; i < kept; ++i) {
    const std::string k = "kept." + std::to_string(i);
    KeptElement e;
    e.parent = get(k + ".parent").substr(0, max_len);
    e.label = get(k + ".label").substr(0, max_len);
    std::size_t chunks = small_count(get(k + ".c"), 256);
    for (std::size_t c = 0; c < chunks; ++c) e.xml += get(k + "." + std::to_string(c));
    if (!e.xml.empty()) f.kept.push_back(std::move(e));
  }
  return f;
}

void apply_row_op(const FirmFormDef& def, FirmForm& form, const std::string& op) {
  if (op.rfind("add:", 0) == 0) {
    const auto* s = def.section(op.substr(4));
    if (s && !s->single && form.rows[s->key].size() < 200) form.rows[s->key].push_back(empty_row(*s));
    return;
  }
  if (op.rfind("del:", 0) == 0) {
    auto rest = op.substr(4);
    auto dot = rest.find('.');
    if (dot == std::string::npos) return;
    const auto* s = def.section(rest.substr(0, dot));
    auto idx = rest.substr(dot + 1);
    if (!s || s->single || idx.empty() || idx.size() > 3 ||
        idx.find_first_not_of("0123456789") != std::string::npos)
      return;
    auto i = static_cast<std::size_t>(std::stoi(idx));
    auto& rows = form.rows[s->key];
    if (i < rows.size()) rows.erase(rows.begin() + static_cast<long>(i));
  }
}

bool number_attr(const std::string& attr) {
  static const std::set<std::string, std::less<>> kNumbers = {
      "output", "quantity", "ncv", "ef", "oxidation", "biomass-fraction", "factor", "conversion-factor",
      "aluminium", "sef-cf4", "aem", "f-c2f6", "carbon-content", "share", "see-direct", "see-indirect",
      "sefa", "carbon-price-paid", "uncertainty"};
  return kNumbers.count(attr) > 0;
}

void read_form_numbers(const FirmFormDef& def, FirmForm& form, text::Convention c,
                       const std::function<std::string(const std::string&, const text::NumberRead&)>& message) {
  for (auto& [sec, rows] : form.rows) {
    const SectionDef* d = def.section(sec);
    if (!d) continue;
    for (std::size_t i = 0; i < rows.size(); ++i)
      for (const auto& col : d->columns) {
        if (!number_attr(col.attr)) continue;
        auto it = rows[i].find(col.key);
        if (it == rows[i].end() || it->second.empty()) continue;
        auto r = text::read_number(it->second, c);
        if (r.ok()) it->second = r.plain;
        else form.errors[sec + "." + std::to_string(i) + "." + col.key].push_back("=" + message(it->second, r));
      }
  }
}

void show_form_numbers(const FirmFormDef& def, FirmForm& form, text::Convention c) {
  for (auto& [sec, rows] : form.rows) {
    const SectionDef* d = def.section(sec);
    if (!d) continue;
    for (auto& row : rows)
      for (const auto& col : d->columns) {
        if (!number_attr(col.attr)) continue;
        auto it = row.find(col.key);
        if (it == row.end() || it->second.empty()) continue;
        auto r = text::read_number(it->second, text::Convention::plain);
        if (r.ok()) it->second = text::echo_plain(r.plain, c);
      }
  }
}

FirmXml form_to_xml(const FirmFormDef& form_def, FirmForm& form) {
  XmlOut x;
  std::map<std::string, std::vector<std::string>> children;
  auto def = [&](const std::string& key) -> const SectionDef& { return *form_def.section(key); };
  auto rows_of = [&](const std::string& sec) -> std::vector<FormRow>& { return form.rows[sec]; };
  auto live = [&](const std::string& sec, std::size_t i) { return !row_empty(def(sec), rows_of(sec)[i]); };

  x.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "");
  auto& firm_rows = rows_of("firm");
  if (firm_rows.empty()) firm_rows.push_back(empty_row(def("firm")));
  x.line("<firm" + attrs(def("firm"), firm_rows[0]) + ">", "firm.0");

  // Children of streams (mass-balance inputs/outputs, attribution) and of activities go to the
  // first row with that installation and stream id (or activity id): ids are unique there, and a
  // duplicate is the loader's error on the duplicate row.
  auto& streams = rows_of("stream");
  auto stream_of = [&](const FormRow& r) -> std::optional<std::size_t> {
    if (cell(r, "inst").empty() || cell(r, "stream").empty()) return std::nullopt;
    for (std::size_t si = 0; si < streams.size(); ++si)
      if (live("stream", si) && cell(streams[si], "inst") == cell(r, "inst") &&
          cell(streams[si], "id") == cell(r, "stream"))
        return si;
    return std::nullopt;
  };
  std::map<std::size_t, std::vector<std::string>> stream_children;  // stream row -> "flow.j" …
  for (const char* sec : {"flow", "attr"}) {
    auto& rows = rows_of(sec);
    for (std::size_t ri = 0; ri < rows.size(); ++ri)
      if (live(sec, ri))
        if (auto si = stream_of(rows[ri])) stream_children[*si].push_back(row_key(sec, ri));
  }

  std::map<std::string, bool> placed;  // rows written; the rest are reported below
  auto emit_kept = [&](const KeptElement& k, const std::string& indent) {
    std::size_t start = 0;
    while (start <= k.xml.size()) {
      auto end = k.xml.find('\n', start);
      std::string ln = k.xml.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (!ln.empty()) x.line(indent + ln, "");
      if (end == std::string::npos) break;
      start = end + 1;
    }
  };
  auto emit_stream = [&](std::size_t si, const std::string& indent) {
    const auto sk = row_key("stream", si);
    placed[sk] = true;
    const auto& kids = stream_children[si];
    std::string open = indent + "<stream" + attrs(def("stream"), streams[si]);
    if (kids.empty()) {
      x.line(open + "/>", sk);
      return;
    }
    x.line(open + ">", sk);
    for (const auto& k : kids) {
      auto dot = k.find('.');
      std::string sec = k.substr(0, dot);
      const auto& r = rows_of(sec)[std::stoul(k.substr(dot + 1))];
      std::string el = sec == "attr" ? "attribution" : cell(r, "dir");
      x.line(indent + "  <" + el + attrs(def(sec), r) + "/>", k);
      placed[k] = true;
    }
    x.line(indent + "</stream>", sk);
    children[sk] = kids;
  };

  auto& insts = rows_of("inst");
  for (std::size_t ii = 0; ii < insts.size(); ++ii) {
    const auto& in = insts[ii];
    if (!live("inst", ii)) continue;
    const auto& inst_id = cell(in, "id");
    x.line("  <installation" + attrs(def("inst"), in) + ">", row_key("inst", ii));
    auto belongs = [&](const FormRow& r) { return cell(r, "inst") == inst_id && !inst_id.empty(); };
    auto& procs = rows_of("proc");
    for (std::size_t pi = 0; pi < procs.size(); ++pi) {
      const auto& p = procs[pi];
      if (!live("proc", pi) || !belongs(p)) continue;
      placed[row_key("proc", pi)] = true;
      const auto& proc_id = cell(p, "id");
      x.line("    <process" + attrs(def("proc"), p) + ">", row_key("proc", pi));
      auto in_proc = [&](const FormRow& r) {
        return belongs(r) && cell(r, "proc") == proc_id && !proc_id.empty();
      };
      for (std::size_t si = 0; si < streams.size(); ++si)
        if (live("stream", si) && in_proc(streams[si])) emit_stream(si, "      ");
      for (const char* sec : {"elec", "heat", "prec", "good"}) {
        auto& rows = rows_of(sec);
        for (std::size_t ri = 0; ri < rows.size(); ++ri) {
          const auto& r = rows[ri];
          if (!live(sec, ri) || !in_proc(r)) continue;
          placed[row_key(sec, ri)] = true;
          std::string el = sec == std::string("elec")   ? "electricity"
                           : sec == std::string("prec") ? "precursor"
                                                        : sec;
          x.line("      <" + el + attrs(def(sec), r) + "/>", row_key(sec, ri));
        }
      }
      x.line("    </process>", row_key("proc", pi));
    }
    // Streams without a process are shared by the installation (attribution rows).
    for (std::size_t si = 0; si < streams.size(); ++si)
      if (live("stream", si) && belongs(streams[si]) && cell(streams[si], "proc").empty())
        emit_stream(si, "    ");
    auto& goods = rows_of("good");
    for (std::size_t gi = 0; gi < goods.size(); ++gi) {
      const auto& g = goods[gi];
      if (!live("good", gi) || !belongs(g) || !cell(g, "proc").empty()) continue;
      placed[row_key("good", gi)] = true;
      x.line("    <good" + attrs(def("good"), g) + " method=\"default\"/>", row_key("good", gi));
    }
    for (const auto& k : form.kept)
      if (k.parent == inst_id && !inst_id.empty()) emit_kept(k, "    ");
    x.line("  </installation>", row_key("inst", ii));
  }
  auto& exports = rows_of("export");
  for (std::size_t xi = 0; xi < exports.size(); ++xi) {
    if (!live("export", xi)) continue;
    x.line("  <export" + attrs(def("export"), exports[xi]) + "/>", row_key("export", xi));
  }

  // Activities (EU Taxonomy screening) with their facts and evidence items.
  auto& acts = rows_of("act");
  auto act_of = [&](const FormRow& r) -> std::optional<std::size_t> {
    if (cell(r, "act").empty()) return std::nullopt;
    for (std::size_t ai = 0; ai < acts.size(); ++ai)
      if (live("act", ai) && cell(acts[ai], "id") == cell(r, "act")) return ai;
    return std::nullopt;
  };
  std::map<std::size_t, std::vector<std::string>> act_children;
  for (const char* sec : {"fact", "evid"}) {
    auto& rows = rows_of(sec);
    for (std::size_t ri = 0; ri < rows.size(); ++ri)
      if (live(sec, ri))
        if (auto ai = act_of(rows[ri])) act_children[*ai].push_back(row_key(sec, ri));
  }
  for (std::size_t ai = 0; ai < acts.size(); ++ai) {
    if (!live("act", ai)) continue;
    const auto ak = row_key("act", ai);
    const auto& kids = act_children[ai];
    std::string open = "  <activity" + attrs(def("act"), acts[ai]);
    if (kids.empty()) {
      x.line(open + "/>", ak);
      continue;
    }
    x.line(open + ">", ak);
    for (const auto& k : kids) {
      auto dot = k.find('.');
      std::string sec = k.substr(0, dot);
      const auto& r = rows_of(sec)[std::stoul(k.substr(dot + 1))];
      x.line(std::string("    <") + (sec == "fact" ? "fact" : "evidence") + attrs(def(sec), r) + "/>", k);
      placed[k] = true;
    }
    x.line("  </activity>", ak);
  }
  // Kept firm children, and kept elements whose installation the form no longer has (the
  // loader then names them at their line).
  for (const auto& k : form.kept) {
    bool placed_in_inst = std::any_of(insts.begin(), insts.end(), [&](const FormRow& in) {
      return !k.parent.empty() && cell(in, "id") == k.parent;
    });
    if (!placed_in_inst) emit_kept(k, "  ");
  }
  x.line("</firm>", "firm.0");

  // Rows that reference an installation, process, stream or activity the form does not have.
  auto inst_known = [&](const FormRow& r) {
    return std::any_of(insts.begin(), insts.end(), [&](const FormRow& in) {
      return !cell(in, "id").empty() && cell(in, "id") == cell(r, "inst");
    });
  };
  for (const char* sec : {"proc", "stream", "elec", "heat", "prec", "good"}) {
    auto& rows = rows_of(sec);
    for (std::size_t ri = 0; ri < rows.size(); ++ri) {
      if (!live(sec, ri) || placed.count(row_key(sec, ri))) continue;
      if (!inst_known(rows[ri])) form.errors[row_key(sec, ri) + ".inst"].push_back("form.err.unknown_inst");
      else form.errors[row_key(sec, ri) + ".proc"].push_back("form.err.unknown_proc");
    }
  }
  for (const char* sec : {"flow", "attr"}) {
    auto& rows = rows_of(sec);
    for (std::size_t ri = 0; ri < rows.size(); ++ri) {
      if (!live(sec, ri) || placed.count(row_key(sec, ri))) continue;
      const auto& r = rows[ri];
      // A stream row that exists but was not written has its own error already.
      bool stream_row = std::any_of(streams.begin(), streams.end(), [&](const FormRow& s) {
        return !cell(r, "stream").empty() && cell(s, "id") == cell(r, "stream") && cell(s, "inst") == cell(r, "inst");
      });
      if (!inst_known(r)) form.errors[row_key(sec, ri) + ".inst"].push_back("form.err.unknown_inst");
      else if (!stream_row) form.errors[row_key(sec, ri) + ".stream"].push_back("form.err.unknown_stream");
    }
  }
  for (const char* sec : {"fact", "evid"}) {
    auto& rows = rows_of(sec);
    for (std::size_t ri = 0; ri < rows.size(); ++ri)
      if (live(sec, ri) && !placed.count(row_key(sec, ri)))
        form.errors[row_key(sec, ri) + ".act"].push_back("form.err.unknown_act");
  }
  auto out = x.done();
  out.children = std::move(children);
  return out;
}

namespace {

/// The message after the element path: "firm/installation[a]/process[b]: 'output' must be > 0"
/// -> "'output' must be > 0". Ids in brackets may hold spaces, quotes or ": " (a material
/// "charge carbon", a CN code "7207 11 14"), so brackets are skipped whole.
std::string message_after_path(const std::string& msg) {
  if (msg.rfind("firm", 0) != 0) return msg;
  bool in_brackets = false;
  for (std::size_t i = 0; i + 1 < msg.size(); ++i) {
    char c = msg[i];
    if (in_brackets) {
      if (c == ']') in_brackets = false;
      continue;
    }
    if (c == '[') in_brackets = true;
    else if (c == ' ') return msg;  // not a path
    else if (c == ':' && msg[i + 1] == ' ') return msg.substr(i + 2);
  }
  return msg;
}

/// The first 'quoted' name in a message ("" when there is none).
std::string first_quoted(const std::string& msg) {
  auto q1 = msg.find('\'');
  auto q2 = q1 == std::string::npos ? q1 : msg.find('\'', q1 + 1);
  return q2 == std::string::npos ? std::string() : msg.substr(q1 + 1, q2 - q1 - 1);
}

}  // namespace

void place_diagnostics(const FirmFormDef& def, FirmForm& form, const FirmXml& xml,
                       const Diagnostics& diags, Diagnostics& unplaced) {
  for (const auto& d : diags.items()) {
    if (d.severity != Severity::error) continue;
    auto line = static_cast<std::size_t>(d.pos.line);
    if (line == 0 || line >= xml.line_owner.size() || xml.line_owner[line].empty()) {
      unplaced.add(d);
      continue;
    }
    const auto& owner = xml.line_owner[line];
    const auto sec = owner.substr(0, owner.find('.'));
    const auto* s = def.section(sec);
    std::string msg = message_after_path(d.message);
    std::string quoted = first_quoted(msg);
    std::vector<std::string> targets;
    auto kids = xml.children.find(owner);
    auto attribution_rows = [&]() {
      std::vector<std::string> out;
      if (kids != xml.children.end())
        for (const auto& k : kids->second)
          if (k.rfind("attr.", 0) == 0) out.push_back(k);
      return out;
    };
    if (sec == "stream" && msg.rfind("attribution to unknown process", 0) == 0) {
      // Reported on the stream's line: it belongs to the attribution row naming that process.
      for (const auto& k : attribution_rows()) {
        auto i = std::stoul(k.substr(5));
        if (i < form.rows["attr"].size() && cell(form.rows["attr"][i], "proc") == quoted)
          targets.push_back(k + ".proc");
      }
    } else if (sec == "stream" && msg.rfind("attribution shares sum to", 0) == 0) {
      for (const auto& k : attribution_rows()) targets.push_back(k + ".share");
    } else if (sec == "stream" && msg.rfind("a stream shared by the installation", 0) == 0) {
      targets.push_back(owner + ".proc");  // no process: shared, so it needs attribution rows
    } else if (sec == "stream" && msg.rfind("a mass-balance stream", 0) == 0) {
      targets.push_back(owner + ".method");
    } else if (s) {
      std::string col;
      if (!quoted.empty()) col = column_for_attr(*s, quoted);
      // An unknown process or installation reference belongs to the reference cell.
      if (col.empty() && msg.rfind("unknown process", 0) == 0) col = sec == "prec" ? "from_proc" : "proc";
      if (col.empty() && msg.rfind("unknown installation", 0) == 0) col = sec == "prec" ? "from_inst" : "inst";
      targets.push_back(col.empty() ? owner : owner + "." + col);
    }
    if (targets.empty()) targets.push_back(owner);
    for (const auto& t : targets) form.errors[t].push_back("=" + msg);
  }
}

namespace {

std::string attr_of(Poco::XML::Element* el, const std::string& name) {
  return el->hasAttribute(name) ? el->getAttribute(name) : std::string();
}

std::vector<Poco::XML::Element*> children(Poco::XML::Element* el) {
  std::vector<Poco::XML::Element*> out;
  for (auto* n = el->firstChild(); n; n = n->nextSibling())
    if (n->nodeType() == Poco::XML::Node::ELEMENT_NODE) out.push_back(static_cast<Poco::XML::Element*>(n));
  return out;
}

/// Fills form rows from elements; an element with an attribute that has no cell is listed in
/// `not_shown` and left out (with its children), so the form never shows a part of it.
class FormReader {
 public:
  FormReader(const FirmFormDef& def, FirmForm& form, std::vector<std::string>& not_shown)
      : def_(def), form_(form), not_shown_(not_shown) {}

  /// Adds a row of section `sec` from `el`, with the reference cells in `refs`. `extra`: an
  /// attribute the caller writes itself (method="default" of a good outside a process).
  bool add(const std::string& sec, Poco::XML::Element* el, const FormRow& refs, const std::string& where,
           const std::pair<std::string, std::string>& extra = {}) {
    const auto& s = *def_.section(sec);
    FormRow r;
    for (const auto& c : s.columns) r[c.key] = "";
    for (const auto& [k, v] : refs) r[k] = v;
    std::string problems;
    Poco::AutoPtr<Poco::XML::NamedNodeMap> as = el->attributes();
    for (unsigned long i = 0; i < as->length(); ++i) {
      std::string name = as->item(i)->nodeName();
      std::string value = as->item(i)->nodeValue();
      auto col = std::find_if(s.columns.begin(), s.columns.end(),
                              [&](const ColumnDef& c) { return !c.attr.empty() && c.attr == name; });
      bool ok = false;
      if (col != s.columns.end()) {
        ok = col->options.empty() || std::find(col->options.begin(), col->options.end(), value) != col->options.end();
        r[col->key] = value;
      } else if (name == extra.first && value == extra.second) {
        ok = true;
      } else {
        ok = std::any_of(s.fixed.begin(), s.fixed.end(),
                         [&](const FixedAttr& f) { return f.attr == name && f.value == value; });
      }
      if (!ok) problems += " " + name + "=\"" + value + "\"";
    }
    if (!problems.empty()) {
      std::string id = el->hasAttribute("id") ? " id=\"" + attr_of(el, "id") + "\"" : "";
      not_shown_.push_back((where.empty() ? "" : where + ": ") + "<" + el->tagName() + id + ">" + problems);
      return false;
    }
    form_.rows[sec].push_back(std::move(r));
    return true;
  }

  void skip(Poco::XML::Element* el, const std::string& where) {
    std::string id = el->hasAttribute("id") ? " id=\"" + attr_of(el, "id") + "\"" : "";
    not_shown_.push_back((where.empty() ? "" : where + ": ") + "<" + el->tagName() + id + ">");
  }

  /// A stream and its children (inputs/outputs; attribution when shared).
  void stream(Poco::XML::Element* el, const std::string& inst_id, const std::string& proc_id) {
    std::string where = proc_id.empty() ? inst_id : inst_id + "/" + proc_id;
    if (!add("stream", el, {{"inst", inst_id}, {"proc", proc_id}}, where)) return;
    auto stream_id = attr_of(el, "id");
    for (auto* c : children(el)) {
      const std::string tag = c->tagName();
      std::string at = where + "/" + stream_id;
      if (tag == "input" || tag == "output")
        add("flow", c, {{"inst", inst_id}, {"stream", stream_id}, {"dir", tag}}, at);
      else if (tag == "attribution" && proc_id.empty())
        add("attr", c, {{"inst", inst_id}, {"stream", stream_id}}, at);
      else
        skip(c, at);
    }
  }

 private:
  const FirmFormDef& def_;
  FirmForm& form_;
  std::vector<std::string>& not_shown_;
};

KeptElement keep(Poco::XML::Element* el, const std::string& parent) {
  KeptElement k;
  k.parent = parent;
  std::ostringstream os;
  Poco::XML::DOMWriter w;
  w.writeNode(os, el);
  k.xml = os.str();
  k.label = "<" + el->tagName() + (el->hasAttribute("id") ? " id=\"" + attr_of(el, "id") + "\"" : "") + ">";
  if (!parent.empty()) k.label = parent + ": " + k.label;
  return k;
}

}  // namespace

FirmForm form_from_xml(const FirmFormDef& def, const std::string& xml,
                       std::vector<std::string>& not_shown) {
  FirmForm f;
  for (const auto& s : def.sections()) f.rows[s.key];
  Poco::XML::DOMParser parser;
  parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, false);
  Poco::AutoPtr<Poco::XML::Document> doc;
  try {
    std::istringstream in(xml);
    Poco::XML::InputSource src(in);
    doc = parser.parse(&src);
  } catch (const Poco::Exception& e) {
    not_shown.push_back("XML: " + e.message());
    return empty_firm_form(def);
  }
  auto* root = doc->documentElement();
  if (!root || root->tagName() != "firm") {
    not_shown.push_back("<firm>");
    return empty_firm_form(def);
  }
  FormReader rd(def, f, not_shown);
  if (!rd.add("firm", root, {}, "")) f.rows["firm"].push_back(empty_row(*def.section("firm")));
  for (auto* top : children(root)) {
    const std::string tag = top->tagName();
    if (tag == "export") {
      rd.add("export", top, {}, "");
    } else if (tag == "activity") {
      if (!rd.add("act", top, {}, "")) continue;
      auto act_id = attr_of(top, "id");
      for (auto* c : children(top)) {
        if (c->tagName() == "fact") rd.add("fact", c, {{"act", act_id}}, act_id);
        else if (c->tagName() == "evidence") rd.add("evid", c, {{"act", act_id}}, act_id);
        else rd.skip(c, act_id);
      }
    } else if (tag == "installation") {
      if (!rd.add("inst", top, {}, "")) continue;
      auto inst_id = attr_of(top, "id");
      for (auto* p : children(top)) {
        const std::string ptag = p->tagName();
        if (ptag == "good") {
          rd.add("good", p, {{"inst", inst_id}, {"proc", ""}}, inst_id, {"method", "default"});
          continue;
        }
        if (ptag == "stream") {
          rd.stream(p, inst_id, "");
          continue;
        }
        if (kept_in_installation(ptag)) {
          f.kept.push_back(keep(p, inst_id));
          continue;
        }
        if (ptag != "process") {
          rd.skip(p, inst_id);
          continue;
        }
        if (!rd.add("proc", p, {{"inst", inst_id}}, inst_id)) continue;
        auto proc_id = attr_of(p, "id");
        const std::string where = inst_id + "/" + proc_id;
        for (auto* c : children(p)) {
          const std::string ctag = c->tagName();
          const FormRow refs = {{"inst", inst_id}, {"proc", proc_id}};
          if (ctag == "stream") rd.stream(c, inst_id, proc_id);
          else if (ctag == "electricity") rd.add("elec", c, refs, where);
          else if (ctag == "heat") rd.add("heat", c, refs, where);
          else if (ctag == "precursor") rd.add("prec", c, refs, where);
          else if (ctag == "good") rd.add("good", c, refs, where);
          else rd.skip(c, where);
        }
      }
    } else if (kept_in_firm(tag)) {
      f.kept.push_back(keep(top, ""));
    } else {
      rd.skip(top, "");
    }
  }
  for (const auto& s : def.sections())
    if (f.rows[s.key].empty()) f.rows[s.key].push_back(empty_row(s));
  return f;
}

}  // namespace greengate::web
