// greengate screen: a development agency's grant call applied to a batch of applicants.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include <unistd.h>

#include "args.hpp"
#include "commands.hpp"
#include "greengate/calc/screening.hpp"
#include "greengate/text/message.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/report/screening_output.hpp"
#include "text_table.hpp"
#include "words.hpp"

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

std::string verdict_word(calc::Verdict v, const Words& w) {
  switch (v) {
    case calc::Verdict::eligible: return w("verdict.eligible");
    case calc::Verdict::ineligible: return w("verdict.ineligible");
    case calc::Verdict::evidence_missing: break;
  }
  return w("verdict.evidence_missing");
}

std::string funding_word(calc::Funding f, const Words& w) {
  switch (f) {
    case calc::Funding::funded: return w("cli.screen.funded");
    case calc::Funding::reserve: return w("cli.screen.reserve");
    case calc::Funding::not_ranked: break;
  }
  return w("cli.screen.not_ranked");
}

/// A section floor's outcome (pass, fail, or unknown when rows are undecided).
std::string floor_word(rules::Outcome o, const Words& w) {
  switch (o) {
    case rules::Outcome::pass: return w("outcome.pass");
    case rules::Outcome::fail: return w("outcome.fail");
    case rules::Outcome::not_applicable: return w("outcome.not_applicable");
    case rules::Outcome::unknown: break;
  }
  return w("cli.unknown");
}

/// The files of --out DIR are written into a temporary folder inside DIR and moved into DIR only
/// when all are complete: a failed run (full disk, file size limit) leaves none of them, and
/// none half-written, and the files of an earlier run stay as they were (issue 15).
class OutputFolder {
 public:
  OutputFolder(fs::path dir, const Words& w) : dir_(std::move(dir)), w_(w) {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) throw InputError(w_("cli.screen.cannot_create", {dir_.string(), ec.message()}));
    tmp_ = dir_ / (".greengate-screen-" + std::to_string(::getpid()));
    fs::remove_all(tmp_, ec);
    if (!fs::create_directory(tmp_, ec) || ec)
      throw InputError(w_("cli.screen.cannot_create", {tmp_.string(), ec.message()}));
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
    if (!f) throw InputError(w_("cli.screen.cannot_write", {(dir_ / name).string()}));
    names_.push_back(name);
  }
  /// Moves every written file into the folder (a rename within one file system).
  void commit() {
    for (const auto& name : names_) {
      std::error_code ec;
      fs::rename(tmp_ / name, dir_ / name, ec);
      if (ec) throw InputError(w_("cli.screen.cannot_write_reason", {(dir_ / name).string(), ec.message()}));
    }
  }

 private:
  fs::path dir_, tmp_;
  const Words& w_;
  std::vector<std::string> names_;
};

void print_text(std::ostream& o, const calc::ScreeningReport& rep, const Words& w) {
  auto s2 = [&](double v) { return w.fixed(v, 2); };
  auto eur = [&](double v) { return w.grouped(v, 0); };
  auto num = [&](double v) { return w.trimmed(v, 2); };
  o << w("cli.screen.title", {text::pick(w.catalogue(), rep.call_label, rep.call_label_tr)}) << "\n";
  o << w("cli.screen.call", {rep.call_id, rep.call_file, rep.call_ref}) << "\n";
  o << w("cli.screen.date", {w.date(rep.date), rep.ruleset_version}) << "\n";
  o << w("cli.screen.budget", {eur(rep.budget), rep.budget_param.id, rep.budget_param.ref, w.status(rep.budget_param.status),
                               num(rep.pass_mark), num(rep.total_weight), rep.pass_mark_param.id,
                               w.status(rep.pass_mark_param.status)})
    << "\n";
  std::string ranking;
  for (std::size_t i = 0; i < rep.tie_break.size(); ++i)
    ranking += (i ? w("cli.screen.then", {rep.tie_break[i]}) : rep.tie_break[i]);
  o << w("cli.screen.ranking", {ranking, std::string(rules::budget_rule_name(rep.budget_rule))}) << "\n\n";
  std::vector<std::string> head{w("cli.screen.col.rank"), w("cli.em.col.id"), w("cli.screen.col.name"),
                                w("cli.screen.col.verdict"), w("cli.screen.col.total")};
  std::vector<bool> right{true, false, false, false, true};
  for (const auto& s : rep.sections) {
    head.push_back(s);
    right.push_back(true);
  }
  for (const char* h : {"cli.screen.col.green", "cli.screen.col.grant", "cli.screen.col.funding", "cli.screen.col.cumulative"}) {
    head.push_back(w(h));
    right.push_back(std::string(h) != "cli.screen.col.funding");
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
                                   verdict_word(r.verdict, w), s2(r.total)};
    for (const auto& s : r.sections) cells.push_back(s2(s.weighted));
    cells.push_back(s2(r.green));
    cells.push_back(r.applicant.requested_grant ? eur(*r.applicant.requested_grant) : "?");
    cells.push_back(funding_word(r.funding, w));
    cells.push_back(r.funding == calc::Funding::funded ? eur(r.cumulative) : "");
    t.row(cells);
  }
  t.print(o);
  auto count = [&](std::size_t n) { return w.fixed(static_cast<double>(n), 0); };
  o << "\n  "
    << w("screen.counts", {count(rep.results.size()), count(rep.eligible), count(rep.evidence_missing),
                           count(rep.ineligible), count(rep.funded), eur(rep.allocated), eur(rep.budget),
                           count(rep.reserve)})
    << "\n";
  o << "\n" << w("cli.screen.per_applicant") << "\n";
  // Verdict and criterion reasons in the reader's language; funding reasons are the engine's English.
  for (const auto& r : rep.results) {
    o << "\n" << r.applicant.id << "  " << r.applicant.name << "  [" << r.applicant.pos.str() << "]\n";
    o << "  " << w("cli.screen.verdict", {verdict_word(r.verdict, w), s2(r.total)});
    if (r.potential > 0) o << " (+" << s2(r.potential) << " " << w("screen.undecided") << ")";
    o << "; " << funding_word(r.funding, w) << ": " << r.funding_reason << "\n";
    for (const auto& x : r.reasons) o << "  - " << w.msg(x) << "\n";
    for (const auto& c : r.criteria) {
      const auto& res = c.result;
      o << "    " << w("tax.cli.outcome." + std::string(rules::outcome_name(res.outcome))) << "  " << res.rule_id
        << (c.must_pass ? "" : " (" + w("cli.screen.info") + ")") << ": " << w.msg(res.why) << "  [" << res.ref << "]\n";
    }
    for (const auto& s : r.sections) {
      o << "    " << w("cli.screen.section", {s.id, num(s.raw), num(s.max), num(s.weight), s2(s.weighted)});
      if (s.floor) o << "  " << w("cli.screen.floor", {num(*s.floor), floor_word(s.floor_outcome, w)});
      if (s.sum > s.max) o << "  " << w("cli.screen.capped", {num(s.sum)});
      o << "\n";
    }
    for (const auto& n : r.notes) o << "    " << w("cli.trace.note") << ": " << n << "\n";
  }
  o << "\n" << w("cli.screen.unknown_note") << "\n" << w("cli.screen.unverified_note") << "\n";
}
}  // namespace

int cmd_screen(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{"format", "out", "lang", "date", "taxonomy"}, {"help"}, {}}, "screen");
  if (a.flag("help")) {
    ctx.out << help_text(ctx, "screen", kHelp);
    return 0;
  }
  if (a.positional().size() != 2)
    throw usage_error("cli.usage.screen.two_files", {});
  std::string format = a.format({"text", "csv", "json", "html"});
  auto lang_s = a.get_or("lang", "en");
  if (lang_s != "en" && lang_s != "tr") throw usage_error("cli.usage.screen.lang", {lang_s});
  report::Lang lang = lang_s == "tr" ? report::Lang::tr : report::Lang::en;
  // The text output speaks the language of the pages (--lang; the program's own --lang or LANG
  // when it is not given, main.cpp).
  const Words w(text::Catalogue::builtin(lang));
  calc::ScreenOptions opt;
  if (auto d = a.get("date")) {
    auto p = parse_date(*d);
    if (!p) throw usage_error("cli.usage.screen.date", {*d});
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
    OutputFolder dir{fs::path(*out), w};
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
  else print_text(ctx.out, rep, w);
  if (auto out = a.get("out"))
    ctx.err << "greengate: " << w("cli.screen.wrote", {std::to_string(rep.results.size() + 2), *out}) << "\n";
  return 0;
}

}  // namespace greengate::cli
