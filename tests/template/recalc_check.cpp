// Checks a template that LibreOffice has recalculated against what it should show.
//
//   recalc_check DATA_DIR YEAR RECALC.xlsx --firm FIRM[#INSTALLATION]   (a firm file or a template)
//       every good of FIRM (of that installation): Summary_Products and Summary_Communication SEE
//       (direct, indirect) = greengate emissions' see_direct, see_indirect (all indirect, as the
//       template computes)
//   recalc_check DATA_DIR YEAR RECALC.xlsx --original ORIGINAL.xlsx
//       every product row of ORIGINAL: the SEE it computed itself = the recalculated file's
//
// Rows are matched by process name (column D) and CN code (F); every expected row must be found
// with its SEE within 0.1 % (absolute 1e-9 for zeros). Exit 0 when all match, 1 otherwise, with
// one line per row.

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "greengate/calc/dataset.hpp"
#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/exchange/communication_template.hpp"
#include "greengate/exchange/workbook.hpp"
#include "greengate/model/firm.hpp"

namespace gx = greengate::exchange;
namespace u = greengate::units;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream o;
  o << in.rdbuf();
  return o.str();
}

struct Row {
  std::string process, cn;
  double direct = NAN, indirect = NAN;
};

// Summary_Products rows 10 … 109 or Summary_Communication rows 26 … 125 (D, F, I, J).
std::vector<Row> rows(gx::Workbook& wb, const std::string& sheet, int first) {
  std::vector<Row> out;
  const auto& s = wb.sheet(sheet);
  for (int r = first; r < first + 100; ++r) {
    const auto* d = s.cell(r, 4);
    if (!d || d->type != gx::CellType::text || d->text.empty()) continue;
    Row row;
    row.process = d->text;
    if (const auto* f = s.cell(r, 6)) row.cn = f->type == gx::CellType::text ? f->text : std::to_string(static_cast<long>(f->number));
    if (const auto* i = s.cell(r, 9); i && i->type == gx::CellType::number) row.direct = i->number;
    if (const auto* j = s.cell(r, 10); j && j->type == gx::CellType::number) row.indirect = j->number;
    out.push_back(row);
  }
  return out;
}

bool close(double got, double want) {
  if (std::isnan(got)) return false;
  return std::abs(got - want) <= std::max(1e-9, 1e-3 * std::abs(want));
}

int compare(const std::vector<Row>& want, const std::vector<Row>& got, const std::string& what) {
  int bad = 0;
  for (const auto& w : want) {
    const Row* g = nullptr;
    for (const auto& r : got)
      if (r.process == w.process && r.cn == w.cn) g = &r;
    if (!g) {
      std::cout << what << ": no row for process '" << w.process << "' CN " << w.cn << "\n";
      ++bad;
      continue;
    }
    bool ok = close(g->direct, w.direct) && close(g->indirect, w.indirect);
    std::printf("%s: %-40s %s  SEE direct %.6f (want %.6f)  indirect %.6f (want %.6f)  %s\n",
                what.c_str(), w.process.c_str(), w.cn.c_str(), g->direct, w.direct, g->indirect,
                w.indirect, ok ? "ok" : "MISMATCH");
    bad += ok ? 0 : 1;
  }
  if (want.empty()) {
    std::cout << what << ": nothing to compare\n";
    ++bad;
  }
  return bad;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::cerr << "usage: recalc_check DATA_DIR YEAR RECALC.xlsx --firm FIRM | --original ORIGINAL.xlsx\n";
    return 2;
  }
  try {
    auto data = greengate::calc::load_dataset(argv[1]).get();
    int year = std::stoi(argv[2]);
    std::string recalc = argv[3], mode = argv[4], other = argv[5];
    gx::Workbook wb(read(recalc), recalc);
    std::vector<Row> want;
    if (mode == "--firm") {
      std::string installation;
      if (auto hash = other.find('#'); hash != std::string::npos) {
        installation = other.substr(hash + 1);
        other.resize(hash);
      }
      greengate::model::Firm firm;
      if (gx::is_zip_file(other)) {
        auto imp = gx::import_template_file(other, other, data);
        if (!imp.ok()) throw greengate::InputError(imp.diagnostics.format());
        firm = imp.firm;
      } else {
        firm = greengate::model::load_firm(other, other).get();
      }
      greengate::calc::EmissionsOptions opt;
      opt.year = year;
      auto rep = greengate::calc::compute_emissions(firm, data, opt);
      // the names the exporter gives the processes
      std::map<std::string, std::string> names;
      for (const auto& in : firm.installations)
        for (const auto& p : in.processes) names[p.id] = p.name.empty() ? p.id : p.name;
      for (const auto& g : rep.goods) {
        if (g.process.empty()) continue;  // goods on defaults have no place in the template
        if (!installation.empty() && g.installation != installation) continue;
        want.push_back({names[g.process], g.cn.substr(0, 8), u::in_tco2e_per_tonne(g.see_direct),
                        u::in_tco2e_per_tonne(g.see_indirect)});
      }
    } else if (mode == "--original") {
      gx::Workbook orig(read(other), other);
      want = rows(orig, "Summary_Products", 10);
    } else {
      std::cerr << "recalc_check: unknown mode " << mode << "\n";
      return 2;
    }
    int bad = compare(want, rows(wb, "Summary_Products", 10), recalc + " Summary_Products");
    bad += compare(want, rows(wb, "Summary_Communication", 26), recalc + " Summary_Communication");
    return bad == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "recalc_check: " << e.what() << "\n";
    return 1;
  }
}
