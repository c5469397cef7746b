#!/usr/bin/env bash
# Byte-for-byte comparison of two `greengate batch` binaries (issue 13: a speed change must not
# change any output). Usage: bench/batch/compare_outputs.sh NEW OLD [N_LINES]
#   NEW, OLD  the two binaries (e.g. build/bin/greengate and a copy of main's)
#   N_LINES   lines per generated file (default 200000; seed 42, bench/batch/gen_lines.py)
# Files: the generator's lines in four layouts (the usual eleven columns, the sparse one of
# run_bench.sh, all columns reversed, the six required ones shuffled), and the usual file with
# 5 % of its lines mangled (quoted and padded fields, bad numbers, years, countries, units and
# field counts, CRLF, blank lines, a non-UTF-8 byte, routes and import dates good and bad, TARIC
# codes, huge magnitudes), the last line of each without its newline. For each: the summary as
# CSV and JSON, --lines-out and --rejects, from the file (mapped) and from standard input, and
# --strict's message and exit code, at one and two threads. Prints each difference; exit 1 if any.
set -euo pipefail
new=$1
old=$2
n=${3:-200000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/greengate-batch-compare-XXXXXX")
trap 'rm -rf "$dir"' EXIT
gen="$(dirname "$0")/gen_lines.py"
python3 "$gen" "$n" --seed 42 >"$dir/usual.csv"
python3 "$gen" "$n" --seed 42 --columns declarant,year,cn_code,origin,quantity,unit,see_direct,see_indirect,carbon_price_paid >"$dir/sparse.csv"
python3 "$gen" "$n" --seed 42 --columns route,sefa,carbon_price_paid,see_indirect,see_direct,unit,quantity,origin,cn_code,year,declarant >"$dir/reversed.csv"
python3 "$gen" "$n" --seed 42 --columns unit,origin,declarant,quantity,cn_code,year >"$dir/required.csv"
python3 - "$dir/usual.csv" "$dir/mangled.csv" <<'EOF'
import random, sys
rng = random.Random(7)
lines = open(sys.argv[1]).read().splitlines()
out = [lines[0] + ",import_date"]
def mangle(f):
    k = rng.randrange(20)
    i = rng.randrange(len(f))
    if k == 0: f[i] = '"' + f[i].replace('"', '""') + '"'
    elif k == 1: f[i] = "  " + f[i] + " "
    elif k == 2: f[4] = rng.choice(["1,5", "-3", "1e400", "abc", "", "1e13", "+7", ".", "0x10"])
    elif k == 3: f[1] = rng.choice(["2025", "2035", "20a6", " 2026", "2026.0"])
    elif k == 4: f[3] = rng.choice(["XX", "tr", "T", "EU", "NO", "DE"])
    elif k == 5: f[5] = rng.choice(["T", "kgs", "MWh", "t ", "Kg"])
    elif k == 6: f.append("extra")
    elif k == 7: del f[-1]
    elif k == 8: f[10] = rng.choice(["A", "B", "C/F", "E", "H/J", "Z", "A/", "a", "L"])
    elif k == 9: f[11] = rng.choice(["2026-03-15", "2026-Q2", "2026-13-01", "2027-02-29", "2028-02-29", "Q3"])
    elif k == 10: f[2] = f[2].replace(" ", "") + rng.choice(["10", "80", "99"])
    elif k == 11: f[6] = rng.choice(["2e6", "1000000", "0.5", "x"])
    elif k == 12: f[0] = f[0] + "é"  # (UTF-8)
    elif k == 13: f[0] = '"' + f[0] + ',Ltd"'
    elif k == 14: f[9] = rng.choice(["0.2", "-1", "abc"])
    else: f[i] = f[i] + "\t"
    return f
for line in lines[1:]:
    f = line.split(",") + [""]
    if rng.random() < 0.05:
        f = mangle(f)
        if rng.random() < 0.05: out.append("")
    s = ",".join(f)
    if rng.random() < 0.01: s += "\r"
    out.append(s)
data = "\n".join(out).encode()
i = data.find(b"\n", len(data) // 2)
data = data[:i] + b"\n\xff\xfe,2026,72142000,TR,1,t" + data[i:]  # a line that is not UTF-8
open(sys.argv[2], "wb").write(data)
EOF
for f in usual sparse reversed required; do head -c -1 "$dir/$f.csv" >"$dir/$f.tmp" && mv "$dir/$f.tmp" "$dir/$f.csv"; done
fail=0
stdin=/dev/null
check() {  # check NAME ARGS...: both binaries (standard input from $stdin), outputs compared
  local name=$1 b rc
  shift
  for b in new old; do
    local bin=$new
    [[ $b == old ]] && bin=$old
    rc=0
    # the same output names for both (messages name them), moved aside after each run
    "$bin" batch "$@" --out "$dir/run.out" --lines-out "$dir/run.lines" --rejects "$dir/run.rej" \
      <"$stdin" >"$dir/run.stdout" 2>"$dir/run.stderr" || rc=$?
    echo "$rc" >"$dir/run.rc"
    for x in out lines rej stdout stderr rc; do
      [[ ! -e "$dir/run.$x" ]] || mv "$dir/run.$x" "$dir/$b.$x"
    done
  done
  for x in out lines rej stdout stderr rc; do
    [[ -e "$dir/new.$x" || -e "$dir/old.$x" ]] || continue  # neither wrote it (an error)
    if ! cmp -s "$dir/new.$x" "$dir/old.$x"; then
      echo "DIFFERENT: $name: $x"
      fail=1
    fi
  done
  rm -f "$dir"/new.* "$dir"/old.*
}
for f in usual sparse reversed required mangled; do
  for t in 1 2; do
    check "$f csv threads $t" "$dir/$f.csv" --price 80 --threads "$t"
    check "$f json threads $t" "$dir/$f.csv" --price 80 --threads "$t" --format json
  done
  check "$f strict" "$dir/$f.csv" --price 80 --strict
  stdin=$dir/$f.csv
  check "$f stdin" - --price 80
  stdin=/dev/null
  check "$f no price" "$dir/$f.csv"
done
echo "compared $(wc -l <"$dir/mangled.csv") mangled and 4 × $n generated lines: $([[ $fail == 0 ]] && echo same || echo DIFFERENT)"
exit $fail
