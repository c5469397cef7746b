// The PDF printer (report/pdf_printer.hpp): headless Chromium over the DevTools pipe, one browser
// kept for many prints (the web), started again when it has died, and the CLI's one-shot print
// that leaves no partial file. Needs Debian's chromium-headless-shell or chromium (scripts/setup.sh
// installs it); without one the cases say so and check the error instead.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "greengate/report/pdf_printer.hpp"

namespace gr = greengate::report;
namespace fs = std::filesystem;

namespace {
const char* kPage =
    "<!doctype html><html><head><meta charset=\"utf-8\"><style>@page{size:A4;margin:20mm}</style></head>"
    "<body><h1>Rapor İzmir</h1><p>Sayfa bir</p><p style=\"break-before:page\">Sayfa iki</p></body></html>";

int pages_of(const std::string& pdf) {
  // a printed page is one "/Type /Page" object (not "/Pages"); Chromium writes "/Type /Page\n"
  int n = 0;
  for (std::size_t at = 0; (at = pdf.find("/Type /Page", at)) != std::string::npos; at += 11)
    if (at + 11 < pdf.size() && pdf[at + 11] != 's') ++n;
  return n;
}
}  // namespace

TEST_CASE("pdf: one browser prints many reports, and is started again after it died") {
  if (!gr::find_chromium()) {
    MESSAGE("no headless Chromium on this host: only the error is checked");
    gr::HeadlessBrowser b;
    CHECK_THROWS_AS(b.print(kPage), gr::PdfError);
    return;
  }
  gr::HeadlessBrowser b;
  CHECK(b.pid() == 0);  // started lazily
  gr::PrintTimings t1, t2;
  auto a = b.print(kPage, &t1);
  CHECK(a.rfind("%PDF-", 0) == 0);
  CHECK(pages_of(a) == 2);
  int pid = b.pid();
  REQUIRE(pid > 0);
  CHECK(t1.start_ms > 0);
  auto again = b.print(kPage, &t2);
  CHECK(again.rfind("%PDF-", 0) == 0);
  CHECK(b.pid() == pid);     // the same browser
  CHECK(t2.start_ms == 0);   // no start the second time
  CHECK(t2.print_ms > 0);
  // killed behind its back (out of memory, an operator): the next print starts a new one
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
  for (int i = 0; i < 200 && ::kill(pid, 0) == 0; ++i) {
    int st = 0;
    if (::waitpid(pid, &st, WNOHANG) == pid) break;
    ::usleep(10000);
  }
  gr::PrintTimings t3;
  auto third = b.print(kPage, &t3);
  CHECK(third.rfind("%PDF-", 0) == 0);
  CHECK(b.pid() > 0);
  CHECK(b.pid() != pid);
  CHECK(t3.start_ms > 0);
  b.stop();
  CHECK(b.pid() == 0);
}

TEST_CASE("pdf: the CLI's print writes the file whole or not at all") {
  fs::path dir = fs::temp_directory_path() / ("gg-pdf-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  // a browser that is not one: PdfError, nothing written
  gr::PdfOptions bad;
  bad.chromium = "/bin/false";
  CHECK_THROWS_AS(gr::print_pdf(kPage, (dir / "x.pdf").string(), bad), gr::PdfError);
  CHECK(!fs::exists(dir / "x.pdf"));
  CHECK(fs::is_empty(dir));  // no temporary left beside it either
  // a folder that does not exist: bad input naming the path, before any browser starts
  CHECK_THROWS_AS(gr::print_pdf(kPage, (dir / "no" / "such" / "x.pdf").string()), greengate::InputError);
  if (gr::find_chromium()) {
    gr::PrintTimings t;
    gr::print_pdf(kPage, (dir / "ok.pdf").string(), {}, &t);
    std::ifstream in(dir / "ok.pdf", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(bytes.rfind("%PDF-", 0) == 0);
    CHECK(pages_of(bytes) == 2);
    CHECK(t.start_ms > 0);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
    CHECK(files == 1);
  }
  fs::remove_all(dir);
}
