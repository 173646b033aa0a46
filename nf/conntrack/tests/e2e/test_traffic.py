#!/usr/bin/env python3
"""nf/conntrack in front of nf/router, deployed from the example config/conntrack.yaml
(only the deployment is renamed) with `p4nf up --sandbox`, XDP native, the namespace's
own kernel forwarding off (so every packet between the hosts went through both modules):

    h1 10.0.1.2 / 2001:db8:1::2 --- p4nf-c1 [ct -> r] p4nf-c2 --- h2 10.0.2.2 / 2001:db8:2::2

ping, ping -6, iperf3 TCP and UDP. After each step conntrack's `reasons` counter moved as
the traffic says: one NEW per connection, the rest ESTABLISHED, nothing INVALID (the
config drops INVALID: a wrong verdict would also break the traffic), and the router
forwarded what conntrack passed."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "tests", "e2e"))

from harness import (Deployment, check, configure_router_hosts,  # noqa: E402
                     configure_router_namespace, iperf3, log, main, ping_address, router_links)

INVALID = ("invalid_flags", "invalid_new", "invalid_state", "invalid_rst", "invalid_table",
           "invalid_dropped")


def example_config(source_dir, name):
    with open(os.path.join(source_dir, "config", "conntrack.yaml")) as f:
        text = f.read()
    check("\ndeployment: conntrack\n" in text,
          "config/conntrack.yaml no longer names its deployment conntrack")
    return text.replace("\ndeployment: conntrack\n", "\ndeployment: %s\n" % name)


def reasons(deployment):
    import json
    out = deployment.p4nf("counter", "ct.reasons", "-o", "json", "--deployment", deployment.name).stdout
    return {c.get("name", str(c["index"])): c["packets"] for c in json.loads(out)["cells"]}


def delta(after, before):
    return {k: v - before.get(k, 0) for k, v in after.items() if v - before.get(k, 0)}


def test(tools, args, workdir):
    with Deployment(tools, workdir) as deployment:
        deployment.write_config(example_config(args.source_dir, deployment.name))
        deployment.up_agent()
        links = router_links(["p4nf-c1", "p4nf-c2"])
        configure_router_namespace(links)
        hosts = configure_router_hosts(deployment, links)
        h1, h2 = hosts[1], hosts[2]

        n = 10
        for what, address in (("ping", h2.link.host_v4), ("ping -6", h2.link.host_v6)):
            before = reasons(deployment)
            ping_address(h1, address, n)
            moved = delta(reasons(deployment), before)
            # One echo id: one connection, its first request NEW, the rest ESTABLISHED;
            # ARP and neighbour discovery are untracked.
            check(moved.get("new") == 1 and moved.get("established") == 2 * n - 1,
                  "%s: conntrack counted %s, expected 1 new and %d established" % (what, moved, 2 * n - 1))
            check(not any(moved.get(r) for r in INVALID), "%s: invalid packets: %s" % (what, moved))
            log("%s: %s" % (what, moved))

        for udp in (False, True):
            before = reasons(deployment)
            iperf3(h1, h2, size="8M", udp=udp)
            moved = delta(reasons(deployment), before)
            what = "iperf3 UDP" if udp else "iperf3 TCP"
            # TCP: the control connection and the data connection (UDP: the control one
            # is TCP, the data one UDP).
            check(moved.get("new", 0) >= 2 and moved.get("established", 0) > 100,
                  "%s: conntrack counted %s" % (what, moved))
            check(not any(moved.get(r) for r in INVALID), "%s: invalid packets: %s" % (what, moved))
            log("%s: %s" % (what, moved))


if __name__ == "__main__":
    sys.exit(main(test))
