// A stand-in for libFuzzer's driver (tests/fuzz/README.md): runs a harness's
// LLVMFuzzerTestOneInput once on every input named on the command line (files, or folders whose
// files are read), with no fuzzing. It lets any compiler (g++ with -fsanitize=address,undefined,
// in CI: scripts/sanitize.sh --ci) replay the committed regression inputs and the seeds under the
// sanitizers; the fuzzing itself needs clang's libFuzzer. Arguments as libFuzzer takes them:
//   fuzz_NAME [-max_len=N] [-other_flag=...] FILE_OR_FOLDER...
// -max_len=N cuts every input to N bytes, as libFuzzer does with a corpus folder; other -flags are
// accepted and ignored, so scripts call both drivers alike. Exit 0 when every input ran (a
// finding aborts the process: the sanitizers' report, or the harness's own abort), 1 when an
// input cannot be read.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

bool run_file(const std::filesystem::path& path, std::size_t max_len) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
    return false;
  }
  std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
    return false;
  }
  if (max_len != 0 && bytes.size() > max_len) bytes.resize(max_len);
  // A copy of exactly the input's size on the heap, as libFuzzer passes it: a read one byte past
  // the end is an AddressSanitizer report, not a silent read of the vector's spare capacity.
  auto* copy = static_cast<std::uint8_t*>(std::malloc(bytes.size() + (bytes.empty() ? 1 : 0)));
  if (copy == nullptr) std::abort();
  std::copy(bytes.begin(), bytes.end(), copy);
  LLVMFuzzerTestOneInput(copy, bytes.size());
  std::free(copy);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t max_len = 0;
  std::vector<std::filesystem::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("-max_len=")) {
      max_len = std::strtoull(argv[i] + 9, nullptr, 10);
    } else if (!arg.starts_with("-")) {
      inputs.emplace_back(arg);
    }
  }
  std::size_t count = 0;
  bool ok = true;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(input, ec))
        if (entry.is_regular_file()) files.push_back(entry.path());
      if (ec) {
        std::fprintf(stderr, "replay: cannot list %s: %s\n", input.c_str(), ec.message().c_str());
        ok = false;
      }
      std::sort(files.begin(), files.end());  // the same order on every run
      for (const auto& file : files) {
        ok = run_file(file, max_len) && ok;
        ++count;
      }
    } else {
      ok = run_file(input, max_len) && ok;
      ++count;
    }
  }
  std::printf("replay: %zu inputs run\n", count);
  return ok ? 0 : 1;
}
