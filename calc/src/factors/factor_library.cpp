#include "greengate/factors/factor_library.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string_view>

#include "xml/element_reader.hpp"

namespace greengate::factors {

namespace fs = std::filesystem;

units::EmissionIntensity DefaultLookup::direct() const {
  return units::tco2e_per_tonne(cell ? cell->direct : 0.0);
}
units::EmissionIntensity DefaultLookup::indirect() const {
  return units::tco2e_per_tonne(cell && cell->has_indirect ? cell->indirect : 0.0);
}
units::EmissionIntensity DefaultLookup::total() const {
  return units::tco2e_per_tonne(cell ? cell->total : 0.0);
}
units::EmissionIntensity BenchmarkLookup::intensity() const {
  return units::tco2e_per_tonne(chosen);
}

namespace {

// ---- the default-value rows without the DOM -------------------------------------------------------
//
// cbam-default-values.xml is 12,500 one-line rows <v good=".." direct=".." total=".."/> under
// ~120 <country> elements; building them as tinyxml2 elements took most of the data-set load. The
// scanner below reads exactly that shape. The rows it takes are cut out (newlines kept, so line
// numbers stay) of a copy that tinyxml2 then parses as before, for everything else; the rows
// go to the same read_cell as DOM rows, so they get the same checks and messages at the same
// file:line. Anything outside the strict shape (entities or newlines in a row, a row that is not
// self-closing, another element beside the rows, DOCTYPE or CDATA, a duplicate attribute) makes
// the scanner give up, and the file is loaded by the DOM alone, exactly as before.

struct RowAttr {
  std::string_view name, value;
};

/// The <v> rows of one <country> or <unknown-origin> element.
struct RowGroup {
  struct Row {
    int line = 0;
    std::size_t first = 0, count = 0;  ///< into ScannedRows::attrs
  };
  std::vector<Row> rows;
};

struct ScannedRows {
  std::string reduced;          ///< the document without the rows
  std::vector<RowGroup> groups;  ///< per <country>/<unknown-origin> child of the root, in order
  std::vector<RowAttr> attrs;   ///< views into the original text
};

bool name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-'; }
bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// Scans a cbam-defaults document; false when it is not one or not of the strict shape.
bool scan_default_rows(std::string_view t, ScannedRows& out) {
  const std::size_t n = t.size();
  std::size_t i = 0;
  int line = 1;
  auto count_lines = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to; ++k) line += t[k] == '\n';
  };
  // names of the open elements: depth 1 is the root, 2 its children
  std::vector<std::string_view> open;
  bool in_group = false;  // depth 2 is a <country> or <unknown-origin>
  bool seen_root = false;
  std::vector<std::pair<std::size_t, std::size_t>> blanked;  // [begin, end) of each row, cut out
  while (i < n) {
    auto lt = t.find('<', i);
    if (lt == std::string_view::npos) break;
    count_lines(i, lt);
    if (t.compare(lt, 4, "<!--") == 0) {
      auto e = t.find("-->", lt + 4);
      if (e == std::string_view::npos) return false;
      count_lines(lt, e + 3);
      i = e + 3;
      continue;
    }
    if (t.compare(lt, 2, "<?") == 0) {
      auto e = t.find("?>", lt + 2);
      if (e == std::string_view::npos) return false;
      count_lines(lt, e + 2);
      i = e + 2;
      continue;
    }
    if (t.compare(lt, 2, "<!") == 0) return false;  // DOCTYPE, CDATA
    if (t.compare(lt, 2, "</") == 0) {
      auto gt = t.find('>', lt);
      if (gt == std::string_view::npos || open.empty()) return false;
      std::string_view name = t.substr(lt + 2, gt - lt - 2);
      while (!name.empty() && blank(name.back())) name.remove_suffix(1);
      if (name != open.back()) return false;
      open.pop_back();
      in_group = false;
      count_lines(lt, gt + 1);
      i = gt + 1;
      continue;
    }
    // a start tag: name, attributes, '>' or '/>'
    std::size_t p = lt + 1;
    if (p >= n || !name_start(t[p])) return false;
    while (p < n && name_char(t[p])) ++p;
    std::string_view name = t.substr(lt + 1, p - lt - 1);
    const bool row = in_group && open.size() == 2 && name == "v";
    if (in_group && open.size() == 2 && !row) return false;  // another element among the rows
    std::size_t first_attr = out.attrs.size();
    for (;;) {
      std::size_t ws = p;
      while (p < n && blank(t[p])) ++p;
      if (p >= n) return false;
      if (t[p] == '/' || t[p] == '>') break;
      if (p == ws || !name_start(t[p])) return false;
      std::size_t ns = p;
      while (p < n && name_char(t[p])) ++p;
      std::string_view an = t.substr(ns, p - ns);
      while (p < n && blank(t[p])) ++p;
      if (p >= n || t[p] != '=') return false;
      ++p;
      while (p < n && blank(t[p])) ++p;
      if (p >= n || (t[p] != '"' && t[p] != '\'')) return false;
      char q = t[p++];
      auto ve = t.find(q, p);
      if (ve == std::string_view::npos) return false;
      std::string_view av = t.substr(p, ve - p);
      p = ve + 1;
      if (!row) continue;
      // a row: only values tinyxml2 would keep as written, and no attribute twice
      if (av.find_first_of("&<\n\r") != std::string_view::npos) return false;
      for (std::size_t k = first_attr; k < out.attrs.size(); ++k)
        if (out.attrs[k].name == an) return false;
      out.attrs.push_back({an, av});
    }
    bool self_closing = t[p] == '/';
    if (self_closing && (p + 1 >= n || t[p + 1] != '>')) return false;
    std::size_t gt = self_closing ? p + 1 : p;
    if (row) {
      if (!self_closing || t.substr(lt, gt + 1 - lt).find('\n') != std::string_view::npos) return false;
      out.groups.back().rows.push_back({line, first_attr, out.attrs.size() - first_attr});
      blanked.emplace_back(lt, gt + 1);
      i = gt + 1;
      continue;
    }
    if (open.empty()) {
      if (seen_root || name != "cbam-defaults") return false;  // only the default-value table
      seen_root = true;
    }
    if (open.size() == 1 && (name == "country" || name == "unknown-origin")) {
      out.groups.emplace_back();
      in_group = !self_closing;
    }
    count_lines(lt, gt + 1);
    if (!self_closing) open.push_back(name);
    i = gt + 1;
  }
  if (!seen_root || !open.empty() || blanked.empty()) return false;
  // The rows are cut out (with their indentation); a row holds no newline, so the lines stay.
  out.reduced.reserve(t.size() / 8);
  std::size_t from = 0;
  for (auto [b, e] : blanked) {
    std::size_t cut = b;
    while (cut > from && (t[cut - 1] == ' ' || t[cut - 1] == '\t')) --cut;
    out.reduced.append(t.substr(from, cut - from));
    from = e;
  }
  out.reduced.append(t.substr(from));
  return true;
}

bool read_text(const std::string& path, std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char buf[1 << 16];
  std::size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, got);
  bool ok = !std::ferror(f);
  std::fclose(f);
  return ok;
}

}  // namespace

// Builds a FactorLibrary from XML documents; the only code that fills its private members.
class LibraryBuilder {
 public:
  explicit LibraryBuilder(Diagnostics& diags) : diags_(diags) {}

  void load(const std::string& path, const std::string& display) {
    tinyxml2::XMLDocument doc;
    // The default-value table: its rows scanned directly, the rest by tinyxml2 (see
    // scan_default_rows). Any doubt, and the whole file goes through the DOM.
    std::string text;
    ScannedRows scanned;
    rows_ = nullptr;
    if (read_text(path, text) && text.find("<cbam-defaults") != std::string::npos &&
        scan_default_rows(text, scanned) &&
        doc.Parse(scanned.reduced.data(), scanned.reduced.size()) == tinyxml2::XML_SUCCESS) {
      rows_ = &scanned;
    } else {
      doc.Clear();
      if (!xml::load_document(doc, path, display, diags_)) return;
    }
    const auto* root = doc.RootElement();
    if (!root) {
      diags_.error({display, 1}, "empty document");
      return;
    }
    std::string_view name = root->Name();
    if (name == "factor-table") load_factor_table(root, display);
    else if (name == "cbam-defaults") load_defaults(root, display);
    else if (name == "cbam-benchmarks") load_benchmarks(root, display);
    else if (name == "country-list") load_countries(root, display);
    else if (name == "goods-words") {}  // search words, read by calc/goods_search.hpp (no factors)
    else
      diags_.error({display, root->GetLineNum()},
                   "unknown root element <" + std::string(name) +
                       "> (expected factor-table, cbam-defaults, cbam-benchmarks, country-list or "
                       "goods-words)");
    rows_ = nullptr;
  }

  FactorLibrary finish() {
    check_overlaps();
    build_imported_electricity();
    return std::move(lib_);
  }

  // The default values of electricity imported into the Union (IR 2025/2621 Annex III, Art 1(4);
  // Reg 2023/956 Art 7(3)) as a default table of one good, 2716 00 00, in tCO2e per MWh, from the
  // factors electricity.annex_iii.<iso2>. A country without a row takes the EU's emission factor
  // (IR 2025/2547 Annex II point D.2, second indent; D.2.2), the table's fallback.
  void build_imported_electricity() {
    DefaultsTable& t = lib_.imported_electricity_;
    const std::string prefix = "electricity.annex_iii.";
    for (const auto& f : lib_.factors_) {
      if (f.id.rfind(prefix, 0) != 0) continue;
      std::string iso(f.id.substr(prefix.size()));
      for (auto& c : iso) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (t.goods.empty()) {
        t.id = f.table;
        t.version = "IR2025/2621 Annex III";
        t.provenance = f.provenance;
        t.goods.push_back({"27160000", "27160000-electrical-energy", model::Sector::electricity, false,
                           "Electrical energy (imported into the Union), tCO2e per MWh", f.provenance.pos});
        t.good_index["27160000"] = 0;
      }
      DefaultCountry c;
      auto name = lib_.countries_.find(iso);
      c.name = iso == "EU" ? "European Union" : name != lib_.countries_.end() ? name->second : iso;
      c.iso2 = iso;
      DefaultCell cell;
      cell.has_value = cell.present = true;
      cell.direct = cell.total = f.written_value;
      cell.direct_text = cell.total_text = xml_number_text(f.written_value);
      cell.line = f.provenance.pos.line;
      c.cells.push_back(cell);
      if (iso == "EU") {
        c.fallback = true;
        c.name = "European Union (IR 2025/2547 Annex II point D.2.2: no Annex III value for the country)";
        t.fallback = t.countries.size();
      } else {
        t.by_iso2[iso] = t.countries.size();
      }
      t.countries.push_back(std::move(c));
      t.loaded = true;
    }
  }

  static std::string xml_number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
  }

 private:
  // Table-level attributes every table shares; entries inherit them.
  struct TableInfo {
    std::string id, version;
    Provenance prov;
    std::string unit;
    bool has_from = false, has_status = false;
  };

  bool check_schema(xml::ElementReader& r) {
    auto schema = r.str("schema", true);
    if (schema && *schema != "1") {
      r.error_at("schema", "version \"" + *schema + "\" is not supported (expected \"1\")");
      return false;
    }
    return schema.has_value();
  }

  TableInfo read_table(xml::ElementReader& r, bool needs_provenance) {
    TableInfo t;
    check_schema(r);
    t.id = r.str_or("id", "");
    if (t.id.empty()) r.error("missing required attribute 'id'");
    t.version = r.str_or("version", "");
    if (t.version.empty()) r.error("missing required attribute 'version'");
    r.str("title");
    r.str("generated-from");
    r.str("generated-by");
    t.prov.source = r.str_or("source", "");
    t.unit = r.str_or("unit", "");
    if (auto d = r.date("valid-from", needs_provenance)) {
      t.prov.valid_from = *d;
      t.has_from = true;
    }
    t.prov.valid_to = r.date("valid-to");
    if (auto s = r.status("status", needs_provenance)) {
      t.prov.status = *s;
      t.has_status = true;
    }
    t.prov.note = r.str_or("note", "");
    t.prov.pos = r.pos();
    if (needs_provenance && t.prov.source.empty()) r.error("missing required attribute 'source'");
    if (!t.unit.empty() && !units::find_unit(t.unit))
      r.error_at("unit", "is not a known unit (got \"" + t.unit + "\")");
    lib_.tables_.push_back(t.id + " " + t.version);
    lib_.table_info_.push_back({t.id, t.version, t.prov.source});
    return t;
  }

  // Reads source/validity/status of an entry, inheriting from the table.
  Provenance read_provenance(xml::ElementReader& r, const TableInfo& t) {
    Provenance p = t.prov;
    p.pos = r.pos();
    if (auto s = r.str("source")) p.source = *s;
    if (auto d = r.date("valid-from")) p.valid_from = *d;
    else if (!t.has_from && !r.has("valid-from")) r.error("missing required attribute 'valid-from'");
    if (r.has("valid-to")) p.valid_to = r.date("valid-to");
    if (auto s = r.status("status")) p.status = *s;
    else if (!t.has_status && !r.has("status")) r.error("missing required attribute 'status'");
    if (auto n = r.str("note")) p.note = *n;
    if (p.source.empty()) r.error("missing required attribute 'source'");
    if (p.valid_to && *p.valid_to < p.valid_from)
      r.error("'valid-to' " + p.valid_to->str() + " is before 'valid-from' " + p.valid_from.str());
    return p;
  }

  void load_factor_table(const tinyxml2::XMLElement* root, const std::string& file) {
    xml::ElementReader tr(root, file, diags_);
    TableInfo t = read_table(tr, false);
    tr.finish();
    for (auto* el = root->FirstChildElement(); el; el = el->NextSiblingElement()) {
      xml::ElementReader r(el, file, diags_);
      if (std::string_view(el->Name()) != "factor") {
        r.error("unknown element (expected <factor>)");
        continue;
      }
      Factor f;
      f.table = t.id;
      f.id = r.str_or("id", "");
      if (f.id.empty()) r.error("missing required attribute 'id'");
      f.name = r.str_or("name", "");
      if (f.name.empty()) r.error("missing required attribute 'name'");
      auto v = r.number("value", true);
      std::string unit = r.str_or("unit", t.unit);
      if (unit.empty() && !r.has("unit")) r.error("missing required attribute 'unit'");
      f.unit = unit;
      auto info = units::find_unit(unit);
      if (!unit.empty() && !info)
        r.error_at("unit", "is not a known unit (got \"" + unit + "\"; expected one of the units "
                           "in docs/factor-format.md)");
      f.lower = r.number("lower");
      f.upper = r.number("upper");
      f.provenance = read_provenance(r, t);
      r.finish();
      if (!v || !info || f.id.empty()) continue;
      f.written_value = *v;
      f.dimension = info->dimension;
      f.value = *v * info->to_storage;
      if (f.lower && f.upper && *f.lower > *f.upper)
        r.error("'lower' " + std::to_string(*f.lower) + " is above 'upper'");
      if ((f.lower && *v < *f.lower) || (f.upper && *v > *f.upper))
        diags_.warning(r.pos(), "<factor id=\"" + f.id + "\">: value lies outside [lower, upper]");
      lib_.by_id_[f.id].push_back(lib_.factors_.size());
      lib_.factors_.push_back(std::move(f));
    }
  }

  void check_overlaps() {
    // Visit ids in file order so that messages come out in a stable order.
    std::vector<std::string> order;
    for (const auto& f : lib_.factors_)
      if (lib_.by_id_[f.id].front() == static_cast<std::size_t>(&f - lib_.factors_.data()))
        order.push_back(f.id);
    for (const auto& id : order) {
      auto& idx = lib_.by_id_[id];
      std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
        return lib_.factors_[a].provenance.valid_from < lib_.factors_[b].provenance.valid_from;
      });
      for (std::size_t i = 1; i < idx.size(); ++i) {
        const auto& prev = lib_.factors_[idx[i - 1]].provenance;
        const auto& cur = lib_.factors_[idx[i]].provenance;
        bool same = prev.valid_from == cur.valid_from && prev.valid_to == cur.valid_to;
        if (same) {
          diags_.error(cur.pos, "<factor id=\"" + id + "\">: duplicate id (also defined at " +
                                    prev.pos.str() + " for the same period)");
        } else if (!prev.valid_to || *prev.valid_to >= cur.valid_from) {
          diags_.error(cur.pos, "<factor id=\"" + id + "\">: validity " + cur.validity() +
                                    " overlaps " + prev.validity() + " defined at " +
                                    prev.pos.str());
        }
      }
    }
  }

  // One <v> row of a defaults table from the DOM (when the scanner gave up on the file).
  void read_cell(const tinyxml2::XMLElement* el, const std::string& file, DefaultCountry& country,
                 const std::string& where) {
    RowAttr attrs[8];
    std::vector<RowAttr> more;
    std::size_t n = 0;
    for (auto* a = el->FirstAttribute(); a; a = a->Next(), ++n) {
      if (n == std::size(attrs)) more.assign(attrs, attrs + n);
      RowAttr ra{a->Name(), a->Value()};
      if (n < std::size(attrs)) attrs[n] = ra;
      else more.push_back(ra);
    }
    read_cell(el->GetLineNum(), n <= std::size(attrs) ? attrs : more.data(), n, file, country, where);
  }

  // One <v> row of a defaults table, from either reader (12,000+ rows, keep it lean).
  void read_cell(int line, const RowAttr* attrs, std::size_t nattrs, const std::string& file,
                 DefaultCountry& country, const std::string& where) {
    auto& tab = lib_.defaults_;
    auto err = [&](const std::string& m) { diags_.error({file, line}, where + "<v>: " + m); };
    std::optional<std::string_view> good, direct, indirect, total, route;
    for (std::size_t i = 0; i < nattrs; ++i) {
      std::string_view n = attrs[i].name;
      if (n == "good") good = attrs[i].value;
      else if (n == "direct") direct = attrs[i].value;
      else if (n == "indirect") indirect = attrs[i].value;
      else if (n == "total") total = attrs[i].value;
      else if (n == "route") route = attrs[i].value;
      else err("unknown attribute '" + std::string(n) + "'");
    }
    if (!good) return err("missing required attribute 'good'");
    key_.assign(*good);
    auto it = tab.good_index.find(key_);
    if (it == tab.good_index.end())
      return err("'good' \"" + std::string(*good) + "\" is not declared by a <good> element");
    if (it->second >= country.cells.size()) country.cells.resize(tab.goods.size());
    DefaultCell& c = country.cells[it->second];
    if (c.present)
      return err("duplicate value for good " + std::string(*good) + " (also at line " +
                 std::to_string(c.line) + ")");
    c.present = true;
    c.line = line;
    if (route) c.route = *route;
    auto num = [&](std::string_view text, const char* attr, double& out) {
      auto v = xml::parse_number(text);
      if (!v) {
        err("'" + std::string(attr) + "' must be a number (got \"" + std::string(text) + "\")");
        return false;
      }
      if (*v < 0) {
        err("'" + std::string(attr) + "' must be >= 0 (got " + std::string(text) + ")");
        return false;
      }
      out = *v;
      return true;
    };
    if (!total) {
      if (direct || indirect) err("value given without 'total'");
      return;
    }
    bool ok = num(*total, "total", c.total);
    if (direct) ok = num(*direct, "direct", c.direct) && ok;
    else ok = (err("'total' given without 'direct'"), false);
    if (indirect) {
      c.has_indirect = num(*indirect, "indirect", c.indirect);
      ok = c.has_indirect && ok;
    }
    c.direct_text = direct.value_or("");
    c.indirect_text = indirect.value_or("");
    c.total_text = *total;
    // IR 2026/1740 recital 8: indirect emissions of 2601 12 00 are always in scope.
    if (tab.goods[it->second].code == "26011200" && !indirect)
      err("good 26011200 (agglomerated iron ore) needs an 'indirect' value: its indirect "
          "emissions are always counted (IR (EU) 2026/1740 recital 8)");
    if (ok && std::abs(c.direct + (c.has_indirect ? c.indirect : 0.0) - c.total) > 0.0201)
      diags_.warning({file, line}, where + "<v good=\"" + std::string(*good) +
                                       "\">: direct + indirect differs from total by more "
                                       "than 0.02");
    c.has_value = ok;
  }

  void load_defaults(const tinyxml2::XMLElement* root, const std::string& file) {
    auto& tab = lib_.defaults_;
    if (tab.loaded) {
      diags_.error({file, root->GetLineNum()}, "a second <cbam-defaults> table was loaded "
                                               "(one default-value table at a time)");
      return;
    }
    tab.loaded = true;
    xml::ElementReader tr(root, file, diags_);
    TableInfo t = read_table(tr, true);
    tr.finish();
    tab.id = t.id;
    tab.version = t.version;
    tab.provenance = t.prov;
    std::size_t group = 0;  // index of the <country>/<unknown-origin> element (ScannedRows::groups)
    for (auto* el = root->FirstChildElement(); el; el = el->NextSiblingElement()) {
      std::string_view n = el->Name();
      xml::ElementReader r(el, file, diags_);
      if (n == "good") {
        DefaultGood g;
        g.pos = r.pos();
        auto code = r.str("code", true);
        g.key = r.str_or("key", "");
        auto sector = r.str("sector", true);
        g.heading = r.boolean("heading").value_or(false);
        g.description = r.str_or("description", "");
        r.finish();
        if (!code) continue;
        auto cn = model::normalize_cn(*code);
        if (!cn) {
          r.error_at("code", "must be a CN/TARIC code of 4, 6, 8 or 10 digits (got \"" + *code +
                                 "\")");
          continue;
        }
        g.code = *cn;
        if (sector) {
          auto s = model::parse_sector(*sector);
          if (!s) r.error_at("sector", "is not a sector slug (got \"" + *sector + "\")");
          else g.sector = *s;
        }
        if (tab.good_index.count(g.code)) {
          r.error("duplicate good code " + g.code);
          continue;
        }
        tab.good_index.emplace(g.code, tab.goods.size());
        tab.goods.push_back(std::move(g));
      } else if (n == "country" || n == "unknown-origin") {
        bool unknown = n == "unknown-origin";
        DefaultCountry c;
        std::string where;
        if (unknown) {
          where = "<unknown-origin>: ";
          c.name = "IR 2025/2621 Annex IV (origin unknown)";
          Provenance p = t.prov;
          p.pos = r.pos();
          if (auto s = r.str("source")) p.source = *s;
          if (auto s = r.status("status")) p.status = *s;
          if (auto d = r.date("valid-from")) p.valid_from = *d;
          if (auto nn = r.str("note")) p.note = *nn;
          tab.unknown_origin_provenance = p;
        } else {
          c.name = r.str_or("name", "");
          if (c.name.empty()) r.error("missing required attribute 'name'");
          c.iso2 = r.str_or("iso2", "");
          c.iso3 = r.str_or("iso3", "");
          c.fallback = r.boolean("fallback").value_or(false);
          where = "<country name=\"" + c.name + "\">: ";
          if (!c.fallback && c.iso2.size() != 2)
            r.error_at("iso2", "must be an ISO 3166-1 alpha-2 code (got \"" + c.iso2 + "\")");
        }
        r.finish();
        c.cells.resize(tab.goods.size());
        // the rows the scanner took (then the element has no other child element)
        if (rows_ && group < rows_->groups.size())
          for (const auto& row : rows_->groups[group].rows)
            read_cell(row.line, rows_->attrs.data() + row.first, row.count, file, c, where);
        ++group;
        for (auto* v = el->FirstChildElement(); v; v = v->NextSiblingElement()) {
          if (std::string_view(v->Name()) != "v") {
            diags_.error({file, v->GetLineNum()},
                         where + "unknown element <" + std::string(v->Name()) + "> (expected <v>)");
            continue;
          }
          read_cell(v, file, c, where);
        }
        if (unknown) {
          tab.unknown_origin = std::move(c);
        } else {
          std::size_t idx = tab.countries.size();
          if (c.fallback) {
            if (tab.fallback) r.error("a second fallback table");
            tab.fallback = idx;
          } else if (!tab.by_iso2.emplace(c.iso2, idx).second) {
            r.error("duplicate country iso2 " + c.iso2);
          }
          tab.countries.push_back(std::move(c));
        }
      } else {
        r.error("unknown element (expected <good>, <country> or <unknown-origin>)");
      }
    }
    if (!tab.fallback)
      diags_.error({file, root->GetLineNum()},
                   "no fallback table (<country fallback=\"true\">, 'Other countries and "
                   "territories')");
  }

  void load_countries(const tinyxml2::XMLElement* root, const std::string& file) {
    xml::ElementReader tr(root, file, diags_);
    check_schema(tr);
    auto id = tr.str_or("id", "");
    auto version = tr.str_or("version", "");
    auto source = tr.str("source", true).value_or("");
    tr.finish();
    lib_.tables_.push_back(id + " " + version);
    lib_.table_info_.push_back({id, version, source});
    for (auto* el = root->FirstChildElement(); el; el = el->NextSiblingElement()) {
      xml::ElementReader r(el, file, diags_);
      if (std::string_view(el->Name()) != "country") {
        r.error("unknown element (expected <country>)");
        continue;
      }
      auto iso2 = r.str("iso2", true);
      r.str("iso3", true);
      auto name = r.str("name", true);
      r.finish();
      if (!iso2 || !name) continue;
      if (iso2->size() != 2) r.error_at("iso2", "must be two letters (got \"" + *iso2 + "\")");
      else if (!lib_.countries_.emplace(*iso2, *name).second) r.error("duplicate country " + *iso2);
    }
  }

  void load_benchmarks(const tinyxml2::XMLElement* root, const std::string& file) {
    xml::ElementReader tr(root, file, diags_);
    TableInfo t = read_table(tr, true);
    BenchmarkTable& table = lib_.benchmarks_;
    if (auto y = tr.integer("provisional-for")) table.provisional_for_ = *y;
    table.provisional_note_ = tr.str_or("provisional-note", "");
    tr.finish();
    for (auto* el = root->FirstChildElement(); el; el = el->NextSiblingElement()) {
      xml::ElementReader r(el, file, diags_);
      const std::string_view name = el->Name();
      if (name == "indicator") {
        RouteIndicator ind;
        ind.letter = r.str_or("letter", "");
        ind.meaning = r.str_or("meaning", "");
        auto unknown = r.str_or("when-unknown", "");
        r.finish();
        ind.pos = r.pos();
        if (ind.letter.empty()) r.error("missing required attribute 'letter'");
        if (unknown == "highest") ind.highest_when_unknown = true;
        else if (unknown != "route-needed")
          r.error_at("when-unknown", "must be \"highest\" or \"route-needed\" (got \"" + unknown + "\")");
        if (table.indicator(ind.letter)) r.error("duplicate indicator " + ind.letter);
        table.indicators_.push_back(std::move(ind));
        continue;
      }
      if (name != "benchmark") {
        r.error("unknown element (expected <benchmark> or <indicator>)");
        continue;
      }
      // One pass over the row's attributes (1 800 rows: no look-up per attribute name).
      Benchmark b;
      b.table = t.id;
      b.provenance = t.prov;
      b.provenance.pos = r.pos();
      std::optional<std::string_view> cn, route, route_a, route_b;
      std::optional<YearRange> years, years_a, years_b;
      bool has_source = false, has_from = false, has_status = false;
      auto number = [&](const char* attr, std::string_view v) -> std::optional<double> {
        auto n = xml::parse_number(v);
        if (!n || *n < 0) {
          r.error_at(attr, "must be a number >= 0 with '.' as decimal separator (got \"" + std::string(v) + "\")");
          return std::nullopt;
        }
        return n;
      };
      auto band = [&](const char* attr, std::string_view v) {
        auto y = parse_year_range(v);
        if (!y) r.error_at(attr, "must be a range of years YYYY-YYYY (got \"" + std::string(v) + "\")");
        return y;
      };
      for (const auto* a = el->FirstAttribute(); a; a = a->Next()) {
        const std::string_view n = a->Name(), v = a->Value();
        if (n == "cn") cn = v;
        else if (n == "column-a") b.column_a = number("column-a", v);
        else if (n == "column-b") b.column_b = number("column-b", v);
        else if (n == "route") route = v;
        else if (n == "route-a") route_a = v;
        else if (n == "route-b") route_b = v;
        else if (n == "years") years = band("years", v);
        else if (n == "years-a") years_a = band("years-a", v);
        else if (n == "years-b") years_b = band("years-b", v);
        else if (n == "description") b.description = v;
        else if (n == "ref") b.ref = v;
        else if (n == "source") {
          b.provenance.source = v;
          has_source = true;
        } else if (n == "note") b.provenance.note = v;
        else if (n == "valid-from" || n == "valid-to") {
          auto d = parse_date(v);
          if (!d) r.error_at(a->Name(), "must be a date YYYY-MM-DD (got \"" + std::string(v) + "\")");
          else if (n == "valid-from") {
            b.provenance.valid_from = *d;
            has_from = true;
          } else {
            b.provenance.valid_to = *d;
          }
        } else if (n == "status") {
          auto st = parse_status(v);
          if (!st) r.error_at("status", "must be verified, single source or unverified (got \"" + std::string(v) + "\")");
          else {
            b.provenance.status = *st;
            has_status = true;
          }
        } else {
          r.error("unknown attribute '" + std::string(n) + "'");
        }
      }
      if (!t.has_from && !has_from) r.error("missing required attribute 'valid-from'");
      if (!t.has_status && !has_status) r.error("missing required attribute 'status'");
      if (b.provenance.source.empty() && !has_source) r.error("missing required attribute 'source'");
      if (b.provenance.valid_to && *b.provenance.valid_to < b.provenance.valid_from)
        r.error("'valid-to' " + b.provenance.valid_to->str() + " is before 'valid-from' " + b.provenance.valid_from.str());
      b.route_a = std::string(route_a.value_or(route.value_or("")));
      b.route_b = std::string(route_b.value_or(route.value_or("")));
      b.years_a = years_a ? years_a : years;
      b.years_b = years_b ? years_b : years;
      if (!cn) {
        r.error("missing required attribute 'cn'");
        continue;
      }
      auto norm = model::normalize_cn(*cn);
      if (!norm) {
        r.error_at("cn", "must be a CN code (got \"" + std::string(*cn) + "\")");
        continue;
      }
      b.cn = *norm;
      if (!b.column_a && !b.column_b) r.error("neither 'column-a' nor 'column-b'");
      table.rows_.push_back(std::move(b));
    }
    // every route letter used must be in the legend (when the file has one)
    if (!table.indicators_.empty())
      for (const auto& b : table.rows_)
        for (const auto* rt : {&b.route_a, &b.route_b})
          if (!rt->empty() && !table.indicator(*rt))
            diags_.error(b.provenance.pos, "route indicator '" + *rt + "' is not in the table's <indicator> legend");
    table.index();
  }

  Diagnostics& diags_;
  FactorLibrary lib_;
  const ScannedRows* rows_ = nullptr;  ///< the rows of the file being loaded, when scanned
  std::string key_;                    ///< read_cell's lookup key (no allocation per row)
};

const Factor* FactorLibrary::find(std::string_view id, Date on) const {
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return nullptr;
  for (auto i : it->second)
    if (factors_[i].provenance.valid_on(on)) return &factors_[i];
  return nullptr;
}

std::vector<const Factor*> FactorLibrary::versions(std::string_view id) const {
  std::vector<const Factor*> out;
  auto it = by_id_.find(std::string(id));
  if (it != by_id_.end())
    for (auto i : it->second) out.push_back(&factors_[i]);
  return out;
}

std::vector<const Factor*> FactorLibrary::all() const {
  std::vector<const Factor*> out;
  for (const auto& f : factors_) out.push_back(&f);
  std::stable_sort(out.begin(), out.end(),
                   [](const Factor* a, const Factor* b) { return a->id < b->id; });
  return out;
}

namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

std::vector<const Factor*> FactorLibrary::search(std::string_view text) const {
  std::vector<const Factor*> out;
  std::string needle = lower(text);
  for (const auto* f : all()) {
    if (lower(f->id).find(needle) != std::string::npos ||
        lower(f->name).find(needle) != std::string::npos ||
        lower(f->provenance.source).find(needle) != std::string::npos)
      out.push_back(f);
  }
  return out;
}

bool FactorLibrary::is_known_country(std::string_view iso2) const {
  return countries_.count(std::string(iso2)) > 0 || iso2 == "EU";
}

DefaultLookup FactorLibrary::lookup_default(std::string_view cn_text, std::string_view origin,
                                            std::string_view route) const {
  DefaultLookup out;
  auto cn = model::normalize_cn(cn_text);
  if (!cn) {
    out.gap = "'" + std::string(cn_text) + "' is not a CN code";
    return out;
  }
  // Electricity imported (2716 00 00): IR 2025/2621 Annex III, not Annex I (Art 1(4)).
  const auto& tab = cn->compare(0, 4, "2716") == 0 && imported_electricity_.loaded ? imported_electricity_ : defaults_;
  // Candidate goods: every key that is a prefix of the code (most specific first); when the code
  // is shorter than TARIC lines under it, those lines too, narrowed by route.
  std::vector<std::size_t> goods;
  for (std::size_t len = cn->size(); len >= 4; len -= 2) {
    auto it = tab.good_index.find(cn->substr(0, len));
    if (it != tab.good_index.end()) goods.push_back(it->second);
    if (len == 4) break;
  }
  std::vector<std::size_t> children;
  if (goods.empty() || tab.goods[goods.front()].code.size() < cn->size() ||
      tab.goods[goods.front()].heading) {
    for (std::size_t i = 0; i < tab.goods.size(); ++i) {
      const auto& g = tab.goods[i];
      if (g.code.size() > cn->size() && g.code.compare(0, cn->size(), *cn) == 0)
        children.push_back(i);
    }
  }
  const DefaultCountry* fallback = tab.fallback ? &tab.countries[*tab.fallback] : nullptr;
  if (goods.empty() && !children.empty()) {
    // An 8-digit code with several TARIC lines (e.g. 2523 10 00 -> white/grey clinker).
    std::vector<std::size_t> matched;
    for (auto i : children) {
      const DefaultCell* c = fallback && i < fallback->cells.size() ? &fallback->cells[i] : nullptr;
      if (!route.empty() && c && c->route == route) matched.push_back(i);
    }
    if (route.empty() || matched.empty()) {
      // Without a route (or one no line has): a code with exactly one TARIC line that has a value
      // resolves to it (2507 00 80 -> 2507 00 80 80 calcined clay).
      std::vector<std::size_t> valued;
      for (auto i : children)
        if (fallback && i < fallback->cells.size() && fallback->cells[i].has_value) valued.push_back(i);
      if (valued.size() == 1 && (route.empty() || children.size() == 1)) matched = valued;
    }
    if (matched.size() == 1) {
      goods = matched;
    } else {
      std::string list;
      for (auto i : children) {
        const DefaultCell* c = fallback ? &fallback->cells[i] : nullptr;
        list += (list.empty() ? "" : ", ") + model::format_cn(tab.goods[i].code) + " (" +
                tab.goods[i].description + (c && !c->route.empty() ? ", route " + c->route : "") +
                ")";
      }
      out.gap = "CN " + model::format_cn(*cn) + " has several TARIC lines with different default "
                "values: give the 10-digit code or the route: " + list;
      return out;
    }
  }
  if (goods.empty()) {
    out.gap = "no default value is published for CN " + model::format_cn(*cn) +
              " (not a good of IR 2025/2621 Annex I)";
    return out;
  }
  auto provenance_of = [&](const DefaultCell& c) {
    Provenance p = tab.provenance;
    p.pos.line = c.line;
    return p;
  };
  auto country_it = tab.by_iso2.find(std::string(origin));
  const DefaultCountry* country =
      country_it == tab.by_iso2.end() ? nullptr : &tab.countries[country_it->second];
  bool listed_dash = false;
  if (country) {
    for (auto gi : goods) {
      if (gi >= country->cells.size()) continue;
      const auto& c = country->cells[gi];
      if (c.has_value) {
        out.found = true;
        out.good = &tab.goods[gi];
        out.cell = &c;
        out.table_name = country->name;
        out.provenance = provenance_of(c);
        return out;
      }
      if (c.present) listed_dash = true;
    }
  }
  if (fallback) {
    for (auto gi : goods) {
      if (gi >= fallback->cells.size()) continue;
      const auto& c = fallback->cells[gi];
      if (!c.has_value) continue;
      out.found = true;
      out.good = &tab.goods[gi];
      out.cell = &c;
      out.table_name = fallback->name;
      out.fallback_used = true;
      out.fallback_reason = !country ? "country " + std::string(origin) + " has no table"
                            : listed_dash ? country->name + " is listed with '–' for this good"
                                          : country->name + " does not list this good";
      out.provenance = provenance_of(c);
      return out;
    }
  }
  out.gap = "no default value for CN " + model::format_cn(*cn) + " in the " +
            (country ? country->name : std::string(origin)) + " table nor in the fallback table";
  return out;
}

DefaultLookup FactorLibrary::lookup_unknown_origin(std::string_view cn_text) const {
  DefaultLookup out;
  const auto& tab = defaults_;
  auto cn = model::normalize_cn(cn_text);
  if (!cn) {
    out.gap = "'" + std::string(cn_text) + "' is not a CN code";
    return out;
  }
  const auto& u = tab.unknown_origin;
  for (std::size_t len = cn->size(); len >= 4; len -= 2) {
    auto it = tab.good_index.find(cn->substr(0, len));
    if (it != tab.good_index.end() && it->second < u.cells.size() &&
        u.cells[it->second].has_value) {
      out.found = true;
      out.good = &tab.goods[it->second];
      out.cell = &u.cells[it->second];
      out.table_name = u.name;
      out.provenance = tab.unknown_origin_provenance;
      out.provenance.pos.line = out.cell->line;
      return out;
    }
    if (len == 4) break;
  }
  out.gap = "IR 2025/2621 Annex IV (as replaced by IR 2026/1740) has no value for CN " +
            model::format_cn(*cn) + " in the factor library; give the precursor's country of "
            "origin or the supplier's actual values";
  return out;
}

// ---- benchmarks ---------------------------------------------------------------------------

std::string YearRange::str() const { return std::to_string(first) + "-" + std::to_string(last); }

std::optional<YearRange> parse_year_range(std::string_view s) {
  if (s.size() != 9 || s[4] != '-') return std::nullopt;
  auto year = [](std::string_view d) -> std::optional<int> {
    int v = 0;
    for (char c : d) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  auto a = year(s.substr(0, 4)), b = year(s.substr(5, 4));
  if (!a || !b || *a > *b) return std::nullopt;
  return YearRange{*a, *b};
}

std::string_view column_name(BenchmarkColumn c) {
  return c == BenchmarkColumn::a ? "Column A" : "Column B";
}

const RouteIndicator* BenchmarkTable::indicator(std::string_view letter) const {
  for (const auto& i : indicators_)
    if (i.letter == letter) return &i;
  return nullptr;
}

void BenchmarkTable::index() {
  by_cn_.clear();
  for (std::size_t i = 0; i < rows_.size(); ++i) by_cn_[rows_[i].cn].push_back(i);
}

namespace {
std::vector<std::string_view> split_routes(std::string_view route) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0; start <= route.size();) {
    auto slash = route.find('/', start);
    auto part = route.substr(start, slash == std::string_view::npos ? route.size() - start : slash - start);
    if (!part.empty()) out.push_back(part);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}
}  // namespace

BenchmarkLookup BenchmarkTable::lookup(const BenchmarkQuery& q) const {
  BenchmarkLookup out;
  out.column = q.column;
  const std::string col(column_name(q.column));
  auto cn = model::normalize_cn(q.cn);
  if (!cn) {
    out.gap = "'" + std::string(q.cn) + "' is not a CN code";
    return out;
  }
  const Date on = Date::first_of_year(q.year);
  // 1. the most specific CN prefix with rows valid for the year that have a value in the column
  std::vector<const Benchmark*> rows;
  for (std::size_t len = cn->size(); len >= 2 && rows.empty(); len -= 2) {
    auto it = by_cn_.find(cn->substr(0, len));
    if (it == by_cn_.end()) continue;
    for (auto i : it->second) {
      const Benchmark& b = rows_[i];
      if (b.value(q.column) && b.provenance.valid_on(on)) rows.push_back(&b);
    }
  }
  out.candidates = rows;
  if (rows.empty()) {
    out.gap = "no " + col + " benchmark for CN " + model::format_cn(*cn) +
              " in IR (EU) 2025/2620 as held by the factor library";
    return out;
  }
  // 2. the production-year band of the import year; after the last band, the last band's values
  bool banded = false;
  int last_end = 0;
  for (const auto* b : rows)
    if (const auto& y = b->years(q.column)) {
      banded = true;
      last_end = std::max(last_end, y->last);
    }
  if (banded) {
    int year = q.year;
    if (year > last_end) {
      out.carried_forward = true;
      out.how.push_back("no production-year band of IR 2025/2620 covers " + std::to_string(q.year) +
                        ": the values of the last band (to " + std::to_string(last_end) +
                        ") are carried forward — a projection, not a value of the act");
      year = last_end;
    }
    std::vector<const Benchmark*> in_band;
    for (const auto* b : rows) {
      const auto& y = b->years(q.column);
      if (!y || y->contains(year)) in_band.push_back(b);
    }
    rows = std::move(in_band);
    if (rows.empty()) {
      out.gap = "no " + col + " benchmark for CN " + model::format_cn(*cn) + " for the production year " +
                std::to_string(q.year) + " (IR 2025/2620 Annex point 5.3, year indicators)";
      return out;
    }
    if (!out.carried_forward)
      for (const auto* b : rows)
        if (b->years(q.column)) {
          out.how.push_back("production-year band " + b->years(q.column)->str() + " of import year " +
                            std::to_string(q.year) + " (IR 2025/2620 Annex point 5.3, indicators (1)/(2))");
          break;
        }
  }
  // 3. the route: stated by the user, else the origin's default route, else the highest grade
  std::vector<std::string> listed;
  for (const auto* b : rows) {
    const auto& rt = b->route(q.column);
    if (!rt.empty() && std::find(listed.begin(), listed.end(), rt) == listed.end()) listed.push_back(rt);
  }
  std::vector<const Benchmark*> pick;
  if (listed.empty()) {
    pick = rows;
    if (!q.route.empty())
      out.how.push_back("the benchmark of CN " + model::format_cn(*cn) +
                        " does not depend on the production route (IR 2025/2621 Annex IV opening text)");
  } else {
    std::string_view wanted = !q.route.empty() ? q.route : q.default_route;
    if (!wanted.empty()) {
      auto want = split_routes(wanted);
      for (const auto* b : rows) {
        const auto& rt = b->route(q.column);
        if (rt.empty() || std::find(want.begin(), want.end(), rt) != want.end()) pick.push_back(b);
      }
      if (pick.empty()) {
        out.gap = col + " of IR 2025/2620 lists route(s) " + join(listed, ", ") + " for CN " +
                  model::format_cn(*cn) + ", not " + std::string(wanted);
        return out;
      }
      if (!q.route.empty()) {
        std::string m = "route " + std::string(q.route) + " as stated";
        if (!q.default_route.empty() && q.default_route != q.route)
          m += " (the origin's default-value row gives route " + std::string(q.default_route) +
               ", which IR 2025/2620 Annex point 5.1 takes for goods on default values; the stated route wins)";
        out.how.push_back(m);
      } else {
        out.how.push_back("route " + std::string(q.default_route) +
                          " of the origin's default value (IR 2025/2620 Annex point 5.1; IR 2025/2621 Annex I)");
      }
    } else {
      bool grades = true;
      for (const auto& l : listed) {
        const auto* ind = indicator(l);
        grades = grades && ind && ind->highest_when_unknown;
      }
      if (!grades) {
        out.gap = col + " of IR 2025/2620 depends on the production route for CN " + model::format_cn(*cn) +
                  " (routes " + join(listed, ", ") + ") and none is known: state the route";
        return out;
      }
      pick = rows;
      out.highest_grade = true;
      out.how.push_back("alloy grade not known: the highest of grades " + join(listed, ", ") +
                        " (IR 2025/2620 Annex point 5.1)");
    }
  }
  // 4. one value: the highest where several remain
  for (const auto* b : pick)
    if (!out.benchmark || *b->value(q.column) > out.chosen) {
      out.benchmark = b;
      out.chosen = *b->value(q.column);
    }
  if (pick.size() > 1 && !out.highest_grade) {
    bool same = true;
    for (const auto* b : pick) same = same && *b->value(q.column) == out.chosen;
    if (!same) {
      out.highest_grade = true;
      out.how.push_back("several of the listed routes apply: the highest (IR 2025/2620 Annex point 5.1)");
    }
  }
  out.route = out.benchmark->route(q.column);
  if (const auto& y = out.benchmark->years(q.column)) out.years = y->str();
  if (provisional_for_ != 0 && q.year > provisional_for_) {
    out.provisional = true;
    out.how.push_back("provisional " + std::to_string(provisional_for_) + " value applied to import year " +
                      std::to_string(q.year) + (provisional_note_.empty() ? "" : ": " + provisional_note_));
  }
  out.found = true;
  return out;
}

BenchmarkTable BenchmarkTable::overridden_by(const BenchmarkTable& user) const {
  // A user value replaces the library values of its CN code and column; of its route when it
  // names one (else of every route) and of its year band when it names one (else of every band).
  auto replaced = [&](const Benchmark& lib, BenchmarkColumn c) {
    for (const auto& u : user.rows_) {
      if (!u.value(c) || u.cn != lib.cn) continue;
      if (!u.route(c).empty() && u.route(c) != lib.route(c)) continue;
      const auto& uy = u.years(c);
      const auto& ly = lib.years(c);
      if (uy && (!ly || ly->first != uy->first || ly->last != uy->last)) continue;
      return true;
    }
    return false;
  };
  BenchmarkTable out;
  out.indicators_ = indicators_;
  for (const auto& i : user.indicators_)
    if (!out.indicator(i.letter)) out.indicators_.push_back(i);
  out.provisional_for_ = provisional_for_;
  out.provisional_note_ = provisional_note_;
  for (const auto& b : rows_) {
    Benchmark kept = b;
    if (kept.column_a && replaced(b, BenchmarkColumn::a)) kept.column_a.reset();
    if (kept.column_b && replaced(b, BenchmarkColumn::b)) kept.column_b.reset();
    if (kept.column_a || kept.column_b) out.rows_.push_back(std::move(kept));
  }
  out.rows_.insert(out.rows_.end(), user.rows_.begin(), user.rows_.end());
  out.index();
  return out;
}

LoadResult<FactorLibrary> load_factor_files(const std::vector<std::string>& paths,
                                            const std::vector<std::string>& display_names) {
  Diagnostics diags;
  LibraryBuilder b(diags);
  for (std::size_t i = 0; i < paths.size(); ++i) b.load(paths[i], display_names[i]);
  return {b.finish(), std::move(diags)};
}

LoadResult<FactorLibrary> load_factor_library(const std::string& factors_dir,
                                              const std::string& display_prefix) {
  std::vector<std::string> paths, names;
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(factors_dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".xml") files.push_back(e.path());
  if (ec) {
    Diagnostics d;
    d.error({factors_dir, 0}, "cannot read the factor directory: " + ec.message());
    return {FactorLibrary{}, std::move(d)};
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    paths.push_back(f.string());
    names.push_back(display_prefix + f.filename().string());
  }
  return load_factor_files(paths, names);
}

}  // namespace greengate::factors
