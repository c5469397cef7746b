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
