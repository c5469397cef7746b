#!/usr/bin/env bash
# Configures and builds GreenGate into build/ (Release, tests included). Used by run-examples.sh
# and test.sh after set-up.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DGREENGATE_BUILD_TESTS=ON "$@" >/dev/null
cmake --build build -j "$jobs"
