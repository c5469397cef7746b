#pragma once
// greengate-web's HTTP server (issue 15). Poco's TCPServer does what it does well — one acceptor
// thread, a bounded queue, the pool of request threads — and each connection runs our own loop
// over Poco's HTTP session, request and response classes, in place of Poco::Net::HTTPServer,
// for what a public server must do and Poco 1.11's loop does not:
//
// - Framing (RFC 9112 §6.3): a request with two Content-Length fields, a Content-Length that is
//   not a plain number, Content-Length together with Transfer-Encoding, a transfer coding other
//   than "chunked", or a field name with white space before its colon is answered 400 (501 for
//   an unknown coding, 411 for a POST without a length) and the connection is closed, before
//   any of the body is read. A body the handler did not read is drained (up to 64 KiB) or the
//   connection closed, so that it is never taken for the next request.
// - Slow clients (web/poll_socket.hpp: ReadLimits): the whole request header within
//   header_timeout; a body at a minimum average rate after a grace period; while connections
//   wait in the queue and every request thread is serving one, an idle keep-alive connection
//   gives its thread up at once and a header slower than pressure_grace is given up (408 when
//   part of it came), so that a health check is answered while slow connections come and go.
//   A connection queued only until a free thread takes it is no pressure.
// - At most max_client_connections open connections per client address (503 and closed above;
//   0 = no cap, for a server behind a reverse proxy, where every connection has its address).
//
// Everything a handler sees is Poco's HTTPServerRequest/HTTPServerResponse, as before.

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <memory>
#include <string>

#include "poll_socket.hpp"

namespace greengate::web {

struct ServerOptions {
  int threads = 64;            ///< request threads (one per connection being served)
  int max_queued = 512;        ///< accepted connections waiting for a thread
  std::chrono::milliseconds idle_timeout{10'000};  ///< keep-alive wait for the next request
  ReadLimits read;             ///< header, body and read deadlines (pressure is set by the server)
  int max_client_connections = 32;  ///< open connections per client address; 0 = no cap
};

/// The answer to a request whose framing cannot be trusted, or "" when it can: the status and a
/// one-line reason (RFC 9112 §6.1, §6.3, §5.1). Pure, for tests.
struct FramingProblem {
  int status = 0;
  std::string reason;
  bool ok() const { return status == 0; }
};
FramingProblem check_framing(const Poco::Net::HTTPRequest& request);

class HttpServer {
 public:
  /// Serves `factory`'s handlers on `socket` (already bound and listening) with `pool`.
  HttpServer(Poco::Net::HTTPRequestHandlerFactory::Ptr factory, Poco::ThreadPool& pool,
             const PollServerSocket& socket, const ServerOptions& options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  void start();
  /// Stops accepting; connections finish their current request and close (waits for them).
  void stop();

  struct Shared;  // what the connections share (http_server.cpp)

 private:
  std::unique_ptr<Shared> shared_;
  std::unique_ptr<Poco::Net::TCPServer> tcp_;
};

}  // namespace greengate::web
