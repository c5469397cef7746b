// One handler class per page or API resource, and the router that picks them by method + path.
// A handler parses, calls greengate::calc, and hands the result to a render function.

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/StringTokenizer.h>
#include <Poco/TemporaryFile.h>

#include <array>
#include <fstream>

#include "api_json.hpp"
#include "firm_form.hpp"
#include "greengate/model/cn_code.hpp"
#include "greengate/calc/batch.hpp"
#include "greengate/report/batch_output.hpp"
#include "greengate/report/emissions_output.hpp"
#include "greengate/report/lookup_output.hpp"
#include "greengate/report/money_output.hpp"
#include "greengate/report/uncertainty_output.hpp"
#include "help.hpp"
#include "html.hpp"
#include "quick_check.hpp"
#include "render.hpp"
#include "screening.hpp"
#include "server.hpp"

namespace greengate::web {

namespace {

using Poco::Net::HTTPRequest;

// ---- quick check ---------------------------------------------------------------------------

class QuickCheckPage final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    QuickInput in{ex.field("cn"),   ex.field("origin"), ex.field("quantity"),
                  ex.field("year"), ex.field("route"),  ex.field("price")};
    for (const auto* f : {&in.cn, &in.origin, &in.quantity, &in.year, &in.route, &in.price})
      if (f->size() > app_.limits.max_text_field) throw HttpError(400, "err.field_too_long");
    bool submitted = !in.cn.empty() || !in.origin.empty() || !in.quantity.empty();
    if (!submitted) {
      ex.html(200, render_quick(ex.t(), app_, in, {}, nullptr, nullptr, nullptr, ex.path_query()));
      return;
    }
    auto parsed = parse_quick(in, app_.data, ex.t());
    // Words, not a code: the engine's goods search (descriptions and the Turkish search words).
    if (is_goods_search(in.cn)) {
      static const std::vector<calc::GoodsWords> no_words;
      auto matches = calc::search_goods(app_.data.factors, app_.goods_words ? *app_.goods_words : no_words,
                                        in.cn, 50);
      parsed.errors.erase("cn");
      ex.html(200, render_quick(ex.t(), app_, in, parsed.errors, nullptr, nullptr, &matches, ex.path_query()));
      return;
    }
    if (!parsed.ok()) {
      ex.html(400, render_quick(ex.t(), app_, in, parsed.errors, nullptr, nullptr, nullptr, ex.path_query()));
      return;
    }
    auto result = run_quick(parsed.query, app_.data, {app_.money, app_.published});
    ex.html(200, render_quick(ex.t(), app_, in, {}, &parsed, &result, nullptr, ex.path_query()));
  }
};

/// The batch page's file parts: the declarations stream to a temporary file (bounded by
/// limits.max_batch_upload, never held in memory); a price scenarios file (small) is kept.
/// A wrong CSRF token is refused before the declarations are accepted (our form sends it first).
class BatchParts : public Poco::Net::PartHandler {
 public:
  BatchParts(Exchange& ex, const std::string& path) : ex_(ex), path_(path) {}
  void handlePart(const Poco::Net::MessageHeader& header, std::istream& in) override {
    std::string disp;
    Poco::Net::NameValueCollection params;
    if (header.has("Content-Disposition"))
      Poco::Net::MessageHeader::splitParameters(header["Content-Disposition"], disp, params);
    auto field = params.get("name", "");
    if (!ex_.same_origin()) throw HttpError(403, "err.origin");
    if (const auto* form = ex_.partial_form(); form && form->has("csrf") && !ex_.csrf_matches(form->get("csrf")))
      throw HttpError(403, "err.csrf");
    std::array<char, 65536> buf{};
    if (field == "declarations" && !got_declarations) {
      std::ofstream out(path_, std::ios::binary | std::ios::trunc);
      const auto limit = ex_.app.limits.max_batch_upload;
      while (in) {
        in.read(buf.data(), buf.size());
        auto n = static_cast<std::size_t>(in.gcount());
        bytes += n;
        if (bytes > limit) {
          ex_.resp.setKeepAlive(false);
          throw HttpError(413, "err.batch_too_large", std::to_string(limit / (1024 * 1024)) + " MiB");
        }
        out.write(buf.data(), static_cast<std::streamsize>(n));
      }
      if (!out) throw std::runtime_error("cannot write the temporary declarations file");
      got_declarations = true;
      declarations_name = params.get("filename", "");
      return;
    }
    // Anything else: kept in memory up to max_upload (a price scenarios file), or drained.
    std::string data;
    while (in) {
      in.read(buf.data(), buf.size());
      data.append(buf.data(), static_cast<std::size_t>(in.gcount()));
      if (data.size() > ex_.app.limits.max_upload) throw HttpError(413, "err.upload_too_large");
    }
    if (field == "prices" && !data.empty()) {
      prices = std::move(data);
      prices_name = params.get("filename", "");
    }
  }

  bool got_declarations = false;
  std::uint64_t bytes = 0;
  std::string declarations_name, prices, prices_name;

 private:
  Exchange& ex_;
  std::string path_;
};

/// Files larger than this are answered as a streamed page with progress lines; smaller ones in
/// one response (so that a bad header or a missing price still gets its 400).
constexpr std::uint64_t kStreamAbove = 4u << 20;

class BatchPage final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    BatchView v;
    v.csrf = ex.csrf_token();
    v.max_upload = app_.limits.max_batch_upload;
    v.csv = csv_dialect("", ex.lang());
    if (ex.req.getMethod() != HTTPRequest::HTTP_POST) {
      ex.html(200, render_batch(ex.t(), v, ex.path_query()));
      return;
    }
    // ---- parse: the declarations go to a temporary file, removed when the request ends --------
    Poco::TemporaryFile tmp;
    BatchParts parts(ex, tmp.path());
    ex.parse_streamed(parts, 20);
    ex.require_csrf();
    if (!parts.got_declarations || parts.bytes == 0) throw HttpError(400, "err.no_file");
    v.price = ex.field("price");
    v.csv = csv_dialect(ex.field("csv_dialect"), ex.lang());
    // ---- prices: an uploaded scenarios file, a flat price, or the published prices -------------
    std::optional<double> price;
    if (!v.price.empty()) {
      price = ex.t().parse_number(v.price);
      if (!price || *price < 0) throw HttpError(400, "err.number", v.price);
    }
    calc::PriceBook flat;
    std::optional<calc::PriceBook> uploaded;
    if (!parts.prices.empty()) {
      v.prices_name = display_name(parts.prices_name, "prices.csv");
      uploaded = calc::PriceBook::from_csv_text(parts.prices, v.prices_name).get();
    }
    const auto& book = uploaded ? *uploaded : price_book(price, {app_.money, app_.published}, flat);
    calc::MoneyContext mc{app_.data, app_.money, book, std::nullopt, nullptr};
    bool csv_only = ex.field("fmt") == "csv";
    // ---- run: once per price scenario over the file, with progress when it is large ----------
    std::ostream* out = nullptr;
    std::string tail;
    const auto& t = ex.t();
    auto run_all = [&] {
      for (const auto& scenario : book.scenarios()) {
        calc::BatchOptions opt;
        opt.display = display_name(parts.declarations_name, "declarations.csv");
        opt.scenario = scenario;
        opt.max_declarant_years = app_.limits.max_batch_declarant_years;
        std::ifstream in(tmp.path(), std::ios::binary);
        calc::BatchReader reader = [&in](char* buf, std::size_t n) {
          in.read(buf, static_cast<std::streamsize>(n));
          return static_cast<std::size_t>(in.gcount());
        };
        calc::BatchSinks sinks;
        bool first = v.results.empty();
        sinks.reject = [&](const calc::BatchReject& r) {
          if (first && v.rejects.size() < 200) v.rejects.push_back(r);
        };
        sinks.progress = [&](const calc::BatchProgress& p) {
          if (csv_only || parts.bytes <= kStreamAbove) return;
          if (!out) {  // the first block went through: the header is fine, commit to a page
            auto [head, rest] = page_parts(t, {esc(t("batch.title")), "batch", ex.path_query()});
            tail = rest;
            out = &ex.begin_stream(200, "text/html; charset=utf-8");
            *out << head << render_batch_form(t, v) << "<div id=\"batch-progress\">";
          }
          *out << render_batch_progress(t, scenario, p.bytes, parts.bytes, p.lines);
          out->flush();
        };
        v.results.push_back(calc::run_batch(mc, opt, reader, sinks));
        if (csv_only) return;  // the download is the first scenario's summary
        // The page shows the first rows only: keep no more (several scenarios, large files).
        auto& rows = v.results.back().rows;
        v.rows_total.push_back(rows.size());
        if (rows.size() > kBatchRowsShown) {
          rows.resize(kBatchRowsShown);
          rows.shrink_to_fit();
        }
      }
    };
    try {
      run_all();
    } catch (const std::exception& e) {
      if (!out) throw;  // nothing sent yet: Handler maps it (400 with diagnostics, or 500)
      // The page is already on its way: the error goes into it (P14's mapping, in the page).
      Diagnostics diags;
      std::string message = t("err.input");
      if (const auto* ie = dynamic_cast<const InputError*>(&e)) diags = with_message(ie->diagnostics(), e.what());
      else if (const auto* de = dynamic_cast<const DefinitionError*>(&e))
        diags = with_message(de->diagnostics(), e.what());
      else {
        auto id = new_error_id();
        app_.error->error("batch error id {}: {}", id, e.what());
        message = t.format("err.internal", {id});
      }
      *out << "</div><div class=\"errors\" id=\"error\" role=\"alert\"><p>" << esc(message) << "</p><ul class=\"diagnostics\">";
      for (const auto& d : diags.items()) *out << "<li><code>" << esc(d.format()) << "</code></li>";
      *out << "</ul></div>" << tail;
      return;
    }
    if (csv_only) {
      ex.download("text/csv; charset=utf-8", "cbam-batch-summary.csv",
                  csv_in_dialect(report::batch_summary_csv(v.results.front()), v.csv));
      return;
    }
    if (out) {
      *out << "</div>" << accessible_tables(render_batch_results(t, v)) << tail;
      return;
    }
    ex.html(200, render_batch(t, v, ex.path_query()));
  }
};

/// /help and /help/<topic>: the docs compiled in (web/help.hpp).
class HelpPage final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    const auto& path = ex.path();
    if (path == "/help" || path == "/help/") {
      ex.html(200, render_help(ex.t(), nullptr, ex.path_query()));
      return;
    }
    const auto* topic = help_topic(std::string_view(path).substr(6));
    if (!topic) throw HttpError(404, "err.not_found");
    ex.html(200, render_help(ex.t(), topic, ex.path_query()));
  }
};

class HealthPage final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    ex.send(200, "text/plain; charset=utf-8",
            "ok\nstore: " + app_.store.backend() + "\n");
  }
};

class NotFoundPage final : public Handler {
 public:
  NotFoundPage(const AppContext& app, int status) : Handler(app), status_(status) {}
  void handle(Exchange&) override {
    throw HttpError(status_, status_ == 405 ? "err.method" : "err.not_found");
  }

 private:
  int status_;
};

// ---- JSON API --------------------------------------------------------------------------------

Diagnostics one_error(const std::string& message) {
  Diagnostics d;
  d.error({}, message);
  return d;
}

class ApiScope final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    auto codes = ex.fields("cn");
    if (codes.empty()) throw ParamError("cn", "err.cn_required");
    if (codes.size() > 100) throw HttpError(400, "err.too_many_codes");
    report::JsonWriter w;
    w.begin_array();
    std::vector<ParamProblem> bad;
    for (const auto& text : codes) {
      auto r = app_.data.scope.check(text);
      if (r.cn.empty()) {
        bad.push_back({"cn", "err.cn_format", {}, text});
        continue;
      }
      write_scope(w, r, app_.data.scope);
    }
    w.end_array();
    if (!bad.empty()) throw ParamError(std::move(bad));
    ex.json(200, w.str() + "\n");
  }
};

class ApiDefaults final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    QuickInput in{ex.field("cn"), ex.field("origin"), "", ex.field("year"), ex.field("route"), ""};
    auto parsed = parse_quick(in, app_.data, app_.i18n.get("en"));
    throw_field_errors(parsed.errors, in);
    const auto& q = parsed.query;
    auto d = calc::default_with_markup(app_.data, q.cn, q.origin, q.year, q.route);
    if (!d.found()) throw InputError(d.gap, one_error(d.gap));
    report::JsonWriter w;
    write_default(w, d, q.cn, q.origin, q.year);
    ex.json(200, w.str() + "\n");
  }

  /// Every wrong field, each with its stable code; the messages are put in the request's
  /// language when the answer is written. A number the API cannot read (it reads the plain
  /// machine form, "1250.5") is err.api_number whatever the page form would have said.
  static void throw_field_errors(const FieldErrors& errors, const QuickInput& in) {
    if (errors.empty()) return;
    std::vector<ParamProblem> problems;
    for (const auto& [name, key] : errors) {
      const std::string& value = name == "cn"         ? in.cn
                                 : name == "origin"   ? in.origin
                                 : name == "quantity" ? in.quantity
                                 : name == "year"     ? in.year
                                 : name == "route"    ? in.route
                                                      : in.price;
      problems.push_back({name, key.rfind("=", 0) == 0 ? "err.api_number" : key, {}, value});
    }
    throw ParamError(std::move(problems));
  }
};

class ApiQuickCheck final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    QuickInput in{ex.field("cn"),   ex.field("origin"), ex.field("quantity"),
                  ex.field("year"), ex.field("route"),  ex.field("price")};
    // The API reads numbers in the plain machine form ("1250.5").
    auto parsed = parse_quick(in, app_.data, app_.i18n.get("en"));
    ApiDefaults::throw_field_errors(parsed.errors, in);
    auto result = run_quick(parsed.query, app_.data, {app_.money, app_.published}, ex.field("trace") == "1");
    ex.json(200, quick_json(parsed.query, result, app_.data, app_.quick_cache, &ex.t()));
  }
};

/// GET goods?q=TEXT&limit=N -> `greengate goods TEXT --limit N --format json` (the engine's
/// search: codes, 12-digit GTİP codes, Turkish and English words); a GTİP code adds gtip_note in
/// the request's language. No good found is an answer (an empty list), not an error.
class ApiGoods final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    const auto text = ex.field("q");
    const auto limit_text = ex.field("limit");
    if (text.size() > app_.limits.max_text_field) throw HttpError(400, "err.field_too_long");
    if (text.find_first_not_of(" ") == std::string::npos) throw ParamError("q", "err.goods_query", text);
    std::size_t limit = 50;
    if (!limit_text.empty()) {
      bool digits = limit_text.size() <= 3 && limit_text.find_first_not_of("0123456789") == std::string::npos;
      if (!digits || std::stoul(limit_text) < 1 || std::stoul(limit_text) > 500)
        throw ParamError("limit", "err.goods_limit", limit_text);
      limit = std::stoul(limit_text);
    }
    static const std::vector<calc::GoodsWords> no_words;
    // One more than asked, to say that there are more (as the CLI).
    auto found = calc::search_goods(app_.data.factors, app_.goods_words ? *app_.goods_words : no_words, text, limit + 1);
    const bool more = found.size() > limit;
    if (more) found.pop_back();
    const auto code = calc::read_goods_code(text);
    std::string note;
    if (code && code->gtip) note = ex.t().format("goods.gtip_read", {model::format_cn(code->typed), model::format_cn(code->cn)});
    report::JsonWriter w;
    report::write_goods_json(w, text, code, found, more, note.empty() ? nullptr : &note);
    ex.json(200, w.str() + "\n");
  }
};

int import_year(Exchange& ex, const model::Firm& firm, const calc::CbamPeriod& period) {
  auto y = ex.query("year");
  if (y.empty()) return period.or_first(firm.reporting_year);
  if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos || !period.contains(std::stoi(y)))
    throw ParamError("year", "err.year", y);
  return std::stoi(y);
}

/// uncertainty=N [&seed=S] of the JSON API: the Monte Carlo of `--uncertainty N --seed S`, at most
/// 100 000 samples and 64 engine runs per request (a larger file gets its figures without ranges
/// and a note saying why); nullopt without the parameter.
std::optional<calc::UncertaintyOptions> api_uncertainty(Exchange& ex) {
  auto n = ex.query("uncertainty");
  auto seed = ex.query("seed");
  if (n.empty()) {
    if (!seed.empty()) throw InputError("seed", one_error("seed belongs to uncertainty=N"));
    return std::nullopt;
  }
  auto whole = [](const std::string& s, std::size_t max_digits) {
    return !s.empty() && s.size() <= max_digits && s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (!whole(n, 6) || std::stoull(n) < 100 || std::stoull(n) > 100000)
    throw InputError("uncertainty", one_error("uncertainty must be a number of samples from 100 to 100000"));
  calc::UncertaintyOptions u;
  u.samples = std::stoull(n);
  u.max_engine_runs = 64;
  if (!seed.empty()) {
    if (!whole(seed, 19)) throw InputError("seed", one_error("seed must be a whole number from 0 to 9999999999999999999"));
    u.seed = std::stoull(seed);
  }
  return u;
}

class ApiEmissions final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    const auto& xml = ex.body();
    if (xml.size() > app_.limits.max_upload) throw HttpError(413, "err.upload_too_large");
    auto firm = parse_firm_within_limits(app_, xml, "request");
    calc::EmissionsOptions opt;
    opt.year = import_year(ex, firm, app_.data.period);
    auto rep = calc::compute_emissions(firm, app_.data, opt);
    auto format = ex.query("format");
    auto unc = api_uncertainty(ex);
    if (unc) {
      auto ur = calc::emissions_uncertainty(firm, app_.data, opt, *unc);
      if (format == "csv") ex.send(200, "text/csv; charset=utf-8", report::uncertainty_csv(ur));
      else ex.json(200, report::with_uncertainty(report::emissions_json(rep), ur));
      return;
    }
    if (format == "csv") ex.send(200, "text/csv; charset=utf-8", report::emissions_csv(rep));
    else ex.json(200, report::emissions_json(rep));
  }
};

/// The price book of a request: price=EUR (one flat "user" scenario) or the published prices.
struct Prices {
  calc::PriceBook flat;
  const calc::PriceBook* book = nullptr;
  std::string scenario;
};

Prices request_prices(Exchange& ex, const AppContext& app) {
  Prices p;
  auto text = ex.query("price");
  std::optional<double> price;
  if (!text.empty()) {
    price = app.i18n.get("en").parse_number(text);
    if (!price) throw ParamError("price", "err.api_number", text);
    if (*price < 0) throw ParamError("price", "err.negative", text);
  }
  p.book = &price_book(price, {app.money, app.published}, p.flat);
  const auto chosen = p.book->choose_scenario(ex.query("scenario"));
  if (!chosen) {
    std::string list;
    for (const auto& n : p.book->scenarios()) list += (list.empty() ? "" : ", ") + n;
    throw ParamError("scenario", "err.scenario", ex.query("scenario"), {list});
  }
  p.scenario = *chosen;
  return p;
}

/// POST firm XML -> `greengate obligation FILE --year Y [--price P] --format json|csv`.
class ApiObligation final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    const auto& xml = ex.body();
    auto firm = parse_firm_within_limits(app_, xml, "request");
    auto y = ex.query("year");
    if (y.empty()) throw ParamError("year", "err.year_required", {}, {app_.data.period.text()});
    int year = import_year(ex, firm, app_.data.period);
    auto prices = request_prices(ex, app_);
    calc::MoneyContext mc{app_.data, app_.money, *prices.book, std::nullopt, nullptr};
    auto rep = calc::firm_obligation(mc, firm, year, prices.scenario);
    if (auto unc = api_uncertainty(ex)) {
      auto ur = calc::obligation_uncertainty(mc, firm, year, prices.scenario, *unc);
      if (ex.query("format") == "csv") ex.send(200, "text/csv; charset=utf-8", report::uncertainty_csv(ur));
      else ex.json(200, report::with_uncertainty(report::obligation_json(rep), ur));
      return;
    }
    if (ex.query("format") == "csv") ex.send(200, "text/csv; charset=utf-8", report::obligation_csv(rep));
    else ex.json(200, report::obligation_json(rep));
  }
};

/// POST firm XML -> `greengate exposure FILE [--price P] --format json|csv`.
class ApiExposure final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    const auto& xml = ex.body();
    auto firm = parse_firm_within_limits(app_, xml, "request");
    auto prices = request_prices(ex, app_);
    calc::MoneyContext mc{app_.data, app_.money, *prices.book, std::nullopt, nullptr};
    auto rep = calc::firm_exposure(mc, firm);
    if (ex.query("format") == "csv") ex.send(200, "text/csv; charset=utf-8", report::exposure_csv(rep));
    else ex.json(200, report::exposure_json(rep));
  }
};

/// POST declarations CSV -> `greengate batch FILE [--price P] --format csv|json` (summary).
class ApiBatch final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    const auto& csv = ex.body();
    auto prices = request_prices(ex, app_);
    calc::MoneyContext mc{app_.data, app_.money, *prices.book, std::nullopt, nullptr};
    calc::BatchOptions opt;
    opt.display = "request";
    opt.scenario = prices.scenario;
    opt.max_declarant_years = app_.limits.max_batch_declarant_years;
    std::size_t pos = 0;
    calc::BatchReader reader = [&](char* buf, std::size_t n) {
      auto k = std::min(n, csv.size() - pos);
      std::copy_n(csv.data() + pos, k, buf);
      pos += k;
      return k;
    };
    auto result = calc::run_batch(mc, opt, reader, {});
    if (ex.query("format") == "json") ex.json(200, report::batch_summary_json(result));
    else ex.send(200, "text/csv; charset=utf-8", report::batch_summary_csv(result));
  }
};

}  // namespace

Poco::Net::HTTPRequestHandler* Router::createRequestHandler(const Poco::Net::HTTPServerRequest& req) {
  std::string path = req.getURI().substr(0, req.getURI().find('?'));
  const auto& m = req.getMethod();
  bool get = m == HTTPRequest::HTTP_GET || m == HTTPRequest::HTTP_HEAD;
  bool post = m == HTTPRequest::HTTP_POST;
  auto route = [&](bool method_ok, std::unique_ptr<Handler> h) -> Poco::Net::HTTPRequestHandler* {
    if (method_ok) return h.release();  // Poco's factory interface: the server owns the handler
    return new NotFoundPage(app_, 405);
  };
  if (path == "/" || path == "/quick") return route(get, std::make_unique<QuickCheckPage>(app_));
  if (path == "/batch") return route(get || post, std::make_unique<BatchPage>(app_));
  if (path == "/healthz") return route(get, std::make_unique<HealthPage>(app_));
  if (path == "/help" || path.rfind("/help/", 0) == 0) return route(get, std::make_unique<HelpPage>(app_));
  if (path == "/api/v1/scope") return route(get, std::make_unique<ApiScope>(app_));
  if (path == "/api/v1/defaults") return route(get, std::make_unique<ApiDefaults>(app_));
  if (path == "/api/v1/quick-check") return route(get, std::make_unique<ApiQuickCheck>(app_));
  if (path == "/api/v1/goods") return route(get, std::make_unique<ApiGoods>(app_));
  if (path == "/api/v1/emissions") return route(post, std::make_unique<ApiEmissions>(app_));
  if (path == "/api/v1/obligation") return route(post, std::make_unique<ApiObligation>(app_));
  if (path == "/api/v1/exposure") return route(post, std::make_unique<ApiExposure>(app_));
  if (path == "/api/v1/batch") return route(post, std::make_unique<ApiBatch>(app_));
  if (auto* h = route_firm_pages(app_, m, path)) return h;
  if (auto* h = route_screening_pages(app_, m, path)) return h;
  return new NotFoundPage(app_, 404);
}

}  // namespace greengate::web
