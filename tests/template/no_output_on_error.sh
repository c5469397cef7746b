#!/usr/bin/env bash
# A template that cannot be read, or a firm that cannot be written into one, leaves the output
# file as it was: never created, never replaced, no temporary file left behind (issue 12:
# "nothing written on error"); every bad template of the issue gets its sheet!cell message from
# `template import`, `emissions` and `template export`, with exit code 3.
# Usage: no_output_on_error.sh GREENGATE MAKE_BAD_TEMPLATES   (run from the repository root)
set -uo pipefail
gg=$(realpath "$1")
make_bad=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
"$make_bad" ../shared/data/eu-templates/examples "$tmp" || { echo "make_bad_templates failed"; exit 1; }
cp tests/data/bad/not-a-workbook.xlsx tests/data/bad/zip-bomb.xlsx "$tmp/"
declare -A expect=(
  [not-a-workbook]="not-a-workbook.xlsx: error: not an .xlsx workbook: the file is not a zip archive"
  [zip-bomb]="zip-bomb.xlsx:xl/workbook.xml: error: the member inflates to more than the 2048 bytes it declares"
  [missing-sheet]='missing-sheet.xlsx:E_PurchPrec: error: the sheet "E_PurchPrec" is missing'
  [text-for-number]="text-for-number.xlsx:E_PurchPrec!L49: error: SEE (direct) of purchased precursor 'Carbon steel' must be a number ≥ 0, found 'n/a'"
  [foreign-version]="foreign-version.xlsx:VersionDocumentation!B3: error: template version 2024-03-19 is not supported"
  [external-link]="external-link.xlsx:D_Processes!L54: error: the formula =[1]Sheet1!\$A\$1 takes its value from another workbook"
)
check() {  # name, what, rc, stderr file, output file
  local name=$1 what=$2 rc=$3 err=$4 out=$5
  [[ $rc -eq 3 ]] || { echo "$name: $what: exit $rc, expected 3"; status=1; }
  grep -qF -- "${expect[$name]}" "$err" || { echo "$name: $what: expected '${expect[$name]}', got:"; cat "$err"; status=1; }
  [[ ! -e "$out" ]] || { echo "$name: $what: $out was created"; status=1; }
}
for name in "${!expect[@]}"; do
  bad="$tmp/$name.xlsx"
  (cd "$tmp" && "$gg" template import "$name.xlsx" -o "$tmp/new.xml" >/dev/null 2>"$tmp/err")
  check "$name" "template import" $? "$tmp/err" "$tmp/new.xml"
  (cd "$tmp" && "$gg" emissions "$name.xlsx" >/dev/null 2>"$tmp/err")
  check "$name" "emissions" $? "$tmp/err" "$tmp/none"
  (cd "$tmp" && "$gg" template export "$name.xlsx" -o "$tmp/new.xlsx" >/dev/null 2>"$tmp/err")
  check "$name" "template export" $? "$tmp/err" "$tmp/new.xlsx"
  echo "keep me" >"$tmp/old.xml"
  "$gg" template import "$bad" -o "$tmp/old.xml" >/dev/null 2>&1
  [[ "$(cat "$tmp/old.xml")" == "keep me" ]] || { echo "$name: $tmp/old.xml was replaced"; status=1; }
  echo "keep me" >"$tmp/old.xlsx"
  "$gg" template export "$bad" -o "$tmp/old.xlsx" >/dev/null 2>&1
  [[ "$(cat "$tmp/old.xlsx")" == "keep me" ]] || { echo "$name: $tmp/old.xlsx was replaced"; status=1; }
done
# A firm the template cannot hold: two installations and none chosen.
cat >"$tmp/two.xml" <<'XML'
<firm schema="greengate-firm/1" id="f" name="Two sites" country="TR" reporting-year="2026">
  <installation id="a" name="A" country="TR">
    <process id="p" category="cement" output="10" unit="t">
      <electricity quantity="1" unit="MWh" factor-source="country-default"/>
      <good cn="2523 29 00" quantity="10" unit="t"/>
    </process>
  </installation>
  <installation id="b" name="B" country="TR">
    <process id="q" category="cement" output="10" unit="t">
      <electricity quantity="1" unit="MWh" factor-source="country-default"/>
      <good cn="2523 29 00" quantity="10" unit="t"/>
    </process>
  </installation>
</firm>
XML
"$gg" template export "$tmp/two.xml" -o "$tmp/two.xlsx" >/dev/null 2>"$tmp/err"
rc=$?
[[ $rc -eq 3 ]] || { echo "two installations: exit $rc, expected 3"; status=1; }
grep -qF "the firm has 2 installations (a, b): a Communication template is for one; choose it with --installation" "$tmp/err" ||
  { echo "two installations: message:"; cat "$tmp/err"; status=1; }
[[ ! -e "$tmp/two.xlsx" ]] || { echo "two installations: $tmp/two.xlsx was created"; status=1; }
"$gg" template export "$tmp/two.xml" -o "$tmp/two.xlsx" --installation b >/dev/null 2>&1 ||
  { echo "two installations, --installation b: exit $?"; status=1; }
[[ -s "$tmp/two.xlsx" ]] || { echo "two installations, --installation b: nothing written"; status=1; }
"$gg" template export "$tmp/two.xml" >/dev/null 2>&1
rc=$?
[[ $rc -eq 2 ]] || { echo "export without -o: exit $rc, expected 2"; status=1; }
left=$(find "$tmp" -name '*.tmp.*' | wc -l)
[[ $left -eq 0 ]] || { echo "temporary files left: $left"; status=1; }
# and a good template is written
"$gg" template import ../shared/data/eu-templates/examples/example-cement.xlsx -o "$tmp/ok.xml" >/dev/null 2>&1 ||
  { echo "good template: exit $?"; status=1; }
grep -q '<direct-emissions quantity="1037310" unit="tCO2e"/>' "$tmp/ok.xml" || { echo "good template: not written"; status=1; }
exit $status
