#!/usr/bin/env bash
# The sanitizer and fuzzing run (issue 15, docs/security.md): a second build tree compiled with
# clang-14 (g++ when clang is missing: then no fuzzers) with AddressSanitizer and
# UndefinedBehaviorSanitizer, in which
#   1. the unit tests (one process) and the golden CLI cases run (any report fails them),
#   2. every libFuzzer harness of tests/fuzz replays its committed regression inputs and its
#      seeds, then fuzzes for a bounded time (two harnesses at a time).
#   scripts/sanitize.sh [--ci] [--fuzz-seconds N] [--no-fuzz]
#
# --ci is the stage scripts/test.sh runs with GREENGATE_SANITIZE=1 (not yet by default: its cost,
# docs/security.md): tree build-san-ci at -O0 (its cold build is the stage's cost: -O1 compiles
# 2.7 times slower and finds the same faults), 10 s per harness, and only the targets it runs
# (greengate, greengate_tests, the harnesses; not the web server).
# Without --ci (by hand): tree build-san at -O1 (the fuzzers run faster there), 20 s per harness.
# The web tests (servers, browser) are not run here: their pure parts are in the unit tests and
# the harnesses. Longer fuzzing: scripts/sanitize.sh --fuzz-seconds 600 (tests/fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ci=0
fuzz_seconds=
fuzz=1
while (($#)); do
  case $1 in
    --ci) ci=1; shift ;;
    --fuzz-seconds) fuzz_seconds=$2; shift 2 ;;
    --no-fuzz) fuzz=0; shift ;;
    *) echo "sanitize.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
tree=build-san opt=-O1
((ci)) && tree=build-san-ci opt=-O0
[[ -n $fuzz_seconds ]] || fuzz_seconds=$((ci ? 10 : 20))
jobs=$(nproc 2>/dev/null || echo 2)
extra=()
command -v ccache >/dev/null && extra+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if command -v clang++-14 >/dev/null; then
  extra+=(-DCMAKE_CXX_COMPILER=clang++-14 -DGREENGATE_FUZZ=ON)
  # lld links the sanitized executables (tens of MB each) several times faster than ld.bfd.
  [[ -x /usr/lib/llvm-14/bin/ld.lld ]] && extra+=(-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld)
else
  echo "sanitize.sh: clang++-14 not found: ASan+UBSan with g++, no fuzzers" >&2
  extra+=(-DCMAKE_CXX_COMPILER=g++ -DGREENGATE_FUZZ=OFF)
  fuzz=0
fi
start=$(date +%s)
# Line tables only: file:line in every report, a fraction of the cost of full debug information.
cmake -S . -B "$tree" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="$opt -gline-tables-only" \
  -DGREENGATE_BUILD_TESTS=ON -DGREENGATE_BUILD_WEB=OFF -DGREENGATE_SANITIZERS=ON \
  -DGREENGATE_FUZZ_SECONDS="$fuzz_seconds" "${extra[@]}" >/dev/null
targets=(greengate greengate_tests)
((fuzz)) && targets+=(fuzzers)
cmake --build "$tree" -j "$jobs" --target "${targets[@]}"
echo "sanitize.sh: built $tree ($opt) in $(( $(date +%s) - start )) s"

# Every report stops the program with an error (UBSan: -fno-sanitize-recover=undefined, compiled
# in); leaks are reports too.
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# 1. the unit tests (one process), 2. the golden CLI cases and the harnesses (CTest: golden.*,
# cli.io_errors, fuzz.*; fuzz.NAME replays its regression inputs and seeds, then fuzzes)
t=$(date +%s)
"$tree"/bin/greengate_tests --no-intro --minimal
echo "sanitize.sh: unit tests under ASan+UBSan passed in $(( $(date +%s) - t )) s"
t=$(date +%s)
pattern='^golden\.|^cli\.io_errors$'
((fuzz)) && pattern+='|^fuzz\.'
if ! (cd "$tree" && ctest -R "$pattern" -j "$jobs" --output-on-failure >ctest-san.log 2>&1); then
  cat "$tree/ctest-san.log"
  exit 1
fi
grep -E '^fuzz |tests passed' "$tree/ctest-san.log" || true
echo "sanitize.sh: golden cases$( ((fuzz)) && echo " and ${fuzz_seconds} s per harness") under ASan+UBSan passed in $(( $(date +%s) - t )) s"
echo "sanitize.sh: done in $(( $(date +%s) - start )) s"
