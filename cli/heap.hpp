#pragma once
// Heap tuning of the command-line program (glibc on Linux; elsewhere nothing).

namespace greengate::cli {

/// Tunes the heap for the command `argv` names (the first argument that is not a global option or
/// its value): one arena for every command but `screen`. See heap.cpp for why.
void tune_heap_for(int argc, char** argv);

}  // namespace greengate::cli
