#!/usr/bin/env bash
# The sanitizer and fuzzing run (issue 15; not yet in CI, docs/security.md): a second build tree, build-san,
# compiled with clang-14 (g++ when clang is missing: then no fuzzers) with AddressSanitizer and
# UndefinedBehaviorSanitizer, in which
#   1. the unit tests and the golden CLI cases run (any report fails them),
#   2. every libFuzzer harness of tests/fuzz runs for a bounded time (default 20 s each, two at
#      a time), after replaying its committed regression inputs.
#   scripts/sanitize.sh [--fuzz-seconds N] [--no-fuzz]
# The web tests (servers, browser) are not run here: their pure parts are in the unit tests and
# the harnesses. Longer fuzzing: scripts/sanitize.sh --fuzz-seconds 600 (tests/fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
fuzz_seconds=20
fuzz=1
while (($#)); do
  case $1 in
    --fuzz-seconds) fuzz_seconds=$2; shift 2 ;;
    --no-fuzz) fuzz=0; shift ;;
    *) echo "sanitize.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
jobs=$(nproc 2>/dev/null || echo 2)
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if command -v clang++-14 >/dev/null; then
  compiler=(-DCMAKE_CXX_COMPILER=clang++-14 -DGREENGATE_FUZZ=ON)
else
  echo "sanitize.sh: clang++-14 not found: ASan+UBSan with g++, no fuzzers" >&2
  compiler=(-DCMAKE_CXX_COMPILER=g++ -DGREENGATE_FUZZ=OFF)
  fuzz=0
fi
start=$(date +%s)
# -O1: sanitizer builds are for finding faults, not speed; ccache keeps rebuilds short.
cmake -S . -B build-san -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DGREENGATE_BUILD_TESTS=ON \
  -DGREENGATE_SANITIZERS=ON "${compiler[@]}" "${launcher[@]}" >/dev/null
targets=(greengate greengate_tests)
((fuzz)) && targets+=(fuzzers)
cmake --build build-san -j "$jobs" --target "${targets[@]}"
echo "sanitize.sh: built in $(( $(date +%s) - start )) s"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# 1. unit tests (one process) and the golden CLI cases
build-san/bin/greengate_tests --no-intro --minimal
(cd build-san && ctest -R '^golden\.|^cli\.io_errors$' -j "$jobs" --output-on-failure | tail -3)
echo "sanitize.sh: tests under ASan+UBSan passed ($(( $(date +%s) - start )) s so far)"
# 2. fuzzers
if ((fuzz)); then
  tests/fuzz/run_fuzzers.sh build-san "$fuzz_seconds"
fi
echo "sanitize.sh: done in $(( $(date +%s) - start )) s"
