#include "commands.hpp"

namespace greengate::cli {

const calc::Dataset& Context::data() {
  if (!data_) data_ = std::make_unique<calc::Dataset>(calc::load_dataset(data_dir).get());
  return *data_;
}

const report::Messages* Context::words() { return &report::Messages::builtin(lang); }

}  // namespace greengate::cli
