// libFuzzer: the EU Communication template importer (exchange::import_template: zip reader,
// workbook and shared strings, the five sheets it reads, the firm it builds, and the engine on a
// firm that loads). Input byte 0 picks what the rest is:
//   < 0x80: the XML of one part of a filled template (the Commission's cement example), chosen
//           by byte 0 among the parts the importer reads; the other parts stay as they are;
//   ≥ 0x80: a whole .xlsx archive.
// Seeds (run_fuzzers.sh): each of those parts as it is, and the bad archives of tests/data/bad.
#include "fuzz_support.hpp"

#include <array>
#include <fstream>
#include <sstream>

#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/exchange/communication_template.hpp"
#include "greengate/exchange/zip_archive.hpp"

namespace {

namespace gx = greengate::exchange;

/// The parts the importer reads (sheet files of the v2.1.1 template: A_InstData, B_EmInst,
/// D_Processes, E_PurchPrec, Summary_Products) and the shared strings.
constexpr std::array<const char*, 6> kParts = {"xl/worksheets/sheet5.xml", "xl/worksheets/sheet6.xml",
                                               "xl/worksheets/sheet8.xml", "xl/worksheets/sheet9.xml",
                                               "xl/worksheets/sheet13.xml", "xl/sharedStrings.xml"};

const gx::ZipArchive& example() {
  static const gx::ZipArchive zip = [] {
    const char* env = std::getenv("GREENGATE_SHARED_DIR");
    std::string dir = env && *env ? env : greengate::fuzz::source_dir() + "/../shared";
    std::ifstream in(dir + "/data/eu-templates/examples/example-cement.xlsx", std::ios::binary);
    std::ostringstream o;
    o << in.rdbuf();
    if (o.str().empty()) std::abort();  // the harness needs the Commission's example
    return gx::ZipArchive(o.str(), "example-cement.xlsx");
  }();
  return zip;
}

std::string with_part(const char* name, std::string_view xml) {
  const auto& zip = example();
  gx::ZipWriter w;
  for (const auto& m : zip.members()) {
    if (m.name == name) w.add(m.name, xml, 1, m.dos_time, m.dos_date);
    else w.add_raw(m, zip.raw(m));
  }
  return w.finish();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace gg = greengate;
  if (size == 0) return 0;
  auto rest = gg::fuzz::as_text(data + 1, size - 1);
  std::string bytes = data[0] < 0x80 ? with_part(kParts[data[0] % kParts.size()], rest) : std::string(rest);
  auto r = gx::import_template(std::move(bytes), "fuzz.xlsx", gg::fuzz::dataset());
  (void)r.diagnostics.format();
  if (!r.ok()) return 0;
  try {
    gg::calc::EmissionsOptions opt;
    (void)gg::calc::compute_emissions(r.firm, gg::fuzz::dataset(), opt);
  } catch (const gg::InputError&) {
  } catch (const gg::UnitError&) {
  } catch (const gg::DefinitionError&) {
  }
  return 0;
}
