#include "poll_socket.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <chrono>

#include <Poco/Net/NetException.h>
#include <Poco/Exception.h>
#include <Poco/Net/Socket.h>

namespace greengate::web {

int poll_descriptor(int fd, const Poco::Timespan& timeout, int mode) {
  pollfd p{};
  p.fd = fd;
  if (mode & Poco::Net::Socket::SELECT_READ) p.events |= POLLIN;
  if (mode & Poco::Net::Socket::SELECT_WRITE) p.events |= POLLOUT;
  if (mode & Poco::Net::Socket::SELECT_ERROR) p.events |= POLLPRI;  // POLLERR is always reported
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::microseconds(timeout.totalMicroseconds());
  auto left_ms = timeout.totalMilliseconds();
  for (;;) {
    int rc = ::poll(&p, 1, static_cast<int>(left_ms < 0 ? 0 : left_ms));
    if (rc == 0) return 0;
    // Like Poco's epoll-based poll(), a hang-up or an error counts as ready: the read or write
    // that follows sees the end of the stream or the error.
    if (rc > 0) return (p.revents & POLLNVAL) ? -EBADF : 1;
    if (errno != EINTR) return -errno;
    auto now = Clock::now();
    if (now >= deadline) return 0;
    left_ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
  }
}

int ClientCounts::add(const Poco::Net::IPAddress& host) {
  std::lock_guard lock(mutex_);
  return ++open_[host];
}

void ClientCounts::remove(const Poco::Net::IPAddress& host) {
  std::lock_guard lock(mutex_);
  auto it = open_.find(host);
  if (it != open_.end() && --it->second <= 0) open_.erase(it);
}

int ClientCounts::count(const Poco::Net::IPAddress& host) const {
  std::lock_guard lock(mutex_);
  auto it = open_.find(host);
  return it == open_.end() ? 0 : it->second;
}

PollStreamSocketImpl::PollStreamSocketImpl(poco_socket_t fd, const Poco::Net::SocketAddress& local,
                                           const Poco::Net::SocketAddress& peer,
                                           std::shared_ptr<ClientCounts> counts)
    : StreamSocketImpl(fd), local_(local), peer_(peer), counts_(std::move(counts)) {
  if (counts_) counts_->add(peer_.host());
}

PollStreamSocketImpl::~PollStreamSocketImpl() {
  if (counts_) counts_->remove(peer_.host());
}

void PollStreamSocketImpl::watch(Phase phase, const ReadLimits* limits,
                                 std::chrono::steady_clock::time_point since) {
  phase_ = limits ? phase : Phase::unwatched;
  limits_ = limits;
  phase_start_ = since;
  phase_bytes_ = 0;
}

int PollStreamSocketImpl::receiveBytes(void* buffer, int length, int flags) {
  if (phase_ == Phase::unwatched) return StreamSocketImpl::receiveBytes(buffer, length, flags);
  for (;;) {
    // Try first (the bytes are usually there: one system call, as before); wait only when not.
    auto rc = ::recv(sockfd(), buffer, static_cast<std::size_t>(length), flags | MSG_DONTWAIT);
    if (rc >= 0) {
      phase_bytes_ += static_cast<std::uint64_t>(rc);
      return static_cast<int>(rc);
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) error(errno);
    wait_readable();
  }
}

void PollStreamSocketImpl::wait_readable() {
  using Clock = std::chrono::steady_clock;
  using std::chrono::milliseconds;
  const auto& l = *limits_;
  const auto read_deadline = Clock::now() + l.read_timeout;
  for (;;) {
    const auto now = Clock::now();
    auto deadline = read_deadline;
    const char* what = "no data within the read timeout";
    if (phase_ == Phase::header) {
      if (phase_start_ + l.header_timeout < deadline) {
        deadline = phase_start_ + l.header_timeout;
        what = "request header not complete within the header timeout";
      }
      if (now - phase_start_ >= l.pressure_grace && l.pressure && l.pressure()) {
        deadline_passed_ = true;
        throw Poco::TimeoutException("request header not complete while other connections wait");
      }
    } else if (l.body_min_rate > 0) {
      // After the grace period the body must have come at body_min_rate on average.
      auto allowed = phase_start_ + l.body_grace +
                     std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(static_cast<double>(phase_bytes_) /
                                                       static_cast<double>(l.body_min_rate)));
      if (allowed < deadline) {
        deadline = allowed;
        what = "request body slower than the minimum rate";
      }
    }
    if (now >= deadline) {
      deadline_passed_ = true;
      throw Poco::TimeoutException(what);
    }
    // Slices, so that pressure is noticed while waiting.
    auto slice = std::min<Clock::duration>(deadline - now, milliseconds(250));
    int rc = poll_descriptor(sockfd(), Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(slice).count()),
                             Poco::Net::Socket::SELECT_READ);
    if (rc > 0) return;
    if (rc < 0) error(-rc);
  }
}

namespace {
// SocketImpl::error (protected) turns an errno into Poco's exception for it, as Poco's own poll
// does; named through a derived class to reach it from a free function.
struct PocoErrors : Poco::Net::SocketImpl {
  using SocketImpl::error;
};

bool poll_socket(poco_socket_t fd, const Poco::Timespan& timeout, int mode) {
  if (fd == POCO_INVALID_SOCKET) throw Poco::Net::InvalidSocketException();
  int rc = poll_descriptor(fd, timeout, mode);
  if (rc < 0) PocoErrors::error(-rc);
  return rc > 0;
}
}  // namespace

bool PollStreamSocketImpl::poll(const Poco::Timespan& timeout, int mode) {
  return poll_socket(sockfd(), timeout, mode);
}

bool PollServerSocketImpl::poll(const Poco::Timespan& timeout, int mode) {
  return poll_socket(sockfd(), timeout, mode);
}

Poco::Net::SocketImpl* PollServerSocketImpl::acceptConnection(Poco::Net::SocketAddress& client) {
  if (sockfd() == POCO_INVALID_SOCKET) throw Poco::Net::InvalidSocketException();
  sockaddr_storage peer{};
  socklen_t peer_len = sizeof peer;
  int fd;
  do {
    fd = ::accept4(sockfd(), reinterpret_cast<sockaddr*>(&peer), &peer_len, SOCK_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) error(errno);
  sockaddr_storage local{};
  socklen_t local_len = sizeof local;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) {
    int err = errno;
    ::close(fd);
    error(err);
  }
  client = Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&peer), peer_len);
  return new PollStreamSocketImpl(
      fd, Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&local), local_len), client, counts_);
}

PollServerSocket::PollServerSocket(const Poco::Net::SocketAddress& address, int backlog, bool share_port)
    : PollServerSocket(address, backlog, share_port, std::make_shared<ClientCounts>()) {}

PollServerSocket::PollServerSocket(const Poco::Net::SocketAddress& address, int backlog, bool share_port,
                                   std::shared_ptr<ClientCounts> counts)
    : ServerSocket(new PollServerSocketImpl(counts), true), counts_(std::move(counts)) {
  // Poco's two-argument bind(address, true) sets SO_REUSEPORT as well.
  bind(address, true, share_port);
  listen(backlog);
}

}  // namespace greengate::web
