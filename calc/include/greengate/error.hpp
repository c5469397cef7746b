#pragma once
// Error hierarchy and diagnostics (STYLE.md P12/P13).
//
// Loaders collect every problem as a Diagnostic (file:line, severity, message) and keep going, so
// users see all problems in one run. Exceptions are for failures: InputError (bad firm data or
// command input), DefinitionError (bad rule or factor files; carries all diagnostics), UnitError
// (unknown unit or wrong dimension) and InternalError (a bug).

#include <stdexcept>
#include <string>
#include <vector>

namespace greengate {

struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;  ///< 1-based, in characters; 0 when not known
  /// A spreadsheet cell or range for values read from a workbook ("B_EmInst!L18"); when set it
  /// takes the place of line and column: "file.xlsx:B_EmInst!L18".
  std::string cell{};
  std::string str() const;  ///< "file:line:column", "file:line", "file:sheet!cell", "file" or "" as available
};

enum class Severity { error, warning, note };

struct Diagnostic {
  Severity severity = Severity::error;
  SourcePos pos;
  std::string message;
  /// Compiler style: "factors/x.xml:42: error: message".
  std::string format() const;
};

class Diagnostics {
 public:
  void error(SourcePos pos, std::string message);
  void warning(SourcePos pos, std::string message);
  void note(SourcePos pos, std::string message);
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void append(const Diagnostics& other);
  bool has_errors() const;
  std::size_t error_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }
  /// All diagnostics, one formatted line each.
  std::string format() const;

 private:
  std::vector<Diagnostic> items_;
};

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class InputError : public Error {
 public:
  explicit InputError(const std::string& what, Diagnostics diags = {})
      : Error(what), diagnostics_(std::move(diags)) {}
  const Diagnostics& diagnostics() const { return diagnostics_; }

 private:
  Diagnostics diagnostics_;
};

class DefinitionError : public Error {
 public:
  explicit DefinitionError(Diagnostics diags);
  DefinitionError(const std::string& what, Diagnostics diags)
      : Error(what), diagnostics_(std::move(diags)) {}
  const Diagnostics& diagnostics() const { return diagnostics_; }

 private:
  Diagnostics diagnostics_;
};

class UnitError : public Error {
 public:
  using Error::Error;
};

class InternalError : public Error {
 public:
  using Error::Error;
};

/// A loader's value together with everything it found wrong. get() throws DefinitionError (or
/// InputError when `input` is set) if there are errors.
template <class T> class LoadResult {
 public:
  LoadResult(T value, Diagnostics diags, bool input = false)
      : value_(std::move(value)), diags_(std::move(diags)), input_(input) {}
  bool ok() const { return !diags_.has_errors(); }
  const Diagnostics& diagnostics() const { return diags_; }
  T& get() & {
    check();
    return value_;
  }
  T&& get() && {
    check();
    return std::move(value_);
  }

 private:
  void check() const {
    if (!diags_.has_errors()) return;
    if (input_) throw InputError(diags_.format(), diags_);
    throw DefinitionError(diags_);
  }
  T value_;
  Diagnostics diags_;
  bool input_;
};

}  // namespace greengate
