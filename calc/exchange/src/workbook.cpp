#include "greengate/exchange/workbook.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "greengate/error.hpp"
#include "xml_scan.hpp"

namespace greengate::exchange {

namespace xs = xml_scan;

namespace {

[[noreturn]] void fail(const std::string& display, const std::string& where,
                       const std::string& message) {
  Diagnostics d;
  d.error(SourcePos{display, 0, 0, where}, message);
  throw InputError(d.format(), d);
}

std::uint64_t key(int row, int col) {
  return (static_cast<std::uint64_t>(row) << 20) | static_cast<std::uint64_t>(col);
}

// "xl/worksheets/sheet1.xml" from a relationship target relative to the part's folder.
std::string resolve(const std::string& base_dir, std::string target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  std::string path = base_dir;
  while (target.rfind("../", 0) == 0) {
    target.erase(0, 3);
    auto slash = path.find_last_of('/', path.size() >= 2 ? path.size() - 2 : 0);
    path = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  }
  return path + target;
}

std::string folder_of(const std::string& part) {
  auto slash = part.rfind('/');
  return slash == std::string::npos ? "" : part.substr(0, slash + 1);
}

std::string rels_of(const std::string& part) {
  return folder_of(part) + "_rels/" + part.substr(folder_of(part).size()) + ".rels";
}

struct Relationship {
  std::string id, type, target;
  bool external = false;
};

std::vector<Relationship> read_rels(const ZipArchive& zip, const std::string& rels_part) {
  std::vector<Relationship> out;
  const ZipMember* m = zip.find(rels_part);
  if (!m) return out;
  std::string xml = zip.read(*m);
  xs::Scanner sc(xml);
  try {
    for (auto t = sc.next(); t.kind != xs::Kind::end; t = sc.next()) {
      if ((t.kind == xs::Kind::empty || t.kind == xs::Kind::open) && t.name == "Relationship") {
        Relationship r;
        r.id = xs::attr(t.attrs, "Id").value_or("");
        r.type = xs::attr(t.attrs, "Type").value_or("");
        r.target = xs::attr(t.attrs, "Target").value_or("");
        r.external = xs::attr(t.attrs, "TargetMode").value_or("") == "External";
        out.push_back(std::move(r));
      }
    }
  } catch (const std::runtime_error& e) {
    fail(zip.display(), rels_part, std::string("malformed XML: ") + e.what());
  }
  return out;
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// Built-in number formats that show dates or times (ECMA-376 Part 1, 18.8.30), and custom
// format codes with date/time letters outside quotes, brackets and escapes.
bool is_date_format(int id, std::string_view code) {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
      (id >= 50 && id <= 58))
    return true;
  if (code.empty()) return false;
  bool quoted = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (quoted) {
      if (c == '"') quoted = false;
      continue;
    }
    if (c == '"') quoted = true;
    else if (c == '\\' || c == '_' || c == '*') ++i;
    else if (c == '[') {
      auto close = code.find(']', i);
      std::string_view inside = code.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1);
      // [h], [mm], [ss] are elapsed times; [Red], [$-409], [>=100] are not
      if (!inside.empty() && (inside[0] == 'h' || inside[0] == 'H' || inside[0] == 'm' ||
                              inside[0] == 'M' || inside[0] == 's' || inside[0] == 'S'))
        return true;
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == ';') {
      break;  // only the first section decides
    } else {
      char l = static_cast<char>(c | 0x20);
      if (l == 'd' || l == 'm' || l == 'y' || l == 'h' || l == 's') return true;
    }
  }
  return false;
}

// Days from 1970-01-01 to a civil date and back (Howard Hinnant's algorithms).
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
Date civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp + (mp < 10 ? 3 : -9);
  return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

std::optional<double> to_number(std::string_view s) {
  while (!s.empty() && (s.front() == ' ')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ')) s.remove_suffix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (res.ec != std::errc() || res.ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string number_text(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

}  // namespace

// ---- references ------------------------------------------------------------------------------

std::optional<CellRef> parse_ref(std::string_view a) {
  std::size_t i = 0;
  if (i < a.size() && a[i] == '$') ++i;
  int col = 0;
  std::size_t letters = 0;
  while (i < a.size() && a[i] >= 'A' && a[i] <= 'Z') {
    col = col * 26 + (a[i] - 'A' + 1);
    ++i;
    if (++letters > 3) return std::nullopt;
  }
  if (letters == 0) return std::nullopt;
  if (i < a.size() && a[i] == '$') ++i;
  int row = 0;
  std::size_t digits = 0;
  while (i < a.size() && a[i] >= '0' && a[i] <= '9') {
    row = row * 10 + (a[i] - '0');
    ++i;
    if (++digits > 7) return std::nullopt;
  }
  if (digits == 0 || i != a.size() || row < 1 || col > 16384 || row > 1048576) return std::nullopt;
  return CellRef{row, col};
}

std::string column_name(int col) {
  std::string s;
  while (col > 0) {
    int r = (col - 1) % 26;
    s.insert(s.begin(), static_cast<char>('A' + r));
    col = (col - 1) / 26;
  }
  return s;
}

std::string ref_name(int row, int col) { return column_name(col) + std::to_string(row); }

const Cell* Worksheet::cell(int row, int col) const {
  auto it = cells_.find(key(row, col));
  return it == cells_.end() ? nullptr : &it->second;
}

const Cell* Worksheet::cell(std::string_view a1) const {
  auto r = parse_ref(a1);
  return r ? cell(r->row, r->col) : nullptr;
}

// ---- package ---------------------------------------------------------------------------------

const SheetInfo* Package::find_sheet(std::string_view name) const {
  for (const auto& s : sheets)
    if (s.name == name) return &s;
  return nullptr;
}

Package Package::open(std::string bytes, const std::string& display, ZipLimits limits) {
  Package p;
  p.zip = std::make_unique<ZipArchive>(std::move(bytes), display, limits);
  const ZipArchive& zip = *p.zip;
  p.workbook_part = "xl/workbook.xml";
  for (const auto& r : read_rels(zip, "_rels/.rels"))
    if (ends_with(r.type, "/officeDocument")) p.workbook_part = resolve("", r.target);
  const ZipMember* wb = zip.find(p.workbook_part);
  if (!wb)
    fail(display, "", "not an .xlsx workbook: the archive has no " + p.workbook_part +
                          " (is it a .docx, an .ods or another zip file?)");
  auto rels = read_rels(zip, rels_of(p.workbook_part));
  std::string xml = zip.read(*wb);
  try {
    xs::Scanner sc(xml);
    for (auto t = sc.next(); t.kind != xs::Kind::end; t = sc.next()) {
      if (t.kind == xs::Kind::text || t.kind == xs::Kind::close) continue;
      if (t.name == "workbookPr") {
        auto d = xs::attr(t.attrs, "date1904");
        p.date1904 = d && (*d == "1" || *d == "true");
      } else if (t.name == "sheet") {
        SheetInfo s;
        s.name = xs::attr(t.attrs, "name").value_or("");
        auto state = xs::attr(t.attrs, "state").value_or("visible");
        s.hidden = state != "visible";
        std::string rid = xs::attr(t.attrs, "id").value_or("");
        for (const auto& r : rels)
          if (r.id == rid) s.part = resolve(folder_of(p.workbook_part), r.target);
        // chartsheets and dialog sheets have no cells; only worksheets are listed
        bool worksheet = false;
        for (const auto& r : rels)
          if (r.id == rid) worksheet = ends_with(r.type, "/worksheet");
        if (worksheet && !s.part.empty()) p.sheets.push_back(std::move(s));
      }
    }
  } catch (const std::runtime_error& e) {
    fail(display, p.workbook_part, std::string("malformed XML: ") + e.what());
  }
  for (const auto& r : rels) {
    if (!ends_with(r.type, "/externalLink")) continue;
    std::string part = resolve(folder_of(p.workbook_part), r.target);
    std::string target = part;
    for (const auto& er : read_rels(zip, rels_of(part)))
      if (er.external) target = er.target;
    p.external_links.push_back(target);
  }
  for (const auto& m : zip.members())
    if (m.name.rfind("xl/externalLinks/", 0) == 0 && m.name.find("_rels") == std::string::npos &&
        std::find(p.external_links.begin(), p.external_links.end(), m.name) == p.external_links.end()) {
      bool listed = false;
      for (const auto& r : rels) listed = listed || resolve(folder_of(p.workbook_part), r.target) == m.name;
      if (!listed) p.external_links.push_back(m.name);
    }
  return p;
}

// ---- reading ---------------------------------------------------------------------------------

Workbook::Workbook(std::string bytes, std::string display, ZipLimits limits)
    : display_(display), pkg_(Package::open(std::move(bytes), display, limits)) {
  load_shared_strings();
  load_styles();
}

void Workbook::load_shared_strings() {
  const ZipMember* m = pkg_.zip->find("xl/sharedStrings.xml");
  for (const auto& r : read_rels(*pkg_.zip, rels_of(pkg_.workbook_part)))
    if (ends_with(r.type, "/sharedStrings")) m = pkg_.zip->find(resolve(folder_of(pkg_.workbook_part), r.target));
  if (!m) return;
  std::string xml = pkg_.zip->read(*m);
  try {
    xs::Scanner sc(xml);
    std::string cur;
    bool in_si = false, in_t = false;
    int phonetic = 0;
    for (auto t = sc.next(); t.kind != xs::Kind::end; t = sc.next()) {
      if (t.kind == xs::Kind::open) {
        if (t.name == "si") in_si = true, cur.clear();
        else if (t.name == "t") in_t = true;
        else if (t.name == "rPh") ++phonetic;
      } else if (t.kind == xs::Kind::close) {
        if (t.name == "si") {
          shared_.push_back(xs::unescape_ooxml(cur));
          in_si = false;
        } else if (t.name == "t") {
          in_t = false;
        } else if (t.name == "rPh") {
          --phonetic;
        }
      } else if (t.kind == xs::Kind::empty && t.name == "si") {
        shared_.emplace_back();
      } else if (t.kind == xs::Kind::text && in_si && in_t && phonetic == 0) {
        cur += xs::decode(t.raw);
      }
    }
  } catch (const std::runtime_error& e) {
    fail(display_, m->name, std::string("malformed XML: ") + e.what());
  }
}

void Workbook::load_styles() {
  const ZipMember* m = pkg_.zip->find("xl/styles.xml");
  for (const auto& r : read_rels(*pkg_.zip, rels_of(pkg_.workbook_part)))
    if (ends_with(r.type, "/styles")) m = pkg_.zip->find(resolve(folder_of(pkg_.workbook_part), r.target));
  if (!m) return;
  std::string xml = pkg_.zip->read(*m);
  std::map<int, std::string> codes;
  try {
    xs::Scanner sc(xml);
    bool in_xfs = false;
    for (auto t = sc.next(); t.kind != xs::Kind::end; t = sc.next()) {
      if ((t.kind == xs::Kind::open || t.kind == xs::Kind::empty) && t.name == "numFmt") {
        auto id = to_number(xs::attr(t.attrs, "numFmtId").value_or(""));
        if (id) codes[static_cast<int>(*id)] = xs::attr(t.attrs, "formatCode").value_or("");
      } else if (t.kind == xs::Kind::open && t.name == "cellXfs") {
        in_xfs = true;
      } else if (t.kind == xs::Kind::close && t.name == "cellXfs") {
        in_xfs = false;
      } else if (in_xfs && (t.kind == xs::Kind::open || t.kind == xs::Kind::empty) && t.name == "xf") {
        int id = static_cast<int>(to_number(xs::attr(t.attrs, "numFmtId").value_or("0")).value_or(0));
        auto it = codes.find(id);
        date_styles_.push_back(is_date_format(id, it == codes.end() ? "" : it->second));
      }
    }
  } catch (const std::runtime_error& e) {
    fail(display_, m->name, std::string("malformed XML: ") + e.what());
  }
}

bool Workbook::is_date(const Cell& c) const {
  return c.type == CellType::number && c.style >= 0 &&
         static_cast<std::size_t>(c.style) < date_styles_.size() &&
         date_styles_[static_cast<std::size_t>(c.style)];
}

std::optional<Date> Workbook::date_of(double serial) const {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958465) return std::nullopt;
  long days = static_cast<long>(std::floor(serial));
  if (pkg_.date1904) return civil_from_days(days_from_civil(1904, 1, 1) + days);
  if (days < 1 || days == 60) return std::nullopt;  // day 60 is Excel's 29 February 1900
  long base = days < 60 ? days_from_civil(1899, 12, 31) : days_from_civil(1899, 12, 30);
  return civil_from_days(base + days);
}

const Worksheet& Workbook::sheet(std::string_view name, int max_row) {
  if (auto it = parsed_.find(name); it != parsed_.end()) {
    if (it->second.max_row_ == 0 || (max_row != 0 && max_row <= it->second.max_row_)) return it->second;
    parsed_.erase(it);
  }
  const SheetInfo* info = pkg_.find_sheet(name);
  if (!info) fail(display_, std::string(name), "the workbook has no sheet \"" + std::string(name) + "\"");
  const ZipMember* m = pkg_.zip->find(info->part);
  if (!m) fail(display_, std::string(name), "the sheet's part " + info->part + " is missing from the archive");
  std::string xml = pkg_.zip->read(*m);
  Worksheet ws;
  ws.name_ = std::string(name);
  ws.max_row_ = max_row;
  ws.cells_.reserve(max_row > 0 ? static_cast<std::size_t>(max_row) * 8 : xml.size() / 64);
  try {
    xs::Scanner sc(xml);
    int row = 0, col = 0;
    Cell cur;
    int cur_row = 0, cur_col = 0;
    std::string type;
    enum class In { none, v, f, is_t } in = In::none;
    bool in_cell = false, in_is = false;
    int phonetic = 0;
    std::string value, itext;
    auto finish = [&]() {
      if (type == "s") {
        auto idx = to_number(value);
        if (!idx || *idx < 0 || static_cast<std::size_t>(*idx) >= shared_.size())
          fail(display_, ws.name_ + "!" + ref_name(cur_row, cur_col),
               "refers to shared string " + value + ", which the workbook does not have");
        cur.type = CellType::text;
        cur.text = shared_[static_cast<std::size_t>(*idx)];
      } else if (type == "inlineStr") {
        cur.type = CellType::text;
        cur.text = xs::unescape_ooxml(itext);
      } else if (type == "str") {
        cur.type = value.empty() && !cur.formula ? CellType::empty : CellType::text;
        cur.text = xs::unescape_ooxml(value);
        if (cur.formula && value.empty()) cur.type = CellType::text;
      } else if (type == "b") {
        if (!value.empty()) {
          cur.type = CellType::boolean;
          cur.number = value == "1" || value == "true" ? 1 : 0;
        }
      } else if (type == "e") {
        cur.type = CellType::error;
        cur.text = value;
      } else if (type == "d") {
        if (!value.empty()) cur.type = CellType::text, cur.text = value;
      } else if (!value.empty()) {
        auto v = to_number(value);
        if (!v) fail(display_, ws.name_ + "!" + ref_name(cur_row, cur_col),
                     "holds \"" + value + "\" where the file format requires a number");
        cur.type = CellType::number;
        cur.number = *v;
      }
      if (cur.formula || cur.type != CellType::empty)
        ws.cells_[key(cur_row, cur_col)] = std::move(cur);
    };
    auto start_cell = [&](std::string_view attrs) {
      cur = Cell{};
      type = xs::attr(attrs, "t").value_or("n");
      cur.style = static_cast<int>(to_number(xs::attr(attrs, "s").value_or("0")).value_or(0));
      if (auto r = xs::attr(attrs, "r")) {
        auto ref = parse_ref(*r);
        if (!ref) fail(display_, ws.name_, "malformed cell reference \"" + *r + "\"");
        cur_row = ref->row;
        cur_col = ref->col;
      } else {
        cur_row = row;
        cur_col = col + 1;
      }
      col = cur_col;
      value.clear();
      itext.clear();
    };
    for (auto t = sc.next(); t.kind != xs::Kind::end; t = sc.next()) {
      switch (t.kind) {
        case xs::Kind::open:
          if (t.name == "row") {
            auto r = to_number(xs::attr(t.attrs, "r").value_or(""));
            row = r ? static_cast<int>(*r) : row + 1;
            col = 0;
            if (max_row > 0 && row > max_row) goto done;  // rows are in order (ECMA-376 18.3.1.73)
          } else if (t.name == "c") {
            start_cell(t.attrs);
            in_cell = true;
          } else if (in_cell && t.name == "v") {
            in = In::v;
          } else if (in_cell && t.name == "f") {
            in = In::f;
            cur.formula = true;
          } else if (in_cell && t.name == "is") {
            in_is = true;
          } else if (in_is && t.name == "rPh") {
            ++phonetic;
          } else if (in_is && t.name == "t") {
            in = In::is_t;
          }
          break;
        case xs::Kind::empty:
          if (t.name == "row") {
            auto r = to_number(xs::attr(t.attrs, "r").value_or(""));
            row = r ? static_cast<int>(*r) : row + 1;
            col = 0;
          } else if (t.name == "c") {
            start_cell(t.attrs);
            finish();
          } else if (in_cell && t.name == "f") {
            cur.formula = true;  // a shared-formula follower: <f t="shared" si="3"/>
          }
          break;
        case xs::Kind::close:
          if (t.name == "c" && in_cell) {
            finish();
            in_cell = false;
            in_is = false;
          } else if (t.name == "is") {
            in_is = false;
          } else if (t.name == "rPh") {
            --phonetic;
          } else if (t.name == "v" || t.name == "f" || t.name == "t") {
            in = In::none;
          }
          break;
        case xs::Kind::text:
          if (in == In::v) value += xs::decode(t.raw);
          else if (in == In::f) cur.formula_text += xs::decode(t.raw);
          else if (in == In::is_t && phonetic == 0) itext += xs::decode(t.raw);
          break;
        case xs::Kind::end: break;
      }
    }
  done:;
  } catch (const std::runtime_error& e) {
    fail(display_, info->part, std::string("malformed XML: ") + e.what());
  }
  return parsed_.emplace(std::string(name), std::move(ws)).first->second;
}

// ---- editing ---------------------------------------------------------------------------------

WorkbookEditor::WorkbookEditor(std::string bytes, std::string display)
    : display_(display), pkg_(Package::open(std::move(bytes), display, ZipLimits{})) {}

WorkbookEditor::Edit& WorkbookEditor::edit(std::string_view sheet, int row, int col) {
  const SheetInfo* info = pkg_.find_sheet(sheet);
  if (!info) throw InternalError("workbook " + display_ + " has no sheet " + std::string(sheet));
  return edits_[info->part][{row, col}];
}

void WorkbookEditor::set_number(std::string_view sheet, int row, int col, double v) {
  if (!std::isfinite(v))
    throw InternalError("not a finite number for " + std::string(sheet) + "!" + ref_name(row, col));
  auto& e = edit(sheet, row, col);
  e.kind = Edit::Kind::number;
  e.number = v;
}
void WorkbookEditor::set_text(std::string_view sheet, int row, int col, std::string text) {
  auto& e = edit(sheet, row, col);
  e.kind = Edit::Kind::text;
  e.text = std::move(text);
}
void WorkbookEditor::set_bool(std::string_view sheet, int row, int col, bool v) {
  auto& e = edit(sheet, row, col);
  e.kind = Edit::Kind::boolean;
  e.number = v ? 1 : 0;
}
void WorkbookEditor::clear(std::string_view sheet, int row, int col) {
  edit(sheet, row, col).kind = Edit::Kind::clear;
}
void WorkbookEditor::set_formula(std::string_view sheet, int row, int col, std::string formula,
                                 double cached) {
  auto& e = edit(sheet, row, col);
  e.kind = Edit::Kind::formula;
  e.text = std::move(formula);
  e.number = cached;
}
void WorkbookEditor::rename_sheet(std::string_view from, std::string to) {
  renames_[std::string(from)] = std::move(to);
}
void WorkbookEditor::put_member(std::string name, std::string content) {
  put_[std::move(name)] = std::move(content);
}
void WorkbookEditor::patch_member(std::string name, std::string (*f)(const std::string&)) {
  patches_.emplace_back(std::move(name), f);
}

namespace {

struct EditCell {
  int col;
  const void* edit;
};

// Attribute text without the named attributes.
std::string drop_attrs(std::string_view attrs, std::initializer_list<std::string_view> names) {
  std::string out;
  std::size_t i = 0;
  while (i < attrs.size()) {
    std::size_t start = i;
    while (i < attrs.size() && (attrs[i] == ' ' || attrs[i] == '\t' || attrs[i] == '\n' || attrs[i] == '\r')) ++i;
    std::size_t k = i;
    while (i < attrs.size() && attrs[i] != '=') ++i;
    std::string_view key = attrs.substr(k, i - k);
    while (key.size() && key.back() == ' ') key.remove_suffix(1);
    if (i >= attrs.size()) {
      out.append(attrs.substr(start));
      break;
    }
    ++i;
    while (i < attrs.size() && attrs[i] != '"' && attrs[i] != '\'') ++i;
    if (i >= attrs.size()) break;
    char q = attrs[i++];
    while (i < attrs.size() && attrs[i] != q) ++i;
    ++i;
    bool drop = false;
    for (auto n : names) drop = drop || key == n;
    if (!drop) out.append(attrs.substr(start, i - start));
  }
  return out;
}

}  // namespace

std::string WorkbookEditor::save(const SaveOptions& options) {
  using EditMap = std::map<std::pair<int, int>, Edit>;
  // `x` is the namespace prefix the worksheet uses for its elements ("" or "x:").
  auto cell_xml = [](const std::string& x, int row, int col, std::string attrs, const Edit& e) {
    std::string r = "<" + x + "c r=\"" + ref_name(row, col) + "\"" + attrs;
    std::string v_open = "<" + x + "v>", v_close = "</" + x + "v></" + x + "c>";
    switch (e.kind) {
      case Edit::Kind::number: return r + ">" + v_open + number_text(e.number) + v_close;
      case Edit::Kind::boolean: return r + " t=\"b\">" + v_open + number_text(e.number) + v_close;
      case Edit::Kind::text:
        return r + " t=\"inlineStr\"><" + x + "is><" + x + "t xml:space=\"preserve\">" +
               xs::escape(e.text) + "</" + x + "t></" + x + "is></" + x + "c>";
      case Edit::Kind::formula:
        return r + "><" + x + "f>" + xs::escape(e.text) + "</" + x + "f>" + v_open +
               number_text(e.number) + v_close;
      case Edit::Kind::clear: return r + "/>";
    }
    return r + "/>";
  };

  auto rewrite_sheet = [&](const std::string& part, const std::string& sheet_name,
                           const std::string& xml, const EditMap* edits, bool strip) {
    std::string out;
    out.reserve(xml.size());
    xs::Scanner sc(xml);
    auto next_edit = edits ? edits->begin() : EditMap::const_iterator{};
    auto edits_end = edits ? edits->end() : EditMap::const_iterator{};
    bool in_data = false;
    int row = 0, col = 0;
    bool row_open = false;
    std::string x;  // the namespace prefix of the worksheet's elements, taken from <sheetData>
    auto flush_rows_before = [&](int r) {  // whole new rows for edits above row r
      while (edits && next_edit != edits_end && next_edit->first.first < r) {
        int nr = next_edit->first.first;
        out += "<" + x + "row r=\"" + std::to_string(nr) + "\">";
        while (next_edit != edits_end && next_edit->first.first == nr) {
          out += cell_xml(x, nr, next_edit->first.second, "", next_edit->second);
          ++next_edit;
        }
        out += "</" + x + "row>";
      }
    };
    auto flush_cells_before = [&](int c) {  // new cells in the current row left of column c
      while (edits && next_edit != edits_end && next_edit->first.first == row &&
             next_edit->first.second < c) {
        out += cell_xml(x, row, next_edit->first.second, "", next_edit->second);
        ++next_edit;
      }
    };
    for (auto t = sc.next(); t.kind != xs::Kind::end; t = sc.next()) {
      if (!in_data) {
        if ((t.kind == xs::Kind::open || t.kind == xs::Kind::empty) && t.name == "sheetData") {
          std::string_view raw = t.raw.substr(1);
          auto colon = raw.find(':');
          x = colon != std::string_view::npos && colon < raw.find_first_of(" />")
                  ? std::string(raw.substr(0, colon + 1))
                  : std::string();
        }
        if (t.kind == xs::Kind::open && t.name == "sheetData") in_data = true;
        if (t.kind == xs::Kind::empty && t.name == "sheetData") {
          out += "<" + x + "sheetData>";
          flush_rows_before(1 << 30);
          out += "</" + x + "sheetData>";
          continue;
        }
        out += t.raw;
        continue;
      }
      if (t.kind == xs::Kind::close && t.name == "sheetData") {
        flush_rows_before(1 << 30);
        out += t.raw;
        in_data = false;
        continue;
      }
      if ((t.kind == xs::Kind::open || t.kind == xs::Kind::empty) && t.name == "row") {
        auto r = to_number(xs::attr(t.attrs, "r").value_or(""));
        row = r ? static_cast<int>(*r) : row + 1;
        col = 0;
        flush_rows_before(row);
        bool has_edits = edits && next_edit != edits_end && next_edit->first.first == row;
        if (t.kind == xs::Kind::empty && has_edits) {
          std::string_view raw = t.raw;
          out.append(raw.substr(0, raw.size() - 2));
          out += ">";
          flush_cells_before(1 << 30);
          out += "</" + x + "row>";
        } else {
          out += t.raw;
          row_open = t.kind == xs::Kind::open;
        }
        continue;
      }
      if (t.kind == xs::Kind::close && t.name == "row") {
        flush_cells_before(1 << 30);
        out += t.raw;
        row_open = false;
        continue;
      }
      if ((t.kind == xs::Kind::open || t.kind == xs::Kind::empty) && t.name == "c" && row_open) {
        auto r = xs::attr(t.attrs, "r");
        auto ref = r ? parse_ref(*r) : std::optional<CellRef>{};
        int c = ref ? ref->col : col + 1;
        col = c;
        flush_cells_before(c);
        // The whole cell element.
        std::string inner;
        bool formula = false;
        if (t.kind == xs::Kind::open) {
          for (auto u = sc.next(); !(u.kind == xs::Kind::close && u.name == "c"); u = sc.next()) {
            if (u.kind == xs::Kind::end) throw std::runtime_error("unterminated cell");
            if ((u.kind == xs::Kind::open || u.kind == xs::Kind::empty) && u.name == "f") formula = true;
            inner += u.raw;
          }
        }
        bool edited = edits && next_edit != edits_end && next_edit->first.first == row &&
                      next_edit->first.second == c;
        if (edited) {
          if (formula)
            throw InternalError("template export: " + sheet_name + "!" + ref_name(row, c) +
                                " holds a formula; GreenGate never writes a value into it");
          out += cell_xml(x, row, c, drop_attrs(t.attrs, {"r", "t"}), next_edit->second);
          ++next_edit;
        } else if (strip && formula) {
          // Keep the formula, drop its cached value and the value's type.
          std::string kept;
          xs::Scanner ic(inner);
          int depth_v = 0;
          for (auto u = ic.next(); u.kind != xs::Kind::end; u = ic.next()) {
            if (u.kind == xs::Kind::open && u.name == "v") { ++depth_v; continue; }
            if (u.kind == xs::Kind::close && u.name == "v") { --depth_v; continue; }
            if (u.kind == xs::Kind::empty && u.name == "v") continue;
            if (depth_v == 0) kept += u.raw;
          }
          out += "<" + x + "c" + drop_attrs(t.attrs, {"t"}) + ">" + kept + "</" + x + "c>";
        } else {
          out += t.raw;
          if (t.kind == xs::Kind::open) out += inner + "</" + x + "c>";
        }
        continue;
      }
      out += t.raw;
    }
    if (edits && next_edit != edits_end)
      throw InternalError("template export: " + part + " has no sheetData for the edits");
    return out;
  };

  ZipWriter w;
  const ZipArchive& zip = *pkg_.zip;
  std::set<std::string> written;
  for (const auto& m : zip.members()) {
    const std::string& name = m.name;
    if (put_.count(name)) continue;  // replaced below
    if (options.recalculate && name == "xl/calcChain.xml") continue;
    const SheetInfo* sheet = nullptr;
    for (const auto& s : pkg_.sheets)
      if (s.part == name) sheet = &s;
    auto eit = edits_.find(name);
    bool strip = options.recalculate && sheet && !options.keep_cached.count(sheet->name);
    bool patched = false;
    for (const auto& p : patches_) patched = patched || p.first == name;
    bool special = name == "[Content_Types].xml" || name == pkg_.workbook_part ||
                   name == rels_of(pkg_.workbook_part);
    if (!special && !patched && !strip && eit == edits_.end()) {
      w.add_raw(m, zip.raw(m));
      continue;
    }
    std::string xml = zip.read(m);
    try {
      if (sheet && (strip || eit != edits_.end()))
        xml = rewrite_sheet(name, sheet->name, xml, eit == edits_.end() ? nullptr : &eit->second,
                            strip);
      if (options.recalculate && name == "[Content_Types].xml") {
        auto at = xml.find("/xl/calcChain.xml");
        if (at != std::string::npos) {
          auto b = xml.rfind('<', at), e = xml.find('>', at);
          if (b != std::string::npos && e != std::string::npos) xml.erase(b, e - b + 1);
        }
      }
      if (options.recalculate && name == rels_of(pkg_.workbook_part)) {
        auto at = xml.find("/calcChain\"");
        if (at != std::string::npos) {
          auto b = xml.rfind('<', at), e = xml.find('>', at);
          if (b != std::string::npos && e != std::string::npos) xml.erase(b, e - b + 1);
        }
      }
      if (name == pkg_.workbook_part) {
        for (const auto& [from, to] : renames_) {
          std::string needle = "name=\"" + xs::escape(from) + "\"";
          auto at = xml.find(needle);
          if (at != std::string::npos) xml.replace(at, needle.size(), "name=\"" + xs::escape(to) + "\"");
        }
        if (options.recalculate) {
          auto at = xml.find("<calcPr");
          if (at != std::string::npos) {
            auto e = xml.find("/>", at);
            std::string tag = xml.substr(at, e - at);
            std::string attrs = drop_attrs(tag.substr(7), {"fullCalcOnLoad"});
            xml.replace(at, e - at, "<calcPr" + attrs + " fullCalcOnLoad=\"1\"");
          } else if (auto end = xml.rfind("</workbook>"); end != std::string::npos) {
            xml.insert(end, "<calcPr fullCalcOnLoad=\"1\"/>");
          }
        }
      }
    } catch (const std::runtime_error& e) {
      if (dynamic_cast<const Error*>(&e)) throw;
      throw InternalError("template export: " + name + ": malformed XML: " + e.what());
    }
    for (const auto& p : patches_)
      if (p.first == name) xml = p.second(xml);
    w.add(name, xml, options.level, m.dos_time, m.dos_date);
  }
  for (const auto& [name, content] : put_) {
    std::uint16_t t = zip.members().empty() ? 0 : zip.members().front().dos_time;
    std::uint16_t d = zip.members().empty() ? 0 : zip.members().front().dos_date;
    w.add(name, content, options.level, t, d);
  }
  return w.finish();
}

}  // namespace greengate::exchange
