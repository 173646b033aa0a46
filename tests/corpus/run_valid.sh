#!/usr/bin/env bash
# run_valid.sh P4NFC PROGRAM [p4nfc options...]: the program must type-check cleanly.
set -u
p4nfc=$1
program=$2
shift 2

stderr=$("$p4nfc" --check "$@" "$program" 2>&1 >/dev/null)
status=$?
if [[ $status -ne 0 ]] || grep -q ': error: ' <<<"$stderr"; then
  echo "FAIL: p4nfc --check $program exited with status $status"
  printf '%s\n' "$stderr"
  exit 1
fi
# Warnings are allowed, but shown so that they get noticed.
[[ -n $stderr ]] && printf '%s\n' "$stderr"
exit 0
