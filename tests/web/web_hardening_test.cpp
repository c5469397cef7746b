// Issue 15 (hardened under load and bad input): one regression test per defect found by the
// attack-minded review, against the greengate-web child process of web_test_support.

#include <doctest/doctest.h>

#include <string>

#include "web_test_support.hpp"

using namespace greengate::webtest;

namespace {
bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

/// A firm with `processes` processes making rebar and `exports` exports of it.
std::string many_processes_firm(int processes, int exports) {
  std::string x = "<firm schema=\"greengate-firm/1\" id=\"q\" name=\"Q\" country=\"TR\" reporting-year=\"2026\">"
                  "<installation id=\"i\" name=\"I\" country=\"TR\">\n";
  for (int k = 0; k < processes; ++k)
    x += "<process id=\"p" + std::to_string(k) + "\" category=\"iron_steel_products\" output=\"100\" unit=\"t\">"
         "<stream id=\"s" + std::to_string(k) + "\" method=\"measured\" gas=\"CO2\" quantity=\"10\" unit=\"tCO2e\"/>"
         "<good cn=\"72142000\" quantity=\"100\" unit=\"t\"/></process>\n";
  x += "</installation>\n";
  for (int k = 0; k < exports; ++k)
    x += "<export cn=\"72142000\" installation=\"i\" year=\"2026\" quantity=\"1\" unit=\"t\" destination=\"IT\"/>\n";
  return x + "</firm>\n";
}
}  // namespace

TEST_CASE("Issue 15 defect 1: a firm file beyond the per-request processes or exports is a 413 naming the limit") {
  // 1001 processes (about 230 kB, under every size limit) > 1000 per request.
  auto r = post("/api/v1/emissions", many_processes_firm(1001, 1), "application/xml");
  CHECK(r.status == 413);
  CHECK(contains(r.body, "1001 production processes"));
  CHECK(contains(r.body, "at most 1000"));
  r = post("/api/v1/obligation?year=2026&price=80", many_processes_firm(1, 2001), "application/xml");
  CHECK(r.status == 413);
  CHECK(contains(r.body, "2001 export lines"));
  CHECK(contains(r.body, "at most 2000"));
  // The page route says the same in Turkish.
  Jar jar;
  auto token = csrf(jar);
  std::string ct;
  auto body = multipart_body({{"csrf", token}}, "firm", "big.xml", many_processes_firm(1001, 1), ct);
  r = post("/firm/upload?lang=tr", body, ct, &jar);
  CHECK(r.status == 413);
  CHECK(contains(r.body, "1001 üretim süreci"));
  // At the limits the request is computed (linear in processes and exports).
  r = post("/api/v1/emissions", many_processes_firm(1000, 2000), "application/xml");
  CHECK(r.status == 200);
}

TEST_CASE("Issue 15 defect 5: a second server on a port already taken refuses to start") {
  auto port = std::to_string(server_port());
  // (The port is bound before the store is opened: the state directory is never created.)
  auto r = run_program(GREENGATE_WEB_EXE, {"--port=" + port, "--state-dir=/nonexistent/greengate-test", "--access-log=off"});
  CHECK(r.rc == 69);  // EX_UNAVAILABLE
  CHECK(contains(r.output, "cannot listen on 127.0.0.1:" + port));
  CHECK(contains(r.output, "Address already in use"));
  // The first server still answers alone.
  CHECK(get("/healthz").status == 200);
}

TEST_CASE("Issue 15 defect 10: a malformed multipart body is a 400, never a 500") {
  Jar jar;
  auto token = csrf(jar);
  const std::string part = "--x\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token + "\r\n--x--\r\n";
  const std::string no_disposition = "--x\r\nContent-Type: text/plain\r\n\r\nabc\r\n--x--\r\n";
  for (const char* path : {"/firm", "/firm/upload", "/batch", "/screen", "/save"}) {
    CAPTURE(path);
    // multipart without boundary=
    CHECK(post(path, part, "multipart/form-data", &jar).status == 400);
    // a part without Content-Disposition
    CHECK(post(path, no_disposition, "multipart/form-data; boundary=x", &jar).status == 400);
    // a body that never closes its boundary
    CHECK(post(path, "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nabc", "multipart/form-data; boundary=x",
               &jar).status == 400);
  }
}

TEST_CASE("Issue 15 defect 12: status lines carry their reason, API answers are not cached") {
  auto r = raw_http("GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(r.rfind("HTTP/1.1 404 Not Found\r\n", 0) == 0);
  r = raw_http("DELETE /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(r.rfind("HTTP/1.1 405 Method Not Allowed\r\n", 0) == 0);
  r = raw_http("GET /api/v1/scope?cn=72142000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(r.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(contains(r, "\r\nCache-Control: no-store\r\n"));
  r = raw_http("GET /api/v1/scope?cn=7 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(r.rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0);
  CHECK(contains(r, "\r\nCache-Control: no-store\r\n"));
}

TEST_CASE("Issue 15 defect 12: bad server options are usage errors naming the option") {
  struct Case {
    std::string option, message;
  };
  for (const auto& c : {Case{"--threads=0", "--threads: expected a whole number from 1 to 1024 (got '0')"},
                        Case{"--max-batch-upload=-1", "--max-batch-upload: expected a whole number"},
                        Case{"--port=70000", "--port: expected a whole number from 0 to 65535"},
                        Case{"--log-level=bogus", "--log-level: expected trace, debug, info, warn, error or off (got 'bogus')"}}) {
    CAPTURE(c.option);
    auto r = run_program(GREENGATE_WEB_EXE, {c.option, "--state-dir=/nonexistent/greengate-test"});
    CHECK(r.rc == 64);  // EX_USAGE
    CHECK(contains(r.output, c.message));
  }
}

TEST_CASE("Issue 15 defect 12: a misspelt import year is a 400 naming it, not silently 2026") {
  Jar jar;
  auto token = csrf(jar);
  auto xml = read_file(source_dir() + "/examples/cement-plant.xml");
  auto r = post("/save", form_body({{"csrf", token}, {"xml", xml}, {"year", "2O27"}, {"name", "typo"}}),
                "application/x-www-form-urlencoded", &jar);
  CHECK(r.status == 400);
  CHECK(contains(r.body, "2O27"));
  // Nothing was saved under that name.
  CHECK(!contains(get("/saved", &jar).body, "typo"));
  r = post("/download", form_body({{"csrf", token}, {"xml", xml}, {"year", "2035"}, {"fmt", "json"}}),
           "application/x-www-form-urlencoded", &jar);
  CHECK(r.status == 400);
}

namespace {
/// How many HTTP responses (status lines) `raw` holds.
int responses(const std::string& raw) {
  int n = 0;
  for (auto p = raw.find("HTTP/1.1 "); p != std::string::npos; p = raw.find("HTTP/1.1 ", p + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("Issue 15 defect 4: conflicting or doubtful framing is a 400 and the connection is closed (RFC 9112 6.3)") {
  // The second request hidden in the body must never be answered.
  const std::string smuggled = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  struct Case {
    std::string name, head, status;
  };
  const std::string body = "a,b\r\n" + smuggled;
  const auto len = std::to_string(body.size());
  for (const auto& c : {
           Case{"two Content-Length", "Content-Length: 5\r\nContent-Length: " + len + "\r\n", "400 Bad Request"},
           Case{"two equal Content-Length", "Content-Length: " + len + "\r\nContent-Length: " + len + "\r\n", "400 Bad Request"},
           Case{"Content-Length and chunked", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "400 Bad Request"},
           Case{"Content-Length not a number", "Content-Length: 5x\r\n", "400 Bad Request"},
           Case{"negative Content-Length", "Content-Length: -5\r\n", "400 Bad Request"},
           Case{"signed Content-Length", "Content-Length: +5\r\n", "400 Bad Request"},
           Case{"space before the colon", "Content-Length : 5\r\n", "400 Bad Request"},
           Case{"chunked not last", "Transfer-Encoding: chunked, gzip\r\n", "400 Bad Request"},
           Case{"two Transfer-Encoding", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "400 Bad Request"},
           Case{"unknown coding", "Transfer-Encoding: gzip, chunked\r\n", "501 Not Implemented"},
           Case{"no length", "", "411 Length Required"},
       }) {
    CAPTURE(c.name);
    bool closed = false;
    auto r = raw_http("POST /api/v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n" + c.head + "\r\n" + body,
                      3000, 0, &closed);
    CHECK(r.rfind("HTTP/1.1 " + c.status + "\r\n", 0) == 0);
    CHECK(responses(r) == 1);
    CHECK(!contains(r, "store:"));  // the /healthz answer
    CHECK(contains(r, "Connection: close\r\n"));
    CHECK(closed);
  }
  SUBCASE("Transfer-Encoding in HTTP/1.0") {
    bool closed = false;
    auto r = raw_http("POST /api/v1/batch HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 3000, 0, &closed);
    CHECK(r.rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0);
    CHECK(closed);
  }
}

TEST_CASE("Issue 15 defect 4: a body the handler did not read is not taken for the next request") {
  // POST to an address that reads no body: its body holds a request; then a real second request.
  const std::string hidden = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  auto r = raw_http("POST /nothing HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(hidden.size()) + "\r\n\r\n" +
                    hidden + "GET /api/v1/scope?cn=72142000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(r.rfind("HTTP/1.1 404 Not Found\r\n", 0) == 0);
  CHECK(responses(r) == 2);
  CHECK(contains(r, "\"cn\": \"72142000\""));
  CHECK(!contains(r, "store:"));
}

TEST_CASE("Issue 15 defect 4: a chunked request body is read as its chunks say") {
  // The same declarations as one chunked body and with Content-Length give the same summary.
  const std::string csv = read_file(source_dir() + "/tests/data/batch/sectors-2026.csv");
  std::string chunked;
  for (std::size_t at = 0; at < csv.size(); at += 700) {
    auto part = csv.substr(at, 700);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", part.size());
    chunked += std::string(size) + "\r\n" + part + "\r\n";
  }
  chunked += "0\r\n\r\n";
  auto r = raw_http("POST /api/v1/batch?price=80 HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n"
                    "Connection: close\r\n\r\n" + chunked);
  REQUIRE(r.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  auto expected = post("/api/v1/batch?price=80", csv, "text/csv");
  REQUIRE(expected.status == 200);
  CHECK(r.substr(r.find("\r\n\r\n") + 4) == expected.body);
}

TEST_CASE("Issue 15 defect 3: slow and idle clients do not starve the server (tests/web/slow_clients.py)") {
  // The bounded slow-client script is its own CTest test (web.slow_clients); here only the header
  // deadline's answer to a begun header on the shared server is checked quickly: a header that
  // has not ended is answered 408 once the header timeout (10 s by default) passes — not tested
  // here for time; see slow_clients.py with --header-timeout=3.
  bool closed = false;
  auto r = raw_http("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 1500, 0, &closed);
  CHECK(r.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(!closed);  // keep-alive: the connection waits for the next request
}

TEST_CASE("Issue 15 defect 8: a saved name is cut between characters, never inside one") {
  Jar jar;
  auto token = csrf(jar);
  auto xml = read_file(source_dir() + "/examples/cement-plant.xml");
  // 198 bytes of Turkish two-byte letters ("ş" × 99) + "😀" (4 bytes) = 202 bytes: cut at 200
  // bytes would split the emoji; the cut keeps the 198 bytes of whole characters.
  std::string name;
  for (int i = 0; i < 99; ++i) name += "\xC5\x9F";
  name += "\xF0\x9F\x98\x80";
  auto r = post("/save", form_body({{"csrf", token}, {"xml", xml}, {"year", "2026"}, {"name", name}}),
                "application/x-www-form-urlencoded", &jar);
  REQUIRE(r.status == 303);
  auto page = get(r.location, &jar);
  REQUIRE(page.status == 200);
  std::string kept = name.substr(0, 198);
  CHECK(contains(page.body, kept));
  CHECK(!contains(page.body, kept + "\xF0"));
  // A duplicate's "Copy of …" name is cut the same way.
  auto id = r.location.substr(std::string("/saved/").size());
  r = post("/saved/" + id + "/duplicate", form_body({{"csrf", token}}), "application/x-www-form-urlencoded", &jar);
  REQUIRE(r.status == 303);
  auto list = get("/saved", &jar);
  CHECK(list.status == 200);
  CHECK(contains(list.body, "\xC5\x9F\xC5\x9F"));
}

TEST_CASE("Issue 15 defect 9: invalid UTF-8 is refused where it comes in, and never written out") {
  Jar jar;
  auto token = csrf(jar);
  // A form field.
  auto r = post("/save", form_body({{"csrf", token}, {"xml", read_file(source_dir() + "/examples/cement-plant.xml")},
                                    {"year", "2026"}, {"name", "Bad \xC3 name"}}),
                "application/x-www-form-urlencoded", &jar);
  CHECK(r.status == 400);
  CHECK(contains(r.body, "not UTF-8"));
  // A firm file declaring UTF-8 with a bad byte: 400 with its file:line:column.
  const std::string bad_firm = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<firm schema=\"greengate-firm/1\" id=\"f\" "
                               "name=\"\xC3\" country=\"TR\" reporting-year=\"2026\"/>\n";
  r = post("/api/v1/emissions", bad_firm, "application/xml");
  CHECK(r.status == 400);
  CHECK(contains(r.body, "\"file\": \"request\",\n      \"line\": 2,\n      \"column\": 46,"));
  CHECK(contains(r.body, "invalid UTF-8: byte 0xC3"));
  // A batch CSV line: rejected (not echoed raw); the JSON answer is valid UTF-8.
  r = post("/api/v1/batch?price=80&format=json", "declarant,year,cn_code,origin,quantity,unit\nD\xC3\x9C" "1,2026,72142000,TR,10,t\n"
           "D\xC3" "2,2026,72142000,TR,10,t\n", "text/csv");
  CHECK(r.status == 200);
  CHECK(contains(r.body, "D\xC3\x9C" "1"));
  CHECK(!contains(r.body, "D\xC3" "2"));
}

TEST_CASE("Issue 15 defect 7: absurd quantities and prices are field errors, never inf or null answers") {
  auto r = get("/api/v1/quick-check?cn=72142000&origin=TR&quantity=1e308&year=2026&price=80");
  CHECK(r.status == 400);
  CHECK(contains(r.body, "quantity"));
  r = get("/api/v1/quick-check?cn=72142000&origin=TR&quantity=10&year=2026&price=1e308");
  CHECK(r.status == 400);
  CHECK(contains(r.body, "price"));
  r = get("/?cn=72142000&origin=TR&quantity=1e308&year=2026&lang=en");
  CHECK(r.status == 400);
  CHECK(contains(r.body, "larger than any real quantity"));
  // A firm file with two streams of 1.7e308 t: 400 with file:line, not an answer with nulls.
  r = post("/api/v1/obligation?year=2026&price=80",
           "<firm schema=\"greengate-firm/1\" id=\"f\" name=\"B\" country=\"TR\" reporting-year=\"2026\">"
           "<installation id=\"i\" name=\"I\" country=\"TR\"><process id=\"p\" category=\"iron_steel_products\" output=\"100\" unit=\"t\">"
           "<stream id=\"a\" method=\"measured\" gas=\"CO2\" quantity=\"1.7e308\" unit=\"tCO2e\"/>"
           "<stream id=\"b\" method=\"measured\" gas=\"CO2\" quantity=\"1.7e308\" unit=\"tCO2e\"/>"
           "<good cn=\"72142000\" quantity=\"100\" unit=\"t\"/></process></installation>"
           "<export cn=\"72142000\" installation=\"i\" year=\"2026\" quantity=\"1\" unit=\"t\" destination=\"IT\"/></firm>",
           "application/xml");
  CHECK(r.status == 400);
  CHECK(contains(r.body, "beyond the largest CO2e mass accepted"));
  CHECK(!contains(r.body, "null"));
}

namespace {
/// A raw urlencoded POST with the CSRF cookie and extra header lines; the whole answer.
std::string raw_post(const std::string& path, const std::string& body, const std::string& cookie,
                     const std::string& headers) {
  return raw_http("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(server_port()) +
                  "\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nCookie: gg_csrf=" + cookie +
                  "\r\n" + headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}
}  // namespace

TEST_CASE("Issue 15 defect 12: CSRF tokens are signed by the server, and forms from other sites are refused") {
  Jar jar;
  auto token = csrf(jar);
  REQUIRE(token.size() == 65);  // 128-bit nonce "." 128 bits of its HMAC-SHA256
  const auto xml = read_file(source_dir() + "/examples/cement-plant.xml");
  auto save_body = [&](const std::string& t) { return form_body({{"csrf", t}, {"xml", xml}, {"year", "2026"}, {"name", "csrf test"}}); };
  // An attacker's own pair (cookie = field), old style and new style: refused.
  for (const std::string& forged : {std::string(32, 'a'), std::string(32, 'a') + "." + std::string(32, 'b'),
                                    token.substr(0, 33) + std::string(32, '0')}) {
    CAPTURE(forged);
    Jar j{{"gg_csrf", forged}};
    CHECK(post("/save", save_body(forged), "application/x-www-form-urlencoded", &j).status == 403);
  }
  const std::string self = "http://127.0.0.1:" + std::to_string(server_port());
  // The server's token, but the form came from another site (Origin), an opaque origin, or a
  // page of another site (Referer without Origin): refused.
  for (const std::string& h : {std::string("Origin: https://evil.example\r\n"), std::string("Origin: null\r\n"),
                               "Origin: " + self + ".evil.example\r\n", std::string("Referer: https://evil.example/page\r\n")}) {
    CAPTURE(h);
    auto r = raw_post("/save", save_body(token), token, h);
    CHECK(r.rfind("HTTP/1.1 403 Forbidden\r\n", 0) == 0);
  }
  // The same token from this site's own page: accepted (303 to the saved assessment).
  CHECK(raw_post("/save", save_body(token), token, "Origin: " + self + "\r\n").rfind("HTTP/1.1 303", 0) == 0);
  CHECK(raw_post("/save", save_body(token), token, "Referer: " + self + "/firm\r\n").rfind("HTTP/1.1 303", 0) == 0);
}

TEST_CASE("Issue 15: security headers on every page and answer, cookies HttpOnly and SameSite=Strict") {
  const std::string page_csp = "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'\r\n";
  auto check_headers = [](const std::string& r, bool page) {
    CHECK(contains(r, "\r\nX-Content-Type-Options: nosniff\r\n"));
    CHECK(contains(r, "\r\nX-Frame-Options: DENY\r\n"));
    CHECK(contains(r, "\r\nReferrer-Policy: same-origin\r\n"));
    CHECK(contains(r, "\r\nCache-Control: no-store\r\n"));
    CHECK(contains(r, "frame-ancestors 'none'"));
    CHECK(!contains(r, "script-src"));  // no script is allowed anywhere (default-src 'none')
    if (page) CHECK(!contains(r, "'unsafe-eval'"));
  };
  const std::string host = "Host: 127.0.0.1\r\nConnection: close\r\n";
  for (const char* path : {"/", "/quick?cn=72142000&origin=TR&quantity=10&year=2026", "/firm", "/batch", "/screen", "/saved",
                           "/healthz", "/nothing", "/saved/0123456789abcdef0123456789abcdef", "/?lang=tr"}) {
    CAPTURE(path);
    auto r = raw_http(std::string("GET ") + path + " HTTP/1.1\r\n" + host + "\r\n");
    check_headers(r, true);
    if (contains(r, "Content-Type: text/html")) CHECK(contains(r, page_csp));
  }
  for (const char* path : {"/api/v1/scope?cn=72142000", "/api/v1/scope?cn=1", "/api/v1/defaults?cn=72142000&origin=TR&year=2026"}) {
    CAPTURE(path);
    check_headers(raw_http(std::string("GET ") + path + " HTTP/1.1\r\n" + host + "\r\n"), false);
  }
  // POST error pages (403 CSRF, 400 bad form) and the plain answers of the connection loop.
  check_headers(raw_http("POST /save HTTP/1.1\r\n" + host + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=b"), true);
  check_headers(raw_http("POST /save HTTP/1.1\r\n" + host + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nab"), true);
  check_headers(raw_http("POST /save HTTP/1.1\r\n" + host + "\r\n"), true);
  // Cookies: CSRF and language, both HttpOnly and SameSite=Strict.
  auto r = raw_http("GET /firm?lang=tr HTTP/1.1\r\n" + host + "\r\n");
  for (const char* name : {"gg_csrf=", "gg_lang=tr"}) {
    auto at = r.find(std::string("Set-Cookie: ") + name);
    REQUIRE(at != std::string::npos);
    auto line = r.substr(at, r.find("\r\n", at) - at);
    CAPTURE(line);
    CHECK(contains(line, "HttpOnly"));
    CHECK(contains(line, "SameSite=Strict"));
  }
}
