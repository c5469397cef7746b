#!/bin/sh
# Prove that the committed factors/*.xml and rules/cbam/annex-i.xml are exactly what
# scripts/gen_factors.py makes from ../shared/data (CI check; see docs/factor-format.md).
#
# Usage: scripts/check_factors.sh [SHARED_DATA_DIR]    (default ../shared/data, relative to the
#        repository root). Extra generator options can be passed in GEN_FACTORS_OPTS, e.g.
#        GEN_FACTORS_OPTS="--iso-json /path/iso_3166-1.json".
# Exit 0 when they match or when the shared data is absent; exit 1 when they differ or the
# generator fails.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
data=${1:-../shared/data}

if [ ! -d "$data" ]; then
    echo "skipped: $data not present"
    exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# The converter reads the Commission's workbooks with openpyxl (Debian python3-openpyxl): use the
# interpreter that sees it (the python3 first on PATH may be another one), or $PYTHON.
py=${PYTHON:-}
if [ -z "$py" ]; then
    for cand in /usr/bin/python3 python3; do
        if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import openpyxl' 2>/dev/null; then
            py=$cand
            break
        fi
    done
fi
if [ -z "$py" ]; then
    echo "check_factors: FAILED: no Python 3 with openpyxl (install Debian python3-openpyxl)" >&2
    exit 1
fi

# shellcheck disable=SC2086  # GEN_FACTORS_OPTS is a list of options
if ! "$py" scripts/gen_factors.py ${GEN_FACTORS_OPTS:-} "$data" \
        "$tmp/generated/factors" "$tmp/generated/rules/cbam" >"$tmp/gen.log" 2>&1; then
    cat "$tmp/gen.log" >&2
    echo "check_factors: FAILED: scripts/gen_factors.py did not run cleanly" >&2
    exit 1
fi

# Compare only the files the generator writes: factors/ may also hold hand-written files.
mkdir -p "$tmp/committed"
(cd "$tmp/generated" && find . -type f) | while read -r f; do
    if [ -f "$f" ]; then
        mkdir -p "$tmp/committed/$(dirname "$f")"
        cp "$f" "$tmp/committed/$f"
    fi
done

if ! diff -r "$tmp/committed" "$tmp/generated"; then
    echo "check_factors: FAILED: committed factor/scope files differ from what" \
         "scripts/gen_factors.py generates from $data." >&2
    echo "Re-run: $py scripts/gen_factors.py $data factors rules/cbam" >&2
    exit 1
fi
echo "check_factors: OK: committed files match scripts/gen_factors.py output from $data"
