#include "access_log_sink.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <unordered_map>

#include <spdlog/common.h>
#include <spdlog/pattern_formatter.h>

namespace greengate::web {

namespace {
constexpr std::size_t kFlushBytes = 32 * 1024;
}

AccessLogSink::AccessLogSink(const std::string& path)
    : formatter_(std::make_unique<spdlog::pattern_formatter>()) {
  if (path == "-") {
    fd_ = STDOUT_FILENO;
  } else {
    fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) spdlog::throw_spdlog_ex("cannot open access log " + path, errno);
    own_fd_ = true;
  }
  flusher_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(stop_mutex_);
    while (!stop_cv_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stop_; })) {
      lock.unlock();
      flush();
      lock.lock();
    }
  });
}

AccessLogSink::~AccessLogSink() {
  {
    std::lock_guard<std::mutex> lock(stop_mutex_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  flush();
  if (own_fd_) ::close(fd_);
}

AccessLogSink::Buffer& AccessLogSink::local() {
  // One buffer per (thread, sink); registered once so that flush() can reach it.
  thread_local std::unordered_map<const AccessLogSink*, std::shared_ptr<Buffer>> mine;
  auto& slot = mine[this];
  if (!slot) {
    slot = std::make_shared<Buffer>();
    std::lock_guard<std::mutex> lock(registry_mutex_);
    buffers_.push_back(slot);
  }
  return *slot;
}

void AccessLogSink::write_out(Buffer& b) {
  const char* p = b.data.data();
  std::size_t left = b.data.size();
  while (left > 0) {
    auto n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;  // a full disk must not take the server down; the lines are dropped
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  b.data.clear();
}

void AccessLogSink::log(const spdlog::details::log_msg& msg) {
  auto& b = local();
  std::lock_guard<std::mutex> lock(b.m);
  auto gen = generation_.load(std::memory_order_acquire);
  if (!b.formatter || b.generation != gen) {
    std::lock_guard<std::mutex> f(formatter_mutex_);
    b.formatter = formatter_->clone();
    b.generation = gen;
  }
  b.formatter->format(msg, b.data);
  if (b.data.size() >= kFlushBytes) write_out(b);
}

void AccessLogSink::flush() {
  std::vector<std::shared_ptr<Buffer>> all;
  {
    std::lock_guard<std::mutex> lock(registry_mutex_);
    all = buffers_;
  }
  for (auto& b : all) {
    std::lock_guard<std::mutex> lock(b->m);
    if (b->data.size() > 0) write_out(*b);
  }
}

void AccessLogSink::set_pattern(const std::string& pattern) {
  set_formatter(std::make_unique<spdlog::pattern_formatter>(pattern));
}

void AccessLogSink::set_formatter(std::unique_ptr<spdlog::formatter> formatter) {
  std::lock_guard<std::mutex> lock(formatter_mutex_);
  formatter_ = std::move(formatter);
  generation_.fetch_add(1, std::memory_order_release);
}

}  // namespace greengate::web
