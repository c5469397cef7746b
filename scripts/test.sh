#!/usr/bin/env bash
# README command 2: set up, build, and run the whole test suite (CTest).
# Beside the suite runs the sanitizer and fuzzing stage (issue 15, docs/security.md): a clang-14
# ASan+UBSan tree in which the unit tests and the golden CLI cases run, and every fuzz harness
# replays its regression inputs and seeds, then fuzzes for 20 s (GREENGATE_FUZZ_SECONDS); any
# report or finding fails the run. It builds at nice 19 while the suite runs (the suite waits on
# servers, browsers and LibreOffice for part of its time). GREENGATE_SANITIZE=0 leaves it out (and
# clang-14 is then not installed).
set -euo pipefail
cd "$(dirname "$0")/.."
san=${GREENGATE_SANITIZE:-1}
if [[ $san != 0 ]]; then scripts/setup.sh --sanitize; else scripts/setup.sh; fi
scripts/build.sh
if [[ $san != 0 ]]; then
  mkdir -p build
  nice -n 19 scripts/sanitize.sh --ci >build/sanitize.log 2>&1 &
  san_pid=$!
fi
rc=0
(cd build && ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" "$@") || rc=$?
if [[ $san != 0 ]]; then
  san_rc=0
  wait "$san_pid" || san_rc=$?
  if ((san_rc)); then
    echo "test.sh: the sanitizer stage FAILED (exit $san_rc); its log, build/sanitize.log:"
    cat build/sanitize.log
    ((rc)) || rc=$san_rc
  else
    grep '^sanitize.sh:' build/sanitize.log
  fi
fi
exit "$rc"
