#!/usr/bin/env bash
# update_goldens.sh [P4NFC] [PROGRAM...]: (re)writes the .expected golden file of each
# invalid program (default: all of tests/p4/invalid/*.p4) from what p4nfc reports now.
# Review the result with `git diff tests/p4/invalid` before committing it.
#
# P4NFC defaults to $P4NFC, else the first build*/p4/p4nfc found in the source tree.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/error_lines.sh"

p4nfc=${1:-${P4NFC:-}}
[[ $# -gt 0 ]] && shift
if [[ -z $p4nfc ]]; then
  for candidate in "$root"/build/p4/p4nfc "$root"/build*/p4/p4nfc; do
    if [[ -x $candidate ]]; then p4nfc=$candidate; break; fi
  done
fi
if [[ -z $p4nfc || ! -x $p4nfc ]]; then
  echo "update_goldens.sh: cannot find p4nfc; pass its path as the first argument" >&2
  exit 1
fi

programs=("$@")
[[ ${#programs[@]} -eq 0 ]] && programs=("$root"/tests/p4/invalid/*.p4)

status=0
for program in "${programs[@]}"; do
  [[ -f $program ]] || continue
  golden=${program%.p4}.expected
  stderr=$("$p4nfc" --check "$program" 2>&1 >/dev/null)
  code=$?
  error_lines <<<"$stderr" >"$golden"
  if [[ $code -ne 1 ]]; then
    echo "warning: $program: p4nfc exited with status $code, not 1" >&2
    status=1
  elif [[ ! -s $golden ]]; then
    echo "warning: $program: no error lines" >&2
    status=1
  fi
  echo "wrote $golden ($(wc -l <"$golden") errors)"
done
exit $status
