// web/poco_http_pools.cpp, linked into this test executable as into greengate-web: Poco's HTTP
// buffers and stream objects come from a per-thread cache (a block given back is the next one
// taken on that thread), other sizes are not cached, and another thread does not see this
// thread's blocks. (That a thread's cache is freed when the thread ends was checked with
// LeakSanitizer: without the Reaper, three threads leak their 12 buffers.)

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <Poco/Net/HTTPBufferAllocator.h>
#include <Poco/Net/HTTPFixedLengthStream.h>
#include <Poco/Net/HTTPHeaderStream.h>
#include <Poco/Net/HTTPSession.h>

#include <set>
#include <thread>
#include <vector>

using Poco::Net::HTTPBufferAllocator;

TEST_CASE("HTTP buffers: given back, taken again on the same thread, other sizes passed through") {
  constexpr auto kSize = HTTPBufferAllocator::BUFFER_SIZE;
  char* a = HTTPBufferAllocator::allocate(kSize);
  char* b = HTTPBufferAllocator::allocate(kSize);
  CHECK(a != b);
  a[0] = 'x';
  a[kSize - 1] = 'y';  // the whole block is usable
  HTTPBufferAllocator::deallocate(a, kSize);
  HTTPBufferAllocator::deallocate(b, kSize);
  CHECK(HTTPBufferAllocator::allocate(kSize) == b);  // last in, first out
  CHECK(HTTPBufferAllocator::allocate(kSize) == a);

  // Another thread starts with an empty cache: it gets fresh blocks, not these.
  HTTPBufferAllocator::deallocate(a, kSize);
  char* other = nullptr;
  std::thread([&] {
    other = HTTPBufferAllocator::allocate(kSize);
    HTTPBufferAllocator::deallocate(other, kSize);
  }).join();
  CHECK(other != a);
  CHECK(HTTPBufferAllocator::allocate(kSize) == a);
  HTTPBufferAllocator::deallocate(a, kSize);
  HTTPBufferAllocator::deallocate(b, kSize);

  // Not the stream buffer size: plain new[]/delete[] (ASan would see a mismatch or a leak).
  char* odd = HTTPBufferAllocator::allocate(100);
  odd[99] = 'z';
  HTTPBufferAllocator::deallocate(odd, 100);
}

TEST_CASE("HTTP buffers: beyond eight kept per thread, blocks given back are freed") {
  constexpr auto kSize = HTTPBufferAllocator::BUFFER_SIZE;
  std::vector<char*> blocks;
  for (int i = 0; i < 20; ++i) blocks.push_back(HTTPBufferAllocator::allocate(kSize));
  CHECK(std::set<char*>(blocks.begin(), blocks.end()).size() == 20);
  for (char* p : blocks) HTTPBufferAllocator::deallocate(p, kSize);
  // Kept: the first eight given back (the other twelve were freed), taken again last in, first
  // out.
  for (int i = 7; i >= 0; --i) CHECK(HTTPBufferAllocator::allocate(kSize) == blocks[static_cast<std::size_t>(i)]);
  for (int i = 0; i < 8; ++i) HTTPBufferAllocator::deallocate(blocks[static_cast<std::size_t>(i)], kSize);
}

TEST_CASE("HTTP stream objects: deleted, their block is the next one of the same class") {
  Poco::Net::StreamSocket unconnected;
  Poco::Net::HTTPSession* session = nullptr;
  struct Session : Poco::Net::HTTPSession {
    explicit Session(const Poco::Net::StreamSocket& s) : HTTPSession(s) {}
  } s(unconnected);
  session = &s;
  auto* first = new Poco::Net::HTTPHeaderOutputStream(*session);
  void* where = first;
  delete first;
  auto* second = new Poco::Net::HTTPHeaderOutputStream(*session);
  CHECK(static_cast<void*>(second) == where);
  auto* other_class = new Poco::Net::HTTPFixedLengthOutputStream(*session, 0);
  CHECK(static_cast<void*>(other_class) != where);
  delete other_class;
  delete second;
}
