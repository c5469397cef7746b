#include "http_server.hpp"

#include <sys/socket.h>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace greengate::web {

struct HttpServer::Shared {
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory;
  Poco::Net::HTTPServerParams::Ptr params;
  ServerOptions options;
  std::shared_ptr<ClientCounts> counts;
  std::atomic<bool> stopping{false};
  std::atomic<Poco::Net::TCPServer*> tcp{nullptr};
  std::atomic<int> serving{0};  ///< request threads running a connection (Connection::run)

  /// Connections are waiting for a request thread and none is free (or the server is stopping).
  /// A connection is queued for a moment whenever one is accepted, until a thread takes it:
  /// while a thread is free (or can still be started) that wait ends by itself, and giving up
  /// an idle keep-alive connection then would only make its client's next request fail.
  bool pressure() const {
    if (stopping.load(std::memory_order_relaxed)) return true;
    auto* t = tcp.load(std::memory_order_acquire);
    return t && t->queuedConnections() > 0 && serving.load(std::memory_order_relaxed) >= options.threads;
  }
};

namespace {

using Clock = std::chrono::steady_clock;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

/// The security headers of greengate's own pages, also on the plain answers written here.
constexpr const char* kPlainHeaders =
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Connection: close\r\n"
    "Cache-Control: no-store\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Referrer-Policy: same-origin\r\n"
    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'; base-uri 'none'\r\n";

/// Writes a complete plain-text answer straight to the socket and closes the sending side
/// (nothing of the request may be trusted, so nothing of Poco's response object is used), then
/// reads what the client still sends for a moment, so that closing does not reset the
/// connection before the client has read the answer.
void send_plain_and_close(Poco::Net::StreamSocket& socket, int status, const std::string& text) {
  std::string body = text + "\n";
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " +
                    HTTPResponse::getReasonForStatus(static_cast<HTTPResponse::HTTPStatus>(status)) + "\r\n" +
                    kPlainHeaders + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  try {
    socket.setSendTimeout(Poco::Timespan(5, 0));
    socket.sendBytes(out.data(), static_cast<int>(out.size()));
    socket.shutdownSend();
    std::array<char, 4096> sink{};
    std::size_t drained = 0;
    const auto until = Clock::now() + std::chrono::milliseconds(250);
    while (drained < 65536 && Clock::now() < until) {
      if (poll_descriptor(socket.impl()->sockfd(), Poco::Timespan(0, 50'000), Poco::Net::Socket::SELECT_READ) <= 0)
        continue;
      int n = static_cast<int>(::recv(socket.impl()->sockfd(), sink.data(), sink.size(), MSG_DONTWAIT));
      if (n <= 0) break;
      drained += static_cast<std::size_t>(n);
    }
  } catch (...) {
    // The client is gone: nothing more to tell it.
  }
}

/// HTTPServerSession with the one thing the loop needs from its protected part.
class Session final : public Poco::Net::HTTPServerSession {
 public:
  using HTTPServerSession::HTTPServerSession;
  bool has_buffered() const { return buffered() > 0; }
};

/// Reads what the handler left of the request body (at most `limit` bytes); true when the body
/// ended, so that the connection can serve its next request.
bool drain_body(std::istream& in, std::size_t limit) {
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while (n <= limit) {
    if (in.bad()) return false;
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0) return in.eof() && !in.bad();
    n += got;
  }
  return false;
}

class Connection final : public Poco::Net::TCPServerConnection {
 public:
  Connection(const Poco::Net::StreamSocket& s, HttpServer::Shared& shared)
      : TCPServerConnection(s), shared_(shared) {}

  void run() override {
    auto* impl = dynamic_cast<PollStreamSocketImpl*>(socket().impl());
    if (!impl) return;  // only our listening socket's connections are served
    struct Serving {
      std::atomic<int>& n;
      explicit Serving(std::atomic<int>& c) : n(c) { n.fetch_add(1, std::memory_order_relaxed); }
      ~Serving() { n.fetch_sub(1, std::memory_order_relaxed); }
      Serving(const Serving&) = delete;
      Serving& operator=(const Serving&) = delete;
    } serving(shared_.serving);
    const auto& read = shared_.options.read;
    socket().setSendTimeout(read.read_timeout.count() * 1000);  // µs; a client must read its answers
    Session session(socket(), shared_.params);
    for (bool first = true; !shared_.stopping.load(std::memory_order_relaxed); first = false) {
      // The next request of a keep-alive connection (the first one's wait is part of its header).
      if (!first && !session.has_buffered() && !wait_for_request(*impl)) return;
      impl->watch(PollStreamSocketImpl::Phase::header, &read, first ? impl->accepted_at() : Clock::now());
      if (!serve_one(session, *impl)) return;
    }
  }

 private:
  /// Waits up to the idle timeout for the next request; false when the connection should close
  /// (idle too long, the client left, the server stops, or others wait for a thread).
  bool wait_for_request(PollStreamSocketImpl& impl) {
    const auto until = Clock::now() + shared_.options.idle_timeout;
    for (;;) {
      auto now = Clock::now();
      if (now >= until) return false;
      auto slice = std::min<Clock::duration>(until - now, std::chrono::milliseconds(250));
      int rc = poll_descriptor(impl.sockfd(),
                               Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(slice).count()),
                               Poco::Net::Socket::SELECT_READ);
      if (rc > 0) return true;
      if (rc < 0) return false;
      if (shared_.pressure()) return false;  // an idle connection gives its thread up
    }
  }

  /// One request and its answer; false when the connection must close afterwards.
  bool serve_one(Session& session, PollStreamSocketImpl& impl) {
    Poco::Net::HTTPServerResponseImpl response(session);
    std::unique_ptr<Poco::Net::HTTPServerRequestImpl> request;
    try {
      request = std::make_unique<Poco::Net::HTTPServerRequestImpl>(response, session, shared_.params.get());
    } catch (const Poco::Net::NoMessageException&) {
      return false;  // closed before a request began
    } catch (const Poco::TimeoutException&) {
      // Part of a header and then too slow: say so. Nothing at all: just close (idle).
      if (impl.phase_bytes() > 0) send_plain_and_close(socket(), 408, "Request header timeout");
      return false;
    } catch (const Poco::Net::MessageException& e) {
      send_plain_and_close(socket(), 400, "Bad request: " + e.message());
      return false;
    } catch (const Poco::SyntaxException&) {
      send_plain_and_close(socket(), 400, "Bad request: Content-Length is not a number");
      return false;
    } catch (const Poco::Exception&) {
      return false;  // the connection failed
    }
    impl.watch(PollStreamSocketImpl::Phase::body, &shared_.options.read);
    if (auto problem = check_framing(*request); !problem.ok()) {
      send_plain_and_close(socket(), problem.status, problem.reason);
      return false;
    }
    response.setDate(Poco::Timestamp());
    response.setVersion(request->getVersion());
    const bool keep_alive = shared_.params->getKeepAlive() && request->getKeepAlive();
    response.setKeepAlive(keep_alive);
    try {
      std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(shared_.factory->createRequestHandler(*request));
      if (!handler) {
        send_plain_and_close(socket(), 501, "Not implemented");
        return false;
      }
      if (request->getExpectContinue() && response.getStatus() == HTTPResponse::HTTP_OK) response.sendContinue();
      handler->handleRequest(*request, response);
    } catch (...) {
      // Handlers answer every error themselves (Handler::handleRequest); what reaches here is a
      // failed connection.
      return false;
    }
    if (!response.sent() || impl.deadline_passed()) return false;
    if (!keep_alive || !response.getKeepAlive()) return false;
    // A body the handler left unread must not be parsed as the next request.
    return drain_body(request->stream(), 64 * 1024) && !impl.deadline_passed();
  }

  HttpServer::Shared& shared_;
};

class ConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
 public:
  explicit ConnectionFactory(HttpServer::Shared& shared) : shared_(shared) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new Connection(socket, shared_);
  }

 private:
  HttpServer::Shared& shared_;
};

/// Refuses a connection whose address already has max_client_connections open (the new one is
/// counted already: PollServerSocketImpl counts at accept).
class ClientCap final : public Poco::Net::TCPServerConnectionFilter {
 public:
  explicit ClientCap(HttpServer::Shared& shared) : shared_(shared) {}
  bool accept(const Poco::Net::StreamSocket& socket) override {
    const int cap = shared_.options.max_client_connections;
    auto peer = socket.peerAddress();
    if (cap <= 0 || shared_.counts->count(peer.host()) <= cap) return true;
    // Said without waiting (the acceptor thread must not block on one client).
    static const std::string answer = std::string("HTTP/1.1 503 Service Unavailable\r\n") + kPlainHeaders +
                                      "Retry-After: 10\r\nContent-Length: 43\r\n\r\n"
                                      "Too many connections from your address.\r\n\n";
    ::send(socket.impl()->sockfd(), answer.data(), answer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    return false;
  }

 private:
  HttpServer::Shared& shared_;
};

bool is_token_char(unsigned char c) {
  // RFC 9110 §5.6.2 tchar
  return std::isalnum(c) || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

}  // namespace

FramingProblem check_framing(const Poco::Net::HTTPRequest& request) {
  int lengths = 0, codings = 0;
  std::string length, coding;
  for (const auto& [name, value] : request) {
    // Poco keeps white space before the colon in the name; RFC 9112 §5.1: reject.
    if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return is_token_char(static_cast<unsigned char>(c)); }))
      return {400, "Bad request: malformed header field name"};
    if (Poco::icompare(name, "Content-Length") == 0) {
      ++lengths;
      length = value;
    } else if (Poco::icompare(name, "Transfer-Encoding") == 0) {
      ++codings;
      coding = Poco::trim(value);
    }
  }
  if (lengths > 1) return {400, "Bad request: more than one Content-Length"};
  if (lengths == 1 && (length.empty() || length.size() > 18 ||
                       length.find_first_not_of("0123456789") != std::string::npos))
    return {400, "Bad request: Content-Length is not a number"};
  if (codings > 0) {
    if (lengths > 0) return {400, "Bad request: both Content-Length and Transfer-Encoding"};
    if (request.getVersion() == HTTPRequest::HTTP_1_0) return {400, "Bad request: Transfer-Encoding in HTTP/1.0"};
    if (codings > 1) return {400, "Bad request: more than one Transfer-Encoding"};
    if (Poco::icompare(coding, "chunked") != 0) {
      // chunked must be the final coding (else the length is unknown: 400); other codings are
      // not understood here (501).
      auto comma = coding.rfind(',');
      if (Poco::icompare(Poco::trim(coding.substr(comma == std::string::npos ? 0 : comma + 1)), "chunked") != 0)
        return {400, "Bad request: chunked is not the final transfer coding"};
      return {501, "Not implemented: transfer codings other than chunked"};
    }
  }
  const auto& m = request.getMethod();
  if (lengths == 0 && codings == 0 && (m == HTTPRequest::HTTP_POST || m == HTTPRequest::HTTP_PUT || m == HTTPRequest::HTTP_PATCH))
    return {411, "Length required"};
  return {};
}

HttpServer::HttpServer(Poco::Net::HTTPRequestHandlerFactory::Ptr factory, Poco::ThreadPool& pool,
                       const PollServerSocket& socket, const ServerOptions& options)
    : shared_(std::make_unique<Shared>()) {
  shared_->factory = std::move(factory);
  shared_->options = options;
  shared_->counts = socket.counts();
  shared_->options.read.pressure = [s = shared_.get()] { return s->pressure(); };
  auto params = Poco::AutoPtr<Poco::Net::HTTPServerParams>(new Poco::Net::HTTPServerParams);
  params->setMaxThreads(options.threads);
  params->setMaxQueued(options.max_queued);
  params->setTimeout(Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(options.read.read_timeout).count()));
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(options.idle_timeout).count()));
  shared_->params = params;
  tcp_ = std::make_unique<Poco::Net::TCPServer>(new ConnectionFactory(*shared_), pool, socket, params);
  tcp_->setConnectionFilter(new ClientCap(*shared_));
  shared_->tcp.store(tcp_.get(), std::memory_order_release);
}

HttpServer::~HttpServer() {
  try {
    stop();
  } catch (...) {
  }
}

void HttpServer::start() { tcp_->start(); }

void HttpServer::stop() {
  shared_->stopping.store(true);
  tcp_->stop();
}

}  // namespace greengate::web
