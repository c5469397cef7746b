#!/usr/bin/env bash
# README command 1: set up, build, and run GreenGate on the bundled example firms: embedded
# emissions of each firm, the 2026 CBAM obligation of the rebar mill, the 2026-2034 exposure of
# the wind-tower maker under the illustrative price scenarios, and a default-value look-up.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
gg=build/bin/greengate
rule() { echo "================================================================================"; }
for firm in examples/*.xml; do
  rule
  "$gg" emissions "$firm"
done
rule
"$gg" obligation examples/eaf-rebar-mill.xml --year 2026 --price 80 | sed -n '1,/^Calculation traces/p'
rule
"$gg" exposure examples/wind-tower-fabricator.xml --prices examples/price-scenarios.csv
rule
"$gg" taxonomy examples/eaf-rebar-mill.xml --date 2026-06-30
rule
"$gg" defaults --cn "7214 20 00" --origin TR --year 2027
