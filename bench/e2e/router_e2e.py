#!/usr/bin/env python3
"""Packets per second end to end: nf/router (native XDP) against Linux forwarding, on the
same veth topology, per router core. docs/performance.md ("End to end") has the method
and the numbers; run it as root:

    bench/e2e/router_e2e.py --p4nf build/loader/p4nf --sender build/bench/e2e/router_e2e_sender \\
        --e2e-sandbox build/tests/e2e/e2e_sandbox --programs build/bench/e2e [--seconds 3 --rounds 5]
        [--sender-mechanism auto|live_frames|af_packet]

The topology is config/router.yaml's: h1 (port 1) - router - h2 (port 2), built afresh
for each leg of each round, in a private network namespace that plays the router:

  linux  `e2e_sandbox up` makes the hosts; the kernel forwards (ip_forward on);
  p4nf   `p4nf up --sandbox --once` of config/router.yaml; nf/router forwards in XDP;
  floor  (--floor) the same with tests/e2e/modules/port_forward.p4, a one-table XDP
         forwarder: what native XDP forwarding costs here with next to no program.

Both legs get the same router kernel (MACs, addresses, static neighbours, forwarding on),
the same traffic and the same receiver:

  - h1 sends one 60-byte UDP frame to h2 over and over with router_e2e_sender, dropping
    the surplus at the veth, before the router. Its mechanism (--sender-mechanism):
    live_frames, XDP_TX of BPF_PROG_TEST_RUN live frames into the veth, so frames reach
    the router as XDP frames, as from a NIC, faster than any router here forwards them;
    af_packet, an AF_PACKET socket past the qdisc, where the kernel refuses live frames:
    an skb a frame, slower, so the sender may be the bottleneck; auto (the default) takes
    live_frames where it works. The results say which one sent;
  - the router's receive work (its veth's NAPI) runs in a kernel thread of its own
    (threaded NAPI, GRO on so that the linux leg uses NAPI too), pinned to one CPU, alone:
    its CPU time (/proc/<tid>/schedstat) over the packets it forwarded is the router's
    cost per packet, and 1e9 / that is packets per second per router core;
  - h2 drops every frame in XDP (xdp_sink.o), in a NAPI thread on the sender's CPU.

The counts come from the kernel, with BPF stats off while the rates are measured (they
cost each program run two clock reads): frames the router's veth took from its ring and
frames redirected (ethtool -S of the veth: rx_queue_0_xdp_packets, _xdp_redirect), the
kernel's ForwDatagrams (what Linux forwarded), h2's rx_queue_0_xdp_drops (what arrived).
Then a second, shorter run with BPF stats on gives the router program's own
run_time_ns / run_cnt.

Exit 0 with the table, 1 when a leg forwards nothing or the kernel forwards on an XDP leg
(XDP must do it all), 77 without root or when the kernel refuses the sender's mechanism
(for auto: both), with the reason.
"""
import argparse
import json
import os
import signal
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE, "tests", "e2e"))

from harness import (Deployment, Failure, Skip, enable_bpf_stats, outcome, run,  # noqa: E402
                     run_in_private_netns)

# router_e2e_sender's exit code when the kernel refuses the mechanism asked for.
SENDER_REFUSED = 3
ROUTER_CONFIG = os.path.join(SOURCE, "config", "router.yaml")
# config/router.yaml's ports, MACs and addresses.
PORTS = {1: ("p4nf-r1", "02:00:00:00:01:01", "02:00:00:00:01:02", "10.0.1"),
         2: ("p4nf-r2", "02:00:00:00:02:01", "02:00:00:00:02:02", "10.0.2")}


class Tools:
    def __init__(self, args):
        self.p4nf = args.p4nf
        self.sandbox = args.e2e_sandbox
        self.udp_flood = None


def host_netns(deployment, port):
    return "p4nf-%s-%s" % (deployment, PORTS[port][0])


def test_frame():
    """Ethernet / IPv4 / UDP, 60 bytes, h1 -> h2, to the router's MAC on port 1."""
    from scapy.layers.inet import IP, UDP
    from scapy.layers.l2 import Ether
    frame = Ether(dst=PORTS[1][1], src=PORTS[1][2]) / IP(src="10.0.1.2", dst="10.0.2.2", ttl=64) / \
        UDP(sport=1234, dport=9) / (b"p4nf-e2e-bench-18b")
    return bytes(frame)


def configure_router():
    """The router namespace's kernel, the same on both legs."""
    run(["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"])
    for port, (interface, mac, host_mac, subnet) in PORTS.items():
        run(["ip", "link", "set", interface, "address", mac])
        run(["ip", "addr", "replace", subnet + ".1/24", "dev", interface])
        run(["ip", "neigh", "replace", subnet + ".2", "lladdr", host_mac, "dev", interface,
             "nud", "permanent"])
    # GRO on makes a veth without an XDP program use NAPI (the linux leg), so both legs'
    # receive work runs in a NAPI poll, which threaded NAPI moves into a thread of its own.
    run(["ethtool", "-K", PORTS[1][0], "gro", "on"])


def configure_hosts(deployment, programs):
    for port, (_, mac, host_mac, subnet) in PORTS.items():
        prefix = ["ip", "netns", "exec", host_netns(deployment, port)]
        run(prefix + ["ip", "link", "set", "eth0", "address", host_mac])
        run(prefix + ["ip", "neigh", "replace", subnet + ".1", "lladdr", mac, "dev", "eth0",
                      "nud", "permanent"])
    h2 = ["ip", "netns", "exec", host_netns(deployment, 2)]
    run(h2 + ["ip", "link", "set", "dev", "eth0", "xdp", "off"])
    run(h2 + ["ip", "link", "set", "dev", "eth0", "xdpdrv", "obj",
              os.path.join(programs, "xdp_sink.o"), "sec", "xdp"])


def napi_threads(prefix):
    threads = set()
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/comm" % pid) as f:
                if f.read().startswith(prefix):
                    threads.add(int(pid))
        except OSError:
            pass
    return threads


def threaded_napi(netns, interface, prefix, cpu):
    """Turns threaded NAPI on for `interface` and pins its new thread(s) to `cpu`."""
    before = napi_threads(prefix)
    write = "echo 1 > /sys/class/net/%s/threaded" % interface
    if netns:
        run(["ip", "netns", "exec", netns, "sh", "-c", write])
    else:
        # This process's /sys shows the namespace it was mounted in, not the private one
        # we run in: a sysfs of our own, in a mount namespace of the command's own.
        run(["unshare", "--mount", "sh", "-c", "mount -t sysfs sysfs /sys && " + write])
    new = napi_threads(prefix) - before
    if not new:
        raise Failure("threaded NAPI on %s made no %s* thread" % (interface, prefix))
    for tid in new:
        os.sched_setaffinity(tid, {cpu})
        # Real-time priority: on a machine shared with other work the thread runs
        # whenever it has packets, so the router's CPU is the router's (the kernel's RT
        # throttling still leaves the others 5 %).
        os.sched_setscheduler(tid, os.SCHED_FIFO, os.sched_param(50))
    return sorted(new)


def cpu_ns(tids):
    total = 0
    for tid in tids:
        with open("/proc/%d/schedstat" % tid) as f:
            total += int(f.read().split()[0])
    return total


def veth_stats(netns, interface):
    """ethtool -S of a veth: its per-queue counters, which the kernel keeps whether BPF
    stats are on or not."""
    prefix = ["ip", "netns", "exec", netns] if netns else []
    stats = {}
    for line in run(prefix + ["ethtool", "-S", interface]).stdout.splitlines()[1:]:
        name, _, value = line.strip().partition(": ")
        if value.strip().lstrip("-").isdigit():
            stats[name] = int(value)
    return stats


def prog_stats(prog_id):
    info = json.loads(run(["bpftool", "-j", "prog", "show", "id", str(prog_id)]).stdout)
    return info.get("run_cnt", 0), info.get("run_time_ns", 0)


def xdp_prog_id(netns, interface):
    out = run(["ip", "netns", "exec", netns, "ip", "-j", "link", "show", "dev", interface]).stdout
    return json.loads(out)[0]["xdp"]["prog"]["id"]


def kernel_forwarded():
    with open("/proc/net/snmp") as f:
        lines = [line.split() for line in f if line.startswith("Ip:")]
    return int(lines[1][lines[0].index("ForwDatagrams")])


class Sender:
    """router_e2e_sender on h1, pinned to the sender's CPU. Its first run resolves `auto`:
    its mechanism is then used for every run, so that all legs and rounds get the same
    traffic source."""

    def __init__(self, args):
        self.args = args
        self.mechanism = args.sender_mechanism

    def send(self, deployment, seconds, *extra):
        """Sends for `seconds`; returns the sender's JSON (mechanism, repetitions, seconds).
        Skip when the kernel refuses the mechanism, with the sender's reason."""
        command = ["ip", "netns", "exec", host_netns(deployment, 1),
                   "taskset", "-c", str(self.args.sender_cpu), self.args.sender,
                   "--object", os.path.join(self.args.programs, "xdp_live_tx.o"),
                   "--interface", "eth0", "--frame", test_frame().hex(),
                   "--mechanism", self.mechanism, "--seconds", str(seconds)] + list(extra)
        result = run(command, accept=(0, SENDER_REFUSED))
        if result.returncode == SENDER_REFUSED:
            raise Skip(result.stderr.strip())
        sent = json.loads(result.stdout)
        if self.mechanism == "auto":
            print(result.stderr.strip(), flush=True)  # which mechanism, and why
            self.mechanism = sent["mechanism"]
        return sent


def measure(leg, deployment, args, sender, router_prog_id):
    """One measurement of a built leg: returns a dict of rates. BPF stats are off while
    the rates are measured (they cost every program run two clock reads); the router
    program's own ns/packet is measured afterwards, in a run with them on."""
    router_threads = threaded_napi(None, PORTS[1][0], "napi/%s-" % PORTS[1][0], args.router_cpu)
    threaded_napi(host_netns(deployment, 2), "eth0", "napi/eth0-", args.sender_cpu)
    sender.send(deployment, 0.2, "--chunk", "65536")  # warm up: neighbours, caches

    h2 = host_netns(deployment, 2)

    def snapshot():
        router = veth_stats(None, PORTS[1][0])
        return {"time": time.monotonic(), "router_ns": cpu_ns(router_threads),
                "received": router.get("rx_queue_0_xdp_packets", 0),
                "redirected": router.get("rx_queue_0_xdp_redirect", 0),
                "delivered": veth_stats(h2, "eth0").get("rx_queue_0_xdp_drops", 0),
                "kernel_forwarded": kernel_forwarded()}

    before = snapshot()
    sent = sender.send(deployment, args.seconds)
    after = snapshot()
    d = {key: after[key] - before[key] for key in before}
    forwarded = d["redirected"] if router_prog_id else d["kernel_forwarded"]
    program = (0, 0)
    if router_prog_id:
        stats = enable_bpf_stats()  # on until closed
        try:
            runs_before = prog_stats(router_prog_id)
            sender.send(deployment, min(args.seconds, 1.0))
            runs_after = prog_stats(router_prog_id)
            program = (runs_after[0] - runs_before[0], runs_after[1] - runs_before[1])
        finally:
            os.close(stats)
    result = {
        "leg": leg,
        "sender_mechanism": sent["mechanism"],
        "offered_pps": sent["repetitions"] / sent["seconds"],
        "delivered_pps": d["delivered"] / d["time"],
        "forwarded_pps": forwarded / d["time"],
        "router_cpu_busy": d["router_ns"] / (d["time"] * 1e9),
        "router_ns_per_packet": d["router_ns"] / forwarded if forwarded else float("inf"),
        "router_received_pps": d["received"] / d["time"],
        "program_ns_per_packet": program[1] / program[0] if program[0] else None,
        "kernel_forwarded": d["kernel_forwarded"],
        "forwarded": forwarded,
        "delivered": d["delivered"],
    }
    result["pps_per_router_core"] = 1e9 / result["router_ns_per_packet"] if forwarded else 0
    return result


def linux_leg(tools, deployment, args, sender):
    specs = ["%s=%s.2/24" % (interface, subnet) for interface, _, _, subnet in PORTS.values()]
    run([tools.sandbox, "up", deployment] + specs)
    try:
        configure_router()
        configure_hosts(deployment, args.programs)
        return measure("linux", deployment, args, sender, None)
    finally:
        run([tools.sandbox, "down", deployment], check_exit=False)


FLOOR_CONFIG = """\
deployment: %(name)s
ports:
  1: p4nf-r1
  2: p4nf-r2
modules:
  fwd:
    p4: %(source)s/tests/e2e/modules/port_forward.p4
    tables:
      ports:
        entries:
          - { key: { port: 1 }, action: forward, args: { port: 2 } }
          - { key: { port: 2 }, action: forward, args: { port: 1 } }
chains:
  main:
    attach:
      - { interface: p4nf-r1, hook: xdp, mode: native }
      - { interface: p4nf-r2, hook: xdp, mode: native }
    modules: [fwd]
sandbox:
  p4nf-r1: { addresses: [10.0.1.2/24], mac: "02:00:00:00:01:02" }
  p4nf-r2: { addresses: [10.0.2.2/24], mac: "02:00:00:00:02:02" }
"""


def p4nf_leg(tools, workdir, deployment, args, sender, leg="p4nf"):
    """nf/router from config/router.yaml, or (leg "floor") the one-table port forwarder of
    the e2e tests: the cost of native XDP forwarding on these veths with next to no
    program, which every XDP router here pays."""
    if leg == "floor":
        config = FLOOR_CONFIG % {"name": deployment, "source": SOURCE}
    else:
        with open(ROUTER_CONFIG) as f:
            config = f.read().replace("deployment: router", "deployment: " + deployment, 1)
    with Deployment(tools, workdir, deployment) as dep:
        dep.write_config(config)
        dep.up_once()
        configure_router()
        configure_hosts(deployment, args.programs)
        status = dep.status()
        hooks = {a["interface"]: a for c in status["chains"] for a in c["attach"]}
        attach = hooks.get(PORTS[1][0])
        if not attach or attach.get("mode") != "native":
            raise Failure("nf/router is not attached in native XDP on %s: %s" % (PORTS[1][0], hooks))
        return measure(leg, deployment, args, sender, attach["program_id"])


def check_leg(result):
    if result["forwarded"] <= 0 or result["delivered"] <= 0:
        raise Failure("%s leg: forwarded %d, delivered %d packets" % (
            result["leg"], result["forwarded"], result["delivered"]))
    if result["leg"] != "linux" and result["kernel_forwarded"]:
        raise Failure("%s leg: the kernel forwarded %d packets; XDP should have done all"
                      % (result["leg"], result["kernel_forwarded"]))
    if result["delivered"] > result["forwarded"]:
        raise Failure("%s leg: h2 received %d packets, more than the %d forwarded" % (
            result["leg"], result["delivered"], result["forwarded"]))


def report(results, sender, json_path):
    keys = [("offered_pps", "offered Mpps", 1e-6), ("router_received_pps", "router took Mpps", 1e-6),
            ("forwarded_pps", "forwarded Mpps", 1e-6),
            ("delivered_pps", "delivered Mpps", 1e-6), ("router_cpu_busy", "router CPU busy", 100),
            ("router_ns_per_packet", "router ns/packet", 1),
            ("pps_per_router_core", "Mpps per router core", 1e-6),
            ("program_ns_per_packet", "XDP program ns/packet", 1)]
    medians = {}
    legs = list(results)
    print("%-24s" % ("median of %d rounds" % len(results["linux"])) +
          "".join("%14s" % leg for leg in legs))
    print("%-24s" % "sender" + "".join(
        "%14s" % "/".join(sorted({r["sender_mechanism"] for r in results[leg]})) for leg in legs))
    for key, title, scale in keys:
        row = []
        for leg in legs:
            values = [r[key] for r in results[leg] if r[key] is not None]
            medians[(leg, key)] = statistics.median(values) if values else None
            row.append("%14.2f" % (medians[(leg, key)] * scale) if values else "%14s" % "-")
        print("%-24s%s%s" % (title, "".join(row), " %" if key == "router_cpu_busy" else ""))
    ratio = medians[("p4nf", "pps_per_router_core")] / medians[("linux", "pps_per_router_core")]
    per_round = [p["pps_per_router_core"] / l["pps_per_router_core"]
                 for l, p in zip(results["linux"], results["p4nf"])]
    print("p4nf / linux per router core: %.2fx (medians); per round: %s" % (
        ratio, ", ".join("%.2f" % r for r in per_round)))
    if sender.mechanism == "af_packet":
        print("sender af_packet: the sender, not the router, limits the rate, and the router's "
              "veth copies every frame (an skb) for XDP: these figures are not comparable with "
              "live_frames' (docs/performance.md, \"Sender mechanisms\")")
    if json_path:
        with open(json_path, "w") as f:
            json.dump({"rounds": results, "ratio_per_core": ratio,
                       "sender_mechanism": sender.mechanism}, f, indent=1)


def bench(args, workdir):
    tools = Tools(args)
    deployment = "e2e%d" % os.getpid()
    run([tools.sandbox, "sweep", "e2e"], check_exit=False)
    legs = ["linux", "p4nf"] + (["floor"] if args.floor else [])
    results = {leg: [] for leg in legs}
    sender = Sender(args)
    for round_number in range(args.rounds):
        # Each round in another order, so that slow drifts of a shared machine spread evenly.
        order = legs[round_number % len(legs):] + legs[:round_number % len(legs)]
        for leg in order:
            result = linux_leg(tools, deployment, args, sender) if leg == "linux" else \
                p4nf_leg(tools, workdir, deployment, args, sender, leg)
            check_leg(result)
            results[leg].append(result)
            print("round %d %-5s offered %.2f Mpps (%s), forwarded %.2f Mpps, router core %.0f%% "
                  "busy, %.0f ns/packet"
                  % (round_number + 1, leg, result["offered_pps"] / 1e6, result["sender_mechanism"],
                     result["forwarded_pps"] / 1e6, result["router_cpu_busy"] * 100,
                     result["router_ns_per_packet"]), flush=True)
    report(results, sender, args.json)


def add_traffic_arguments(parser, programs_help):
    """The options of the veth topology and its traffic, shared with chain_hop_e2e.py."""
    parser.add_argument("--sender", required=True, help="router_e2e_sender")
    parser.add_argument("--e2e-sandbox", required=True)
    parser.add_argument("--programs", required=True, help=programs_help)
    parser.add_argument("--json", help="also write every measurement to this file")
    parser.add_argument("--router-cpu", type=int, default=1)
    parser.add_argument("--sender-cpu", type=int, default=0)
    parser.add_argument("--sender-mechanism", choices=["auto", "live_frames", "af_packet"],
                        default="auto", help="how router_e2e_sender sends (its --mechanism)")


def run_bench(bench_function, args, prefix):
    """Runs bench_function(args, workdir) as the router, in a private network namespace
    (the script runs again there), with a temporary folder, and returns the exit code."""
    outer = run_in_private_netns()
    if outer is not None:
        return outer

    def on_signal(number, frame):  # so that the deployments' cleanup runs
        raise SystemExit("killed by signal %d" % number)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with tempfile.TemporaryDirectory(prefix=prefix) as workdir:
        return outcome(lambda: bench_function(args, workdir))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--p4nf", required=True)
    add_traffic_arguments(parser, "folder of xdp_live_tx.o and xdp_sink.o")
    parser.add_argument("--seconds", type=float, default=3.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--floor", action="store_true",
                        help="also measure the floor: a one-table XDP port forwarder")
    return run_bench(bench, parser.parse_args(), "p4nf-e2e-bench-")


if __name__ == "__main__":
    sys.exit(main())
