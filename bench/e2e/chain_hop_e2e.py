#!/usr/bin/env python3
"""What one hop of an XDP service chain costs end to end, with real traffic: chains of N
copies of bench/programs/chain_hop.p4 (add one to the chain record's mark, continue; after
the last module the packet goes to the host) deployed by `p4nf up --sandbox --once` on one
veth in native XDP, flooded with UDP, and the kernel's BPF stats of the program on the hook
(run_time_ns / run_cnt), which include the modules it tail-calls. The slope of that over N
is the cost of one hop. docs/performance.md ("Chain hops") has the method and the numbers;
run it as root:

    bench/e2e/chain_hop_e2e.py --p4nf after=build/loader/p4nf \\
        [--p4nf before=/work/old/build/loader/p4nf] --sender build/bench/e2e/router_e2e_sender \\
        --e2e-sandbox build/tests/e2e/e2e_sandbox --programs build/bench/e2e \\
        [--lengths 1,2,4 --seconds 2 --rounds 5 --json out.json]

Several --p4nf LABEL=PATH compare builds (e.g. before and after a change of the chain
record): every round measures every build at every length, in an order rotated from round
to round, so that the slow drifts of a shared machine reach all of them alike. Each build
compiles the module with its own p4nfc (a compile cache of its own).

The traffic is router_e2e.py's: router_e2e_sender on the far end of the veth (live frames
where the kernel allows them, else AF_PACKET; the results say which), its frame addressed
to a MAC that is not the router's, so the router's kernel drops what the chain passes to it
at once. The router's receive work (the veth's NAPI) runs in a thread of its own pinned to
--router-cpu. BPF stats are on for the whole run: their two clock reads per run are in
every figure alike, and cancel out of the slope.

Exit 0 with the table, 1 when a chain is not deployed as asked or its program does not run,
77 without root or when the kernel refuses the sender's mechanism, with the reason.
"""
import argparse
import json
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import router_e2e  # noqa: E402  (also puts tests/e2e, the harness, on the path)
from harness import Deployment, Failure, enable_bpf_stats, run  # noqa: E402

HOP_MODULE = os.path.join(router_e2e.SOURCE, "bench", "programs", "chain_hop.p4")
# router_e2e's port 1: its Sender sends from the host at the far end of this veth.
INTERFACE = router_e2e.PORTS[1][0]


def chain_config(name, modules):
    """N instances of the hop module (an instance appears once per chain), one chain."""
    instances = ["hop%d" % i for i in range(modules)]
    return "\n".join(
        ["deployment: " + name, "ports:", "  1: " + INTERFACE, "modules:"] +
        ["  %s:\n    p4: %s" % (instance, HOP_MODULE) for instance in instances] +
        ["chains:", "  main:", "    attach:",
         "      - { interface: %s, hook: xdp, mode: native }" % INTERFACE,
         "    modules: [%s]" % ", ".join(instances),
         "sandbox:", "  %s: { addresses: [10.0.1.2/24] }" % INTERFACE, ""])


def bpftool_json(*argv):
    return json.loads(run(["bpftool", "-j"] + list(argv)).stdout or "null")


def chain_slots(program_id):
    """The filled slots of the prog array of the program on the hook."""
    for map_id in bpftool_json("prog", "show", "id", str(program_id)).get("map_ids", []):
        info = bpftool_json("map", "show", "id", str(map_id))
        if info.get("type") == "prog_array":
            entries = bpftool_json("map", "dump", "id", str(map_id)) or []
            return sorted(int.from_bytes(bytes(int(b, 16) for b in e["key"]), "little")
                          for e in entries)
    raise Failure("the program on %s has no prog array" % INTERFACE)


def measure(tools, workdir, build, modules, args, sender):
    """One chain of `modules` hops deployed by one p4nf build: the hook program's
    ns/packet and run count over --seconds of traffic."""
    label, p4nf = build
    tools.p4nf = p4nf
    # A cache per build: never an object of one build's compiler in another's measurement.
    os.environ["XDG_CACHE_HOME"] = os.path.join(workdir, "cache-" + label)
    deployment = "hop%d" % os.getpid()
    with Deployment(tools, workdir, deployment) as dep:
        dep.write_config(chain_config(deployment, modules))
        dep.up_once()
        attach = [a for c in dep.status()["chains"] for a in c["attach"] if a["interface"] == INTERFACE]
        if not attach or attach[0].get("mode") != "native":
            raise Failure("%s: the chain is not attached in native XDP on %s: %s" % (label, INTERFACE, attach))
        program = attach[0]["program_id"]
        # Slots 1..N-1 hold the later modules; slot N is empty (the end of the chain).
        slots = [s for s in chain_slots(program) if s > 0]
        if slots != list(range(1, modules)):
            raise Failure("%s: a chain of %d modules fills prog array slots %s" % (label, modules, slots))
        router_e2e.threaded_napi(None, INTERFACE, "napi/%s-" % INTERFACE, args.router_cpu)
        sender.send(deployment, 0.2, "--chunk", "65536")  # warm up: caches, the ring's pages
        runs_before, ns_before = router_e2e.prog_stats(program)
        sent = sender.send(deployment, args.seconds)
        runs_after, ns_after = router_e2e.prog_stats(program)
    runs = runs_after - runs_before
    if runs <= 0:
        raise Failure("%s: the chain of %d modules ran on no packet" % (label, modules))
    return {"build": label, "modules": modules, "runs": runs,
            "ns_per_packet": (ns_after - ns_before) / runs,
            "sender_mechanism": sent["mechanism"], "offered_pps": sent["repetitions"] / sent["seconds"]}


def slope(points):
    """Least-squares slope of y over x: the cost of one more module."""
    n = len(points)
    sx, sy = sum(x for x, _ in points), sum(y for _, y in points)
    sxx, sxy = sum(x * x for x, _ in points), sum(x * y for x, y in points)
    spread = n * sxx - sx * sx
    return (n * sxy - sx * sy) / spread if n > 1 and spread else float("nan")


def spread(values, digits=1):
    form = "%%.%df" % digits
    return (form + " (" + form + "-" + form + ")") % (statistics.median(values), min(values), max(values))


def report(results, builds, lengths, sender, json_path):
    rounds = max(r["round"] for r in results)
    print("\nhook program ns/packet (BPF stats), median (range) of %d rounds, sender %s"
          % (rounds, sender.mechanism))
    print("%-10s" % "modules" + "".join("%24s" % label for label, _ in builds))
    for modules in lengths:
        print("%-10d" % modules + "".join(
            "%24s" % spread([r["ns_per_packet"] for r in results
                             if r["build"] == label and r["modules"] == modules])
            for label, _ in builds))
    per_hop = {}
    for label, _ in builds:
        per_hop[label] = [slope([(r["modules"], r["ns_per_packet"]) for r in results
                                 if r["build"] == label and r["round"] == n])
                          for n in range(1, rounds + 1)]
    print("%-10s" % "per hop" + "".join("%24s" % spread(per_hop[label]) for label, _ in builds))
    print("per hop: the least-squares slope over N of each round's figures; median (range) over rounds")
    if json_path:
        with open(json_path, "w") as f:
            json.dump({"measurements": results, "per_hop": per_hop,
                       "sender_mechanism": sender.mechanism}, f, indent=1)


def bench(args, workdir):
    tools = router_e2e.Tools(args)
    run([tools.sandbox, "sweep", "e2e"], check_exit=False)
    builds = [tuple(b.split("=", 1)) for b in args.p4nf]
    lengths = [int(n) for n in args.lengths.split(",")]
    legs = [(build, modules) for modules in lengths for build in builds]
    sender = router_e2e.Sender(args)
    stats = enable_bpf_stats()  # on until this process ends
    results = []
    try:
        for round_number in range(1, args.rounds + 1):
            shift = (round_number - 1) % len(legs)
            for build, modules in legs[shift:] + legs[:shift]:
                result = measure(tools, workdir, build, modules, args, sender)
                result["round"] = round_number
                results.append(result)
                print("round %d %-8s %d modules: %.1f ns/packet over %d runs (%s, offered %.2f Mpps)"
                      % (round_number, build[0], modules, result["ns_per_packet"], result["runs"],
                         result["sender_mechanism"], result["offered_pps"] / 1e6), flush=True)
    finally:
        os.close(stats)
    report(results, builds, lengths, sender, args.json)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--p4nf", action="append", required=True, metavar="LABEL=PATH",
                        help="a p4nf build to measure; repeat to compare builds")
    router_e2e.add_traffic_arguments(parser, "folder of xdp_live_tx.o")
    parser.add_argument("--lengths", default="1,2,4", help="chain lengths (modules)")
    parser.add_argument("--seconds", type=float, default=2.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    for build in args.p4nf:
        if "=" not in build:
            parser.error("--p4nf takes LABEL=PATH, not %s" % build)
    return router_e2e.run_bench(bench, args, "p4nf-hop-bench-")


if __name__ == "__main__":
    sys.exit(main())
