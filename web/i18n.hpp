#pragma once
// The pages' words: the program's message catalogue of each language (text/catalogue.hpp), the
// same catalogue the CLI and the report read.

#include <string>
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
  /// The supported language an Accept-Language header prefers most ("en-US,tr;q=0.9" → "en",
  /// "de, tr;q=0.8, en;q=0.5" → "tr"; q=0 refuses one); "" when it names neither.
  static std::string preferred(std::string_view accept_language);
};

}  // namespace greengate::web
