// Batch page: the upload form (declarations CSV streamed to the server, optional price scenarios),
// progress lines written while a large file is processed, and the summary per declarant and year
// under each price scenario.

#include <Poco/Base64Encoder.h>

#include <sstream>

#include "greengate/report/batch_output.hpp"
#include "help.hpp"
#include "html.hpp"
#include "i18n.hpp"
#include "render.hpp"

namespace greengate::web {

namespace {

std::string data_uri_csv(const std::string& csv) {
  std::ostringstream out;
  Poco::Base64Encoder enc(out);
  enc.rdbuf()->setLineLength(0);
  enc << csv;
  enc.close();
  return "data:text/csv;charset=utf-8;base64," + out.str();
}

std::string file_part(const std::string& s) {
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
  return out.substr(0, 40);
}

}  // namespace

std::string csv_dialect_select(const Catalogue& t, const std::string& id, CsvDialect selected) {
  std::string out = "<div><label for=\"" + id + "\">" + esc(t("csv.dialect")) + "</label><select name=\"csv_dialect\" id=\"" +
                    id + "\">";
  for (auto d : {CsvDialect::excel_tr, CsvDialect::rfc4180})
    out += std::string("<option value=\"") + csv_dialect_name(d) + "\"" + (d == selected ? " selected" : "") + ">" +
           esc(t(std::string("csv.dialect.") + csv_dialect_name(d))) + "</option>";
  return out + "</select></div>";
}

std::string render_batch_form(const Catalogue& t, const BatchView& v) {
  std::string mib = std::to_string(v.max_upload / (1024 * 1024));
  return "<h1>" + esc(t("batch.title")) + "</h1><p class=\"muted\">" + esc(t("batch.intro")) + " " +
         help_link_html(t, "batch") + "</p>" +
         "<form method=\"post\" action=\"/batch\" enctype=\"multipart/form-data\" id=\"batch-form\"><fieldset>" +
         csrf_field(v.csrf) + "<div class=\"row\"><div><label for=\"f-batch\">" + esc(t("batch.file")) +
         "</label><input type=\"file\" name=\"declarations\" id=\"f-batch\" accept=\".csv,text/csv\"></div>" +
         "<div><label for=\"f-price\">" + esc(t("quick.price")) +
         "</label><input id=\"f-price\" name=\"price\" size=\"8\" maxlength=\"40\" value=\"" + esc(v.price) +
         "\" placeholder=\"" + esc(t("quick.price_placeholder")) + "\"></div>" + "<div><label for=\"f-prices\">" +
         esc(t("prices.file")) +
         "</label><input type=\"file\" name=\"prices\" id=\"f-prices\" accept=\".csv,text/csv\"></div>" +
         "<div><label><input type=\"checkbox\" name=\"fmt\" value=\"csv\" id=\"f-batch-csv\"> " +
         esc(t("batch.csv_only")) + "</label></div>" + csv_dialect_select(t, "f-batch-dialect", v.csv) +
         "<div><button type=\"submit\" id=\"batch-submit\">" + esc(t("batch.submit")) + "</button></div></div><small>" +
         esc(t.format("batch.hint", {mib})) + " " + esc(t("prices.hint")) + "</small></fieldset></form>";
}

std::string render_batch_progress(const Catalogue& t, const std::string& scenario, std::uint64_t bytes,
                                  std::uint64_t total, std::uint64_t lines) {
  double mb = static_cast<double>(bytes) / 1e6, total_mb = static_cast<double>(total) / 1e6;
  std::string max = std::to_string(total == 0 ? 1 : total);
  return "<p class=\"progress-line\"><progress value=\"" + std::to_string(std::min(bytes, total)) + "\" max=\"" + max +
         "\"></progress> " +
         esc(t.format("batch.progress", {scenario, t.number(mb, 1), t.number(total_mb, 1), t.number(static_cast<double>(lines), 0)})) +
         "</p>\n";
}

std::string render_batch_results(const Catalogue& t, const BatchView& v) {
  namespace u = greengate::units;
  std::string b;
  for (std::size_t k = 0; k < v.results.size(); ++k) {
    const auto& r = v.results[k];
    // The first scenario keeps the ids the page has always had (batch-summary, batch-cost-0 …).
    std::string sfx;
    if (k > 0) sfx = std::string("-").append(file_part(r.scenario));
    b += "<h2>" + esc(t("batch.summary")) + (v.results.size() > 1 ? " — " + esc(t.format("money.scenario", {r.scenario})) : "") +
         "</h2><p id=\"batch-counts" + sfx + "\">" +
         esc(t.format("batch.counts", {std::to_string(r.lines_read), std::to_string(r.lines_rejected), r.scenario})) + "</p>";
    b += "<table id=\"batch-summary" + sfx + "\" data-scenario=\"" + esc(r.scenario) + "\"><tr><th>" + esc(t("batch.declarant")) +
         "</th><th>" + esc(t("form.col.year")) + "</th><th>" + esc(t("batch.lines")) + "</th><th>" + esc(t("batch.mass")) +
         "</th><th>" + esc(t("batch.exempt")) + "</th><th>" + esc(t("money.embedded")) + " tCO2e</th><th>" +
         esc(t("money.faa")) + "</th><th>Art. 9</th><th>" + esc(t("money.certificates")) + "</th><th>" +
         esc(t("money.cost")) + " EUR</th><th>" + esc(t("batch.default_share")) + "</th><th>" + esc(t("batch.flags")) +
         "</th></tr>";
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
      const auto& row = r.rows[i];
      auto id = sfx + "-" + std::to_string(i);
      b += "<tr><td>" + esc(row.declarant) + "</td><td>" + std::to_string(row.year) + "</td><td class=\"n\">" +
           std::to_string(row.lines) + "</td><td class=\"n\">" + t.number(u::in_tonnes(row.mass_in_scope), 1) +
           "</td><td>" + esc(row.exempt ? t("common.yes") : t("common.no")) + "</td><td class=\"n\">" +
           t.number(u::in_tco2e(row.embedded), 1) + "</td><td class=\"n\">" + t.number(u::in_tco2e(row.faa), 1) +
           "</td><td class=\"n\">" + t.number(u::in_tco2e(row.art9), 1) + "</td><td class=\"n\" id=\"batch-cert" + id +
           "\">" + t.number(u::in_tco2e(row.certificates), 1) + "</td><td class=\"n\" id=\"batch-cost" + id + "\">" +
           t.number(units::in_eur(row.cost), 0) + "</td><td class=\"n\">" + t.percent_trimmed(row.default_share, 1) +
           "</td><td><small>" + esc(row.flags_text()) + "</small></td></tr>";
    }
    b += "</table>";
    const std::size_t total = k < v.rows_total.size() ? v.rows_total[k] : r.rows.size();
    if (total > r.rows.size()) {  // the rows were cut (kBatchRowsShown): the whole summary is the CSV
      b += "<p class=\"note\" id=\"batch-rows-shown" + sfx + "\">" +
           esc(t.format("batch.rows_shown", {std::to_string(r.rows.size()), std::to_string(total)})) + "</p>";
      continue;
    }
    b += "<p><a class=\"button\" id=\"batch-csv" + sfx + "\" download=\"cbam-batch-summary-" + file_part(r.scenario) +
         ".csv\" href=\"" + data_uri_csv(csv_in_dialect(report::batch_summary_csv(r), v.csv)) + "\">" +
         esc(t("batch.download")) + "</a> <small>" + esc(t(std::string("csv.dialect.") + csv_dialect_name(v.csv))) +
         "</small></p>";
  }
  if (!v.rejects.empty()) {
    b += "<div class=\"errors\" id=\"batch-rejects\"><strong>" + esc(t("batch.rejects")) + "</strong><ul>";
    for (const auto& rj : v.rejects)
      b += "<li>" + t.format("batch.reject", {std::to_string(rj.line), esc(rj.column), esc(rj.value), msg_text(t, rj.reason)}) +
           "</li>";
    b += "</ul></div>";
  }
  return b;
}

std::string render_batch(const Catalogue& t, const BatchView& v, const std::string& path_query) {
  return page(t, {esc(t("batch.title")), "batch", path_query}, render_batch_form(t, v) + render_batch_results(t, v));
}

}  // namespace greengate::web
