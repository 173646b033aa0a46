#!/usr/bin/env bash
# Runs a fuzzer. Usage: run_fuzzer.sh <fuzzer> <repo root> smoke|<seconds> [frontend|config]
#   smoke      a repeatable short run (fixed seed and run count), used by ctest
#   <seconds>  a longer exploratory run; findings are written to <build>/fuzz/findings/
#              (frontend) or <build>/fuzz/config/findings/ (config), where <build> is
#              $P4NF_BUILD_DIR, else build/
# The last argument says which target <fuzzer> is (default frontend):
#   frontend   seeds: every program we own, with its #include lines removed (the fuzzer
#              prepends core.p4 and pna.p4 itself)
#   config     seeds: the example configs, the bad configs, tests/fuzz/config_seeds/ and the
#              regression inputs of tests/fuzz/config_regressions/, with a dictionary of
#              config words (config.dict)
set -euo pipefail
fuzzer=$1 root=$2 mode=${3:-smoke} kind=${4:-frontend}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/seeds"
build=${P4NF_BUILD_DIR:-build}
[[ $build == /* ]] || build="$root/$build"
extra=()
case $kind in
  frontend)
    for f in "$root"/tests/p4/valid/*.p4 "$root"/tests/p4/invalid/*.p4 "$root"/nf/*/*.p4; do
      [[ -f $f ]] || continue
      grep -v '^#include' "$f" >"$work/seeds/$(basename "$(dirname "$f")")_$(basename "$f")"
    done
    smoke_runs=40000 smoke_time=60
    store="$build/fuzz"
    ;;
  config)
    for f in "$root"/config/*.yaml "$root"/tests/config/bad/*.yaml \
             "$root"/tests/fuzz/config_seeds/*.yaml "$root"/tests/fuzz/config_regressions/*.yaml; do
      [[ -f $f ]] || continue
      cp "$f" "$work/seeds/$(basename "$(dirname "$f")")_$(basename "$f")"
    done
    extra=(-dict="$root/tests/fuzz/config.dict")
    # About 10 s on an idle two-core machine; the time cap keeps a busy one under 30 s.
    smoke_runs=8000 smoke_time=20
    store="$build/fuzz/config"
    ;;
  *)
    echo "run_fuzzer.sh: unknown fuzz target kind \"$kind\" (frontend or config)" >&2
    exit 64
    ;;
esac
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
common=(-max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${extra[@]}")
if [[ $mode == smoke ]]; then
  mkdir -p "$work/corpus"
  status=0
  "$fuzzer" "${common[@]}" -seed=1 -runs="$smoke_runs" -max_total_time="$smoke_time" \
    -artifact_prefix="$work/" "$work/corpus" "$work/seeds" >"$work/log" 2>&1 || status=$?
  tail -n 40 "$work/log"
else
  findings="$store/findings"
  mkdir -p "$store/corpus" "$findings"
  status=0
  "$fuzzer" "${common[@]}" -max_total_time="$mode" -artifact_prefix="$findings/" \
    "$store/corpus" "$work/seeds" || status=$?
fi
if ((status != 0)); then
  for a in "$work"/crash-* "$work"/timeout-* "$work"/leak-*; do
    [[ -f $a ]] && { echo "--- finding $a:"; head -c 2000 "$a"; echo; }
  done
fi
exit "$status"
