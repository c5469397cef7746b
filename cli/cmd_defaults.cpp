// greengate defaults / scope / factors: look-ups in the factor library and scope catalogue.

#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/model/cn_code.hpp"
#include "greengate/report/json_writer.hpp"
#include "greengate/report/lookup_output.hpp"
#include "greengate/text/number_format.hpp"
#include "text_table.hpp"

namespace greengate::cli {

namespace {
constexpr const char* kDefaultsHelp = R"(Usage: greengate defaults --cn CN --origin CC [--year Y] [--route R] [--format text|json]

The Commission's default value (IR (EU) 2025/2621 Annex I as replaced by IR (EU) 2026/1740) for a
CN code and country of origin: direct, indirect and total embedded emissions, the mark-up of the
import year and the marked-up total that the certificate calculation uses. When the country has no
value for the good (not listed, or printed '–'), the 'Other countries and territories' row applies.

  --cn CN        8-digit CN code (spaces allowed) or 10-digit TARIC code
  --origin CC    country of origin, ISO 3166-1 alpha-2 (e.g. TR)
  --year Y       import year 2026-2034 (default 2026): selects the mark-up
  --route R      route letter to choose between TARIC lines (A grey / B white clinker)
  --format F     text (default) or json
)";

std::string origin_arg(const Args& a, const std::string& cmd) {
  auto o = a.get("origin");
  if (!o) throw UsageError(cmd + ": --origin is required (ISO 3166-1 alpha-2, e.g. TR)");
  if (o->size() != 2 || !std::isupper(static_cast<unsigned char>((*o)[0])) ||
      !std::isupper(static_cast<unsigned char>((*o)[1])))
    throw UsageError(cmd + ": --origin must be an ISO 3166-1 alpha-2 code such as TR (got \"" + *o +
                     "\")");
  return *o;
}
}  // namespace

int cmd_defaults(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{"cn", "origin", "year", "route", "format"}, {"help"}, {}}, "defaults");
  if (a.flag("help")) {
    ctx.out << kDefaultsHelp;
    return 0;
  }
  if (!a.positional().empty())
    throw UsageError("defaults: unexpected argument '" + a.positional().front() + "'");
  auto cn_text = a.get("cn");
  if (!cn_text) throw UsageError("defaults: --cn is required (e.g. --cn 72142000)");
  auto cn = model::normalize_cn(*cn_text);
  if (!cn || (cn->size() != 8 && cn->size() != 10))
    throw UsageError("defaults: --cn must be an 8-digit CN code or 10-digit TARIC code (got \"" +
                     *cn_text + "\")");
  std::string origin = origin_arg(a, "defaults");
  const calc::CbamPeriod& period = ctx.data().period;
  int year = a.integer("year", period.first, period.last).value_or(period.first);
  std::string format = a.format({"text", "json"});
  const auto& data = ctx.data();
  if (!data.factors.is_known_country(origin))
    throw UsageError("defaults: --origin " + origin + " is not an ISO 3166-1 alpha-2 country code");
  auto d = calc::default_with_markup(data, *cn, origin, year, a.get_or("route", ""));
  if (!d.found()) throw InputError("greengate: defaults: " + d.gap);
  const auto& L = d.lookup;
  const auto& c = *L.cell;
  auto pct = d.markup * 100.0;
  if (format == "json") {
    report::JsonWriter w;
    report::write_default_json(w, d, *cn, origin, year);
    ctx.out << w.str() << '\n';
    return 0;
  }
  auto& o = ctx.out;
  o << "Commission default value: CN " << model::format_cn(*cn) << ", origin " << origin
    << ", import year " << year << "\n\n";
  o << "  Good            " << model::format_cn(L.good->code) << "  " << L.good->description << " ("
    << model::sector_label(L.good->sector) << ")\n";
  o << "  Table           " << L.table_name
    << (L.fallback_used ? "  (fallback: " + L.fallback_reason + ")" : "") << "\n";
  o << "  Direct          " << c.direct_text << " tCO2e/t\n";
  o << "  Indirect        " << (c.has_indirect ? c.indirect_text + " tCO2e/t" : std::string("— (not given for this good)")) << "\n";
  o << "  Total           " << c.total_text << " tCO2e/t" << (c.route.empty() ? "" : "   route " + c.route) << "\n";
  o << "  Mark-up " << year << "    " << text::format_trimmed(pct, 4) << " %  (" << d.markup_factor->id
    << ", " << d.markup_factor->provenance.validity() << ", "
    << status_name(d.markup_factor->provenance.status) << ")\n";
  o << "  With mark-up    " << text::format_fixed(units::in_tco2e_per_tonne(d.marked_up_total), 3)
    << " tCO2e/t  (= " << c.total_text << " × " << text::format_trimmed(1.0 + d.markup, 4)
    << "; rounded half-up for display)\n\n";
  o << "  Source  " << L.provenance.source << "\n";
  o << "  Valid   " << L.provenance.validity() << "   status: " << status_name(L.provenance.status)
    << "   data: " << L.provenance.pos.str() << "\n";
  return 0;
}

namespace {
constexpr const char* kScopeHelp = R"(Usage: greengate scope CN... [--format text|json]

Is each CN code a CBAM good? Prints the sector, whether only direct emissions count (Annex II),
the aggregated goods category and the legal reference (Reg. (EU) 2023/956 Annex I as amended by
Reg. (EU) 2025/2083). Exit code 0 when all codes were checked, 3 when a code is malformed.
)";
}

int cmd_scope(const std::vector<std::string>& argv, Context& ctx) {
  Args a(argv, {{"format"}, {"help"}, {}}, "scope");
  if (a.flag("help")) {
    ctx.out << kScopeHelp;
    return 0;
  }
  if (a.positional().empty()) throw UsageError("scope: give one or more CN codes (e.g. 72142000)");
  std::string format = a.format({"text", "json"});
  const auto& scope = ctx.data().scope;
  report::JsonWriter w;
  w.begin_array();
  TextTable t({"CN", "in scope", "sector", "direct only", "category", "reason", "legal reference"});
  bool bad = false;
  for (const auto& text : a.positional()) {
    auto r = scope.check(text);
    if (r.cn.empty()) {
      ctx.err << "greengate: scope: " << r.reason << '\n';
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
      t.row({model::format_cn(r.cn), r.in_scope ? "yes" : "no", sector,
             r.in_scope ? (direct_only ? "yes (Annex II)" : "no") : "", cat, r.reason, ref});
    }
  }
  w.end_array();
  if (format == "json") ctx.out << w.str() << '\n';
  else {
    t.print(ctx.out, "");
    ctx.out << "\nScope catalogue: " << scope.source() << " (version " << scope.version() << ")\n";
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
    ctx.out << kFactorsHelp;
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
      throw UsageError("factors " + sub + ": give exactly one " + (sub == "show" ? "ID" : "TEXT"));
    list = sub == "show" ? lib.versions(a.positional()[1]) : lib.search(a.positional()[1]);
    if (list.empty() && sub == "show")
      throw InputError("greengate: factors show: no factor with id '" + a.positional()[1] +
                       "' (try: greengate factors search " + a.positional()[1] + ")");
  } else {
    throw UsageError("factors: unknown sub-command '" + sub + "' (list, show ID, search TEXT)");
  }
  if (format == "json") {
    report::JsonWriter w;
    w.begin_array();
    for (const auto* f : list) factor_json(w, *f);
    w.end_array();
    ctx.out << w.str() << '\n';
    return 0;
  }
  if (sub == "show") {
    for (const auto* f : list) {
      ctx.out << f->id << "  " << f->name << "\n"
              << "  value     " << text::format_trimmed(f->written_value, 6) << " " << f->unit;
      if (f->lower || f->upper)
        ctx.out << "   (bounds " << (f->lower ? text::format_trimmed(*f->lower, 6) : "?") << " – "
                << (f->upper ? text::format_trimmed(*f->upper, 6) : "?") << ")";
      ctx.out << "\n  valid     " << f->provenance.validity() << "\n  status    "
              << status_name(f->provenance.status) << "\n  source    " << f->provenance.source << "\n";
      if (!f->provenance.note.empty()) ctx.out << "  note      " << f->provenance.note << "\n";
      ctx.out << "  data      " << f->provenance.pos.str() << "\n\n";
    }
    return 0;
  }
  TextTable t({"id", "value", "unit", "valid", "status", "name"}, {false, true});
  for (const auto* f : list)
    t.row({f->id, text::format_trimmed(f->written_value, 6), f->unit, f->provenance.validity(),
           std::string(status_name(f->provenance.status)) + status_mark(f->provenance.status),
           f->name});
  t.print(ctx.out, "");
  ctx.out << "\n" << list.size() << " factor(s); '!' marks values that are not verified.\n";
  ctx.out << "Commission default values: " << lib.defaults().id << " " << lib.defaults().version
          << " (greengate defaults --cn CN --origin CC)\n";
  return 0;
}

}  // namespace greengate::cli
