// greengate-web — the web face of the GreenGate engine (STYLE.md P16).
//
// Start-up phases: options, logging, data (loaded once, shared read-only by request threads),
// message catalogues, store (migrated), HTTP server; then wait for SIGINT/SIGTERM and stop.

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include "greengate/rules/rule_set.hpp"
#include <spdlog/spdlog.h>

#include <malloc.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "access_log_sink.hpp"
#include "http_server.hpp"
#include "greengate/calc/dataset.hpp"
#include "greengate/calc/goods_search.hpp"
#include "greengate/store/assessment_store.hpp"
#include "i18n.hpp"
#include "poll_socket.hpp"
#include "render.hpp"
#include "screening.hpp"
#include "quick_check.hpp"
#include "server.hpp"

namespace fs = std::filesystem;

namespace greengate::web {
namespace {

// Writable state (the SQLite file): --state-dir, $GREENGATE_STATE_DIR, $XDG_STATE_HOME/greengate,
// ~/.local/state/greengate. Never inside factors/ or rules/.
std::string find_state_dir(const std::string& option) {
  if (!option.empty()) return option;
  if (const char* env = std::getenv("GREENGATE_STATE_DIR"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) return std::string(xdg) + "/greengate";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/state/greengate";
  return "greengate-state";
}

class WebApp final : public Poco::Util::ServerApplication {
 protected:
  void defineOptions(Poco::Util::OptionSet& options) override {
    ServerApplication::defineOptions(options);
    using Poco::Util::Option;
    auto opt = [&](const char* name, const char* arg, const char* help) {
      Option o(name, "", help, false);
      o.repeatable(false);
      if (arg) o.argument(arg);
      options.addOption(o);
    };
    opt("help", nullptr, "show this help");
    opt("version", nullptr, "print the program and data versions");
    opt("bind", "ADDR", "address to listen on (default 127.0.0.1)");
    opt("port", "PORT", "port to listen on (default 8080; 0 = any free port, see --port-file)");
    opt("db", "DB", "database: postgresql://… (libpq URI) or sqlite:PATH "
                    "(default: sqlite in the state directory)");
    opt("data-dir", "DIR", "folder holding factors/ and rules/ (default: as the CLI finds it)");
    opt("state-dir", "DIR", "writable folder for the SQLite database "
                            "(default $GREENGATE_STATE_DIR or ~/.local/state/greengate)");
    opt("log-level", "LEVEL", "trace, debug, info (default), warn, error, off");
    opt("access-log", "FILE", "access log file, '-' for stdout (default) or 'off'");
    opt("error-log", "FILE", "error log file, '-' for stderr (default)");
    opt("threads", "N", "request threads (default 64; one per connection being served)");
    opt("header-timeout", "SECONDS", "a whole request header must arrive within this time (default 10)");
    opt("idle-timeout", "SECONDS", "keep-alive: longest wait for a connection's next request (default 10)");
    opt("max-client-connections", "N", "open connections per client address (default 32; 0 = no "
                                       "cap, for a server behind a reverse proxy)");
    opt("port-file", "FILE", "write the port actually bound to FILE once listening");
    opt("max-batch-upload", "MIB", "largest declarations file on the batch page, MiB (default 256)");
    opt("public-origin", "URL", "the site's origin as browsers see it (https://host[:port]) when a "
                                "reverse proxy changes the Host header; forms from other origins are refused");
    opt("reuse-port", nullptr, "share the port with other servers already listening on it "
                               "(SO_REUSEPORT; the kernel splits connections between them). "
                               "Without it a taken port is an error");
  }

  void handleOption(const std::string& name, const std::string& value) override {
    ServerApplication::handleOption(name, value);
    if (name == "help") {
      help_ = true;
      stopOptionsProcessing();
      return;
    }
    if (name == "version") version_ = true;
    options_[name] = value;
  }

  std::string opt(const std::string& name, const std::string& fallback = "") const {
    auto it = options_.find(name);
    return it == options_.end() ? config().getString("greengate.web." + name, fallback) : it->second;
  }

  /// A whole-number option in [lo, hi]; anything else (text, sign, overflow) is a usage error.
  long long int_opt(const std::string& name, long long fallback, long long lo, long long hi) const {
    auto text = opt(name);
    if (text.empty()) return fallback;
    long long v = 0;
    bool digits = text.size() <= 18 && text.find_first_not_of("0123456789") == std::string::npos;
    if (digits) v = std::stoll(text);
    if (!digits || v < lo || v > hi)
      throw UsageError("--" + name + ": expected a whole number from " + std::to_string(lo) + " to " +
                       std::to_string(hi) + " (got '" + text + "')");
    return v;
  }

  struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
  };

  int main(const std::vector<std::string>&) override {
    if (help_) {
      Poco::Util::HelpFormatter hf(options());
      hf.setCommand("greengate-web");
      hf.setUsage("[options]");
      hf.setHeader("greengate-web: the GreenGate CBAM calculator as a web application.");
      hf.format(std::cout);
      return EXIT_OK;
    }
    if (version_) {
      std::cout << "greengate-web 0.1.0\n";
      auto dir = calc::find_data_dir(opt("data-dir"));
      auto loaded = calc::load_dataset(dir);
      if (!loaded.ok()) {
        std::cout << "data: " << dir << " (cannot be loaded)\n";
        return EXIT_OK;
      }
      const calc::Dataset data = std::move(loaded).get();
      std::cout << "data: " << dir << "\n";
      for (const auto& v : data.factors.table_versions()) std::cout << "  factors " << v << "\n";
      std::cout << "  cbam-scope " << data.scope.version() << "\n";
      return EXIT_OK;
    }
    // ---- options: every value checked before anything starts --------------------------------
    int threads = 0, port = 0, header_timeout = 0, idle_timeout = 0, max_client = 0;
    std::uint64_t max_batch_mib = 0;
    auto level = spdlog::level::info;
    try {
      threads = static_cast<int>(int_opt("threads", 64, 1, 1024));
      port = static_cast<int>(int_opt("port", 8080, 0, 65535));
      header_timeout = static_cast<int>(int_opt("header-timeout", 10, 1, 3600));
      idle_timeout = static_cast<int>(int_opt("idle-timeout", 10, 1, 3600));
      max_client = static_cast<int>(int_opt("max-client-connections", 32, 0, 1'000'000));
      max_batch_mib = static_cast<std::uint64_t>(int_opt("max-batch-upload", 256, 1, 1024 * 1024));
      auto level_text = opt("log-level", "info");
      level = spdlog::level::from_str(level_text);
      // from_str answers "off" for any unknown word: only the word "off" itself means off.
      if (level == spdlog::level::off && level_text != "off")
        throw UsageError("--log-level: expected trace, debug, info, warn, error or off (got '" + level_text + "')");
    } catch (const UsageError& e) {
      std::cerr << "greengate-web: " << e.what() << "\n";
      return EXIT_USAGE;
    }
    // ---- logging: the front end owns the sinks (STYLE P15) -----------------------------------
    auto error_target = opt("error-log", "-");
    spdlog::sink_ptr err_sink;
    if (error_target == "-") err_sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    else err_sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(error_target);
    auto error_log = std::make_shared<spdlog::logger>("greengate.web.error", err_sink);
    error_log->set_level(level);
    error_log->flush_on(spdlog::level::warn);
    spdlog::register_logger(error_log);
    auto calc_log = std::make_shared<spdlog::logger>("greengate.calc", err_sink);
    calc_log->set_level(level);
    spdlog::register_logger(calc_log);
    auto access_target = opt("access-log", "-");
    spdlog::sink_ptr acc_sink;
    // Per-thread buffered (access_log_sink.hpp): a locking file sink, or spdlog's async logger
    // with its shared queue, serialised the request threads (bench/web, docs/web.md).
    if (access_target == "off") acc_sink = std::make_shared<spdlog::sinks::null_sink_mt>();
    else acc_sink = std::make_shared<AccessLogSink>(access_target);
    auto access_log = std::make_shared<spdlog::logger>("greengate.web.access", acc_sink);
    access_log->set_level(access_target == "off" ? spdlog::level::off : spdlog::level::info);
    access_log->set_pattern("%Y-%m-%dT%H:%M:%S.%e %v");
    spdlog::register_logger(access_log);

    try {
      // ---- the port first: a port already taken is an error (before data and store are
      // touched) unless --reuse-port asks to share it; with SO_REUSEPORT a second server would
      // start silently and take half of the first one's connections ------------------------------
      PollServerSocket socket(Poco::Net::SocketAddress(opt("bind", "127.0.0.1"), static_cast<Poco::UInt16>(port)),
                              128, options_.count("reuse-port") > 0);
      // ---- data: loaded once, read-only afterwards ------------------------------------------
      auto data_dir = calc::find_data_dir(opt("data-dir"));
      auto loaded = calc::load_dataset(data_dir);
      if (!loaded.ok()) {
        error_log->error("cannot load data from {}:\n{}", data_dir, loaded.diagnostics().format());
        return EXIT_DATAERR;
      }
      const calc::Dataset data = std::move(loaded).get();
      // The goods search's Turkish words: a bad file stops the start, as it stops `greengate goods`.
      auto words_loaded = calc::load_goods_words(data_dir + "/factors");
      if (!words_loaded.ok()) {
        error_log->error("cannot load the goods search words from {}/factors:\n{}", data_dir,
                         words_loaded.diagnostics().format());
        return EXIT_DATAERR;
      }
      const auto goods_words = std::move(words_loaded).get();
      std::string versions;
      for (const auto& v : data.factors.table_versions()) versions += (versions.empty() ? "" : "; ") + v;
      error_log->info("data {}: {}; cbam-scope {}", data_dir, versions, data.scope.version());

      const Catalogues i18n;
      const rules::RuleSet& money = data.money;
      const auto published = calc::PriceBook::published(data.factors);
      const auto quality = rules::load_rules(data_dir + "/rules/quality", "rules/quality/").get();

      // ---- store ---------------------------------------------------------------------------
      auto db = opt("db");
      if (db.empty()) {
        auto state = fs::path(find_state_dir(opt("state-dir")));
        fs::create_directories(state);
        db = "sqlite:" + (state / "greengate.sqlite").string();
      }
      auto store = store::open_store(db);
      error_log->info("store: {} (schema version {})", store->backend(), store->schema_version());

      Diagnostics call_problems;
      const auto calls = load_bundled_calls(data_dir, call_problems);
      if (!call_problems.empty())
        error_log->warn("bundled calls left out of the screening page:\n{}", call_problems.format());
      error_log->info("screening: {} bundled call(s) in rules/calls", calls.size());

      Limits limits;
      limits.max_batch_upload = max_batch_mib * 1024 * 1024;
      QuickJsonCache quick_cache;
      const FirmFormDef firm_form(form_choices(data.factors));
      AppContext app{data, *store, i18n, money, published, limits, access_log, error_log,
                     datalist_goods(data), datalist_countries(data), data_dir, &calls, &quick_cache,
                     store->shared_secret("csrf"), opt("public-origin"), &quality, &goods_words, &firm_form};

      // ---- HTTP server -----------------------------------------------------------------------
      // One malloc arena per request thread: glibc's default (8 per core) makes threads share
      // arenas, and a thread preempted inside malloc then holds up the other's request.
      mallopt(M_ARENA_MAX, threads + 8);
      Poco::ThreadPool pool(4, threads);
      ServerOptions server_options;
      server_options.threads = threads;
      server_options.idle_timeout = std::chrono::seconds(idle_timeout);
      server_options.read.header_timeout = std::chrono::seconds(header_timeout);
      // A body may be slow for twice the header time, then must average 16 KiB/s.
      server_options.read.body_grace = std::chrono::seconds(2 * header_timeout);
      server_options.max_client_connections = max_client;
      // Our connection loop over Poco's HTTP classes on a socket whose connections wait with one
      // poll(2), keep their addresses and carry the read deadlines (http_server.hpp, poll_socket.hpp).
      HttpServer server(new Router(app), pool, socket, server_options);
      server.start();
      const auto bound_port = socket.address().port();
      error_log->info("listening on http://{}", socket.address().toString());
      if (auto pf = opt("port-file"); !pf.empty()) {
        std::ofstream out(pf + ".tmp");
        out << bound_port << "\n";
        out.close();
        fs::rename(pf + ".tmp", pf);
      }
      waitForTerminationRequest();
      error_log->info("stopping");
      server.stop();
      pool.joinAll();
    } catch (const DefinitionError& e) {
      error_log->error("configuration: {}", e.diagnostics().format());
      return EXIT_CONFIG;
    } catch (const Poco::Net::NetException& e) {
      // Above all: the address is in use (another server on the port) or cannot be bound.
      error_log->error("cannot listen on {}:{}: {}", opt("bind", "127.0.0.1"), port, e.displayText());
      return EXIT_UNAVAILABLE;
    } catch (const std::exception& e) {
      error_log->error("cannot start: {}", e.what());
      return EXIT_SOFTWARE;
    }
    spdlog::shutdown();
    return EXIT_OK;
  }

 private:
  bool help_ = false;
  bool version_ = false;
  std::map<std::string, std::string> options_;
};

}  // namespace
}  // namespace greengate::web

POCO_SERVER_MAIN(greengate::web::WebApp)
