#!/usr/bin/env bash
# Runs the front-end fuzzer. Usage: run_fuzzer.sh <fuzzer> <repo root> smoke|<seconds>
#   smoke      a repeatable ~30 s run (fixed seed and run count), used by ctest
#   <seconds>  a longer exploratory run; findings are written to build/fuzz/findings/
# The seed corpus is every program we own, with its #include lines removed: the fuzzer
# prepends core.p4 and pna.p4 itself.
set -euo pipefail
fuzzer=$1 root=$2 mode=${3:-smoke}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/seeds"
for f in "$root"/tests/p4/valid/*.p4 "$root"/tests/p4/invalid/*.p4 "$root"/nf/*/*.p4; do
  [[ -f $f ]] || continue
  grep -v '^#include' "$f" >"$work/seeds/$(basename "$(dirname "$f")")_$(basename "$f")"
done
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
common=(-max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
if [[ $mode == smoke ]]; then
  mkdir -p "$work/corpus"
  status=0
  "$fuzzer" "${common[@]}" -seed=1 -runs=40000 -max_total_time=60 \
    -artifact_prefix="$work/" "$work/corpus" "$work/seeds" >"$work/log" 2>&1 || status=$?
  tail -n 40 "$work/log"
else
  findings="$root/build/fuzz/findings"
  mkdir -p "$root/build/fuzz/corpus" "$findings"
  status=0
  "$fuzzer" "${common[@]}" -max_total_time="$mode" -artifact_prefix="$findings/" \
    "$root/build/fuzz/corpus" "$work/seeds" || status=$?
fi
if ((status != 0)); then
  for a in "$work"/crash-* "$work"/timeout-* "$work"/leak-*; do
    [[ -f $a ]] && { echo "--- finding $a:"; head -c 2000 "$a"; echo; }
  done
fi
exit "$status"
