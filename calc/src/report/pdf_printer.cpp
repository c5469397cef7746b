#include "greengate/report/pdf_printer.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace greengate::report {

namespace fs = std::filesystem;

namespace {

constexpr const char* kInstall =
    "install it with 'apt-get install chromium-headless-shell' (or 'chromium'; Debian 12, "
    "scripts/setup.sh does) or set GREENGATE_CHROMIUM to the browser's path";

bool executable(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

/// A private folder under $TMPDIR (or /tmp), removed when the object goes.
struct TempDir {
  fs::path path;
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/greengate-pdf-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) throw PdfError(std::string("cannot make a temporary folder: ") + std::strerror(errno));
    path = buf.data();
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

/// A file name beside `dest` that does not exist yet (created empty, mode 0644).
std::string temp_beside(const std::string& dest) {
  fs::path d(dest);
  fs::path dir = d.has_parent_path() ? d.parent_path() : fs::path(".");
  std::string tmpl = (dir / ("." + d.filename().string() + ".tmp-XXXXXX")).string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  int fd = ::mkstemp(buf.data());
  if (fd < 0) {
    Diagnostics diags;
    diags.error({dest, 0}, std::string("cannot write here: ") + std::strerror(errno));
    throw InputError(dest + ": error: cannot write here: " + std::strerror(errno), diags);
  }
  ::fchmod(fd, 0644);
  ::close(fd);
  return buf.data();
}

std::string tail_of(const fs::path& log, std::size_t max_lines) {
  std::ifstream in(log);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);)
    if (l.find("dbus") == std::string::npos && !l.empty()) lines.push_back(l);
  std::string out;
  for (std::size_t i = lines.size() > max_lines ? lines.size() - max_lines : 0; i < lines.size(); ++i)
    out += "\n  " + lines[i];
  return out;
}

}  // namespace

std::optional<std::string> find_chromium() {
  if (const char* env = std::getenv("GREENGATE_CHROMIUM"); env && *env) {
    if (executable(env)) return std::string(env);
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
  // The old headless shell (Debian chromium-headless-shell, the same sources) starts in about
  // half the time of the full browser and prints the same page.
  for (const char* name : {"chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"}) {
    std::size_t from = 0;
    while (from <= dirs.size()) {
      auto colon = dirs.find(':', from);
      std::string dir = dirs.substr(from, colon == std::string::npos ? std::string::npos : colon - from);
      if (!dir.empty() && executable(fs::path(dir) / name)) return (fs::path(dir) / name).string();
      if (colon == std::string::npos) break;
      from = colon + 1;
    }
  }
  return std::nullopt;
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
  std::string tmp = temp_beside(path);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      Diagnostics diags;
      diags.error({path, 0}, "cannot write the file");
      throw InputError(path + ": error: cannot write the file", diags);
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    Diagnostics diags;
    diags.error({path, 0}, "cannot write the file");
    throw InputError(path + ": error: cannot write the file", diags);
  }
}

void print_pdf(const std::string& html, const std::string& pdf_path, const PdfOptions& options) {
  std::string browser = options.chromium;
  if (browser.empty()) {
    auto found = find_chromium();
    if (!found) throw PdfError(std::string("headless Chromium is needed for PDF output and was not found: ") + kInstall);
    browser = *found;
  } else if (!executable(browser)) {
    throw PdfError("'" + browser + "' is not an executable Chromium: " + kInstall);
  }
  TempDir tmp;
  fs::path page = tmp.path / "report.html", log = tmp.path / "chromium.log";
  {
    std::ofstream out(page, std::ios::binary);
    out << html;
    if (!out) throw PdfError("cannot write the temporary page " + page.string());
  }
  std::string out_tmp = temp_beside(pdf_path);
  auto discard = [&] {
    std::error_code ec;
    fs::remove(out_tmp, ec);
  };
  std::vector<std::string> args = {browser,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--no-default-browser-check",
                                   "--disable-extensions",
                                   "--disable-sync",
                                   "--disable-background-networking",
                                   "--disable-default-apps",
                                   "--mute-audio",
                                   "--host-resolver-rules=MAP * ~NOTFOUND",
                                   "--user-data-dir=" + (tmp.path / "profile").string(),
                                   "--no-pdf-header-footer",
                                   "--print-to-pdf=" + fs::absolute(out_tmp).string(),
                                   "file://" + fs::absolute(page).string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    discard();
    throw PdfError(std::string("cannot start Chromium: ") + std::strerror(errno));
  }
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int null = ::open("/dev/null", O_RDONLY);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    if (null >= 0) ::dup2(null, 0);
    ::setpgid(0, 0);  // its own process group: a timeout ends the browser and its helpers
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.timeout_seconds);
  int status = 0;
  while (true) {
    pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      discard();
      throw PdfError("Chromium did not finish printing within " + std::to_string(options.timeout_seconds) + " s" +
                     tail_of(log, 5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::string head;
  {
    std::ifstream in(out_tmp, std::ios::binary);
    char buf[5] = {};
    in.read(buf, 5);
    head.assign(buf, static_cast<std::size_t>(in.gcount()));
  }
  bool exited_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!exited_ok || head != "%PDF-") {
    discard();
    std::string why = WIFEXITED(status) ? (WEXITSTATUS(status) == 127 ? "could not be started"
                                                                       : "exited with status " + std::to_string(WEXITSTATUS(status)))
                                        : "was stopped by a signal";
    throw PdfError("Chromium (" + browser + ") " + (exited_ok ? "wrote no PDF" : why) + tail_of(log, 5));
  }
  std::error_code ec;
  fs::rename(out_tmp, pdf_path, ec);
  if (ec) {
    discard();
    throw PdfError("cannot move the PDF into place at " + pdf_path + ": " + ec.message());
  }
}

}  // namespace greengate::report
