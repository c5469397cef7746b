#pragma once
// Finding a CBAM good the way people name it: by a CN code, a 12-digit Turkish GTİP code, or words
// in Turkish or English — the Commission's goods descriptions (factors/cbam-default-values.xml)
// and the search words of factors/goods-words-*.xml, compared by text::search_key (Turkish case
// folding, Turkish letters found from a keyboard without them).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "greengate/factors/factor_library.hpp"

namespace greengate::calc {

/// Words a user may search a good by, beside its description (factors/goods-words-*.xml): a
/// search aid, not tariff text. They apply to every good whose CN code begins with `cn`.
struct GoodsWords {
  std::string cn;    ///< CN digits (a heading or a full code)
  std::string lang;  ///< "tr"
  std::vector<std::string> words;
  SourcePos pos;
};

/// Every factors_dir/goods-words-*.xml (file names in messages: display_prefix + name), in name
/// order; problems reported at their file:line, all in one run.
LoadResult<std::vector<GoodsWords>> load_goods_words(const std::string& factors_dir,
                                                     const std::string& display_prefix = "factors/");
/// One words file (tests).
LoadResult<std::vector<GoodsWords>> load_goods_words_file(const std::string& path, const std::string& display);

/// A goods code as typed, read as the CN code the engine uses.
struct GoodsCode {
  std::string cn;      ///< CN/TARIC digits (2 to 10)
  std::string typed;   ///< the digits typed
  /// A 12-digit GTİP code (Türkiye's customs tariff): its first 8 digits are the CN code (the
  /// tariff follows the EU Combined Nomenclature to 8 digits, the EU–Türkiye customs union),
  /// positions 9-12 are national subdivisions, not CN; `cn` holds the first 8.
  bool gtip = false;
};

/// A CN code (2 to 10 digits) or a 12-digit GTİP code, with spaces and dots allowed
/// ("7214.20.00.00.11"); nullopt for anything else (words, 11 digits, letters).
std::optional<GoodsCode> read_goods_code(std::string_view text);

struct GoodsMatch {
  const factors::DefaultGood* good = nullptr;
  /// The search word the good was found by, when not by its code or its description ("" then).
  std::string word;
  const GoodsWords* words = nullptr;  ///< the <words> element of `word`
};

/// Goods of the default-value table (headings left out) found by `text`: a code (or GTİP code)
/// finds the goods whose CN code begins with it, or that it begins with; words find the goods
/// whose sector and description, or one of whose search words, hold every word typed (each as
/// the beginning or part of a word: "profil" finds "Profiles"). In table order, at most `limit`.
std::vector<GoodsMatch> search_goods(const factors::FactorLibrary& lib, const std::vector<GoodsWords>& words,
                                     std::string_view text, std::size_t limit);

}  // namespace greengate::calc
