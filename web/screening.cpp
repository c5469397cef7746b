#include "screening.hpp"

#include <Poco/DateTime.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Zip/Compress.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "greengate/report/screening_output.hpp"
#include "greengate/text/csv.hpp"

namespace greengate::web {

namespace fs = std::filesystem;

namespace {
std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}
}  // namespace

namespace {
bool bundled_firm_file(const std::string& v, const std::string& allowed_dir) {
  if (v.empty() || v.front() == '.' || v.find_first_of("/\\:") != std::string::npos) return false;
  if (std::filesystem::path(v).extension() != ".xml") return false;
  std::error_code ec;
  return std::filesystem::is_regular_file(std::filesystem::path(allowed_dir) / v, ec);
}
}  // namespace

std::string restrict_firm_files(std::string_view csv, const std::string& allowed_dir,
                                std::vector<DroppedFirmFile>& dropped) {
  Diagnostics ignored;  // the real read reports syntax problems with file:line
  auto recs = text::read_csv(csv, ignored, "");
  if (recs.empty()) return std::string(csv);
  std::optional<std::size_t> col;
  for (std::size_t c = 0; c < recs.front().cells.size(); ++c) {
    auto name = trim(recs.front().cells[c]);
    if (name == "firm_file" || name == "firm-file") col = c;
  }
  if (!col) return std::string(csv);
  // Replace from the end so that earlier offsets stay valid; a blanked cell keeps its line breaks.
  std::string out(csv);
  for (auto r = recs.size(); r-- > 1;) {
    const auto& rec = recs[r];
    if (rec.cells.size() <= *col) continue;
    auto [begin, end] = rec.spans[*col];
    auto v = trim(rec.cells[*col]);
    if (v.empty() || bundled_firm_file(v, allowed_dir)) continue;
    auto breaks = std::count(csv.begin() + static_cast<std::ptrdiff_t>(begin),
                             csv.begin() + static_cast<std::ptrdiff_t>(end), '\n');
    std::string blank;
    if (breaks) {
      blank.assign(1, '"');
      blank.append(static_cast<std::size_t>(breaks), '\n');
      blank.push_back('"');
    }
    out.replace(begin, end - begin, blank);
    dropped.push_back({rec.line, v});
  }
  std::reverse(dropped.begin(), dropped.end());
  return out;
}


std::vector<BundledCall> load_bundled_calls(const std::string& data_dir, Diagnostics& problems) {
  std::vector<BundledCall> out;
  std::error_code ec;
  fs::path dir = fs::path(data_dir) / "rules" / "calls";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".xml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto name = f.filename().string();
    auto loaded = calc::load_call(f.string(), "rules/calls/" + name, data_dir + "/rules/taxonomy");
    if (!loaded.ok() || loaded.get().calls().size() != 1) {
      problems.append(loaded.diagnostics());
      continue;
    }
    BundledCall c;
    c.file = name;
    c.set = std::move(loaded).get();
    c.id = c.set.calls().front().id;
    c.label = c.set.calls().front().label;
    out.push_back(std::move(c));
  }
  return out;
}

std::string display_name(std::string_view client_name, const std::string& fallback) {
  auto slash = client_name.find_last_of("/\\");
  if (slash != std::string_view::npos) client_name.remove_prefix(slash + 1);
  std::string out(client_name.substr(0, 100));
  // Control characters would garble file:line messages.
  out.erase(std::remove_if(out.begin(), out.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }),
            out.end());
  return out.empty() ? fallback : out;
}

void run_screening(const AppContext& app, const ScreenInput& in, ScreenRun& run) {
  // ---- the call: bundled (loaded at start) or uploaded (read through a temporary file) --------
  if (!in.call_xml.empty()) {
    Poco::TemporaryFile tmp;
    {
      std::ofstream f(tmp.path(), std::ios::binary);
      f << in.call_xml;
      if (!f) throw std::runtime_error("cannot write a temporary file for the call");
    }
    // Messages name the uploaded file, never the temporary path.
    run.uploaded_set = calc::load_call(tmp.path(), in.call_name, app.data_dir + "/rules/taxonomy").get();
    if (run.uploaded_set.calls().size() != 1) {
      Diagnostics d;
      d.error({in.call_name, 1}, "the file must define exactly one <call> (found " +
                                     std::to_string(run.uploaded_set.calls().size()) + ")");
      throw DefinitionError(d);
    }
    run.set = &run.uploaded_set;
  } else {
    if (app.calls)
      for (const auto& c : *app.calls)
        if (c.file == in.call) run.set = &c.set;
    if (!run.set) throw HttpError(400, "err.screen_no_call");
  }
  // ---- the applicants: firm files only from examples/ ---------------------------------------
  if (in.csv.empty()) throw HttpError(400, "err.screen_no_applicants");
  auto examples = app.data_dir + "/examples";
  auto csv = restrict_firm_files(in.csv, examples, run.dropped);
  auto applicants = calc::parse_applicants_csv(csv, in.csv_name, *run.set, examples).get();
  // ---- screen: the ranked list; one full record at a time with calc::explain -----------------
  run.options.data = [&app]() -> const calc::Dataset& { return app.data; };
  run.options.details = false;
  run.report = calc::screen(*run.set, applicants, run.options);
}

std::size_t applicant_index(const ScreenRun& run, const std::string& id) {
  const auto& rs = run.report.results;
  for (std::size_t i = 0; i < rs.size(); ++i)
    if (rs[i].applicant.id == id) return i;
  throw HttpError(404, "err.not_found");
}

std::string screening_zip(const ScreenRun& run, const std::string& lang) {
  auto l = lang == "tr" ? report::Lang::tr : report::Lang::en;
  std::ostringstream out;
  Poco::Zip::Compress zip(out, true);
  Poco::DateTime now;
  auto add = [&](const std::string& name, const std::string& text) {
    std::istringstream in(text);
    zip.addFile(in, now, Poco::Path(name, Poco::Path::PATH_UNIX), Poco::Zip::ZipCommon::CM_DEFLATE,
                Poco::Zip::ZipCommon::CL_NORMAL);
  };
  add("index.html", report::screening_index_html(run.report, l));
  add("ranked.csv", report::screening_csv(run.report));
  for (std::size_t i = 0; i < run.report.results.size(); ++i) {
    auto full = calc::explain(*run.set, run.report, i, run.options);
    add(report::applicant_page_name(full.applicant), report::applicant_html(run.report, full, l));
  }
  zip.close();
  return out.str();
}

}  // namespace greengate::web
