#pragma once
// Test support for tests/web: a greengate-web child process on a free loopback port (started on
// first use, stopped at exit), a small HTTP client on Poco's HTTPClientSession, and the CLI runner
// used to compare the API's numbers with `greengate … --format json`.

#include <map>
#include <string>
#include <vector>

namespace greengate::web {
class FirmFormDef;
}

namespace greengate::webtest {

struct Reply {
  int status = 0;
  std::string body;
  std::string content_type;
  std::map<std::string, std::string> set_cookies;  ///< name -> value
  std::string location;
};

/// Cookies a test keeps between requests (like a browser's jar).
using Jar = std::map<std::string, std::string>;

/// The running server's port (starts it on first call; GREENGATE_TEST_DB selects the database).
unsigned short server_port();

Reply get(const std::string& path_query, Jar* jar = nullptr);
Reply post(const std::string& path, const std::string& body, const std::string& content_type,
           Jar* jar = nullptr);
/// application/x-www-form-urlencoded body from name/value pairs.
std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields);
/// multipart/form-data body; returns the content type (with boundary) in `content_type`.
std::string multipart_body(const std::vector<std::pair<std::string, std::string>>& fields,
                           const std::string& file_field, const std::string& filename,
                           const std::string& file_content, std::string& content_type);
struct UploadPart {
  std::string field, filename, content;
};
/// multipart/form-data body with several files (in order, after the fields).
std::string multipart_files(const std::vector<std::pair<std::string, std::string>>& fields,
                            const std::vector<UploadPart>& files, std::string& content_type);
/// GET /firm and return the CSRF token (also stored in `jar`).
std::string csrf(Jar& jar);

/// Sends `bytes` as they are on a new loopback connection to the test server (port 0: the shared
/// one) and returns everything the server sends back until it closes the connection or
/// `quiet_ms` pass without a byte (framing tests: what a raw client sees).
/// `closed` (when given): whether the server closed the connection (rather than falling quiet).
std::string raw_http(const std::string& bytes, int quiet_ms = 1500, unsigned short port = 0,
                     bool* closed = nullptr);

/// Output and exit code of a program run from the source root (stdout and stderr together).
struct Run {
  int rc = -1;
  std::string output;
};
Run run_program(const std::string& exe, const std::vector<std::string>& args, int timeout_s = 20);

/// Runs the greengate CLI from the source root; returns stdout.
std::string run_cli(const std::vector<std::string>& args);
std::string read_file(const std::string& path);
std::string source_dir();
/// The firm form as greengate-web builds it from the bundled data (loaded once).
const web::FirmFormDef& bundled_form();
/// The content of the data: link with element id `id` in `html` (base64-decoded).
std::string data_link(const std::string& html, const std::string& id);

}  // namespace greengate::webtest
