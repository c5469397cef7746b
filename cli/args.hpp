#pragma once
// Minimal command-line parsing for the greengate CLI: positionals plus --name VALUE / --name=VALUE
// options and --flag switches, each declared by the command so that unknown options are usage
// errors (exit 2) naming the option.

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace greengate::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  /// `english`, which is also the catalogue's message `key` with `args`: the CLI says it in the
  /// user's language (report_error).
  UsageError(const std::string& english, std::string key, std::vector<std::string> args)
      : std::runtime_error(english), key_(std::move(key)), args_(std::move(args)) {}
  const std::string& key() const { return key_; }
  const std::vector<std::string>& args() const { return args_; }

 private:
  std::string key_;
  std::vector<std::string> args_;
};

struct ArgSpec {
  std::set<std::string> options;   ///< take a value
  std::set<std::string> flags;     ///< no value
  std::set<std::string> repeated;  ///< options that may repeat
};

class Args {
 public:
  Args(const std::vector<std::string>& argv, const ArgSpec& spec, const std::string& command);
  const std::vector<std::string>& positional() const { return positional_; }
  bool flag(const std::string& name) const { return flags_.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
  std::vector<std::string> all(const std::string& name) const;
  std::string get_or(const std::string& name, const std::string& fallback) const;
  /// Integer option in [lo, hi]; UsageError naming the option otherwise.
  std::optional<int> integer(const std::string& name, int lo, int hi) const;
  std::optional<double> number(const std::string& name) const;
  /// --format value restricted to `allowed`; default first element.
  std::string format(const std::vector<std::string>& allowed) const;

 private:
  std::string command_;
  std::vector<std::string> positional_;
  std::multimap<std::string, std::string> options_;
  std::set<std::string> flags_;
};

}  // namespace greengate::cli
