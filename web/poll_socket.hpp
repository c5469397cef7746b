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
// Nothing else differs from Poco's StreamSocketImpl. See docs/web.md (Performance).

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/ServerSocketImpl.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocketImpl.h>
#include <Poco/Timespan.h>

namespace greengate::web {

/// poll(2) on one descriptor with Poco's mode bits (Socket::SELECT_READ | SELECT_WRITE |
/// SELECT_ERROR): 1 when it is ready in one of the modes (or has an error or hang-up to report)
/// before `timeout` ends, 0 when the time ran out, -errno when poll itself failed.
int poll_descriptor(int fd, const Poco::Timespan& timeout, int mode);

/// A connected socket with a one-call poll() and addresses fixed at accept time.
class PollStreamSocketImpl final : public Poco::Net::StreamSocketImpl {
 public:
  PollStreamSocketImpl(poco_socket_t fd, const Poco::Net::SocketAddress& local,
                       const Poco::Net::SocketAddress& peer);
  bool poll(const Poco::Timespan& timeout, int mode) override;
  Poco::Net::SocketAddress address() override { return local_; }
  Poco::Net::SocketAddress peerAddress() override { return peer_; }

 private:
  ~PollStreamSocketImpl() override = default;  // reference counted, like every SocketImpl
  const Poco::Net::SocketAddress local_;
  const Poco::Net::SocketAddress peer_;
};

/// The listening side: accepts PollStreamSocketImpl connections.
class PollServerSocketImpl final : public Poco::Net::ServerSocketImpl {
 public:
  Poco::Net::SocketImpl* acceptConnection(Poco::Net::SocketAddress& client) override;
  bool poll(const Poco::Timespan& timeout, int mode) override;

 private:
  ~PollServerSocketImpl() override = default;
};

/// A ServerSocket bound and listening on `address`, handing out PollStreamSocketImpl connections;
/// give it to Poco::Net::HTTPServer in place of a plain ServerSocket. SO_REUSEADDR is set (a
/// restart binds while old connections are in TIME_WAIT); SO_REUSEPORT only when `share_port`,
/// so that a port another server listens on is an error (Poco::Net::NetException, EADDRINUSE).
class PollServerSocket final : public Poco::Net::ServerSocket {
 public:
  PollServerSocket(const Poco::Net::SocketAddress& address, int backlog, bool share_port = false);
};

}  // namespace greengate::web
