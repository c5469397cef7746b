#include "quick_check.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>

#include "api_json.hpp"
#include "greengate/calc/goods_search.hpp"
#include "greengate/model/cn_code.hpp"
#include "greengate/report/json_writer.hpp"
#include "greengate/report/money_output.hpp"
#include "greengate/text/number_format.hpp"
#include "greengate/units/unit_parser.hpp"
#include "i18n.hpp"

namespace greengate::web {

namespace {
std::string upper_trim(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c)))
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}
}  // namespace

QuickParse parse_quick(const QuickInput& in, const calc::Dataset& data, const Catalogue& t) {
  QuickParse p;
  p.query.year = data.period.first;
  // "7214 20 00 — Bars and rods…" picked from the suggestion list: take the code part.
  std::string cn_text = in.cn.substr(0, in.cn.find("—"));
  auto code = calc::read_goods_code(cn_text);
  if (in.cn.empty()) p.errors["cn"] = "err.required";
  else if (!code || (code->cn.size() != 8 && code->cn.size() != 10)) p.errors["cn"] = "err.cn_format";
  else {
    p.query.cn = code->cn;
    if (code->gtip) p.query.gtip = code->typed;
  }

  std::string origin = upper_trim(in.origin.substr(0, in.origin.find("—")));
  if (origin.empty()) p.errors["origin"] = "err.required";
  else if (origin.size() != 2 || !data.factors.is_known_country(origin))
    p.errors["origin"] = "err.country";
  else p.query.origin = origin;

  if (!in.quantity.empty()) {
    auto read = text::read_number(in.quantity, t.convention());
    std::optional<double> q = read.value;
    if (!q) p.errors["quantity"] = "=" + t.number_error(in.quantity, read);
    else if (*q < 0) p.errors["quantity"] = "err.negative";
    else if (*q > units::max_in("t")) p.errors["quantity"] = "err.quantity_bound";  // = the MWh bound
    else {
      p.query.quantity = units::tonnes(*q);
      p.query.energy = units::megawatt_hours(*q);
      p.query.has_quantity = true;
    }
  }

  if (!in.year.empty()) {
    int y = 0;
    bool digits = in.year.size() == 4 && std::all_of(in.year.begin(), in.year.end(), [](char c) {
                    return c >= '0' && c <= '9';
                  });
    if (digits) y = std::stoi(in.year);
    if (!digits || !data.period.contains(y)) p.errors["year"] = "err.year";
    else p.query.year = y;
  }
  if (!in.price.empty()) {
    auto read = text::read_number(in.price, t.convention());
    std::optional<double> price = read.value;
    if (!price) p.errors["price"] = "=" + t.number_error(in.price, read);
    else if (*price < 0) p.errors["price"] = "err.negative";
    else if (*price > units::max_in("EUR/tCO2e")) p.errors["price"] = "err.price_bound";
    else p.query.price = *price;
  }
  if (in.route.size() > 2) p.errors["route"] = "err.route";
  else p.query.route = upper_trim(in.route);
  return p;
}

const calc::PriceBook& price_book(const std::optional<double>& price, const MoneyData& money,
                                  calc::PriceBook& flat_storage) {
  if (!price) return money.published;
  flat_storage = calc::PriceBook::flat(*price);
  return flat_storage;
}

QuickResult run_quick(const QuickQuery& q, const calc::Dataset& data, const MoneyData& money,
                      bool with_trace) {
  QuickResult r;
  r.scope = data.scope.check(q.cn);
  if (!r.scope.in_scope) return r;
  r.def = calc::default_with_markup(data, q.cn, q.origin, q.year, q.route);
  if (!r.def->found() || !q.has_quantity) return r;
  bool electricity = r.scope.entry && r.scope.entry->sector == model::Sector::electricity;
  if (!electricity) r.embedded = r.def->embedded(q.quantity);

  // Certificates and cost: the engine's compute_line on default values, as `greengate batch`
  // computes a declaration line.
  calc::PriceBook flat;
  const auto& book = price_book(q.price, money, flat);
  r.scenario = book.scenarios().front();
  if (!book.price(r.scenario, q.year)) {
    r.price_missing = true;
    return r;
  }
  calc::MoneyContext mc{data, money.money, book, std::nullopt, nullptr};
  calc::LineInput in;
  in.cn = q.cn;
  in.year = q.year;
  in.origin = q.origin;
  in.route = q.route;
  in.electricity = electricity;
  if (electricity) in.energy = q.energy;
  else in.mass = q.quantity;
  in.known_scope = &r.scope;  // looked up above for the same good: not again
  in.known_default = &*r.def;
  r.line = calc::compute_line(mc, in, r.scenario, with_trace);
  return r;
}

std::shared_ptr<const QuickJsonCache::Parts> QuickJsonCache::find(const std::string& key) const {
  std::shared_lock lock(mutex_);
  auto it = map_.find(key);
  return it == map_.end() ? nullptr : it->second;
}

void QuickJsonCache::put(const std::string& key, std::shared_ptr<const Parts> parts) {
  std::unique_lock lock(mutex_);
  if (map_.size() >= kMax) map_.clear();  // bounded; any later request writes its parts again
  map_.emplace(key, std::move(parts));
}

std::size_t QuickJsonCache::size() const {
  std::shared_lock lock(mutex_);
  return map_.size();
}

namespace {
/// The parts of the answer that depend only on the good, origin, year and route.
QuickJsonCache::Parts quick_parts(const QuickQuery& q, const QuickResult& r, const calc::Dataset& data) {
  QuickJsonCache::Parts p;
  report::JsonWriter scope(false), def(false);
  write_scope(scope, r.scope, data.scope);
  if (r.def && r.def->found()) write_default(def, *r.def, q.cn, q.origin, q.year);
  else def.null();
  p.scope = scope.str();
  p.def = def.str();
  if (r.def && !r.def->found()) p.gap = r.def->gap;
  return p;
}
}  // namespace

std::string gtip_note(const QuickQuery& q, const Catalogue& t) {
  if (q.gtip.empty()) return {};
  return t.format("goods.gtip_read", {model::format_cn(q.gtip), model::format_cn(q.cn)});
}

std::string quick_json(const QuickQuery& q, const QuickResult& r, const calc::Dataset& data,
                       QuickJsonCache* cache, const Catalogue* notes) {
  std::shared_ptr<const QuickJsonCache::Parts> parts;
  std::string key;
  if (cache) {
    key = q.cn + '|' + q.origin + '|' + std::to_string(q.year) + '|' + q.route;
    parts = cache->find(key);
  }
  if (!parts) {
    parts = std::make_shared<const QuickJsonCache::Parts>(quick_parts(q, r, data));
    if (cache) cache->put(key, parts);
  }
  report::JsonWriter w(false);
  w.begin_object();
  w.field("cn", q.cn);
  if (!q.gtip.empty())
    w.field("gtip", q.gtip).field("gtip_note", gtip_note(q, notes ? *notes : Catalogue::builtin("en")));
  w.field("origin", q.origin).field("year", q.year);
  if (q.has_quantity) w.field("quantity_t", units::in_tonnes(q.quantity));
  else w.key("quantity_t").null();
  w.key("scope").raw_value(parts->scope);
  w.key("default").raw_value(parts->def);
  if (parts->gap) w.field("default_gap", *parts->gap);
  w.key("embedded_tco2e");
  if (r.embedded) w.value(units::in_tco2e(*r.embedded));
  else w.null();
  w.key("de_minimis").begin_object();
  w.field("ref", "Reg. (EU) 2023/956 Art 2a as inserted by Reg. (EU) 2025/2083");
  if (auto dm = calc::de_minimis_terms(data.money, q.year)) {
    std::string excluded;
    for (const auto& s : dm->excluded_sectors) excluded += (excluded.empty() ? "" : " and ") + s;
    w.field("note", "Imports of up to " + text::format_trimmed(units::in_tonnes(dm->threshold), 3) +
                        " t net mass per importer per calendar year are exempt" +
                        (excluded.empty() ? std::string(".") : "; the threshold does not apply to " + excluded + "."));
  }
  w.end_object();
  // Certificates, adjustment and cost in the engine's own line format (report::write_line).
  w.key("obligation");
  if (r.line) {
    report::write_line(w, *r.line);
    w.field("scenario", r.scenario);
  } else {
    w.null();
    if (r.price_missing) w.field("obligation_gap", "no certificate price for " + std::to_string(q.year) +
                                                   ": give price=EUR per tCO2e");
  }
  w.end_object();
  return w.str() + "\n";
}

bool is_goods_search(std::string_view cn_field) {
  // the code part of "7214 20 00 — Bars and rods…" picked from the suggestions, as parse_quick
  if (calc::read_goods_code(cn_field.substr(0, cn_field.find("—")))) return false;
  // a letter: ASCII, or any byte of a multi-byte UTF-8 character (ç, ş, İ …)
  return std::any_of(cn_field.begin(), cn_field.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalpha(u);
  });
}

}  // namespace greengate::web
