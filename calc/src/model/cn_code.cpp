#include "greengate/model/cn_code.hpp"

namespace greengate::model {

std::string_view sector_slug(Sector s) {
  switch (s) {
    case Sector::cement: return "cement";
    case Sector::fertilisers: return "fertilisers";
    case Sector::iron_steel: return "iron_steel";
    case Sector::aluminium: return "aluminium";
    case Sector::hydrogen: return "hydrogen";
    case Sector::electricity: return "electricity";
  }
  return "?";
}

std::string_view sector_label(Sector s) {
  switch (s) {
    case Sector::cement: return "Cement";
    case Sector::fertilisers: return "Fertilisers";
    case Sector::iron_steel: return "Iron and steel";
    case Sector::aluminium: return "Aluminium";
    case Sector::hydrogen: return "Hydrogen";
    case Sector::electricity: return "Electricity";
  }
  return "?";
}

std::optional<Sector> parse_sector(std::string_view slug) {
  for (auto s : {Sector::cement, Sector::fertilisers, Sector::iron_steel, Sector::aluminium,
                 Sector::hydrogen, Sector::electricity})
    if (sector_slug(s) == slug) return s;
  return std::nullopt;
}

std::optional<std::string> normalize_cn(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c == ' ' || c == '.') continue;
    else return std::nullopt;
  }
  auto n = digits.size();
  if (n < 2 || n > 10) return std::nullopt;
  return digits;
}

std::string format_cn(std::string_view d) {
  std::string out(d.substr(0, 4));
  for (std::size_t i = 4; i < d.size(); i += 2) {
    out += ' ';
    out += d.substr(i, 2);
  }
  return out;
}

}  // namespace greengate::model
