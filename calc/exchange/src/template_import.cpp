// The Communication template → firm (see communication_template.hpp for what is read). Reading
// goes section by section; every problem becomes a diagnostic at its cell and reading goes on, so
// one run lists all problems of a file (STYLE.md §3, as the XML loaders do).

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "greengate/exchange/communication_template.hpp"
#include "greengate/exchange/workbook.hpp"
#include "greengate/model/cn_code.hpp"
#include "template_layout.hpp"

namespace greengate::exchange {

namespace u = greengate::units;
namespace ly = layout;

namespace {

std::string trim(std::string_view s) {
  auto sp = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && sp(s.front())) s.remove_prefix(1);
  while (!s.empty() && sp(s.back())) s.remove_suffix(1);
  // non-breaking spaces (U+00A0) at either end, as pasted from other documents
  while (s.size() >= 2 && s.substr(0, 2) == "\xc2\xa0") s.remove_prefix(2);
  while (s.size() >= 2 && s.substr(s.size() - 2) == "\xc2\xa0") s.remove_suffix(2);
  return std::string(s);
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string slug(const std::string& s, const std::string& fallback) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) && c < 0x80) out += static_cast<char>(std::tolower(c));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() > 48) out.resize(48);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? fallback : out;
}

std::string shown(const Cell& c) {
  switch (c.type) {
    case CellType::number: {
      std::ostringstream o;
      o.precision(15);
      o << c.number;
      return o.str();
    }
    case CellType::boolean: return c.number != 0 ? "TRUE" : "FALSE";
    case CellType::text:
    case CellType::error: return c.text;
    case CellType::empty: return "";
  }
  return "";
}

std::optional<double> number_text(const std::string& s) {
  if (s.empty()) return std::nullopt;
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(s, &used);
  } catch (...) {
    return std::nullopt;
  }
  if (used != s.size() || !std::isfinite(v)) return std::nullopt;
  for (char c : s)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' ||
          c == 'e' || c == 'E'))
      return std::nullopt;
  return v;
}

// "P" + 3 without the temporary that trips GCC 12's -Wrestrict false positive.
std::string numbered(const char* prefix, long n) {
  std::string out(prefix);
  out += std::to_string(n);
  return out;
}

enum class Range { any, non_negative, positive, fraction, percent };

class Importer {
 public:
  Importer(Workbook& wb, const std::string& display, const calc::Dataset& data, TemplateImport& out)
      : wb_(wb), display_(display), data_(data), out_(out), diags_(out.diagnostics) {}

  void run() {
    for (auto s : {ly::kVersion, ly::kInst, ly::kEm, ly::kEnergy, ly::kProc, ly::kPurch,
                   ly::kProducts, ly::kParams, ly::kCodes})
      if (!wb_.has_sheet(s)) {
        diags_.error(SourcePos{display_, 0, 0, std::string(s)},
                     "the sheet \"" + std::string(s) + "\" is missing: this is not a complete "
                     "Communication template for installations (v2.1 or v2.1.1)");
      }
    if (diags_.has_errors()) return;
    if (!version()) return;
    external_links();
    installation();
    processes();
    purchased();
    inventory();
    products();
    energy_sheet();
    law_against_template();
    if (!diags_.has_errors()) model::check_firm(out_.firm, diags_);
  }

 private:
  // ---- cells -------------------------------------------------------------------------------
  // A sheet, parsed as far down as the template's input cells go (the rows below are the
  // template's own calculations: Summary_Products has 600 rows of them).
  const Worksheet& ws(std::string_view sheet) {
    int max_row = 0;
    if (sheet == ly::kVersion) max_row = 5;
    else if (sheet == ly::kInst) max_row = ly::kPurchFirstRow + ly::kPurchCount - 1;
    else if (sheet == ly::kEm) max_row = ly::kMeasFirstRow + ly::kMeasCount - 1;
    else if (sheet == ly::kEnergy) max_row = ly::kAssuranceRow;
    else if (sheet == ly::kProc) max_row = ly::proc_row(ly::kProcCount, ly::kProcStride - 1);
    else if (sheet == ly::kPurch) max_row = ly::purch_row(ly::kPurchCount, ly::kPurchStride - 1);
    else if (sheet == ly::kProducts) max_row = ly::kProdFirstRow + ly::kProdCount - 1;
    else if (sheet == ly::kParams) max_row = ly::kGoodsListRow + static_cast<int>(ly::kGoods.size()) - 1;
    else if (sheet == ly::kCodes) max_row = 277;
    return wb_.sheet(sheet, max_row);
  }

  SourcePos pos(std::string_view sheet, int row, int col) const {
    return SourcePos{display_, 0, 0, std::string(sheet) + "!" + ref_name(row, col)};
  }
  SourcePos range(std::string_view sheet, int row, int col, int row2, int col2) const {
    return SourcePos{display_, 0, 0,
                     std::string(sheet) + "!" + ref_name(row, col) + ":" + ref_name(row2, col2)};
  }
  std::string at(std::string_view sheet, int row, int col) const {
    return std::string(sheet) + "!" + ref_name(row, col);
  }

  const Cell* cell(std::string_view sheet, int row, int col) {
    const Cell* c = ws(sheet).cell(row, col);
    if (!c) return nullptr;
    if (c->formula && !c->has_value()) {
      std::string key = at(sheet, row, col);
      if (reported_.insert(key).second)
        diags_.error(pos(sheet, row, col),
                     "holds a formula (=" + c->formula_text + ") whose value is not stored in the "
                     "file: open the template in Excel or LibreOffice and save it again");
      return nullptr;
    }
    return c->has_value() ? c : nullptr;
  }

  bool filled(std::string_view sheet, int row, int col) {
    const Cell* c = ws(sheet).cell(row, col);
    if (!c || !c->has_value()) return false;
    return !(c->type == CellType::text && trim(c->text).empty());
  }

  std::string text(std::string_view sheet, int row, int col) {
    const Cell* c = cell(sheet, row, col);
    if (!c) return {};
    if (c->type == CellType::error) {
      diags_.error(pos(sheet, row, col), "holds the error value " + c->text + " where text is expected");
      return {};
    }
    return trim(shown(*c));
  }

  // A number in an input cell; `what` names it for the message. Empty cells give nullopt (an
  // error when required).
  std::optional<double> number(std::string_view sheet, int row, int col, const std::string& what,
                               bool required, Range range = Range::non_negative) {
    const Cell* c = cell(sheet, row, col);
    std::optional<double> v;
    if (c) {
      if (c->type == CellType::number) v = c->number;
      else if (c->type == CellType::text && !trim(c->text).empty()) v = number_text(trim(c->text));
      else if (c->type == CellType::text) c = nullptr;
      if (c && !v) {
        diags_.error(pos(sheet, row, col),
                     what + " must be " + expected(range) + ", found '" + shown(*c) + "'");
        return std::nullopt;
      }
    }
    if (!c) {
      if (required) diags_.error(pos(sheet, row, col), what + " must be " + expected(range) + ", found an empty cell");
      return std::nullopt;
    }
    bool ok = true;
    switch (range) {
      case Range::any: break;
      case Range::non_negative: ok = *v >= 0; break;
      case Range::positive: ok = *v > 0; break;
      case Range::fraction: ok = *v >= 0 && *v <= 1; break;
      case Range::percent: ok = *v >= 0 && *v <= 100; break;
    }
    if (!ok) {
      diags_.error(pos(sheet, row, col), what + " must be " + expected(range) + ", found " + shown(*c));
      return std::nullopt;
    }
    return v;
  }

  static std::string expected(Range r) {
    switch (r) {
      case Range::any: return "a number";
      case Range::non_negative: return "a number ≥ 0";
      case Range::positive: return "a number > 0";
      case Range::fraction: return "a number between 0 and 1";
      case Range::percent: return "a number between 0 and 100 (per cent)";
    }
    return "a number";
  }

  // ---- version and links ---------------------------------------------------------------------
  bool version() {
    const auto& vs = ly::kVersion;
    std::string type = text(vs, ly::kVersionTypeRow, ly::B);
    const Cell* date = cell(vs, ly::kVersionDateRow, ly::B);
    if (type != ly::kTemplateType) {
      diags_.error(pos(vs, ly::kVersionTypeRow, ly::B),
                   "template type '" + type + "' is not the CBAM Communication template for "
                   "installations ('" + std::string(ly::kTemplateType) + "')");
      return false;
    }
    std::string label;
    if (date && date->type == CellType::number)
      for (const auto& v : ly::kVersions)
        if (static_cast<int>(date->number) == v.serial) label = std::string(v.label);
    if (label.empty()) {
      std::string found = "'" + (date ? shown(*date) : std::string()) + "'";
      if (date && date->type == CellType::number)
        if (auto d = wb_.date_of(date->number)) found = d->str();
      diags_.error(pos(vs, ly::kVersionDateRow, ly::B),
                   "template version " + found + " is not supported: GreenGate reads v2.1 "
                   "(2024-06-05) and v2.1.1 (2024-12-13) of the Communication template; copy the "
                   "data into the current template");
      return false;
    }
    std::string lang = text(vs, ly::kVersionLangRow, ly::B);
    if (lang != "English") {
      diags_.error(pos(vs, ly::kVersionLangRow, ly::B),
                   "template language '" + lang + "' is not supported: GreenGate reads the "
                   "English template");
      return false;
    }
    out_.version = label;
    return true;
  }

  void external_links() {
    if (wb_.external_links().empty()) return;
    int cited = 0;
    for (auto s : {ly::kInst, ly::kEm, ly::kEnergy, ly::kProc, ly::kPurch, ly::kProducts}) {
      ws(s).for_each([&](int row, int col, const Cell& c) {
        if (!c.formula || cited >= 10) return;
        auto b = c.formula_text.find('[');
        if (b == std::string::npos || b + 1 >= c.formula_text.size() ||
            !std::isdigit(static_cast<unsigned char>(c.formula_text[b + 1])))
          return;
        ++cited;
        diags_.error(pos(s, row, col),
                     "the formula =" + c.formula_text + " takes its value from another workbook: "
                     "GreenGate does not read templates with external links (replace them by "
                     "their values and save again)");
      });
    }
    if (cited == 0)
      for (const auto& l : wb_.external_links())
        diags_.error(SourcePos{display_, 0, 0, "xl/externalLinks"},
                     "the workbook links to another file (" + l + "): GreenGate does not read "
                     "templates with external links (break the links and save again)");
  }

  // ---- A_InstData -------------------------------------------------------------------------------
  std::optional<std::string> category(std::string_view sheet, int row, int col) {
    std::string t = text(sheet, row, col);
    if (t.empty()) return std::nullopt;
    for (const auto& g : ly::kGoods)
      if (lower(t) == lower(std::string(g.label))) return std::string(g.slug);
    diags_.error(pos(sheet, row, col), "'" + t + "' is not an aggregated goods category of the "
                                       "template (Parameters_Constants!A89:A106)");
    return std::nullopt;
  }

  void installation() {
    auto& f = out_.firm;
    f.file = display_;
    const auto s = ly::kInst;
    auto date = [&](int col) -> std::optional<Date> {
      const Cell* c = cell(s, ly::kPeriodRow, col);
      if (!c) {
        diags_.error(pos(s, ly::kPeriodRow, col), "the reporting period's " +
                                                      std::string(col == ly::kPeriodStartCol ? "start" : "end") +
                                                      " must be a date, found an empty cell");
        return std::nullopt;
      }
      if (c->type == CellType::number) {
        if (auto d = wb_.date_of(c->number)) return d;
      } else if (c->type == CellType::text) {
        if (auto d = parse_date(trim(c->text))) return d;
      }
      diags_.error(pos(s, ly::kPeriodRow, col), "the reporting period must be a date, found '" + shown(*c) + "'");
      return std::nullopt;
    };
    f.period_start = date(ly::kPeriodStartCol);
    f.period_end = date(ly::kPeriodEndCol);
    if (f.period_start && f.period_end && *f.period_end < *f.period_start)
      diags_.error(pos(s, ly::kPeriodRow, ly::kPeriodEndCol), "the reporting period ends (" +
                                                                  f.period_end->str() + ") before it starts (" +
                                                                  f.period_start->str() + ")");
    f.reporting_year = f.period_start ? f.period_start->year : 0;
    model::Installation in;
    in.pos = pos(s, ly::kNameRow, ly::kInstCol);
    auto field = [&](int row) { return text(s, row, ly::kInstCol); };
    in.name = field(ly::kNameRow);
    if (in.name.empty())
      diags_.error(pos(s, ly::kNameRow, ly::kInstCol), "the name of the installation (English name) "
                                                       "must be given, found an empty cell");
    in.local_name = field(ly::kLocalNameRow);
    in.address = field(ly::kStreetRow);
    in.economic_activity = field(ly::kActivityRow);
    in.post_code = field(ly::kPostCodeRow);
    in.po_box = field(ly::kPoBoxRow);
    in.city = field(ly::kCityRow);
    in.unlocode = field(ly::kUnlocodeRow);
    in.latitude = field(ly::kLatitudeRow);
    in.longitude = field(ly::kLongitudeRow);
    in.representative = field(ly::kRepresentativeRow);
    in.email = field(ly::kEmailRow);
    in.telephone = field(ly::kTelephoneRow);
    in.country = country_code(field(ly::kCountryRow), pos(s, ly::kCountryRow, ly::kInstCol));
    in.id = slug(in.name, "installation");
    in.path = "installation[" + in.id + "]";
    in.set_at("country", pos(s, ly::kCountryRow, ly::kInstCol));
    f.id = in.id;
    f.name = in.name;
    f.country = in.country;
    f.installations.push_back(std::move(in));
    // Goods categories and their routes (4a).
    for (int i = 0; i < ly::kGoodsCount; ++i) {
      int row = ly::kGoodsFirstRow + i;
      auto cat = category(s, row, ly::kGoodsCatCol);
      std::vector<std::string> routes;
      for (int r = 0; r < ly::kGoodsRoutes; ++r) {
        std::string route = text(s, row, ly::kGoodsRouteCol + r);
        if (!route.empty()) routes.push_back(route);
      }
      if (!cat) continue;
      auto& rs = routes_[*cat];
      for (auto& r : routes)
        if (std::find(rs.begin(), rs.end(), r) == rs.end()) rs.push_back(r);
    }
    for (int r = ly::kVerifierFirstRow; r <= ly::kVerifierLastRow; ++r)
      if (filled(s, r, ly::kInstCol)) dropped_.push_back(at(s, r, ly::kInstCol) + " (verifier)");
  }

  void load_countries() {
    if (!codes_.empty()) return;
    const auto& codes = ws(ly::kCodes);
    for (int row = 11; row <= 277; ++row) {
      const Cell* code = codes.cell(row, ly::F);
      const Cell* label = codes.cell(row, ly::G);
      if (!code || code->type != CellType::text) continue;
      codes_.insert(trim(code->text));
      if (label && label->type == CellType::text) countries_[lower(trim(label->text))] = trim(code->text);
    }
  }

  std::string country_code(const std::string& name, const SourcePos& p) {
    if (name.empty()) {
      diags_.error(p, "the installation's country must be given, found an empty cell");
      return {};
    }
    load_countries();
    if (auto it = countries_.find(lower(name)); it != countries_.end()) return it->second;
    if (codes_.count(name)) return name;
    diags_.error(p, "country '" + name + "' is not in the template's country list "
                    "(c_CodeLists!G11:G277)");
    return {};
  }

  struct ProcInfo {
    int k = 0;
    std::string id, display, category;
  };

  void processes() {
    const auto s = ly::kInst;
    auto& in = out_.firm.installations.front();
    for (int k = 1; k <= ly::kProcCount; ++k) {
      int row = ly::kProcFirstRow + k - 1;
      auto cat = category(s, row, ly::kProcCatCol);
      if (!cat) {
        for (int c = ly::kProcInclCol; c <= ly::kProcNameCol; ++c)
          if (filled(s, row, c))
            diags_.error(pos(s, row, c), numbered("production process P", k) +
                                             " has entries but no aggregated goods category in " +
                                             at(s, row, ly::kProcCatCol));
        if (filled(ly::kProc, ly::proc_row(k, ly::kPdDirEmRow), ly::L))
          diags_.error(pos(ly::kProc, ly::proc_row(k, ly::kPdDirEmRow), ly::L),
                       numbered("process ", k) + " has data but A_InstData!E" +
                           std::to_string(row) + " declares no such production process");
        continue;
      }
      if (*cat == "electricity") {
        diags_.error(pos(s, row, ly::kProcCatCol), "electricity generation processes are not "
                                                   "supported by GreenGate's firm format v1");
        continue;
      }
      model::Process p;
      p.id = numbered("P", k);
      std::string name = text(s, row, ly::kProcNameCol);
      p.name = name.empty() ? p.id + " - " + text(s, row, ly::kProcCatCol) : name;
      p.category = *cat;
      p.pos = pos(s, row, ly::kProcCatCol);
      p.path = in.path + "/process[" + p.id + "]";
      for (int c = 0; c < ly::kProcIncluded; ++c) {
        std::string t = text(s, row, ly::kProcInclCol + c);
        if (t.empty() || t == ly::kOnlyDirect) continue;
        if (auto inc = category(s, row, ly::kProcInclCol + c))
          if (*inc != p.category) p.includes.push_back(*inc);
      }
      if (auto it = routes_.find(p.category); it != routes_.end()) {
        for (const auto& r : it->second) p.route += (p.route.empty() ? "" : "; ") + r;
      }
      for (const auto& other : procs_)
        if (lower(other.display) == lower(p.name))
          diags_.error(pos(s, row, ly::kProcNameCol), "two production processes are named '" +
                                                          p.name + "' (the template tells them "
                                                          "apart by name)");
      procs_.push_back({k, p.id, p.name, p.category});
      process_data(k, p);
      in.processes.push_back(std::move(p));
    }
    if (in.processes.empty() && !diags_.has_errors())
      diags_.error(range(s, ly::kProcFirstRow, ly::kProcCatCol, ly::kProcFirstRow + 9, ly::kProcCatCol),
                   "no production process is declared (section 4(b))");
    // Output passed from one process to another (D_Processes (c)): a precursor of the consumer.
    for (const auto& [to, flows] : internal_)
      for (const auto& pr : flows) {
        model::Process* dest = find_process(to);
        if (!dest) continue;
        auto copy = pr;
        copy.path = dest->path + "/precursor[" + pr.process_id + "]";
        dest->precursors.push_back(std::move(copy));
      }
  }

  model::Process* find_process(int k) {
    for (auto& p : out_.firm.installations.front().processes)
      if (p.id == numbered("P", k)) return &p;
    return nullptr;
  }
  const ProcInfo* info(int k) const {
    for (const auto& p : procs_)
      if (p.k == k) return &p;
    return nullptr;
  }

  void process_data(int k, model::Process& p) {
    const auto s = ly::kProc;
    auto row = [&](int off) { return ly::proc_row(k, off); };
    std::string who = "process " + p.id + " (" + p.name + ")";
    // (a) production per route: AL is their sum
    double al = 0;
    int routes_used = 0;
    for (int r = 0; r < ly::kPdRoutes; ++r) {
      if (auto v = number(s, row(ly::kPdRouteRow + r), ly::L, "the production of " + who, false)) {
        al += *v;
        if (*v > 0) ++routes_used;
      }
    }
    p.output = u::tonnes(al);
    auto al_pos = range(s, row(ly::kPdRouteRow), ly::L, row(ly::kPdRouteRow + ly::kPdRoutes - 1), ly::L);
    p.set_at("output", al_pos);
    if (al <= 0)
      diags_.error(al_pos, "the total production of " + who + " must be greater than 0 (it divides "
                           "the emissions), found " + fmt(al));
    if (routes_used > 1)
      dropped_.push_back(al_pos.cell + " (production split by route: GreenGate keeps the total)");
    // (b)–(e) where the production goes
    double market = number(s, row(ly::kPdMarketRow), ly::L, "the production for the market", false).value_or(0);
    double others = 0;
    for (int j = 1; j <= ly::kPdToOther; ++j) {
      int r = row(ly::kPdToOtherRow + j - 1);
      auto v = number(s, r, ly::L, "the amount passed to another process", false);
      if (!v || *v == 0) continue;
      others += *v;
      int to = j < k ? j : j + 1;  // the rows list the other processes in order
      model::Precursor pr;
      pr.category = p.category;
      pr.quantity = u::tonnes(*v);
      pr.source = model::PrecursorSource::process;
      pr.process_id = p.id;
      pr.pos = pos(s, r, ly::L);
      pr.path = numbered("process[P", to) + "]/precursor[" + p.id + "]";
      pr.set_at("quantity", pos(s, r, ly::L));
      if (!filled(ly::kInst, ly::kProcFirstRow + to - 1, ly::kProcCatCol)) {
        diags_.error(pos(s, r, ly::L), fmt(*v) + " t of " + who + " go to production " +
                                       numbered("process P", to) + ", which A_InstData does "
                                       "not declare");
        continue;
      }
      internal_[to].push_back(std::move(pr));
    }
    double non_cbam = number(s, row(ly::kPdNonCbamRow), ly::L, "the amount consumed for non-CBAM goods", false).value_or(0);
    double control = al - market - others - non_cbam;
    if (al > 0 && std::abs(control) > 1e-9 * al)
      diags_.warning(pos(s, row(ly::kPdNonCbamRow) + 1, ly::L),
                     "the production of " + who + " (" + fmt(al) + " t) is not fully accounted "
                     "for: market + other processes + non-CBAM goods leave " + fmt(control) +
                     " t (the template's control cell)");
    // (g) DirEm*
    int r_dir = row(ly::kPdDirEmRow);
    if (auto d = number(s, r_dir, ly::L, "the directly attributable emissions DirEm* (tCO2e) of " + who,
                        true, Range::any)) {
      model::DirectEmissions de;
      de.quantity = u::tco2e(*d);
      de.pos = pos(s, r_dir, ly::L);
      de.path = p.path + "/direct-emissions";
      de.set_at("quantity", de.pos);
      p.direct_emissions = std::move(de);
    }
    // (h) measurable heat
    std::string heat_unit = text(s, row(ly::kPdHeatRow), ly::K);
    auto heat = [&](int col, bool import) {
      auto q = number(s, row(ly::kPdHeatRow), col, "the net measurable heat " +
                                                       std::string(import ? "imported" : "exported"),
                      false);
      if (!q || *q == 0) return;
      auto ef = number(s, row(ly::kPdHeatEfRow), col, "the emission factor of the heat (tCO2/TJ)", true);
      if (!ef) return;
      model::HeatFlow h;
      h.is_import = import;
      try {
        h.quantity = units::to_energy(*q, heat_unit.empty() ? "TJ" : heat_unit, "unit");
      } catch (const UnitError&) {
        diags_.error(pos(s, row(ly::kPdHeatRow), ly::K), "the unit of heat must be TJ, GJ or MWh, "
                                                         "found '" + heat_unit + "'");
        return;
      }
      h.factor = u::tco2e_per_terajoule(*ef);
      h.pos = pos(s, row(ly::kPdHeatRow), col);
      h.path = p.path + "/heat";
      h.set_at("quantity", h.pos);
      h.set_at("factor", pos(s, row(ly::kPdHeatEfRow), col));
      p.heat.push_back(std::move(h));
    };
    heat(ly::L, true);
    heat(ly::M, false);
    // (i) waste gases (TJ); their EF does not enter (Eq. 53/54 use natural gas)
    for (bool import : {true, false}) {
      int col = import ? ly::L : ly::M;
      auto q = number(s, row(ly::kPdWasteRow), col, std::string("the waste gas ") +
                                                        (import ? "imported" : "exported") + " (TJ)",
                      false);
      if (!q || *q == 0) continue;
      model::WasteGasFlow w;
      w.is_import = import;
      w.quantity = u::terajoules(*q);
      w.pos = pos(s, row(ly::kPdWasteRow), col);
      w.path = p.path + "/waste-gas";
      w.set_at("quantity", w.pos);
      p.waste_gas.push_back(std::move(w));
    }
    // (j) electricity consumed
    int r_el = row(ly::kPdElecRow);
    auto el = number(s, r_el, ly::L, "the electricity consumption (MWh) of " + who, false);
    if (el && *el > 0) {
      auto ef = number(s, row(ly::kPdElecEfRow), ly::L, "the emission factor of the electricity (tCO2/MWh)", true);
      std::string method = text(s, row(ly::kPdElecSourceRow), ly::L);
      if (!method.empty() &&
          std::find(ly::kElecSources.begin(), ly::kElecSources.end(), method) == ly::kElecSources.end())
        diags_.warning(pos(s, row(ly::kPdElecSourceRow), ly::L),
                       "'" + method + "' is not one of the template's methods for the electricity "
                       "emission factor (D.4(a) … Mix)");
      if (ef) {
        model::ElectricityUse e;
        e.quantity = u::megawatt_hours(*el);
        e.source = model::ElectricitySource::stated;
        e.factor = u::tco2e_per_megawatt_hour(*ef);
        e.method = method;
        e.pos = pos(s, r_el, ly::L);
        e.path = p.path + "/electricity";
        e.set_at("quantity", e.pos);
        e.set_at("factor", pos(s, row(ly::kPdElecEfRow), ly::L));
        p.electricity.push_back(std::move(e));
      }
    } else if (!el) {
      diags_.warning(pos(s, r_el, ly::L), "no electricity consumption is given for " + who +
                                              ": its indirect emissions are taken as zero");
    }
    // (k) electricity exported
    auto ex = number(s, row(ly::kPdElecExportRow), ly::L, "the electricity exported (MWh)", false);
    if (ex && *ex > 0) {
      auto ef = number(s, row(ly::kPdElecExportEfRow), ly::L, "the emission factor of the electricity exported (tCO2/MWh)", true);
      std::string unit = text(s, row(ly::kPdElecExportRow), ly::K);
      if (ef) {
        model::ElectricityExport x;
        try {
          x.quantity = units::to_energy(*ex, unit.empty() ? "MWh" : unit, "unit");
        } catch (const UnitError&) {
          diags_.error(pos(s, row(ly::kPdElecExportRow), ly::K), "the unit of electricity must be "
                                                                 "MWh, found '" + unit + "'");
        }
        x.factor = u::tco2e_per_megawatt_hour(*ef);
        x.pos = pos(s, row(ly::kPdElecExportRow), ly::L);
        x.path = p.path + "/electricity-export";
        x.set_at("quantity", x.pos);
        x.set_at("factor", pos(s, row(ly::kPdElecExportEfRow), ly::L));
        p.electricity_export.push_back(std::move(x));
      }
    }
  }

  // ---- E_PurchPrec --------------------------------------------------------------------------------
  void purchased() {
    const auto s = ly::kInst;
    for (int k = 1; k <= ly::kPurchCount; ++k) {
      int row = ly::kPurchFirstRow + k - 1;
      auto cat = category(s, row, ly::kPurchCatCol);
      auto b = [&](int off) { return ly::purch_row(k, off); };
      if (!cat) {
        bool data = false;
        for (int j = 0; j < ly::kPpToProc; ++j) data = data || filled(ly::kPurch, b(ly::kPpToProcRow + j), ly::L);
        if (data)
          diags_.error(pos(ly::kPurch, b(ly::kPpToProcRow), ly::L),
                       numbered("purchased precursor ", k) + " has data but A_InstData!E" +
                           std::to_string(row) + " declares no such precursor");
        continue;
      }
      std::string name = text(s, row, ly::kPurchNameCol);
      std::string display = name.empty() ? numbered("PP", k) + " - " + text(s, row, ly::kPurchCatCol) : name;
      std::string origin = text(s, row, ly::kPurchCountryCol);
      if (!origin.empty()) {
        load_countries();
        if (!codes_.count(origin)) {
          diags_.error(pos(s, row, ly::kPurchCountryCol), "'" + origin + "' is not a country code "
                                                          "of the template (c_CodeLists!F11:F277)");
          origin.clear();
        } else if (origin.size() != 2) {
          origin.clear();  // the template's codes for unknown or "other" origins
        }
      }
      const auto e = ly::kPurch;
      auto dir = number(e, b(ly::kPpSeeDirRow), ly::L, "SEE (direct) of purchased precursor '" + display + "'", true);
      model::SeeBasis basis = see_basis(e, b(ly::kPpSeeDirRow), ly::M);
      auto sec = number(e, b(ly::kPpElecRow), ly::L, "the specific electricity consumption (MWh/t)", false);
      auto ef = number(e, b(ly::kPpElecEfRow), ly::L, "the electricity emission factor (tCO2/MWh)", false);
      if (sec.has_value() != ef.has_value())
        diags_.error(pos(e, b(sec ? ly::kPpElecEfRow : ly::kPpElecRow), ly::L),
                     std::string(sec ? "the electricity emission factor" : "the specific electricity consumption") +
                         " of '" + display + "' must be given with the other (SEE (indirect) = L" +
                         std::to_string(b(ly::kPpElecRow)) + numbered(" × L", b(ly::kPpElecEfRow)) + ")");
      if (!sec && !ef)
        diags_.warning(pos(e, b(ly::kPpElecRow), ly::L), "no electricity data for purchased precursor '" +
                                                             display + "': its SEE (indirect) is taken as zero");
      std::string method = text(e, b(ly::kPpElecEfRow), ly::M);
      if (filled(e, b(ly::kPpJustRow), ly::K))
        dropped_.push_back(at(e, b(ly::kPpJustRow), ly::K) + " (justification for default values)");
      double total = 0;
      for (int j = 1; j <= ly::kPpToProc; ++j) {
        int r = b(ly::kPpToProcRow + j - 1);
        auto q = number(e, r, ly::L, "the amount of '" + display + "' consumed", false);
        if (!q || *q == 0) continue;
        total += *q;
        model::Process* dest = find_process(j);
        if (!dest) {
          diags_.error(pos(e, r, ly::L), fmt(*q) + " t of '" + display + "' are consumed in " +
                                         numbered("production process P", j) +
                                         ", which A_InstData does not declare");
          continue;
        }
        model::Precursor pr;
        pr.category = *cat;
        pr.quantity = u::tonnes(*q);
        pr.source = model::PrecursorSource::supplier;
        pr.supplier = display;
        pr.origin = origin;
        pr.see_basis = basis;
        if (dir) pr.see_direct = u::tco2e_per_tonne(*dir);
        else pr.see_direct = u::tco2e_per_tonne(0);
        if (sec && ef) {
          pr.specific_electricity = *sec;
          pr.electricity_factor = u::tco2e_per_megawatt_hour(*ef);
          pr.see_indirect = u::tco2e_per_tonne(*sec * *ef);
          pr.electricity_factor_method = method;
        }
        pr.pos = pos(s, row, ly::kPurchCatCol);
        pr.path = dest->path + numbered("/precursor[PP", k) + "]";
        pr.set_at("quantity", pos(e, r, ly::L));
        pr.set_at("see-direct", pos(e, b(ly::kPpSeeDirRow), ly::L));
        pr.set_at("specific-electricity", pos(e, b(ly::kPpElecRow), ly::L));
        pr.set_at("electricity-factor", pos(e, b(ly::kPpElecEfRow), ly::L));
        pr.set_at("see-indirect", range(e, b(ly::kPpElecRow), ly::L, b(ly::kPpElecEfRow), ly::L));
        dest->precursors.push_back(std::move(pr));
      }
      if (total == 0)
        diags_.warning(pos(e, b(ly::kPpToProcRow), ly::L), "purchased precursor '" + display +
                                                               "' is consumed in no production process");
    }
  }

  model::SeeBasis see_basis(std::string_view sheet, int row, int col) {
    std::string t = text(sheet, row, col);
    if (t == ly::kMeasured) return model::SeeBasis::measured;
    if (t == ly::kDefault) return model::SeeBasis::default_value;
    if (t != ly::kUnknown)
      diags_.warning(pos(sheet, row, col), t.empty() ? "the source of the value (Measured / Default) "
                                                       "is not given: counted as unknown"
                                                     : "'" + t + "' is not Measured, Default or "
                                                       "Unknown: counted as unknown");
    return model::SeeBasis::unknown;
  }

  // ---- B_EmInst: the installation's inventory ---------------------------------------------------
  void inventory() {
    const auto s = ly::kEm;
    auto& in = out_.firm.installations.front();
    model::SourceStream mb;  // the mass balance rows form one stream
    mb.method = model::StreamMethod::mass_balance;
    for (int i = 0; i < ly::kStreamCount; ++i) {
      int row = ly::kStreamFirstRow + i;
      std::string method = text(s, row, ly::kStMethod);
      if (method.empty()) {
        if (filled(s, row, ly::kStAD))
          diags_.error(pos(s, row, ly::kStMethod), numbered("source stream ", i + 1) +
                                                       " has activity data but no method");
        continue;
      }
      std::string name = text(s, row, ly::kStName);
      std::string what = numbered("source stream ", i + 1) + (name.empty() ? "" : " '" + name + "'");
      model::SourceStream st;
      st.id = numbered("S", i + 1);
      st.name = name;
      st.pos = pos(s, row, ly::kStMethod);
      st.path = in.path + "/stream[" + st.id + "]";
      std::string ad_unit = text(s, row, ly::kStADUnit);
      std::string ef_unit = text(s, row, ly::kStEFUnit);
      auto ad = number(s, row, ly::kStAD, "the activity data of " + what, true,
                       lower(method) == lower(std::string(ly::kMassBalance)) ? Range::any : Range::non_negative);
      auto bio = number(s, row, ly::kStBio, "the biomass content (%)", false, Range::percent).value_or(0) / 100.0;
      st.set_at("quantity", pos(s, row, ly::kStAD));
      st.set_at("biomass-fraction", pos(s, row, ly::kStBio));
      if (lower(method) == lower(std::string(ly::kCombustion))) {
        st.method = model::StreamMethod::combustion;
        auto ncv = number(s, row, ly::kStNCV, "the net calorific value (GJ/t or GJ/1000Nm3)", false);
        auto ef = number(s, row, ly::kStEF, "the emission factor of " + what, true);
        auto ox = number(s, row, ly::kStOxF, "the oxidation factor (%)", false, Range::percent);
        st.set_at("ncv", pos(s, row, ly::kStNCV));
        st.set_at("ef", pos(s, row, ly::kStEF));
        st.set_at("oxidation", pos(s, row, ly::kStOxF));
        if (!ad || !ef) continue;
        bool volume = ad_unit == "1000Nm3";
        if (!volume && ad_unit != "t") {
          diags_.error(pos(s, row, ly::kStADUnit), "the activity data unit must be t or 1000Nm3, found '" + ad_unit + "'");
          continue;
        }
        if (volume) st.amount_kind = model::AmountKind::volume, st.volume = u::normal_cubic_metres(*ad * 1000);
        else st.amount_kind = model::AmountKind::mass, st.mass = u::tonnes(*ad);
        if (ef_unit == "tCO2/TJ") {
          if (!ncv) {
            diags_.error(pos(s, row, ly::kStNCV), "an emission factor per TJ needs the net calorific value of " + what);
            continue;
          }
          st.ef = u::tco2e_per_terajoule(*ef);
          if (volume) st.ncv_volume = units::to_volumetric_calorific(*ncv, "GJ/1000Nm3", "ncv");
          else st.ncv_mass = units::to_calorific(*ncv, "GJ/t", "ncv");
        } else if (ef_unit == "tCO2/t" && !volume) {
          st.ef_mass = u::tco2e_per_tonne(*ef);
        } else if (ef_unit == "tCO2/1000Nm3" && volume) {
          st.ef_volume = *ef;
        } else {
          diags_.error(pos(s, row, ly::kStEFUnit), "the emission factor unit '" + ef_unit +
                                                       "' does not fit the activity data in " + ad_unit +
                                                       " (tCO2/TJ, or tCO2/t with t, tCO2/1000Nm3 with 1000Nm3)");
          continue;
        }
        st.oxidation = ox ? *ox / 100.0 : 1.0;
        st.biomass_fraction = bio;
        in.shared_streams.push_back(std::move(st));
      } else if (lower(method) == lower(std::string(ly::kProcessEm))) {
        st.method = model::StreamMethod::process;
        auto ef = number(s, row, ly::kStEF, "the emission factor of " + what, true);
        auto cf = number(s, row, ly::kStConvF, "the conversion factor (%)", false, Range::percent);
        st.set_at("factor", pos(s, row, ly::kStEF));
        st.set_at("conversion-factor", pos(s, row, ly::kStConvF));
        if (!ad || !ef) continue;
        if (ad_unit != "t" || ef_unit != "tCO2/t") {
          diags_.warning(pos(s, row, ly::kStADUnit), what + ": process emissions in " + ad_unit + " with " + ef_unit +
                                                         " are not read into the inventory (only t with tCO2/t)");
          continue;
        }
        st.material = name.empty() ? st.id : name;
        st.mass = u::tonnes(*ad);
        st.factor = u::tco2e_per_tonne(*ef);
        st.conversion_factor = cf ? *cf / 100.0 : 1.0;
        st.biomass_fraction = bio;
        in.shared_streams.push_back(std::move(st));
      } else if (lower(method) == lower(std::string(ly::kMassBalance))) {
        auto cc = number(s, row, ly::kStCC, "the carbon content (tC/t) of " + what, true, Range::fraction);
        if (!ad || !cc) continue;
        if (ad_unit != "t") {
          diags_.warning(pos(s, row, ly::kStADUnit), what + ": a mass balance in " + ad_unit +
                                                         " is not read into the inventory (only t)");
          continue;
        }
        model::CarbonFlow c;
        c.material = name.empty() ? numbered("S", i + 1) : name;
        c.quantity = u::tonnes(std::abs(*ad));
        c.carbon_content = *cc;
        c.biomass_fraction = bio;
        c.pos = pos(s, row, ly::kStMethod);
        c.path = in.path + "/stream[MB]/" + (*ad < 0 ? "output" : "input");
        c.set_at("quantity", pos(s, row, ly::kStAD));
        c.set_at("carbon-content", pos(s, row, ly::kStCC));
        c.set_at("biomass-fraction", pos(s, row, ly::kStBio));
        if (mb.inputs.empty() && mb.outputs.empty()) mb.pos = c.pos;
        (*ad < 0 ? mb.outputs : mb.inputs).push_back(std::move(c));
      } else {
        diags_.error(pos(s, row, ly::kStMethod), "'" + method + "' is not a method of the template "
                                                                "(Combustion, Process emissions, Mass Balance)");
      }
    }
    if (!mb.inputs.empty() || !mb.outputs.empty()) {
      mb.id = "MB";
      mb.name = "mass balance";
      mb.path = in.path + "/stream[MB]";
      if (mb.inputs.empty())
        diags_.error(mb.pos, "the mass balance rows of B_EmInst have no input (a positive activity datum)");
      else
        in.shared_streams.push_back(std::move(mb));
    }
    // (b) PFC
    for (int i = 0; i < ly::kPfcCount; ++i) {
      int row = ly::kPfcFirstRow + i;
      std::string method = text(s, row, ly::kPfcMethod);
      if (method.empty()) continue;
      model::SourceStream st;
      st.id = numbered("PFC", i + 1);
      st.name = text(s, row, ly::kPfcTech);
      st.pos = pos(s, row, ly::kPfcMethod);
      st.path = in.path + "/stream[" + st.id + "]";
      auto al = number(s, row, ly::kPfcAD, "the primary aluminium produced (t)", true);
      auto f = number(s, row, ly::kPfcF, "F(C2F6) (t C2F6/t CF4)", true);
      auto ce = number(s, row, ly::kPfcCollect, "the collection efficiency", false, Range::fraction);
      st.set_at("aluminium", pos(s, row, ly::kPfcAD));
      st.set_at("f-c2f6", pos(s, row, ly::kPfcF));
      st.set_at("collection-efficiency", pos(s, row, ly::kPfcCollect));
      if (ce && *ce == 0) {
        diags_.error(pos(s, row, ly::kPfcCollect), "the collection efficiency must be greater than 0");
        continue;
      }
      if (lower(method) == lower(std::string(ly::kSlope))) {
        st.method = model::StreamMethod::pfc_slope;
        auto freq = number(s, row, ly::kPfcFreq, "the anode effect frequency (per cell-day)", true);
        auto dur = number(s, row, ly::kPfcDur, "the anode effect duration (minutes)", true);
        auto sef = number(s, row, ly::kPfcSef, "SEF(CF4)", true);
        if (!al || !f || !freq || !dur || !sef) continue;
        st.aem = *freq * *dur;  // Eq. 23
        st.sef_cf4 = *sef;
        st.set_at("aem", range(s, row, ly::kPfcFreq, row, ly::kPfcDur));
        st.set_at("sef-cf4", pos(s, row, ly::kPfcSef));
      } else if (lower(method) == lower(std::string(ly::kOvervoltage))) {
        st.method = model::StreamMethod::pfc_overvoltage;
        auto aeo = number(s, row, ly::kPfcAeo, "AEO (mV)", true);
        auto cur = number(s, row, ly::kPfcCe, "the current efficiency CE (%)", true, Range::positive);
        auto ovc = number(s, row, ly::kPfcOvc, "OVC", true);
        if (!al || !f || !aeo || !cur || !ovc) continue;
        st.aeo = *aeo;
        st.current_efficiency = *cur;
        st.ovc = *ovc;
        st.set_at("aeo", pos(s, row, ly::kPfcAeo));
        st.set_at("current-efficiency", pos(s, row, ly::kPfcCe));
        st.set_at("ovc", pos(s, row, ly::kPfcOvc));
      } else {
        diags_.error(pos(s, row, ly::kPfcMethod), "'" + method + "' is not a PFC method of the template "
                                                                 "(Slope method, Overvoltage method)");
        continue;
      }
      st.aluminium = u::tonnes(*al);
      st.f_c2f6 = *f;
      st.collection_efficiency = ce.value_or(1.0);
      in.shared_streams.push_back(std::move(st));
    }
    // (c) measurement-based sources: annual amount = concentration × hours × flow (× fossil share)
    for (int i = 0; i < ly::kMeasCount; ++i) {
      int row = ly::kMeasFirstRow + i;
      std::string gas = text(s, row, ly::kMeasGas);
      if (gas.empty()) continue;
      auto conc = number(s, row, ly::kMeasConc, "the hourly GHG concentration (g/Nm3)", true);
      auto hours = number(s, row, ly::kMeasHours, "the hours of operation", true);
      auto flow = number(s, row, ly::kMeasFlow, "the flue gas flow (1000Nm3/h)", true);
      auto bio = number(s, row, ly::kMeasBio, "the biomass fraction (%)", false, Range::percent).value_or(0);
      if (!conc || !hours || !flow) continue;
      double t = *conc * *hours * *flow / 1000.0 * (1.0 - bio / 100.0);
      model::SourceStream st;
      st.id = numbered("M", i + 1);
      st.name = text(s, row, ly::kMeasName);
      st.pos = pos(s, row, ly::kMeasGas);
      st.path = in.path + "/stream[" + st.id + "]";
      st.set_at("quantity", range(s, row, ly::kMeasBio, row, ly::kMeasFlow));
      if (gas == "CO2") {
        st.method = model::StreamMethod::measured;
        st.measured = u::tco2e(t);
      } else if (gas == "N2O") {
        st.method = model::StreamMethod::n2o;
        st.gas_mass = u::tonnes(t);
      } else {
        diags_.error(pos(s, row, ly::kMeasGas), "the greenhouse gas must be CO2 or N2O, found '" + gas + "'");
        continue;
      }
      in.shared_streams.push_back(std::move(st));
    }
  }

  // ---- Summary_Products ---------------------------------------------------------------------------
  void products() {
    const auto s = ly::kProducts;
    auto& in = out_.firm.installations.front();
    std::map<std::string, int> per_process;
    struct Row {
      int row;
      model::Process* p;
      std::string cn, name;
    };
    std::vector<Row> rows;
    for (int i = 0; i < ly::kProdCount; ++i) {
      int row = ly::kProdFirstRow + i;
      std::string proc = text(s, row, ly::kProdProcCol);
      std::string cn_text = text(s, row, ly::kProdCnCol);
      if (proc.empty()) {
        if (!cn_text.empty())
          diags_.error(pos(s, row, ly::kProdProcCol), "product with CN code " + cn_text + " names no production process");
        continue;
      }
      model::Process* p = nullptr;
      for (auto& q : in.processes)
        if (lower(q.name) == lower(proc)) p = &q;
      if (!p) {
        diags_.error(pos(s, row, ly::kProdProcCol), "no production process is named '" + proc +
                                                        "' in A_InstData (section 4(b))");
        continue;
      }
      auto cn = model::normalize_cn(cn_text);
      if (!cn || cn->size() != 8) {
        diags_.error(pos(s, row, ly::kProdCnCol), "the CN code must be 8 digits, found '" + cn_text + "'");
        continue;
      }
      auto scope = data_.scope.check(*cn);
      if (!scope.in_scope)
        diags_.warning(pos(s, row, ly::kProdCnCol), "CN " + model::format_cn(*cn) + " is not a CBAM good: " + scope.reason);
      else if (scope.category && scope.category->name != p->category &&
               std::find(p->includes.begin(), p->includes.end(), scope.category->name) == p->includes.end())
        diags_.warning(pos(s, row, ly::kProdCnCol), "CN " + model::format_cn(*cn) + " is " + scope.category->label +
                                                        ", not the process's category " + p->category);
      for (int c = ly::kProdParamFirstCol; c <= ly::kProdPriceLastCol; ++c)
        if (!ly::is_product_formula_col(c) && filled(s, row, c)) {
          bool price = c >= ly::kProdPriceFirstCol;
          std::string key = price ? "carbon price" : "qualifying parameters";
          if (noted_.insert(key + std::to_string(row)).second)
            dropped_.push_back(at(s, row, c) + (price ? " (carbon price due: GreenGate's Article 9 "
                                                        "reduction is given per export)"
                                                      : " (qualifying parameters of the product)"));
        }
      ++per_process[p->id];
      rows.push_back({row, p, *cn, text(s, row, ly::kProdNameCol)});
    }
    for (auto& r : rows) {
      model::ProducedGood g;
      g.cn = r.cn;
      g.name = r.name;
      g.pos = pos(s, r.row, ly::kProdCnCol);
      g.path = r.p->path + "/good[" + r.cn + "]";
      // The template gives production per process, not per CN code: a process's one product
      // takes its whole production; several products of one process have no quantity of their own.
      g.quantity_stated = per_process[r.p->id] == 1;
      g.quantity = g.quantity_stated ? r.p->output : u::tonnes(0);
      if (g.quantity_stated) g.set_at("quantity", r.p->at("output"));
      r.p->goods.push_back(std::move(g));
    }
  }

  // ---- C_Emissions&Energy ---------------------------------------------------------------------------
  void energy_sheet() {
    const auto s = ly::kEnergy;
    auto indirect = number(s, ly::kManualEmRow, ly::kManualIndirectCol, "the total indirect emissions (tCO2e)", false);
    double sum = 0;
    for (const auto& p : out_.firm.installations.front().processes)
      for (const auto& e : p.electricity)
        if (e.factor) sum += u::in_tco2e(e.quantity * *e.factor);
    if (indirect && std::abs(*indirect - sum) > 1e-6 * std::max(1.0, *indirect))
      out_.differences.push_back({pos(s, ly::kManualEmRow, ly::kManualIndirectCol), "installation",
                                  "the installation's total indirect emissions (" + fmt(*indirect) +
                                      " tCO2e) differ from its processes' electricity consumption × "
                                      "factor in D_Processes (" + fmt(sum) + " tCO2e); the processes' "
                                      "figures are used"});
    for (int c = ly::H; c <= ly::N; ++c)
      for (int r : {ly::kQualityRow, ly::kJustificationRow, ly::kAssuranceRow})
        if (filled(s, r, c)) dropped_.push_back(at(s, r, c) + " (data quality and assurance)");
    if (!dropped_.empty()) {
      std::string list;
      for (std::size_t i = 0; i < dropped_.size() && i < 12; ++i) list += (i ? "; " : "") + dropped_[i];
      if (dropped_.size() > 12) list += numbered("; and ", static_cast<long>(dropped_.size()) - 12) + " more";
      diags_.note(SourcePos{display_, 0, 0, ""},
                  "not carried into the firm file (firm format v1 has no place for them): " + list);
    }
  }

  // ---- the law against the template -------------------------------------------------------------
  // The template's table of categories whose indirect emissions count in the definitive period
  // (Parameters_Constants column C) against Reg. (EU) 2023/956 Annex II as amended by Reg. (EU)
  // 2025/2083 (the scope catalogue's direct-only flags): the law is what the engine applies.
  void law_against_template() {
    std::set<std::string> used;
    for (const auto& p : out_.firm.installations.front().processes) {
      used.insert(p.category);
      for (const auto& pr : p.precursors)
        if (!pr.category.empty()) used.insert(pr.category);
    }
    const auto& params = ws(ly::kParams);
    for (std::size_t i = 0; i < ly::kGoods.size(); ++i) {
      const auto& g = ly::kGoods[i];
      if (!used.count(std::string(g.slug))) continue;
      int row = ly::kGoodsListRow + static_cast<int>(i);
      const Cell* c = params.cell(row, ly::kDefinitiveIndirectCol);
      if (!c || c->type != CellType::boolean) continue;
      bool template_counts = c->number != 0;
      auto direct_only = data_.scope.category_direct_only(g.slug);
      if (!direct_only) continue;
      bool law_counts = !*direct_only;
      if (template_counts == law_counts) continue;
      out_.differences.push_back(
          {pos(ly::kParams, row, ly::kDefinitiveIndirectCol), std::string(g.label),
           "the template's definitive-period table " +
               std::string(template_counts ? "counts" : "does not count") + " the indirect emissions of " +
               std::string(g.label) + ", but Reg. (EU) 2023/956 Annex II (as amended by Reg. (EU) "
               "2025/2083) " + (law_counts ? "does not list it among the goods with direct emissions "
                                             "only, so they are counted"
                                           : "lists it among the goods with direct emissions only, "
                                             "so they are not counted") +
               "; GreenGate applies the regulation (see_indirect_counted)"});
    }
  }

  static std::string fmt(double v) {
    std::ostringstream o;
    o.precision(10);
    o << v;
    return o.str();
  }

  Workbook& wb_;
  std::string display_;
  const calc::Dataset& data_;
  TemplateImport& out_;
  Diagnostics& diags_;
  std::set<std::string> reported_, noted_;
  std::map<std::string, std::vector<std::string>> routes_;
  std::map<std::string, std::string> countries_;  ///< lower-case name → code
  std::set<std::string> codes_;
  std::vector<ProcInfo> procs_;
  std::map<int, std::vector<model::Precursor>> internal_;  ///< consumer k → precursors
  std::vector<std::string> dropped_;
};

}  // namespace

TemplateImport import_template(std::string bytes, const std::string& display,
                               const calc::Dataset& data) {
  TemplateImport out;
  try {
    Workbook wb(std::move(bytes), display);
    Importer imp(wb, display, data, out);
    imp.run();
  } catch (const InputError& e) {
    if (e.diagnostics().empty()) out.diagnostics.error(SourcePos{display, 0, 0, ""}, e.what());
    else out.diagnostics.append(e.diagnostics());
  }
  return out;
}

TemplateImport import_template_file(const std::string& path, const std::string& display,
                                    const calc::Dataset& data) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    TemplateImport out;
    out.diagnostics.error(SourcePos{display, 0, 0, ""}, "cannot open the file");
    return out;
  }
  constexpr std::size_t kMax = 64u << 20;
  std::string bytes;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    bytes.append(buf, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > kMax) {
      TemplateImport out;
      out.diagnostics.error(SourcePos{display, 0, 0, ""}, "the file is larger than 64 MiB: not a "
                                                       "Communication template (about 1.3 MB)");
      return out;
    }
  }
  return import_template(std::move(bytes), display, data);
}

bool is_zip_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char sig[4] = {};
  if (!in.read(sig, 4)) return false;
  return sig[0] == 'P' && sig[1] == 'K' && sig[2] == 3 && sig[3] == 4;
}

}  // namespace greengate::exchange
