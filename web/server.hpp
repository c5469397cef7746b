#pragma once
// The HTTP side: shared application state, the per-request Exchange (language, cookies, CSRF,
// bounded body and form parsing, responses), the handler base class that maps every error to a
// response in exactly one place (STYLE P14), and the request-handler factory (routing).

#include <Poco/Net/HTMLForm.h>
#include <Poco/URI.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>
#include <spdlog/logger.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "greengate/calc/dataset.hpp"
#include "greengate/calc/goods_search.hpp"
#include "greengate/calc/obligation.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/rules/rule_set.hpp"
#include "greengate/store/assessment_store.hpp"
#include "firm_form.hpp"
#include "i18n.hpp"

namespace greengate::web {

class QuickJsonCache;

struct Limits {
  std::size_t max_body = 2 * 1024 * 1024;    ///< any request body, bytes (413 above)
  std::size_t max_upload = 1024 * 1024;      ///< one uploaded file, bytes (413 above)
  /// An uploaded EU Communication template (.xlsx, about 1.3 MB) in the firm upload, bytes (413
  /// above); the request body limit bounds it too.
  std::size_t max_workbook_upload = 2 * 1024 * 1024;
  int max_fields = 2000;                     ///< form fields per request (400 above)
  int max_value_length = 4096;               ///< one form value, bytes (400 above)
  std::size_t max_text_field = 200;          ///< short text inputs (400 above)
  /// The batch page's declarations file, streamed to a temporary file (413 above);
  /// --max-batch-upload (MiB).
  std::uint64_t max_batch_upload = 256ull * 1024 * 1024;
  /// Production processes and export lines of one firm file computed in one request (413
  /// above): the engine is N log N in them, and these bound a request's time and memory
  /// (docs/security.md).
  std::size_t max_firm_processes = 1000;
  std::size_t max_firm_exports = 2000;
  /// Pairs of declarant and import year in one batch run (400 above): a run holds about 1.1 kB
  /// per pair, so this bounds a batch request's memory whatever the upload (docs/security.md).
  std::size_t max_batch_declarant_years = 50'000;
};

/// One uploaded file of a multipart form.
struct UploadedFile {
  std::string field;     ///< the form field's name
  std::string filename;  ///< as the browser sent it (may hold a client path: never echo raw)
  std::string data;
};

struct BundledCall {
  std::string file;   ///< name in rules/calls/ ("izmir-green-transition-2026.xml")
  std::string id, label;
  rules::RuleSet set;  ///< the call with the Taxonomy rules
};

/// Shared, read-only after start-up (the store is internally synchronised).
struct AppContext {
  const calc::Dataset& data;
  store::AssessmentStore& store;
  const Catalogues& i18n;
  const rules::RuleSet& money;        ///< rules/cbam/money.xml
  const calc::PriceBook& published;   ///< published certificate prices (factor library)
  Limits limits;
  std::shared_ptr<spdlog::logger> access;
  std::shared_ptr<spdlog::logger> error;
  std::string cn_datalist;       ///< <datalist> of every good, built once
  std::string country_datalist;  ///< <datalist> of countries with default values
  std::string data_dir;          ///< folder with factors/, rules/ and examples/
  /// Grant calls bundled under rules/calls/, loaded once with the Taxonomy rules (screening).
  const std::vector<BundledCall>* calls = nullptr;
  /// The quick-check answers' parts per good (see QuickJsonCache); nullptr: none.
  QuickJsonCache* quick_cache = nullptr;
  /// Key of the CSRF tokens (64 hex digits; the store's shared secret, so that instances on one
  /// database accept each other's tokens). Empty: tokens are not signed (tests of pure parts).
  std::string csrf_secret;
  /// The site's origin as browsers see it ("https://cbam.example.org"), when a reverse proxy
  /// changes the Host header; empty: "http(s)://" + the request's Host.
  std::string public_origin;
  /// rules/quality (plausibility thresholds, data-quality method); nullptr: results show neither.
  const rules::RuleSet* quality = nullptr;
  /// The goods' search words (factors/goods-words-*.xml), loaded once with the data; nullptr:
  /// the goods search finds by code and description only.
  const std::vector<calc::GoodsWords>* goods_words = nullptr;
  /// The firm form, its selects filled from `data` (form_choices), built once at start.
  const FirmFormDef* firm_form = nullptr;
};

/// A CSRF token signed with `secret`: 128 random bits and their HMAC-SHA256 (truncated to 128
/// bits), as "nonce.mac" in hex (65 characters).
std::string make_csrf_token(const std::string& secret);
/// True when `token` is one make_csrf_token(secret) made (constant-time comparison).
bool valid_csrf_token(const std::string& token, const std::string& secret);

/// An error that becomes an HTTP status with a catalogue message (and escaped detail).
class HttpError : public std::exception {
 public:
  HttpError(int status, std::string key, std::string detail = {})
      : status_(status), key_(std::move(key)), detail_(std::move(detail)) {}
  /// A catalogue message with parameters ({0}, {1} … in the message).
  HttpError(int status, std::string key, std::vector<std::string> args)
      : status_(status), key_(std::move(key)), args_(std::move(args)) {}
  int status() const { return status_; }
  const std::string& key() const { return key_; }
  const std::string& detail() const { return detail_; }
  const std::vector<std::string>& args() const { return args_; }
  const char* what() const noexcept override { return key_.c_str(); }

 private:
  int status_;
  std::string key_, detail_;
  std::vector<std::string> args_;
};

/// One wrong request parameter: the query or form field, a catalogue key and its arguments. The
/// key without its "err." prefix is the stable code API clients read ("cn_format").
struct ParamProblem {
  std::string field;
  std::string key;
  std::vector<std::string> args;
  std::string value;  ///< as sent (shown escaped and clipped), "" when the field was missing
  std::string code() const { return key.rfind("err.", 0) == 0 ? key.substr(4) : key; }
};

/// Wrong request parameters, all of them (400): pages list each message in the page's language
/// ("cn: give an 8-digit CN code …"), the API answers each as {"field","code","message"}.
class ParamError : public std::exception {
 public:
  explicit ParamError(std::vector<ParamProblem> problems) : problems_(std::move(problems)) {}
  ParamError(std::string field, std::string key, std::string value = {}, std::vector<std::string> args = {})
      : problems_{ParamProblem{std::move(field), std::move(key), std::move(args), std::move(value)}} {}
  const std::vector<ParamProblem>& problems() const { return problems_; }
  const char* what() const noexcept override { return "invalid request parameters"; }

 private:
  std::vector<ParamProblem> problems_;
};

class Exchange {
 public:
  Exchange(const AppContext& app, Poco::Net::HTTPServerRequest& req,
           Poco::Net::HTTPServerResponse& resp);

  const AppContext& app;
  Poco::Net::HTTPServerRequest& req;
  Poco::Net::HTTPServerResponse& resp;

  const Catalogue& t() const { return *t_; }
  const std::string& lang() const { return t_->code(); }
  const std::string& path() const { return path_; }
  /// Path and query without lang= (for the language switch links).
  std::string path_query() const;
  bool is_api() const { return path_.rfind("/api/", 0) == 0; }

  /// Query parameter (GET) or form field (POST), "" when absent. Parses the body on first use,
  /// within the limits (413 for body or upload size, 400 for field count or length).
  std::string field(const std::string& name);
  /// A query-string parameter only (never reads the body): for API calls whose body is a file.
  std::string query(const std::string& name) const;
  std::vector<std::string> fields(const std::string& name);
  const Poco::Net::HTMLForm& form();
  /// The uploaded file of a multipart form (nullopt when none): the first file part.
  const std::optional<std::string>& upload();
  const std::string& upload_name() const { return upload_name_; }
  /// The uploaded file of field `name` (nullptr when none or empty).
  const UploadedFile* upload_of(const std::string& name);
  /// Parses a multipart form straight from the request stream (no body buffer): file parts go
  /// to `files`; other fields are held to max_value_length, at most `max_fields` of them. For
  /// uploads larger than max_body (the batch page).
  void parse_streamed(Poco::Net::PartHandler& files, int max_fields);
  /// The form fields read so far (during parse_streamed: those before the current file part).
  const Poco::Net::HTMLForm* partial_form() const { return form_.get(); }
  /// True when `sent` is this browser's CSRF cookie and the cookie a token of this server
  /// (constant-time comparisons).
  bool csrf_matches(const std::string& sent) const;
  /// False when the request carries an Origin (or, without one, a Referer) of another site, or
  /// the opaque origin "null"; true when it carries neither (not a browser's cross-site form).
  bool same_origin() const;
  /// The raw body (for the JSON API's XML bodies), bounded by max_body.
  const std::string& body();

  /// The CSRF token of this browser (double-submit cookie), set on the response if new.
  const std::string& csrf_token();
  /// 403 unless the request comes from this site (same_origin) and the form's csrf field equals
  /// the cookie, a token of this server (csrf_matches).
  void require_csrf();

  void send(int status, const std::string& content_type, const std::string& body);
  void html(int status, const std::string& body) { send(status, "text/html; charset=utf-8", body); }
  void json(int status, const std::string& body) { send(status, "application/json; charset=utf-8", body); }
  void redirect(const std::string& location);
  void download(const std::string& content_type, const std::string& filename, const std::string& body);
  /// Starts a chunked response (page headers as in send) and returns its stream: for pages that
  /// write progress while they work. Errors after this point must be written into the page.
  std::ostream& begin_stream(int status, const std::string& content_type);
  int status_sent() const { return status_; }

 private:
  void parse_form();
  void set_headers(int status, const std::string& content_type);
  const Catalogue* t_;
  std::string path_, query_;
  Poco::URI::QueryParameters query_params_;
  Poco::Net::NameValueCollection cookies_;
  std::unique_ptr<Poco::Net::HTMLForm> form_;
  std::optional<std::string> upload_;
  std::string upload_name_;
  std::vector<UploadedFile> files_;
  std::optional<std::string> body_;
  std::string csrf_;
  bool new_lang_cookie_ = false;
  int status_ = 0;
};

/// Base of every page and API handler: builds the Exchange, calls handle(), and is the only place
/// where exceptions become responses: HttpError -> its status; InputError/DefinitionError/
/// UnitError -> 400 with the escaped diagnostics; anything else -> 500 with a generic page and an
/// error id in the log. Also writes the access log line.
class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(const AppContext& app) : app_(app) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) final;

 protected:
  virtual void handle(Exchange& ex) = 0;
  const AppContext& app_;
};

class Router : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Router(const AppContext& app) : app_(app) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& req) override;

 private:
  const AppContext& app_;
};

/// model::parse_firm(xml, display).get() (InputError for a bad file), then 413 naming the limit
/// when the firm has more processes or exports than Limits lets one request compute.
model::Firm parse_firm_within_limits(const AppContext& app, std::string_view xml, const std::string& display);

/// `diags`, or when it is empty (an error raised with a message only) that message as the one
/// diagnostic: every page and API answer says what is wrong.
Diagnostics with_message(const Diagnostics& diags, const char* what);

/// A random id for a logged 500 (shown to the user, who can quote it).
std::string new_error_id();

/// Renders an error page / JSON error body (also used for validation failures): `message` in the
/// request's language, `code` the stable code of the whole answer ("input", "definition",
/// "not_found" …), every diagnostic and every parameter problem shown.
void send_error(Exchange& ex, int status, const std::string& code, const std::string& message,
                const Diagnostics& diags, const std::vector<ParamProblem>& problems = {});

}  // namespace greengate::web

namespace greengate::web {
/// Routes of the firm assessment, results, downloads and saved assessments (handlers_firm.cpp);
/// nullptr when `path` is none of them.
Poco::Net::HTTPRequestHandler* route_firm_pages(const AppContext& app, const std::string& method,
                                                const std::string& path);
/// Routes of the grant screening pages (handlers_screening.cpp); nullptr when none of them.
Poco::Net::HTTPRequestHandler* route_screening_pages(const AppContext& app, const std::string& method,
                                                     const std::string& path);
}  // namespace greengate::web
