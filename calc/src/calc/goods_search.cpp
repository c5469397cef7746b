#include "greengate/calc/goods_search.hpp"

#include <tinyxml2.h>

#include <algorithm>
#include <filesystem>

#include "greengate/model/cn_code.hpp"
#include "greengate/text/turkish.hpp"
#include "xml/element_reader.hpp"

namespace greengate::calc {

namespace {
// <goods-words schema="1" id=".." version=".." lang="tr" source=".."> of
// <words cn="72142000" words="inşaat demiri; nervürlü çubuk"/>.
void read_words_file(const std::string& path, const std::string& display, std::vector<GoodsWords>& out,
                     Diagnostics& diags) {
  tinyxml2::XMLDocument doc;
  if (!xml::load_document(doc, path, display, diags)) return;
  const auto* root = doc.RootElement();
  if (!root || std::string_view(root->Name()) != "goods-words") {
    diags.error({display, root ? root->GetLineNum() : 1}, "expected the root element <goods-words>");
    return;
  }
  xml::ElementReader tr(root, display, diags);
  auto schema = tr.str("schema", true);
  if (schema && *schema != "1") tr.error_at("schema", "version \"" + *schema + "\" is not supported (expected \"1\")");
  tr.str("id", true);
  tr.str("version", true);
  auto lang = tr.str("lang", true);
  tr.str("source", true);
  tr.finish();
  for (auto* el = root->FirstChildElement(); el; el = el->NextSiblingElement()) {
    xml::ElementReader r(el, display, diags);
    if (std::string_view(el->Name()) != "words") {
      r.error("unknown element (expected <words>)");
      continue;
    }
    auto cn_text = r.str("cn", true);
    auto list = r.str("words", true);
    r.finish();
    if (!cn_text || !list) continue;
    auto cn = model::normalize_cn(*cn_text);
    if (!cn) {
      r.error_at("cn", "must be a CN code of 2 to 10 digits (got \"" + *cn_text + "\")");
      continue;
    }
    GoodsWords w{*cn, lang.value_or(""), {}, r.pos()};
    std::size_t s = 0;
    while (s <= list->size()) {
      auto e = list->find(';', s);
      std::string word = list->substr(s, e == std::string::npos ? std::string::npos : e - s);
      word.erase(0, word.find_first_not_of(' '));
      word.erase(word.find_last_not_of(' ') + 1);
      if (!word.empty()) w.words.push_back(word);
      if (e == std::string::npos) break;
      s = e + 1;
    }
    if (w.words.empty()) r.error_at("words", "names no word (words are separated by ';')");
    else out.push_back(std::move(w));
  }
}
}  // namespace

LoadResult<std::vector<GoodsWords>> load_goods_words_file(const std::string& path, const std::string& display) {
  Diagnostics diags;
  std::vector<GoodsWords> out;
  read_words_file(path, display, out, diags);
  return {std::move(out), std::move(diags)};
}

LoadResult<std::vector<GoodsWords>> load_goods_words(const std::string& factors_dir,
                                                     const std::string& display_prefix) {
  namespace fs = std::filesystem;
  Diagnostics diags;
  std::vector<GoodsWords> out;
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(factors_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.rfind("goods-words-", 0) == 0 && e.path().extension() == ".xml")
      files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) read_words_file(f.string(), display_prefix + f.filename().string(), out, diags);
  return {std::move(out), std::move(diags)};
}

std::optional<GoodsCode> read_goods_code(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c != ' ' && c != '.') return std::nullopt;
  }
  if (digits.size() == 12) return GoodsCode{digits.substr(0, 8), digits, true};
  auto cn = model::normalize_cn(text);
  if (!cn) return std::nullopt;
  return GoodsCode{*cn, *cn, false};
}

namespace {
std::vector<std::string> split_words(const std::string& key) {
  std::vector<std::string> out;
  std::size_t s = 0;
  while (s < key.size()) {
    auto e = key.find(' ', s);
    if (e == std::string::npos) e = key.size();
    if (e > s) out.push_back(key.substr(s, e - s));
    s = e + 1;
  }
  return out;
}
bool holds_all(const std::string& hay, const std::vector<std::string>& words) {
  for (const auto& w : words)
    if (hay.find(w) == std::string::npos) return false;
  return true;
}
}  // namespace

std::vector<GoodsMatch> search_goods(const factors::FactorLibrary& lib, const std::vector<GoodsWords>& all,
                                     std::string_view text, std::size_t limit) {
  std::vector<GoodsMatch> out;
  if (limit == 0) return out;
  const auto& goods = lib.defaults().goods;
  if (auto code = read_goods_code(text)) {
    for (const auto& g : goods) {
      if (g.heading) continue;
      if (g.code.rfind(code->cn, 0) == 0 || code->cn.rfind(g.code, 0) == 0) out.push_back({&g, "", nullptr});
      if (out.size() >= limit) break;
    }
    return out;
  }
  const auto wanted = split_words(text::search_key(text));
  if (wanted.empty()) return out;
  // Each search word's key once, not once per good.
  std::vector<std::vector<std::string>> word_keys;
  for (const auto& w : all) {
    word_keys.emplace_back();
    for (const auto& word : w.words) word_keys.back().push_back(text::search_key(word));
  }
  for (const auto& g : goods) {
    if (g.heading) continue;
    const std::string hay =
        text::search_key(std::string(model::sector_label(g.sector)) + " " + g.description);
    if (holds_all(hay, wanted)) {
      out.push_back({&g, "", nullptr});
    } else {
      bool found = false;
      for (std::size_t i = 0; i < all.size() && !found; ++i) {
        if (g.code.rfind(all[i].cn, 0) != 0) continue;
        for (std::size_t k = 0; k < all[i].words.size() && !found; ++k) {
          if (!holds_all(word_keys[i][k], wanted)) continue;
          out.push_back({&g, all[i].words[k], &all[i]});
          found = true;
        }
      }
    }
    if (out.size() >= limit) break;
  }
  return out;
}

}  // namespace greengate::calc
