// Firm assessment, results, downloads and saved assessments.

#include <Poco/Net/HTTPRequest.h>

#include "firm_form.hpp"
#include "greengate/exchange/communication_template.hpp"
#include "greengate/report/emissions_output.hpp"
#include "greengate/report/firm_report.hpp"
#include "greengate/report/footprint_output.hpp"
#include "greengate/report/pdf_printer.hpp"
#include "greengate/report/screening_output.hpp"
#include "greengate/rules/rule_set.hpp"
#include "greengate/text/clock.hpp"
#include "html.hpp"
#include "i18n.hpp"
#include "quick_check.hpp"
#include "render.hpp"
#include "screening.hpp"
#include "server.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>

namespace greengate::web {

namespace {

using Poco::Net::HTTPRequest;

/// A firm file with its computed results (everything the results page and downloads need).
struct Assessed {
  model::Firm firm;
  calc::EmissionsReport report;
  std::optional<calc::ObligationReport> obligation;
  std::optional<calc::ExposureReport> exposure;
  std::string money_note;
  calc::PlausibilityReport plausibility;
  std::optional<calc::QualityReport> quality;  ///< with the exposure (it needs every year's price)
  std::optional<calc::UncertaintyResult> uncertainty;
  FootprintResults footprint;  ///< Scope 1/2, products, hydrogen (the engine's, as the CLI)
  std::optional<calc::UncertaintyResult> obligation_uncertainty;  ///< of the import year's certificates and cost
};

/// A rule folder of the data set, loaded on first use (nullptr when it does not load: the
/// results page then leaves out what needs it, as with the Taxonomy and quality rules).
const rules::RuleSet* lazy_rules(const AppContext& app, const std::string& folder) {
  static std::mutex m;
  static std::map<std::string, std::optional<rules::RuleSet>> sets;
  std::lock_guard<std::mutex> lock(m);
  auto it = sets.find(folder);
  if (it == sets.end()) {
    auto r = rules::load_rules(app.data_dir + "/rules/" + folder, "rules/" + folder + "/");
    if (!r.ok() && app.error) app.error->error("rules/{} not loaded:\n{}", folder, r.diagnostics().format());
    it = sets.emplace(folder, r.ok() ? std::optional<rules::RuleSet>(std::move(r).get()) : std::nullopt).first;
  }
  return it->second ? &*it->second : nullptr;
}

/// What an InputError says, with its diagnostics (file:line and message each).
std::string error_text(const InputError& e) {
  std::string s = e.what();
  if (!e.diagnostics().empty()) s += ": " + e.diagnostics().format();
  return s;
}

/// The firm's inventory, product footprints and hydrogen tests, as `greengate footprint` and
/// `greengate hydrogen` compute them for the firm's reporting year. A part the engine refuses
/// (InputError) carries the message in its place; the CBAM results do not depend on it.
FootprintResults assess_footprint(const AppContext& app, const model::Firm& firm) {
  FootprintResults f;
  // The 95 % ranges as for the SEE: 10 000 samples, seed 1, at most 64 engine runs per figure set.
  calc::UncertaintyOptions uo;
  uo.samples = 10000;
  uo.max_engine_runs = 64;
  const rules::RuleSet* fp = lazy_rules(app, "footprint");
  if (!fp) return f;
  f.available = true;
  try {
    f.inventory = calc::compute_inventory(firm, app.data, *fp, calc::InventoryOptions{});
    f.inventory_range = calc::inventory_uncertainty(firm, app.data, *fp, calc::InventoryOptions{}, uo);
  } catch (const InputError& e) {
    f.inventory_error = error_text(e);
  }
  for (const auto& p : firm.products) {
    try {
      auto pcf = calc::compute_product_footprint(firm, app.data, *fp, p.id, calc::ProductOptions{});
      f.product_ranges.push_back(calc::product_uncertainty(firm, app.data, *fp, p.id, calc::ProductOptions{}, uo));
      f.products.push_back(std::move(pcf));
    } catch (const InputError& e) {
      f.product_errors.emplace_back(p.id, error_text(e));
    }
  }
  if (!firm.hydrogen.empty()) {
    const rules::RuleSet* h2 = lazy_rules(app, "hydrogen");
    if (!h2) {
      f.hydrogen_error = "rules/hydrogen could not be loaded";
    } else {
      try {
        f.hydrogen = calc::compute_hydrogen(firm, app.data, *h2, *fp, lazy_rules(app, "taxonomy"), "",
                                            calc::HydrogenOptions{});
        f.hydrogen_range = calc::hydrogen_uncertainty(firm, app.data, *h2, *fp, lazy_rules(app, "taxonomy"), "",
                                                      calc::HydrogenOptions{}, uo);
      } catch (const InputError& e) {
        f.hydrogen_error = error_text(e);
      }
    }
  }
  return f;
}

/// The import year typed or posted: `fallback` when the field is empty, else a year of the CBAM
/// period exactly (a misspelt year is a 400 naming it, never silently the fallback).
int parse_year(const calc::CbamPeriod& period, const std::string& text, int fallback) {
  if (text.empty()) return fallback;
  if (text.size() == 4 && text.find_first_not_of("0123456789") == std::string::npos) {
    int y = std::stoi(text);
    if (period.contains(y)) return y;
  }
  throw HttpError(400, "err.year", text.substr(0, 16));
}

/// parse_firm + compute_emissions (+ obligation and exposure when prices allow); throws
/// InputError (400 with diagnostics) for a bad file.
/// `prices_csv`: an uploaded price scenarios file (calc::PriceBook::from_csv_text; InputError with
/// file:line for a bad one); it replaces the typed price.
/// The same for a firm already read (a Communication template's, whose values keep their cells).
Assessed assess_firm(const AppContext& app, const Catalogue& t, model::Firm firm, int year,
                     const std::string& price_text = {}, const std::string& prices_csv = {},
                     const std::string& prices_name = "prices.csv") {
  Assessed a{std::move(firm), {}, {}, {}, {}, {}, {}, {}, {}, {}};
  calc::EmissionsOptions opt;
  opt.year = year;
  a.report = calc::compute_emissions(a.firm, app.data, opt);
  if (app.quality) a.plausibility = calc::check_plausibility(a.firm, a.report, app.data, *app.quality);
  // The SEE's 95 % range next to it: 10 000 samples, seed 1 (reproducible), at most 64 engine
  // runs per request (a larger file gets its figures without ranges and says so).
  calc::UncertaintyOptions uo;
  uo.samples = 10000;
  uo.max_engine_runs = 64;
  a.uncertainty = calc::emissions_uncertainty(a.firm, app.data, opt, uo);
  a.footprint = assess_footprint(app, a.firm);
  if (a.firm.exports.empty()) return a;
  std::optional<double> price;
  if (!price_text.empty()) {
    price = t.parse_number(price_text);
    if (!price || *price < 0) throw HttpError(400, "err.number", price_text);
  }
  calc::PriceBook flat;
  std::optional<calc::PriceBook> uploaded;
  if (!prices_csv.empty()) uploaded = calc::PriceBook::from_csv_text(prices_csv, prices_name).get();
  const auto& book = uploaded ? *uploaded : price_book(price, {app.money, app.published}, flat);
  // The import year's certificates under the central scenario when there is one (as the API).
  const auto& scenario = book.default_scenario();
  calc::MoneyContext mc{app.data, app.money, book, std::nullopt, nullptr};
  if (book.price(scenario, year)) {
    a.obligation = calc::firm_obligation(mc, a.firm, year, scenario);
    a.obligation_uncertainty = calc::obligation_uncertainty(mc, a.firm, year, scenario, uo);  // as the SEE's
  }
  auto missing = book.missing(app.data.period.years());
  if (missing.empty()) a.exposure = calc::firm_exposure(mc, a.firm);
  if (a.exposure && app.quality)
    a.quality = calc::assess_quality(a.firm, *a.exposure, a.plausibility, app.data, *app.quality);
  if (uploaded && !missing.empty()) {
    std::string list;
    for (int y : missing) list += (list.empty() ? "" : ", ") + std::to_string(y);
    a.money_note = t.format("prices.missing_years", {prices_name, list});
  } else if (!a.obligation || !a.exposure) {
    a.money_note = t.format("money.need_price", {std::to_string(year)});
  }
  return a;
}

Assessed assess(const AppContext& app, const Catalogue& t, const std::string& xml,
                const std::string& display, int year, const std::string& price_text = {},
                const std::string& prices_csv = {}, const std::string& prices_name = "prices.csv") {
  return assess_firm(app, t, parse_firm_within_limits(app, xml, display), year, price_text, prices_csv,
                     prices_name);
}

ResultsView view_of(const Assessed& a, const std::string& xml, const std::string& price,
                    const std::string& prices_csv = {}, const std::string& prices_name = {}) {
  ResultsView v;
  v.prices_csv = prices_csv;
  v.prices_name = prices_name;
  v.report = &a.report;
  v.firm = &a.firm;
  v.obligation = a.obligation ? &*a.obligation : nullptr;
  v.exposure = a.exposure ? &*a.exposure : nullptr;
  v.plausibility = &a.plausibility;
  v.quality = a.quality ? &*a.quality : nullptr;
  v.uncertainty = a.uncertainty ? &*a.uncertainty : nullptr;
  v.footprint = &a.footprint;
  v.obligation_uncertainty = a.obligation_uncertainty ? &*a.obligation_uncertainty : nullptr;
  v.money_note = a.money_note;
  v.xml = xml;
  v.price = price;
  return v;
}

std::string data_versions(const calc::EmissionsReport& rep) {
  std::string out;
  for (const auto& v : rep.data_versions) out += (out.empty() ? "" : "; ") + v;
  return out;
}

std::string safe_filename(std::string s) {
  for (auto& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  return s.empty() ? "assessment" : s.substr(0, 60);
}

/// The signed report (report/firm_report.hpp) of an assessment, in `lang`, priced as its page:
/// an uploaded price file, else the typed price, else the published prices.
std::string report_html(const AppContext& app, const Catalogue& t, const model::Firm& firm, const std::string& xml,
                        const std::string& display, const std::string& price_text, const std::string& prices_csv,
                        const std::string& prices_name, report::Lang lang) {
  std::optional<double> price;
  if (!price_text.empty()) {
    price = t.parse_number(price_text);
    if (!price || *price < 0) throw HttpError(400, "err.number", price_text);
  }
  calc::PriceBook flat;
  std::optional<calc::PriceBook> uploaded;
  if (!prices_csv.empty()) uploaded = calc::PriceBook::from_csv_text(prices_csv, prices_name).get();
  const auto& book = uploaded ? *uploaded : price_book(price, {app.money, app.published}, flat);
  calc::MoneyContext mc{app.data, app.money, book, std::nullopt, nullptr};
  report::ReportOptions opt;
  auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  std::chrono::year_month_day ymd{now};
  opt.date = Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                  static_cast<int>(static_cast<unsigned>(ymd.day()))};
  opt.program_version = "greengate-web";
  opt.input_name = display;
  opt.input_sha256 = report::sha256_hex(xml);
  opt.quality_rules = lazy_rules(app, "quality");
  opt.footprint_rules = lazy_rules(app, "footprint");
  opt.hydrogen_rules = lazy_rules(app, "hydrogen");
  // the 95 % ranges next to the figures, as on the results page: 10 000 samples, seed 1, at most
  // 64 engine runs per result (a larger file gets its figures without ranges and says so)
  opt.uncertainty_samples = 10000;
  opt.uncertainty_max_runs = 64;
  auto rep = report::build_firm_report(firm, app.data, mc, lazy_rules(app, "taxonomy"), opt);
  return report::firm_report_html(rep, lang);
}

void send_download(Exchange& ex, const AppContext& app, const std::string& fmt, const std::string& xml,
                   const Assessed& a, const std::string& base, const std::string& prices_csv = {},
                   const std::string& price_text = {}, const std::string& prices_name = "prices.csv",
                   const std::string& saved_id = {}) {
  std::string name = safe_filename(base);
  if (fmt == "report-html" || fmt == "report-pdf") {
    // the report's language: rlang=tr|en, else the page's
    std::string lang = ex.field("rlang");
    if (lang != "tr" && lang != "en") lang = ex.lang() == "tr" ? "tr" : "en";
    auto html = report_html(app, ex.t(), a.firm, xml, base, price_text, prices_csv, prices_name,
                            lang == "tr" ? report::Lang::tr : report::Lang::en);
    if (fmt == "report-html") {
      ex.download("text/html; charset=utf-8", name + "-report-" + lang + ".html", html);
      return;
    }
    // One headless browser for the whole server (report::shared_browser(): started at the first
    // PDF, kept, started again if it dies; one print at a time). At most two requests wait for it,
    // others get a 503 rather than pile up.
    static std::atomic<int> printing{0};
    struct Slot {
      bool ok;
      Slot() : ok(printing.fetch_add(1) < 2) {}
      ~Slot() { printing.fetch_sub(1); }
    } slot;
    if (!slot.ok) throw HttpError(503, "err.report_pdf_busy");
    std::string pdf;
    try {
      pdf = report::shared_browser().print(html);
    } catch (const report::PdfError& e) {
      if (app.error) app.error->error("report PDF: {}", e.what());
      throw HttpError(503, "err.report_pdf");
    }
    ex.download("application/pdf", name + "-report-" + lang + ".pdf", pdf);
    return;
  }
  if (fmt == "xml") ex.download("application/xml; charset=utf-8", name + ".xml", xml);
  else if (fmt == "json") ex.download("application/json; charset=utf-8", name + ".json", report::emissions_json(a.report));
  else if (fmt == "csv")
    ex.download("text/csv; charset=utf-8", name + ".csv",
                csv_in_dialect(report::emissions_csv(a.report), csv_dialect(ex.field("csv_dialect"), ex.lang())));
  else if (fmt == "template") {
    // The filled template's page: what it could not hold (the CLI prints these on stderr), the
    // SEE its formulas will compute, and the download of the workbook itself (fmt=xlsx).
    exchange::TemplateExportOptions opt;
    opt.year = a.report.year;
    auto r = exchange::export_template(a.firm, app.data, opt);
    TemplateExportView v{&r.report, &r.notes, r.version, {}};
    const auto& t = ex.t();
    if (!saved_id.empty()) {
      v.download = "<a class=\"button\" id=\"dl-xlsx\" href=\"/saved/" + esc(saved_id) +
                   "/download?fmt=xlsx\">" + esc(t("download.xlsx")) + "</a>";
    } else {
      v.download = "<form method=\"post\" action=\"/download\">" + csrf_field(ex.csrf_token()) +
                   "<input type=\"hidden\" name=\"year\" value=\"" + std::to_string(a.report.year) +
                   "\"><input type=\"hidden\" name=\"price\" value=\"" + esc(price_text) +
                   "\"><input type=\"hidden\" name=\"xml\" value=\"" + esc(xml) +
                   "\"><input type=\"hidden\" name=\"fmt\" value=\"xlsx\"><button type=\"submit\" id=\"dl-xlsx\">" +
                   esc(t("download.xlsx")) + "</button></form>";
    }
    ex.html(200, render_template_export(t, v, ex.path_query()));
  }
  else if (fmt == "xlsx") {
    // The Commission's Communication template filled with the firm (docs/template.md); its own
    // formulas compute the SEE when the buyer opens it.
    exchange::TemplateExportOptions opt;
    opt.year = a.report.year;
    auto r = exchange::export_template(a.firm, app.data, opt);
    ex.download("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                name + "-communication-template.xlsx", r.xlsx);
  }
  else if (fmt == "footprint-json") {
    if (!a.footprint.inventory) throw HttpError(400, "err.footprint");
    ex.download("application/json; charset=utf-8", name + "-footprint.json", report::inventory_json(*a.footprint.inventory));
  }
  else if (fmt == "pact") {
    // One product's footprint as a PACT v3 ProductFootprint (the same export as greengate
    // footprint --format pact): created now, id a UUID v5 of the content.
    const std::string product = ex.field("product");
    auto it = std::find_if(a.footprint.products.begin(), a.footprint.products.end(),
                           [&](const calc::ProductFootprint& p) { return p.product_id == product; });
    if (it == a.footprint.products.end()) throw HttpError(400, "err.product", product.substr(0, 64));
    ex.download("application/json; charset=utf-8", name + "-" + safe_filename(product) + "-pact.json",
                report::product_pact_json(*it, {text::utc_now_rfc3339(), ""}));
  }
  else if (fmt == "html") {
    ResultsView v = view_of(a, xml, "", prices_csv);
    v.standalone = true;
    ex.download("text/html; charset=utf-8", name + "-" + ex.lang() + ".html", render_results(ex.t(), app, v, ""));
  } else {
    throw HttpError(400, "err.format");
  }
}

class FirmFormPage final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    ex.html(200, render_firm_form(ex.t(), *app_.firm_form, empty_firm_form(*app_.firm_form), ex.csrf_token(), {}, ex.path_query(), app_.data.period));
  }
};

class FirmSubmit final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    ex.require_csrf();
    auto form = form_from_fields(*app_.firm_form, [&](const std::string& n) { return ex.field(n); }, app_.limits.max_text_field);
    auto op = ex.field("op");
    if (op.rfind("add:", 0) == 0 || op.rfind("del:", 0) == 0) {
      apply_row_op(*app_.firm_form, form, op);
      ex.html(200, render_firm_form(ex.t(), *app_.firm_form, form, ex.csrf_token(), {}, ex.path_query(), app_.data.period));
      return;
    }
    // numbers as the user meant them in the page's language ("48.000" = 48 000 in Turkish)
    read_form_numbers(*app_.firm_form, form, ex.t().convention(), [&](const std::string& typed, const text::NumberRead& r) {
      return ex.t().number_error(typed, r);
    });
    auto xml = form_to_xml(*app_.firm_form, form);
    Diagnostics unplaced;
    if (!form.has_errors()) {
      auto loaded = model::parse_firm(xml.xml, "form");
      if (!loaded.ok()) place_diagnostics(*app_.firm_form, form, xml, loaded.diagnostics(), unplaced);
    }
    if (form.has_errors() || !unplaced.empty()) {
      ex.html(400, render_firm_form(ex.t(), *app_.firm_form, form, ex.csrf_token(), unplaced, ex.path_query(), app_.data.period));
      return;
    }
    auto a = assess(app_, ex.t(), xml.xml, "form", parse_year(app_.data.period, form.year, app_.data.period.first), form.price);
    ResultsView v = view_of(a, xml.xml, form.price);
    v.saved_name = form.name;
    v.csrf = ex.csrf_token();
    ex.html(200, render_results(ex.t(), app_, v, ex.path_query()));
  }
};

class FirmUpload final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    ex.require_csrf();
    const auto* upload = ex.upload_of("firm");
    if (!upload) throw HttpError(400, "err.no_file");
    const auto* file = &upload->data;
    // A filled EU Communication template (a zip archive) or a firm file.
    bool workbook = file->size() >= 4 && file->compare(0, 4, "PK\x03\x04") == 0;
    // Path-free display name: never echo a client path.
    std::string display = display_name(upload->filename, workbook ? "upload.xlsx" : "upload.xml");
    model::Firm firm;
    std::string xml;
    std::vector<calc::Gap> differences;
    if (workbook) {
      if (file->size() > app_.limits.max_workbook_upload) throw HttpError(413, "err.workbook_too_large");
      // The same importer as the CLI: every problem at its sheet and cell, as a 400.
      auto imp = exchange::import_template(*file, display, app_.data);
      if (!imp.ok()) throw InputError(imp.diagnostics.format(), imp.diagnostics);
      firm = std::move(imp.firm);
      differences = std::move(imp.differences);
      xml = model::firm_to_xml(firm);  // what the page carries on to save, edit and download
    } else {
      if (file->size() > app_.limits.max_upload) throw HttpError(413, "err.upload_too_large");
      firm = parse_firm_within_limits(app_, *file, display);
      xml = *file;
    }
    int year = parse_year(app_.data.period, ex.field("year"), app_.data.period.or_first(firm.reporting_year));
    auto price = ex.field("price");
    std::string prices_csv, prices_name;
    if (const auto* p = ex.upload_of("prices")) {
      prices_csv = p->data;
      prices_name = display_name(p->filename, "prices.csv");
    }
    auto a = assess_firm(app_, ex.t(), std::move(firm), year, price, prices_csv, prices_name);
    a.report.differences.insert(a.report.differences.begin(), differences.begin(), differences.end());
    ResultsView v = view_of(a, xml, price, prices_csv, prices_name);
    v.saved_name = a.report.firm_name;
    v.csrf = ex.csrf_token();
    ex.html(200, render_results(ex.t(), app_, v, ex.path_query()));
  }
};

/// Results again with uploaded price scenarios (or a new flat price): exposure under each scenario.
class FirmPrices final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    ex.require_csrf();
    auto xml = ex.field("xml");
    std::string prices_csv = ex.field("prices_csv");
    std::string prices_name = display_name(ex.field("prices_name"), "prices.csv");
    if (const auto* p = ex.upload_of("prices")) {
      prices_csv = p->data;
      prices_name = display_name(p->filename, "prices.csv");
    }
    auto price = clip(ex.field("price"), app_.limits.max_text_field);
    auto a = assess(app_, ex.t(), xml, "form", parse_year(app_.data.period, ex.field("year"), app_.data.period.first), price, prices_csv, prices_name);
    ResultsView v = view_of(a, xml, price, prices_csv, prices_name);
    v.saved_name = clip(ex.field("name"), app_.limits.max_text_field);
    v.csrf = ex.csrf_token();
    ex.html(200, render_results(ex.t(), app_, v, ex.path_query()));
  }
};

class FirmEdit final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    ex.require_csrf();
    std::vector<std::string> not_shown;
    auto form = form_from_xml(*app_.firm_form, ex.field("xml"), not_shown);
    show_form_numbers(*app_.firm_form, form, ex.t().convention());
    form.year = ex.field("year");
    form.price = clip(ex.field("price"), app_.limits.max_text_field);
    Diagnostics notes;
    for (const auto& n : not_shown) notes.error({}, ex.t()("form.not_shown") + " " + n);
    ex.html(200, render_firm_form(ex.t(), *app_.firm_form, form, ex.csrf_token(), notes, ex.path_query(), app_.data.period));
  }
};

class Download final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    ex.require_csrf();
    auto xml = ex.field("xml");
    auto prices_csv = ex.field("prices_csv");
    auto a = assess(app_, ex.t(), xml, "form", parse_year(app_.data.period, ex.field("year"), app_.data.period.first), ex.field("price"), prices_csv,
                    display_name(ex.field("prices_name"), "prices.csv"));
    send_download(ex, app_, ex.field("fmt"), xml, a, a.report.firm_id, prices_csv, ex.field("price"),
                  display_name(ex.field("prices_name"), "prices.csv"));
  }
};

class Save final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    ex.require_csrf();
    auto xml = ex.field("xml");
    int year = parse_year(app_.data.period, ex.field("year"), app_.data.period.first);
    auto price = clip(ex.field("price"), app_.limits.max_text_field);
    auto a = assess(app_, ex.t(), xml, "form", year, price);
    store::Assessment s;
    s.price = price;
    s.name = clip(ex.field("name"), app_.limits.max_text_field);
    if (s.name.empty()) s.name = a.report.firm_name;
    s.kind = "firm";
    s.lang = ex.lang();
    s.year = year;
    s.input = xml;
    s.result_json = report::emissions_json(a.report, false);
    s.data_versions = data_versions(a.report);
    auto id = app_.store.save(std::move(s));
    ex.redirect("/saved/" + id);
  }
};

class SavedList final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    ex.html(200, render_saved_list(ex.t(), app_.store.list(200), ex.csrf_token(), ex.path_query()));
  }
};

/// /saved/{id}[/action]
class SavedItem final : public Handler {
 public:
  SavedItem(const AppContext& app, std::string id, std::string action)
      : Handler(app), id_(std::move(id)), action_(std::move(action)) {}
  void handle(Exchange& ex) override {
    if (action_ == "duplicate" || action_ == "delete") {
      ex.require_csrf();
      if (action_ == "delete") {
        if (!app_.store.remove(id_)) throw HttpError(404, "err.not_found");
        ex.redirect("/saved");
        return;
      }
      auto orig = app_.store.get(id_);
      if (!orig) throw HttpError(404, "err.not_found");
      auto copy = app_.store.duplicate(id_, clip(ex.t().format("saved.copy_of", {orig->name}), 200));
      if (!copy) throw HttpError(404, "err.not_found");
      ex.redirect("/saved/" + *copy);
      return;
    }
    auto s = app_.store.get(id_);
    if (!s) throw HttpError(404, "err.not_found");
    if (action_ == "edit") {
      std::vector<std::string> not_shown;
      auto form = form_from_xml(*app_.firm_form, s->input, not_shown);
      show_form_numbers(*app_.firm_form, form, ex.t().convention());
      form.name = s->name;
      form.year = std::to_string(s->year);
      form.price = s->price;
      Diagnostics notes;
      for (const auto& n : not_shown) notes.error({}, ex.t()("form.not_shown") + " " + n);
      ex.html(200, render_firm_form(ex.t(), *app_.firm_form, form, ex.csrf_token(), notes, ex.path_query(), app_.data.period));
      return;
    }
    // Results are recomputed from the stored input with the data loaded now.
    auto a = assess(app_, ex.t(), s->input, "saved", s->year, s->price);
    if (action_ == "download") {
      send_download(ex, app_, ex.field("fmt"), s->input, a, s->name, {}, s->price, "prices.csv", s->id);
      return;
    }
    ResultsView v = view_of(a, s->input, s->price);
    v.saved_id = s->id;
    v.saved_name = s->name;
    v.csrf = ex.csrf_token();
    ex.html(200, render_results(ex.t(), app_, v, ex.path_query()));
  }

 private:
  std::string id_, action_;
};

bool valid_id(const std::string& id) {
  return id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

class MethodNotAllowed final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange&) override { throw HttpError(405, "err.method"); }
};

}  // namespace

Poco::Net::HTTPRequestHandler* route_firm_pages(const AppContext& app, const std::string& method,
                                                const std::string& path) {
  bool get = method == HTTPRequest::HTTP_GET || method == HTTPRequest::HTTP_HEAD;
  bool post = method == HTTPRequest::HTTP_POST;
  auto pick = [&](bool ok, std::unique_ptr<Handler> h) -> Poco::Net::HTTPRequestHandler* {
    if (ok) return h.release();
    return new MethodNotAllowed(app);
  };
  if (path == "/firm") {
    if (get) return new FirmFormPage(app);
    return pick(post, std::make_unique<FirmSubmit>(app));
  }
  if (path == "/firm/upload") return pick(post, std::make_unique<FirmUpload>(app));
  if (path == "/firm/edit") return pick(post, std::make_unique<FirmEdit>(app));
  if (path == "/firm/prices") return pick(post, std::make_unique<FirmPrices>(app));
  if (path == "/download") return pick(post, std::make_unique<Download>(app));
  if (path == "/save") return pick(post, std::make_unique<Save>(app));
  if (path == "/saved") return pick(get, std::make_unique<SavedList>(app));
  if (path.rfind("/saved/", 0) == 0) {
    auto rest = path.substr(7);
    auto slash = rest.find('/');
    std::string id = rest.substr(0, slash);
    std::string action = slash == std::string::npos ? "" : rest.substr(slash + 1);
    if (!valid_id(id)) return nullptr;
    if (action.empty() || action == "edit" || action == "download")
      return pick(get, std::make_unique<SavedItem>(app, id, action));
    if (action == "duplicate" || action == "delete")
      return pick(post, std::make_unique<SavedItem>(app, id, action));
  }
  return nullptr;
}

}  // namespace greengate::web
