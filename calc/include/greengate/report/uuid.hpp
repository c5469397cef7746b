#pragma once
// Name-based UUIDs (RFC 4122 version 5, SHA-1) for the ids of exported documents: the same
// content gives the same id, changed content a new one (the PACT v3 lifecycle gives every
// changed footprint a new id).

#include <string>
#include <string_view>

namespace greengate::report {

/// SHA-1 (FIPS 180-4) of `data`, 20 bytes.
std::string sha1(std::string_view data);
/// UUID v5 of `name` in namespace `ns` (a UUID in text form), lower-case 8-4-4-4-12.
std::string uuid_v5(std::string_view ns, std::string_view name);

}  // namespace greengate::report
