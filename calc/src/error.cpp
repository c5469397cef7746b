#include "greengate/error.hpp"

namespace greengate {

std::string SourcePos::str() const {
  if (file.empty()) return {};
  if (!cell.empty()) return file + ":" + cell;
  if (line <= 0) return file;
  if (column <= 0) return file + ":" + std::to_string(line);
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string Diagnostic::format() const {
  std::string out = pos.str();
  if (!out.empty()) out += ": ";
  switch (severity) {
    case Severity::error: out += "error: "; break;
    case Severity::warning: out += "warning: "; break;
    case Severity::note: out += "note: "; break;
  }
  return out + message;
}

void Diagnostics::error(SourcePos pos, std::string message) {
  items_.push_back({Severity::error, std::move(pos), std::move(message)});
}
void Diagnostics::warning(SourcePos pos, std::string message) {
  items_.push_back({Severity::warning, std::move(pos), std::move(message)});
}
void Diagnostics::note(SourcePos pos, std::string message) {
  items_.push_back({Severity::note, std::move(pos), std::move(message)});
}
void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}
bool Diagnostics::has_errors() const { return error_count() > 0; }
std::size_t Diagnostics::error_count() const {
  std::size_t n = 0;
  for (const auto& d : items_) n += d.severity == Severity::error ? 1 : 0;
  return n;
}
std::string Diagnostics::format() const {
  std::string out;
  for (const auto& d : items_) {
    if (!out.empty()) out += '\n';
    out += d.format();
  }
  return out;
}

DefinitionError::DefinitionError(Diagnostics diags)
    : Error(diags.format()), diagnostics_(std::move(diags)) {}

}  // namespace greengate
