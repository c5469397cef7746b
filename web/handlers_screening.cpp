// Grant screening (issue 6): GET/POST /screen (upload → ranked table), POST /screen/applicant
// (one decision record), POST /screen/zip (every record, index and ranked CSV as a zip).
// Parse → greengate::calc::screen / explain → render; errors go through Handler (P14): a bad call
// file is a DefinitionError, bad applicants an InputError, both 400 with file:line diagnostics.

#include <Poco/Net/HTTPRequest.h>

#include "html.hpp"
#include "i18n.hpp"
#include "render.hpp"
#include "screening.hpp"
#include "server.hpp"

namespace greengate::web {

namespace {

using Poco::Net::HTTPRequest;

/// The request's screening input: uploaded files first, else the hidden fields of a ranked page.
ScreenInput read_input(Exchange& ex) {
  ScreenInput in;
  if (const auto* f = ex.upload_of("call_file")) {
    in.call_xml = f->data;
    in.call_name = display_name(f->filename, "call.xml");
  } else if (auto xml = ex.field("call_xml"); !xml.empty()) {
    in.call_xml = xml;
    in.call_name = display_name(ex.field("call_name"), "call.xml");
  } else {
    in.call = clip(ex.field("call"), 200);
  }
  if (const auto* f = ex.upload_of("applicants_file")) {
    in.csv = f->data;
    in.csv_name = display_name(f->filename, "applicants.csv");
  } else {
    in.csv = ex.field("csv");
    in.csv_name = display_name(ex.field("csv_name"), "applicants.csv");
  }
  return in;
}

/// A state-changing screening request: CSRF checked, input read, the call screened.
ScreenInput screen_request(Exchange& ex, const AppContext& app, ScreenRun& run) {
  ex.require_csrf();
  auto in = read_input(ex);
  run_screening(app, in, run);
  return in;
}

class ScreenPage final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    ScreenView v;
    v.csrf = ex.csrf_token();
    v.calls = app_.calls;
    if (ex.req.getMethod() != HTTPRequest::HTTP_POST) {
      ex.html(200, render_screen(ex.t(), v, ex.path_query()));
      return;
    }
    ScreenRun run;
    auto in = screen_request(ex, app_, run);
    v.input = &in;
    v.run = &run;
    ex.html(200, render_screen(ex.t(), v, ex.path_query()));
  }
};

class ScreenDetail final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    ScreenRun run;
    auto in = screen_request(ex, app_, run);
    auto index = applicant_index(run, ex.field("applicant"));
    auto full = calc::explain(*run.set, run.report, index, run.options);
    ScreenView v;
    v.csrf = ex.csrf_token();
    v.calls = app_.calls;
    v.input = &in;
    v.run = &run;
    ex.html(200, render_screen_detail(ex.t(), v, full, ex.path_query()));
  }
};

class ScreenZip final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange& ex) override {
    ScreenRun run;
    auto in = screen_request(ex, app_, run);
    std::string name = "screening-";
    for (char c : run.report.call_id) name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
    ex.download("application/zip", name.substr(0, 80) + "-" + ex.lang() + ".zip", screening_zip(run, ex.lang()));
  }
};

class MethodNotAllowed final : public Handler {
 public:
  using Handler::Handler;
  void handle(Exchange&) override { throw HttpError(405, "err.method"); }
};

}  // namespace

Poco::Net::HTTPRequestHandler* route_screening_pages(const AppContext& app, const std::string& method,
                                                     const std::string& path) {
  bool get = method == HTTPRequest::HTTP_GET || method == HTTPRequest::HTTP_HEAD;
  bool post = method == HTTPRequest::HTTP_POST;
  auto pick = [&](bool ok, std::unique_ptr<Handler> h) -> Poco::Net::HTTPRequestHandler* {
    if (ok) return h.release();  // Poco's factory interface: the server owns the handler
    return new MethodNotAllowed(app);
  };
  if (path == "/screen") return pick(get || post, std::make_unique<ScreenPage>(app));
  if (path == "/screen/applicant") return pick(post, std::make_unique<ScreenDetail>(app));
  if (path == "/screen/zip") return pick(post, std::make_unique<ScreenZip>(app));
  return nullptr;
}

}  // namespace greengate::web
