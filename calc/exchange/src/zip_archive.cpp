#include "greengate/exchange/zip_archive.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include "greengate/error.hpp"

namespace greengate::exchange {

namespace {

constexpr std::uint32_t kLocalSig = 0x04034b50;
constexpr std::uint32_t kCentralSig = 0x02014b50;
constexpr std::uint32_t kEndSig = 0x06054b50;
constexpr std::uint32_t kZip64EndSig = 0x06064b50;
constexpr std::uint32_t kZip64LocatorSig = 0x07064b50;

[[noreturn]] void fail(const std::string& display, const std::string& member,
                       const std::string& message) {
  Diagnostics d;
  d.error(SourcePos{display, 0, 0, member}, message);
  throw InputError(d.format(), d);
}

std::uint16_t u16(std::string_view b, std::uint64_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                    (static_cast<unsigned char>(b[at + 1]) << 8));
}
std::uint32_t u32(std::string_view b, std::uint64_t at) {
  return static_cast<std::uint32_t>(u16(b, at)) | (static_cast<std::uint32_t>(u16(b, at + 2)) << 16);
}
std::uint64_t u64(std::string_view b, std::uint64_t at) {
  return static_cast<std::uint64_t>(u32(b, at)) | (static_cast<std::uint64_t>(u32(b, at + 4)) << 32);
}

void put16(std::string& o, std::uint32_t v) {
  o += static_cast<char>(v & 0xff);
  o += static_cast<char>((v >> 8) & 0xff);
}
void put32(std::string& o, std::uint32_t v) {
  put16(o, v & 0xffff);
  put16(o, v >> 16);
}

}  // namespace

std::uint32_t crc32_of(std::string_view data) {
  uLong crc = ::crc32(0L, Z_NULL, 0);
  const auto* p = reinterpret_cast<const Bytef*>(data.data());
  std::size_t left = data.size();
  while (left > 0) {
    auto n = static_cast<uInt>(std::min<std::size_t>(left, 1u << 30));
    crc = ::crc32(crc, p, n);
    p += n;
    left -= n;
  }
  return static_cast<std::uint32_t>(crc);
}

std::string deflate_raw(std::string_view data, int level) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw InternalError("zlib: deflateInit2 failed");
  std::string out;
  out.resize(deflateBound(&z, static_cast<uLong>(data.size())) + 16);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  std::size_t produced = out.size() - z.avail_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw InternalError("zlib: deflate did not finish");
  out.resize(produced);
  return out;
}

ZipArchive::ZipArchive(std::string bytes, std::string display, ZipLimits limits)
    : bytes_(std::move(bytes)), display_(std::move(display)), limits_(limits) {
  const std::string_view b = bytes_;
  if (b.size() < 22 || u32(b, 0) != kLocalSig)
    fail(display_, "", "not an .xlsx workbook: the file is not a zip archive (an .xlsx is a zip of "
                       "XML parts; was an .xls, .csv or .pdf renamed?)");
  // The end-of-central-directory record: the last 22 bytes plus a comment of up to 65535.
  std::uint64_t end = std::string::npos;
  std::uint64_t lowest = b.size() > 22 + 65535 ? b.size() - 22 - 65535 : 0;
  for (std::uint64_t i = b.size() - 22;; --i) {
    if (u32(b, i) == kEndSig) {
      end = i;
      break;
    }
    if (i == lowest) break;
  }
  if (end == std::string::npos)
    fail(display_, "", "not a complete zip archive: no end of central directory (the file is "
                       "truncated or damaged)");
  if (u16(b, end + 4) != 0 || u16(b, end + 6) != 0)
    fail(display_, "", "multi-volume zip archives are not supported");
  std::uint64_t count = u16(b, end + 10);
  std::uint64_t cd_size = u32(b, end + 12);
  std::uint64_t cd_offset = u32(b, end + 16);
  if (count == 0xffff || cd_size == 0xffffffff || cd_offset == 0xffffffff) {
    // zip64: the locator sits just before the end record.
    if (end < 20 || u32(b, end - 20) != kZip64LocatorSig)
      fail(display_, "", "damaged zip64 archive (no zip64 end locator)");
    std::uint64_t z64 = u64(b, end - 20 + 8);
    if (z64 + 56 > b.size() || u32(b, z64) != kZip64EndSig)
      fail(display_, "", "damaged zip64 archive (no zip64 end record)");
    count = u64(b, z64 + 32);
    cd_size = u64(b, z64 + 40);
    cd_offset = u64(b, z64 + 48);
  }
  if (count > limits_.max_members)
    fail(display_, "", "the archive has " + std::to_string(count) + " members, more than the " +
                           std::to_string(limits_.max_members) + " allowed");
  if (cd_offset > b.size() || cd_size > b.size() - cd_offset)
    fail(display_, "", "damaged zip archive (central directory outside the file)");
  members_.reserve(static_cast<std::size_t>(count));
  std::uint64_t p = cd_offset;
  for (std::uint64_t i = 0; i < count; ++i) {
    if (p + 46 > b.size() || u32(b, p) != kCentralSig)
      fail(display_, "", "damaged zip archive (central directory entry " + std::to_string(i + 1) + ")");
    ZipMember m;
    m.flags = u16(b, p + 8);
    m.method = u16(b, p + 10);
    m.dos_time = u16(b, p + 12);
    m.dos_date = u16(b, p + 14);
    m.crc32 = u32(b, p + 16);
    m.compressed_size = u32(b, p + 20);
    m.size = u32(b, p + 24);
    std::uint64_t name_len = u16(b, p + 28), extra_len = u16(b, p + 30), comment_len = u16(b, p + 32);
    std::uint64_t local = u32(b, p + 42);
    if (p + 46 + name_len + extra_len + comment_len > b.size())
      fail(display_, "", "damaged zip archive (central directory entry " + std::to_string(i + 1) + ")");
    m.name.assign(b.substr(p + 46, name_len));
    // zip64 extended information: the 0xffffffff fields, in order.
    std::uint64_t e = p + 46 + name_len, e_end = e + extra_len;
    while (e + 4 <= e_end) {
      std::uint16_t id = u16(b, e), len = u16(b, e + 2);
      if (e + 4 + len > e_end) break;
      if (id == 0x0001) {
        std::uint64_t q = e + 4, q_end = q + len;
        if (m.size == 0xffffffff && q + 8 <= q_end) m.size = u64(b, q), q += 8;
        if (m.compressed_size == 0xffffffff && q + 8 <= q_end) m.compressed_size = u64(b, q), q += 8;
        if (local == 0xffffffff && q + 8 <= q_end) local = u64(b, q);
      }
      e += 4 + len;
    }
    if (m.flags & 0x1)
      fail(display_, m.name, "the member is encrypted (a password-protected workbook): remove the "
                             "password and save again");
    if (local + 30 > b.size() || u32(b, local) != kLocalSig)
      fail(display_, m.name, "damaged zip archive (local header missing)");
    m.data_offset = local + 30 + u16(b, local + 26) + u16(b, local + 28);
    if (m.data_offset > b.size() || m.compressed_size > b.size() - m.data_offset)
      fail(display_, m.name, "damaged zip archive (member data outside the file)");
    members_.push_back(std::move(m));
    p += 46 + name_len + extra_len + comment_len;
  }
}

const ZipMember* ZipArchive::find(std::string_view name) const {
  for (const auto& m : members_)
    if (m.name == name) return &m;
  return nullptr;
}

std::string_view ZipArchive::raw(const ZipMember& m) const {
  return std::string_view(bytes_).substr(m.data_offset, m.compressed_size);
}

std::string ZipArchive::read(const ZipMember& m) const {
  if (m.size > limits_.max_member_size)
    fail(display_, m.name, "the member declares " + std::to_string(m.size) +
                               " bytes uncompressed, more than the " +
                               std::to_string(limits_.max_member_size) + " allowed (a zip bomb?)");
  if (inflated_ + m.size > limits_.max_total_size)
    fail(display_, m.name, "the archive inflates to more than the " +
                               std::to_string(limits_.max_total_size) + " bytes allowed (a zip bomb?)");
  std::string out;
  auto data = raw(m);
  if (m.method == 0) {
    if (m.compressed_size != m.size)
      fail(display_, m.name, "damaged zip archive (stored member with two sizes)");
    out.assign(data);
  } else if (m.method == 8) {
    // Inflate into a buffer of the declared size plus one byte: a stream that yields more than
    // it declared is refused as soon as it has, so no more than the limit is ever inflated.
    out.resize(static_cast<std::size_t>(m.size) + 1);
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw InternalError("zlib: inflateInit2 failed");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = inflate(&z, Z_FINISH);
    std::size_t produced = out.size() - z.avail_out;
    inflateEnd(&z);
    if (produced > m.size)
      fail(display_, m.name, "the member inflates to more than the " + std::to_string(m.size) +
                                 " bytes it declares (a zip bomb or a damaged archive)");
    if (rc != Z_STREAM_END || produced != m.size)
      fail(display_, m.name, "damaged zip archive (the compressed data does not inflate to the "
                             "declared size)");
    out.resize(produced);
  } else {
    fail(display_, m.name, "compression method " + std::to_string(m.method) +
                               " is not supported (only stored and deflate)");
  }
  inflated_ += out.size();
  if (crc32_of(out) != m.crc32) fail(display_, m.name, "damaged zip archive (CRC-32 mismatch)");
  return out;
}

void ZipWriter::add_raw(const ZipMember& m, std::string_view compressed) {
  ZipMember c = m;
  c.flags = static_cast<std::uint16_t>(m.flags & 0x0800);  // keep only "UTF-8 name"
  add_member(std::move(c), compressed);
}

void ZipWriter::add(const std::string& name, std::string_view data, int level,
                    std::uint16_t dos_time, std::uint16_t dos_date) {
  ZipMember m;
  m.name = name;
  m.method = 8;
  m.dos_time = dos_time;
  m.dos_date = dos_date;
  m.crc32 = crc32_of(data);
  m.size = data.size();
  std::string c = deflate_raw(data, level);
  m.compressed_size = c.size();
  add_member(std::move(m), c);
}

void ZipWriter::add_member(ZipMember m, std::string_view compressed) {
  if (m.size >= 0xffffffffu || compressed.size() >= 0xffffffffu || out_.size() >= 0xffffffffu)
    throw InternalError("zip member too large for a plain zip: " + m.name);
  std::uint64_t offset = out_.size();
  put32(out_, kLocalSig);
  put16(out_, 20);  // version needed: 2.0 (deflate)
  put16(out_, m.flags);
  put16(out_, m.method);
  put16(out_, m.dos_time);
  put16(out_, m.dos_date);
  put32(out_, m.crc32);
  put32(out_, static_cast<std::uint32_t>(compressed.size()));
  put32(out_, static_cast<std::uint32_t>(m.size));
  put16(out_, static_cast<std::uint32_t>(m.name.size()));
  put16(out_, 0);
  out_ += m.name;
  out_ += compressed;
  m.compressed_size = compressed.size();
  written_.emplace_back(std::move(m), offset);
}

std::string ZipWriter::finish() {
  std::uint64_t cd_offset = out_.size();
  for (const auto& [m, offset] : written_) {
    put32(out_, kCentralSig);
    put16(out_, 20);  // made by: version 2.0
    put16(out_, 20);
    put16(out_, m.flags);
    put16(out_, m.method);
    put16(out_, m.dos_time);
    put16(out_, m.dos_date);
    put32(out_, m.crc32);
    put32(out_, static_cast<std::uint32_t>(m.compressed_size));
    put32(out_, static_cast<std::uint32_t>(m.size));
    put16(out_, static_cast<std::uint32_t>(m.name.size()));
    put16(out_, 0);  // extra
    put16(out_, 0);  // comment
    put16(out_, 0);  // disk
    put16(out_, 0);  // internal attributes
    put32(out_, 0);  // external attributes
    put32(out_, static_cast<std::uint32_t>(offset));
    out_ += m.name;
  }
  std::uint64_t cd_size = out_.size() - cd_offset;
  if (written_.size() >= 0xffff || cd_offset >= 0xffffffffu)
    throw InternalError("zip archive too large for a plain zip");
  put32(out_, kEndSig);
  put16(out_, 0);
  put16(out_, 0);
  put16(out_, static_cast<std::uint32_t>(written_.size()));
  put16(out_, static_cast<std::uint32_t>(written_.size()));
  put32(out_, static_cast<std::uint32_t>(cd_size));
  put32(out_, static_cast<std::uint32_t>(cd_offset));
  put16(out_, 0);
  std::string done;
  done.swap(out_);
  written_.clear();
  return done;
}

}  // namespace greengate::exchange
