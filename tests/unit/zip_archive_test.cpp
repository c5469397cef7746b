// Zip archives: what is written reads back; what is not a zip, is damaged or inflates beyond its
// declaration or the limits is refused with the archive's name, before more than the limit is
// inflated.
#include <doctest/doctest.h>

#include <functional>

#include "greengate/error.hpp"
#include "greengate/exchange/zip_archive.hpp"

namespace gx = greengate::exchange;

namespace {
std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const greengate::InputError& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST_CASE("ZipArchive: members written by ZipWriter read back, stored and deflated alike") {
  gx::ZipWriter w;
  std::string big(100000, 'x');
  w.add("a.xml", "<a>hello</a>", 6, 0x1234, 0x5678);
  w.add("dir/b.bin", big, 1, 0, 0x21);
  gx::ZipMember stored;
  stored.name = "c.txt";
  stored.method = 0;
  stored.crc32 = gx::crc32_of("plain");
  stored.size = stored.compressed_size = 5;
  w.add_raw(stored, "plain");
  gx::ZipArchive z(w.finish(), "t.zip");
  REQUIRE(z.members().size() == 3);
  CHECK(z.read(*z.find("a.xml")) == "<a>hello</a>");
  CHECK(z.find("a.xml")->dos_time == 0x1234);
  CHECK(z.read(*z.find("dir/b.bin")) == big);
  CHECK(z.find("dir/b.bin")->compressed_size < 1000);  // 100 000 equal bytes deflate to little
  CHECK(z.read(*z.find("c.txt")) == "plain");
  CHECK(z.find("missing") == nullptr);
}

TEST_CASE("ZipArchive: a file that is not a zip archive is refused") {
  CHECK(message_of([] { gx::ZipArchive("%PDF-1.7 not a workbook", "x.xlsx"); }) ==
        "x.xlsx: error: not an .xlsx workbook: the file is not a zip archive (an .xlsx is a zip of "
        "XML parts; was an .xls, .csv or .pdf renamed?)");
  // an .xls (OLE compound file) renamed .xlsx
  CHECK(message_of([] { gx::ZipArchive(std::string("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") + std::string(600, '\0'), "old.xlsx"); })
            .find("old.xlsx: error: not an .xlsx workbook") == 0);
  gx::ZipWriter w;
  w.add("a", "abc", 6, 0, 0);
  std::string zip = w.finish();
  CHECK(message_of([&] { gx::ZipArchive(zip.substr(0, zip.size() - 10), "cut.xlsx"); }) ==
        "cut.xlsx: error: not a complete zip archive: no end of central directory (the file is "
        "truncated or damaged)");
}

TEST_CASE("ZipArchive: a zip bomb is stopped at its declared size and at the limits") {
  // 20 MB of zeros deflate to about 20 kB. Declared as 1000 bytes, inflating stops at 1001.
  std::string zeros(20u << 20, '\0');
  std::string packed = gx::deflate_raw(zeros, 9);
  CHECK(packed.size() < 100000);
  gx::ZipMember lie;
  lie.name = "xl/worksheets/sheet1.xml";
  lie.method = 8;
  lie.size = 1000;
  lie.compressed_size = packed.size();
  lie.crc32 = 0;
  gx::ZipWriter w;
  w.add_raw(lie, packed);
  gx::ZipArchive z(w.finish(), "bomb.xlsx");
  CHECK(message_of([&] { z.read(z.members()[0]); }) ==
        "bomb.xlsx:xl/worksheets/sheet1.xml: error: the member inflates to more than the 1000 "
        "bytes it declares (a zip bomb or a damaged archive)");
  // Declared honestly but above the per-member limit: refused before inflating anything.
  gx::ZipMember honest = lie;
  honest.size = zeros.size();
  honest.crc32 = gx::crc32_of(zeros);
  gx::ZipWriter w2;
  w2.add_raw(honest, packed);
  gx::ZipLimits limits;
  limits.max_member_size = 1u << 20;
  gx::ZipArchive z2(w2.finish(), "big.xlsx", limits);
  CHECK(message_of([&] { z2.read(z2.members()[0]); }) ==
        "big.xlsx:xl/worksheets/sheet1.xml: error: the member declares 20971520 bytes "
        "uncompressed, more than the 1048576 allowed (a zip bomb?)");
  // Within the member limit but beyond the archive's total.
  limits.max_member_size = 32u << 20;
  limits.max_total_size = 30u << 20;
  gx::ZipWriter w3;
  honest.name = "a";
  w3.add_raw(honest, packed);
  honest.name = "b";
  w3.add_raw(honest, packed);
  gx::ZipArchive z3(w3.finish(), "two.xlsx", limits);
  CHECK_NOTHROW(z3.read(z3.members()[0]));
  CHECK(message_of([&] { z3.read(z3.members()[1]); }) ==
        "two.xlsx:b: error: the archive inflates to more than the 31457280 bytes allowed (a zip bomb?)");
}

TEST_CASE("ZipArchive: a damaged member fails its CRC-32") {
  gx::ZipMember m;
  m.name = "a.xml";
  m.method = 0;
  m.size = m.compressed_size = 3;
  m.crc32 = gx::crc32_of("abd");
  gx::ZipWriter w;
  w.add_raw(m, "abc");
  gx::ZipArchive z(w.finish(), "crc.xlsx");
  CHECK(message_of([&] { z.read(z.members()[0]); }) == "crc.xlsx:a.xml: error: damaged zip archive (CRC-32 mismatch)");
}
