#pragma once
// Small open-addressing hash tables of the batch (per worker thread unless said; keys are never
// removed), and the run's declarant names shared by every worker.

#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace greengate::calc::batch {

namespace u = greengate::units;

inline std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

inline bool same(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  std::size_t n = a.size();
  if (n >= 8 && n <= 16) {
    std::uint64_t a1, a2, b1, b2;
    std::memcpy(&a1, a.data(), 8);
    std::memcpy(&b1, b.data(), 8);
    std::memcpy(&a2, a.data() + n - 8, 8);
    std::memcpy(&b2, b.data() + n - 8, 8);
    return a1 == b1 && a2 == b2;
  }
  return std::memcmp(a.data(), b.data(), n) == 0;
}

inline std::uint64_t hash_bytes(std::string_view s) {
  std::size_t n = s.size();
  if (n >= 8 && n <= 16) {  // the usual EORI-like declarant: two overlapping words
    std::uint64_t w1, w2;
    std::memcpy(&w1, s.data(), 8);
    std::memcpy(&w2, s.data() + n - 8, 8);
    return mix(w1 * 0x9e3779b97f4a7c15ULL ^ (w2 + n) * 0xc2b2ae3d27d4eb4fULL);
  }
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ s.size();
  const char* p = s.data();
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = mix(h ^ w);
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = mix(h ^ w ^ (static_cast<std::uint64_t>(n) << 56));
  }
  return h;
}

/// uint64 key -> V, the value held in the slot: a lookup touches one cache line, not a slot and
/// then an entry elsewhere (the per-line lookups run from L2, not L1). Key ~0 is reserved as
/// "empty". A reference from find/insert is valid until the next insert.
template <class V>
class FlatMap {
 public:
  FlatMap() { slots_.assign(std::size_t{1} << kFirstBits, Slot{kEmpty, V{}}); }
  /// Fibonacci hashing: the top bits of key × 2^64/φ (one multiply; the keys' bit fields all
  /// reach the top bits).
  std::size_t slot_of(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  /// Hint that `key` is wanted soon (the line after next): its slot is fetched meanwhile.
  void prefetch(std::uint64_t key) const { __builtin_prefetch(&slots_[slot_of(key)]); }
  const V* find(std::uint64_t key) const {
    const std::size_t mask = mask_;
    for (std::size_t i = slot_of(key);; i = (i + 1) & mask) {
      if (slots_[i].key == key) return &slots_[i].value;
      if (slots_[i].key == kEmpty) return nullptr;
    }
  }
  const V& insert(std::uint64_t key, const V& value) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    ++size_;
    return put(key, value);
  }

 private:
  static constexpr std::uint64_t kEmpty = ~0ULL;
  struct Slot {
    std::uint64_t key;
    V value;
  };
  V& put(std::uint64_t key, const V& value) {
    const std::size_t mask = mask_;
    std::size_t i = slot_of(key);
    while (slots_[i].key != kEmpty) i = (i + 1) & mask;
    slots_[i] = {key, value};
    return slots_[i].value;
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{kEmpty, V{}});
    mask_ = slots_.size() - 1;
    --shift_;
    for (const auto& s : old)
      if (s.key != kEmpty) put(s.key, s.value);
  }
  static constexpr int kFirstBits = 10;
  std::vector<Slot> slots_;
  std::size_t mask_ = (std::size_t{1} << kFirstBits) - 1;  ///< slots_.size() − 1
  int shift_ = 64 - kFirstBits;
  std::size_t size_ = 0;
};

/// string -> dense id, with the strings kept.
class StringIds {
 public:
  StringIds() { slots_.assign(256, Slot{0, kNone}); }
  std::uint32_t find(std::string_view s, std::uint64_t h) const {
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& sl = slots_[i];
      if (sl.id == kNone) return kNone;
      if (sl.hash == h && same(names_[sl.id], s)) return sl.id;
    }
  }
  std::uint32_t add(std::string_view s, std::uint64_t h) {
    if ((names_.size() + 1) * 2 > slots_.size()) grow();
    auto id = static_cast<std::uint32_t>(names_.size());
    names_.emplace_back(s);
    put(h, id);
    return id;
  }
  const std::string& name(std::uint32_t id) const { return names_[id]; }
  std::size_t size() const { return names_.size(); }
  static constexpr std::uint32_t kNone = ~0u;

 private:
  struct Slot {
    std::uint64_t hash;
    std::uint32_t id;
  };
  void put(std::uint64_t h, std::uint32_t id) {
    std::size_t mask = slots_.size() - 1;
    std::size_t i = h & mask;
    while (slots_[i].id != kNone) i = (i + 1) & mask;
    slots_[i] = {h, id};
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{0, kNone});
    for (const auto& s : old)
      if (s.id != kNone) put(s.hash, s.id);
  }
  std::vector<Slot> slots_;
  std::vector<std::string> names_;
};

/// Declarant names -> ids shared by all threads (each thread caches its own lookups).
class Declarants {
 public:
  std::uint32_t id(std::string_view name, std::uint64_t h) {
    std::lock_guard<std::mutex> lock(mx_);
    auto i = ids_.find(name, h);
    return i != StringIds::kNone ? i : ids_.add(name, h);
  }
  std::string name(std::uint32_t id) {
    std::lock_guard<std::mutex> lock(mx_);
    return ids_.name(id);
  }
  std::size_t size() {
    std::lock_guard<std::mutex> lock(mx_);
    return ids_.size();
  }

 private:
  std::mutex mx_;
  StringIds ids_;
};

}  // namespace greengate::calc::batch
