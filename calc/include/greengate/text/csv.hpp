#pragma once
// CSV, one dialect for every file GreenGate reads or writes (RFC 4180): fields separated by ',',
// records by LF or CRLF; a field may be quoted with '"', and then holds commas, line breaks and
// doubled quotes ("" is one quote). GreenGate's own additions, the same for every reader: a UTF-8
// byte-order mark at the start is skipped, a line whose first character is '#' is a comment,
// blank lines are skipped. Fields are returned as written (quotes removed, nothing trimmed): a
// reader that wants trimmed values trims them itself.
//
// The batch's line scanner is specialised for speed (calc/src/calc/batch.cpp) and is tested to
// read the same fields as this reader.

#include <string>
#include <string_view>
#include <vector>

#include "greengate/error.hpp"

namespace greengate::text {

struct CsvRecord {
  int line = 0;  ///< line of the file where the record starts (from 1)
  std::vector<std::string> cells;
  /// Byte range of each cell in the text, quotes included (for rewriting a cell in place).
  std::vector<std::pair<std::size_t, std::size_t>> spans;
};

/// Every record of `text`. An unterminated quoted field is an error at the line it starts on.
std::vector<CsvRecord> read_csv(std::string_view text, Diagnostics& diags, const std::string& display);

/// Appends `s` as one CSV field: quoted (with doubled quotes) when it holds ',', '"', CR or LF.
void append_csv_field(std::string& out, std::string_view s);
std::string csv_field(std::string_view s);

}  // namespace greengate::text
