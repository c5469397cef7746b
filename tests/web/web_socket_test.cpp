// The listening socket of greengate-web (web/poll_socket.hpp): its one-call poll() answers as
// Poco's own does (ready, timed out, hang-up, error), the connections it accepts know their two
// addresses without asking the kernel again, and Poco's HTTPServer on it serves keep-alive
// requests and closes a connection left idle past the keep-alive timeout.

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/Socket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>

#include "poll_socket.hpp"

namespace gw = greengate::web;
using Poco::Net::Socket;

namespace {

struct Pair {
  int fd[2] = {-1, -1};
  Pair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fd) == 0); }
  ~Pair() {
    for (int f : fd)
      if (f >= 0) ::close(f);
  }
};

const Poco::Timespan k20ms(0, 20'000);

}  // namespace

TEST_CASE("poll_descriptor: timed out, readable, writable, hang-up, bad descriptor") {
  Pair p;
  // Nothing sent yet: not readable within the timeout, but writable at once.
  CHECK(gw::poll_descriptor(p.fd[0], k20ms, Socket::SELECT_READ) == 0);
  CHECK(gw::poll_descriptor(p.fd[0], k20ms, Socket::SELECT_WRITE) == 1);
  CHECK(gw::poll_descriptor(p.fd[0], Poco::Timespan(0), Socket::SELECT_READ) == 0);

  REQUIRE(::write(p.fd[1], "x", 1) == 1);
  CHECK(gw::poll_descriptor(p.fd[0], k20ms, Socket::SELECT_READ) == 1);
  CHECK(gw::poll_descriptor(p.fd[0], k20ms, Socket::SELECT_READ | Socket::SELECT_ERROR) == 1);
  char c = 0;
  REQUIRE(::read(p.fd[0], &c, 1) == 1);
  CHECK(gw::poll_descriptor(p.fd[0], k20ms, Socket::SELECT_READ) == 0);

  // The peer went away: ready (the read that follows sees the end of the stream), as with epoll.
  ::close(p.fd[1]);
  p.fd[1] = -1;
  CHECK(gw::poll_descriptor(p.fd[0], k20ms, Socket::SELECT_READ) == 1);
  CHECK(::read(p.fd[0], &c, 1) == 0);

  // A descriptor that is not open is an error, not "ready".
  int dead = ::dup(p.fd[0]);
  ::close(dead);
  CHECK(gw::poll_descriptor(dead, k20ms, Socket::SELECT_READ) == -EBADF);
}

TEST_CASE("PollServerSocket: accepted connections keep both addresses and poll like Poco's") {
  gw::PollServerSocket server(Poco::Net::SocketAddress("127.0.0.1", 0), 8);
  Poco::Net::StreamSocket client;
  client.connect(server.address());
  Poco::Net::SocketAddress from;
  Poco::Net::StreamSocket conn = server.acceptConnection(from);

  REQUIRE(dynamic_cast<gw::PollStreamSocketImpl*>(conn.impl()) != nullptr);
  CHECK(from.toString() == client.address().toString());
  CHECK(conn.peerAddress().toString() == client.address().toString());
  CHECK(conn.address().toString() == client.peerAddress().toString());
  CHECK(conn.address().port() == server.address().port());

  CHECK_FALSE(conn.poll(k20ms, Socket::SELECT_READ));
  client.sendBytes("GET", 3);
  CHECK(conn.poll(Poco::Timespan(1, 0), Socket::SELECT_READ));
  char buf[8] = {};
  CHECK(conn.receiveBytes(buf, sizeof buf) == 3);
  CHECK(std::string(buf, 3) == "GET");

  // The listening socket's own poll: a pending connection makes it readable.
  CHECK_FALSE(server.poll(k20ms, Socket::SELECT_READ));
  Poco::Net::StreamSocket second;
  second.connect(server.address());
  CHECK(server.poll(Poco::Timespan(1, 0), Socket::SELECT_READ));

  conn.close();
  CHECK_THROWS_AS(conn.impl()->poll(k20ms, Socket::SELECT_READ), Poco::Net::InvalidSocketException);
}

namespace {

class Hello final : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
    // The addresses the handler sees are the connection's (kept at accept time).
    std::string body = req.getURI() + " from " + req.clientAddress().host().toString() + " to " +
                       req.serverAddress().toString();
    resp.setContentType("text/plain");
    resp.setContentLength64(static_cast<Poco::Int64>(body.size()));
    resp.send() << body;
  }
};

class HelloFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Hello;
  }
};

std::string get(Poco::Net::HTTPClientSession& s, const std::string& uri) {
  Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, uri, Poco::Net::HTTPMessage::HTTP_1_1);
  req.setKeepAlive(true);
  s.sendRequest(req);
  Poco::Net::HTTPResponse resp;
  auto& in = s.receiveResponse(resp);
  std::string body;
  Poco::StreamCopier::copyToString(in, body);
  return body;
}

}  // namespace

TEST_CASE("Poco's HTTPServer on a PollServerSocket: keep-alive requests, idle connections closed") {
  gw::PollServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0), 16);
  const auto port = socket.address().port();
  Poco::ThreadPool pool(2, 4);
  Poco::AutoPtr<Poco::Net::HTTPServerParams> params(new Poco::Net::HTTPServerParams);
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(0, 300'000));  // 0.3 s
  Poco::Net::HTTPServer server(new HelloFactory, pool, socket, params);
  server.start();

  Poco::Net::HTTPClientSession s("127.0.0.1", port);
  s.setKeepAlive(true);
  const std::string to = "127.0.0.1:" + std::to_string(port);
  CHECK(get(s, "/a") == "/a from 127.0.0.1 to " + to);
  const auto first_local = s.socket().address().toString();
  CHECK(get(s, "/b") == "/b from 127.0.0.1 to " + to);
  CHECK(s.socket().address().toString() == first_local);  // same connection: kept alive

  // Left idle past the keep-alive timeout, the server closes its end: the client's socket
  // becomes readable and reads the end of the stream.
  CHECK(s.socket().poll(Poco::Timespan(5, 0), Socket::SELECT_READ));
  char c;
  CHECK(s.socket().receiveBytes(&c, 1) == 0);

  server.stopAll(true);
  pool.joinAll();
}
