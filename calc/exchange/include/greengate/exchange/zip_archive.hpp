#pragma once
// Zip archives (the container of .xlsx workbooks), read with bounded decompression and written
// with unchanged members copied as they are.
//
// Reading never trusts the archive: the number of members, each member's declared and actual
// uncompressed size and the total inflated in one archive are capped (ZipLimits), so a zip bomb
// stops with an error after at most the limit has been inflated; CRC-32 is checked. Only the
// "stored" and "deflate" methods are read; encrypted members and multi-disk archives are refused.
// Every problem is an InputError whose message names the archive (and member).
//
// Writing (ZipWriter) produces a plain zip (no zip64, no data descriptors) whose members keep the
// order and timestamps they are given, so that the same input always gives the same bytes.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace greengate::exchange {

struct ZipLimits {
  std::size_t max_members = 4096;
  std::uint64_t max_member_size = 96ull << 20;  ///< bytes, uncompressed, per member
  std::uint64_t max_total_size = 384ull << 20;  ///< bytes, uncompressed, all members read
};

struct ZipMember {
  std::string name;
  std::uint16_t method = 0;  ///< 0 stored, 8 deflate
  std::uint16_t flags = 0;
  std::uint16_t dos_time = 0, dos_date = 0;
  std::uint32_t crc32 = 0;
  std::uint64_t compressed_size = 0, size = 0;
  std::uint64_t data_offset = 0;  ///< of the compressed data in the archive
};

class ZipArchive {
 public:
  /// Parses the central directory of `bytes` (the whole archive). `display` names the archive in
  /// messages. Throws InputError when it is not a readable zip archive.
  ZipArchive(std::string bytes, std::string display, ZipLimits limits = {});

  const std::vector<ZipMember>& members() const { return members_; }
  const ZipMember* find(std::string_view name) const;
  /// The uncompressed content of a member, within the limits; throws InputError.
  std::string read(const ZipMember& m) const;
  /// The member's compressed bytes as stored (for copying it unchanged).
  std::string_view raw(const ZipMember& m) const;
  const std::string& display() const { return display_; }

 private:
  std::string bytes_;
  std::string display_;
  ZipLimits limits_;
  std::vector<ZipMember> members_;
  mutable std::uint64_t inflated_ = 0;
};

class ZipWriter {
 public:
  /// Adds a member copied from another archive: its compressed bytes, CRC and sizes as they are.
  void add_raw(const ZipMember& m, std::string_view compressed);
  /// Adds `data` deflated at `level` (1 fastest … 9 smallest), stamped with the given DOS time.
  void add(const std::string& name, std::string_view data, int level, std::uint16_t dos_time,
           std::uint16_t dos_date);
  /// The finished archive.
  std::string finish();

 private:
  void add_member(ZipMember m, std::string_view compressed);
  std::string out_;
  std::vector<std::pair<ZipMember, std::uint64_t>> written_;  ///< member, local header offset
};

/// CRC-32 (zlib's) of `data`.
std::uint32_t crc32_of(std::string_view data);
/// Raw deflate (no zlib header) of `data` at `level`.
std::string deflate_raw(std::string_view data, int level);

}  // namespace greengate::exchange
