#include <fstream>
#include <sstream>

#include "commands.hpp"

namespace greengate::cli {

const calc::Dataset& Context::data() {
  if (!data_) data_ = std::make_unique<calc::Dataset>(calc::load_dataset(data_dir).get());
  return *data_;
}

const report::Messages* Context::words() {
  if (!words_tried_) {
    words_tried_ = true;
    // The source tree keeps the catalogues in web/i18n, an installation in share/greengate/i18n.
    std::ifstream in(data_dir + "/web/i18n/" + lang + ".properties", std::ios::binary);
    if (!in) in.open(data_dir + "/i18n/" + lang + ".properties", std::ios::binary);
    if (in) {
      std::ostringstream text;
      text << in.rdbuf();
      words_ = std::make_unique<report::Messages>(
          report::Messages::from_text(text.str(), "web/i18n/" + lang + ".properties", lang));
    }
  }
  return words_.get();
}

}  // namespace greengate::cli
