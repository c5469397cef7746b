#!/usr/bin/env bash
# README command 2: set up, build, and run the whole test suite (CTest).
# GREENGATE_SANITIZE=1 adds, beside the suite, the sanitizer stage (issue 15, docs/security.md):
# a g++ ASan+UBSan tree in which the unit tests, the golden CLI cases and every fuzz harness's
# regression inputs and seeds run; any report fails the run. It builds at nice 19 while the suite
# runs (the suite waits on servers, browsers and LibreOffice for part of its time). Not on by
# default yet: its cold build (about 15 min of CPU) does not fit CI's 20-minute budget on two
# cores (docs/security.md). scripts/sanitize.sh (by hand, clang) also fuzzes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
san=${GREENGATE_SANITIZE:-0}
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
