#pragma once
// An spdlog sink for the access log that does not serialise request threads.
//
// spdlog's file sinks take one mutex per line; with 32 keep-alive connections (one thread each)
// that mutex made the quick-check API's p99 latency four times worse (bench/web, docs/web.md).
// Here each thread formats into its own buffer (its own formatter clone; spdlog formatters are
// not thread-safe) and appends whole lines with one write(2) to an O_APPEND file descriptor when
// the buffer passes 32 KiB; a background thread flushes every buffer twice a second, and flush()
// and the destructor flush everything, so lines are late by at most 0.5 s and never torn.

#include <spdlog/sinks/sink.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace greengate::web {

class AccessLogSink final : public spdlog::sinks::sink {
 public:
  /// `path` "-" writes to standard output. Throws spdlog::spdlog_ex if the file cannot be opened.
  explicit AccessLogSink(const std::string& path);
  ~AccessLogSink() override;
  AccessLogSink(const AccessLogSink&) = delete;
  AccessLogSink& operator=(const AccessLogSink&) = delete;

  void log(const spdlog::details::log_msg& msg) override;
  void flush() override;
  void set_pattern(const std::string& pattern) override;
  void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override;

 private:
  struct Buffer {
    std::mutex m;  ///< taken by its own thread and, twice a second, by the flusher
    spdlog::memory_buf_t data;
    std::unique_ptr<spdlog::formatter> formatter;
    std::uint64_t generation = 0;  ///< formatter generation it was cloned from
  };
  Buffer& local();
  void write_out(Buffer& b);  ///< requires b.m held

  int fd_ = -1;
  bool own_fd_ = false;
  std::mutex formatter_mutex_;
  std::unique_ptr<spdlog::formatter> formatter_;
  std::atomic<std::uint64_t> generation_{0};
  std::mutex registry_mutex_;
  std::vector<std::shared_ptr<Buffer>> buffers_;
  std::mutex stop_mutex_;
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::thread flusher_;
};

}  // namespace greengate::web
