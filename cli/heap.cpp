#include "heap.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace greengate::cli {

namespace {
/// A short-lived process that loads the data set (≈ 10 MB of small objects), then (batch) streams
/// blocks: page faults, dear on a VM, were a quarter of the start-up time. So: one heap for all
/// threads, freed memory kept for the next allocation instead of unmapped and faulted in again,
/// and the heap reserved at once with transparent huge pages (where the kernel offers them on
/// request), so that 10 MB cost a few faults instead of 2 500. Memory is returned at exit.
/// `one_arena`: all threads allocate from the one (huge-page) heap. Right for `batch`, whose
/// loader thread allocates the data set and whose workers allocate little; wrong for `screen`,
/// whose threads allocate all the time (one arena there took 10 000 applicants from 0.8 to 1.4 s).
void tune_heap(bool one_arena) {
#if defined(__GLIBC__) && defined(__linux__)
  if (one_arena) ::mallopt(M_ARENA_MAX, 1);
  ::mallopt(M_MMAP_THRESHOLD, 256 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 256 << 20);
  ::mallopt(M_TOP_PAD, 1 << 20);
  constexpr std::uintptr_t kHuge = 2u << 20;
  auto* lo = static_cast<char*>(::sbrk(0));
  void* reserve = std::malloc(48u << 20);  // from the heap (below the mmap threshold); kept when freed
  std::free(reserve);
  auto* hi = static_cast<char*>(::sbrk(0));
  auto from = (reinterpret_cast<std::uintptr_t>(lo) + kHuge - 1) & ~(kHuge - 1);
  auto to = reinterpret_cast<std::uintptr_t>(hi) & ~(kHuge - 1);
  if (reserve && to > from) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);  // a hint
#endif
}
}  // namespace

void tune_heap_for(int argc, char** argv) {
  bool screen = false;  // the command, found as main's parser finds it
  for (int k = 1; k < argc; ++k) {
    std::string_view a = argv[k];
    if (a == "--data-dir" || a == "--lang") {
      ++k;  // the option's value
    } else if (a.rfind("--data-dir=", 0) != 0 && a.rfind("--lang=", 0) != 0) {
      screen = a == "screen";
      break;
    }
  }
  tune_heap(!screen);
}

}  // namespace greengate::cli
