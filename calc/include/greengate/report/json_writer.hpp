#pragma once
// A small streaming JSON writer for machine outputs (CLI --format json, the web API).
// Numbers are written with full precision (17 significant digits, shortest round-trip form):
// machines get the engine's values, people get rounded text from number_format.hpp.

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "greengate/text/message.hpp"

namespace greengate::report {

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty = true) : pretty_(pretty) { out_.reserve(1024); }
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  /// A key that is a string literal of the code (a plain identifier): written without the
  /// escaping scan (the web API writes ~60 keys per answer). Debug builds check the literal.
  template <std::size_t N>
  JsonWriter& key(const char (&k)[N]) {
    const std::string_view s(k, __builtin_strlen(k));
    assert(s.find_first_of("\"\\") == std::string_view::npos &&
           std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }));
    return plain_key(s);
  }
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  /// Machine outputs carry the engine's English words.
  JsonWriter& value(const text::Message& m) { return value(std::string_view(m.en())); }
  JsonWriter& value(double d);
  JsonWriter& value(int i);
  JsonWriter& value(long long i);
  JsonWriter& value(std::size_t i) { return value(static_cast<long long>(i)); }
  JsonWriter& value(bool b);
  JsonWriter& null();
  /// A value that is JSON already (written by another non-pretty JsonWriter), inserted as is.
  JsonWriter& raw_value(std::string_view json);
  template <class T> JsonWriter& field(std::string_view k, const T& v) { return key(k).value(v); }
  template <std::size_t N, class T> JsonWriter& field(const char (&k)[N], const T& v) { return key(k).value(v); }
  const std::string& str() const { return out_; }

  static std::string escape(std::string_view s);
  static std::string number(double d);
  /// Appends number(d) to `out` without a temporary (batch outputs write millions of values).
  static void append_number(std::string& out, double d);

 private:
  JsonWriter& plain_key(std::string_view k);
  void before_value();
  void newline();
  std::string out_;
  std::vector<bool> first_;  ///< per open container: no element written yet
  bool after_key_ = false;
  bool pretty_;
};

}  // namespace greengate::report
