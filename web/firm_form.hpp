#pragma once
// The firm assessment form: sections mirroring firm format v1 (docs/firm-format.md), each a
// table of rows whose cells hold exactly what the user typed. Pure functions, no sockets:
//   fields -> FirmForm -> firm XML (with the form row that produced each line)
//   loader diagnostics (file:line + "'attribute'") -> errors next to the cell or row
//   firm XML -> FirmForm (to edit an uploaded or saved file)
// The XML then goes through model::parse_firm like any uploaded file: one validator. The form
// only maps cells to attributes and rows to elements; it checks nothing the loader checks and
// computes nothing (STYLE.md P1).
//
// Rows refer to their parents by id: a process row names its installation, a stream row its
// installation and process (no process: a stream shared by the installation, whose shares are
// attribution rows), a mass-balance input/output or attribution row its installation and stream,
// a fact or evidence row its activity.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "greengate/error.hpp"
#include "greengate/text/number_reader.hpp"

namespace greengate::factors {
class FactorLibrary;
}

namespace greengate::web {

struct ColumnDef {
  std::string key;    ///< field-name part: "inst", "id", "quantity"
  /// XML attribute it becomes; "" for the parent-reference columns and for "dir" of the
  /// mass-balance section (the element name: input or output)
  std::string attr;
  std::vector<std::string> options;  ///< non-empty: a select with these values
  int size = 10;      ///< input width
};

/// An attribute the form writes itself because firm format v1 allows exactly one value for it
/// (factor-unit="tCO2e/t" next to a factor …): written when `column` is non-empty (and equals
/// `equals` when that is set); always when `column` is empty.
struct FixedAttr {
  std::string attr, value;
  std::string column, equals;
};

struct SectionDef {
  std::string key;    ///< "firm", "inst", "proc", "stream", "flow", "attr", "elec", "heat", …
  std::vector<ColumnDef> columns;
  bool single = false;  ///< exactly one row (the firm)
  std::vector<FixedAttr> fixed{};
};

/// The choices of the form's selects that the engine decides (issue 13): read once from the data
/// at start, never typed in web/, so that the form offers what the loader accepts and the library
/// computes, and a fuel added to factors/ is offered without a change here.
struct FormChoices {
  /// A process's category: the goods categories a <process> may have (model/firm_vocabulary.hpp).
  std::vector<std::string> categories;
  /// A combustion stream's fuel: the library's fuels (factors::library_fuels).
  std::vector<std::string> fuels;
  /// A process's benchmark route: the IR 2025/2620 route indicators (model::kRouteIndicators).
  std::vector<std::string> routes;
};

/// The choices for `lib`: categories and routes as the firm loader accepts them, fuels from `lib`.
FormChoices form_choices(const factors::FactorLibrary& lib);

/// The form's sections with the selects filled from a FormChoices. Built once (AppContext) and
/// shared read-only by request threads; every function that reads or writes the form takes it.
class FirmFormDef {
 public:
  explicit FirmFormDef(FormChoices choices);
  const FormChoices& choices() const { return choices_; }
  const std::vector<SectionDef>& sections() const { return sections_; }
  /// The section with key `key`, or nullptr.
  const SectionDef* section(const std::string& key) const;

 private:
  FormChoices choices_;
  std::vector<SectionDef> sections_;
};

using FormRow = std::map<std::string, std::string>;

/// An element of the firm file the form does not edit but carries unchanged: the footprint
/// extension (docs/firm-format.md: <mobile>, <refrigerant>, <instrument> of an installation;
/// <building>, <product> and <hydrogen> of the firm). `xml` is the element as read; `parent` the id of its
/// installation ("" = a child of <firm>); `label` what the page lists ("<mobile id=\"x\">").
struct KeptElement {
  std::string parent, xml, label;
  bool operator==(const KeptElement&) const = default;
};
/// The tags kept, by parent: installation children and firm children.
bool kept_in_installation(const std::string& tag);
bool kept_in_firm(const std::string& tag);

struct FirmForm {
  std::map<std::string, std::vector<FormRow>> rows;  ///< section key -> rows
  std::vector<KeptElement> kept;  ///< written back unchanged (hidden fields kept.*)
  /// "sec.i.col" (next to a cell) or "sec.i" (the row) -> messages
  std::map<std::string, std::vector<std::string>> errors;
  std::string name;  ///< assessment name
  std::string year;  ///< import year for default values (2026-2034)
  std::string price; ///< certificate price, EUR/tCO2e as typed ("" = published prices)
  bool has_errors() const { return !errors.empty(); }
};

/// An empty form with one row in each section.
FirmForm empty_firm_form(const FirmFormDef& def);

/// Reads "sec.n" and "sec.i.col" fields, and the kept elements ("kept.n", "kept.i.parent",
/// "kept.i.c" chunks "kept.i.0" …). `get` returns "" for absent fields. Values longer than
/// `max_len` are refused (an error on that cell; the value is kept, cut to max_len).
FirmForm form_from_fields(const FirmFormDef& def,
                          const std::function<std::string(const std::string&)>& get,
                          std::size_t max_len);

/// "add:SEC" appends an empty row; "del:SEC.I" removes row I. Unknown ops are ignored.
void apply_row_op(const FirmFormDef& def, FirmForm& form, const std::string& op);

struct FirmXml {
  std::string xml;
  std::vector<std::string> line_owner;  ///< index = line number: "sec.i" or ""
  /// "stream.i" -> the rows written as its children ("flow.j", "attr.k"), in order
  std::map<std::string, std::vector<std::string>> children;
};

/// Serialises the form as a firm v1 file. Rows whose installation/process/stream/activity
/// reference matches no row become errors on that cell (form.errors) and are left out. Empty
/// rows are skipped.
FirmXml form_to_xml(const FirmFormDef& def, FirmForm& form);

/// Puts each diagnostic next to the cell (or row) whose XML line and attribute it names; those it
/// cannot place are appended to `unplaced`.
void place_diagnostics(const FirmFormDef& def, FirmForm& form, const FirmXml& xml, const Diagnostics& diags,
                       Diagnostics& unplaced);

/// The attributes of firm format v1 that hold numbers people type (quantities, factors, shares…).
bool number_attr(const std::string& attr);

/// Numbers typed in the page's convention (issue 14): every number cell read with
/// text::read_number and rewritten as the plain number the firm file takes ("48.000" on a Turkish
/// page becomes 48000, never 48); a cell that cannot be read, or reads two ways, gets `message`
/// of the reading next to it. Call before form_to_xml.
void read_form_numbers(const FirmFormDef& def, FirmForm& form, text::Convention c,
                       const std::function<std::string(const std::string&, const text::NumberRead&)>& message);
/// The reverse, for a form filled from a file: plain numbers written in the page's convention.
void show_form_numbers(const FirmFormDef& def, FirmForm& form, text::Convention c);

/// Fills a form from a firm file's XML. Elements the form cannot show (unknown elements, or an
/// attribute without a cell, such as a unit the format does not allow) are listed in
/// `not_shown` and left out; every element and attribute of firm format v1 has a cell.
FirmForm form_from_xml(const FirmFormDef& def, const std::string& xml,
                       std::vector<std::string>& not_shown);

}  // namespace greengate::web
