// The reference for bench/web/run.sh: a bare Poco HTTP server whose one handler returns a fixed
// JSON body. Same server parameters as greengate-web (thread pool, keep-alive), no routing, no
// engine, no logging: what Poco alone costs on this machine.
//   bare_server PORT THREADS

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/ServerApplication.h>

#include <iostream>
#include <string>

namespace {

const std::string kBody =
    "{\"cn\":\"72142000\",\"origin\":\"TR\",\"year\":2027,\"in_scope\":true,\"marked_up_total\":2.772,"
    "\"embedded_tco2e\":2772}\n";

class FixedJson final : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& resp) override {
    resp.setContentType("application/json; charset=utf-8");
    resp.setContentLength64(static_cast<Poco::Int64>(kBody.size()));
    resp.send() << kBody;
  }
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new FixedJson;
  }
};

class Bare final : public Poco::Util::ServerApplication {
 protected:
  int main(const std::vector<std::string>& args) override {
    auto port = static_cast<Poco::UInt16>(args.size() > 0 ? std::stoi(args[0]) : 8081);
    int threads = args.size() > 1 ? std::stoi(args[1]) : 64;
    Poco::ThreadPool pool(4, threads);
    auto params = Poco::AutoPtr<Poco::Net::HTTPServerParams>(new Poco::Net::HTTPServerParams);
    params->setMaxThreads(threads);
    params->setMaxQueued(512);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(10, 0));
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", port), 128);
    Poco::Net::HTTPServer server(new Factory, pool, socket, params);
    server.start();
    waitForTerminationRequest();
    server.stopAll(true);
    return EXIT_OK;
  }
};

}  // namespace

POCO_SERVER_MAIN(Bare)
