#include "greengate/calc/screening.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <thread>

#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/calc/taxonomy.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/text/csv.hpp"
#include "xml/element_reader.hpp"

namespace greengate::calc {

namespace fs = std::filesystem;
namespace u = greengate::units;
using rules::Outcome;

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::eligible: return "eligible";
    case Verdict::ineligible: return "ineligible";
    case Verdict::evidence_missing: return "evidence missing";
  }
  return "?";
}

std::string_view funding_name(Funding f) {
  switch (f) {
    case Funding::funded: return "funded";
    case Funding::reserve: return "reserve";
    case Funding::not_ranked: return "not ranked";
  }
  return "?";
}

std::string nace_section(std::string_view nace) {
  // NACE Rev. 2 (Regulation (EC) No 1893/2006 Annex I): division ranges of each section.
  if (nace.size() < 2 || !std::isdigit(static_cast<unsigned char>(nace[0])) ||
      !std::isdigit(static_cast<unsigned char>(nace[1])))
    return {};
  int d = (nace[0] - '0') * 10 + (nace[1] - '0');
  struct Range { int lo, hi; char s; };
  static constexpr Range kSections[] = {
      {1, 3, 'A'},   {5, 9, 'B'},   {10, 33, 'C'}, {35, 35, 'D'}, {36, 39, 'E'}, {41, 43, 'F'},
      {45, 47, 'G'}, {49, 53, 'H'}, {55, 56, 'I'}, {58, 63, 'J'}, {64, 66, 'K'}, {68, 68, 'L'},
      {69, 75, 'M'}, {77, 82, 'N'}, {84, 84, 'O'}, {85, 85, 'P'}, {86, 88, 'Q'}, {90, 93, 'R'},
      {94, 96, 'S'}, {97, 98, 'T'}, {99, 99, 'U'}};
  for (const auto& r : kSections)
    if (d >= r.lo && d <= r.hi) return std::string(1, r.s);
  return {};
}

namespace {

std::string num(double v) { return text::format_trimmed(v, 6); }
text::Arg n6(double v) { return text::num(v, 6); }
text::Message said(std::string key, std::vector<text::Arg> args) {
  return text::Message::of("msg.screen." + key, std::move(args));
}

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r\n"));
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  return s;
}

std::vector<std::string> split_items(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto e = s.find(sep, start);
    auto item = trim(s.substr(start, e == std::string::npos ? std::string::npos : e - start));
    if (!item.empty()) out.push_back(item);
    if (e == std::string::npos) break;
    start = e + 1;
  }
  return out;
}

// ---- applicant files ---------------------------------------------------------------------------

// The standard columns and how they map onto Applicant. Numbers must parse completely and be >= 0.
enum class Col {
  id, name, applicant_type, nace, employees, turnover, balance_sheet, location, project_title,
  project_type, sector, activity, baseline_tco2e, projected_tco2e, baseline_mwh, projected_mwh,
  requested_grant, evidence, firm_file, submitted
};
struct ColSpec {
  const char* csv;
  const char* xml;
  Col col;
  bool required;  ///< the CSV header must have it
  bool number;
};
constexpr ColSpec kColumns[] = {
    {"id", "id", Col::id, true, false},
    {"name", "name", Col::name, true, false},
    {"applicant_type", "type", Col::applicant_type, false, false},
    {"nace", "nace", Col::nace, true, false},
    {"employees", "employees", Col::employees, true, true},
    {"turnover_eur", "turnover-eur", Col::turnover, true, true},
    {"balance_sheet_eur", "balance-sheet-eur", Col::balance_sheet, true, true},
    {"location", "location", Col::location, true, false},
    {"project_title", "project-title", Col::project_title, true, false},
    {"project_type", "project-type", Col::project_type, true, false},
    {"sector", "sector", Col::sector, true, false},
    {"activity", "activity", Col::activity, true, false},
    {"baseline_tco2e", "baseline-tco2e", Col::baseline_tco2e, true, true},
    {"projected_tco2e", "projected-tco2e", Col::projected_tco2e, true, true},
    {"baseline_mwh", "baseline-mwh", Col::baseline_mwh, true, true},
    {"projected_mwh", "projected-mwh", Col::projected_mwh, true, true},
    {"requested_grant", "requested-grant", Col::requested_grant, true, true},
    {"evidence", "evidence", Col::evidence, true, false},
    {"firm_file", "firm-file", Col::firm_file, false, false},
    {"submitted", "submitted", Col::submitted, false, false},
};

bool valid_submitted(const std::string& s) {
  if (s.size() != 10 && s.size() != 16) return false;
  if (!parse_date(s.substr(0, 10))) return false;
  if (s.size() == 16) {
    if (s[10] != 'T' || s[13] != ':') return false;
    for (int i : {11, 12, 14, 15})
      if (!std::isdigit(static_cast<unsigned char>(s[static_cast<std::size_t>(i)]))) return false;
    int hh = std::stoi(s.substr(11, 2)), mm = std::stoi(s.substr(14, 2));
    if (hh > 23 || mm > 59) return false;
  }
  return true;
}

// Sets one field; returns an error message (empty when fine). Empty values stay missing.
std::string set_field(Applicant& a, Col c, const std::string& raw, const std::string& base_dir) {
  std::string v = trim(raw);
  auto number = [&](std::optional<double>& into) -> std::string {
    if (v.empty()) return {};
    auto n = xml::parse_number(v);
    if (!n) return "must be a number with '.' as decimal separator and no thousands separators (got \"" + v + "\")";
    if (*n < 0) return "must be >= 0 (got " + v + ")";
    into = *n;
    return {};
  };
  switch (c) {
    case Col::id: a.id = v; if (v.empty()) return "must not be empty"; return {};
    case Col::name: a.name = v; return {};
    case Col::applicant_type: a.applicant_type = v; return {};
    case Col::nace: a.nace = v; return {};
    case Col::employees: return number(a.employees);
    case Col::turnover: return number(a.turnover_eur);
    case Col::balance_sheet: return number(a.balance_sheet_eur);
    case Col::location: a.location = v; return {};
    case Col::project_title: a.project_title = v; return {};
    case Col::project_type: a.project_type = v; return {};
    case Col::sector: a.sector = v; return {};
    case Col::activity: a.activity = v; return {};
    case Col::baseline_tco2e: return number(a.baseline_tco2e);
    case Col::projected_tco2e: return number(a.projected_tco2e);
    case Col::baseline_mwh: return number(a.baseline_mwh);
    case Col::projected_mwh: return number(a.projected_mwh);
    case Col::requested_grant: return number(a.requested_grant);
    case Col::evidence: a.evidence = split_items(v, ';'); return {};
    case Col::firm_file: {
      a.firm_file = v;
      if (v.empty()) return {};
      fs::path p(v);
      a.firm_path = (p.is_absolute() ? p : fs::path(base_dir) / p).lexically_normal().string();
      std::error_code ec;
      if (!fs::is_regular_file(a.firm_path, ec)) return "firm file \"" + v + "\" not found (looked for " + a.firm_path + ")";
      return {};
    }
    case Col::submitted:
      a.submitted = v;
      if (!v.empty() && !valid_submitted(v)) return "must be YYYY-MM-DD or YYYY-MM-DDTHH:MM (got \"" + v + "\")";
      return {};
  }
  return {};
}

// A declared-fact column's value must fit the declaration.
std::string check_extra(const rules::FactDecl& d, const std::string& v) {
  if (v.empty()) return {};
  if (d.type == rules::FactType::number && !xml::parse_number(v))
    return "fact '" + d.id + "' must be a number in " + d.unit + " (got \"" + v + "\")";
  if (d.type == rules::FactType::boolean && v != "true" && v != "false")
    return "fact '" + d.id + "' must be true or false (got \"" + v + "\")";
  return {};
}

using text::CsvRecord;
std::vector<CsvRecord> csv_records(std::string_view text, Diagnostics& diags, const std::string& display) {
  return text::read_csv(text, diags, display);
}

void check_unique_ids(const std::vector<Applicant>& apps, Diagnostics& diags) {
  std::map<std::string, const Applicant*> seen;
  for (const auto& a : apps) {
    if (a.id.empty()) continue;
    auto [it, ok] = seen.emplace(a.id, &a);
    if (!ok)
      diags.error(a.pos, "duplicate applicant id '" + a.id + "' (also at " + it->second->pos.str() + ")");
  }
}

}  // namespace

LoadResult<std::vector<Applicant>> parse_applicants_csv(std::string_view text, const std::string& display,
                                                        const rules::RuleSet& set,
                                                        const std::string& base_dir) {
  Diagnostics diags;
  std::vector<Applicant> apps;
  auto recs = csv_records(text, diags, display);  // (UTF-8 checked there, text::read_csv)
  if (recs.empty()) {
    if (!diags.has_errors()) diags.error({display, 1}, "empty file: expected a header row (id,name,nace,…)");
    return {std::move(apps), std::move(diags), true};
  }
  // Header: standard columns, or facts declared by the call's rule set.
  struct Binding {
    std::optional<Col> col;
    const rules::FactDecl* fact = nullptr;
    std::string name;
  };
  std::vector<Binding> cols;
  std::set<std::string> seen;
  const auto& header = recs.front();
  for (const auto& raw : header.cells) {
    Binding b;
    b.name = trim(raw);
    if (!seen.insert(b.name).second)
      diags.error({display, header.line}, "column '" + b.name + "' appears twice in the header");
    for (const auto& c : kColumns)
      if (b.name == c.csv) b.col = c.col;
    if (!b.col) {
      b.fact = set.fact(b.name);
      if (!b.fact)
        diags.error({display, header.line},
                    "unknown column '" + b.name + "' (expected the columns of docs/screening.md, or a fact the call declares)");
    }
    cols.push_back(b);
  }
  for (const auto& c : kColumns)
    if (c.required && !seen.count(c.csv))
      diags.error({display, header.line}, "missing column '" + std::string(c.csv) + "'");
  if (diags.has_errors()) return {std::move(apps), std::move(diags), true};
  for (std::size_t r = 1; r < recs.size(); ++r) {
    const auto& rec = recs[r];
    if (rec.cells.size() != cols.size()) {
      diags.error({display, rec.line}, "row has " + std::to_string(rec.cells.size()) + " cells, the header " +
                                           std::to_string(cols.size()));
      continue;
    }
    Applicant a;
    a.pos = {display, rec.line};
    for (std::size_t c = 0; c < cols.size(); ++c) {
      std::string msg;
      if (cols[c].col) {
        msg = set_field(a, *cols[c].col, rec.cells[c], base_dir);
      } else {
        std::string v = trim(rec.cells[c]);
        msg = check_extra(*cols[c].fact, v);
        if (msg.empty() && !v.empty()) a.extra.emplace_back(cols[c].name, v);
      }
      if (!msg.empty()) diags.error(a.pos, "column '" + cols[c].name + "': " + msg);
    }
    apps.push_back(std::move(a));
  }
  check_unique_ids(apps, diags);
  return {std::move(apps), std::move(diags), true};
}

LoadResult<std::vector<Applicant>> parse_applicants_xml(std::string_view text, const std::string& display,
                                                        const rules::RuleSet& set,
                                                        const std::string& base_dir) {
  Diagnostics diags;
  std::vector<Applicant> apps;
  tinyxml2::XMLDocument doc;
  if (!xml::parse_document(doc, text, display, diags)) return {std::move(apps), std::move(diags), true};
  const auto* root = doc.RootElement();
  if (!root || std::string_view(root->Name()) != "applicants") {
    diags.error({display, root ? root->GetLineNum() : 1}, "expected root element <applicants>");
    return {std::move(apps), std::move(diags), true};
  }
  {
    xml::ElementReader r(root, display, diags);
    if (auto s = r.str("schema", true); s && *s != "1")
      r.error_at("schema", "version \"" + *s + "\" is not supported (expected \"1\")");
    r.str("call");  // optional: the call the list was prepared for (informative)
    r.finish();
  }
  for (auto* el = root->FirstChildElement(); el; el = el->NextSiblingElement()) {
    xml::ElementReader r(el, display, diags);
    if (std::string_view(el->Name()) != "applicant") {
      r.error("unknown element (expected <applicant>)");
      continue;
    }
    Applicant a;
    a.pos = r.pos();
    for (const auto& c : kColumns) {
      auto v = r.str(c.xml, c.col == Col::id);
      if (!v) continue;
      auto msg = set_field(a, c.col, *v, base_dir);
      if (!msg.empty()) r.error_at(c.xml, msg);
    }
    r.finish();
    for (auto* ch = el->FirstChildElement(); ch; ch = ch->NextSiblingElement()) {
      std::string_view n = ch->Name();
      xml::ElementReader cr(ch, display, diags, "<applicant id=\"" + a.id + "\"><" + std::string(n) + ">");
      if (n == "evidence") {
        if (auto item = cr.str("item", true)) a.evidence.push_back(trim(*item));
      } else if (n == "fact") {
        auto id = cr.str("id", true).value_or("");
        auto v = trim(cr.str("value", true).value_or(""));
        const auto* d = set.fact(id);
        if (!id.empty() && !d) cr.error_at("id", "'" + id + "' is not a fact the call declares");
        else if (d) {
          auto msg = check_extra(*d, v);
          if (!msg.empty()) cr.error_at("value", msg);
          else if (!v.empty()) a.extra.emplace_back(id, v);
        }
      } else {
        cr.error("unknown element (expected <evidence> or <fact>)");
        continue;
      }
      cr.finish();
    }
    apps.push_back(std::move(a));
  }
  check_unique_ids(apps, diags);
  return {std::move(apps), std::move(diags), true};
}

LoadResult<std::vector<Applicant>> load_applicants(const std::string& path, const std::string& display,
                                                   const rules::RuleSet& set) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Diagnostics d;
    d.error({display, 0}, "cannot read file");
    return {std::vector<Applicant>{}, std::move(d), true};
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string base = fs::path(path).parent_path().string();
  if (base.empty()) base = ".";
  if (fs::path(path).extension() == ".xml") return parse_applicants_xml(ss.str(), display, set, base);
  return parse_applicants_csv(ss.str(), display, set, base);
}

LoadResult<rules::RuleSet> load_call(const std::string& call_path, const std::string& call_display,
                                     const std::string& taxonomy_dir, const std::string& taxonomy_display) {
  std::vector<std::string> paths{call_path}, names{call_display};
  std::error_code ec;
  if (!taxonomy_dir.empty() && fs::is_directory(taxonomy_dir, ec)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(taxonomy_dir, ec))
      if (e.is_regular_file() && e.path().extension() == ".xml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      paths.push_back(f.string());
      names.push_back(taxonomy_display + fs::relative(f, taxonomy_dir).string());
    }
  }
  return rules::load_rule_files(paths, names);
}

// ---- screening ---------------------------------------------------------------------------------

namespace {

// Facts computed from a firm file, once per distinct file.
struct FirmFacts {
  bool loaded = false;
  std::vector<std::string> notes;
  std::optional<model::Firm> firm;
  bool exporter = false;
  int year = 0;
  double embedded = 0;  ///< tCO2e in the year's EU exports of CBAM goods
  double own = 0;       ///< the part from the firm's own processes (direct, + indirect where counted)
  std::string source;
};

FirmFacts firm_facts(const std::string& path, const std::string& display, const Dataset& data, int call_year) {
  FirmFacts f;
  auto lr = model::load_firm(path, display);
  if (!lr.ok()) {
    for (const auto& d : lr.diagnostics().items())
      if (d.severity == Severity::error) f.notes.push_back(d.format());
    return f;
  }
  f.firm = std::move(lr).get();
  const auto& firm = *f.firm;
  // Exports of the call's year; else the nearest later year; else the latest earlier one.
  std::set<int> years;
  for (const auto& x : firm.exports) years.insert(x.year);
  int year = 0;
  if (years.count(call_year)) year = call_year;
  else if (auto it = years.upper_bound(call_year); it != years.end()) year = *it;
  else if (!years.empty()) year = *years.rbegin();
  f.loaded = true;
  f.year = year;
  if (!year) {
    f.source = display + ": no exports declared";
    return f;
  }
  EmissionsOptions opt;
  opt.year = data.period.clamp(year);
  EmissionsReport rep;
  try {
    rep = compute_emissions(firm, data, opt);
  } catch (const Error& e) {
    f.loaded = false;
    f.notes.push_back(display + ": embedded emissions could not be computed: " + e.what());
    return f;
  }
  for (const auto& g : rep.gaps) f.notes.push_back(g.pos.str() + ": " + g.message.en());
  for (const auto& x : rep.exports) {
    if (x.year != year || !data.scope.check(x.cn).in_scope) continue;
    f.exporter = true;
    f.embedded += u::in_tco2e(x.embedded);
    // The firm's own share: production-weighted own intensity of the processes making the good.
    const model::Installation* in = firm.find_installation(x.installation);
    double q = 0, own = 0;
    if (in)
      for (const auto& p : in->processes)
        for (const auto& g : p.goods) {
          if (g.cn != x.cn) continue;
          for (const auto& pr : rep.processes) {
            if (pr.installation != x.installation || pr.process != p.id) continue;
            double al = u::in_tonnes(pr.activity);
            if (al <= 0) continue;
            double e = u::in_tco2e(pr.direct) + (pr.direct_only ? 0.0 : u::in_tco2e(pr.indirect));
            own += e / al * u::in_tonnes(g.quantity);
            q += u::in_tonnes(g.quantity);
          }
        }
    if (q > 0) f.own += own / q * u::in_tonnes(x.quantity);
    else
      f.notes.push_back(x.trace.pos.str() + ": export of " + x.cn + " has no production process in the file "
                        "(default values): its own share is not counted");
  }
  f.source = "computed by GreenGate from " + display + " (EU exports of CBAM goods in " + std::to_string(year) + ")";
  return f;
}

// Facts the screening computes, with their type and unit; the call must declare them alike.
struct Computed {
  const char* id;
  rules::FactType type;
  const char* unit;
};
constexpr Computed kComputed[] = {
    {"applicant.id", rules::FactType::text, ""},
    {"applicant.type", rules::FactType::text, ""},
    {"applicant.nace", rules::FactType::text, ""},
    {"applicant.nace_division", rules::FactType::text, ""},
    {"applicant.nace_section", rules::FactType::text, ""},
    {"applicant.location", rules::FactType::text, ""},
    {"applicant.sector", rules::FactType::text, ""},
    {"applicant.employees", rules::FactType::number, "count"},
    {"applicant.turnover", rules::FactType::number, "EUR"},
    {"applicant.balance_sheet", rules::FactType::number, "EUR"},
    {"project.type", rules::FactType::text, ""},
    {"project.activity", rules::FactType::text, ""},
    {"project.requested_grant", rules::FactType::number, "EUR"},
    {"project.baseline_co2", rules::FactType::number, "tCO2e/yr"},
    {"project.projected_co2", rules::FactType::number, "tCO2e/yr"},
    {"project.co2_savings", rules::FactType::number, "%"},
    {"project.co2_saved", rules::FactType::number, "tCO2e/yr"},
    {"project.grant_per_tco2e", rules::FactType::number, "EUR/tCO2e"},
    {"project.baseline_energy", rules::FactType::number, "MWh/yr"},
    {"project.projected_energy", rules::FactType::number, "MWh/yr"},
    {"project.energy_savings", rules::FactType::number, "%"},
    {"firm.file_given", rules::FactType::boolean, ""},
    {"cbam.exporter", rules::FactType::boolean, ""},
    {"cbam.embedded_exports", rules::FactType::number, "tCO2e/yr"},
    {"cbam.own_embedded_exports", rules::FactType::number, "tCO2e/yr"},
    {"cbam.exposure_reduction", rules::FactType::number, "tCO2e/yr"},
    {"cbam.exposure_reduction_share", rules::FactType::number, "%"},
    {"taxonomy.sc", rules::FactType::boolean, ""},
    {"taxonomy.sc_status", rules::FactType::text, ""},
};

void check_computed_declarations(const rules::RuleSet& set) {
  Diagnostics d;
  for (const auto& c : kComputed) {
    const auto* decl = set.fact(c.id);
    if (!decl) continue;
    if (decl->type != c.type) {
      d.error(decl->pos, "<fact id=\"" + std::string(c.id) + "\">: the screening sets this fact as " +
                             std::string(rules::fact_type_name(c.type)) + ", not " +
                             std::string(rules::fact_type_name(decl->type)));
    } else if (c.type == rules::FactType::number) {
      auto a = u::find_unit(decl->unit), b = u::find_unit(c.unit);
      if (a && b && a->dimension != b->dimension)
        d.error(decl->pos, "<fact id=\"" + std::string(c.id) + "\">: the screening sets this fact in " +
                               c.unit + "; '" + decl->unit + "' is not of that dimension");
    }
  }
  if (d.has_errors()) throw DefinitionError(d);
}

double quantize(double v) { return std::round(v * 1e6) / 1e6; }
bool ge(double a, double b) { return a >= b - 1e-9 * std::max(1.0, std::fabs(b)); }

struct Screener {
  const rules::RuleSet& set;
  const rules::Call& call;
  Date date;
  const ScreenOptions& opt;
  const Dataset* data = nullptr;
  std::map<std::string, FirmFacts> firms;
  std::map<std::string, std::vector<std::string>, std::less<>> sc_questions;  // activity -> questions
  double pass_mark = 0;

  Screener(const rules::RuleSet& s, const rules::Call& c, Date d, const ScreenOptions& o)
      : set(s), call(c), date(d), opt(o) {
    std::map<std::string, std::set<std::string>> seen;
    for (const auto& r : set.rules())
      if (r.kind == "sc" && !r.activity.empty() && seen[r.activity].insert(r.decides).second)
        sc_questions[r.activity].push_back(r.decides);
  }

  const FirmFacts& firm(const Applicant& a) {
    auto it = firms.find(a.firm_path);
    if (it != firms.end()) return it->second;
    if (!data) {
      if (!opt.data) throw InputError("screening: applicant " + a.id + " names a firm file, but no data set was given");
      data = &opt.data();
    }
    return firms.emplace(a.firm_path, firm_facts(a.firm_path, a.firm_file, *data, date.year)).first->second;
  }

  void build_facts(const Applicant& a, ApplicantResult& res) {
    auto& f = res.facts;
    std::string src = a.pos.str();
    auto col = [&](const char* c) { return src + " column " + c; };
    auto text = [&](const char* id, const std::string& v, const char* c) {
      if (!v.empty()) f.set_text(id, v, col(c));
    };
    auto number = [&](const char* id, const std::optional<double>& v, const char* unit, const char* c) {
      if (v) f.set_number(id, *v, unit, col(c));
    };
    text("applicant.id", a.id, "id");
    text("applicant.type", a.applicant_type, "applicant_type");
    text("applicant.nace", a.nace, "nace");
    if (a.nace.size() >= 2) {
      f.set_text("applicant.nace_division", a.nace.substr(0, 2), col("nace") + " (first two digits)");
      auto s = nace_section(a.nace);
      if (!s.empty()) f.set_text("applicant.nace_section", s, col("nace") + " (NACE Rev. 2 section of the division)");
    }
    text("applicant.location", a.location, "location");
    text("applicant.sector", a.sector, "sector");
    number("applicant.employees", a.employees, "count", "employees");
    number("applicant.turnover", a.turnover_eur, "EUR", "turnover_eur");
    number("applicant.balance_sheet", a.balance_sheet_eur, "EUR", "balance_sheet_eur");
    text("project.type", a.project_type, "project_type");
    text("project.activity", a.activity, "activity");
    number("project.requested_grant", a.requested_grant, "EUR", "requested_grant");
    number("project.baseline_co2", a.baseline_tco2e, "tCO2e/yr", "baseline_tco2e");
    number("project.projected_co2", a.projected_tco2e, "tCO2e/yr", "projected_tco2e");
    number("project.baseline_energy", a.baseline_mwh, "MWh/yr", "baseline_mwh");
    number("project.projected_energy", a.projected_mwh, "MWh/yr", "projected_mwh");
    std::optional<double> co2_saving;
    if (a.baseline_tco2e && a.projected_tco2e) {
      if (*a.baseline_tco2e > 0) {
        co2_saving = (*a.baseline_tco2e - *a.projected_tco2e) / *a.baseline_tco2e;
        f.set_number("project.co2_savings", *co2_saving * 100, "%",
                     "computed: (baseline − projected) / baseline = (" + num(*a.baseline_tco2e) + " − " +
                         num(*a.projected_tco2e) + ") / " + num(*a.baseline_tco2e));
      } else {
        res.notes.push_back("baseline emissions are 0: CO2 savings cannot be expressed in %");
      }
    }
    if (a.baseline_tco2e && a.projected_tco2e) {
      double saved = *a.baseline_tco2e - *a.projected_tco2e;
      f.set_number("project.co2_saved", saved, "tCO2e/yr",
                   "computed: baseline − projected = " + num(*a.baseline_tco2e) + " − " + num(*a.projected_tco2e));
      if (saved > 0 && a.requested_grant)
        f.set_number("project.grant_per_tco2e", *a.requested_grant / saved, "EUR/tCO2e",
                     "computed: requested grant / CO2 saved per year = " + num(*a.requested_grant) + " / " + num(saved));
    }
    if (a.baseline_mwh && a.projected_mwh) {
      if (*a.baseline_mwh > 0)
        f.set_number("project.energy_savings", (*a.baseline_mwh - *a.projected_mwh) / *a.baseline_mwh * 100, "%",
                     "computed: (baseline − projected) / baseline = (" + num(*a.baseline_mwh) + " − " +
                         num(*a.projected_mwh) + ") / " + num(*a.baseline_mwh));
      else
        res.notes.push_back("baseline energy is 0: energy savings cannot be expressed in %");
    }
    for (const auto& e : a.evidence) f.set_bool("evidence." + e, true, col("evidence"));
    for (const auto& [id, v] : a.extra) {
      const auto* d = set.fact(id);
      if (!d) continue;
      std::string c = src + " column " + id;
      switch (d->type) {
        case rules::FactType::number: f.set_number(id, *xml::parse_number(v), d->unit, c); break;
        case rules::FactType::boolean: f.set_bool(id, v == "true", c); break;
        case rules::FactType::text: f.set_text(id, v, c); break;
      }
    }
    // Firm file: CBAM exposure and any Taxonomy activity facts of the project's activity.
    f.set_bool("firm.file_given", !a.firm_path.empty(), col("firm_file"));
    if (a.firm_path.empty()) return;
    const FirmFacts& ff = firm(a);
    for (const auto& n : ff.notes) res.notes.push_back(n);
    if (!ff.loaded) {
      res.notes.push_back("firm file " + a.firm_file + " could not be used: CBAM facts are missing (unknown)");
      return;
    }
    f.set_bool("cbam.exporter", ff.exporter, ff.source);
    if (ff.exporter) {
      f.set_number("cbam.embedded_exports", ff.embedded, "tCO2e/yr", ff.source);
      f.set_number("cbam.own_embedded_exports", ff.own, "tCO2e/yr",
                   ff.source + "; own processes only, precursors excluded");
      if (co2_saving) {
        double red = ff.own * std::max(0.0, *co2_saving);
        std::string how = "computed: own embedded emissions of EU exports " + num(ff.own) +
                          " tCO2e × project CO2 saving " + num(*co2_saving * 100) +
                          " % (the project's relative saving applied to the firm's own emissions; "
                          "precursors are outside its reach)";
        f.set_number("cbam.exposure_reduction", red, "tCO2e/yr", how);
        if (ff.embedded > 0)
          f.set_number("cbam.exposure_reduction_share", red / ff.embedded * 100, "%",
                       "computed: exposure reduction / embedded emissions of EU exports (" + num(red) + " / " +
                           num(ff.embedded) + ")");
      }
    }
    for (const auto& act : ff.firm->activities) {
      if (act.code != a.activity) continue;
      std::vector<std::string> problems;
      activity_facts(*ff.firm, act, *data, set, date.year, f, problems);
      for (auto& p : problems) res.notes.push_back(p);
    }
  }

  // Taxonomy substantial contribution of the project's activity, as facts for the call.
  void taxonomy(const Applicant& a, ApplicantResult& res, std::vector<rules::RuleResult>& out) {
    auto& f = res.facts;
    if (a.activity.empty()) {
      std::string src = a.pos.str() + " column activity (empty: no Taxonomy activity claimed)";
      f.set_text("taxonomy.sc_status", "no-activity", src);
      f.set_bool("taxonomy.sc", false, src);
      return;
    }
    auto it = sc_questions.find(a.activity);
    if (it == sc_questions.end()) {
      f.set_text("taxonomy.sc_status", "not-covered",
                 "no substantial-contribution rule for activity " + a.activity + " in the Taxonomy rules loaded");
      return;
    }
    rules::Evaluator ev(set, date, f);
    ev.set_explain(opt.details);
    Outcome all = Outcome::pass;
    bool unknown = false;
    for (const auto& q : it->second) {
      auto r = ev.decide(q);
      if (r.outcome == Outcome::fail) all = Outcome::fail;
      if (r.outcome == Outcome::unknown) unknown = true;
      out.push_back(std::move(r));
    }
    if (all != Outcome::fail && unknown) all = Outcome::unknown;
    std::string src = "computed by GreenGate: Taxonomy substantial contribution of activity " + a.activity + " (";
    for (std::size_t i = 0; i < out.size(); ++i)
      src += (i ? ", " : "") + out[i].rule_id + " " + std::string(rules::outcome_name(out[i].outcome));
    src += ")";
    f.set_text("taxonomy.sc_status", std::string(rules::outcome_name(all)), src);
    if (all != Outcome::unknown) f.set_bool("taxonomy.sc", all == Outcome::pass, src);
  }

  ApplicantResult run(const Applicant& a, std::vector<rules::RuleResult>& tax_results) {
    ApplicantResult res;
    res.applicant = a;
    build_facts(a, res);
    tax_results.clear();
    taxonomy(a, res, tax_results);
    rules::Evaluator ev(set, date, res.facts);
    ev.set_explain(opt.details);
    bool fail = false, unknown = false;
    for (const auto& k : call.criteria) {
      CriterionResult cr;
      cr.group = k.group;
      cr.must_pass = k.must_pass;
      cr.result = set.rule(k.rule) ? ev.evaluate(k.rule) : ev.decide(k.rule);
      if (k.must_pass) {
        const auto& r = cr.result;
        if (r.outcome == Outcome::fail || r.outcome == Outcome::unknown) {
          // the label in the reader's language (label-tr), the id and reference as written
          const std::string tail = " [" + r.rule_id + "; " + r.ref + "]";
          text::Arg what = text::label_arg((r.label.empty() ? r.rule_id : r.label) + tail,
                                           r.label_tr.empty() ? std::string() : r.label_tr + tail);
          bool failed = r.outcome == Outcome::fail;
          (failed ? fail : unknown) = true;
          res.reasons.push_back(said(failed ? "fails" : "cannot_confirm", {std::move(what), text::msg_arg(r.why)}));
        }
      }
      res.criteria.push_back(std::move(cr));
    }
    // Scored sections.
    bool floor_fail = false, floor_unknown = false;
    for (const auto& s : call.sections) {
      SectionResult sr;
      sr.id = s.id;
      sr.label = s.label;
      sr.label_tr = s.label_tr;
      sr.table = s.table;
      sr.weight = s.weight;
      sr.max = s.max;
      sr.green = s.green;
      const rules::DecisionTable* t = set.table(s.table);
      sr.ref = t->ref;
      if (sr.label.empty()) {
        sr.label = t->label;
        if (sr.label_tr.empty()) sr.label_tr = t->label_tr;
      }
      sr.table_result = ev.table(s.table);
      const auto& tr = sr.table_result;
      std::map<std::string, std::string> undecided;
      for (const auto& u : tr.unknown_rows) {
        auto c = u.find(": ");
        undecided[u.substr(0, c)] = c == std::string::npos ? "" : u.substr(c + 2);
      }
      std::set<std::string> hits(tr.hits.begin(), tr.hits.end());
      for (const auto& row : t->rows) {
        if (!opt.details) {
          if (!hits.count(row.id) && undecided.count(row.id) && !s.missing_no_points) sr.potential += row.out;
          continue;
        }
        std::string head = row.id + (row.label.empty() ? "" : " " + row.label) + " (+" + num(row.out) + ")";
        // the same line in the reader's language (the row's label-tr); en() is `rows`' text
        const text::Arg headm = text::msg_arg(
            row.label.empty() ? said("row.head_id", {text::txt(row.id), n6(row.out)})
                              : said("row.head", {text::txt(row.id), text::label_arg(row.label, row.label_tr), n6(row.out)}));
        if (hits.count(row.id)) {
          sr.rows.push_back(head + ": awarded");
          sr.row_words.push_back(said("row.awarded", {headm}));
        } else if (auto u = undecided.find(row.id); u != undecided.end()) {
          if (s.missing_no_points) {
            sr.rows.push_back(head + ": not awarded, not documented (" + u->second +
                              "; the call awards these points only for documented items)");
            sr.row_words.push_back(said("row.not_documented", {headm, text::msg_arg(text::Message(u->second))}));
          } else {
            sr.potential += row.out;
            sr.rows.push_back(head + ": undecided, " + u->second);
            sr.row_words.push_back(said("row.undecided", {headm, text::msg_arg(text::Message(u->second))}));
          }
        } else {
          sr.rows.push_back(head + ": not met");
          sr.row_words.push_back(said("row.not_met", {headm}));
        }
      }
      sr.sum = tr.value;
      sr.raw = std::min(sr.sum, s.max);
      sr.weighted = sr.raw / s.max * s.weight;
      double best = std::min(sr.sum + sr.potential, s.max);
      if (!s.floor_param.empty()) {
        rules::ParamUse use;
        if (auto fl = ev.param(s.floor_param, &use)) {
          sr.floor = *fl;
          sr.floor_param = use;
          const text::Arg id = text::txt(s.id), label = text::label_arg(sr.label, sr.label_tr), ref = text::txt(s.floor_param + ", " + use.ref);
          if (ge(sr.raw, *fl)) sr.floor_outcome = Outcome::pass;
          else if (ge(best, *fl)) {
            sr.floor_outcome = Outcome::unknown;
            floor_unknown = true;
            res.reasons.push_back(said("floor_undecided", {id, label, n6(sr.raw), n6(*fl), n6(best - sr.raw), ref}));
          } else {
            sr.floor_outcome = Outcome::fail;
            floor_fail = true;
            res.reasons.push_back(said("floor_veto", {id, label, n6(sr.raw), n6(s.max), n6(*fl), ref}));
          }
        }
      }
      res.total += sr.weighted;
      if (s.green) res.green += sr.weighted;
      res.potential += (best - sr.raw) / s.max * s.weight;
      res.sections.push_back(std::move(sr));
    }
    res.total = quantize(res.total);
    res.green = quantize(res.green);
    res.potential = quantize(res.potential);
    if (ge(res.total, pass_mark)) {
      res.pass_mark_outcome = Outcome::pass;
    } else if (ge(res.total + res.potential, pass_mark)) {
      res.pass_mark_outcome = Outcome::unknown;
      res.reasons.push_back(said("pass_mark_undecided", {n6(res.total), n6(pass_mark), n6(res.potential)}));
    } else {
      res.pass_mark_outcome = Outcome::fail;
      res.reasons.push_back(res.potential > 0 ? said("pass_mark_even_with", {n6(res.total), n6(pass_mark), n6(res.potential)})
                                              : said("pass_mark", {n6(res.total), n6(pass_mark)}));
    }
    // Stages as in the agencies' process (green-deal-rules.md §2.1): documents and eligibility
    // first; the technical evaluation (floors, pass mark) decides only a complete application.
    if (fail) {
      res.verdict = Verdict::ineligible;
    } else if (unknown) {
      res.verdict = Verdict::evidence_missing;
    } else if (floor_fail || res.pass_mark_outcome == Outcome::fail) {
      res.verdict = Verdict::ineligible;
    } else if (floor_unknown || res.pass_mark_outcome == Outcome::unknown) {
      res.verdict = Verdict::evidence_missing;
    } else {
      res.verdict = Verdict::eligible;
      res.reasons.push_back(said("eligible", {n6(res.total), n6(pass_mark)}));
    }
    // Decisive reasons first; the others stay as further information.
    auto decisive = [&](const text::Message& r) {
      bool cannot = r.key == "msg.screen.cannot_confirm";
      bool undecided = r.key == "msg.screen.floor_undecided" || r.key == "msg.screen.pass_mark_undecided";
      switch (res.verdict) {
        case Verdict::ineligible: return fail ? r.key == "msg.screen.fails" : !cannot && !undecided;
        case Verdict::evidence_missing: return unknown ? cannot : undecided;
        case Verdict::eligible: return true;
      }
      return true;
    };
    auto first_other = std::stable_partition(res.reasons.begin(), res.reasons.end(), decisive);
    if (res.verdict == Verdict::evidence_missing && unknown) {
      for (auto it = first_other; it != res.reasons.end(); ++it) *it = said("provisional", {text::msg_arg(*it)});
      res.reasons.insert(first_other, said("score_provisional", {}));
    }
    return res;
  }
};

// Keeps what the ranked list needs; explain() gives the rest back.
void compact(ApplicantResult& r) {
  auto slim = [](rules::RuleResult& x) {
    x.details = {};
    x.params = {};
    x.facts = {};
    x.required = {};
    x.ruleset_version = {};
  };
  for (auto& c : r.criteria) slim(c.result);
  for (auto& s : r.sections) {
    s.table_result.params = {};
    s.table_result.facts = {};
    s.rows = {};
  }
  r.facts = rules::FactSet{};
}

std::string key_text(const rules::TieBreakKey& k) { return k.key + (k.descending ? " desc" : " asc"); }

}  // namespace

ScreeningReport screen(const rules::RuleSet& set, const std::vector<Applicant>& applicants,
                       const ScreenOptions& options) {
  const rules::Call* call = nullptr;
  if (!options.call_id.empty()) {
    call = set.call(options.call_id);
    if (!call) throw DefinitionError("no <call id=\"" + options.call_id + "\"> in the rule set", {});
  } else {
    if (set.calls().size() != 1) {
      Diagnostics d;
      d.error({}, set.calls().empty() ? "the rule set has no <call> (see docs/screening.md)"
                                      : "the rule set has " + std::to_string(set.calls().size()) +
                                            " calls: choose one");
      throw DefinitionError(d);
    }
    call = &set.calls().front();
  }
  check_computed_declarations(set);
  {
    Diagnostics d;
    check_unique_ids(applicants, d);
    if (d.has_errors()) throw InputError(d.format(), d);
  }
  ScreeningReport rep;
  rep.call_id = call->id;
  rep.call_label = call->label;
  rep.call_label_tr = call->label_tr;
  rep.call_ref = call->ref;
  rep.call_file = call->file;
  rep.date = options.date.value_or(call->date);
  rep.ruleset_version = set.version();
  rep.budget_rule = call->budget_rule;
  Screener s(set, *call, rep.date, options);
  {
    std::vector<rules::RuleResult> none;
    rules::FactSet empty;
    rules::Evaluator ev(set, rep.date, empty);
    auto b = ev.param(call->budget_param, &rep.budget_param);
    auto p = ev.param(call->pass_mark_param, &rep.pass_mark_param);
    Diagnostics d;
    if (!b) d.error(call->pos, "budget parameter '" + call->budget_param + "' has no value on " + rep.date.str());
    if (!p) d.error(call->pos, "pass-mark parameter '" + call->pass_mark_param + "' has no value on " + rep.date.str());
    if (d.has_errors()) throw DefinitionError(d);
    auto bu = u::find_unit(rep.budget_param.unit);
    rep.budget = *b * (bu ? bu->to_storage : 1.0);  // EUR
    rep.pass_mark = *p;
  }
  s.pass_mark = rep.pass_mark;
  for (const auto& sec : call->sections) {
    rep.total_weight += sec.weight;
    rep.sections.push_back(sec.id);
  }
  rep.tie_break.push_back("total desc");
  bool has_id = false;
  for (const auto& k : call->tie_break) {
    rep.tie_break.push_back(key_text(k));
    has_id = has_id || k.key == "id";
  }
  if (!has_id) rep.tie_break.push_back("id asc");

  // Firm files first, once per distinct file (the only shared state); then the applicants in
  // parallel: the rule set is immutable and each applicant has its own facts and evaluator.
  for (const auto& a : applicants)
    if (!a.firm_path.empty()) s.firm(a);
  std::vector<ApplicantResult> results(applicants.size());
  auto work = [&](std::size_t from, std::size_t to) {
    std::vector<rules::RuleResult> tax;
    for (std::size_t i = from; i < to; ++i) {
      results[i] = s.run(applicants[i], tax);
      // Keep the Taxonomy results with the criterion that reads taxonomy.sc, for the record.
      auto reads_taxonomy = [](const CriterionResult& c) {
        for (const auto& fu : c.result.facts)
          if (fu.id == "taxonomy.sc" || fu.id == "taxonomy.sc_status") return true;
        return false;
      };
      for (auto& c : results[i].criteria)
        if (!tax.empty() && reads_taxonomy(c)) {
          std::move(tax.begin(), tax.end(), std::back_inserter(c.result.required));
          break;
        }
      if (!options.details) compact(results[i]);
    }
  };
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, applicants.size() / 64)));
  if (threads <= 1) {
    work(0, applicants.size());
  } else {
    std::vector<std::thread> pool;
    std::size_t chunk = (applicants.size() + threads - 1) / threads;
    for (unsigned t = 0; t < threads; ++t) {
      std::size_t from = t * chunk, to = std::min(applicants.size(), from + chunk);
      if (from < to) pool.emplace_back(work, from, to);
    }
    for (auto& th : pool) th.join();
  }
  rep.firm_files = s.firms.size();

  // Ranking: eligible ones by total desc, then the call's keys, then id.
  auto section_of = [](const ApplicantResult& r, const std::string& id) {
    for (const auto& sec : r.sections)
      if (sec.id == id) return sec.weighted;
    return 0.0;
  };
  auto cmp_key = [&](const rules::TieBreakKey& k, const ApplicantResult& x, const ApplicantResult& y) -> int {
    auto three = [&](auto a, auto b) { return a < b ? -1 : (b < a ? 1 : 0); };
    int c = 0;
    if (k.key == "total") c = three(quantize(x.total), quantize(y.total));
    else if (k.key == "green") c = three(quantize(x.green), quantize(y.green));
    else if (k.key.rfind("section:", 0) == 0)
      c = three(quantize(section_of(x, k.key.substr(8))), quantize(section_of(y, k.key.substr(8))));
    else if (k.key == "requested_grant") {
      double inf = std::numeric_limits<double>::infinity();
      c = three(x.applicant.requested_grant.value_or(inf), y.applicant.requested_grant.value_or(inf));
    } else if (k.key == "submitted") {
      // Missing submission times sort last whatever the order.
      const auto &sx = x.applicant.submitted, &sy = y.applicant.submitted;
      if (sx.empty() != sy.empty()) return sx.empty() ? 1 : -1;
      c = three(sx, sy);
    } else if (k.key == "id") c = three(x.applicant.id, y.applicant.id);
    return k.descending ? -c : c;
  };
  std::vector<rules::TieBreakKey> keys{{"total", true, {}}};
  keys.insert(keys.end(), call->tie_break.begin(), call->tie_break.end());
  if (!has_id) keys.push_back({"id", false, {}});
  auto verdict_order = [](Verdict v) { return v == Verdict::eligible ? 0 : v == Verdict::evidence_missing ? 1 : 2; };
  std::vector<std::size_t> order(results.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t ix, std::size_t iy) {
    const ApplicantResult& x = results[ix];
    const ApplicantResult& y = results[iy];
    int vx = verdict_order(x.verdict), vy = verdict_order(y.verdict);
    if (vx != vy) return vx < vy;
    if (x.verdict != Verdict::eligible) return x.applicant.id < y.applicant.id;
    for (const auto& k : keys)
      if (int c = cmp_key(k, x, y)) return c < 0;
    return false;
  });
  // Apply the permutation in place (cycle by cycle): no second copy of the results.
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (order[i] == i) continue;
    ApplicantResult tmp = std::move(results[i]);
    std::size_t j = i;
    while (order[j] != i) {
      results[j] = std::move(results[order[j]]);
      std::size_t next = order[j];
      order[j] = j;
      j = next;
    }
    results[j] = std::move(tmp);
    order[j] = j;
  }

  // Budget, in rank order.
  double used = 0;
  bool stopped = false;
  int rank = 0;
  for (auto& r : results) {
    switch (r.verdict) {
      case Verdict::eligible: ++rep.eligible; break;
      case Verdict::ineligible: ++rep.ineligible; break;
      case Verdict::evidence_missing: ++rep.evidence_missing; break;
    }
    if (r.verdict != Verdict::eligible) {
      r.funding = Funding::not_ranked;
      r.funding_reason = r.verdict == Verdict::ineligible ? "ineligible: not ranked"
                                                          : "evidence missing: not ranked until the evidence is provided";
      continue;
    }
    r.rank = ++rank;
    if (!r.applicant.requested_grant) {
      r.funding = Funding::reserve;
      r.funding_reason = "requested grant unknown: cannot be allocated";
      ++rep.reserve;
      continue;
    }
    double g = *r.applicant.requested_grant;
    bool fits = used + g <= rep.budget + 1e-6;
    if (!stopped && fits) {
      used += g;
      r.funding = Funding::funded;
      r.cumulative = used;
      r.funding_reason = "within the budget: " + num(used) + " of " + num(rep.budget) + " EUR allocated";
      ++rep.funded;
    } else {
      r.funding = Funding::reserve;
      ++rep.reserve;
      if (stopped)
        r.funding_reason = "reserve list: the budget was closed at an earlier applicant (budget-rule stop)";
      else
        r.funding_reason = "reserve list: requests " + num(g) + " EUR, only " + num(rep.budget - used) +
                           " EUR left" + (call->budget_rule == rules::BudgetRule::stop ? " (budget-rule stop: funding ends here)" : " (budget-rule skip: later applicants that fit are still funded)");
      if (call->budget_rule == rules::BudgetRule::stop) stopped = true;
    }
  }
  rep.allocated = used;
  rep.results = std::move(results);
  return rep;
}

ApplicantResult explain(const rules::RuleSet& set, const ScreeningReport& report, std::size_t index,
                        const ScreenOptions& options) {
  const ApplicantResult& compact_result = report.results.at(index);
  ScreenOptions one = options;
  one.details = true;
  one.threads = 1;
  one.call_id = report.call_id;
  one.date = report.date;
  auto rep = screen(set, {compact_result.applicant}, one);
  ApplicantResult r = std::move(rep.results.front());
  // The ranking and the budget are properties of the batch, not of the applicant.
  r.rank = compact_result.rank;
  r.funding = compact_result.funding;
  r.cumulative = compact_result.cumulative;
  r.funding_reason = compact_result.funding_reason;
  return r;
}

}  // namespace greengate::calc
