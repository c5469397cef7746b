#include "block_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <sys/mman.h>
#include <unistd.h>

#include "greengate/error.hpp"

namespace greengate::calc::batch {

std::optional<std::string> BlockReader::header() {
  if (mapped_) {
    for (;;) {
      auto nl = carry_.find('\n');
      if (nl != std::string::npos || pos_ >= size_) {
        std::size_t n = nl == std::string::npos ? carry_.size() : nl;
        if (n == 0 && nl == std::string::npos) return std::nullopt;
        std::string h = carry_.substr(0, n);
        carry_len_ = nl == std::string::npos ? 0 : carry_.size() - (nl + 1);
        pos_ = n + (nl == std::string::npos ? 0 : 1);
        carry_.clear();
        return h;
      }
      std::size_t old = carry_.size();
      carry_.resize(old + 65536);
      std::size_t got = pread_at(carry_.data() + old, 65536, pos_);
      carry_.resize(old + got);
      pos_ += got;
      if (got == 0) size_ = pos_;  // shorter than it was: the end is here
    }
  }
  for (;;) {
    auto nl = carry_.find('\n');
    if (nl != std::string::npos) {
      std::string h = carry_.substr(0, nl);
      carry_.erase(0, nl + 1);
      return h;
    }
    if (eof_) {
      if (carry_.empty()) return std::nullopt;
      std::string h = std::move(carry_);
      carry_.clear();
      return h;
    }
    std::size_t old = carry_.size();
    carry_.resize(old + 65536);
    std::size_t n = read_(carry_.data() + old, 65536);
    carry_.resize(old + n);
    if (n == 0) eof_ = true;
  }
}

bool BlockReader::next(Block& b, std::uint64_t first_line_base) {
  std::lock_guard<std::mutex> lock(mx_);
  b.unmap();
  if (stop_.load()) return false;
  if (mapped_ ? !next_mapped(b) : !next_read(b)) return false;
  b.index = next_index_++;
  if (count_lines_) {
    b.first_line = first_line_base + lines_so_far_;
    std::uint64_t lines = 0;
    const char* p = b.data;
    const char* e = p + b.size;
    while (p < e) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(e - p)));
      ++lines;
      p = nl ? nl + 1 : e;
    }
    lines_so_far_ += lines;
  }
  return true;
}

std::size_t BlockReader::pread_at(char* buf, std::size_t n, std::uint64_t off) {
  for (;;) {
    ssize_t r = ::pread(fd_, buf, n, static_cast<off_t>(off));
    if (r >= 0) return static_cast<std::size_t>(r);
    if (errno != EINTR) throw InputError("greengate: batch: cannot read " + display_ + ": " + std::strerror(errno));
  }
}

bool BlockReader::next_mapped(Block& b) {
  if (pos_ >= size_) return false;
  // The blocks are cut where next_read would cut the same bytes (they fix the order of the
  // sums): a window of max(block, twice the bytes read past the last cut) from the last cut,
  // cut after its last newline unless it reaches the end of the input.
  std::uint64_t want = std::max<std::uint64_t>(block_, 2 * carry_len_);
  for (;;) {
    const bool at_end = pos_ + want > size_;
    const std::uint64_t end = at_end ? size_ : pos_ + want;
    const std::uint64_t from = pos_ / page_ * page_;
    // map kPad bytes beyond the block where the file has them (no page wholly past the end)
    const std::uint64_t file_pages = (size_ + page_ - 1) / page_ * page_;
    const std::uint64_t to = std::min<std::uint64_t>(file_pages, (end + kPad + page_ - 1) / page_ * page_);
    void* m = ::mmap(nullptr, static_cast<std::size_t>(to - from), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd_,
                     static_cast<off_t>(from));
    if (m == MAP_FAILED) {  // e.g. a file system without mmap: read it instead, from here on
      mapped_ = false;
      read_ = [this](char* buf, std::size_t n) {
        std::size_t r = pread_at(buf, n, pos_);
        pos_ += r;
        return r;
      };
      return next_read(b);
    }
    const char* d = static_cast<const char*>(m) + (pos_ - from);
    const std::size_t n = static_cast<std::size_t>(end - pos_);
    std::size_t cut = n;
    if (!at_end) {
      const char* last = static_cast<const char*>(memrchr(d, '\n', n));
      if (!last) {  // a line longer than the block
        ::munmap(m, static_cast<std::size_t>(to - from));
        want *= 2;
        continue;
      }
      cut = static_cast<std::size_t>(last - d) + 1;
    }
    // (a last line without its newline is copied, so that the byte after it is 0: Block)
    if (pos_ + cut + kPad <= to && d[cut - 1] == '\n') {
      b.map = m;
      b.map_len = static_cast<std::size_t>(to - from);
      b.data = d;
    } else {  // the last block, ending too close to the end of its page for the padding: copy
      if (b.buf.size() < cut + kPad) b.buf.resize(cut + kPad);
      std::memcpy(b.buf.data(), d, cut);
      std::memset(b.buf.data() + cut, 0, kPad);
      ::munmap(m, static_cast<std::size_t>(to - from));
      b.data = b.buf.data();
    }
    b.size = cut;
    carry_len_ = n - cut;
    pos_ += cut;
    return true;
  }
}

bool BlockReader::next_read(Block& b) {
  if (eof_ && carry_.empty()) return false;
  // The cut depends on the data only (not on how large this Block grew for an earlier long
  // line): block boundaries fix the order of the sums, so they must not depend on the threads.
  std::size_t cap = std::max(block_, carry_.size() * 2);
  if (b.buf.size() < cap + kPad) b.buf.resize(cap + kPad);
  std::memcpy(b.buf.data(), carry_.data(), carry_.size());
  std::size_t n = carry_.size();
  carry_.clear();
  std::size_t cut = 0;
  for (;;) {
    while (!eof_ && n < cap) {
      std::size_t r = read_(b.buf.data() + n, cap - n);
      if (r == 0) eof_ = true;
      n += r;
    }
    if (eof_) {
      cut = n;
      break;
    }
    const char* last = static_cast<const char*>(memrchr(b.buf.data(), '\n', n));
    if (last) {
      cut = static_cast<std::size_t>(last - b.buf.data()) + 1;
      break;
    }
    cap *= 2;  // a line longer than the block
    b.buf.resize(cap + kPad);
  }
  carry_.assign(b.buf.data() + cut, n - cut);
  std::memset(b.buf.data() + cut, 0, kPad);  // (Block: the byte after an unterminated last line is 0)
  b.size = cut;
  b.data = b.buf.data();
  return cut != 0;
}

}  // namespace greengate::calc::batch
