#!/usr/bin/env python3
"""A two-module chain (count_continue -> port_forward) between two sandbox hosts, on one
hook (--hook xdp-native | xdp-generic | tc), deployed by `p4nf up --sandbox` as the agent:
ping and iperf3 pass, and the per-module counters of `p4nf status -o json` equal the
packets sent (pings both ways, then an exact UDP flood one way)."""
import sys

from harness import (Deployment, Flood, PORT_A, PORT_B, chain_config, check, enable_bpf_stats,
                     iperf3, log, main, permanent_neighbours, ping)


def test(tools, args, workdir):
    with Deployment(tools, workdir) as deployment:
        deployment.write_config(chain_config(deployment.name, args.hook))
        deployment.up_agent()
        a, b = deployment.hosts[PORT_A], deployment.hosts[PORT_B]
        permanent_neighbours(a, b)

        status = deployment.status()
        modes = {attach["interface"]: attach["mode"] for chain in status["chains"] for attach in chain["attach"]}
        log("attached: %s" % modes)
        want = {"xdp-native": "native", "xdp-generic": "generic", "tc": "tc"}[args.hook]
        check(modes.get(PORT_A) == want and modes.get(PORT_B) == want,
              "p4nf status shows modes %s, expected %s on both ports" % (modes, want))
        enable_bpf_stats()  # run_cnt counts from here on, until this test ends

        # Per module: its Counter extern (count: `packets`, every packet; fwd: `forwarded`,
        # every packet it forwards) and, for the module on the hook, the kernel's run count.
        # Modules reached by tail call have no run count of their own (the kernel counts a
        # program's runs only when it is entered from the hook), so fwd is judged by its
        # counter alone.
        def snapshot():
            return (deployment.counter("count", "packets"), deployment.counter("fwd", "forwarded"),
                    deployment.module("count")["packets"])

        def expect_delta(before, after, sent, what):
            names = ("count's counter packets", "fwd's counter forwarded", "count's run count")
            for name, old, new in zip(names, before, after):
                check(new - old == sent, "%s went up by %d for %s (expected %d)" % (
                    name, new - old, what, sent))

        before = snapshot()
        pings = 20
        ping(a, b, pings)
        after = snapshot()
        # Each echo request crosses the chain at port 1, each reply at port 2.
        expect_delta(before, after, 2 * pings, "%d pings" % pings)

        packets = 20000
        report = Flood(tools, a, b, packets, workdir).finish()
        check(report["received"] == packets and report["duplicates"] == 0, "flood: %s" % report)
        flooded = snapshot()
        expect_delta(after, flooded, packets, "%d UDP packets" % packets)
        log("counters match: %d pings, %d UDP packets" % (pings, packets))

        iperf3(a, b)
        ping(b, a, 3)


if __name__ == "__main__":
    sys.exit(main(test))
