#pragma once
// .xlsx workbooks (Office Open XML SpreadsheetML): reading cell values, and editing a workbook
// in place so that everything not edited stays as it was.
//
// Workbook reads the sheet list (with hidden sheets), shared strings (rich text runs joined,
// phonetic runs left out), inline strings, numbers, booleans, errors, formulas with their cached
// values, the number format of every cell (so dates are told from numbers, in the 1900 and 1904
// date systems) and the external links a workbook declares. Worksheets are parsed when first
// asked for. Cells are addressed by row and column, both from 1.
//
// WorkbookEditor writes values into cells of an existing workbook: every other byte of the
// package (styles, formulas, data validations, defined names, hidden sheets, drawings …) is kept.
// On save it can drop the cached values of formula cells (so that Excel and LibreOffice
// recalculate them on opening), drops the calculation chain and sets full recalculation on load.
// Writing a value into a cell that holds a formula is refused (InternalError).

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "greengate/exchange/zip_archive.hpp"
#include "greengate/provenance.hpp"

namespace greengate::exchange {

/// "L18" or "$L$18" → row 18, column 12; nullopt for anything else.
struct CellRef {
  int row = 0, col = 0;
};
std::optional<CellRef> parse_ref(std::string_view a1);
std::string column_name(int col);           ///< 12 → "L"
std::string ref_name(int row, int col);     ///< (18, 12) → "L18"

enum class CellType { empty, number, text, boolean, error };

struct Cell {
  CellType type = CellType::empty;
  double number = 0;      ///< numbers, booleans (0/1)
  std::string text;       ///< text, or the error code ("#N/A")
  bool formula = false;   ///< the cell holds a formula; a value is then its cached result
  std::string formula_text;  ///< the formula without '=' (empty for shared-formula followers)
  int style = 0;          ///< index into the workbook's cell formats
  bool has_value() const { return type != CellType::empty; }
};

struct SheetInfo {
  std::string name;
  std::string part;  ///< "xl/worksheets/sheet8.xml"
  bool hidden = false;
};

class Worksheet {
 public:
  const std::string& name() const { return name_; }
  const Cell* cell(int row, int col) const;
  const Cell* cell(std::string_view a1) const;
  std::size_t size() const { return cells_.size(); }
  /// Every non-empty cell, in no particular order, with its (row, col).
  template <class F> void for_each(F f) const {
    for (const auto& [k, c] : cells_) f(static_cast<int>(k >> 20), static_cast<int>(k & 0xfffff), c);
  }

 private:
  friend class Workbook;
  std::string name_;
  int max_row_ = 0;  ///< 0: every row was read
  std::unordered_map<std::uint64_t, Cell> cells_;
};

/// The parts every OOXML spreadsheet package has: which worksheet is where.
struct Package {
  std::unique_ptr<ZipArchive> zip;
  std::string workbook_part;  ///< "xl/workbook.xml"
  std::vector<SheetInfo> sheets;
  std::vector<std::string> external_links;  ///< targets of the workbook's external-link parts
  bool date1904 = false;
  /// Parses the archive's package structure; InputError when it is not a spreadsheet.
  static Package open(std::string bytes, const std::string& display, ZipLimits limits);
  const SheetInfo* find_sheet(std::string_view name) const;
};

class Workbook {
 public:
  Workbook(std::string bytes, std::string display, ZipLimits limits = {});
  const std::string& display() const { return display_; }
  const std::vector<SheetInfo>& sheets() const { return pkg_.sheets; }
  bool has_sheet(std::string_view name) const { return pkg_.find_sheet(name) != nullptr; }
  /// The worksheet called `name`, parsed on first use; with `max_row` only its first rows (a
  /// later call that needs more parses it again). Throws InputError when there is none.
  const Worksheet& sheet(std::string_view name, int max_row = 0);
  /// Whether the cell's number format shows a date (or time).
  bool is_date(const Cell& c) const;
  /// A date serial number of this workbook's date system as a calendar date.
  std::optional<Date> date_of(double serial) const;
  const std::vector<std::string>& external_links() const { return pkg_.external_links; }
  const ZipArchive& archive() const { return *pkg_.zip; }

 private:
  void load_shared_strings();
  void load_styles();
  std::string display_;
  Package pkg_;
  std::vector<std::string> shared_;
  std::vector<bool> date_styles_;
  std::map<std::string, Worksheet, std::less<>> parsed_;
};

class WorkbookEditor {
 public:
  WorkbookEditor(std::string bytes, std::string display);
  void set_number(std::string_view sheet, int row, int col, double v);
  void set_text(std::string_view sheet, int row, int col, std::string text);
  void set_bool(std::string_view sheet, int row, int col, bool v);
  void clear(std::string_view sheet, int row, int col);
  /// A formula (without '=') with its cached value; for building test workbooks.
  void set_formula(std::string_view sheet, int row, int col, std::string formula, double cached);
  void rename_sheet(std::string_view from, std::string to);
  /// Adds (or replaces) a package member as it is, e.g. an external-link part.
  void put_member(std::string name, std::string content);
  /// Replaces a member's content after the edits of this editor: f(old) → new.
  void patch_member(std::string name, std::string (*f)(const std::string&));

  struct SaveOptions {
    bool recalculate = true;  ///< drop cached values, the calc chain; full recalculation on load
    std::set<std::string, std::less<>> keep_cached;  ///< sheets whose cached values stay
    int level = 1;  ///< deflate level of rewritten members
  };
  std::string save(const SaveOptions& options);

 private:
  struct Edit {
    enum class Kind { number, text, boolean, clear, formula } kind = Kind::clear;
    double number = 0;
    std::string text;
  };
  Edit& edit(std::string_view sheet, int row, int col);
  std::string display_;
  Package pkg_;
  std::map<std::string, std::map<std::pair<int, int>, Edit>, std::less<>> edits_;  ///< by part
  std::map<std::string, std::string, std::less<>> renames_;
  std::map<std::string, std::string> put_;
  std::vector<std::pair<std::string, std::string (*)(const std::string&)>> patches_;
};

}  // namespace greengate::exchange
