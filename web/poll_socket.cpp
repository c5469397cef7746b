#include "poll_socket.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include <Poco/Net/NetException.h>
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

PollStreamSocketImpl::PollStreamSocketImpl(poco_socket_t fd, const Poco::Net::SocketAddress& local,
                                           const Poco::Net::SocketAddress& peer)
    : StreamSocketImpl(fd), local_(local), peer_(peer) {}

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
      fd, Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&local), local_len), client);
}

PollServerSocket::PollServerSocket(const Poco::Net::SocketAddress& address, int backlog, bool share_port)
    : ServerSocket(new PollServerSocketImpl, true) {
  // Poco's two-argument bind(address, true) sets SO_REUSEPORT as well.
  bind(address, true, share_port);
  listen(backlog);
}

}  // namespace greengate::web
