#include "server.hpp"

#include <Poco/Exception.h>
#include <Poco/HMACEngine.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/RandomStream.h>
#include <Poco/SHA2Engine.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <sstream>

#include "api_json.hpp"
#include "greengate/utf8.hpp"
#include "html.hpp"

namespace greengate::web {

namespace {

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  Poco::RandomInputStream rnd;
  rnd.read(raw.data(), static_cast<std::streamsize>(raw.size()));
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : raw) {
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 0xF]);
  }
  return out;
}

bool same(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

/// Keeps the uploaded file parts (at most four), refusing more than `limit` bytes each.
class UploadPart : public Poco::Net::PartHandler {
 public:
  UploadPart(std::size_t limit, std::size_t workbook_limit, std::vector<UploadedFile>& into)
      : limit_(limit), workbook_limit_(workbook_limit), into_(into) {}
  void handlePart(const Poco::Net::MessageHeader& header, std::istream& in) override {
    std::string disp;
    Poco::Net::NameValueCollection params;
    if (header.has("Content-Disposition"))
      Poco::Net::MessageHeader::splitParameters(header["Content-Disposition"], disp, params);
    UploadedFile f{params.get("name", ""), params.get("filename", ""), {}};
    // The firm upload may be a Communication template (.xlsx); its handler holds an XML file to
    // the ordinary limit.
    const std::size_t limit = f.field == "firm" ? std::max(limit_, workbook_limit_) : limit_;
    std::array<char, 8192> buf{};
    while (in) {
      in.read(buf.data(), buf.size());
      f.data.append(buf.data(), static_cast<std::size_t>(in.gcount()));
      if (f.data.size() > limit) throw HttpError(413, "err.upload_too_large");
    }
    if (into_.size() >= 4) return;  // further parts are ignored
    into_.push_back(std::move(f));
  }

 private:
  std::size_t limit_, workbook_limit_;
  std::vector<UploadedFile>& into_;
};

}  // namespace

std::string new_error_id() { return random_hex(6); }

model::Firm parse_firm_within_limits(const AppContext& app, std::string_view xml, const std::string& display) {
  auto firm = model::parse_firm(xml, display).get();
  std::size_t processes = 0;
  for (const auto& in : firm.installations) processes += in.processes.size();
  if (processes > app.limits.max_firm_processes)
    throw HttpError(413, "err.firm_processes",
                    std::vector<std::string>{std::to_string(processes), std::to_string(app.limits.max_firm_processes)});
  if (firm.exports.size() > app.limits.max_firm_exports)
    throw HttpError(413, "err.firm_exports",
                    std::vector<std::string>{std::to_string(firm.exports.size()),
                                             std::to_string(app.limits.max_firm_exports)});
  return firm;
}

Exchange::Exchange(const AppContext& a, Poco::Net::HTTPServerRequest& rq,
                   Poco::Net::HTTPServerResponse& rs)
    : app(a), req(rq), resp(rs) {
  Poco::URI uri(req.getURI());
  path_ = uri.getPath();
  query_ = uri.getRawQuery();
  req.getCookies(cookies_);
  std::string lang;
  query_params_ = uri.getQueryParameters();  // parsed once: lang here, the fields of a GET later
  for (const auto& [k, v] : query_params_)
    if (k == "lang" && Catalogues::supported(v)) {
      lang = v;
      new_lang_cookie_ = true;
    }
  if (lang.empty() && cookies_.has("gg_lang") && Catalogues::supported(cookies_.get("gg_lang")))
    lang = cookies_.get("gg_lang");
  if (lang.empty()) lang = Catalogues::preferred(req.get("Accept-Language", ""));
  if (lang.empty()) lang = "en";
  t_ = &app.i18n.get(lang);
}

std::string Exchange::path_query() const {
  std::string q;
  std::size_t pos = 0;
  while (pos <= query_.size() && !query_.empty()) {
    auto amp = query_.find('&', pos);
    auto part = query_.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    if (part.rfind("lang=", 0) != 0 && !part.empty()) q += (q.empty() ? "" : "&") + part;
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return q.empty() ? path_ : path_ + "?" + q;
}

const std::string& Exchange::body() {
  if (body_) return *body_;
  const auto limit = app.limits.max_body;
  auto declared = req.getContentLength64();
  auto& in = req.stream();
  std::string data;
  std::array<char, 16384> buf{};
  bool too_large = declared > static_cast<Poco::Int64>(limit);
  // Read (and, when too large, drain up to a bound) so that the client sees the 413 rather than
  // a reset connection in the middle of its upload.
  std::size_t drained = 0;
  while (in) {
    in.read(buf.data(), buf.size());
    auto n = static_cast<std::size_t>(in.gcount());
    if (!too_large) {
      data.append(buf.data(), n);
      if (data.size() > limit) too_large = true;
    }
    drained += n;
    if (drained > 8 * limit) break;
  }
  if (in.bad()) {
    // The read failed (a deadline passed or the client left): never a body cut short.
    resp.setKeepAlive(false);
    throw HttpError(408, "err.timeout");
  }
  if (too_large) {
    resp.setKeepAlive(false);
    throw HttpError(413, "err.body_too_large");
  }
  body_ = std::move(data);
  return *body_;
}

namespace {
/// Runs a Poco form load; its exceptions become the 400 pages (limits, malformed form). Poco
/// reports a malformed multipart body in several ways — no boundary= parameter, a part without
/// Content-Disposition (NotFoundException), a bad header line or boundary (MessageException,
/// SyntaxException, DataFormatException …): all are the client's fault, so all are 400. Socket
/// errors and timeouts (IOException, TimeoutException) are not the form's and propagate.
template <class Load>
void load_form_or_400(Load&& load) {
  try {
    load();
  } catch (const HttpError&) {
    throw;
  } catch (const Poco::Net::HTMLFormException& e) {
    throw HttpError(400, "err.form_limits", e.message());
  } catch (const Poco::Net::MessageException& e) {
    throw HttpError(400, "err.form_malformed", e.message());
  } catch (const Poco::TimeoutException&) {
    throw;
  } catch (const Poco::Net::NetException&) {
    throw;
  } catch (const Poco::IOException&) {
    throw;
  } catch (const Poco::NotFoundException&) {
    throw HttpError(400, "err.form_malformed");
  } catch (const Poco::SyntaxException&) {
    throw HttpError(400, "err.form_malformed");
  } catch (const Poco::DataException&) {
    throw HttpError(400, "err.form_malformed");
  } catch (const Poco::InvalidArgumentException&) {
    throw HttpError(400, "err.form_malformed");
  } catch (const Poco::RangeException&) {
    throw HttpError(400, "err.form_malformed");
  }
}
}  // namespace

namespace {
/// Every field name and value is UTF-8 (pages and the store hold text only): 400 naming the
/// field otherwise. File contents carried in fields are left to their loaders, whose messages
/// give the line and column of the bad byte.
void check_field_text(const Poco::Net::HTMLForm& form) {
  for (const auto& [name, value] : form) {
    bool file = name == "xml" || name == "csv" || name == "call_xml" || name == "prices_csv";
    if (utf8::invalid_at(name) != std::string::npos || (!file && utf8::invalid_at(value) != std::string::npos))
      throw HttpError(400, "err.field_encoding", utf8::repair(name.substr(0, 64)));
  }
}
}  // namespace

void Exchange::parse_form() {
  if (form_) return;
  form_ = std::make_unique<Poco::Net::HTMLForm>();
  form_->setFieldLimit(app.limits.max_fields);
  // Poco's per-value limit must admit the firm XML carried by the save/download forms; short
  // fields are held to max_value_length below.
  form_->setValueLengthLimit(static_cast<int>(app.limits.max_upload));
  load_form_or_400([&] {
    if (req.getMethod() == Poco::Net::HTTPRequest::HTTP_GET) {
      // The query the constructor parsed already, with HTMLForm::load's field limit.
      if (app.limits.max_fields > 0 && query_params_.size() > static_cast<std::size_t>(app.limits.max_fields))
        throw Poco::Net::HTMLFormException("Too many form fields");
      for (const auto& [k, v] : query_params_) form_->add(k, v);
    } else if (req.getMethod() == Poco::Net::HTTPRequest::HTTP_POST) {
      std::istringstream in(body());
      UploadPart part(app.limits.max_upload, app.limits.max_workbook_upload, files_);
      form_->load(req, in, part);
      if (!files_.empty()) {
        upload_ = files_.front().data;
        upload_name_ = files_.front().filename;
      }
    } else {
      form_->load(req);
    }
  });
  check_field_text(*form_);
  for (const auto& [name, value] : *form_) {
    if (name.size() > 64) throw HttpError(400, "err.field_too_long", name.substr(0, 64));
    // "xml", "csv" and "call_xml" carry a whole file (bounded by max_upload above); the rest
    // are short.
    if (name != "xml" && name != "csv" && name != "call_xml" && name != "prices_csv" && value.size() > static_cast<std::size_t>(app.limits.max_value_length))
      throw HttpError(400, "err.field_too_long", name);
  }
}

const Poco::Net::HTMLForm& Exchange::form() {
  parse_form();
  return *form_;
}

std::string Exchange::field(const std::string& name) { return form().get(name, ""); }

std::string Exchange::query(const std::string& name) const {
  for (const auto& [k, v] : query_params_)
    if (k == name) return v;
  return {};
}

std::vector<std::string> Exchange::fields(const std::string& name) {
  std::vector<std::string> out;
  const auto& f = form();
  for (auto it = f.find(name); it != f.end() && it->first == name; ++it) out.push_back(it->second);
  return out;
}

const std::optional<std::string>& Exchange::upload() {
  parse_form();
  return upload_;
}

const UploadedFile* Exchange::upload_of(const std::string& name) {
  parse_form();
  for (const auto& f : files_)
    if (f.field == name && !f.data.empty()) return &f;
  return nullptr;
}

void Exchange::parse_streamed(Poco::Net::PartHandler& files, int max_fields) {
  if (form_) return;
  form_ = std::make_unique<Poco::Net::HTMLForm>();
  form_->setFieldLimit(max_fields);
  form_->setValueLengthLimit(app.limits.max_value_length);
  const auto limit = app.limits.max_batch_upload;
  if (req.getContentLength64() > static_cast<Poco::Int64>(limit + 65536)) {
    // Drain (up to a bound) so that the client sees the 413 rather than a reset connection.
    std::array<char, 65536> buf{};
    std::uint64_t drained = 0;
    auto& in = req.stream();
    while (in && drained < limit + 8 * app.limits.max_body) {
      in.read(buf.data(), buf.size());
      drained += static_cast<std::uint64_t>(in.gcount());
    }
    resp.setKeepAlive(false);
    throw HttpError(413, "err.batch_too_large", std::to_string(limit / (1024 * 1024)) + " MiB");
  }
  load_form_or_400([&] { form_->load(req, req.stream(), files); });
  check_field_text(*form_);
  for (const auto& [name, value] : *form_)
    if (name.size() > 64) throw HttpError(400, "err.field_too_long", name.substr(0, 64));
}

namespace {
/// SHA-256 with the block and digest sizes Poco's HMACEngine asks of its engine.
struct Sha256 : Poco::SHA2Engine {
  enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
  Sha256() : SHA2Engine(SHA_256) {}
};

std::string to_hex(const unsigned char* p, std::size_t n) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(hex[p[i] >> 4]);
    out.push_back(hex[p[i] & 0xF]);
  }
  return out;
}

std::string csrf_mac(const std::string& nonce, const std::string& secret) {
  Poco::HMACEngine<Sha256> hmac(secret);
  hmac.update(nonce);
  const auto& d = hmac.digest();
  return to_hex(d.data(), 16);  // 128 bits of the MAC are plenty against guessing
}

/// The "scheme://host[:port]" part of a URL (the whole text when it has no path).
std::string_view origin_of(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  auto path = url.find('/', scheme + 3);
  return url.substr(0, path);
}
}  // namespace

std::string make_csrf_token(const std::string& secret) {
  auto nonce = random_hex(16);
  return nonce + "." + csrf_mac(nonce, secret);
}

bool valid_csrf_token(const std::string& token, const std::string& secret) {
  if (token.size() != 65 || token[32] != '.') return false;
  return same(csrf_mac(token.substr(0, 32), secret), token.substr(33));
}

bool Exchange::csrf_matches(const std::string& sent) const {
  auto cookie = cookies_.get("gg_csrf", "");
  if (!same(cookie, sent)) return false;
  // Signed: a token an attacker made up (or planted as a cookie) is not one of ours.
  return app.csrf_secret.empty() ? cookie.size() == 65 : valid_csrf_token(cookie, app.csrf_secret);
}

bool Exchange::same_origin() const {
  auto matches = [&](std::string_view o) {
    if (!app.public_origin.empty()) return o == app.public_origin;
    const auto& host = req.getHost();
    return !host.empty() && (o == "http://" + host || o == "https://" + host);
  };
  if (req.has("Origin")) {
    const auto& origin = req.get("Origin");
    return origin != "null" && matches(origin);
  }
  if (req.has("Referer")) return matches(origin_of(req.get("Referer")));
  return true;
}

const std::string& Exchange::csrf_token() {
  if (!csrf_.empty()) return csrf_;
  auto existing = cookies_.get("gg_csrf", "");
  if (existing.size() == 65 && (app.csrf_secret.empty() || valid_csrf_token(existing, app.csrf_secret))) {
    csrf_ = existing;
    return csrf_;
  }
  csrf_ = app.csrf_secret.empty() ? random_hex(16) + "." + random_hex(16) : make_csrf_token(app.csrf_secret);
  Poco::Net::HTTPCookie c("gg_csrf", csrf_);
  c.setPath("/");
  c.setHttpOnly(true);
  c.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_STRICT);
  resp.addCookie(c);
  return csrf_;
}

void Exchange::require_csrf() {
  if (!same_origin()) throw HttpError(403, "err.origin");
  if (!csrf_matches(field("csrf"))) throw HttpError(403, "err.csrf");
}

void Exchange::send(int status, const std::string& content_type, const std::string& body_text) {
  set_headers(status, content_type);
  // sendBuffer writes header and body without the response stream's per-request buffers.
  resp.sendBuffer(body_text.data(), body_text.size());
}

std::ostream& Exchange::begin_stream(int status, const std::string& content_type) {
  set_headers(status, content_type);
  resp.setChunkedTransferEncoding(true);
  return resp.send();
}

void Exchange::set_headers(int status, const std::string& content_type) {
  status_ = status;
  // The reason phrase of the status (Poco's setStatus keeps "OK" for every status).
  resp.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  resp.setContentType(content_type);
  resp.set("X-Content-Type-Options", "nosniff");
  // Answers are computed per request and may hold what a user typed: never stored by a cache
  // (pages and API alike).
  resp.set("Cache-Control", "no-store");
  // Pages: no script at all (default-src 'none'), inline styles only, images from here or data:,
  // forms to here only, never framed. API answers are never rendered: nothing at all.
  resp.set("Content-Security-Policy",
           is_api() ? "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
                    : "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                      "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  resp.set("Referrer-Policy", "same-origin");
  resp.set("X-Frame-Options", "DENY");
  if (new_lang_cookie_) {
    Poco::Net::HTTPCookie c("gg_lang", lang());
    c.setPath("/");
    c.setMaxAge(365 * 24 * 3600);
    c.setHttpOnly(true);  // no script reads it (the pages have none)
    c.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_STRICT);
    resp.addCookie(c);
    new_lang_cookie_ = false;
  }
}

void Exchange::redirect(const std::string& location) {
  status_ = 303;
  resp.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_SEE_OTHER);
  resp.set("Cache-Control", "no-store");
  resp.set("Location", location);
  resp.setContentLength(0);
  resp.send();
}

void Exchange::download(const std::string& content_type, const std::string& filename,
                        const std::string& body_text) {
  resp.set("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  send(200, content_type, body_text);
}

// An error raised with a message and no diagnostics (most engine errors found while computing)
// shows its message as the one diagnostic, so that every page and API answer says what is wrong.
Diagnostics with_message(const Diagnostics& diags, const char* what) {
  if (!diags.empty()) return diags;
  Diagnostics d;
  d.error({}, what);
  return d;
}

/// A parameter problem's message in the request's language ("err.year" → "import year must be …").
std::string problem_message(const Catalogue& t, const ParamProblem& p) {
  return p.args.empty() ? t(p.key) : t.format(p.key, p.args);
}

void send_error(Exchange& ex, int status, const std::string& code, const std::string& message,
                const Diagnostics& diags, const std::vector<ParamProblem>& problems) {
  const auto& t = ex.t();
  if (ex.is_api()) {
    std::vector<ApiProblem> api;
    for (const auto& p : problems) api.push_back({p.field, p.code(), problem_message(t, p), clip(p.value, 200)});
    ex.json(status, error_json(code, message, diags, api));
    return;
  }
  std::string body = "<h1>" + esc(t("error.title." + std::to_string(status))) + "</h1>";
  body += "<div class=\"errors\" id=\"error\" role=\"alert\"><p>" + esc(message) + "</p>";
  if (!diags.empty() || !problems.empty()) {
    body += "<ul class=\"diagnostics\">";
    for (const auto& p : problems)
      body += "<li><code>" + esc(p.field) + "</code>" +
              (p.value.empty() ? "" : " <q>" + esc(clip(p.value, 200)) + "</q>") + ": " +
              esc(problem_message(t, p)) + "</li>";
    for (const auto& d : diags.items()) body += "<li><code>" + esc(d.format()) + "</code></li>";
    body += "</ul>";
  }
  body += "</div><p><a href=\"/\">" + esc(t("error.back")) + "</a></p>";
  ex.html(status, page(t, {esc(t("error.title." + std::to_string(status))), "", ex.path_query()}, body));
}

void Handler::handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) {
  auto started = std::chrono::steady_clock::now();
  std::optional<Exchange> ex;
  try {
    ex.emplace(app_, req, resp);
    handle(*ex);
  } catch (const HttpError& e) {
    if (ex && !resp.sent()) {
      std::string msg = e.args().empty() ? ex->t()(e.key()) : ex->t().format(e.key(), e.args());
      if (!e.detail().empty()) msg += ": " + e.detail();
      if (e.status() >= 400) resp.setKeepAlive(e.status() != 413 && resp.getKeepAlive());
      const auto& key = e.key();
      send_error(*ex, e.status(), key.rfind("err.", 0) == 0 ? key.substr(4) : key, msg, {});
    }
  } catch (const Poco::TimeoutException&) {
    // A read deadline passed (web/poll_socket.hpp): the request is incomplete; the connection
    // is closed after the answer.
    resp.setKeepAlive(false);
    if (ex && !resp.sent()) send_error(*ex, 408, "timeout", ex->t()("err.timeout"), {});
  } catch (const ParamError& e) {
    if (ex && !resp.sent()) send_error(*ex, 400, "parameter", ex->t()("err.parameters"), {}, e.problems());
  } catch (const InputError& e) {
    if (ex && !resp.sent())
      send_error(*ex, 400, "input", ex->t()("err.input"), with_message(e.diagnostics(), e.what()));
  } catch (const DefinitionError& e) {
    if (ex && !resp.sent())
      send_error(*ex, 400, "definition", ex->t()("err.definition"), with_message(e.diagnostics(), e.what()));
  } catch (const UnitError& e) {
    Diagnostics d;
    d.error({}, e.what());
    if (ex && !resp.sent()) send_error(*ex, 400, "unit", ex->t()("err.input"), d);
  } catch (const std::exception& e) {
    if (!ex) {
      // The request line itself could not be read (e.g. a malformed URI): nothing to render with.
      if (!resp.sent()) {
        resp.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
        resp.setContentType("text/plain; charset=utf-8");
        resp.setKeepAlive(false);
        resp.send() << "Bad request\n";
      }
      return;
    }
    auto id = random_hex(6);
    app_.error->error("error id {}: {} {}: {}", id, req.getMethod(), ex ? ex->path() : "?", e.what());
    if (ex && !resp.sent()) send_error(*ex, 500, "internal", ex->t().format("err.internal", {id}), {});
  } catch (...) {
    auto id = random_hex(6);
    app_.error->error("error id {}: {}: unknown exception", id, req.getMethod());
    if (ex && !resp.sent()) send_error(*ex, 500, "internal", ex->t().format("err.internal", {id}), {});
  }
  if (app_.access->should_log(spdlog::level::info)) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::steady_clock::now() - started).count();
    // Path only: query strings and bodies carry what users typed (STYLE P15).
    app_.access->info("{} {} {} {} {}us", req.clientAddress().host().toString(), req.getMethod(),
                      ex ? ex->path() : std::string("?"), static_cast<int>(resp.getStatus()), us);
  }
}

}  // namespace greengate::web
