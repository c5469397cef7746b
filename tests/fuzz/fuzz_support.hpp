#pragma once
// Shared parts of the libFuzzer harnesses (tests/fuzz/README.md): the real data set, loaded once
// per process, and a file for the loaders that read paths.

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "greengate/calc/dataset.hpp"
#include "greengate/rules/rule_set.hpp"

namespace greengate::fuzz {

inline const std::string& source_dir() {
  static const std::string dir = [] {
    const char* env = std::getenv("GREENGATE_SOURCE_DIR");
    return std::string(env && *env ? env : GREENGATE_SOURCE_DIR);
  }();
  return dir;
}

inline const calc::Dataset& dataset() {
  static const calc::Dataset ds = calc::load_dataset(source_dir()).get();
  return ds;
}

inline const rules::RuleSet& money() {
  static const auto set = rules::load_rules(source_dir() + "/rules/cbam/money.xml", "rules/cbam/money.xml").get();
  return set;
}

/// The input as a file the path-based loaders can open: an in-memory file (memfd) rewritten for
/// each input, named by its /proc/self/fd path.
class InputFile {
 public:
  InputFile() : fd_(::memfd_create("greengate-fuzz", 0)), path_("/proc/self/fd/" + std::to_string(fd_)) {}
  const std::string& write(std::string_view data) {
    if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, data.data(), data.size(), 0) != static_cast<ssize_t>(data.size()))
      std::abort();
    return path_;
  }

 private:
  int fd_;
  std::string path_;
};

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace greengate::fuzz
