#!/usr/bin/env bash
# The --help of the CLI and of every command in both languages (issue 14): in English the
# program's own text, which web/i18n/en.properties holds a copy of under help.<command> (so that
# the catalogues' key sets stay equal and a change to an English help is seen here: update
# en.properties and the Turkish help.<command> in tr.properties with it); with --lang tr (and
# with LANG=tr_TR.UTF-8) the text of tr.properties, which must differ from the English.
# Usage: tests/cli_help.sh GREENGATE   (run from the repository root)
set -uo pipefail
gg=$1
status=0
value() {  # value FILE KEY: the catalogue's value with '\n' read as line breaks
  python3 - "$1" "$2" <<'PY'
import sys
for line in open(sys.argv[1], encoding="utf-8"):
    k, sep, v = line.partition("=")
    if sep and k.strip() == sys.argv[2]:
        sys.stdout.write(v.strip(" \t\r\n").replace("\\n", "\n"))
        break
PY
}
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES
for cmd in main emissions defaults scope factors goods obligation exposure quality batch rules \
           taxonomy screen footprint template hydrogen report; do
  if [[ $cmd == main ]]; then args=(--help); else args=("$cmd" --help); fi
  en_out=$("$gg" --lang en "${args[@]}"; echo x)
  tr_out=$("$gg" --lang tr "${args[@]}"; echo x)
  env_out=$(LANG=tr_TR.UTF-8 "$gg" "${args[@]}"; echo x)
  en_cat=$(value web/i18n/en.properties "help.$cmd"; echo x)
  tr_cat=$(value web/i18n/tr.properties "help.$cmd"; echo x)
  if [[ "$en_out" != "$en_cat" ]]; then
    echo "help.$cmd: 'greengate ${args[*]}' differs from web/i18n/en.properties help.$cmd:"
    diff <(printf '%s' "$en_cat") <(printf '%s' "$en_out") | head -20
    status=1
  fi
  if [[ "$tr_out" != "$tr_cat" ]]; then
    echo "help.$cmd: 'greengate --lang tr ${args[*]}' is not web/i18n/tr.properties help.$cmd"
    status=1
  fi
  if [[ "$env_out" != "$tr_out" ]]; then
    echo "help.$cmd: LANG=tr_TR.UTF-8 does not give the Turkish help"
    status=1
  fi
  if [[ "$tr_out" == "$en_out" || "$tr_out" != *Kullanım* ]]; then
    echo "help.$cmd: the Turkish help is missing or English"
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "cli_help: OK: every --help in English and Turkish"
exit $status
