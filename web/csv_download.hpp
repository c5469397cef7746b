#pragma once
// CSV files for people: the engine writes one CSV dialect (text/csv.hpp: RFC 4180, ',' and '.',
// numbers at full precision without float noise, the same bytes as the CLI). Turkish Excel reads
// a CSV with the list separator and decimal mark of the Turkish locale (';' and ','), and takes a
// file for UTF-8 only when it starts with a byte-order mark; without these a Turkish user sees one
// column of text, "İzmir" as "Ä°zmir" and 254.1 as 2541. The web offers both dialects: the page's
// language picks the default, a form field (csv_dialect=excel-tr|rfc4180) overrides it.

#include <string>
#include <string_view>

namespace greengate::web {

enum class CsvDialect {
  rfc4180,   ///< ',' separator, '.' decimals, no BOM: the CLI's bytes (programs, English Excel)
  excel_tr,  ///< UTF-8 BOM, ';' separator, ',' decimals: Excel and LibreOffice in Turkish
};

/// The dialect a request asks for (`field`: "excel-tr" or "rfc4180"), else the language's.
CsvDialect csv_dialect(std::string_view field, std::string_view lang);
/// Its form value and its file name suffix ("excel-tr", "rfc4180").
const char* csv_dialect_name(CsvDialect d);

/// `csv` (the engine's RFC 4180 text) in dialect `d`. For excel_tr: the BOM, ';' between fields,
/// a number field (-?digits[.digits][e±digits]) with ',' as its decimal mark, fields quoted when
/// they hold ';', '"' or a line break; a text field that Excel would take for a formula (starting
/// with = + - @, a tab or CR) gets a leading apostrophe, so a typed name never runs as a formula.
/// Line breaks and everything else are kept. rfc4180: `csv` unchanged.
std::string csv_in_dialect(std::string_view csv, CsvDialect d);

}  // namespace greengate::web
