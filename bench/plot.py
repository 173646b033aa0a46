#!/usr/bin/env python3
"""Plots of p4nf_bench's results (docs/performance.md): SVG through gnuplot.

    bench/plot.py RESULTS.json OUTDIR [--title TEXT]

RESULTS.json is Google Benchmark's JSON output of p4nf_bench (`scripts/bench --plot DIR`
writes it with --benchmark_out). Each measurement's ns/packet is its `ns_per_pkt` counter;
of the repetitions of one measurement the median counts, as in p4nf_bench's summary.
OUTDIR gets:

  cost-<scenario>.svg   ns/packet against table entries (chain modules for chain
                        scenarios), C baseline and p4nf, one line each: the cost curve
  ratios.svg            p4nf/C against table entries, one line per table scenario, with
                        the parity line at 1
  ratios-chain.svg      the same for chain scenarios, against chain modules
  plots.md              the list of plots, for linking

Nothing is drawn for a scenario that has no p4nf measurement. Exit 1 when the file holds no
measurement at all.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys

NAME = re.compile(r"^(?P<scenario>[^/]+)/(?P<side>C|p4nf)/(?P<kind>entries|modules):(?P<n>\d+)")


def measurements(results):
    """{(scenario, kind): {side: {n: median ns/packet}}} from the iteration runs."""
    samples = {}
    for run in results.get("benchmarks", []):
        if run.get("run_type", "iteration") != "iteration" or "ns_per_pkt" not in run:
            continue
        if run.get("error_occurred"):
            continue
        match = NAME.match(run["name"])
        if not match or match["scenario"] == "empty":
            continue
        key = (match["scenario"], match["kind"])
        samples.setdefault(key, {}).setdefault(match["side"], {}).setdefault(
            int(match["n"]), []).append(float(run["ns_per_pkt"]))
    return {key: {side: {n: statistics.median(v) for n, v in by_n.items()}
                  for side, by_n in sides.items()}
            for key, sides in samples.items()}


def datablock(name, rows):
    return "$%s << EOD\n%s\nEOD\n" % (name, "\n".join(" ".join(str(c) for c in row) for row in rows))


def terminal(title):
    return ("set terminal svg size 760,460 dynamic enhanced font 'Sans,12' background rgb 'white'\n"
            "set title '%s' noenhanced\n"
            "set grid\nset key outside right top vertical box\n" % title.replace("'", "''"))


def x_axis(kind, values):
    label = "table entries" if kind == "entries" else "modules in the chain"
    # Table sizes span decades; chain lengths are a handful of small numbers.
    if kind == "entries" and max(values) / max(min(values), 1) >= 100:
        return "set logscale x 10\nset format x '10^{%%L}'\nset xlabel '%s (log scale)'\n" % label
    return "set xlabel '%s'\n" % label


def cost_plot(scenario, kind, sides, subtitle):
    script = terminal("%s: cost per packet%s" % (scenario, subtitle))
    every = sorted({n for by_n in sides.values() for n in by_n})
    script += x_axis(kind, every)
    script += "set ylabel 'ns per packet'\nset yrange [0:*]\n"
    plots = []
    for side, style in (("C", "lc rgb '#1f77b4' pt 7"), ("p4nf", "lc rgb '#d62728' pt 5")):
        if side not in sides:
            continue
        rows = sorted(sides[side].items())
        block = side.replace("4", "four")
        script += datablock(block, rows)
        label = "hand-written C" if side == "C" else "p4nfc"
        plots.append("$%s using 1:2 with linespoints lw 2 %s title '%s'" % (block, style, label))
    return script + "plot " + ", \\\n     ".join(plots) + "\n"


def ratio_plot(rows_by_scenario, kind, subtitle):
    script = terminal("p4nf / hand-written C, ns per packet%s" % subtitle)
    every = sorted({n for rows in rows_by_scenario.values() for n, _ in rows})
    script += x_axis(kind, every)
    script += "set ylabel 'p4nf / C (below 1: p4nf faster)'\nset yrange [0:*]\n"
    script += "set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb 'black'\n"
    plots = []
    for i, (scenario, rows) in enumerate(sorted(rows_by_scenario.items())):
        block = "r%d" % i
        script += datablock(block, rows)
        plots.append("$%s using 1:2 with linespoints lw 2 pt %d title '%s' noenhanced" % (
            block, 5 + i % 8, scenario))
    return script + "plot " + ", \\\n     ".join(plots) + "\n"


def render(script, path):
    result = subprocess.run(["gnuplot"], input=script, capture_output=True, text=True)
    if result.returncode != 0 or not os.path.exists(path):
        raise SystemExit("gnuplot failed for %s:\n%s\n%s" % (path, result.stderr, script))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results")
    parser.add_argument("outdir")
    parser.add_argument("--title", default="", help="appended to every plot's title")
    args = parser.parse_args()
    with open(args.results) as f:
        results = json.load(f)
    data = measurements(results)
    if not data:
        print("plot: %s holds no measurement" % args.results, file=sys.stderr)
        return 1
    os.makedirs(args.outdir, exist_ok=True)
    subtitle = (" (%s)" % args.title) if args.title else ""
    written = []
    ratios = {"entries": {}, "modules": {}}
    for (scenario, kind), sides in sorted(data.items()):
        path = os.path.join(args.outdir, "cost-%s.svg" % scenario)
        render("set output '%s'\n" % path + cost_plot(scenario, kind, sides, subtitle), path)
        written.append((os.path.basename(path), "%s: ns/packet, C and p4nf, by %s" % (scenario, kind)))
        if "C" in sides and "p4nf" in sides:
            common = sorted(set(sides["C"]) & set(sides["p4nf"]))
            ratios[kind][scenario] = [(n, round(sides["p4nf"][n] / sides["C"][n], 3))
                                      for n in common if sides["C"][n] > 0]
    for kind, name in (("entries", "ratios.svg"), ("modules", "ratios-chain.svg")):
        if not ratios[kind]:
            continue
        path = os.path.join(args.outdir, name)
        render("set output '%s'\n" % path + ratio_plot(ratios[kind], kind, subtitle), path)
        written.append((name, "p4nf/C by %s, every %s scenario" % (kind, "chain" if kind == "modules" else "table")))
    with open(os.path.join(args.outdir, "plots.md"), "w") as f:
        for name, what in written:
            f.write("- [%s](%s): %s\n" % (name, name, what))
    for name, _ in written:
        print(os.path.join(args.outdir, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
