#!/usr/bin/env bash
# The firm files written by 'greengate template import' from the Commission's three examples
# validate against docs/firm-v1.xsd. Usage: imports_validate.sh GREENGATE (from the repo root)
set -uo pipefail
gg=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for x in cement steel-screws-and-nuts aluminium; do
  if ! "$gg" template import "../shared/data/eu-templates/examples/example-$x.xlsx" -o "$tmp/$x.xml" >/dev/null 2>"$tmp/err"; then
    cat "$tmp/err"; status=1; continue
  fi
  xmllint --noout --schema docs/firm-v1.xsd "$tmp/$x.xml" || status=1
done
exit $status
