// Per-thread caches in place of the process-wide pools of Poco's HTTP streams.
//
// Every request Poco 1.11 serves creates three or four stream objects (request header, request
// body, response header, response body) and a 4 KiB buffer for each, and deletes them again.
// Poco takes all of them from process-wide MemoryPools, one mutex per pool: a dozen lock
// operations per request on a few locks shared by every request thread. With 32 keep-alive
// connections (32 threads) on two cores these were the only contended locks of greengate-web:
// every futex call the server made under load came from them (perf, syscalls:sys_enter_futex with
// call graphs: about one request in five slept on one), and a thread that sleeps there waits for
// a whole scheduling round, which is what the slowest requests were made of.
//
// The functions that use those pools are exported by libPocoNet and called through the PLT:
// HTTPBufferAllocator::allocate/deallocate and the class-specific operator new/delete of the
// eight HTTP stream classes. Defining them here, in the executable, against Poco's own headers,
// makes the dynamic linker bind Poco's calls to these. Each thread keeps a few free blocks per
// kind; beyond that, plain new char[]/delete[], which is how Poco's pools allocate and free their
// blocks too, so a block from either side is released correctly by the other. A block released
// on another thread than the one that took it simply joins that thread's list.
//
// Compiled into the greengate-web executable itself (web/CMakeLists.txt): as a member of a static
// library that nothing references it would not be linked. Tested by tests/web (every request of
// the handler and browser suites goes through it) and by bench/web (futex calls per request).

#include <Poco/Net/HTTPBufferAllocator.h>
#include <Poco/Net/HTTPChunkedStream.h>
#include <Poco/Net/HTTPFixedLengthStream.h>
#include <Poco/Net/HTTPHeaderStream.h>
#include <Poco/Net/HTTPStream.h>

#include <array>
#include <cstddef>
#include <new>

namespace {

// Kinds of block: Poco's 4 KiB stream buffer and one per stream class.
enum Kind : std::size_t {
  kBuffer,
  kHeaderIn,
  kHeaderOut,
  kFixedIn,
  kFixedOut,
  kChunkedIn,
  kChunkedOut,
  kStreamIn,
  kStreamOut,
  kKinds
};
constexpr std::size_t kKeep = 8;  // per kind and thread; a request holds at most 4 buffers

struct FreeList {
  std::array<void*, kKeep> blocks;
  std::size_t count;
};

// Trivially destructible, so it stays usable while the thread's other thread_local objects are
// destroyed (a Poco stream may be deleted then): once the Reaper has run, `closed` sends every
// block straight to delete[].
struct ThreadCache {
  std::array<FreeList, kKinds> lists;
  bool reaper_armed;
  bool closed;
};
thread_local ThreadCache cache{};

// Frees the thread's kept blocks when the thread ends (Poco's pool retires idle threads).
struct Reaper {
  void arm() {}
  ~Reaper() {
    for (auto& l : cache.lists)
      for (std::size_t i = 0; i < l.count; ++i) delete[] static_cast<char*>(l.blocks[i]);
    cache.lists = {};
    cache.closed = true;
  }
};
thread_local Reaper reaper;

void* take(Kind k, std::size_t size) {
  auto& l = cache.lists[k];
  if (l.count > 0) return l.blocks[--l.count];
  return new char[size];
}

void give(Kind k, void* p) {
  if (!p) return;
  auto& l = cache.lists[k];
  if (l.count < kKeep && !cache.closed) {
    if (!cache.reaper_armed) {
      reaper.arm();  // first use in this thread constructs it, so its destructor will run
      cache.reaper_armed = true;
    }
    l.blocks[l.count++] = p;
    return;
  }
  delete[] static_cast<char*>(p);
}

// A stream class's blocks are all sizeof(C), as with Poco's pool of that class (which ignores
// the size asked): a larger request (a class derived without its own operator new) is refused
// rather than given a block too small.
template <class C>
void* take_object(Kind k, std::size_t size) {
  if (size > sizeof(C)) throw std::bad_alloc();
  return take(k, sizeof(C));
}

}  // namespace

namespace Poco::Net {

char* HTTPBufferAllocator::allocate(std::streamsize size) {
  if (size == BUFFER_SIZE) return static_cast<char*>(take(kBuffer, BUFFER_SIZE));
  return new char[static_cast<std::size_t>(size)];
}

void HTTPBufferAllocator::deallocate(char* ptr, std::streamsize size) {
  if (size == BUFFER_SIZE) give(kBuffer, ptr);
  else delete[] ptr;
}

#define GREENGATE_THREAD_CACHED(Class, kind)                                                    \
  void* Class::operator new(std::size_t size) { return take_object<Class>(kind, size); }       \
  void Class::operator delete(void* ptr) { give(kind, ptr); }

GREENGATE_THREAD_CACHED(HTTPHeaderInputStream, kHeaderIn)
GREENGATE_THREAD_CACHED(HTTPHeaderOutputStream, kHeaderOut)
GREENGATE_THREAD_CACHED(HTTPFixedLengthInputStream, kFixedIn)
GREENGATE_THREAD_CACHED(HTTPFixedLengthOutputStream, kFixedOut)
GREENGATE_THREAD_CACHED(HTTPChunkedInputStream, kChunkedIn)
GREENGATE_THREAD_CACHED(HTTPChunkedOutputStream, kChunkedOut)
GREENGATE_THREAD_CACHED(HTTPInputStream, kStreamIn)
GREENGATE_THREAD_CACHED(HTTPOutputStream, kStreamOut)

#undef GREENGATE_THREAD_CACHED

}  // namespace Poco::Net
