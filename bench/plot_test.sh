#!/bin/bash
# scripts/bench --plot's two halves end to end on a short run: p4nf_bench writes Google
# Benchmark's JSON, bench/plot.py draws it with gnuplot; every plot is an SVG document
# with both sides' curves (no timing is asserted). Usage: plot_test.sh <p4nf_bench>
set -u
BENCH=$1
HERE=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" != 0 ]; then echo "needs root; skipped"; exit 77; fi
command -v gnuplot >/dev/null || { echo "no gnuplot (scripts/setup installs gnuplot-nox); skipped"; exit 77; }
WORK=$(mktemp -d /tmp/p4nf-plot-test-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$BENCH" --packets=2000 --batch=100 --sizes=1,100,10000 --chain-lengths=1,2,4 --benchmark_repetitions=2 \
  --benchmark_filter='^(l2_forward|ipv4_router|chain_hop)/' \
  --benchmark_out="$WORK/results.json" --benchmark_out_format=json >"$WORK/bench.log" 2>&1 ||
  { cat "$WORK/bench.log"; fail "p4nf_bench"; }
"$HERE/plot.py" "$WORK/results.json" "$WORK/plots" --title "plot_test" >"$WORK/plot.log" 2>&1 ||
  { cat "$WORK/plot.log"; fail "plot.py"; }
for svg in cost-l2_forward cost-ipv4_router cost-chain_hop ratios ratios-chain; do
  /usr/bin/python3 - "$WORK/plots/$svg.svg" <<'PY' || fail "$svg.svg"
import sys, xml.etree.ElementTree as tree
root = tree.parse(sys.argv[1]).getroot()
assert root.tag.endswith("svg"), root.tag
text = " ".join(t.strip() for t in root.itertext())
want = ["p4nf / C"] if "ratios" in sys.argv[1] else ["hand-written C", "p4nfc", "ns per packet"]
missing = [w for w in want if w not in text]
assert not missing, "%s lacks %s" % (sys.argv[1], missing)
PY
done
grep -q "(cost-l2_forward.svg)" "$WORK/plots/plots.md" || fail "plots.md does not list the plots"
echo "{}" >"$WORK/empty.json"
"$HERE/plot.py" "$WORK/empty.json" "$WORK/none" >/dev/null 2>&1 && fail "plot.py drew an empty file"
echo "PASS"
