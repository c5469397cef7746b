#pragma once
// The batch's input, cut into blocks of whole lines: a regular file mapped a block at a time, any
// other input (a pipe, an upload) read into the block's buffer. The cut depends on the bytes only
// (never on the threads), so that the order of the sums, and so every output, does not either.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

#include "greengate/calc/batch.hpp"

namespace greengate::calc::batch {

/// A block of whole lines: data[0, size) and at least BlockReader::kPad readable bytes after it.
/// Every line ends with its '\n' except perhaps the input's last one, and then data[size] is 0,
/// so a field is always followed by a byte that ends it (',', '\r', '\n' or 0; block_number).
struct Block {
  std::vector<char> buf;
  const char* data = nullptr;
  std::size_t size = 0;
  std::uint64_t index = 0;
  std::uint64_t first_line = 0;  ///< absolute number of the first line (when counted)
  void* map = nullptr;
  std::size_t map_len = 0;

  Block() = default;
  Block(const Block&) = delete;
  Block& operator=(const Block&) = delete;
  ~Block() { unmap(); }
  void unmap() {
    if (map) ::munmap(map, map_len);
    map = nullptr;
    map_len = 0;
  }
};

/// The input: fixed-size blocks cut after the last complete line; the rest carries over. A
/// regular file is mapped a block at a time (no copy, and the kernel's page-cache pages are
/// shared instead of a buffer of the worker's own); anything else is read into the block's buffer.
class BlockReader {
 public:
  static constexpr std::size_t kPad = 64;  ///< after the data: the splitter reads 64-byte chunks
  BlockReader(const BatchInput& in, std::string display, std::size_t block_bytes, bool count_lines)
      : display_(std::move(display)), read_(in.read), fd_(in.fd), size_(in.size), mapped_(in.fd >= 0), block_(block_bytes),
        count_lines_(count_lines) {
    if (mapped_) page_ = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  }

  /// The header line (without its newline); the bytes after it stay for the first block.
  std::optional<std::string> header();
  /// The next block into `b` (its first line numbered from `first_line_base` when lines are
  /// counted); false at the end of the input or once stop() was called.
  bool next(Block& b, std::uint64_t first_line_base);
  void stop() { stop_.store(true); }

 private:
  std::size_t pread_at(char* buf, std::size_t n, std::uint64_t off);
  /// The next block of the mapped file: [pos_, cut) where cut follows the block's last newline.
  bool next_mapped(Block& b);
  bool next_read(Block& b);

  std::string display_;
  BatchReader read_;
  int fd_;
  std::uint64_t size_;
  bool mapped_;
  std::size_t page_ = 4096;
  std::uint64_t pos_ = 0;  ///< mapped: file offset of the next block
  std::uint64_t carry_len_ = 0;  ///< mapped: what next_read would hold in carry_
  std::size_t block_;
  bool count_lines_;
  std::mutex mx_;
  std::string carry_;
  bool eof_ = false;
  std::atomic<bool> stop_{false};
  std::uint64_t next_index_ = 0;
  std::uint64_t lines_so_far_ = 0;
};

}  // namespace greengate::calc::batch
