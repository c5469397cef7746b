#include "csv_download.hpp"

#include <cctype>

namespace greengate::web {

CsvDialect csv_dialect(std::string_view field, std::string_view lang) {
  if (field == "excel-tr") return CsvDialect::excel_tr;
  if (field == "rfc4180") return CsvDialect::rfc4180;
  return lang == "tr" ? CsvDialect::excel_tr : CsvDialect::rfc4180;
}

const char* csv_dialect_name(CsvDialect d) { return d == CsvDialect::excel_tr ? "excel-tr" : "rfc4180"; }

namespace {

bool is_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  auto digits = [&] {
    std::size_t from = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i > from;
  };
  if (!digits()) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

void append_excel_tr_field(std::string& out, std::string value) {
  if (is_number(value)) {
    for (auto& c : value)
      if (c == '.') c = ',';
    out += value;  // digits, '-', ',' and 'e': never needs quotes
    return;
  }
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                         value[0] == '\t' || value[0] == '\r'))
    value.insert(0, 1, '\'');
  if (value.find_first_of(";\"\r\n") == std::string::npos) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string csv_in_dialect(std::string_view csv, CsvDialect d) {
  if (d == CsvDialect::rfc4180) return std::string(csv);
  std::string out = "\xEF\xBB\xBF";
  out.reserve(csv.size() + csv.size() / 8 + 3);
  std::string field;
  bool in_quotes = false, at_field_start = true, record_has_field = false;
  auto end_field = [&] {
    append_excel_tr_field(out, std::move(field));
    field.clear();
    at_field_start = true;
  };
  for (std::size_t i = 0; i < csv.size(); ++i) {
    char c = csv[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < csv.size() && csv[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"' && at_field_start) {
      in_quotes = true;
      at_field_start = false;
      record_has_field = true;
      continue;
    }
    if (c == ',') {
      end_field();
      out += ';';
      record_has_field = true;
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (record_has_field || !field.empty()) end_field();
      out += c;
      record_has_field = false;
      continue;
    }
    field += c;
    at_field_start = false;
    record_has_field = true;
  }
  if (record_has_field || !field.empty()) end_field();
  return out;
}

}  // namespace greengate::web
