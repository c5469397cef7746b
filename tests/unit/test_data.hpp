#pragma once
// Shared test helpers: the real data set (loaded once) and inline firm files.

#include <map>
#include <string>

#include "greengate/calc/dataset.hpp"
#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/model/firm.hpp"
#include "greengate/rules/rule_set.hpp"

namespace greengate::test {

inline const std::string& source_dir() {
  static const std::string dir = GREENGATE_SOURCE_DIR;
  return dir;
}

inline const calc::Dataset& dataset() {
  static const calc::Dataset ds = calc::load_dataset(source_dir()).get();
  return ds;
}

/// A rule folder or file of the data set ("rules/taxonomy"), loaded once.
inline const rules::RuleSet& rules_in(const std::string& dir) {
  static std::map<std::string, rules::RuleSet> sets;
  auto it = sets.find(dir);
  if (it == sets.end()) it = sets.emplace(dir, rules::load_rules(source_dir() + "/" + dir, dir + "/").get()).first;
  return it->second;
}

/// rules/cbam/money.xml, loaded once.
inline const rules::RuleSet& money() {
  static const auto set = rules::load_rules(source_dir() + "/rules/cbam/money.xml", "money.xml").get();
  return set;
}

inline model::Firm firm_from(const std::string& xml) {
  return model::parse_firm(xml, "test.xml").get();
}

/// Wraps process XML in a firm with one installation (country TR, id "i").
inline std::string firm_xml(const std::string& processes, const std::string& exports = "",
                            const std::string& country = "TR") {
  return "<firm schema=\"greengate-firm/1\" id=\"f\" name=\"Test\" country=\"TR\" "
         "reporting-year=\"2026\">\n<installation id=\"i\" name=\"I\" country=\"" + country +
         "\">\n" + processes + "</installation>\n" + exports + "</firm>\n";
}

inline calc::EmissionsReport run(const std::string& xml, int year = 2026) {
  calc::EmissionsOptions opt;
  opt.year = year;
  return calc::compute_emissions(firm_from(xml), dataset(), opt);
}

inline const calc::ProcessResult& process(const calc::EmissionsReport& r, const std::string& id) {
  for (const auto& p : r.processes)
    if (p.process == id) return p;
  throw std::runtime_error("no process " + id);
}

}  // namespace greengate::test
