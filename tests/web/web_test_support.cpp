#include "web_test_support.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/File.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Path.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Thread.h>
#include <Poco/URI.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "firm_form.hpp"
#include "greengate/calc/dataset.hpp"

namespace greengate::webtest {

namespace {

class Server {
 public:
  Server() {
    dir_ = Poco::TemporaryFile::tempName();
    Poco::File(dir_).createDirectories();
    std::vector<std::string> args = {"--port=0", "--port-file=" + dir_ + "/port",
                                     "--state-dir=" + dir_, "--access-log=" + dir_ + "/access.log",
                                     "--error-log=" + dir_ + "/error.log", "--log-level=info",
                                     // Room for the 20 MB streamed batch test, small enough to test the 413.
                                     "--max-batch-upload=24"};
    if (const char* db = std::getenv("GREENGATE_TEST_DB"); db && *db) args.push_back(std::string("--db=") + db);
    handle_ = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch(GREENGATE_WEB_EXE, args));
    for (int i = 0; i < 200; ++i) {
      std::ifstream in(dir_ + "/port");
      int p = 0;
      if (in >> p && p > 0) {
        port_ = static_cast<unsigned short>(p);
        return;
      }
      if (handle_->tryWait() != -1) break;  // exited: no point waiting longer
      Poco::Thread::sleep(50);
    }
    throw std::runtime_error("greengate-web did not start; see " + dir_ + "/error.log:\n" +
                             read_file(dir_ + "/error.log"));
  }
  ~Server() {
    try {
      Poco::Process::requestTermination(handle_->id());
      handle_->wait();
      if (!std::getenv("GREENGATE_TEST_KEEP")) Poco::File(dir_).remove(true);
    } catch (...) {
    }
  }
  unsigned short port() const { return port_; }

 private:
  std::string dir_;
  std::unique_ptr<Poco::ProcessHandle> handle_;
  unsigned short port_ = 0;
};

Reply exchange(const std::string& method, const std::string& path, const std::string* body,
               const std::string& content_type, Jar* jar) {
  Poco::Net::HTTPClientSession s("127.0.0.1", server_port());
  s.setTimeout(Poco::Timespan(20, 0));
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (jar && !jar->empty()) {
    Poco::Net::NameValueCollection c;
    for (const auto& [k, v] : *jar) c.add(k, v);
    req.setCookies(c);
  }
  if (body) {
    req.setContentType(content_type);
    req.setContentLength64(static_cast<Poco::Int64>(body->size()));
    s.sendRequest(req) << *body;
  } else {
    s.sendRequest(req);
  }
  Poco::Net::HTTPResponse resp;
  auto& in = s.receiveResponse(resp);
  Reply r;
  r.status = static_cast<int>(resp.getStatus());
  Poco::StreamCopier::copyToString(in, r.body);
  r.content_type = resp.getContentType();
  r.location = resp.get("Location", "");
  std::vector<Poco::Net::HTTPCookie> cookies;
  resp.getCookies(cookies);
  for (const auto& c : cookies) {
    r.set_cookies[c.getName()] = c.getValue();
    if (jar) (*jar)[c.getName()] = c.getValue();
  }
  return r;
}

std::string hex_boundary() { return "----greengate-test-boundary-7f3a9c"; }

}  // namespace

unsigned short server_port() {
  // A failed start is reported once, not retried by every test case.
  static std::string failure;
  if (!failure.empty()) throw std::runtime_error(failure);
  try {
    static Server server;
    return server.port();
  } catch (const std::exception& e) {
    failure = e.what();
    throw;
  }
}

Reply get(const std::string& path_query, Jar* jar) { return exchange("GET", path_query, nullptr, "", jar); }

Reply post(const std::string& path, const std::string& body, const std::string& content_type, Jar* jar) {
  return exchange("POST", path, &body, content_type, jar);
}

std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    std::string ek, ev;
    Poco::URI::encode(k, "&=+;%", ek);
    Poco::URI::encode(v, "&=+;%#?/", ev);
    out += (out.empty() ? "" : "&") + ek + "=" + ev;
  }
  return out;
}

std::string multipart_body(const std::vector<std::pair<std::string, std::string>>& fields,
                           const std::string& file_field, const std::string& filename,
                           const std::string& file_content, std::string& content_type) {
  auto b = hex_boundary();
  content_type = "multipart/form-data; boundary=" + b;
  std::string out;
  for (const auto& [k, v] : fields)
    out += "--" + b + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
  out += "--" + b + "\r\nContent-Disposition: form-data; name=\"" + file_field + "\"; filename=\"" + filename +
         "\"\r\nContent-Type: application/xml\r\n\r\n" + file_content + "\r\n";
  out += "--" + b + "--\r\n";
  return out;
}

std::string multipart_files(const std::vector<std::pair<std::string, std::string>>& fields,
                            const std::vector<UploadPart>& files, std::string& content_type) {
  auto b = hex_boundary();
  content_type = "multipart/form-data; boundary=" + b;
  std::string out;
  for (const auto& [k, v] : fields)
    out += "--" + b + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
  for (const auto& f : files)
    out += "--" + b + "\r\nContent-Disposition: form-data; name=\"" + f.field + "\"; filename=\"" + f.filename +
           "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + f.content + "\r\n";
  out += "--" + b + "--\r\n";
  return out;
}

std::string csrf(Jar& jar) {
  auto r = get("/firm", &jar);
  if (r.status != 200 || !jar.count("gg_csrf")) throw std::runtime_error("no CSRF cookie from /firm");
  return jar["gg_csrf"];
}

/// The content of the data: link with id `id` (base64-decoded).
std::string data_link(const std::string& html, const std::string& id) {
  auto at = html.find("id=\"" + id + "\"");
  if (at == std::string::npos) return "<no link " + id + ">";
  const std::string prefix = "base64,";
  auto b = html.find(prefix, at);
  auto e = html.find('"', b);
  std::istringstream in(html.substr(b + prefix.size(), e - b - prefix.size()));
  Poco::Base64Decoder dec(in);
  std::ostringstream out;
  out << dec.rdbuf();
  return out.str();
}

std::string source_dir() { return GREENGATE_SOURCE_DIR; }

const web::FirmFormDef& bundled_form() {
  static const web::FirmFormDef def(web::form_choices(calc::load_dataset(source_dir()).get().factors));
  return def;
}

std::string run_cli(const std::vector<std::string>& args) {
  Poco::Pipe out;
  auto h = Poco::Process::launch(GREENGATE_CLI_EXE, args, source_dir(), nullptr, &out, nullptr);
  Poco::PipeInputStream in(out);
  std::string text;
  Poco::StreamCopier::copyToString(in, text);
  h.wait();
  return text;
}

std::string raw_http(const std::string& bytes, int quiet_ms, unsigned short port, bool* closed) {
  if (closed) *closed = false;
  Poco::Net::StreamSocket s;
  s.connect(Poco::Net::SocketAddress("127.0.0.1", port ? port : server_port()), Poco::Timespan(5, 0));
  s.setReceiveTimeout(Poco::Timespan(0, quiet_ms * 1000));
  s.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  std::string out;
  char buf[8192];
  for (;;) {
    int n = 0;
    try {
      n = s.receiveBytes(buf, sizeof buf);
    } catch (const Poco::TimeoutException&) {
      break;
    } catch (const Poco::Net::ConnectionResetException&) {
      if (closed) *closed = true;
      break;
    }
    if (n <= 0) {
      if (closed) *closed = true;
      break;
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

Run run_program(const std::string& exe, const std::vector<std::string>& args, int timeout_s) {
  Poco::Pipe out;
  auto h = Poco::Process::launch(exe, args, source_dir(), nullptr, &out, &out);
  Poco::PipeInputStream in(out);
  Run r;
  // The pipe ends when the program exits (or closes both streams); a bounded wait after that.
  Poco::StreamCopier::copyToString(in, r.output);
  for (int i = 0; i < timeout_s * 20 && (r.rc = h.tryWait()) == -1; ++i) Poco::Thread::sleep(50);
  if (r.rc == -1) {
    Poco::Process::kill(h);
    r.rc = h.wait();
  }
  return r;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace greengate::webtest
