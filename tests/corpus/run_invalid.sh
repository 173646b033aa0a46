#!/usr/bin/env bash
# run_invalid.sh P4NFC PROGRAM EXPECTED: p4nfc --check must reject the program (exit status
# 1, not a crash) with exactly the error lines of the golden file EXPECTED.
set -u
p4nfc=$1
program=$2
expected=$3
source "$(dirname "$0")/error_lines.sh"

if [[ ! -f $expected ]]; then
  echo "FAIL: no golden file $expected"
  echo "      write it with tests/corpus/update_goldens.sh and review it"
  exit 1
fi

stderr=$("$p4nfc" --check "$program" 2>&1 >/dev/null)
status=$?
if [[ $status -ne 1 ]]; then
  echo "FAIL: p4nfc --check $program exited with status $status (expected 1)"
  printf '%s\n' "$stderr"
  exit 1
fi

actual=$(error_lines <<<"$stderr")
if ! diff -u --label "$expected" --label "p4nfc output" "$expected" - <<<"$actual"; then
  echo "FAIL: the errors differ from the golden file (- expected, + actual)."
  echo "Full diagnostics:"
  printf '%s\n' "$stderr"
  exit 1
fi
exit 0
