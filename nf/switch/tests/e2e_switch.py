#!/usr/bin/env python3
"""nf.switch.e2e_<hook>: the switch (nf/switch) deployed with `p4nf up --sandbox` on five
ports, real traffic between network namespaces. VLAN 10: hosts on ports 1 and 2 (access);
VLAN 20: hosts on ports 3 and 5 (access); port 4 a trunk of both. Every VLAN 10 and VLAN
20 address is in the same subnet, 10.0.0.0/24, so that only the switch keeps them apart.

Checks: ping within each VLAN, nothing across VLANs (a ping to a host of the other VLAN
fails: its ARP request is never flooded there), ARP broadcasts reach the trunk host tagged
with their VLAN and its tagged broadcasts reach the access hosts of that VLAN untagged (raw
sockets, raw_frames.py: this machine's kernel has no 802.1Q interfaces for an IP host
behind the trunk), after the first exchange unicast is not flooded (the trunk host, also
in VLAN 10, and h5 receive none of a 50-ping exchange), and the switch's counters.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests", "e2e"))
import harness  # noqa: E402
from harness import check, log, run  # noqa: E402

HOOK_LINES = {
    "tc": "{ interface: %s, hook: tc-ingress }",
    "xdp": "{ interface: %s, hook: xdp, mode: generic }",
}


def config(name, hook):
    ports = ["sw%d-%d" % (os.getpid() % 1000000, i) for i in range(1, 6)]
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


RAW = os.path.join(os.path.dirname(os.path.abspath(__file__)), "raw_frames.py")


def rx_packets(host):
    out = host.run("cat", "/sys/class/net/eth0/statistics/rx_packets").stdout
    return int(out.strip())


def ping_ok(host, address, count=3):
    return host.run("ping", "-c", str(count), "-i", "0.2", "-W", "1", address,
                    check_exit=False).returncode == 0


def test(tools, args, workdir):
    with harness.Deployment(tools, workdir) as d:
        ports, text = config(d.name, args.hook)
        d.write_config(text)
        d.up_once()
        h1, h2, h3, trunk, h5 = (d.hosts[p] for p in ports)
        for h in (h1, h2, h3, trunk, h5):
            h.run("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1")
        # The trunk host: a VLAN interface per VLAN, both in the shared subnet (two routes
        # of one prefix: VLAN 10 is reached by its interface, 10.0.0.14 is VLAN 20's).
        log("within VLAN 10 and VLAN 20")
        check(ping_ok(h1, "10.0.0.2"), "h1 cannot ping h2 (VLAN 10)")
        check(ping_ok(h3, "10.0.0.5"), "h3 cannot ping h5 (VLAN 20)")

        log("nothing crosses between VLANs")
        check(not ping_ok(h1, "10.0.0.3", count=2), "h1 (VLAN 10) reached h3 (VLAN 20)")
        check(not ping_ok(h5, "10.0.0.2", count=2), "h5 (VLAN 20) reached h2 (VLAN 10)")
        neigh = h3.run("ip", "neigh", "show", "10.0.0.1").stdout
        check("lladdr" not in neigh, "h3 learned h1's MAC from VLAN 10: " + neigh)

        # The trunk host (this kernel may lack 802.1Q interfaces: a raw socket instead):
        # an ARP request of h1 reaches it tagged 10, one of h3 tagged 20; a tagged frame it
        # sends in VLAN 10 reaches h1 and h2 untagged, not h3 or h5.
        log("the trunk: ARP broadcasts arrive tagged with their VLAN; its tagged frames arrive untagged")
        sniff = trunk.popen(sys.executable, RAW, "sniff", stdout=subprocess.PIPE)
        harness.wait_until(lambda: trunk.run("cat", "/proc/net/packet").stdout.count("\n") > 1, "the sniffer")
        for h, target in ((h1, "10.0.0.99"), (h3, "10.0.0.98")):  # no one: an ARP request
            h.run("ping", "-c", "1", "-W", "1", target, check_exit=False)
        counts = {p: rx_packets(h) for p, h in zip(ports, (h1, h2, h3, trunk, h5))}
        trunk.run(sys.executable, RAW, "send", "10")
        trunk.run(sys.executable, RAW, "send", "20")
        seen = sniff.communicate(timeout=60)[0]
        check("arp vid=10" in seen and "arp vid=20" in seen, "the trunk host saw: " + seen)
        harness.wait_until(lambda: rx_packets(h1) > counts[ports[0]] and rx_packets(h3) > counts[ports[2]],
                           "the trunk's frames")
        got = {p: rx_packets(h) - counts[p] for p, h in zip(ports, (h1, h2, h3, trunk, h5))}
        check(got[ports[0]] >= 1 and got[ports[1]] >= 1 and got[ports[2]] >= 1 and got[ports[4]] >= 1,
              "the trunk's broadcasts in VLAN 10 and 20 did not reach every access host: %s" % got)

        log("known unicast is not flooded: the trunk host (VLAN 10 too) sees nothing of h1 <-> h2")
        before = rx_packets(trunk)
        before_h5 = rx_packets(h5)
        check(ping_ok(h1, "10.0.0.2", count=50), "h1 cannot ping h2")
        received = rx_packets(trunk) - before
        check(received < 10, "the trunk host received %d frames of the h1 <-> h2 exchange" % received)
        check(rx_packets(h5) - before_h5 < 10, "h5 (VLAN 20) received frames of the h1 <-> h2 exchange")

        flooded = d.counter("sw", "flood_port")
        forwarded = d.counter("sw", "tx_port")
        check(flooded > 0 and forwarded > 50, "counters: flood_port %d, tx_port %d" % (flooded, forwarded))


if __name__ == "__main__":
    sys.exit(harness.main(test))
