#include "greengate/text/csv.hpp"

#include "greengate/utf8.hpp"

namespace greengate::text {

namespace {
bool blank_text(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}
}  // namespace

std::vector<CsvRecord> read_csv(std::string_view text, Diagnostics& diags, const std::string& display) {
  std::vector<CsvRecord> out;
  // Text must be UTF-8: an error at the line and column of the first bad byte, and no records
  // (issue 15, defect 9).
  if (utf8::report_invalid(text, display, diags)) return out;
  CsvRecord rec;
  std::string cell;
  bool quoted = false, in_cell = false;
  int line = 1, quote_line = 0;
  rec.line = 1;
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // UTF-8 byte-order mark
  std::size_t begin = i;
  auto end_cell = [&](std::size_t at) {
    rec.cells.push_back(cell);
    rec.spans.emplace_back(begin, at);
    cell.clear();
    begin = at + 1;
  };
  auto end_record = [&](std::size_t at) {
    end_cell(at);
    bool blank = rec.cells.size() == 1 && blank_text(rec.cells[0]);
    if (!blank) out.push_back(std::move(rec));
    rec = CsvRecord{};
    in_cell = false;
  };
  for (; i < text.size(); ++i) {
    char ch = text[i];
    if (quoted) {
      if (ch == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (ch == '\n') ++line;
        cell += ch;
      }
      continue;
    }
    if (ch == '#' && !in_cell && rec.cells.empty() && cell.empty()) {  // comment line
      while (i < text.size() && text[i] != '\n') ++i;
      ++line;
      rec.line = line;
      begin = i + 1;
      continue;
    }
    if (ch == '"' && blank_text(cell)) {
      cell.clear();
      quoted = true;
      quote_line = line;
      in_cell = true;
    } else if (ch == ',') {
      end_cell(i);
      in_cell = true;
    } else if (ch == '\n') {
      end_record(i);
      ++line;
      rec.line = line;
    } else if (ch != '\r') {
      cell += ch;
      in_cell = true;
    }
  }
  if (quoted) diags.error({display, quote_line}, "unterminated quoted field");
  if (in_cell || !cell.empty() || !rec.cells.empty()) end_record(text.size());
  return out;
}

void append_csv_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) {
    out.append(s);
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string csv_field(std::string_view s) {
  std::string out;
  append_csv_field(out, s);
  return out;
}

}  // namespace greengate::text
