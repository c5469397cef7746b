#include "greengate/report/uuid.hpp"

#include <array>
#include <cstdint>

#include "greengate/error.hpp"

namespace greengate::report {

namespace {
std::uint32_t rotl(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }
}  // namespace

std::string sha1(std::string_view data) {
  std::array<std::uint32_t, 5> h = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
  std::string msg(data);
  const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  msg.push_back(static_cast<char>(0x80));
  while (msg.size() % 64 != 56) msg.push_back('\0');
  for (int i = 7; i >= 0; --i) msg.push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
  for (std::size_t block = 0; block < msg.size(); block += 64) {
    std::array<std::uint32_t, 80> w{};
    for (int t = 0; t < 16; ++t)
      for (int b = 0; b < 4; ++b)
        w[t] = (w[t] << 8) | static_cast<unsigned char>(msg[block + static_cast<std::size_t>(4 * t + b)]);
    for (int t = 16; t < 80; ++t) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    auto [a, b, c, d, e] = h;
    for (int t = 0; t < 80; ++t) {
      std::uint32_t f, k;
      if (t < 20) f = (b & c) | (~b & d), k = 0x5A827999u;
      else if (t < 40) f = b ^ c ^ d, k = 0x6ED9EBA1u;
      else if (t < 60) f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDCu;
      else f = b ^ c ^ d, k = 0xCA62C1D6u;
      std::uint32_t tmp = rotl(a, 5) + f + e + k + w[t];
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = tmp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
  }
  std::string out;
  for (auto v : h)
    for (int i = 3; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  return out;
}

std::string uuid_v5(std::string_view ns, std::string_view name) {
  std::string bytes;
  for (std::size_t i = 0; i < ns.size(); ++i) {
    if (ns[i] == '-') continue;
    auto hex = [&](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      throw InternalError("uuid_v5: bad namespace " + std::string(ns));
    };
    if (i + 1 >= ns.size()) throw InternalError("uuid_v5: bad namespace " + std::string(ns));
    bytes.push_back(static_cast<char>(hex(ns[i]) * 16 + hex(ns[i + 1])));
    ++i;
  }
  if (bytes.size() != 16) throw InternalError("uuid_v5: bad namespace " + std::string(ns));
  std::string d = sha1(bytes + std::string(name)).substr(0, 16);
  d[6] = static_cast<char>((d[6] & 0x0F) | 0x50);  // version 5
  d[8] = static_cast<char>((d[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    auto b = static_cast<unsigned char>(d[i]);
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xF]);
  }
  return out;
}

}  // namespace greengate::report
