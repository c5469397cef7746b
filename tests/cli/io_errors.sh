#!/usr/bin/env bash
# Output that cannot be written (issue 15, defects 6 and 11): standard output on a full device
# (/dev/full) fails the run with exit 3 and a message, and a batch run whose summary cannot be
# written leaves none of its other outputs (nor their temporary files) behind; nor does a
# screening run whose --out folder cannot be written in full.
#   io_errors.sh GREENGATE_BINARY      (run from the source root)
set -uo pipefail
gg=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
expect() {  # NAME WANT_RC WANT_STDERR_SUBSTRING RC STDERR
  if [[ $4 -ne $2 || "$5" != *"$3"* ]]; then
    echo "FAIL $1: exit $4 (want $2), stderr: $5"
    fail=1
  else
    echo "ok   $1"
  fi
}
for cmd in "--version" "scope 72142000" "emissions examples/cement-plant.xml" \
           "emissions examples/cement-plant.xml --format json" "obligation examples/eaf-rebar-mill.xml --year 2026 --price 80" \
           "batch tests/data/batch/sectors-2026.csv --price 80"; do
  # shellcheck disable=SC2086
  err=$("$gg" $cmd 2>&1 >/dev/full); rc=$?
  expect "greengate $cmd > /dev/full" 3 "cannot write to standard output" "$rc" "$err"
done
# The summary fails after the other two outputs are complete: neither may remain.
err=$("$gg" batch tests/data/batch/sectors-2026.csv --price 80 --lines-out "$work/lines.csv" \
      --rejects "$work/rejects.csv" --out /dev/full 2>&1); rc=$?
expect "batch --out /dev/full" 3 "cannot write /dev/full: No space left on device" "$rc" "$err"
left=$(ls -A "$work")
if [[ -n "$left" ]]; then echo "FAIL batch --out /dev/full left: $left"; fail=1; else echo "ok   no output left behind"; fi
# The same with the summary on standard output.
err=$("$gg" batch tests/data/batch/sectors-2026.csv --price 80 --lines-out "$work/lines.csv" \
      --rejects "$work/rejects.csv" 2>&1 >/dev/full); rc=$?
expect "batch > /dev/full" 3 "cannot write to standard output: No space left on device" "$rc" "$err"
left=$(ls -A "$work")
if [[ -n "$left" ]]; then echo "FAIL batch > /dev/full left: $left"; fail=1; else echo "ok   no output left behind"; fi
# And a run that succeeds writes all three.
"$gg" batch tests/data/batch/sectors-2026.csv --price 80 --lines-out "$work/lines.csv" --rejects "$work/rejects.csv" \
  --out "$work/summary.csv" 2>/dev/null
if [[ -s "$work/lines.csv" && -s "$work/rejects.csv" && -s "$work/summary.csv" && $(ls -A "$work" | wc -l) -eq 3 ]]; then
  echo "ok   a good run writes its three outputs"
else
  echo "FAIL a good run: $(ls -A "$work")"; fail=1
fi
# screen --out DIR: 52 files; under a file size limit (SIGXFSZ ignored: writes fail with EFBIG)
# of 24 KiB the first (index.html, 31 KB) fails, of 32 KiB the 29th (an applicant's record,
# 36 KB) after 28 complete ones: exit 3, and none of them in DIR, nor the temporary folder.
screen=(screen rules/calls/izmir-green-transition-2026.xml examples/applicants-izmir-2026.csv)
for kib in 24 32; do
  rm -rf "$work/screen"
  err=$( (trap '' XFSZ; ulimit -f "$kib"; exec "$gg" "${screen[@]}" --out "$work/screen") 2>&1 >/dev/null); rc=$?
  expect "screen --out under a ${kib} KiB file size limit" 3 "screen: cannot write $work/screen/" "$rc" "$err"
  left=$(ls -A "$work/screen" 2>/dev/null)
  if [[ -n "$left" ]]; then echo "FAIL screen --out (${kib} KiB) left: $(echo $left | head -c 200)"; fail=1; else echo "ok   no screening file left behind"; fi
done
# A good run writes them all, and a failed run later leaves them as they were.
rm -rf "$work/screen"
"$gg" "${screen[@]}" --out "$work/screen" >/dev/null 2>&1
n=$(ls -A "$work/screen" | wc -l)
sum=$(cat "$work/screen"/* | md5sum)
(trap '' XFSZ; ulimit -f 32; exec "$gg" "${screen[@]}" --out "$work/screen") >/dev/null 2>&1
if [[ $n -eq 52 && $(ls -A "$work/screen" | wc -l) -eq 52 && $(cat "$work/screen"/* | md5sum) == "$sum" ]]; then
  echo "ok   screen --out writes its 52 files; a failed run afterwards leaves them unchanged"
else
  echo "FAIL screen --out: $n files, then $(ls -A "$work/screen" | wc -l)"; fail=1
fi
# report -o and template export -o: a device or a pipe is written in place (every write checked:
# /dev/full fails with the system's reason), a regular file through a temporary file and a rename,
# so a write that fails part-way (file size limit) leaves the old file as it was and no temporary.
dir=$work/out-files
mkdir -p "$dir"
for job in "report examples/cement-plant.xml --format html" "template export examples/cement-plant.xml"; do
  # shellcheck disable=SC2086
  err=$("$gg" $job -o /dev/full 2>&1 >/dev/null); rc=$?
  expect "$job -o /dev/full" 3 "/dev/full: error: cannot write the file: No space left on device" "$rc" "$err"
  mkfifo "$dir/pipe"
  (cat "$dir/pipe" > "$dir/from-pipe") &
  reader=$!
  # shellcheck disable=SC2086
  err=$("$gg" $job -o "$dir/pipe" 2>&1 >/dev/null); rc=$?
  wait "$reader"
  if [[ $rc -eq 0 && -s "$dir/from-pipe" && -p "$dir/pipe" ]]; then
    echo "ok   $job -o FIFO: written in place ($(wc -c < "$dir/from-pipe") bytes)"
  else
    echo "FAIL $job -o FIFO: exit $rc, $(wc -c < "$dir/from-pipe" 2>/dev/null) bytes, stderr: $err"; fail=1
  fi
  rm -f "$dir/pipe" "$dir/from-pipe"
  echo "old content" > "$dir/out"
  # shellcheck disable=SC2086
  err=$( (trap '' XFSZ; ulimit -f 8; exec "$gg" $job -o "$dir/out") 2>&1 >/dev/null); rc=$?
  expect "$job -o FILE under an 8 KiB file size limit" 3 "$dir/out: error: cannot write the file: File too large" "$rc" "$err"
  if [[ "$(cat "$dir/out")" == "old content" && $(ls -A "$dir" | wc -l) -eq 1 ]]; then
    echo "ok   the old file is as it was, no temporary left"
  else
    echo "FAIL $job: after a failed write: $(ls -A "$dir")"; fail=1
  fi
  rm -f "$dir/out"
done
exit $fail
