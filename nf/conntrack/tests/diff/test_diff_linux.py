#!/usr/bin/env python3
"""nf/conntrack against Linux's nf_conntrack, packet by packet.

The same crafted packets (scapy: tests/diff/sequences.py, TCP state machine sequences,
UDP, ICMP echo, each on IPv4 and IPv6) go

  - through Linux: into a namespace that forwards between two veths, with nf_conntrack
    active (an nftables chain matching on ct state); its connections read with
    `conntrack -L`;
  - through p4nf: into a veth whose XDP hook runs conntrack.p4 alone (`p4nf up`, loose
    pickup on as Linux's default); its connections read with `p4nf conntrack list`.

Sequences run side by side, one step of each per round, each on its own ports; after each
round (a barrier packet on each side says every packet was processed: the test is pinned
to one CPU, so a veth's packets are processed in order) the connection of every
sequence, its state (TCP, and whether a reply was seen) or UNREPLIED/REPLIED (UDP, ICMP), and
for TCP its timeout bucket,
and the round's packets counted by ct state (NEW, ESTABLISHED, RELATED, INVALID: nftables'
`ct state` counters, the module's `states` counter) must be the same on both sides, or the difference must be one of INTENDED, which
nf/conntrack/README.md lists ("Differences from nf_conntrack"). An intended difference that
no longer shows fails too, so that the list stays true."""
import json
import os
import re
import socket
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "tests", "e2e"))

from harness import Deployment, Failure, Skip, check, log, main, run, wait_until  # noqa: E402

import sequences  # noqa: E402

V4 = ("10.77.1.2", "10.77.2.2", "10.77.1.1", "10.77.2.1")
V6 = ("fd77:1::2", "fd77:2::2", "fd77:1::1", "fd77:2::1")
ISN = {"o": 1000000, "r": 5000000}
TIMEOUT_BUCKETS = (10, 30, 60, 120, 300, 600, 432000)
VERDICTS = ("new", "established", "related", "invalid")

# (sequence, round) -> why nf/conntrack differs from nf_conntrack there, on both families.
# README.md, "Differences from nf_conntrack", says the same.
RST_BEFORE_ACKED = ("a RST whose sequence number is before what the other side has already "
                    "acknowledged: Linux says INVALID (td_maxack), the module checks only the "
                    "window and closes the connection")
INTENDED = {
    ("rst_before_acked_orig", 6): RST_BEFORE_ACKED,
    ("rst_before_acked_orig", 7): RST_BEFORE_ACKED,
    ("rst_before_acked_reply", 6): RST_BEFORE_ACKED,
    ("rst_before_acked_reply", 7): RST_BEFORE_ACKED,
    # The round of those RSTs counts them INVALID in Linux, ESTABLISHED here.
    ("ct state counts", 6): RST_BEFORE_ACKED,
}


def bucket(seconds):
    for b in TIMEOUT_BUCKETS:
        if seconds <= b:
            return b
    return TIMEOUT_BUCKETS[-1]


class Wire:
    """A raw socket on an interface of this namespace: frames out of it arrive at its peer."""

    def __init__(self, interface):
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        self.sock.bind((interface, 0))
        self.mac = mac_of(interface)

    def send(self, frame):
        self.sock.send(frame)


def mac_of(interface):
    # Not /sys/class/net: sysfs shows the namespace it was mounted in, not this one.
    return json.loads(run(["ip", "-j", "link", "show", interface]).stdout)[0]["address"]


def mac_in(netns, interface):
    out = run(["ip", "-n", netns, "-j", "link", "show", interface]).stdout
    return json.loads(out)[0]["address"]


def build(scapy, family, proto, name, index, step):
    """The IP packet of one step (bytes, without Ethernet) and its direction."""
    client, server = (V4 if family == 4 else V6)[:2]
    direction = step[0]
    src, dst = (client, server) if direction == "o" else (server, client)
    ip = scapy.IP(src=src, dst=dst, id=index) if family == 4 else scapy.IPv6(src=src, dst=dst)
    cport, sport = 20000 + index, 80
    if step[1] == "unreach":
        # An ICMP error from the server about the client's first packet.
        first = {"tcp": ("o", "S", 0, 0, 0), "udp": ("o", "data"), "icmp": ("o", "request")}[proto]
        _, quoted = build(scapy, family, proto, name, index, first)
        if family == 4:
            error = scapy.ICMP(type=3, code=3) if proto != "icmp" else scapy.ICMP(type=11, code=0)
            return "r", bytes(scapy.IP(src=server, dst=client) / error / quoted[:28])
        error = scapy.ICMPv6DestUnreach(code=4) if proto != "icmp" else scapy.ICMPv6TimeExceeded()
        return "r", bytes(scapy.IPv6(src=server, dst=client) / error / quoted[:48])
    if proto == "tcp":
        _, flags, seq, ack, length = step
        other = "r" if direction == "o" else "o"
        l4 = scapy.TCP(sport=cport if direction == "o" else sport, dport=sport if direction == "o" else cport,
                       flags=flags, seq=(ISN[direction] + seq) & 0xffffffff,
                       ack=(ISN[other] + ack) & 0xffffffff if "A" in flags else 0, window=65535)
        payload = b"x" * length
    elif proto == "udp":
        l4 = scapy.UDP(sport=cport if direction == "o" else 53, dport=53 if direction == "o" else cport)
        payload = b"udp data"
    else:
        request = step[1] == "request"
        ident = 30000 + index
        if family == 4:
            l4 = scapy.ICMP(type=8 if request else 0, id=ident, seq=1)
        else:
            l4 = (scapy.ICMPv6EchoRequest if request else scapy.ICMPv6EchoReply)(id=ident, seq=1)
        payload = b"ping"
    return direction, bytes(ip / l4 / payload)


def parse_entries(text, family_of_line):
    """conntrack -L lines (Linux's, or p4nf's imitation) -> {(family, key): (state, bucket)}.
    key: the client port (TCP, UDP) or the echo id (ICMP)."""
    entries = {}
    for line in text.splitlines():
        words = line.split()
        if not words or words[0] not in ("tcp", "udp", "icmp", "icmpv6"):
            continue
        fields = dict(w.split("=", 1) for w in words if "=" in w and not w.startswith("["))
        src = re.search(r"src=(\S+)", line).group(1)
        family = 6 if ":" in src else 4
        if words[0] == "tcp":
            ports = re.findall(r"sport=(\d+) dport=(\d+)", line)[0]
            key = int(ports[0]) if int(ports[0]) != 80 else int(ports[1])
            state = (words[3] + (" UNREPLIED" if "[UNREPLIED]" in line else ""), bucket(int(words[2])))
        else:
            if words[0] == "udp":
                ports = re.findall(r"sport=(\d+) dport=(\d+)", line)[0]
                key = int(ports[0]) if int(ports[0]) != 53 else int(ports[1])
            else:
                key = int(fields.get("id", 0))
            state = ("UNREPLIED" if "[UNREPLIED]" in line else "REPLIED", None)
        entries[(family, key)] = state
    return entries


class LinuxSide:
    def __init__(self, netns):
        self.netns = netns
        run(["ip", "netns", "add", netns])
        try:
            self._build(netns)
        except BaseException:
            self.remove()  # a half-built side leaves nothing behind (its veths die with it)
            raise

    def _build(self, netns):
        for side, (prefix4, prefix6) in (("a", ("10.77.1.1/24", "fd77:1::1/64")),
                                         ("b", ("10.77.2.1/24", "fd77:2::1/64"))):
            outer = "ctd%s%d" % (side, os.getpid() % 100000)
            run(["ip", "link", "add", outer, "type", "veth", "peer", "name", "in" + side, "netns", netns])
            run(["ip", "link", "set", outer, "up"])
            self.ns("ip", "link", "set", "in" + side, "up")
            self.ns("ip", "addr", "add", prefix4, "dev", "in" + side)
            self.ns("ip", "addr", "add", prefix6, "dev", "in" + side, "nodad")
            setattr(self, "wire_" + side, Wire(outer))
        self.ns("ip", "link", "set", "lo", "up")
        for key in ("net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1",
                    "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0"):
            self.ns("sysctl", "-qw", key)
        self.mac = {"a": mac_in(netns, "ina"), "b": mac_in(netns, "inb")}
        for side, (host4, host6) in (("a", (V4[0], V6[0])), ("b", (V4[1], V6[1]))):
            wire = getattr(self, "wire_" + side)
            for address in (host4, host6):
                self.ns("ip", "neigh", "replace", address, "lladdr", wire.mac, "dev", "in" + side,
                        "nud", "permanent")
        rules = """
table inet ctdiff {
  counter barrier { }
  counter new { }
  counter established { }
  counter related { }
  counter invalid { }
  chain pre {
    type filter hook prerouting priority 0; policy accept;
    udp dport 9 counter name barrier accept
    ct state invalid counter name invalid
    ct state new counter name new
    ct state established counter name established
    ct state related counter name related
  }
}
"""
        self.ns("nft", "-f", "-", input=rules)
        self.barriers = 0

    def ns(self, *argv, **kwargs):
        return run(["ip", "netns", "exec", self.netns] + list(argv), **kwargs)

    def send(self, direction, packet, family):
        side = "a" if direction == "o" else "b"
        wire = getattr(self, "wire_" + side)
        ethertype = b"\x08\x00" if family == 4 else b"\x86\xdd"
        wire.send(bytes.fromhex(self.mac[side].replace(":", "")) +
                  bytes.fromhex(wire.mac.replace(":", "")) + ethertype + packet)

    def barrier(self, scapy):
        packet = bytes(scapy.IP(src=V4[0], dst=V4[1]) / scapy.UDP(sport=9, dport=9) / b"b")
        self.send("o", packet, 4)
        self.barriers += 1
        wait_until(lambda: self.counted() >= self.barriers, "Linux to process the round")

    def counters(self):
        out = self.ns("nft", "-j", "list", "counters", "table", "inet", "ctdiff").stdout
        return {item["counter"]["name"]: item["counter"]["packets"]
                for item in json.loads(out)["nftables"] if "counter" in item}

    def counted(self):
        return self.counters().get("barrier", 0)

    def verdicts(self):
        """Packets so far by the ct state nftables saw them in."""
        c = self.counters()
        return tuple(c.get(k, 0) for k in VERDICTS)

    def entries(self):
        text = ""
        for family in ("ipv4", "ipv6"):
            text += self.ns("conntrack", "-L", "-f", family, accept=(0, 1)).stdout
        return {k: v for k, v in parse_entries(text, None).items() if k[1] != 9}

    def remove(self):
        run(["ip", "netns", "del", self.netns], check_exit=False)


class P4nfSide:
    def __init__(self, deployment, interface, peer):
        self.deployment = deployment
        self.wire = Wire(peer)
        self.mac = mac_of(interface)
        self.barriers = self.untracked()

    def send(self, direction, packet, family):
        ethertype = b"\x08\x00" if family == 4 else b"\x86\xdd"
        self.wire.send(bytes.fromhex(self.mac.replace(":", "")) +
                       bytes.fromhex(self.wire.mac.replace(":", "")) + ethertype + packet)

    def untracked(self):
        out = self.deployment.p4nf("counter", "ct.reasons", "-o", "json", "--deployment",
                                   self.deployment.name).stdout
        return {c.get("name"): c["packets"] for c in json.loads(out)["cells"]}.get("untracked", 0)

    def barrier(self, scapy):
        arp = bytes(scapy.Ether(dst="ff:ff:ff:ff:ff:ff", src=self.wire.mac) /
                    scapy.ARP(psrc="10.77.9.9", pdst="10.77.9.8"))
        self.wire.send(arp)
        self.barriers += 1
        wait_until(lambda: self.untracked() >= self.barriers, "p4nf to process the round")

    def entries(self):
        text = self.deployment.p4nf("conntrack", "list", "--deployment", self.deployment.name).stdout
        return parse_entries(text, None)

    def verdicts(self):
        """Packets so far by the ct_state conntrack.p4 gave them (its `states` counter)."""
        out = self.deployment.p4nf("counter", "ct.states", "-o", "json", "--deployment",
                                   self.deployment.name).stdout
        cells = {c.get("name"): c["packets"] for c in json.loads(out)["cells"]}
        return tuple(cells.get(k, 0) for k in VERDICTS)


def config(name, interface):
    return """deployment: %s
ports:
  1: %s
modules:
  ct:
    nf: conntrack
    conntrack: { loose: true, invalid: pass }
chains:
  main:
    attach:
      - { interface: %s, hook: xdp, mode: native }
    modules: [ct]
""" % (name, interface, interface)


def test(tools, args, workdir):
    try:
        import scapy.all as scapy
    except ImportError:
        raise Skip("python3-scapy is not installed (scripts/setup)")
    if run(["which", "conntrack"], check_exit=False).returncode != 0:
        raise Skip("the conntrack tool is not installed (scripts/setup)")
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    cases = []  # (name, proto, family, index, steps)
    index = 0
    for proto, table in (("tcp", sequences.TCP), ("udp", sequences.UDP), ("icmp", sequences.ICMP)):
        for name, steps in table.items():
            index += 1
            for family in (4, 6):
                cases.append((name, proto, family, index, steps))
    log("%d sequences, %d on each family" % (len(cases), len(cases) // 2))

    interface, peer = "p4nf-cd%d" % (os.getpid() % 10000), "cdp%d" % (os.getpid() % 10000)
    linux = None
    try:
        run(["ip", "link", "add", interface, "type", "veth", "peer", "name", peer])
        run(["ip", "link", "set", interface, "up"])
        run(["ip", "link", "set", peer, "up"])
        linux = LinuxSide("ctdiff%d" % os.getpid())
        with Deployment(tools, workdir) as deployment:
            deployment._find_hosts = lambda: None  # no sandbox: the test's own veth
            deployment.write_config(config(deployment.name, interface))
            deployment.up_agent(sandbox=False)
            p4nf = P4nfSide(deployment, interface, peer)
            differences = {}
            rounds = max(len(c[4]) for c in cases)
            verdicts_before = (linux.verdicts(), p4nf.verdicts())
            for step in range(rounds):
                live = [c for c in cases if step < len(c[4])]
                for name, proto, family, index, steps in live:
                    direction, packet = build(scapy, family, proto, name, index, steps[step])
                    linux.send(direction, packet, family)
                    p4nf.send(direction, packet, family)
                linux.barrier(scapy)
                p4nf.barrier(scapy)
                theirs, ours = linux.entries(), p4nf.entries()
                # The packets of the round by ct state, as nftables counts them and as the
                # module's `states` counter does.
                verdicts = (linux.verdicts(), p4nf.verdicts())
                moved = [tuple(a - b for a, b in zip(verdicts[i], verdicts_before[i])) for i in (0, 1)]
                verdicts_before = verdicts
                if moved[0] != moved[1]:
                    differences[("ct state counts", step)] = [
                        "round %d, packets by %s: Linux %s, p4nf %s" % (step, "/".join(VERDICTS), moved[0], moved[1])]
                for name, proto, family, index, steps in live:
                    key = (family, 20000 + index if proto != "icmp" else 30000 + index)
                    want, have = theirs.get(key, ("-", None)), ours.get(key, ("-", None))
                    if want != have:
                        differences[(name, step)] = differences.get((name, step), []) + [
                            "v%d step %d %s: Linux %s, p4nf %s" % (family, step, steps[step], want, have)]
            unexpected = {k: v for k, v in differences.items() if k not in INTENDED}
            gone = [k for k in INTENDED if k not in differences]
            for k, v in sorted(differences.items()):
                log("%s %s: %s" % (k, "intended" if k in INTENDED else "UNEXPECTED", "; ".join(v)))
            check(not unexpected, "%d differences from nf_conntrack not listed as intended" % len(unexpected))
            check(not gone, "intended differences that no longer show (update INTENDED and the README): %s" % gone)
            log("%d sequences x %d families: same as nf_conntrack except the %d intended differences" % (
                len(cases) // 2, 2, len(INTENDED)))
    finally:
        if linux:
            linux.remove()
        run(["ip", "link", "del", interface], check_exit=False)


if __name__ == "__main__":
    sys.exit(main(test))
