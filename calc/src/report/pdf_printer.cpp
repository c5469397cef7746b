#include "greengate/report/pdf_printer.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
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
  std::string leaf = ".";
  leaf += d.filename().string();
  leaf += ".tmp-XXXXXX";
  std::string tmpl = (dir / leaf).string();
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

namespace {

[[noreturn]] void cannot_write(const std::string& path, int err) {
  std::string why = std::string("cannot write the file: ") + std::strerror(err);
  Diagnostics diags;
  diags.error({path, 0}, why);
  throw InputError(path + ": error: " + why, diags);
}

/// Writes all of `bytes` to `fd`; the errno of the first failed write, or 0.
int write_all(int fd, const std::string& bytes) {
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : EIO;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return 0;
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& bytes) {
  // A device or a pipe (-o /dev/stdout, a FIFO) cannot be replaced by a rename: it is written
  // in place, and every write is checked (/dev/full fails here, not silently).
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) cannot_write(path, errno);
    int err = write_all(fd, bytes);
    if (::close(fd) != 0 && err == 0) err = errno;
    if (err != 0) cannot_write(path, err);
    return;
  }
  // A regular file: written beside the target, flushed to the disk and renamed over it, so a
  // failed run (full disk, file size limit) leaves the target as it was and no temporary file.
  std::string tmp = temp_beside(path);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  int err = fd < 0 ? errno : write_all(fd, bytes);
  if (fd >= 0 && err == 0 && ::fsync(fd) != 0) err = errno;
  if (fd >= 0 && ::close(fd) != 0 && err == 0) err = errno;
  if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(tmp.c_str());
    cannot_write(path, err);
  }
}

namespace {

// ---- just enough JSON for the DevTools protocol's answers -----------------------------------------

std::size_t skip_ws(std::string_view s, std::size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  return i;
}

/// The end of the JSON value starting at i (npos if malformed).
std::size_t skip_value(std::string_view s, std::size_t i) {
  if (i >= s.size()) return std::string_view::npos;
  if (s[i] == '"') {
    for (++i; i < s.size(); ++i) {
      if (s[i] == '\\') ++i;
      else if (s[i] == '"') return i + 1;
    }
    return std::string_view::npos;
  }
  if (s[i] == '{' || s[i] == '[') {
    int depth = 0;
    for (; i < s.size(); ++i) {
      char c = s[i];
      if (c == '"') {
        i = skip_value(s, i);
        if (i == std::string_view::npos) return i;
        --i;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    return std::string_view::npos;
  }
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\n') ++i;
  return i;
}

/// The raw text of member `key` of the JSON object `obj` (top level only), or nullopt.
std::optional<std::string_view> member(std::string_view obj, std::string_view key) {
  std::size_t i = skip_ws(obj, 0);
  if (i >= obj.size() || obj[i] != '{') return std::nullopt;
  i = skip_ws(obj, i + 1);
  while (i < obj.size() && obj[i] == '"') {
    std::size_t kend = skip_value(obj, i);
    if (kend == std::string_view::npos) return std::nullopt;
    std::string_view k = obj.substr(i + 1, kend - i - 2);
    i = skip_ws(obj, kend);
    if (i >= obj.size() || obj[i] != ':') return std::nullopt;
    i = skip_ws(obj, i + 1);
    std::size_t vend = skip_value(obj, i);
    if (vend == std::string_view::npos) return std::nullopt;
    if (k == key) return obj.substr(i, vend - i);
    i = skip_ws(obj, vend);
    if (i < obj.size() && obj[i] == ',') i = skip_ws(obj, i + 1);
  }
  return std::nullopt;
}

void put_utf8(std::string& o, unsigned cp) {
  if (cp < 0x80) {
    o += static_cast<char>(cp);
  } else if (cp < 0x800) {
    o += static_cast<char>(0xC0 | (cp >> 6));
    o += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    o += static_cast<char>(0xE0 | (cp >> 12));
    o += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    o += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    o += static_cast<char>(0xF0 | (cp >> 18));
    o += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    o += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    o += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// A JSON string value's text (escapes decoded); nullopt if `raw` is not a string.
std::optional<std::string> string_of(std::optional<std::string_view> raw) {
  if (!raw || raw->size() < 2 || raw->front() != '"' || raw->back() != '"') return std::nullopt;
  std::string_view s = raw->substr(1, raw->size() - 2);
  std::string o;
  o.reserve(s.size());
  auto hex4 = [&](std::size_t at) -> unsigned {
    unsigned v = 0;
    for (std::size_t k = at; k < at + 4 && k < s.size(); ++k) {
      char c = s[k];
      v = v * 16 + static_cast<unsigned>(c >= '0' && c <= '9'   ? c - '0'
                                         : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                                : 0);
    }
    return v;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      o += s[i];
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 'n': o += '\n'; break;
      case 't': o += '\t'; break;
      case 'r': o += '\r'; break;
      case 'b': o += '\b'; break;
      case 'f': o += '\f'; break;
      case 'u': {
        unsigned cp = hex4(i + 1);
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < s.size() + 0 && s[i + 1] == '\\' && s[i + 2] == 'u') {
          unsigned lo = hex4(i + 3);
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        }
        put_utf8(o, cp);
        break;
      }
      default: o += c;  // \" \\ \/
    }
  }
  return o;
}

/// A JSON string literal of `s`.
std::string json_quoted(std::string_view s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
      o += static_cast<char>(c);
    } else if (c < 0x20) {
      static const char* hex = "0123456789abcdef";
      o += "\\u00";
      o += hex[c >> 4];
      o += hex[c & 15];
    } else {
      o += static_cast<char>(c);
    }
  }
  return o + "\"";
}

/// RFC 4648 base64 (the protocol's encoding of the PDF); nullopt on a character outside it.
std::optional<std::string> base64_decode(std::string_view in) {
  static const auto table = [] {
    std::array<signed char, 256> t{};
    t.fill(-1);
    const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(abc[i])] = static_cast<signed char>(i);
    return t;
  }();
  std::string out;
  out.reserve(in.size() / 4 * 3);
  unsigned acc = 0;
  int bits = 0;
  for (char ch : in) {
    if (ch == '=') break;
    int v = table[static_cast<unsigned char>(ch)];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

/// The browser went away under a print (the print may be tried again with a new one).
struct BrowserGone {
  std::string why;
};

}  // namespace

struct HeadlessBrowser::Impl {
  PdfOptions options;
  std::mutex mutex;
  pid_t pid = 0;
  int fd = -1;  ///< our end of the socket pair the browser reads (fd 3) and writes (fd 4)
  std::unique_ptr<TempDir> dir;
  std::string inbox;
  long next_id = 0;
  long pages = 0;
  std::string browser;
  std::string target, session;  ///< the page every print reuses (its renderer stays up)

  /// A page of its own (a renderer process, started once), attached to on the pipe.
  void open_page(Clock::time_point deadline) {
    auto t = string_of(member(call("Target.createTarget", "{\"url\":\"about:blank\"}", "", deadline), "targetId"));
    if (!t) throw PdfError("Chromium opened no page");
    target = *t;
    auto sid = string_of(member(
        call("Target.attachToTarget", "{\"targetId\":" + json_quoted(target) + ",\"flatten\":true}", "", deadline),
        "sessionId"));
    if (!sid) throw PdfError("Chromium did not attach to its page");
    session = *sid;
    call("Page.enable", "{}", session, deadline);
  }
  void close_page(Clock::time_point deadline) {
    if (!target.empty() && fd >= 0) {
      try {
        call("Target.closeTarget", "{\"targetId\":" + json_quoted(target) + "}", "", deadline);
      } catch (...) {
      }
    }
    target.clear();
    session.clear();
  }

  fs::path log() const { return dir->path / "chromium.log"; }

  void start() {
    browser = options.chromium;
    if (browser.empty()) {
      auto found = find_chromium();
      if (!found)
        throw PdfError(std::string("headless Chromium is needed for PDF output and was not found: ") + kInstall);
      browser = *found;
    } else if (!executable(browser)) {
      throw PdfError("'" + browser + "' is not an executable Chromium: " + kInstall);
    }
    dir = std::make_unique<TempDir>();
    // The fastest start measured (bench/report_bench.sh): the headless shell, no zygote, no GPU
    // process, no component, crash or field-trial machinery, nothing on the network.
    std::vector<std::string> args = {browser,
                                     "--headless",
                                     "--remote-debugging-pipe",
                                     "--no-sandbox",
                                     "--no-zygote",
                                     "--disable-gpu",
                                     "--in-process-gpu",
                                     "--no-first-run",
                                     "--no-default-browser-check",
                                     "--disable-extensions",
                                     "--disable-sync",
                                     "--disable-background-networking",
                                     "--disable-component-update",
                                     "--disable-breakpad",
                                     "--disable-field-trial-config",
                                     "--disable-default-apps",
                                     "--disable-dev-shm-usage",
                                     "--mute-audio",
                                     "--host-resolver-rules=MAP * ~NOTFOUND",
                                     "--user-data-dir=" + (dir->path / "profile").string(),
                                     "about:blank"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
      throw PdfError(std::string("cannot make the pipe to Chromium: ") + std::strerror(errno));
    int logfd = ::open(log().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    auto t0 = Clock::now();
    pid_t child = ::fork();
    if (child < 0) {
      int err = errno;
      ::close(sv[0]);
      ::close(sv[1]);
      if (logfd >= 0) ::close(logfd);
      if (null >= 0) ::close(null);
      throw PdfError(std::string("cannot start Chromium: ") + std::strerror(err));
    }
    if (child == 0) {
      // Only async-signal-safe calls between fork and exec (the web server has threads).
      int s = sv[1];
      if (s <= 4) s = ::fcntl(s, F_DUPFD, 10);
      if (logfd >= 0 && logfd <= 4) logfd = ::fcntl(logfd, F_DUPFD, 10);
      if (null >= 0 && null <= 4) null = ::fcntl(null, F_DUPFD, 10);
      if (null >= 0) ::dup2(null, 0);
      if (logfd >= 0) {
        ::dup2(logfd, 1);
        ::dup2(logfd, 2);
      }
      ::dup2(s, 3);
      ::dup2(s, 4);
      // nothing else of the parent (a server's sockets) reaches the browser
      if (::syscall(SYS_close_range, 5U, ~0U, 0U) != 0)
        for (int f = 5; f < 4096; ++f) ::close(f);
      ::setpgid(0, 0);  // its own process group: stopping ends the browser and its helpers
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(sv[1]);
    if (logfd >= 0) ::close(logfd);
    if (null >= 0) ::close(null);
    fd = sv[0];
    pid = child;
    inbox.clear();
    next_id = 0;
    auto deadline = Clock::now() + std::chrono::seconds(options.timeout_seconds);
    try {
      call("Browser.getVersion", "{}", "", deadline);
    } catch (const BrowserGone& g) {
      std::string why = g.why;
      stop();
      throw PdfError("Chromium (" + browser + ") " + why);
    }
    (void)t0;
  }

  bool alive() {
    if (pid <= 0) return false;
    int status = 0;
    pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == 0) return true;
    pid = 0;  // reaped (or not ours any more)
    return false;
  }

  void stop() {
    if (fd >= 0 && pid > 0) {
      std::string msg = "{\"id\":" + std::to_string(++next_id) + ",\"method\":\"Browser.close\",\"params\":{}}";
      msg.push_back('\0');
      (void)::send(fd, msg.data(), msg.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    if (fd >= 0) ::close(fd);
    fd = -1;
    if (pid > 0) {
      int status = 0;
      auto deadline = Clock::now() + std::chrono::seconds(2);
      while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (Clock::now() > deadline) {
          ::kill(-pid, SIGKILL);
          ::waitpid(pid, &status, 0);
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      ::kill(-pid, SIGKILL);  // helpers left behind, if any
    }
    pid = 0;
    dir.reset();
    inbox.clear();
    target.clear();
    session.clear();
  }

  std::string died(const std::string& what) {
    std::string tail = dir ? tail_of(log(), 5) : std::string();
    int status = 0;
    std::string how = "closed the pipe";
    if (pid > 0 && ::waitpid(pid, &status, WNOHANG) == pid) {
      how = WIFEXITED(status) ? (WEXITSTATUS(status) == 127 ? "could not be started"
                                                            : "exited with status " + std::to_string(WEXITSTATUS(status)))
                              : "was stopped by signal " + std::to_string(WTERMSIG(status));
      pid = 0;
    }
    return how + " " + what + tail;
  }

  void write_all(const std::string& msg) {
    std::size_t off = 0;
    while (off < msg.size()) {
      ssize_t n = ::send(fd, msg.data() + off, msg.size() - off, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw BrowserGone{died("while it was sent a command")};
      off += static_cast<std::size_t>(n);
    }
  }

  /// The next whole message from the browser.
  std::string next_message(Clock::time_point deadline) {
    while (true) {
      auto end = inbox.find('\0');
      if (end != std::string::npos) {
        std::string m = inbox.substr(0, end);
        inbox.erase(0, end + 1);
        return m;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) {
        std::string tail = tail_of(log(), 5);
        stop();
        throw PdfError("Chromium did not finish printing within " + std::to_string(options.timeout_seconds) + " s" +
                       tail);
      }
      pollfd p{fd, POLLIN, 0};
      int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) continue;
      char buf[65536];
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw BrowserGone{died("before it answered")};
      inbox.append(buf, static_cast<std::size_t>(n));
    }
  }

  /// Sends a command and returns its `result` object; `event`, when given, is noted if it arrives
  /// for `session` meanwhile (a page's load may come before the navigation's answer).
  std::string call(const std::string& method, const std::string& params, const std::string& sid,
                   Clock::time_point deadline, const char* event = nullptr, bool* event_seen = nullptr) {
    long id = ++next_id;
    std::string msg = "{\"id\":" + std::to_string(id) + ",\"method\":" + json_quoted(method) + ",\"params\":" + params;
    if (!sid.empty()) msg += ",\"sessionId\":" + json_quoted(sid);
    msg += "}";
    msg.push_back('\0');
    write_all(msg);
    const std::string want = std::to_string(id);
    while (true) {
      std::string m = next_message(deadline);
      auto mid = member(m, "id");
      if (!mid) {
        if (event && event_seen && string_of(member(m, "method")) == std::string(event) &&
            string_of(member(m, "sessionId")).value_or("") == sid)
          *event_seen = true;
        continue;
      }
      if (*mid != want) continue;
      if (auto err = member(m, "error")) {
        std::string text = string_of(member(*err, "message")).value_or(std::string(*err));
        throw PdfError("Chromium refused " + method + ": " + text);
      }
      auto res = member(m, "result");
      return res ? std::string(*res) : std::string("{}");
    }
  }

  void wait_event(const char* event, const std::string& sid, Clock::time_point deadline) {
    while (true) {
      std::string m = next_message(deadline);
      if (member(m, "id")) continue;
      if (string_of(member(m, "method")) == std::string(event) &&
          string_of(member(m, "sessionId")).value_or("") == sid)
        return;
    }
  }

  std::string print_once(const std::string& html, PrintTimings& t) {
    auto deadline = Clock::now() + std::chrono::seconds(options.timeout_seconds);
    auto t0 = Clock::now();
    if (!alive()) {
      stop();
      start();
      t.start_ms = ms_since(t0);
    }
    auto t1 = Clock::now();
    fs::path page = dir->path / ("page-" + std::to_string(++pages) + ".html");
    {
      std::ofstream out(page, std::ios::binary | std::ios::trunc);
      out << html;
      if (!out) throw PdfError("cannot write the temporary page " + page.string());
    }
    struct Remove {
      fs::path p;
      ~Remove() {
        std::error_code ec;
        fs::remove(p, ec);
      }
    } remove{page};
    if (session.empty()) open_page(deadline);
    std::string pdf;
    try {
      bool loaded = false;
      auto nav = call("Page.navigate", "{\"url\":" + json_quoted("file://" + fs::absolute(page).string()) + "}",
                      session, deadline, "Page.loadEventFired", &loaded);
      if (auto err = string_of(member(nav, "errorText")); err && !err->empty())
        throw PdfError("Chromium could not load the report: " + *err);
      if (!loaded) wait_event("Page.loadEventFired", session, deadline);
      t.page_ms = ms_since(t1);
      auto t2 = Clock::now();
      auto res = call("Page.printToPDF",
                      "{\"preferCSSPageSize\":true,\"printBackground\":true,\"displayHeaderFooter\":false,"
                      "\"transferMode\":\"ReturnAsBase64\"}",
                      session, deadline);
      auto data = string_of(member(res, "data"));
      if (!data) throw PdfError("Chromium returned no PDF");
      auto bytes = base64_decode(*data);
      if (!bytes) throw PdfError("Chromium returned a PDF that is not base64");
      pdf = std::move(*bytes);
      t.print_ms = ms_since(t2);
    } catch (const PdfError&) {
      close_page(deadline);  // the next print gets a fresh page
      throw;
    }
    if (pdf.compare(0, 5, "%PDF-") != 0) throw PdfError("Chromium (" + browser + ") wrote no PDF");
    return pdf;
  }
};

HeadlessBrowser::HeadlessBrowser(PdfOptions options) : impl_(new Impl) { impl_->options = std::move(options); }

HeadlessBrowser::~HeadlessBrowser() {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->stop();
  }
  delete impl_;
}

std::string HeadlessBrowser::print(const std::string& html, PrintTimings* timings) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  PrintTimings t;
  std::string pdf;
  try {
    pdf = impl_->print_once(html, t);
  } catch (const BrowserGone&) {
    // Died under the print (killed, crashed, out of memory): once more with a new browser.
    impl_->stop();
    t = {};
    try {
      pdf = impl_->print_once(html, t);
    } catch (const BrowserGone& again) {
      impl_->stop();
      throw PdfError("Chromium (" + impl_->browser + ") " + again.why);
    }
  }
  if (timings) *timings = t;
  return pdf;
}

int HeadlessBrowser::pid() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->alive() ? static_cast<int>(impl_->pid) : 0;
}

void HeadlessBrowser::stop() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->stop();
}

HeadlessBrowser& shared_browser() {
  static HeadlessBrowser browser;
  return browser;
}

void print_pdf(const std::string& html, const std::string& pdf_path, const PdfOptions& options,
               PrintTimings* timings) {
  {
    // a destination that cannot be written is bad input, said before the browser starts
    std::string probe = temp_beside(pdf_path);
    std::error_code ec;
    fs::remove(probe, ec);
  }
  std::string pdf;
  {
    HeadlessBrowser browser(options);
    pdf = browser.print(html, timings);
  }
  write_file_atomically(pdf_path, pdf);
}

}  // namespace greengate::report
