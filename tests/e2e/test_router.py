#!/usr/bin/env python3
"""nf/router between two hosts, deployed from the example config/router.yaml (only the
deployment is renamed) with `p4nf up --sandbox`, routing in XDP native mode while the
router namespace's own kernel forwarding is off (so nothing but p4nf can forward):

    h1 10.0.1.2 / 2001:db8:1::2 --- p4nf-r1 [router] p4nf-r2 --- h2 10.0.2.2 / 2001:db8:2::2
                                                                  + 198.51.100.1, 2001:db8:100::1
                                                                    behind h2 (routes via h2)

ping and ping -6 between the hosts and to the network behind h2, pings to the router's
own address (handed to the kernel), to a blackhole route and to a destination without a
route (dropped), an exact UDP flood, iperf3 TCP and UDP. After each step the router's
counters (`reasons`, `rx_port`, `tx_port`, read with `p4nf counter`) moved exactly as the
packets sent say, and the kernel forwarded nothing."""
import os
import functools
import sys

from harness import (Deployment, Flood, RouterCounters, add_host_network, check,
                     configure_router_hosts, configure_router_namespace, counted_step, iperf3, log,
                     main, ping_address, router_links)


def kernel_forwarded():
    """IPv4 and IPv6 packets this namespace's kernel has forwarded (it must not: it is off)."""
    with open("/proc/net/snmp") as f:
        lines = [line.split() for line in f if line.startswith("Ip:")]
    ipv4 = int(lines[1][lines[0].index("ForwDatagrams")])
    with open("/proc/net/snmp6") as f:
        ipv6 = next(int(line.split()[1]) for line in f if line.startswith("Ip6OutForwDatagrams"))
    return ipv4, ipv6


def example_config(source_dir, name):
    with open(os.path.join(source_dir, "config", "router.yaml")) as f:
        text = f.read()
    check("\ndeployment: router\n" in text, "config/router.yaml no longer names its deployment router")
    return text.replace("\ndeployment: router\n", "\ndeployment: %s\n" % name)


def test(tools, args, workdir):
    with Deployment(tools, workdir) as deployment:
        deployment.write_config(example_config(args.source_dir, deployment.name))
        deployment.up_agent()
        links = router_links(["p4nf-r1", "p4nf-r2"])
        configure_router_namespace(links)
        hosts = configure_router_hosts(deployment, links)
        h1, h2 = hosts[1], hosts[2]
        add_host_network(h2, "198.51.100.1", "2001:db8:100::1")
        forwarded_before = kernel_forwarded()

        step = functools.partial(counted_step, deployment)

        n = 20
        for v4, v6 in ((h2.link.host_v4, h2.link.host_v6), ("198.51.100.1", "2001:db8:100::1")):
            step("%d pings h1 -> %s" % (n, v4), lambda: ping_address(h1, v4, n),
                 forward_ipv4=2 * n, tx={1: n, 2: n}, rx={1: n, 2: n})
            step("%d pings -6 h1 -> %s" % (n, v6), lambda: ping_address(h1, v6, n),
                 forward_ipv6=2 * n, tx={1: n, 2: n}, rx={1: n, 2: n})
        step("%d pings h2 -> h1" % n, lambda: ping_address(h2, h1.link.host_v4, n),
             forward_ipv4=2 * n, tx={1: n, 2: n}, rx={1: n, 2: n})

        # The router's own address: handed to the kernel, which answers itself (the
        # answers leave through the kernel, not through the XDP program).
        step("%d pings to the router" % n, lambda: ping_address(h1, h1.link.router_v4, n),
             rx={1: n}, reasons={"host_local": n})
        step("%d pings -6 to the router" % n, lambda: ping_address(h1, h1.link.router_v6, n),
             rx={1: n}, reasons={"host_local": n})
        # A blackhole route (100.64.0.0/10, action: drop) and no route at all (no_route: drop).
        for address in ("100.64.0.1", "203.0.113.1"):
            step("%d pings to %s" % (n, address),
                 lambda: ping_address(h1, address, n, expect=False),
                 rx={1: n}, reasons={"drop_no_route": n})

        packets = 20000
        def flood():
            report = Flood(tools, h1, h2, packets, workdir).finish()
            check(report["received"] == packets and report["duplicates"] == 0, "flood: %s" % report)
        step("UDP flood of %d" % packets, flood, forward_ipv4=packets, tx={2: packets},
             rx={1: packets})

        # iperf3: TCP both ways of the connection, UDP one way; nothing dropped on the way.
        for udp in (False, True):
            before = RouterCounters(deployment)
            summary = iperf3(h1, h2, size="16M", udp=udp)
            delta = RouterCounters(deployment) - before
            delta.check_consistent()
            drops = {k: v for k, v in delta.reasons.items() if k.startswith("drop_") and v}
            check(not drops, "iperf3: the router dropped %s" % drops)
            if udp:
                # Every datagram the client sent was forwarded (a loss iperf3 reports past
                # the router, in a full veth ring or socket buffer of the loaded machine, is
                # not the router's), and most arrived.
                check(delta.tx[2] >= summary["packets"],
                      "iperf3 UDP: the client sent %d datagrams, the router forwarded %d to h2" % (
                          summary["packets"], delta.tx[2]))
                check(summary["lost_packets"] < summary["packets"],
                      "iperf3 UDP: nothing arrived: %s" % summary)
            check(delta.reasons["forward_ipv4"] > 0 and delta.tx[1] > 0 and delta.tx[2] > 0,
                  "iperf3 went through the router one way only: %s" % delta.nonzero())
            log("iperf3%s: counters consistent %s" % (" UDP" if udp else "", delta.nonzero()))

        check(kernel_forwarded() == forwarded_before,
              "the router namespace's kernel forwarded packets: %s -> %s" % (
                  forwarded_before, kernel_forwarded()))


if __name__ == "__main__":
    sys.exit(main(test))
