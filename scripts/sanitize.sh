#!/usr/bin/env bash
# The sanitizer and fuzzing run (issue 15, docs/security.md): a second build tree compiled with
# AddressSanitizer and UndefinedBehaviorSanitizer (-fno-sanitize-recover: any report stops the
# program), in which
#   1. the unit tests (one process) and the golden CLI cases run (any report fails them),
#   2. every fuzz harness of tests/fuzz replays its committed regression inputs and its seeds,
#      then (libFuzzer builds only) fuzzes for a bounded time (two harnesses at a time).
#   scripts/sanitize.sh [--ci] [--fuzz-seconds N] [--no-fuzz]
#
# --ci is the CI stage (scripts/test.sh runs it beside the suite with GREENGATE_SANITIZE=1, not yet
# by default: docs/security.md): Debian's g++ 12
# (no clang needed), tree build-san-ci at -O0 -g1 (its cold build is the stage's cost), only the
# targets it runs (greengate, greengate_tests, the nine harnesses with replay_main.cpp as driver:
# the regression inputs and seeds run, nothing is fuzzed; not the web server).
# Without --ci (by hand): clang-14 with libFuzzer (scripts/setup.sh --sanitize), tree build-san at
# -O1 (the fuzzers run faster there), 20 s of fuzzing per harness; g++ and replay only when clang
# is missing. The web tests (servers, browser) are not run here: their pure parts are in the unit
# tests and the harnesses. Longer fuzzing: scripts/sanitize.sh --fuzz-seconds 600
# (tests/fuzz/README.md).
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
if ((ci == 0)) && command -v clang++-14 >/dev/null; then
  tree=build-san flags="-O1 -gline-tables-only"
  [[ -n $fuzz_seconds ]] || fuzz_seconds=20
  extra+=(-DCMAKE_CXX_COMPILER=clang++-14 -DGREENGATE_FUZZ=ON -DGREENGATE_FUZZ_REPLAY=OFF)
  # lld links the sanitized executables (tens of MB each) several times faster than ld.bfd.
  [[ -x /usr/lib/llvm-14/bin/ld.lld ]] && extra+=(-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld)
else
  # -g1: file:line in every report (line tables), a fraction of the cost of full debug information.
  tree=build-san-ci flags="-O0 -g1"
  ((ci)) || { tree=build-san-gcc flags="-O1 -g1"; echo "sanitize.sh: clang++-14 not found: g++, the harnesses replay their inputs, no fuzzing" >&2; }
  fuzz_seconds=0
  extra+=(-DCMAKE_CXX_COMPILER=g++ -DGREENGATE_FUZZ=OFF -DGREENGATE_FUZZ_REPLAY=ON)
fi
start=$(date +%s)
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
