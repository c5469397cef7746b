#pragma once
// The Commission's "Communication template for installations" (CBAM, Excel, v2.1 of 2024-06-05
// and v2.1.1 of 2024-12-13): the file in which an installation's operator communicates the
// specific embedded emissions of its goods to the EU importer.
//
// import_template reads a filled template into a firm (firm format v1, docs/firm-format.md):
// A_InstData (installation, reporting period, goods categories and routes, production processes,
// purchased precursors), B_EmInst (source streams, PFC and measured emission sources: the
// installation's inventory), D_Processes (per process: production, DirEm*, heat, waste gases,
// electricity consumed and exported, output passed to other processes), E_PurchPrec (purchased
// precursors: amounts per process, SEE direct, specific electricity consumption and its factor)
// and Summary_Products (the CN codes each process makes). Every value keeps its cell as its
// source position ("FILE.xlsx:D_Processes!L54"). Problems are diagnostics naming sheet and cell;
// the template's own formulas are never trusted, only its input cells (a formula an operator
// typed into an input cell is read through its stored value).
//
// Where the template and the law differ, the law is applied and the difference is listed
// (`differences`): e.g. the template's definitive-period table marks ammonia's indirect emissions
// as not counted, while Reg. (EU) 2023/956 Annex II does not list fertilisers.
//
// export_template fills the official blank template (shipped in the data folder's templates/)
// with one installation of a firm: only input cells are written, the workbook is otherwise kept
// byte for byte, cached formula values are dropped, the calculation chain removed and full
// recalculation on load set, so that the template's own formulas compute the SEE when the buyer
// opens it. What the template cannot express is listed in `notes`.

#include <string>
#include <vector>

#include "greengate/calc/dataset.hpp"
#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/error.hpp"
#include "greengate/model/firm.hpp"

namespace greengate::exchange {

struct TemplateImport {
  model::Firm firm;
  Diagnostics diagnostics;             ///< errors (no usable firm), warnings and notes
  std::vector<calc::Gap> differences;  ///< settled differences (law against template …)
  std::string version;                 ///< "2.1.1 (2024-12-13)"
  bool ok() const { return !diagnostics.has_errors(); }
};

/// Reads a filled template held in `bytes`; `display` names it in positions and messages.
TemplateImport import_template(std::string bytes, const std::string& display,
                               const calc::Dataset& data);
/// Reads the template file at `path` (at most 64 MiB).
TemplateImport import_template_file(const std::string& path, const std::string& display,
                                    const calc::Dataset& data);

/// Whether `path` starts like a zip archive (an .xlsx); false for unreadable files.
bool is_zip_file(const std::string& path);

struct TemplateExportOptions {
  int year = 0;  ///< import year whose defaults and mark-ups apply (as in emissions); 0: the CBAM period's first
  std::string installation;  ///< which installation; may be empty when the firm has one
  /// The blank template's bytes; empty: read from blank_template_path(data.root).
  std::string blank_xlsx;
};

struct TemplateExport {
  std::string xlsx;     ///< the filled workbook
  Diagnostics notes;    ///< warnings: what the template cannot express, stand-ins written
  calc::EmissionsReport report;  ///< the emissions the template was filled from
  std::string version;  ///< of the blank filled: "2.1.1 (2024-12-13)"
};

/// The blank v2.1.1 template in a data folder: `root`/templates/eu-communication/….xlsx.
std::string blank_template_path(const std::string& data_root);

/// Fills the blank template with one installation of `firm`. Throws InputError when the firm
/// cannot be written (no such installation, more processes than the template's ten …),
/// DefinitionError when the blank template is missing, InternalError when it is not v2.1.1.
TemplateExport export_template(const model::Firm& firm, const calc::Dataset& data,
                               const TemplateExportOptions& options);

}  // namespace greengate::exchange
