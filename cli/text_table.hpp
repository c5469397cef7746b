#pragma once
// Plain-text tables for the CLI's human output (UTF-8 aware column widths).

#include <ostream>
#include <string>
#include <vector>

namespace greengate::cli {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header, std::vector<bool> right_aligned = {});
  void row(std::vector<std::string> cells);
  void print(std::ostream& os, const std::string& indent = "  ") const;
  bool empty() const { return rows_.empty(); }

 private:
  std::vector<std::string> header_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

/// Number of code points (display width for the Latin/Turkish text we print).
std::size_t display_width(const std::string& s);

}  // namespace greengate::cli
