#include "lines_out.hpp"

#include <bit>
#include <charconv>

#include "columns.hpp"
#include "greengate/report/json_writer.hpp"
#include "greengate/text/csv.hpp"

namespace greengate::calc::batch {

namespace {
// Numbers as JsonWriter writes them (the summary's too).
void append_number(std::string& out, double v) { report::JsonWriter::append_number(out, v); }
void append_uint(std::string& out, std::uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}
}  // namespace

std::string batch_lines_header() {
  return "line,declarant,year,quarter,cn_code,origin,quantity,unit,method,see,sefa,embedded_tco2e,faa_tco2e,"
         "art9_tco2e,certificates,price_eur,cost_eur,flags\n";
}

void append_batch_line_csv(std::string& o, const BatchLineRow& r) {
  append_uint(o, r.line);
  o += ',';
  text::append_csv_field(o, r.declarant);
  o += ',';
  append_uint(o, static_cast<std::uint64_t>(r.year));
  o += ',';
  if (r.quarter) {
    o += 'Q';
    o += static_cast<char>('0' + r.quarter);
  }
  o += ',';
  o += r.code;
  o += ',';
  o.append(r.origin, 2);
  o += ',';
  append_number(o, r.quantity);
  o += r.electricity ? ",MWh," : ",t,";
  o += r.method;
  if (r.computed) {
    o += ',';
    append_number(o, r.see);
    o += ',';
    append_number(o, r.sefa);
    o += ',';
    append_number(o, r.money.embedded_tco2e);
    o += ',';
    if (r.faa_known) append_number(o, r.money.faa_tco2e);
    o += ',';
    append_number(o, r.money.art9_tco2e);
    o += ',';
    append_number(o, r.money.certificates);
    o += ',';
    append_number(o, r.price);
    o += ',';
    append_number(o, r.money.cost_eur);
    o += ',';
  } else {
    o += ",,,,,,,,,";
  }
  bool first = true;
  for (unsigned f = r.flags; f; f &= f - 1) {
    if (!first) o += ';';
    first = false;
    o += flag_name(std::countr_zero(f));
  }
  o += '\n';
}

}  // namespace greengate::calc::batch
