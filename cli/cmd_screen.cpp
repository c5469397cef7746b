// greengate screen: a development agency's grant call applied to a batch of applicants.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include <unistd.h>

#include "args.hpp"
#include "commands.hpp"
#include "greengate/calc/screening.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/report/screening_output.hpp"
#include "text_table.hpp"

namespace greengate::cli {

namespace {
namespace fs = std::filesystem;

constexpr const char* kHelp = R"(Usage: greengate screen CALL.xml APPLICANTS.csv|.xml [--format text|csv|json|html] [--out DIR]
                       [--lang tr|en] [--date YYYY-MM-DD] [--taxonomy DIR]

Screens every applicant against a grant call (a rule file with a <call>, docs/screening.md):
must-pass criteria (eligibility, Green Deal), scored sections with weights and floors, the pass
mark, a ranking with the call's tie-break and the budget. Each verdict is eligible, ineligible
or evidence missing (a missing fact or document is never a failure), with its reasons and
references.

  --format F   text (default), csv, json or html (the ranked list as one page)
  --out DIR    also write DIR/index.html, DIR/ranked.csv and one decision record per applicant
               (DIR/applicant-<id>.html), self-contained, in the language of --lang
  --lang L     en (default) or tr, for the HTML pages
  --date D     evaluation date (default: the call's date)
  --taxonomy D EU Taxonomy rules used for the project's activity (default: the installed
               rules/taxonomy)
Firm files named in the applicants file are resolved against that file's folder.
)";

std::string s2(double v) { return text::format_fixed(v, 2); }
std::string eur(double v) { return text::format_grouped(v, 0); }
std::string upper(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return o;
}

/// The files of --out DIR are written into a temporary folder inside DIR and moved into DIR only
/// when all are complete: a failed run (full disk, file size limit) leaves none of them, and
/// none half-written, and the files of an earlier run stay as they were (issue 15).
class OutputFolder {
 public:
  explicit OutputFolder(fs::path dir) : dir_(std::move(dir)) {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) throw InputError("screen: cannot create " + dir_.string() + ": " + ec.message());
    tmp_ = dir_ / (".greengate-screen-" + std::to_string(::getpid()));
    fs::remove_all(tmp_, ec);
    if (!fs::create_directory(tmp_, ec) || ec)
      throw InputError("screen: cannot create " + tmp_.string() + ": " + ec.message());
  }
  ~OutputFolder() {
    std::error_code ec;
    fs::remove_all(tmp_, ec);
  }
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  void write(const std::string& name, const std::string& text) {
    std::ofstream f(tmp_ / name, std::ios::binary);
    f << text;
    f.close();  // the last buffered bytes are written here: check after it
    if (!f) throw InputError("screen: cannot write " + (dir_ / name).string());
    names_.push_back(name);
  }
  /// Moves every written file into the folder (a rename within one file system).
  void commit() {
    for (const auto& name : names_) {
      std::error_code ec;
      fs::rename(tmp_ / name, dir_ / name, ec);
      if (ec) throw InputError("screen: cannot write " + (dir_ / name).string() + ": " + ec.message());
    }
  }

 private:
  fs::path dir_, tmp_;
  std::vector<std::string> names_;
};

void print_text(std::ostream& o, const calc::ScreeningReport& rep) {
  o << "GreenGate: grant screening — " << rep.call_label << "\n";
  o << "Call: " << rep.call_id << " (" << rep.call_file << ")   reference: " << rep.call_ref << "\n";
  o << "Evaluation date: " << rep.date.str() << "   rule sets: " << rep.ruleset_version << "\n";
  o << "Budget: " << eur(rep.budget) << " EUR (" << rep.budget_param.id << ", " << rep.budget_param.ref << ", "
    << status_name(rep.budget_param.status) << ")   pass mark: " << text::format_trimmed(rep.pass_mark, 2)
    << " of " << text::format_trimmed(rep.total_weight, 2) << " (" << rep.pass_mark_param.id << ", "
    << status_name(rep.pass_mark_param.status) << ")\n";
  o << "Ranking: ";
  for (std::size_t i = 0; i < rep.tie_break.size(); ++i) o << (i ? ", then " : "") << rep.tie_break[i];
  o << ".   Budget rule: " << rules::budget_rule_name(rep.budget_rule) << "\n\n";
  std::vector<std::string> head{"rank", "id", "name", "verdict", "total"};
  std::vector<bool> right{true, false, false, false, true};
  for (const auto& s : rep.sections) {
    head.push_back(s);
    right.push_back(true);
  }
  for (const char* h : {"green score", "grant EUR", "funding", "cumulative"}) {
    head.push_back(h);
    right.push_back(std::string(h) != "funding");
  }
  TextTable t(head, right);
  for (const auto& r : rep.results) {
    std::string name = r.applicant.name;
    if (display_width(name) > 34) {
      // Cut on a code-point boundary.
      std::size_t cp = 0, i = 0;
      for (; i < name.size() && cp < 33; ++i)
        if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80) ++cp;
      while (i < name.size() && (static_cast<unsigned char>(name[i]) & 0xC0) == 0x80) ++i;
      name = name.substr(0, i) + "…";
    }
    std::vector<std::string> cells{r.rank ? std::to_string(r.rank) : "-", r.applicant.id, name,
                                   std::string(calc::verdict_name(r.verdict)), s2(r.total)};
    for (const auto& s : r.sections) cells.push_back(s2(s.weighted));
    cells.push_back(s2(r.green));
    cells.push_back(r.applicant.requested_grant ? eur(*r.applicant.requested_grant) : "?");
    cells.push_back(std::string(calc::funding_name(r.funding)));
    cells.push_back(r.funding == calc::Funding::funded ? eur(r.cumulative) : "");
    t.row(cells);
  }
  t.print(o);
  o << "\n  " << rep.results.size() << " applicants: " << rep.eligible << " eligible, " << rep.evidence_missing
    << " evidence missing, " << rep.ineligible << " ineligible; " << rep.funded << " funded ("
    << eur(rep.allocated) << " of " << eur(rep.budget) << " EUR), " << rep.reserve << " on the reserve list.\n";
  o << "\nReasons and criteria per applicant (in ranked order):\n";
  for (const auto& r : rep.results) {
    o << "\n" << r.applicant.id << "  " << r.applicant.name << "  [" << r.applicant.pos.str() << "]\n";
    o << "  verdict: " << calc::verdict_name(r.verdict) << "; total " << s2(r.total);
    if (r.potential > 0) o << " (+" << s2(r.potential) << " undecided)";
    o << "; " << calc::funding_name(r.funding) << ": " << r.funding_reason << "\n";
    for (const auto& x : r.reasons) o << "  - " << x.en() << "\n";
    for (const auto& c : r.criteria) {
      const auto& res = c.result;
      o << "    " << upper(rules::outcome_name(res.outcome)) << "  " << res.rule_id
        << (c.must_pass ? "" : " (info)") << ": " << res.reason << "  [" << res.ref << "]\n";
    }
    for (const auto& s : r.sections) {
      o << "    section " << s.id << ": " << text::format_trimmed(s.raw, 2) << "/" << text::format_trimmed(s.max, 2)
        << " x " << text::format_trimmed(s.weight, 2) << " = " << s2(s.weighted);
      if (s.floor)
        o << "  (floor " << text::format_trimmed(*s.floor, 2) << ": " << rules::outcome_name(s.floor_outcome) << ")";
      if (s.sum > s.max) o << "  (row sum " << text::format_trimmed(s.sum, 2) << " capped)";
      o << "\n";
    }
    for (const auto& n : r.notes) o << "    note: " << n << "\n";
  }
  o << "\nUnknown = a fact or document is missing (never a failure): the verdict is then 'evidence missing'.\n"
       "Parameters marked 'unverified' must be checked against the call guide before relying on them.\n";
}
}  // namespace

int cmd_screen(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{"format", "out", "lang", "date", "taxonomy"}, {"help"}, {}}, "screen");
  if (a.flag("help")) {
    ctx.out << help_text(ctx, "screen", kHelp);
    return 0;
  }
  if (a.positional().size() != 2)
    throw UsageError("screen: give a call file and an applicants file (greengate screen CALL.xml APPLICANTS.csv)");
  std::string format = a.format({"text", "csv", "json", "html"});
  auto lang_s = a.get_or("lang", "en");
  if (lang_s != "en" && lang_s != "tr") throw UsageError("screen: --lang must be tr or en (got \"" + lang_s + "\")");
  report::Lang lang = lang_s == "tr" ? report::Lang::tr : report::Lang::en;
  calc::ScreenOptions opt;
  if (auto d = a.get("date")) {
    auto p = parse_date(*d);
    if (!p) throw UsageError("screen: --date must be YYYY-MM-DD (got \"" + *d + "\")");
    opt.date = *p;
  }
  // ---- load: the call with the Taxonomy rules, then the applicants (facts checked against it) --
  const auto& call_path = a.positional()[0];
  const auto& apps_path = a.positional()[1];
  std::string tax_dir = a.get_or("taxonomy", ctx.data_dir + "/rules/taxonomy");
  auto set = calc::load_call(call_path, call_path, tax_dir, a.get("taxonomy") ? tax_dir + "/" : "rules/taxonomy/").get();
  auto applicants = calc::load_applicants(apps_path, apps_path, set).get();
  opt.data = [&ctx]() -> const calc::Dataset& { return ctx.data(); };
  // The ranked list needs outcomes and reasons only; JSON and the decision records need every
  // check, parameter and fact (the records are rebuilt one applicant at a time with explain()).
  opt.details = format == "json";
  // ---- screen and write ---------------------------------------------------------------------
  auto rep = calc::screen(set, applicants, opt);
  if (auto out = a.get("out")) {
    OutputFolder dir{fs::path(*out)};
    dir.write("index.html", report::screening_index_html(rep, lang));
    dir.write("ranked.csv", report::screening_csv(rep));
    for (std::size_t i = 0; i < rep.results.size(); ++i) {
      const auto& r = rep.results[i];
      auto page = opt.details ? report::applicant_html(rep, r, lang)
                              : report::applicant_html(rep, calc::explain(set, rep, i, opt), lang);
      dir.write(report::applicant_page_name(r.applicant), page);
    }
    dir.commit();
  }
  if (format == "csv") ctx.out << report::screening_csv(rep);
  else if (format == "json") ctx.out << report::screening_json(rep);
  else if (format == "html") ctx.out << report::screening_index_html(rep, lang);
  else print_text(ctx.out, rep);
  if (auto out = a.get("out"))
    ctx.err << "greengate: wrote " << rep.results.size() + 2 << " files to " << *out
            << " (index.html, ranked.csv, one decision record per applicant)\n";
  return 0;
}

}  // namespace greengate::cli
