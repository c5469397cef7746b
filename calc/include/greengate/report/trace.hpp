#pragma once
// Calculation traces (STYLE.md P3): every figure the engine produces records its formula, its
// inputs (with the data file and line they came from) and the factors used (with source,
// validity and status). Traces are plain data: each front end renders them its own way.

#include <string>
#include <vector>

#include "greengate/provenance.hpp"
#include "greengate/text/message.hpp"

namespace greengate::report {

/// A library value used in a calculation.
struct FactorUse {
  std::string id;
  std::string name;
  double value = 0;   ///< in `unit`
  std::string unit;   ///< as written in the library
  std::string table;  ///< library table id
  Provenance provenance;
};

struct TraceInput {
  text::Message name;
  double value = 0;
  std::string unit;
  SourcePos pos;  ///< where the value was written (firm file or library)
};

struct TraceNode {
  // Words are messages (text/message.hpp): faces write them in the reader's language, machine
  // outputs in English (en()).
  text::Message label;    ///< "stream ng: combustion"
  text::Message formula;  ///< "FQ × NCV × EF × OF × (1 − BF)"
  double value = 0;     ///< the result, in `unit`
  std::string unit;
  std::vector<TraceInput> inputs;
  std::vector<std::string> factor_ids;  ///< ids into the report's factor list
  std::vector<text::Message> notes;     ///< flags and caveats (unverified value, fallback used …)
  SourcePos pos;
  std::vector<TraceNode> children;
};

}  // namespace greengate::report
