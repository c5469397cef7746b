#!/usr/bin/env bash
# Runs one golden case: CASE/cmd holds the greengate arguments (one line, shell words; run from
# the repository root), CASE/expected the exact stdout+stderr, CASE/rc the exit code (default 0).
# GREENGATE_UPDATE_GOLDEN=1 rewrites expected and rc from the current output instead.
set -uo pipefail
# The language of the output follows LANG/LC_ALL: the cases say it with --lang where they need it.
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES
gg=$1
case_dir=$2
args=$(<"$case_dir/cmd")
actual=$(eval "\"$gg\" $args" 2>&1)
rc=$?
want_rc=0
[[ -f "$case_dir/rc" ]] && want_rc=$(<"$case_dir/rc")
if [[ "${GREENGATE_UPDATE_GOLDEN:-}" == 1 ]]; then
  printf '%s\n' "$actual" >"$case_dir/expected"
  [[ $rc -ne 0 ]] && echo "$rc" >"$case_dir/rc" || rm -f "$case_dir/rc"
  echo "updated $case_dir"
  exit 0
fi
status=0
if [[ $rc -ne $want_rc ]]; then
  echo "exit code $rc, expected $want_rc"
  status=1
fi
if ! diff -u "$case_dir/expected" <(printf '%s\n' "$actual"); then
  status=1
fi
exit $status
