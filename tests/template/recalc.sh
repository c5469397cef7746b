#!/usr/bin/env bash
# The Commission's own formulas check GreenGate's numbers (issue 12): every bundled example firm
# is exported into the official template, the Commission's three filled examples are imported
# and exported again, LibreOffice recalculates all of them in one headless run (a private
# profile, so parallel runs do not clash), and recalc_check compares Summary_Products and
# Summary_Communication with `greengate emissions` (or with the example's own SEE).
# Usage: recalc.sh GREENGATE RECALC_CHECK   (run from the repository root)
set -uo pipefail
gg=$1
check=$2
year=2026
if ! command -v soffice >/dev/null; then
  echo "recalc.sh: LibreOffice (soffice) is missing: run scripts/setup.sh (libreoffice-calc-nogui)"
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/in" "$tmp/out"
status=0
pairs=()
for firm in examples/*.xml tests/data/template/*.xml; do
  # one template per installation
  for inst in $(grep -o '<installation id="[^"]*"' "$firm" | sed 's/.*id="//; s/"$//'); do
    name=$(basename "$firm" .xml)-$inst
    if ! "$gg" template export "$firm" --installation "$inst" -o "$tmp/in/$name.xlsx" --year "$year" >"$tmp/$name.log" 2>&1; then
      echo "export of $firm ($inst) failed:"; cat "$tmp/$name.log"; status=1; continue
    fi
    pairs+=("$name.xlsx --firm $firm#$inst")
  done
done
for ex in cement steel-screws-and-nuts aluminium; do
  orig=../shared/data/eu-templates/examples/example-$ex.xlsx
  if ! "$gg" template import "$orig" -o "$tmp/$ex.xml" >"$tmp/$ex.log" 2>&1 ||
     ! "$gg" template export "$tmp/$ex.xml" -o "$tmp/in/roundtrip-$ex.xlsx" --year "$year" >>"$tmp/$ex.log" 2>&1; then
    echo "round trip of $orig failed:"; cat "$tmp/$ex.log"; status=1; continue
  fi
  pairs+=("roundtrip-$ex.xlsx --original $orig")
done
# One LibreOffice start for all files (about 4-10 s per template on this machine).
(cd "$tmp/in" && soffice -env:UserInstallation="file://$tmp/profile" --headless --norestore \
   --convert-to xlsx --outdir "$tmp/out" ./*.xlsx >"$tmp/soffice.log" 2>&1) || {
  echo "LibreOffice failed:"; cat "$tmp/soffice.log"; exit 1; }
for p in "${pairs[@]}"; do
  read -r file mode other <<<"$p"
  if [[ ! -f "$tmp/out/$file" ]]; then
    echo "LibreOffice wrote no $file"; status=1; continue
  fi
  "$check" . "$year" "$tmp/out/$file" "$mode" "$other" || status=1
done
exit $status
