#!/usr/bin/env bash
# The sanitizer and fuzzing run (issue 15, docs/security.md): a second build tree compiled with
# AddressSanitizer and UndefinedBehaviorSanitizer (-fno-sanitize-recover: any report stops the
# program), in which
#   1. the unit tests (one process) and the golden CLI cases run (any report fails them),
#   2. every fuzz harness of tests/fuzz replays its committed regression inputs and its seeds,
#      then (libFuzzer builds only) fuzzes for a bounded time (two harnesses at a time).
#   scripts/sanitize.sh [--ci] [--fuzz-seconds N] [--no-fuzz]
#
# With clang-14 and its runtimes (scripts/setup.sh --sanitize, which scripts/test.sh runs when the
# stage is on) the tree is built with clang at -O1 and the harnesses with libFuzzer:
#   --ci  the CI stage (scripts/test.sh runs it beside the suite, so .ci/run; GREENGATE_SANITIZE=0
#         leaves it out): tree build-san-ci, only the targets it runs (greengate, greengate_tests,
#         the nine harnesses; not the web server), 20 s of fuzzing per harness
#         (GREENGATE_FUZZ_SECONDS overrides);
#   (none) by hand: tree build-san, the same, 20 s per harness; --fuzz-seconds 600 is the longer run.
# Without clang-14 (a machine where it cannot be installed): Debian's g++ 12, the harnesses built
# with tests/fuzz/replay_main.cpp as driver: the regression inputs and seeds are replayed, nothing
# is fuzzed, and the script says so. The web tests (servers, browser) are not run here: their pure
# parts are in the unit tests and the harnesses (tests/fuzz/README.md).
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
jobs=$(nproc 2>/dev/null || echo 2)
extra=()
command -v ccache >/dev/null && extra+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if command -v clang++-14 >/dev/null && compgen -G '/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a' >/dev/null; then
  tree=build-san flags="-O1 -gline-tables-only"
  ((ci)) && tree=build-san-ci
  [[ -n $fuzz_seconds ]] || fuzz_seconds=${GREENGATE_FUZZ_SECONDS:-20}
  extra+=(-DCMAKE_CXX_COMPILER=clang++-14 -DGREENGATE_FUZZ=ON -DGREENGATE_FUZZ_REPLAY=OFF)
  # lld links the sanitized executables (tens of MB each) several times faster than ld.bfd.
  [[ -x /usr/lib/llvm-14/bin/ld.lld ]] && extra+=(-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld)
else
  # -g1: file:line in every report (line tables), a fraction of the cost of full debug information.
  tree=build-san-gcc flags="-O1 -g1"
  ((ci)) && tree=build-san-ci-gcc flags="-O0 -g1"
  echo "sanitize.sh: clang-14 with libFuzzer not found (scripts/setup.sh --sanitize): g++, the harnesses replay their inputs, NO fuzzing" >&2
  fuzz_seconds=0
  extra+=(-DCMAKE_CXX_COMPILER=g++ -DGREENGATE_FUZZ=OFF -DGREENGATE_FUZZ_REPLAY=ON)
fi
start=$(date +%s)
# A tree configured before with the other compiler (the CI stage was g++ until 2026-12-03) is
# started again: CMake cannot switch a tree's compiler in place.
want=$(printf '%s\n' "${extra[@]}" | sed -n 's/^-DCMAKE_CXX_COMPILER=//p')
if [[ -f $tree/CMakeCache.txt ]] && ! grep -q "^CMAKE_CXX_COMPILER:.*=.*$want\$" "$tree/CMakeCache.txt"; then
  rm -rf "$tree"
fi
cmake -S . -B "$tree" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="$flags" \
  -DGREENGATE_BUILD_TESTS=ON -DGREENGATE_BUILD_WEB=OFF -DGREENGATE_SANITIZERS=ON \
  -DGREENGATE_FUZZ_SECONDS="$fuzz_seconds" "${extra[@]}" >/dev/null
targets=(greengate greengate_tests)
((fuzz)) && targets+=(fuzzers)
cmake --build "$tree" -j "$jobs" --target "${targets[@]}"
echo "sanitize.sh: built $tree ($flags) in $(( $(date +%s) - start )) s"

# Every report stops the program with an error (UBSan: -fno-sanitize-recover=undefined, compiled
# in) and aborts (exit 134, no GreenGate exit code); leaks are reports too. ASan's reports are
# also written to files under $tree/reports (log_path), and any file there fails the stage: a test
# that ignores its program's exit status cannot hide one. (g++ 12's UBSan ignores log_path when
# linked with ASan and writes to standard error: it is caught by the abort.)
reports=$PWD/$tree/reports
rm -rf "$reports" && mkdir -p "$reports"
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:log_path=$reports/asan
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1:log_path=$reports/ubsan
reported() {
  compgen -G "$reports/*" >/dev/null || return 1
  echo "sanitize.sh: sanitizer reports (in $reports):"
  head -60 "$reports"/*
}
# 1. the unit tests (one process), 2. the golden CLI cases and the harnesses (CTest: golden.*,
# cli.io_errors, fuzz.*; fuzz.NAME replays its regression inputs and seeds, then fuzzes)
t=$(date +%s)
if ! "$tree"/bin/greengate_tests --no-intro --minimal || reported; then
  reported || true
  echo "sanitize.sh: unit tests FAILED under ASan+UBSan"
  exit 1
fi
echo "sanitize.sh: unit tests under ASan+UBSan passed in $(( $(date +%s) - t )) s"
t=$(date +%s)
pattern='^golden\.|^cli\.io_errors$'
((fuzz)) && pattern+='|^fuzz\.'
if ! (cd "$tree" && ctest -R "$pattern" -j "$jobs" --output-on-failure >ctest-san.log 2>&1) || reported; then
  cat "$tree/ctest-san.log"
  reported || true
  exit 1
fi
grep -E '^fuzz |tests passed' "$tree/ctest-san.log" || true
what="golden cases"
((fuzz)) && what+=", the harnesses' regression inputs and seeds"
((fuzz && fuzz_seconds > 0)) && what+=" and ${fuzz_seconds} s of fuzzing per harness"
echo "sanitize.sh: $what under ASan+UBSan passed in $(( $(date +%s) - t )) s"
echo "sanitize.sh: done in $(( $(date +%s) - start )) s"
