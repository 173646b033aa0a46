#!/usr/bin/env python3
"""nf.switch.e2e_<hook>: the switch (nf/switch) deployed with `p4nf up --sandbox` on five
ports, real traffic between network namespaces. VLAN 10: hosts on ports 1 and 2 (access)
and the trunk host's eth0.10; VLAN 20: hosts on ports 3 and 5 (access) and the trunk host's
eth0.20. Every VLAN 10 and VLAN 20 address is in the same subnet, 10.0.0.0/24, so that only
the switch keeps them apart.

Checks: ping within each VLAN (access to access, access to the trunk host's VLAN
interface), nothing across VLANs (a ping to a host of the other VLAN fails: its ARP
request is never flooded there), after the first exchange unicast is not flooded (a third
host of the VLAN receives none of a ping exchange), and the frames the switch counted.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests", "e2e"))
import harness  # noqa: E402
from harness import check, log, run  # noqa: E402

HOOK_LINES = {
    "tc": "{ interface: %s, hook: tc-ingress }",
    "xdp": "{ interface: %s, hook: xdp, mode: generic }",
}


def config(name, hook):
    ports = ["%s-%d" % (name[:8], i) for i in range(1, 6)]
    attach = "\n".join("      - " + HOOK_LINES[hook] % p for p in ports)
    return ports, """deployment: %(name)s
ports:
  1: %(p1)s
  2: %(p2)s
  3: %(p3)s
  4: %(p4)s
  5: %(p5)s
modules:
  sw:
    nf: switch
    switch:
      ports:
        - { interface: %(p1)s, mode: access, vlan: 10 }
        - { interface: %(p2)s, mode: access, vlan: 10 }
        - { interface: %(p3)s, mode: access, vlan: 20 }
        - { interface: %(p5)s, mode: access, vlan: 20 }
        - { interface: %(p4)s, mode: trunk, vlans: [10, 20] }
chains:
  main:
    attach:
%(attach)s
    modules: [sw]
sandbox:
  %(p1)s: { addresses: [10.0.0.1/24], mac: "02:00:00:00:10:01" }
  %(p2)s: { addresses: [10.0.0.2/24], mac: "02:00:00:00:10:02" }
  %(p3)s: { addresses: [10.0.0.3/24], mac: "02:00:00:00:20:03" }
  %(p5)s: { addresses: [10.0.0.5/24], mac: "02:00:00:00:20:05" }
  %(p4)s: { addresses: [192.0.2.4/24], mac: "02:00:00:00:00:04" }
""" % dict(name=name, p1=ports[0], p2=ports[1], p3=ports[2], p4=ports[3], p5=ports[4], attach=attach)


def rx_packets(host):
    out = host.run("cat", "/sys/class/net/eth0/statistics/rx_packets").stdout
    return int(out.strip())


def ping_ok(host, address, count=3):
    return host.run("ping", "-c", str(count), "-i", "0.2", "-W", "1", address,
                    check_exit=False).returncode == 0


def test(tools, args, workdir):
    with harness.Deployment(tools, workdir) as d:
        ports, text = config("sw%d" % os.getpid(), args.hook)
        d.write_config(text)
        d.up_once()
        h1, h2, h3, trunk, h5 = (d.hosts[p] for p in ports)
        for h in (h1, h2, h3, trunk, h5):
            h.run("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1")
        # The trunk host: a VLAN interface per VLAN, both in the shared subnet (two routes
        # of one prefix: VLAN 10 is reached by its interface, 10.0.0.14 is VLAN 20's).
        # The tag in the frame, not beside it: XDP does not see a veth's out-of-band tag
        # (nf/switch/README.md, "Differences").
        trunk.run("ethtool", "-K", "eth0", "txvlan", "off")
        trunk.run("ip", "link", "add", "link", "eth0", "name", "eth0.10", "type", "vlan", "id", "10")
        trunk.run("ip", "link", "add", "link", "eth0", "name", "eth0.20", "type", "vlan", "id", "20")
        trunk.run("ip", "addr", "add", "10.0.0.4/32", "dev", "eth0.10")
        trunk.run("ip", "addr", "add", "10.0.0.14/32", "dev", "eth0.20")
        for a in ("10.0.0.1", "10.0.0.2"):
            trunk.run("ip", "route", "add", a + "/32", "dev", "eth0.10")
        for a in ("10.0.0.3", "10.0.0.5"):
            trunk.run("ip", "route", "add", a + "/32", "dev", "eth0.20")
        for dev in ("eth0.10", "eth0.20"):
            trunk.run("ip", "link", "set", dev, "up")

        log("within VLAN 10 and VLAN 20, access to access and to the trunk")
        check(ping_ok(h1, "10.0.0.2"), "h1 cannot ping h2 (VLAN 10)")
        check(ping_ok(h3, "10.0.0.5"), "h3 cannot ping h5 (VLAN 20)")
        check(ping_ok(h1, "10.0.0.4"), "h1 cannot ping the trunk host's eth0.10")
        check(ping_ok(h2, "10.0.0.4"), "h2 cannot ping the trunk host's eth0.10")
        check(ping_ok(h3, "10.0.0.14"), "h3 cannot ping the trunk host's eth0.20")
        check(ping_ok(h5, "10.0.0.14"), "h5 cannot ping the trunk host's eth0.20")

        log("nothing crosses between VLANs")
        check(not ping_ok(h1, "10.0.0.3", count=2), "h1 (VLAN 10) reached h3 (VLAN 20)")
        check(not ping_ok(h5, "10.0.0.2", count=2), "h5 (VLAN 20) reached h2 (VLAN 10)")
        neigh = h3.run("ip", "neigh", "show", "10.0.0.1").stdout
        check("lladdr" not in neigh, "h3 learned h1's MAC from VLAN 10: " + neigh)

        log("known unicast is not flooded: h2 sees nothing of 50 pings h1 <-> trunk")
        before = rx_packets(h2)
        check(ping_ok(h1, "10.0.0.4", count=50), "h1 cannot ping the trunk host")
        received = rx_packets(h2) - before
        check(received < 10, "h2 received %d frames of the h1 <-> trunk exchange" % received)

        flooded = d.counter("sw", "flood_port")
        forwarded = d.counter("sw", "tx_port")
        check(flooded > 0 and forwarded > 100, "counters: flood_port %d, tx_port %d" % (flooded, forwarded))


if __name__ == "__main__":
    sys.exit(harness.main(test))
