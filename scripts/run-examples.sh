#!/usr/bin/env bash
# README command 1: set up, build, and run GreenGate on the bundled example firms.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
gg=build/bin/greengate
for firm in examples/*.xml; do
  echo "================================================================================"
  "$gg" emissions "$firm"
done
echo "================================================================================"
"$gg" defaults --cn "7214 20 00" --origin TR --year 2027
