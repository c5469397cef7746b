#include "greengate/rules/scope_catalogue.hpp"

#include "xml/element_reader.hpp"

namespace greengate::rules {

namespace {
template <class T> const T* longest_prefix(const std::vector<T>& items, const std::string& cn) {
  const T* best = nullptr;
  for (const auto& e : items) {
    // (the first digit rejects most entries without a compare call: the web quick check and
    // every firm good ask this several times per request)
    if (e.cn.size() <= cn.size() && (e.cn.empty() || e.cn[0] == cn[0]) && cn.compare(0, e.cn.size(), e.cn) == 0 &&
        (!best || e.cn.size() > best->cn.size()))
      best = &e;
  }
  return best;
}
}  // namespace

ScopeResult ScopeCatalogue::check(std::string_view text) const {
  ScopeResult r;
  auto cn = model::normalize_cn(text);
  if (!cn) {
    r.reason.assign(1, '\'').append(text).append("' is not a CN code (expected 8 digits, spaces allowed)");
    return r;
  }
  r.cn = *cn;
  r.entry = longest_prefix(entries_, *cn);
  r.exclusion = longest_prefix(exclusions_, *cn);
  r.category = longest_prefix(categories_, *cn);
  if (r.entry && (!r.exclusion || r.exclusion->cn.size() < r.entry->cn.size())) {
    r.in_scope = true;
    r.exclusion = nullptr;
    r.reason = "covered by Annex I entry " + std::string(r.entry->ex ? "ex " : "") +
               model::format_cn(r.entry->cn) + " (" + r.entry->description + ")";
  } else if (r.exclusion) {
    r.entry = nullptr;
    r.reason = "excluded: " + model::format_cn(r.exclusion->cn) + " (" +
               r.exclusion->description + ") is an exception in Annex I";
  } else {
    r.reason = "not listed in Annex I";
  }
  if (!r.in_scope) r.category = nullptr;
  return r;
}

const ZeroOrigin* ScopeCatalogue::zero_origin(std::string_view iso2) const {
  for (const auto& z : zero_origins_)
    if (z.iso2.size() == iso2.size() && (iso2.empty() || z.iso2[0] == iso2[0]) && z.iso2 == iso2) return &z;
  return nullptr;
}

LoadResult<ScopeCatalogue> load_scope_catalogue(const std::string& path,
                                                const std::string& display) {
  Diagnostics diags;
  ScopeCatalogue cat;
  tinyxml2::XMLDocument doc;
  if (!xml::load_document(doc, path, display, diags)) return {std::move(cat), std::move(diags)};
  const auto* root = doc.RootElement();
  xml::ElementReader rr(root, display, diags);
  if (std::string_view(root->Name()) != "cbam-scope") {
    rr.error("expected root element <cbam-scope>");
    return {std::move(cat), std::move(diags)};
  }
  if (auto s = rr.str("schema", true); s && *s != "1")
    rr.error_at("schema", "version \"" + *s + "\" is not supported (expected \"1\")");
  cat.id_ = rr.str_or("id", "");
  cat.version_ = rr.str_or("version", "");
  cat.source_ = rr.str_or("source", "");
  rr.date("valid-from", true);
  rr.str("generated-from");
  rr.str("note");
  rr.finish();
  for (auto* el = root->FirstChildElement(); el; el = el->NextSiblingElement()) {
    xml::ElementReader r(el, display, diags);
    std::string_view n = el->Name();
    if (n == "zero-origin") {
      ZeroOrigin z;
      z.pos = r.pos();
      z.iso2 = r.str_or("iso2", "");
      z.name = r.str_or("name", "");
      z.ref = r.str_or("ref", "");
      if (z.iso2.empty()) r.error("missing required attribute 'iso2'");
      if (z.ref.empty()) r.error("missing required attribute 'ref' (legal reference)");
      r.finish();
      cat.zero_origins_.push_back(std::move(z));
      continue;
    }
    auto cn_attr = r.str("cn", true);
    std::optional<std::string> cn;
    if (cn_attr) {
      cn = model::normalize_cn(*cn_attr);
      if (!cn) r.error_at("cn", "must be a CN code (got \"" + *cn_attr + "\")");
    }
    if (n == "entry") {
      ScopeEntry e;
      e.pos = r.pos();
      e.ex = r.boolean("ex").value_or(false);
      auto sector = r.str("sector", true);
      e.direct_only = r.boolean("direct-only", true).value_or(false);
      e.description = r.str_or("description", "");
      e.ref = r.str_or("ref", "");
      if (e.ref.empty()) r.error("missing required attribute 'ref' (legal reference)");
      e.note = r.str_or("note", "");
      r.finish();
      if (sector) {
        if (auto s = model::parse_sector(*sector)) e.sector = *s;
        else r.error_at("sector", "is not a sector slug (got \"" + *sector + "\")");
      }
      if (!cn) continue;
      e.cn = *cn;
      cat.entries_.push_back(std::move(e));
    } else if (n == "exclude") {
      ScopeExclusion x;
      x.pos = r.pos();
      x.description = r.str_or("description", "");
      x.ref = r.str_or("ref", "");
      r.str("note");
      r.finish();
      if (!cn) continue;
      x.cn = *cn;
      cat.exclusions_.push_back(std::move(x));
    } else if (n == "category") {
      GoodsCategory c;
      c.pos = r.pos();
      c.name = r.str_or("name", "");
      c.label = r.str_or("label", "");
      if (c.name.empty()) r.error("missing required attribute 'name'");
      r.finish();
      if (!cn) continue;
      c.cn = *cn;
      cat.categories_.push_back(std::move(c));
    } else {
      r.error("unknown element (expected <entry>, <exclude>, <category> or <zero-origin>)");
    }
  }
  return {std::move(cat), std::move(diags)};
}

std::optional<bool> ScopeCatalogue::category_direct_only(std::string_view name) const {
  bool any = false, all = true;
  for (const auto& c : categories_) {
    if (c.name != name) continue;
    for (const auto& e : entries_) {
      bool under = e.cn.rfind(c.cn, 0) == 0 || c.cn.rfind(e.cn, 0) == 0;
      if (!under) continue;
      any = true;
      all = all && e.direct_only;
    }
  }
  if (!any) return std::nullopt;
  return all;
}

}  // namespace greengate::rules
