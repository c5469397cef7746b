// Firm → the Commission's blank Communication template v2.1.1 (see communication_template.hpp).
//
// The template computes the SEE of a good from what D_Processes and E_PurchPrec hold for its
// process: DirEm* (L54), measurable heat and waste gases, electricity consumed × its factor,
// electricity exported, the output of other processes and purchased precursors with their SEE.
// The exporter therefore writes what GreenGate's engine worked out for each of these (the
// process's DirEm*, the factor it applied to the electricity, each precursor's SEE), so that the
// template's own formulas give the same SEE as `greengate emissions`; B_EmInst (the
// installation's source streams) is filled for information, as the template means it (its
// totals feed C_Emissions&Energy, not the SEE). Every value goes into an input cell of the layout
// (template_layout.hpp), which the editor checks holds no formula; whatever the template cannot
// say is a warning in `notes`, at the firm element it comes from.

#include <algorithm>
#include <array>
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

constexpr const char* kBlankFile = "CBAM_Communication_template_for_installations_en_20241213.xlsx";

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string fmt(double v) {
  std::ostringstream o;
  o.precision(10);
  o << v;
  return o.str();
}

// Excel's 1900 date system: serial 1 is 1900-01-01, with the phantom 29 February 1900, so every
// date from March 1900 on is the number of days since 1899-12-30.
double date_serial(const Date& d) {
  auto days = [](int y, int m, int dd) {  // days from 1970-01-01 (H. Hinnant's algorithm)
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  };
  return static_cast<double>(days(d.year, d.month, d.day) - days(1899, 12, 30));
}

const ly::GoodsCategory* goods_category(std::string_view slug) {
  for (const auto& g : ly::kGoods)
    if (g.slug == slug) return &g;
  return nullptr;
}

// The template's name of a category ("Calcined clays " keeps the template's trailing space, or
// its drop-down would not recognise it).
std::string category_label(const ly::GoodsCategory& g) {
  std::string s(g.label);
  if (g.slug == "calcined_clay") s += ' ';
  return s;
}

// The template's production routes of a category whose routes must be chosen (Parameters_
// Constants E89:E106 TRUE), from the firm's route text: the template's own name, or the words
// the route is commonly written with. Anything else is "Other production routes", no route
// "Unknown production routes"; the caller says which it chose.
struct RouteChoice {
  std::string label;
  bool exact = false;
};
RouteChoice choose_route(const std::vector<std::string>& labels, const std::string& route) {
  std::string r = lower(route);
  for (const auto& l : labels)
    if (lower(l) == r) return {l, true};
  auto has = [&](const std::array<const char*, 4>& words) {
    for (const char* w : words)
      if (w && r.find(w) != std::string::npos) return true;
    return false;
  };
  auto pick = [&](std::string_view start) -> std::string {
    for (const auto& l : labels)
      if (lower(l).rfind(lower(std::string(start)), 0) == 0) return l;
    return {};
  };
  if (r.empty()) return {pick("Unknown production routes"), false};
  // In order; the first whose words occur and whose route the category has wins (so "BF-BOF"
  // is the blast furnace for pig iron and basic oxygen steelmaking for crude steel).
  struct Rule {
    std::array<const char*, 4> words;  ///< unused slots are null
    const char* label;
  };
  static constexpr Rule rules[] = {
      {{"eaf", "electric arc"}, "Electric arc furnace"},
      {{"bof", "oxygen"}, "Basic oxygen"},
      {{"blast", "bf"}, "Blast furnace"},
      {{"smelting reduction"}, "Smelting reduction"},
      {{"chlor"}, "Chlor-Alkali"},
      {{"electroly"}, "Electrolysis of water"},
      {{"gasif", "coal"}, "Haber-Bosch process with gasification"},
      {{"reform", "partial oxidation", "pox", "smr"}, "Haber-Bosch process with steam reforming"},
      {{"reform", "partial oxidation", "pox", "smr"}, "Steam reforming"},
      {{"secondary", "recycl", "remelt"}, "Secondary melting"},
      {{"primary", "electroly", "smelt", "hall"}, "Primary (electrolytic)"},
  };
  std::string hit;
  for (const auto& rule : rules) {
    if (!has(rule.words)) continue;
    hit = pick(rule.label);
    if (!hit.empty()) break;
  }
  if (hit.empty()) hit = pick("Other production routes");
  return {hit, false};
}

class Exporter {
 public:
  Exporter(const model::Firm& firm, const calc::Dataset& data, const TemplateExportOptions& opt,
           std::string blank, TemplateExport& out)
      : firm_(firm), data_(data), opt_(opt), blank_(std::move(blank)), out_(out),
        notes_(out.notes) {}

  void run() {
    in_ = &installation();
    check_capacity();
    read_blank();
    calc::EmissionsOptions eo;
    eo.year = opt_.year;
    out_.report = calc::compute_emissions(firm_, data_, eo);
    for (const auto& pr : out_.report.processes)
      if (pr.installation == in_->id) results_[pr.process] = &pr;
    WorkbookEditor ed(blank_, "the blank template");
    ed_ = &ed;
    installation_data();
    processes();
    precursors();
    inventory();
    products();
    not_expressed();
    WorkbookEditor::SaveOptions so;
    for (auto s : ly::kStaticSheets) so.keep_cached.insert(std::string(s));
    out_.xlsx = ed.save(so);
  }

 private:
  SourcePos file_pos() const {
    SourcePos p;
    p.file = firm_.file;
    return p;
  }

  // ---- which installation, and does it fit --------------------------------------------------
  const model::Installation& installation() {
    if (firm_.installations.empty())
      throw InputError(firm_.file + ": error: the firm has no installation "
                       "to fill the Communication template with");
    if (!opt_.installation.empty()) {
      if (const auto* in = firm_.find_installation(opt_.installation)) return *in;
      std::string ids;
      for (const auto& in : firm_.installations) ids += (ids.empty() ? "" : ", ") + in.id;
      throw InputError(firm_.file + ": error: no installation '" + opt_.installation +
                       "' (the firm has " + ids + ")");
    }
    if (firm_.installations.size() > 1) {
      std::string ids;
      for (const auto& in : firm_.installations) ids += (ids.empty() ? "" : ", ") + in.id;
      throw InputError(firm_.file + ": error: the firm has " +
                       std::to_string(firm_.installations.size()) + " installations (" + ids +
                       "): a Communication template is for one; choose it with --installation");
    }
    return firm_.installations.front();
  }

  void check_capacity() {
    const auto& in = *in_;
    Diagnostics errs;
    if (in.processes.empty())
      errs.error(in.pos, "installation '" + in.id + "' has no production process: the template "
                         "communicates the SEE of goods made in production processes");
    if (in.processes.size() > static_cast<std::size_t>(ly::kProcCount))
      errs.error(in.pos, "installation '" + in.id + "' has " + std::to_string(in.processes.size()) +
                             " production processes; the template has room for " +
                             std::to_string(ly::kProcCount));
    std::size_t goods = 0;
    for (const auto& p : in.processes) {
      goods += p.goods.size();
      if (!goods_category(p.category) || p.category == "electricity")
        errs.error(p.pos, p.path + ": category '" + p.category + "' is not an aggregated goods "
                          "category the template's production processes take");
      for (const auto& inc : p.includes)
        if (!goods_category(inc))
          errs.error(p.pos, p.path + ": included category '" + inc + "' is not one of the template's");
      if (u::in_tonnes(p.output) <= 0)
        errs.error(p.pos, p.path + ": the template divides by the production of the process, "
                          "which is 0");
    }
    if (goods > static_cast<std::size_t>(ly::kProdCount))
      errs.error(in.pos, "installation '" + in.id + "' has " + std::to_string(goods) +
                             " goods; Summary_Products has room for " + std::to_string(ly::kProdCount));
    if (errs.has_errors()) throw InputError(errs.format(), errs);
  }

  // ---- what the blank itself says: its version, countries, routes ---------------------------
  void read_blank() {
    Workbook wb(blank_, "the blank template");
    for (auto s : {ly::kVersion, ly::kInst, ly::kEm, ly::kProc, ly::kPurch, ly::kProducts,
                   ly::kParams, ly::kCodes})
      if (!wb.has_sheet(s))
        throw InternalError("the blank template has no sheet " + std::string(s) +
                            ": it is not the Commission's Communication template");
    const auto& vs = wb.sheet(ly::kVersion, 5);
    const Cell* date = vs.cell(ly::kVersionDateRow, ly::B);
    if (!date || date->type != CellType::number ||
        static_cast<int>(date->number) != ly::kVersions.back().serial)
      throw InternalError("the blank template is not v" + std::string(ly::kVersions.back().label) +
                          " (VersionDocumentation!B3)");
    out_.version = std::string(ly::kVersions.back().label);
    const auto& codes = wb.sheet(ly::kCodes, 277);
    for (int row = 11; row <= 277; ++row) {
      const Cell* code = codes.cell(row, ly::F);
      const Cell* label = codes.cell(row, ly::G);
      if (code && code->type == CellType::text && label && label->type == CellType::text)
        countries_[code->text] = label->text;
    }
    const auto& params = wb.sheet(ly::kParams, ly::kGoodsListRow + 17);
    for (std::size_t i = 0; i < ly::kGoods.size(); ++i) {
      int row = ly::kGoodsListRow + static_cast<int>(i);
      const Cell* choose = params.cell(row, ly::E);  // "production routes relevant"
      if (!choose || choose->type != CellType::boolean || choose->number == 0) continue;
      auto& labels = routes_[std::string(ly::kGoods[i].slug)];
      for (int c = ly::G; c <= ly::P; ++c) {
        const Cell* l = params.cell(row, c);
        if (l && l->type == CellType::text && l->text != "n.a.") labels.push_back(l->text);
      }
    }
  }

  // ---- writing cells ------------------------------------------------------------------------
  void num(std::string_view sheet, int row, int col, double v) { ed_->set_number(sheet, row, col, v); }
  void text(std::string_view sheet, int row, int col, const std::string& v) {
    if (!v.empty()) ed_->set_text(sheet, row, col, v);
  }
  void warn(const SourcePos& pos, const std::string& where, const std::string& message) {
    notes_.warning(pos, (where.empty() ? "" : where + ": ") + message);
  }

  // ---- A_InstData ------------------------------------------------------------------------------
  void installation_data() {
    const auto s = ly::kInst;
    const auto& in = *in_;
    std::optional<Date> start = firm_.period_start, end = firm_.period_end;
    if (!start && firm_.reporting_year) start = Date{firm_.reporting_year, 1, 1};
    if (!end && firm_.reporting_year) end = Date{firm_.reporting_year, 12, 31};
    if (start) num(s, ly::kPeriodRow, ly::kPeriodStartCol, date_serial(*start));
    if (end) num(s, ly::kPeriodRow, ly::kPeriodEndCol, date_serial(*end));
    if (!start || !end)
      warn(file_pos(), "firm", "no reporting period or reporting year: "
                                                  "A_InstData!I9:L9 left empty");
    else if (!firm_.period_start)
      warn(file_pos(), "firm", "the reporting period is written as the calendar "
                                                  "year " + std::to_string(firm_.reporting_year) +
                                                  " (the firm gives its reporting year only)");
    const int c = ly::kInstCol;
    text(s, ly::kLocalNameRow, c, in.local_name);
    text(s, ly::kNameRow, c, in.name.empty() ? in.id : in.name);
    text(s, ly::kStreetRow, c, in.address);
    text(s, ly::kActivityRow, c, in.economic_activity);
    text(s, ly::kPostCodeRow, c, in.post_code);
    text(s, ly::kPoBoxRow, c, in.po_box);
    text(s, ly::kCityRow, c, in.city);
    if (auto it = countries_.find(in.country); it != countries_.end())
      text(s, ly::kCountryRow, c, it->second);
    else
      warn(in.pos, in.path, "country '" + in.country + "' is not in the template's country list: "
                            "A_InstData!I26 left empty");
    text(s, ly::kUnlocodeRow, c, in.unlocode);
    text(s, ly::kLatitudeRow, c, in.latitude);
    text(s, ly::kLongitudeRow, c, in.longitude);
    text(s, ly::kRepresentativeRow, c, in.representative);
    text(s, ly::kEmailRow, c, in.email);
    text(s, ly::kTelephoneRow, c, in.telephone);
    // (4a) the goods categories made, with their routes; (4b) one row per process.
    std::vector<std::string> cats;
    std::map<std::string, std::vector<std::string>> cat_routes;
    auto add_cat = [&](const std::string& slug) {
      if (std::find(cats.begin(), cats.end(), slug) == cats.end()) cats.push_back(slug);
    };
    for (const auto& p : in.processes) {
      add_cat(p.category);
      for (const auto& inc : p.includes) add_cat(inc);
      auto rit = routes_.find(p.category);
      if (rit == routes_.end()) continue;
      auto choice = choose_route(rit->second, p.route);
      auto& rs = cat_routes[p.category];
      if (!choice.label.empty() && std::find(rs.begin(), rs.end(), choice.label) == rs.end())
        rs.push_back(choice.label);
      if (!choice.exact)
        warn(p.pos, p.path, p.route.empty() ? "no route is given: written as '" + choice.label + "'"
                                            : "route '" + p.route + "' is written as the template's '" +
                                                  choice.label + "'");
    }
    for (const auto& p : in.processes)
      for (const auto& inc : p.includes)
        if (routes_.count(inc) && !cat_routes.count(inc)) cat_routes[inc] = {choose_route(routes_[inc], "").label};
    if (cats.size() > static_cast<std::size_t>(ly::kGoodsCount))
      throw InputError(in.pos.str() + ": error: " + in.path + ": " + std::to_string(cats.size()) +
                       " goods categories; A_InstData (4a) has room for " + std::to_string(ly::kGoodsCount));
    for (std::size_t i = 0; i < cats.size(); ++i) {
      int row = ly::kGoodsFirstRow + static_cast<int>(i);
      text(s, row, ly::kGoodsCatCol, category_label(*goods_category(cats[i])));
      const auto& rs = cat_routes[cats[i]];
      for (std::size_t r = 0; r < rs.size() && r < static_cast<std::size_t>(ly::kGoodsRoutes); ++r)
        text(s, row, ly::kGoodsRouteCol + static_cast<int>(r), rs[r]);
    }
    std::set<std::string> used;
    for (std::size_t k = 0; k < in.processes.size(); ++k) {
      const auto& p = in.processes[k];
      int row = ly::kProcFirstRow + static_cast<int>(k);
      text(s, row, ly::kProcCatCol, category_label(*goods_category(p.category)));
      std::vector<std::string> inc;
      for (const auto& i : p.includes)
        if (i != p.category) inc.push_back(i);
      if (inc.empty()) text(s, row, ly::kProcInclCol, std::string(ly::kOnlyDirect));
      if (inc.size() > static_cast<std::size_t>(ly::kProcIncluded))
        warn(p.pos, p.path, "more included goods categories than the template's six: the first six are written");
      for (std::size_t i = 0; i < inc.size() && i < static_cast<std::size_t>(ly::kProcIncluded); ++i)
        text(s, row, ly::kProcInclCol + static_cast<int>(i), category_label(*goods_category(inc[i])));
      std::string name = p.name.empty() ? p.id : p.name;
      if (used.count(lower(name))) name += " (" + p.id + ")";
      used.insert(lower(name));
      names_[p.id] = name;
      text(s, row, ly::kProcNameCol, name);
    }
  }

  // ---- D_Processes ----------------------------------------------------------------------------
  int index_of(const std::string& id) const {
    for (std::size_t k = 0; k < in_->processes.size(); ++k)
      if (in_->processes[k].id == id) return static_cast<int>(k) + 1;
    return 0;
  }

  static std::string_view electricity_code(const calc::ElectricityResult& e) {
    if (e.source == "ppa") return "D.4.3.2";
    if (e.source == "direct-link") return "D.4.3.1";
    if (e.source == "stated") {
      for (auto c : ly::kElecSources)
        if (c == e.method) return c;
      return {};
    }
    return "D.4(a)";  // the Commission's default (IR 2025/2621 Annex II) for the country
  }

  void processes() {
    const auto s = ly::kProc;
    const auto& in = *in_;
    // Amounts passed from process to process, by (producer, consumer) index.
    std::map<std::pair<int, int>, double> passed;
    for (std::size_t c = 0; c < in.processes.size(); ++c)
      for (const auto& pr : in.processes[c].precursors)
        if (pr.source == model::PrecursorSource::process &&
            (pr.installation_id.empty() || pr.installation_id == in.id))
          passed[{index_of(pr.process_id), static_cast<int>(c) + 1}] += u::in_tonnes(pr.quantity);
    for (std::size_t i = 0; i < in.processes.size(); ++i) {
      const auto& p = in.processes[i];
      const int k = static_cast<int>(i) + 1;
      auto row = [&](int off) { return ly::proc_row(k, off); };
      auto rit = results_.find(p.id);
      if (rit == results_.end()) throw InternalError("template export: no result for process " + p.id);
      const calc::ProcessResult& r = *rit->second;
      const double al = u::in_tonnes(p.output);
      num(s, row(ly::kPdRouteRow), ly::L, al);
      double others = 0;
      for (const auto& [key, t] : passed) {
        if (key.first != k) continue;
        int j = key.second < k ? key.second : key.second - 1;  // rows skip the process itself
        num(s, row(ly::kPdToOtherRow + j - 1), ly::L, t);
        others += t;
      }
      if (others > al * (1 + 1e-9))
        warn(p.pos, p.path, "other processes take " + fmt(others) + " t of its " + fmt(al) +
                                " t: the template's control cell (D_Processes!L" +
                                std::to_string(row(ly::kPdNonCbamRow) + 1) + ") will show the difference");
      num(s, row(ly::kPdMarketRow), ly::L, std::max(0.0, al - others));
      // (f) which emissions apply, (g) DirEm*
      bool heat = !p.heat.empty(), waste = !p.waste_gas.empty();
      ed_->set_bool(s, row(ly::kPdFlagsRow), ly::K, heat);
      ed_->set_bool(s, row(ly::kPdFlagsRow), ly::L, waste);
      num(s, row(ly::kPdDirEmRow), ly::L, u::in_tco2e(r.dir_em));
      // (h) measurable heat, net imported and exported, in TJ with a weighted factor
      if (heat) {
        for (bool import : {true, false}) {
          double q = 0, em = 0;
          int n = 0;
          for (const auto& h : p.heat) {
            if (h.is_import != import) continue;
            q += u::in_terajoules(h.quantity);
            em += u::in_tco2e(h.quantity * h.factor);
            ++n;
          }
          int col = import ? ly::L : ly::M;
          num(s, row(ly::kPdHeatRow), col, q);
          num(s, row(ly::kPdHeatEfRow), col, q > 0 ? em / q : 0.0);
          if (n > 1)
            warn(p.pos, p.path, std::to_string(n) + " heat " + (import ? "imports" : "exports") +
                                    " are written as one amount with their weighted factor");
        }
      }
      // (i) waste gases (TJ); the template prices them with natural gas (Eq. 53/54) itself
      if (waste) {
        double imp = 0, exp = 0;
        for (const auto& w : p.waste_gas) (w.is_import ? imp : exp) += u::in_terajoules(w.quantity);
        num(s, row(ly::kPdWasteRow), ly::L, imp);
        num(s, row(ly::kPdWasteRow), ly::M, exp);
      }
      // (j) electricity consumed, with the factor the engine applied
      double mwh = 0, em = 0;
      std::string code;
      bool mixed = false, missing = false;
      for (const auto& e : r.electricity) {
        mwh += u::in_megawatt_hours(e.quantity);
        if (!e.factor) {
          missing = true;
          continue;
        }
        em += u::in_tco2e(e.quantity * *e.factor);
        std::string c(electricity_code(e));
        if (code.empty()) code = c;
        else if (code != c) mixed = true;
      }
      num(s, row(ly::kPdElecRow), ly::L, mwh);
      if (mwh > 0) {
        num(s, row(ly::kPdElecEfRow), ly::L, em / mwh);
        if (mixed) code = "Mix";
        text(s, row(ly::kPdElecSourceRow), ly::L, code);
        if (r.electricity.size() > 1)
          warn(p.pos, p.path, std::to_string(r.electricity.size()) + " electricity consumptions are "
                              "written as one with their weighted factor (" + fmt(em / mwh) + " tCO2/MWh)");
        if (missing)
          warn(p.pos, p.path, "an electricity factor could not be determined (see the emissions "
                              "report's gaps): the template's indirect emissions leave it out");
      }
      // (k) electricity exported
      double xq = 0, xem = 0;
      for (const auto& x : p.electricity_export) {
        xq += u::in_megawatt_hours(x.quantity);
        xem += u::in_tco2e(x.quantity * x.factor);
      }
      num(s, row(ly::kPdElecExportRow), ly::L, xq);
      if (xq > 0) num(s, row(ly::kPdElecExportEfRow), ly::L, xem / xq);
      // Eq. 55 sets negative AttrEm_dir to zero only in some cases; the template's formula is its
      // own: say so when the engine floored.
      if (u::in_tco2e(r.direct) == 0 && u::in_tco2e(r.dir_em) != 0)
        warn(p.pos, p.path, "GreenGate set the process's attributed direct emissions to zero "
                            "(Eq. 55); the template computes them from the cells as written");
    }
  }

  // ---- purchased precursors: A_InstData (5) and E_PurchPrec ------------------------------------
  struct Purchased {
    std::string name, category, origin, basis;
    const model::Precursor* first = nullptr;
    const calc::PrecursorResult* result = nullptr;
    std::map<int, double> per_process;  ///< consumer index → t
  };

  void precursors() {
    const auto& in = *in_;
    std::vector<Purchased> list;
    for (std::size_t c = 0; c < in.processes.size(); ++c) {
      const auto& p = in.processes[c];
      const calc::ProcessResult& r = *results_.at(p.id);
      for (std::size_t j = 0; j < p.precursors.size(); ++j) {
        const auto& pr = p.precursors[j];
        if (pr.source == model::PrecursorSource::process &&
            (pr.installation_id.empty() || pr.installation_id == in.id))
          continue;  // D_Processes (c)
        const calc::PrecursorResult* res = j < r.precursors.size() ? &r.precursors[j] : nullptr;
        if (!res) throw InternalError("template export: no result for a precursor of " + p.id);
        std::string cat = pr.category;
        if (cat.empty()) {
          auto sc = data_.scope.check(pr.cn);
          if (sc.category) cat = sc.category->name;
        }
        if (!goods_category(cat)) {
          warn(pr.pos, pr.path, "CN " + model::format_cn(pr.cn) + " has no aggregated goods category "
                                "of the template: not written, so the template's SEE of " + p.id +
                                " leaves it out");
          continue;
        }
        std::string basis, origin = pr.origin, name;
        switch (pr.source) {
          case model::PrecursorSource::supplier:
            basis = pr.see_basis == model::SeeBasis::measured ? std::string(ly::kMeasured)
                    : pr.see_basis == model::SeeBasis::default_value ? std::string(ly::kDefault)
                                                                      : std::string(ly::kUnknown);
            name = pr.supplier;
            break;
          case model::PrecursorSource::default_value:
            basis = std::string(ly::kDefault);
            break;
          case model::PrecursorSource::unknown_origin:
            basis = std::string(ly::kDefault);
            break;
          case model::PrecursorSource::process:
            basis = std::string(ly::kMeasured);
            name = "process " + pr.process_id + " of installation " + pr.installation_id;
            warn(pr.pos, pr.path, "the output of another installation's process is written as a "
                                  "purchased precursor with the SEE GreenGate computed for it");
            break;
        }
        if (name.empty()) {
          name = pr.cn.empty() ? category_label(*goods_category(cat)) : "CN " + model::format_cn(pr.cn);
          if (pr.source == model::PrecursorSource::default_value) name += " (" + origin + ", default value)";
          if (pr.source == model::PrecursorSource::unknown_origin) name += " (origin unknown, default value)";
        }
        // One row per distinct precursor: same name, category, origin, basis and SEE.
        Purchased* hit = nullptr;
        for (auto& q : list)
          if (q.name == name && q.category == cat && q.origin == origin && q.basis == basis &&
              u::in_tco2e_per_tonne(q.result->see_direct) == u::in_tco2e_per_tonne(res->see_direct) &&
              u::in_tco2e_per_tonne(q.result->see_indirect_all) == u::in_tco2e_per_tonne(res->see_indirect_all))
            hit = &q;
        if (!hit) {
          for (const auto& q : list)
            if (lower(q.name) == lower(name)) name += " #" + std::to_string(list.size() + 1);
          list.push_back({name, cat, origin, basis, &pr, res, {}});
          hit = &list.back();
        }
        hit->per_process[static_cast<int>(c) + 1] += u::in_tonnes(pr.quantity);
      }
    }
    if (list.size() > static_cast<std::size_t>(ly::kPurchCount))
      throw InputError(in.pos.str() + ": error: " + in.path + ": " + std::to_string(list.size()) +
                       " different purchased precursors; the template has room for " +
                       std::to_string(ly::kPurchCount));
    const auto s = ly::kInst, e = ly::kPurch;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto& q = list[i];
      const int k = static_cast<int>(i) + 1;
      int row = ly::kPurchFirstRow + static_cast<int>(i);
      auto b = [&](int off) { return ly::purch_row(k, off); };
      const auto& pr = *q.first;
      const auto& res = *q.result;
      text(s, row, ly::kPurchCatCol, category_label(*goods_category(q.category)));
      if (!q.origin.empty()) {
        if (countries_.count(q.origin)) text(s, row, ly::kPurchCountryCol, q.origin);
        else warn(pr.pos, pr.path, "origin '" + q.origin + "' is not a country code of the template: left empty");
      }
      if (auto rit = routes_.find(q.category); rit != routes_.end())
        text(s, row, ly::kPurchRouteCol, choose_route(rit->second, "").label);  // firm v1 has no route
      text(s, row, ly::kPurchNameCol, q.name);
      double total = 0;
      for (const auto& [to, t] : q.per_process) {
        num(e, b(ly::kPpToProcRow + to - 1), ly::L, t);
        total += t;
      }
      num(e, b(ly::kPpRouteRow), ly::L, total);
      num(e, b(ly::kPpOtherRow), ly::L, 0);
      num(e, b(ly::kPpSeeDirRow), ly::L, u::in_tco2e_per_tonne(res.see_direct));
      text(e, b(ly::kPpSeeDirRow), ly::M, q.basis);
      double ind = u::in_tco2e_per_tonne(res.see_indirect_all);
      if (pr.source == model::PrecursorSource::supplier && pr.specific_electricity && pr.electricity_factor) {
        num(e, b(ly::kPpElecRow), ly::L, *pr.specific_electricity);
        num(e, b(ly::kPpElecEfRow), ly::L, u::in_tco2e_per_megawatt_hour(*pr.electricity_factor));
        text(e, b(ly::kPpElecRow), ly::M, q.basis);
        for (auto c : ly::kElecSources)
          if (c == pr.electricity_factor_method) text(e, b(ly::kPpElecEfRow), ly::M, std::string(c));
      } else {
        // The template has SEE (indirect) only as specific electricity × factor (L52 = L50 × L51):
        // the SEE (indirect) is written as the consumption, with a factor of 1 tCO2/MWh.
        num(e, b(ly::kPpElecRow), ly::L, ind);
        num(e, b(ly::kPpElecEfRow), ly::L, ind > 0 ? 1.0 : 0.0);
        text(e, b(ly::kPpElecRow), ly::M, q.basis);
        if (ind > 0)
          warn(pr.pos, pr.path, "the template has no cell for SEE (indirect) itself: E_PurchPrec!L" +
                                    std::to_string(b(ly::kPpElecRow)) + " holds it (" + fmt(ind) +
                                    ") as specific electricity consumption with a factor of 1 tCO2/MWh in L" +
                                    std::to_string(b(ly::kPpElecEfRow)));
      }
      if (pr.source == model::PrecursorSource::supplier && !pr.verified)
        warn(pr.pos, pr.path, "the supplier's values are not verified; the template has no place to say so");
      if (pr.source == model::PrecursorSource::default_value || pr.source == model::PrecursorSource::unknown_origin)
        warn(pr.pos, pr.path, "written with the Commission default GreenGate applies for " +
                                  std::to_string(opt_.year) + " (mark-up included): SEE (direct) " +
                                  fmt(u::in_tco2e_per_tonne(res.see_direct)) + ", SEE (indirect) " + fmt(ind) +
                                  " tCO2e/t; E_PurchPrec!K" + std::to_string(b(ly::kPpJustRow)) +
                                  " (justification for default values) is left for the operator");
    }
  }

  // ---- B_EmInst: the installation's source streams, for information ---------------------------
  static const report::TraceInput* input(const report::TraceNode& t, std::string_view name) {
    for (const auto& i : t.inputs)
      if (i.name.en() == name) return &i;
    return nullptr;
  }

  void inventory() {
    const auto s = ly::kEm;
    std::vector<const model::SourceStream*> streams;
    for (const auto& p : in_->processes)
      for (const auto& st : p.streams) streams.push_back(&st);
    for (const auto& st : in_->shared_streams) streams.push_back(&st);
    int row = ly::kStreamFirstRow, pfc = ly::kPfcFirstRow;
    calc::EmissionsReport scratch;
    auto full = [&](const model::SourceStream& st, int needed) {
      if (row + needed <= ly::kStreamFirstRow + ly::kStreamCount) return false;
      warn(st.pos, st.path, "B_EmInst has no more rows for source streams: not written");
      return true;
    };
    for (const auto* sp : streams) {
      const auto& st = *sp;
      std::string name = st.name.empty() ? st.id : st.name;
      auto res = calc::compute_stream(st, data_, opt_.year, scratch);
      const auto& t = res.trace;
      switch (st.method) {
        case model::StreamMethod::combustion: {
          if (full(st, 1)) break;
          if (st.amount_kind == model::AmountKind::energy) {
            warn(st.pos, st.path, "fuel given as energy: B_EmInst takes fuel in t or 1000Nm3 with "
                                  "its NCV; not written (its emissions are in D_Processes' DirEm*)");
            break;
          }
          bool volume = st.amount_kind == model::AmountKind::volume;
          const auto* fq = input(t, "FQ");
          num(s, row, ly::kStAD, fq ? fq->value : 0);
          text(s, row, ly::kStMethod, std::string(ly::kCombustion));
          text(s, row, ly::kStName, name);
          text(s, row, ly::kStADUnit, volume ? "1000Nm3" : "t");
          if (st.ef_mass || st.ef_volume) {
            num(s, row, ly::kStEF, st.ef_mass ? u::in_tco2e_per_tonne(*st.ef_mass) : *st.ef_volume);
            text(s, row, ly::kStEFUnit, st.ef_mass ? "tCO2/t" : "tCO2/1000Nm3");
          } else {
            const auto* ncv = input(t, "NCV");
            const auto* ef = input(t, "EF");
            if (ncv) num(s, row, ly::kStNCV, ncv->value * 1000.0);  // TJ → GJ per t or 1000 Nm3
            if (ef) num(s, row, ly::kStEF, ef->value);
            text(s, row, ly::kStEFUnit, "tCO2/TJ");
          }
          num(s, row, ly::kStOxF, st.oxidation * 100.0);
          num(s, row, ly::kStBio, st.biomass_fraction * 100.0);
          ++row;
          break;
        }
        case model::StreamMethod::process: {
          if (full(st, 1)) break;
          const auto* ef = input(t, "EF");
          text(s, row, ly::kStMethod, std::string(ly::kProcessEm));
          text(s, row, ly::kStName, name);
          num(s, row, ly::kStAD, u::in_tonnes(st.mass));
          text(s, row, ly::kStADUnit, "t");
          if (ef) num(s, row, ly::kStEF, ef->value);
          text(s, row, ly::kStEFUnit, "tCO2/t");
          num(s, row, ly::kStConvF, st.conversion_factor * 100.0);
          num(s, row, ly::kStBio, st.biomass_fraction * 100.0);
          ++row;
          break;
        }
        case model::StreamMethod::mass_balance: {
          if (full(st, static_cast<int>(st.inputs.size() + st.outputs.size()))) break;
          for (int dir = 0; dir < 2; ++dir)
            for (const auto& f : dir == 0 ? st.inputs : st.outputs) {
              std::string in_out = dir == 0 ? "in" : "out";
              const auto* cc = input(t, "CC_" + in_out + " " + f.material);
              text(s, row, ly::kStMethod, std::string(ly::kMassBalance));
              text(s, row, ly::kStName, f.material);
              num(s, row, ly::kStAD, (dir == 0 ? 1.0 : -1.0) * u::in_tonnes(f.quantity));
              text(s, row, ly::kStADUnit, "t");
              if (cc) num(s, row, ly::kStCC, cc->value);
              num(s, row, ly::kStBio, f.biomass_fraction * 100.0);
              ++row;
            }
          break;
        }
        case model::StreamMethod::pfc_slope:
        case model::StreamMethod::pfc_overvoltage: {
          if (pfc >= ly::kPfcFirstRow + ly::kPfcCount) {
            warn(st.pos, st.path, "B_EmInst has no more rows for PFC emissions: not written");
            break;
          }
          bool slope = st.method == model::StreamMethod::pfc_slope;
          text(s, pfc, ly::kPfcMethod, std::string(slope ? ly::kSlope : ly::kOvervoltage));
          text(s, pfc, ly::kPfcTech, name);
          num(s, pfc, ly::kPfcAD, u::in_tonnes(st.aluminium));
          num(s, pfc, ly::kPfcF, st.f_c2f6);
          num(s, pfc, ly::kPfcCollect, st.collection_efficiency);
          if (slope) {
            // GreenGate holds AEM (minutes per cell-day), the template frequency × duration.
            num(s, pfc, ly::kPfcFreq, st.aem);
            num(s, pfc, ly::kPfcDur, 1.0);
            num(s, pfc, ly::kPfcSef, st.sef_cf4);
            warn(st.pos, st.path, "the anode effect minutes per cell-day (" + fmt(st.aem) +
                                      ") are written as frequency with a duration of 1 minute");
          } else {
            num(s, pfc, ly::kPfcAeo, st.aeo);
            num(s, pfc, ly::kPfcCe, st.current_efficiency);
            num(s, pfc, ly::kPfcOvc, st.ovc);
          }
          ++pfc;
          break;
        }
        case model::StreamMethod::measured:
        case model::StreamMethod::n2o:
          warn(st.pos, st.path, "B_EmInst (c) takes measured emissions as concentration × hours × "
                                "flue gas flow; GreenGate holds the annual amount only: not written "
                                "(its emissions are in D_Processes' DirEm*)");
          break;
        case model::StreamMethod::fugitive:
          warn(st.pos, st.path, "fugitive emissions have no place in B_EmInst: not written");
          break;
      }
    }
  }

  // ---- Summary_Products ----------------------------------------------------------------------
  void products() {
    const auto s = ly::kProducts;
    int row = ly::kProdFirstRow;
    for (const auto& p : in_->processes) {
      if (p.goods.empty())
        warn(p.pos, p.path, "the process has no goods: Summary_Products shows none for it");
      if (p.goods.size() > 1)
        warn(p.pos, p.path, "the template gives production per process: its " +
                                std::to_string(p.goods.size()) + " goods share the process's SEE "
                                "and their quantities are not written");
      for (const auto& g : p.goods) {
        text(s, row, ly::kProdProcCol, names_.at(p.id));
        text(s, row, ly::kProdCnCol, g.cn.substr(0, 8));
        text(s, row, ly::kProdNameCol, g.name);
        if (g.cn.size() > 8)
          warn(g.pos, g.path, "the template takes 8-digit CN codes: " + g.cn + " is written as " + g.cn.substr(0, 8));
        ++row;
      }
    }
  }

  // ---- what the template cannot hold at all -----------------------------------------------------
  void not_expressed() {
    const auto& in = *in_;
    if (!in.default_goods.empty())
      warn(in.pos, in.path, std::to_string(in.default_goods.size()) + " good(s) on default values "
                            "without a production process: the template communicates actual "
                            "values of processes, they are not written");
    for (const auto& p : in.processes)
      for (const auto& g : p.goods)
        if (auto sc = data_.scope.check(g.cn); sc.category && sc.category->name != p.category &&
                                               std::find(p.includes.begin(), p.includes.end(),
                                                         sc.category->name) == p.includes.end())
          warn(g.pos, g.path, "CN " + model::format_cn(g.cn) + " is " + sc.category->label +
                                  ", not of the process's category: the template's CN list for "
                                  "the process may not offer it");
    if (firm_.installations.size() > 1)
      warn(file_pos(), "firm", "only installation '" + in.id + "' is written: "
                                                  "one template per installation");
    if (!firm_.exports.empty())
      warn(file_pos(), "firm", std::to_string(firm_.exports.size()) +
                                                  " export(s) to the EU are not written: the "
                                                  "template communicates SEE, not imports");
    if (!firm_.buildings.empty() || !in.inventory.empty() || !in.instruments.empty() ||
        !firm_.products.empty() || !firm_.activities.empty())
      warn(file_pos(), "firm", "the footprint, product and taxonomy parts of "
                                                  "the firm file have no place in the template");
    for (const auto& p : in.processes)
      if (!p.benchmark_route.empty()) {
        warn(file_pos(), "firm", "benchmark routes (IR 2025/2620) have no place in the template");
        break;
      }
  }

  const model::Firm& firm_;
  const calc::Dataset& data_;
  const TemplateExportOptions& opt_;
  std::string blank_;
  TemplateExport& out_;
  Diagnostics& notes_;
  const model::Installation* in_ = nullptr;
  WorkbookEditor* ed_ = nullptr;
  std::map<std::string, const calc::ProcessResult*> results_;
  std::map<std::string, std::string> countries_;  ///< code → the template's name
  std::map<std::string, std::vector<std::string>> routes_;  ///< category → its routes to choose
  std::map<std::string, std::string> names_;  ///< process id → name written
};

std::string read_blank(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw DefinitionError(path + ": error: the blank Communication template is missing (it ships "
                          "in the data folder's templates/eu-communication/)", {});
  std::ostringstream o;
  o << in.rdbuf();
  return o.str();
}

}  // namespace

std::string blank_template_path(const std::string& data_root) {
  return data_root + "/templates/eu-communication/" + kBlankFile;
}

TemplateExport export_template(const model::Firm& firm, const calc::Dataset& data,
                               const TemplateExportOptions& options) {
  TemplateExport out;
  std::string blank = options.blank_xlsx.empty() ? read_blank(blank_template_path(data.root))
                                                 : options.blank_xlsx;
  TemplateExportOptions opt = options;
  if (!opt.year) opt.year = data.period.first;
  Exporter ex(firm, data, opt, std::move(blank), out);
  ex.run();
  return out;
}

}  // namespace greengate::exchange
