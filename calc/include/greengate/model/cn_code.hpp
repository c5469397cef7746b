#pragma once
// CN/TARIC codes and CBAM sectors.
//
// A CN code is kept as its digits only ("7214 20 00" -> "72142000"); 4, 6, 8 and 10-digit codes
// are accepted so that headings, sub-headings and TARIC lines share one type.

#include <optional>
#include <string>
#include <string_view>

namespace greengate::model {

enum class Sector { cement, fertilisers, iron_steel, aluminium, hydrogen, electricity };

std::string_view sector_slug(Sector s);    ///< "iron_steel"
std::string_view sector_label(Sector s);   ///< "Iron and steel"
std::optional<Sector> parse_sector(std::string_view slug);

/// Digits of a CN code with spaces and dots removed; nullopt unless 2 to 10 digits remain
/// (Annex I also names 5-digit prefixes such as ferro-silicon 7202 2).
std::optional<std::string> normalize_cn(std::string_view text);
/// "72142000" -> "7214 20 00" (grouped for display).
std::string format_cn(std::string_view digits);

}  // namespace greengate::model
