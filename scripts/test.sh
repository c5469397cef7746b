#!/usr/bin/env bash
# README command 2: set up, build, and run the whole test suite (CTest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
(cd build && ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" "$@")
# The sanitizer stage (issue 15, docs/security.md): the unit tests, the golden CLI cases and
# 10 s of every fuzzer, built with ASan+UBSan; any report fails the run. Not yet on by default:
# its cold build does not fit CI's time budget yet (docs/security.md); GREENGATE_SANITIZE=1 runs it.
if [[ ${GREENGATE_SANITIZE:-0} != 0 ]]; then
  scripts/setup.sh --sanitize
  scripts/sanitize.sh --ci
fi
