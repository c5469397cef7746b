#pragma once
// The quick check: one CN code, origin, quantity and import year -> scope, Commission default
// with mark-up, embedded emissions, de minimis note. Parsing is a pure function of the typed text
// (testable without a socket); the figures come from greengate::calc.

#include <map>
#include <memory>
#include <shared_mutex>
#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/calc/obligation.hpp"
#include "greengate/rules/scope_catalogue.hpp"
#include "greengate/units/quantities.hpp"
#include "i18n.hpp"

namespace greengate::web {


/// What the user typed, kept verbatim so that the form shows it again.
struct QuickInput {
  std::string cn, origin, quantity, year, route, price;
};

/// Field name -> catalogue key of the problem ("err.cn_format", …).
using FieldErrors = std::map<std::string, std::string>;

struct QuickQuery {
  std::string cn;      ///< normalised digits (the first 8 of a 12-digit GTİP code)
  /// The 12-digit GTİP code typed, when `cn` was read from one (calc::read_goods_code); "" else.
  std::string gtip;
  std::string origin;  ///< alpha-2
  units::Mass quantity;        ///< the typed quantity read as tonnes (goods)
  units::Energy energy;        ///< the same number read as MWh (electricity, CN 2716)
  bool has_quantity = false;
  std::optional<double> price;  ///< EUR/tCO2e typed by the user; else published prices
  int year = 0;  ///< import year; parse_quick sets the CBAM period's first when none is typed
  std::string route;
};

struct QuickParse {
  QuickQuery query;
  FieldErrors errors;
  bool ok() const { return errors.empty(); }
};

/// Checks the typed values (an 8-digit CN, 10-digit TARIC or 12-digit GTİP code as
/// calc::read_goods_code reads them, known country, number in the user's language, year
/// 2026-2034). Quantity may be empty (then no embedded emissions are computed).
QuickParse parse_quick(const QuickInput& in, const calc::Dataset& data, const Catalogue& t);

struct QuickResult {
  rules::ScopeResult scope;
  std::optional<calc::DefaultWithMarkup> def;  ///< only for goods in scope
  std::optional<units::Co2eMass> embedded;     ///< quantity × marked-up default SEE
  /// Certificates, free-allocation adjustment and cost (calc::compute_line on default values).
  std::optional<calc::LineResult> line;
  std::string scenario;       ///< price scenario used ("published" or "user")
  bool price_missing = false; ///< no certificate price for the year: give one
};

/// Engine inputs for the money part, loaded once at start-up.
struct MoneyData {
  const rules::RuleSet& money;        ///< rules/cbam/money.xml
  const calc::PriceBook& published;   ///< the factor library's published certificate prices
};

/// `with_trace`: build the calculation trace of the certificates (the page shows it; the API only
/// when asked with trace=1, like the CLI's --explain).
QuickResult run_quick(const QuickQuery& q, const calc::Dataset& data, const MoneyData& money,
                      bool with_trace = true);

/// The parts of a quick-check answer that depend only on (CN code, origin, year, route) — the
/// scope and the Commission default with its sources, two thirds of the JSON — kept as written
/// for later requests about the same good: the data set does not change while the server runs,
/// so neither do these parts. Shared by the request threads; at most kMax entries (then cleared).
class QuickJsonCache {
 public:
  struct Parts {
    std::string scope, def;          ///< JSON values
    std::optional<std::string> gap;  ///< default_gap
  };
  static constexpr std::size_t kMax = 4096;
  std::shared_ptr<const Parts> find(const std::string& key) const;
  void put(const std::string& key, std::shared_ptr<const Parts> parts);
  std::size_t size() const;

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Parts>> map_;
};

/// The quick check as JSON (/api/v1/quick-check): machine numbers at full precision. With a
/// cache, the scope and default parts are written once per good and origin (same text). A code
/// read from a 12-digit GTİP adds "gtip" (the digits) and "gtip_note" in `notes`' language
/// (nullptr: English) after "cn".
std::string quick_json(const QuickQuery& q, const QuickResult& r, const calc::Dataset& data,
                       QuickJsonCache* cache = nullptr, const Catalogue* notes = nullptr);

/// The price book for a user's flat price, or the published one.
const calc::PriceBook& price_book(const std::optional<double>& price, const MoneyData& money,
                                  calc::PriceBook& flat_storage);

/// Whether the CN field holds words to search the goods by (calc::search_goods) rather than a
/// code: calc::read_goods_code reads no code in it and it has a letter (digits and punctuation
/// alone stay a malformed code).
bool is_goods_search(std::string_view cn_field);

/// The GTİP note of a query whose CN code was read from a 12-digit GTİP code, in `t`'s language;
/// "" for any other query.
std::string gtip_note(const QuickQuery& q, const Catalogue& t);

}  // namespace greengate::web
