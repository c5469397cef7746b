#pragma once
// The listening socket of greengate-web. Poco's HTTPServer is used as it is (STYLE.md P16); only
// the sockets it accepts are of a subclass that makes two things cheaper per request:
//
// - Waiting for the next request on a keep-alive connection. Poco 1.11 (Debian 12) implements
//   SocketImpl::poll() with a fresh epoll instance each time: epoll_create, epoll_ctl, epoll_wait
//   and close, four system calls and a file allocated and freed for every request. Here it is one
//   poll(2) on the one descriptor (same modes, same timeout, EINTR resumed with the time left).
// - The two addresses of the connection. Poco asks the kernel again (getpeername, getsockname)
//   for every request it parses; a connected TCP socket's addresses never change, so they are
//   taken once, when the connection is accepted.
//
// The connections also carry the read deadlines of the HTTP server (web/http_server.hpp, issue 15):
// a request header must be complete within a time limit, a body must keep to a minimum average
// rate, and while other connections wait for a request thread a header that is slow to come is
// given up early. They also count themselves per client address (ClientCounts), so that the
// server can cap the connections of one address.
//
// Nothing else differs from Poco's StreamSocketImpl. See docs/web.md (Performance) and
// docs/security.md.

#include <Poco/Net/IPAddress.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/ServerSocketImpl.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocketImpl.h>
#include <Poco/Timespan.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace greengate::web {

/// The read limits of a connection, shared by all connections of a server (read-only once the
/// server runs).
struct ReadLimits {
  std::chrono::milliseconds header_timeout{10'000};  ///< a whole request header, from its start
  std::chrono::milliseconds read_timeout{15'000};    ///< longest wait for any one read
  std::chrono::milliseconds body_grace{20'000};      ///< a body may be slow this long …
  std::uint64_t body_min_rate = 16 * 1024;           ///< … then ≥ this many bytes/s on average
  /// While `pressure()` (connections wait for a request thread), a header not complete this long
  /// after its start is given up, so that waiting requests get the thread.
  std::chrono::milliseconds pressure_grace{1'000};
  std::function<bool()> pressure;  ///< empty: never under pressure
};

/// Open connections per client address (the host part, not the port); thread-safe.
class ClientCounts {
 public:
  int add(const Poco::Net::IPAddress& host);  ///< the count after adding
  void remove(const Poco::Net::IPAddress& host);
  int count(const Poco::Net::IPAddress& host) const;

 private:
  mutable std::mutex mutex_;
  std::map<Poco::Net::IPAddress, int> open_;
};

/// poll(2) on one descriptor with Poco's mode bits (Socket::SELECT_READ | SELECT_WRITE |
/// SELECT_ERROR): 1 when it is ready in one of the modes (or has an error or hang-up to report)
/// before `timeout` ends, 0 when the time ran out, -errno when poll itself failed.
int poll_descriptor(int fd, const Poco::Timespan& timeout, int mode);

/// A connected socket with a one-call poll() and addresses fixed at accept time.
class PollStreamSocketImpl final : public Poco::Net::StreamSocketImpl {
 public:
  /// What the connection is reading (the deadline that applies to receiveBytes).
  enum class Phase { unwatched, header, body };

  PollStreamSocketImpl(poco_socket_t fd, const Poco::Net::SocketAddress& local,
                       const Poco::Net::SocketAddress& peer,
                       std::shared_ptr<ClientCounts> counts = nullptr);
  bool poll(const Poco::Timespan& timeout, int mode) override;
  Poco::Net::SocketAddress address() override { return local_; }
  Poco::Net::SocketAddress peerAddress() override { return peer_; }
  /// As Poco's, but when a phase is watched: a recv that would block waits in poll(2) slices
  /// and throws Poco::TimeoutException when the phase's deadline passes (see ReadLimits).
  int receiveBytes(void* buffer, int length, int flags = 0) override;
  using StreamSocketImpl::receiveBytes;

  /// Starts watching `phase` (bytes counted from zero) under `limits` (kept by the caller); its
  /// deadlines run from `since` (a connection's first header: from the accept, so that time
  /// spent waiting in the server's queue counts).
  void watch(Phase phase, const ReadLimits* limits,
             std::chrono::steady_clock::time_point since = std::chrono::steady_clock::now());
  std::chrono::steady_clock::time_point accepted_at() const { return accepted_at_; }
  /// Bytes received since watch() began the phase.
  std::uint64_t phase_bytes() const { return phase_bytes_; }
  /// True once a deadline has passed on this connection (it must not be reused).
  bool deadline_passed() const { return deadline_passed_; }

 private:
  ~PollStreamSocketImpl() override;  // reference counted, like every SocketImpl
  void wait_readable();
  const Poco::Net::SocketAddress local_;
  const Poco::Net::SocketAddress peer_;
  std::shared_ptr<ClientCounts> counts_;
  const std::chrono::steady_clock::time_point accepted_at_ = std::chrono::steady_clock::now();
  Phase phase_ = Phase::unwatched;
  const ReadLimits* limits_ = nullptr;
  std::chrono::steady_clock::time_point phase_start_;
  std::uint64_t phase_bytes_ = 0;
  bool deadline_passed_ = false;
};

/// The listening side: accepts PollStreamSocketImpl connections, counted in `counts`.
class PollServerSocketImpl final : public Poco::Net::ServerSocketImpl {
 public:
  explicit PollServerSocketImpl(std::shared_ptr<ClientCounts> counts) : counts_(std::move(counts)) {}
  Poco::Net::SocketImpl* acceptConnection(Poco::Net::SocketAddress& client) override;
  bool poll(const Poco::Timespan& timeout, int mode) override;

 private:
  ~PollServerSocketImpl() override = default;
  std::shared_ptr<ClientCounts> counts_;
};

/// A ServerSocket bound and listening on `address`, handing out PollStreamSocketImpl connections;
/// give it to Poco::Net::HTTPServer in place of a plain ServerSocket. SO_REUSEADDR is set (a
/// restart binds while old connections are in TIME_WAIT); SO_REUSEPORT only when `share_port`,
/// so that a port another server listens on is an error (Poco::Net::NetException, EADDRINUSE).
class PollServerSocket final : public Poco::Net::ServerSocket {
 public:
  PollServerSocket(const Poco::Net::SocketAddress& address, int backlog, bool share_port = false);
  /// The open connections accepted here, per client address.
  const std::shared_ptr<ClientCounts>& counts() const { return counts_; }

 private:
  PollServerSocket(const Poco::Net::SocketAddress& address, int backlog, bool share_port,
                   std::shared_ptr<ClientCounts> counts);
  std::shared_ptr<ClientCounts> counts_;
};

}  // namespace greengate::web
