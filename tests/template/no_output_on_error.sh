#!/usr/bin/env bash
# A template that cannot be read leaves the output file as it was: never created, never
# replaced, no temporary file left behind (issue 12: "nothing written on error").
# Usage: no_output_on_error.sh GREENGATE   (run from the repository root)
set -uo pipefail
gg=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for bad in tests/data/bad/not-a-workbook.xlsx tests/data/bad/zip-bomb.xlsx; do
  "$gg" template import "$bad" -o "$tmp/new.xml" >/dev/null 2>&1
  rc=$?
  [[ $rc -eq 3 ]] || { echo "$bad: exit $rc, expected 3"; status=1; }
  [[ ! -e "$tmp/new.xml" ]] || { echo "$bad: $tmp/new.xml was created"; status=1; }
  echo "keep me" >"$tmp/old.xml"
  "$gg" template import "$bad" -o "$tmp/old.xml" >/dev/null 2>&1
  [[ "$(cat "$tmp/old.xml")" == "keep me" ]] || { echo "$bad: $tmp/old.xml was replaced"; status=1; }
  rm -f "$tmp/old.xml"
done
left=$(find "$tmp" -name '*.tmp.*' | wc -l)
[[ $left -eq 0 ]] || { echo "temporary files left: $left"; status=1; }
# and a good template is written
"$gg" template import ../shared/data/eu-templates/examples/example-cement.xlsx -o "$tmp/ok.xml" >/dev/null 2>&1 ||
  { echo "good template: exit $?"; status=1; }
grep -q '<direct-emissions quantity="1037310" unit="tCO2e"/>' "$tmp/ok.xml" || { echo "good template: not written"; status=1; }
exit $status
