#pragma once
// The pages' words: the program's message catalogue of each language (text/catalogue.hpp), the
// same catalogue the CLI and the report read.

#include <string_view>

#include "greengate/text/catalogue.hpp"

namespace greengate::web {

using Catalogue = text::Catalogue;

/// The languages of the pages.
class Catalogues {
 public:
  /// "tr" or "en" (anything else: English).
  const Catalogue& get(std::string_view lang) const { return Catalogue::builtin(lang); }
  static bool supported(std::string_view lang) { return lang == "en" || lang == "tr"; }
};

}  // namespace greengate::web
