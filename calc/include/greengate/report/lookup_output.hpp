#pragma once
// JSON of the look-ups (scope check, Commission default with mark-up, goods search), shared by
// `greengate scope/defaults/goods --format json` and the web API so that both print the same
// fields.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "greengate/calc/embedded_emissions.hpp"
#include "greengate/calc/goods_search.hpp"
#include "greengate/report/json_writer.hpp"
#include "greengate/rules/scope_catalogue.hpp"

namespace greengate::report {

void write_scope_json(JsonWriter& w, const rules::ScopeResult& r, const rules::ScopeCatalogue& scope);
/// `d` must be found().
void write_default_json(JsonWriter& w, const calc::DefaultWithMarkup& d, const std::string& cn,
                        const std::string& origin, int year);
/// The goods `query` found (calc::search_goods): the code read from it, when it is one, and each
/// good with how it was found; `truncated` when more goods match than are listed. `gtip_note`
/// (the web API's, in the request's language) follows "gtip" when given.
void write_goods_json(JsonWriter& w, std::string_view query, const std::optional<calc::GoodsCode>& code,
                      const std::vector<calc::GoodsMatch>& found, bool truncated,
                      const std::string* gtip_note = nullptr);

}  // namespace greengate::report
