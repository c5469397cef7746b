// greengate defaults / scope / factors: look-ups in the factor library and scope catalogue.

#include <algorithm>
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/calc/goods_search.hpp"
#include "greengate/model/cn_code.hpp"
#include "greengate/report/json_writer.hpp"
#include "greengate/report/lookup_output.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/text/number_reader.hpp"
#include "text_table.hpp"
#include "words.hpp"

namespace greengate::cli {

void note_gtip(const calc::GoodsCode& c, const std::string& typed, Context& ctx);


namespace {
constexpr const char* kDefaultsHelp = R"(Usage: greengate defaults --cn CN --origin CC [--year Y] [--route R] [--format text|json]

The Commission's default value (IR (EU) 2025/2621 Annex I as replaced by IR (EU) 2026/1740) for a
CN code and country of origin: direct, indirect and total embedded emissions, the mark-up of the
import year and the marked-up total that the certificate calculation uses. When the country has no
value for the good (not listed, or printed '–'), the 'Other countries and territories' row applies.

  --cn CN        8-digit CN code (spaces allowed), 10-digit TARIC code, or 12-digit GTİP code
                 (read as the CN code of its first 8 digits); to find a code by words:
                 greengate goods "inşaat demiri"
  --origin CC    country of origin, ISO 3166-1 alpha-2 (e.g. TR)
  --year Y       import year 2026-2034 (default 2026): selects the mark-up
  --route R      route letter to choose between TARIC lines (A grey / B white clinker)
  --format F     text (default) or json
)";

std::string origin_arg(const Args& a, const std::string& cmd) {
  auto o = a.get("origin");
  if (!o) throw usage_error("cli.usage.origin_required", {cmd});
  if (o->size() != 2 || !std::isupper(static_cast<unsigned char>((*o)[0])) ||
      !std::isupper(static_cast<unsigned char>((*o)[1])))
    throw usage_error("cli.usage.origin_format", {cmd, *o});
  return *o;
}
}  // namespace

/// The default value in the reader's language (defaults.cli.*): numbers as the table writes them,
/// in the language's convention; dates GG.AA.YYYY in Turkish.
void print_default(std::ostream& o, const Words& w, const calc::DefaultWithMarkup& d, const std::string& cn,
                   const std::string& origin, int year) {
  const auto& L = d.lookup;
  const auto& c = *L.cell;
  const auto conv = w.catalogue().convention();
  auto num = [&](const std::string& plain) { return text::echo_plain(plain, conv); };
  o << w("defaults.cli.title", {model::format_cn(cn), origin, std::to_string(year)}) << "\n\n";
  auto line = [&](const char* key, const std::string& value) {
    std::string label = w(key);
    const auto width = display_width(label);
    o << "  " << label << std::string(width < 16 ? 16 - width : 1, ' ') << value << "\n";
  };
  line("defaults.cli.good", model::format_cn(L.good->code) + "  " + L.good->description + " (" +
                                w("sector." + std::string(model::sector_slug(L.good->sector))) + ")");
  line("defaults.cli.table", L.table_name + (L.fallback_used ? "  (" + w("defaults.cli.fallback") + ": " + L.fallback_reason + ")" : ""));
  line("defaults.cli.direct", num(c.direct_text) + " tCO2e/t");
  line("defaults.cli.indirect", c.has_indirect ? num(c.indirect_text) + " tCO2e/t" : w("defaults.cli.no_indirect"));
  line("defaults.cli.total", num(c.total_text) + " tCO2e/t" + (c.route.empty() ? "" : "   " + w("defaults.cli.route") + " " + c.route));
  o << "  " << w("defaults.cli.markup_year", {std::to_string(year)}) << "    " << w.percent(d.markup, 4) << "  ("
    << d.markup_factor->id << ", " << w.validity(d.markup_factor->provenance) << ", "
    << w.status(d.markup_factor->provenance.status) << ")\n";
  line("defaults.cli.with_markup",
       w("defaults.cli.with_markup_value",
         {num(text::format_fixed(units::in_tco2e_per_tonne(d.marked_up_total), 3)), num(c.total_text),
          num(text::format_trimmed(1.0 + d.markup, 4))}));
  // "Source" and "Valid" with their values in one column
  const std::string source = w("defaults.cli.source"), valid = w("defaults.cli.valid");
  const std::size_t width = std::max(display_width(source), display_width(valid)) + 2;
  o << "\n  " << source << std::string(width - display_width(source), ' ') << L.provenance.source << "\n";
  o << "  " << valid << std::string(width - display_width(valid), ' ') << w.validity(L.provenance) << "   "
    << w("defaults.cli.status") << ": " << w.status(L.provenance.status) << "   " << w("defaults.cli.data") << ": "
    << L.provenance.pos.str() << "\n";
}

int cmd_defaults(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{"cn", "origin", "year", "route", "format"}, {"help"}, {}}, "defaults");
  if (a.flag("help")) {
    ctx.out << help_text(ctx, "defaults", kDefaultsHelp);
    return 0;
  }
  if (!a.positional().empty())
    throw usage_error("cli.usage.defaults.unexpected", {a.positional().front()});
  auto cn_text = a.get("cn");
  if (!cn_text) throw usage_error("cli.usage.defaults.cn_required", {});
  auto code = calc::read_goods_code(*cn_text);
  if (!code || (code->cn.size() != 8 && code->cn.size() != 10))
    throw code ? usage_error("cli.usage.defaults.cn_format", {*cn_text})
               : usage_error("cli.usage.defaults.cn_format_words", {*cn_text});
  note_gtip(*code, *cn_text, ctx);
  const std::optional<std::string> cn = code->cn;
  std::string origin = origin_arg(a, "defaults");
  const calc::CbamPeriod& period = ctx.data().period;
  int year = a.integer("year", period.first, period.last).value_or(period.first);
  std::string format = a.format({"text", "json"});
  const auto& data = ctx.data();
  if (!data.factors.is_known_country(origin))
    throw usage_error("cli.usage.defaults.origin_unknown", {origin});
  auto d = calc::default_with_markup(data, *cn, origin, year, a.get_or("route", ""));
  if (!d.found()) throw InputError("greengate: defaults: " + d.gap);
  if (format == "json") {
    report::JsonWriter w;
    report::write_default_json(w, d, *cn, origin, year);
    ctx.out << w.str() << '\n';
    return 0;
  }
  print_default(ctx.out, Words(ctx), d, *cn, origin, year);
  return 0;
}

namespace {
constexpr const char* kScopeHelp = R"(Usage: greengate scope CN... [--format text|json]

Is each CN code (or 12-digit GTİP code, read as the CN code of its first 8 digits) a CBAM good?
Prints the sector, whether only direct emissions count (Annex II), the aggregated goods category
and the legal reference (Reg. (EU) 2023/956 Annex I as amended by Reg. (EU) 2025/2083). Exit
code 0 when all codes were checked, 3 when a code is malformed.
)";
}

int cmd_scope(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{"format"}, {"help"}, {}}, "scope");
  if (a.flag("help")) {
    ctx.out << help_text(ctx, "scope", kScopeHelp);
    return 0;
  }
  if (a.positional().empty()) throw usage_error("cli.usage.scope.codes", {});
  std::string format = a.format({"text", "json"});
  const auto& scope = ctx.data().scope;
  report::JsonWriter w;
  w.begin_array();
  const Words tw(ctx);
  TextTable t({tw("goods.col.cn"), tw("scope.cli.col.in_scope"), tw("goods.col.sector"), tw("scope.cli.col.direct_only"),
               tw("scope.cli.col.category"), tw("tax.cli.reason"), tw("tax.cli.legal_ref")});
  bool bad = false;
  for (const auto& typed : a.positional()) {
    std::string text = typed;
    if (auto code = calc::read_goods_code(typed); code && code->gtip) {
      note_gtip(*code, typed, ctx);
      text = code->cn;
    }
    auto r = scope.check(text);
    if (r.cn.empty()) {
      ctx.err << "greengate: scope: " << tw("scope.cli.bad_code", {typed}) << '\n';
      bad = true;
      continue;
    }
    std::string sector = r.entry ? std::string(model::sector_slug(r.entry->sector)) : "";
    std::string ref = r.entry ? r.entry->ref : r.exclusion ? r.exclusion->ref : "";
    bool direct_only = r.entry && r.entry->direct_only;
    std::string cat = r.category ? r.category->name : "";
    if (format == "json") {
      report::write_scope_json(w, r, scope);
    } else {
      std::string reason =
          r.entry ? tw("scope.cli.covered", {(r.entry->ex ? "ex " : "") + model::format_cn(r.entry->cn), r.entry->description})
          : r.exclusion ? tw("scope.cli.excluded", {model::format_cn(r.exclusion->cn), r.exclusion->description})
                        : tw("scope.cli.not_listed");
      t.row({model::format_cn(r.cn), tw(r.in_scope ? "common.yes" : "common.no"), sector,
             r.in_scope ? tw(direct_only ? "scope.cli.direct_only_yes" : "common.no") : "", cat, reason, ref});
    }
  }
  w.end_array();
  if (format == "json") ctx.out << w.str() << '\n';
  else {
    t.print(ctx.out, "");
    ctx.out << "\n" << tw("scope.cli.catalogue", {scope.source(), scope.version()}) << "\n";
  }
  return bad ? static_cast<int>(ExitCode::bad_input) : 0;
}

namespace {
constexpr const char* kFactorsHelp = R"(Usage: greengate factors list [--format text|json]
       greengate factors show ID
       greengate factors search TEXT

The factor library: every value with its unit, source, validity and status (verified, single
source, unverified). 'list' shows all factors, 'show' every dated version of one id, 'search'
matches ids, names and sources.
)";

void factor_json(report::JsonWriter& w, const factors::Factor& f) {
  w.begin_object().field("id", f.id).field("name", f.name).field("value", f.written_value);
  w.field("unit", f.unit);
  if (f.lower) w.field("lower", *f.lower);
  if (f.upper) w.field("upper", *f.upper);
  w.field("source", f.provenance.source).field("valid_from", f.provenance.valid_from.str());
  if (f.provenance.valid_to) w.field("valid_to", f.provenance.valid_to->str());
  w.field("status", std::string(status_name(f.provenance.status)));
  if (!f.provenance.note.empty()) w.field("note", f.provenance.note);
  w.field("table", f.table).field("at", f.provenance.pos.str()).end_object();
}

std::string status_mark(Status s) { return s == Status::verified ? "" : " !"; }
}  // namespace

int cmd_factors(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{"format"}, {"help"}, {}}, "factors");
  if (a.flag("help") || a.positional().empty()) {
    ctx.out << help_text(ctx, "factors", kFactorsHelp);
    return a.flag("help") ? 0 : static_cast<int>(ExitCode::usage);
  }
  const auto& sub = a.positional()[0];
  std::string format = a.format({"text", "json"});
  const auto& lib = ctx.data().factors;
  std::vector<const factors::Factor*> list;
  if (sub == "list") {
    list = lib.all();
  } else if (sub == "show" || sub == "search") {
    if (a.positional().size() != 2)
      throw usage_error(sub == "show" ? "cli.usage.factors.one_id" : "cli.usage.factors.one_text", {});
    list = sub == "show" ? lib.versions(a.positional()[1]) : lib.search(a.positional()[1]);
    if (list.empty() && sub == "show")
      throw InputError("greengate: " + Words(ctx)("cli.factors.not_found", {a.positional()[1]}));
  } else {
    throw usage_error("cli.usage.factors.sub_command", {sub});
  }
  if (format == "json") {
    report::JsonWriter w;
    w.begin_array();
    for (const auto* f : list) factor_json(w, *f);
    w.end_array();
    ctx.out << w.str() << '\n';
    return 0;
  }
  const Words w(ctx);
  if (sub == "show") {
    // "  label     value": the values in one column, four spaces after the widest label
    const char* keys[] = {"cli.em.col.value", "cli.em.col.valid", "cli.em.col.status", "cli.em.col.source",
                          "cli.trace.note", "defaults.cli.data"};
    std::size_t width = 0;
    for (const char* k : keys) width = std::max(width, display_width(w(k)));
    auto label = [&](const char* key) {
      const std::string l = w(key);
      return "  " + l + std::string(width + 4 - display_width(l), ' ');
    };
    for (const auto* f : list) {
      ctx.out << f->id << "  " << f->name << "\n" << label("cli.em.col.value") << w.trimmed(f->written_value, 6) << " " << f->unit;
      if (f->lower || f->upper)
        ctx.out << "   " << w("cli.factors.bounds", {f->lower ? w.trimmed(*f->lower, 6) : "?", f->upper ? w.trimmed(*f->upper, 6) : "?"});
      ctx.out << "\n" << label("cli.em.col.valid") << w.validity(f->provenance) << "\n" << label("cli.em.col.status")
              << w.status(f->provenance.status) << "\n" << label("cli.em.col.source") << f->provenance.source << "\n";
      if (!f->provenance.note.empty()) ctx.out << label("cli.trace.note") << f->provenance.note << "\n";
      ctx.out << label("defaults.cli.data") << f->provenance.pos.str() << "\n\n";
    }
    return 0;
  }
  TextTable t({w("cli.em.col.id"), w("cli.em.col.value"), w("cli.em.col.unit"), w("cli.em.col.valid"),
               w("cli.em.col.status"), w("cli.screen.col.name")},
              {false, true});
  for (const auto* f : list)
    t.row({f->id, w.trimmed(f->written_value, 6), f->unit, w.validity(f->provenance),
           w.status(f->provenance.status) + status_mark(f->provenance.status), f->name});
  t.print(ctx.out, "");
  ctx.out << "\n" << w("cli.factors.count", {w.fixed(static_cast<double>(list.size()), 0)}) << "\n";
  ctx.out << w("cli.factors.defaults", {lib.defaults().id, lib.defaults().version}) << "\n";
  return 0;
}

}  // namespace greengate::cli

namespace greengate::cli {

namespace {
constexpr const char* kGoodsHelp = R"(Usage: greengate goods TEXT... [--limit N] [--format text|json]

Finds CBAM goods in the Commission's default-value table by a CN code, a 12-digit Turkish GTİP
code (read as the CN code of its first 8 digits, and said so) or words in Turkish or English:
"inşaat demiri", "çimento", "alüminyum profil", "portland cement". Words are compared without
regard to case (Turkish rules: İ/i, I/ı) or to Turkish letters typed as their base letters
("insaat" finds "inşaat"). Turkish words come from factors/goods-words-tr.xml, a search aid
written by GreenGate, not the GTİP tariff text: the CN code you choose is what counts.

  --limit N      at most N goods (1-500, default 50)
  --format F     text (default) or json
Exit code 0 when goods were found, 3 when none was.
)";

std::string sector_text(model::Sector s, const report::Messages& w) {
  const std::string key = "sector." + std::string(model::sector_slug(s));
  return w.code() == "en" || !w.has(key) ? std::string(model::sector_label(s)) : w(key);
}
}  // namespace

/// Prints the note that a 12-digit GTİP code was read as the CN code of its first 8 digits.
void note_gtip(const calc::GoodsCode& c, const std::string& typed, Context& ctx) {
  if (!c.gtip) return;
  ctx.err << "greengate: note: "
          << ctx.catalogue().format("goods.gtip_read", {typed, model::format_cn(c.cn)}) << '\n';
}

int cmd_goods(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{"limit", "format"}, {"help"}, {}}, "goods");
  if (a.flag("help")) {
    ctx.out << help_text(ctx, "goods", kGoodsHelp);
    return 0;
  }
  if (a.positional().empty())
    throw usage_error("cli.usage.goods.words", {});
  std::string text;
  for (const auto& p : a.positional()) text += (text.empty() ? "" : " ") + p;
  const int limit = a.integer("limit", 1, 500).value_or(50);
  const std::string format = a.format({"text", "json"});
  const auto& w = ctx.catalogue();
  const auto& lib = ctx.data().factors;
  const auto code = calc::read_goods_code(text);
  if (code) note_gtip(*code, text, ctx);
  // One more than asked, to say that there are more.
  const auto words = calc::load_goods_words(ctx.data_dir + "/factors").get();
  auto found = calc::search_goods(lib, words, text, static_cast<std::size_t>(limit) + 1);
  const bool more = found.size() > static_cast<std::size_t>(limit);
  if (more) found.pop_back();
  const auto by_word = std::find_if(found.begin(), found.end(), [](const auto& m) { return m.words != nullptr; });
  const bool any_word = by_word != found.end();
  if (format == "json") {
    report::JsonWriter j;
    report::write_goods_json(j, text, code, found, more);
    ctx.out << j.str() << '\n';
    return found.empty() ? static_cast<int>(ExitCode::bad_input) : 0;
  }
  if (found.empty()) {
    ctx.out << w.format("goods.none", {text}) << '\n';
    return static_cast<int>(ExitCode::bad_input);
  }
  ctx.out << w.format("goods.title", {text, std::to_string(found.size())}) << "\n\n";
  TextTable t({w("goods.col.cn"), w("goods.col.sector"), w("goods.col.description"), w("goods.col.found_by")});
  for (const auto& m : found) {
    std::string by = m.words ? w.format("goods.by_word", {m.word}) : code ? w("goods.by_code") : w("goods.by_description");
    t.row({model::format_cn(m.good->code), sector_text(m.good->sector, w), m.good->description, by});
  }
  t.print(ctx.out, "");
  if (more) ctx.out << w("goods.more") << '\n';
  if (any_word) ctx.out << '\n' << w.format("goods.words_note", {by_word->words->pos.file}) << '\n';
  return 0;
}

}  // namespace greengate::cli
