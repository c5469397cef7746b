#include "args.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace greengate::cli {

Args::Args(const std::vector<std::string>& argv, const ArgSpec& spec, const std::string& command)
    : command_(command) {
  bool only_positional = false;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (only_positional || a.size() < 2 || a.rfind("--", 0) != 0) {
      if (!only_positional && a.size() > 1 && a[0] == '-' && a != "-")
        throw UsageError(command + ": unknown option '" + a + "'", "usage.unknown_option", {command, a});
      positional_.push_back(a);
      continue;
    }
    if (a == "--") {
      only_positional = true;
      continue;
    }
    std::string name = a.substr(2), value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    if (spec.flags.count(name)) {
      if (has_value)
        throw UsageError(command + ": option --" + name + " takes no value", "usage.takes_no_value", {command, name});
      flags_.insert(name);
    } else if (spec.options.count(name)) {
      if (!has_value) {
        if (i + 1 >= argv.size())
          throw UsageError(command + ": option --" + name + " needs a value", "usage.needs_value", {command, name});
        value = argv[++i];
      }
      if (options_.count(name) && !spec.repeated.count(name))
        throw UsageError(command + ": option --" + name + " given twice", "usage.given_twice", {command, name});
      options_.emplace(name, value);
    } else {
      throw UsageError(command + ": unknown option '--" + name + "' (see greengate " + command + " --help)",
                       "usage.unknown_option_help", {command, name});
    }
  }
}

std::optional<std::string> Args::get(const std::string& name) const {
  auto it = options_.find(name);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Args::all(const std::string& name) const {
  std::vector<std::string> out;
  auto [b, e] = options_.equal_range(name);
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

std::string Args::get_or(const std::string& name, const std::string& fallback) const {
  auto v = get(name);
  return v ? *v : fallback;
}

std::optional<int> Args::integer(const std::string& name, int lo, int hi) const {
  auto v = get(name);
  if (!v) return std::nullopt;
  int out = 0;
  auto r = std::from_chars(v->data(), v->data() + v->size(), out);
  if (r.ec != std::errc{} || r.ptr != v->data() + v->size() || out < lo || out > hi)
    throw UsageError(command_ + ": --" + name + " must be a whole number from " + std::to_string(lo) + " to " +
                         std::to_string(hi) + " (got \"" + *v + "\")",
                     "usage.whole_number", {command_, name, std::to_string(lo), std::to_string(hi), *v});
  return out;
}

std::optional<double> Args::number(const std::string& name) const {
  auto v = get(name);
  if (!v) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(v->c_str(), &end);
  if (v->empty() || *end != '\0' || !std::isfinite(d))
    throw UsageError(command_ + ": --" + name + " must be a number with '.' as decimal separator (got \"" + *v + "\")",
                     "usage.number", {command_, name, *v});
  return d;
}

std::string Args::format(const std::vector<std::string>& allowed) const {
  auto v = get("format");
  if (!v) return allowed.front();
  for (const auto& a : allowed)
    if (a == *v) return a;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  throw UsageError(command_ + ": --format must be one of " + list + " (got \"" + *v + "\")", "usage.format",
                   {command_, list, *v});
}

}  // namespace greengate::cli
