#!/usr/bin/env python3
"""nf/router with three subnets (--hook xdp-native | xdp-generic | tc), fib: static, the
router namespace's own forwarding off:

    h1 10.0.1.2 ---+
    h2 10.0.2.2 ---+--- router --- h3 10.0.3.2 --- 198.51.100.0/24, 2001:db8:100::/48
                                                   (reached via h3: a gateway route)

Every host pings every other one (IPv4 and IPv6) and the network behind h3, with the
router's counters moving exactly as the pings say, per port; then iperf3 TCP h1 -> h3 and
UDP h2 -> h3 (through the gateway route: to an address behind h3).

On TC, h1 sends its TCP with segmentation offload on (the sandbox turns it off), so the
router sees GSO skbs far longer than the MTU, as it sees GRO-merged ones from a real NIC:
they must be forwarded as they are (segments_fit_mtu), not handed to the kernel, which
with its forwarding off would drop them."""
import sys

from harness import (Deployment, RouterCounters, add_host_network, check, configure_router_hosts,
                     configure_router_namespace, counted_step, iperf3, main, ping_address,
                     router_config, router_links)

BEHIND_H3 = ("198.51.100.1", "2001:db8:100::1")


def test(tools, args, workdir):
    with Deployment(tools, workdir) as deployment:
        links = router_links(["rt1", "rt2", "rt3"])
        routes = ["{ prefix: 198.51.100.0/24, via: 10.0.3.2 }",
                  '{ prefix: "2001:db8:100::/48", via: "2001:db8:3::2" }']
        deployment.write_config(router_config(deployment.name, links, routes=routes,
                                              hook=args.hook))
        deployment.up_agent()
        configure_router_namespace(links)
        hosts = configure_router_hosts(deployment, links)
        add_host_network(hosts[3], *BEHIND_H3)
        if args.hook == "tc":
            hosts[1].run("ethtool", "-K", "eth0", "tx", "on", "tso", "on", "gso", "on")

        n = 10
        for source in (1, 2, 3):
            for target in (1, 2, 3):
                if source == target:
                    continue
                link = hosts[target].link
                for address, family in ((link.host_v4, "forward_ipv4"), (link.host_v6, "forward_ipv6")):
                    counted_step(deployment, "%d pings h%d -> %s" % (n, source, address),
                                 lambda: ping_address(hosts[source], address, n),
                                 tx={source: n, target: n}, rx={source: n, target: n},
                                 **{family: 2 * n})
            if source != 3:
                for address, family in zip(BEHIND_H3, ("forward_ipv4", "forward_ipv6")):
                    counted_step(deployment, "%d pings h%d -> %s (behind h3)" % (n, source, address),
                                 lambda: ping_address(hosts[source], address, n),
                                 tx={source: n, 3: n}, rx={source: n, 3: n}, **{family: 2 * n})

        for client, udp in ((1, False), (2, True)):
            before = RouterCounters(deployment)
            summary = iperf3(hosts[client], hosts[3], size="8M", udp=udp, address=BEHIND_H3[0])
            delta = RouterCounters(deployment) - before
            delta.check_consistent()
            check(delta.reasons.get("host_mtu", 0) == 0,
                  "iperf3 h%d -> h3: %d packets too long for the port went to the host" % (
                      client, delta.reasons.get("host_mtu", 0)))
            check(delta.tx[3] > 0 and delta.tx[client] > 0,
                  "iperf3 h%d -> h3 did not cross the router both ways: %s" % (client, delta.nonzero()))
            if udp:
                check(delta.tx[3] >= summary["packets"],
                      "iperf3 UDP: the client sent %d datagrams, the router forwarded %d to h3" % (
                          summary["packets"], delta.tx[3]))
            others = set(delta.tx) - {client, 3}
            check(all(delta.tx[p] == 0 for p in others),
                  "iperf3 h%d -> h3 leaked to other ports: %s" % (client, delta.nonzero()))


if __name__ == "__main__":
    sys.exit(main(test))
