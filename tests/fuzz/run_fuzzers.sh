#!/usr/bin/env bash
# Runs every libFuzzer harness for SECONDS each (two at a time), seeded with the project's own
# files, after replaying the regression inputs committed under tests/fuzz/regressions/NAME/.
# SECONDS 0: replay the regression inputs and the seeds only (the replay drivers of the CI stage).
# Exit 1 when a harness finds a crash, a leak, a timeout or an out-of-memory; the input is left
# in the work folder printed (commit it as a regression: tests/fuzz/README.md).
#   tests/fuzz/run_fuzzers.sh BUILD_DIR [SECONDS] [NAME...]     (from the source root)
set -uo pipefail
cd "$(dirname "$0")/../.."
build=$(cd "$1" && pwd)
seconds=${2:-20}
shift $(( $# >= 2 ? 2 : 1 ))
names=("$@")
((${#names[@]})) || names=(firm_xml factor_xml rule_xml batch_csv applicants_csv price_csv units_cn form template)
shared=${GREENGATE_SHARED_DIR:-$PWD/../shared}
work=$(mktemp -d /tmp/greengate-fuzz.XXXXXX)

# The project's own files as seeds, per harness.
seeds() {
  case $1 in
    firm_xml) echo examples/*.xml tests/data/bad/*.xml ;;
    factor_xml) echo factors/*.xml tests/data/bad/factors tests/data/benchmarks ;;
    rule_xml) echo rules/cbam rules/taxonomy rules/calls tests/data/calls tests/data/bad/rules tests/data/bad/calls ;;
    batch_csv) echo tests/data/batch ;;
    applicants_csv) echo examples/applicants-izmir-2026.csv tests/data/bad/applicants ;;
    price_csv) echo examples/price-scenarios.csv ;;
    units_cn) echo tests/fuzz/seeds/units_cn ;;
    form) echo tests/fuzz/seeds/form ;;
    template) ;;  # made by template_seeds
  esac
}

# fuzz_template's inputs: byte 0 picks the part of the cement example its XML replaces (the
# harness's kParts order), byte 0x80 marks a whole archive.
template_seeds() {
  python3 - "$shared/data/eu-templates/examples/example-cement.xlsx" "$1" <<'PY'
import sys, zipfile
parts = ["xl/worksheets/sheet5.xml", "xl/worksheets/sheet6.xml", "xl/worksheets/sheet8.xml",
         "xl/worksheets/sheet9.xml", "xl/worksheets/sheet13.xml", "xl/sharedStrings.xml"]
z = zipfile.ZipFile(sys.argv[1])
for i, p in enumerate(parts):
    open(f"{sys.argv[2]}/part{i}.seed", "wb").write(bytes([i]) + z.read(p))
for name in ("zip-bomb.xlsx", "not-a-workbook.xlsx"):
    open(f"{sys.argv[2]}/{name}.seed", "wb").write(b"\x80" + open(f"tests/data/bad/{name}", "rb").read())
PY
}

run_one() {
  local name=$1 exe="$build/bin/fuzz_$1" dir="$work/$1" root=$PWD
  mkdir -p "$dir/corpus" "$dir/seeds"
  [[ -x "$exe" ]] || { echo "fuzz $name: $exe not built" >&2; return 1; }
  # Seeds: files copied flat (libFuzzer reads a directory's files; large data files are cut by -max_len).
  for s in $(seeds "$name"); do
    if [[ -d $s ]]; then find "$s" -type f -size -2M -exec cp --backup=t {} "$dir/seeds/" \; 2>/dev/null; else cp --backup=t "$s" "$dir/seeds/" 2>/dev/null; fi
  done
  [[ $name == template ]] && template_seeds "$dir/seeds"
  # The template's parts are up to 0.8 MB of XML: its inputs may be that long.
  local max_len=65536
  [[ $name == template ]] && max_len=1048576
  local reg="tests/fuzz/regressions/$name"
  if [[ -d $reg ]] && compgen -G "$reg/*" >/dev/null; then
    if ! (cd "$dir" && "$exe" -rss_limit_mb=2048 -timeout=20 "$root/$reg"/* >regressions.log 2>&1); then
      echo "fuzz $name: a regression input fails again:"; tail -30 "$dir/regressions.log"; return 1
    fi
  fi
  if ((seconds == 0)); then
    # Replay only (the CI stage's g++ tree, whose harnesses have replay_main.cpp as driver; with
    # libFuzzer, -runs=0 runs the seeds once): every seed once, no fuzzing.
    if (cd "$dir" && GREENGATE_SOURCE_DIR="$root" "$exe" -runs=0 -max_len="$max_len" -timeout=20 \
          -rss_limit_mb=2048 seeds >replay.log 2>&1); then
      echo "fuzz $name: $(find "$dir/seeds" -type f | wc -l) seeds replayed$([[ -d $reg ]] && echo " after the regression inputs"), no finding"
      return 0
    fi
    echo "fuzz $name: FINDING replaying the seeds (log in $dir/replay.log):"; tail -30 "$dir/replay.log"
    return 1
  fi
  if (cd "$dir" && GREENGATE_SOURCE_DIR="$root" "$exe" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 corpus seeds >fuzz.log 2>&1); then
    echo "fuzz $name: $(grep -E 'stat::number_of_executed_units' "$dir/fuzz.log" | awk '{print $2}') inputs in ${seconds} s, no finding"
  else
    echo "fuzz $name: FINDING (inputs and log in $dir):"; grep -E "ERROR|SUMMARY|Test unit written|crash-|leak-|timeout-|oom-" "$dir/fuzz.log" | head -20
    return 1
  fi
}
export -f run_one seeds template_seeds
export build seconds work shared
printf '%s\n' "${names[@]}" | xargs -P 2 -I{} bash -c 'run_one {}'
rc=$?
[[ $rc -eq 0 ]] && rm -rf "$work"
exit $((rc != 0))
