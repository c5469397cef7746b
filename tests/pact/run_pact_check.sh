#!/usr/bin/env bash
# The PACT export of the wind-tower example validates against the transcribed v3 schema facts,
# and the checker is not a test that cannot fail: a copy with a required field removed, one with
# a number where the spec wants a decimal string, and one with an unknown property must fail.
# Usage: run_pact_check.sh GREENGATE (from the repository root)
set -euo pipefail
gg=$1
schema=tests/data/pact/pact-v3-productfootprint-schema.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gg" footprint examples/wind-tower-fabricator.xml --product t2-section --format pact \
  --created 2027-01-15T09:00:00Z >"$tmp/pf.json"
python3 tests/pact/check_pact.py "$schema" "$tmp/pf.json"
mutate() {  # $1 name, $2 python statement on d
  python3 - "$tmp/pf.json" "$tmp/$1.json" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))
PY
  if python3 tests/pact/check_pact.py "$schema" "$tmp/$1.json" >"$tmp/$1.out"; then
    echo "FAILED: the checker accepted $1"; cat "$tmp/$1.out"; exit 1
  fi
  echo "rejected as it should: $1: $(head -1 "$tmp/$1.out")"
}
mutate no-fossil-carbon 'del d["pcf"]["fossilCarbonContent"]'
mutate number-not-string 'd["pcf"]["pcfExcludingBiogenicUptake"] = 141.9'
mutate unknown-property 'd["pcf"]["totalEmissions"] = "1"'
mutate bad-dqr 'd["pcf"]["dqi"]["temporalDQR"] = "7"'
mutate no-company-ids 'd["companyIds"] = []'
