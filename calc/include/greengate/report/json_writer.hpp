#pragma once
// A small streaming JSON writer for machine outputs (CLI --format json, the web API).
// Numbers are written with full precision (17 significant digits, shortest round-trip form):
// machines get the engine's values, people get rounded text from number_format.hpp.

#include <string>
#include <string_view>
#include <vector>

namespace greengate::report {

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty = true) : pretty_(pretty) {}
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(double d);
  JsonWriter& value(int i);
  JsonWriter& value(long long i);
  JsonWriter& value(std::size_t i) { return value(static_cast<long long>(i)); }
  JsonWriter& value(bool b);
  JsonWriter& null();
  template <class T> JsonWriter& field(std::string_view k, const T& v) { return key(k).value(v); }
  const std::string& str() const { return out_; }

  static std::string escape(std::string_view s);
  static std::string number(double d);
  /// Appends number(d) to `out` without a temporary (batch outputs write millions of values).
  static void append_number(std::string& out, double d);

 private:
  void before_value();
  void newline();
  std::string out_;
  std::vector<bool> first_;  ///< per open container: no element written yet
  bool after_key_ = false;
  bool pretty_;
};

}  // namespace greengate::report
