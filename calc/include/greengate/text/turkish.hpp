#pragma once
// Turkish letters in UTF-8 text: lower case by the Turkish rules (İ → i, I → ı), and the search key
// that lets a search typed on any keyboard find a Turkish or English word.

#include <string>
#include <string_view>

namespace greengate::text {

/// Lower case by the Turkish rules: I → ı and İ → i (not I → i as in English), Ç Ğ Ö Ş Ü (and the
/// other Latin-1 capitals) to their small letters, ASCII A-Z to a-z; anything else unchanged.
/// lower_tr("IŞIK İZMİR") == "ışık izmir".
std::string lower_tr(std::string_view s);

/// The key two texts are compared by in a search: Turkish lower case, then the dotless and dotted
/// i made one (ı → i, so that "Iron", "IRON" and "iron" meet), the Turkish letters read as their
/// base letters (ç → c, ğ → g, ö → o, ş → s, ü → u, â î û → a i u: "insaat" finds "inşaat"), and
/// every run of spaces, punctuation and dashes one space, trimmed.
/// search_key("İNŞAAT  Demiri") == search_key("insaat demiri") == "insaat demiri".
std::string search_key(std::string_view s);

}  // namespace greengate::text
