#!/usr/bin/env python3
"""nf/router against Linux forwarding, packet by packet.

The same topology (topology.py) is built twice, one leg after the other: once the Linux
kernel routes, once nf/router does (deployed by `p4nf up --sandbox --once`, native XDP).
Every case of cases.py (several hundred crafted frames) is sent from a host on both legs,
and every frame that reaches any host is captured (AF_PACKET in the hosts' namespaces,
wire.py). Per case the two legs must deliver the same frames, byte for byte, to the same
hosts, or the case names the entry of nf/router/README.md ("Differences from Linux
forwarding") that explains why not, and then the legs must differ.

After each case a barrier (an echo round trip from the sending host to each other host,
through the router) proves that everything the case caused has arrived: each host's
answers were sent before its echo reply, and the router's own answers before it forwarded
the echo request.

A case listed as a difference must differ the way that difference does (SHAPES: e.g.
`no-route` means Linux delivers what p4nf does plus an ICMP destination unreachable).

On the p4nf leg the test also checks, after each case,
  - the router's counters: the case's frame counted in the reason cases.py gives, every
    other frame the router received (the hosts' kernels' answers, the barrier) in the
    reason router_model.py gives, and each frame once in `rx_port` of its port;
  - the kernel's forwarding counters (Ip ForwDatagrams, Ip6OutForwDatagrams): the kernel
    forwarded at most the frames the router handed to it (a host_* reason); every frame
    counted in forward_* was p4nf's to forward.

The kernels are kept from acting on their own (topology.py): static neighbours, no
DAD or router solicitations, listener reports dropped by netfilter, no ICMP rate limits,
and a source address of its own for each case whose answer Linux rate-limits anyway.

P4NF_DIFF_ONLY=<regex> runs only the cases whose name matches (for debugging one).

What is normalised before comparing: the IPv4 identification (and so the header
checksum) of ICMP messages a kernel generated (echo replies, errors): Linux draws it at
random.
"""
import collections
import os
import re
import shutil
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "tests", "e2e"))

from harness import (Deployment, Failure, Skip, check, log, main, router_port_mtus,  # noqa: E402
                     run)

import cases as case_table  # noqa: E402
import router_model  # noqa: E402
import topology  # noqa: E402
from topology import PORTS, host_v4, router_if  # noqa: E402
from counters import PinnedCounter  # noqa: E402
from wire import HostWire, checksum  # noqa: E402

BARRIER_ID = 0xBA77
README = os.path.join(HERE, "..", "..", "README.md")
DIFFERENCES_HEADING = "### Differences from Linux forwarding"
REASONS = ["forward_ipv4", "forward_ipv6", "host_arp", "host_nd", "host_local", "host_ttl",
           "host_no_neighbour", "host_no_route", "host_link_scope", "host_not_ip",
           "drop_no_route", "drop_bad_version", "drop_bad_ihl", "drop_bad_length",
           "drop_truncated", "drop_no_port_mac", "host_mtu", "drop_martian_source"]


# --- the README's list of differences ---------------------------------------------------------

def documented_differences():
    """{key: text} of the README's "Differences from Linux forwarding" entries, each a
    bullet that starts with its key in backquotes."""
    with open(README) as f:
        text = f.read()
    check(DIFFERENCES_HEADING in text, "%s has no section %r" % (README, DIFFERENCES_HEADING))
    section = text.split(DIFFERENCES_HEADING, 1)[1].split("\n#", 1)[0]
    unkeyed = [line for line in section.splitlines()
               if line.startswith("- ") and not re.match(r"- `[a-z0-9-]+`: ", line)]
    check(not unkeyed, "entries of %s without a `key`: (each must name the cases that show it): %s"
          % (DIFFERENCES_HEADING, unkeyed))
    return {m.group(1): m.group(2) for m in re.finditer(r"^- `([a-z0-9-]+)`: (.*)$", section, re.M)}


def check_difference_keys(cases, documented):
    used = {case.difference for case in cases if case.difference}
    unknown = used - set(documented)
    check(not unknown, "cases name differences nf/router/README.md does not list: %s" % sorted(unknown))
    unshaped = set(documented) - set(SHAPES)
    check(not unshaped, "the test does not know what differences %s look like (SHAPES)" % sorted(unshaped))
    unused = set(documented) - used
    check(not unused, "nf/router/README.md lists differences no case shows: %s (add a case or "
                      "drop the entry)" % sorted(unused))


# --- frames ------------------------------------------------------------------------------

def is_barrier(frame):
    if len(frame) < 42 or frame[12:14] != b"\x08\x00" or frame[23] != 1:
        return False
    icmp = 14 + (frame[14] & 0xF) * 4
    return frame[icmp] in (0, 8) and struct.unpack("!H", frame[icmp + 4:icmp + 6])[0] == BARRIER_ID


def normalise(frame):
    """Zeroes the identification of a kernel-generated IPv4 ICMP message (and fixes the
    header checksum, when it was right)."""
    if len(frame) < 34 or frame[12:14] != b"\x08\x00" or frame[23] != 1:
        return frame
    ihl = (frame[14] & 0xF) * 4
    if len(frame) < 14 + ihl + 1 or frame[14 + ihl] not in (0, 3, 5, 11, 12):
        return frame
    header = bytearray(frame[14:14 + ihl])
    if checksum(bytes(header)) != 0:
        return frame
    header[4:6] = b"\0\0"
    header[10:12] = b"\0\0"
    header[10:12] = struct.pack("!H", checksum(bytes(header)))
    return frame[:14] + bytes(header) + frame[14 + ihl:]


def describe(frame):
    try:
        from scapy.layers.l2 import Ether
        return Ether(frame).summary()
    except Exception as error:  # a frame scapy cannot parse is still worth printing
        return "unparsed (%s)" % error


def barrier_request(from_port, to_port, seq):
    from scapy.layers.inet import ICMP, IP
    packet = IP(src=host_v4(from_port), dst=host_v4(to_port), ttl=64, id=seq & 0xFFFF) / \
        ICMP(type=8, id=BARRIER_ID, seq=seq & 0xFFFF) / b"barrier!"
    return case_table.ether(from_port, 0x0800, bytes(packet))


# --- the router's counters ------------------------------------------------------------------

class RouterCounters:
    """The reason and rx_port counters of module `r`, from their pins."""

    def __init__(self, deployment):
        folder = "/sys/fs/bpf/p4nf/%s" % deployment
        pins = os.listdir(folder)

        def pin(counter):
            found = [p for p in pins if p.startswith("map-module-r-") and
                     re.search(r"(^|[-_])%s-g\d+$" % counter, p)]
            check(len(found) == 1, "no single pin of counter %s in %s: %s" % (counter, folder, pins))
            return PinnedCounter(os.path.join(folder, found[0]))

        self.reasons = pin("reasons")
        self.rx_port = pin("rx_port")

    def read(self):
        return ({name: self.reasons.packets(i) for i, name in enumerate(REASONS)},
                {p: self.rx_port.packets(p) for p in PORTS})

    def close(self):
        self.reasons.close()
        self.rx_port.close()


# --- one leg -----------------------------------------------------------------------------

class Leg:
    def __init__(self, name, deployment, counters=None):
        self.name = name
        self.wires = {p: HostWire(p, topology.host_netns(deployment, p)) for p in PORTS}
        self.counters = counters
        self.seq = 0
        self.problems = []  # counter mismatches (p4nf leg)

    def barrier(self, from_port, arrived, departed):
        """Echo round trips from `from_port` to every other host; returns how many echo
        requests the test itself sent through the router."""
        sent = 0
        for to_port in PORTS:
            if to_port == from_port:
                continue
            self.seq += 1
            seq = self.seq & 0xFFFF
            self.wires[from_port].send(barrier_request(from_port, to_port, self.seq))
            sent += 1

            def is_reply(frame, seq=seq):
                if not is_barrier(frame):
                    return False
                icmp = 14 + (frame[14] & 0xF) * 4
                return frame[icmp] == 0 and struct.unpack("!H", frame[icmp + 6:icmp + 8])[0] == seq

            got, gone = self.wires[from_port].wait_for(is_reply, "barrier echo reply from h%d" % to_port)
            arrived[from_port] += got
            departed[from_port] += gone
        return sent

    def run_case(self, case):
        arrived = {p: [] for p in PORTS}
        departed = {p: [] for p in PORTS}
        for p, wire in self.wires.items():  # nothing may be left from before
            got, gone = wire.drain()
            if got or gone:
                self.problems.append("%s: before case %r: %d frames arrived and %d left "
                                     "unasked at h%d: %s" % (self.name, case.name, len(got),
                                                             len(gone), p,
                                                             [describe(f) for f in got + gone]))
        before = self.counters.read() if self.counters else None
        kernel_before = topology.kernel_forwarded()
        self.wires[case.port].send(case.frame)
        try:
            barrier_requests = self.barrier(case.port, arrived, departed)
        except TimeoutError as error:
            raise Failure("%s leg, after case %r: %s (the router stopped forwarding?)" % (
                self.name, case.name, error))
        for p, wire in self.wires.items():
            got, gone = wire.drain()
            arrived[p] += got
            departed[p] += gone
        kernel_after = topology.kernel_forwarded()
        if self.counters:
            self.check_counters(case, before, self.counters.read(), departed, barrier_requests,
                                kernel_after[0] - kernel_before[0] + kernel_after[1] - kernel_before[1])
        return {p: [normalise(f) for f in frames if not is_barrier(f)] for p, frames in arrived.items()}

    def check_counters(self, case, before, after, departed, barrier_requests, kernel_forwards):
        expected = collections.Counter({case.reason: 1})
        expected["forward_ipv4"] += barrier_requests
        expected_rx = collections.Counter({case.port: 1 + barrier_requests})
        for p, frames in departed.items():
            for frame in frames:
                expected[router_model.classify(frame)] += 1
                expected_rx[p] += 1
        reasons = collections.Counter({r: after[0].get(r, 0) - before[0].get(r, 0) for r in REASONS})
        rx = collections.Counter({p: after[1].get(p, 0) - before[1].get(p, 0) for p in PORTS})
        reasons, rx = +reasons, +rx  # drop zeros
        if reasons != +expected:
            self.problems.append("p4nf: case %r: reason counters moved %s, expected %s (frames "
                                 "the hosts sent: %s)" % (case.name, dict(reasons), dict(expected),
                                                          [describe(f) for fs in departed.values() for f in fs]))
        if rx != +expected_rx:
            self.problems.append("p4nf: case %r: rx_port moved %s, expected %s" % (
                case.name, dict(rx), dict(expected_rx)))
        # The kernel may forward only what the router handed to it (a next hop without a
        # neighbour, a link-local destination it sends back where it came from): at
        # most one packet per frame counted in a host_* reason. Everything counted in
        # forward_* (the barrier's pings among them) must be p4nf's.
        allowed = sum(n for reason, n in expected.items() if reason.startswith("host_"))
        if kernel_forwards > allowed:
            self.problems.append("p4nf: case %r: the kernel forwarded %d packets, more than the "
                                 "%d the router handed to it" % (case.name, kernel_forwards, allowed))

    def run(self, cases):
        started = time.monotonic()
        results = [self.run_case(case) for case in cases]
        log("%s leg: %d cases in %.1f s" % (self.name, len(cases), time.monotonic() - started))
        return results

    def close(self):
        for wire in self.wires.values():
            wire.close()
        if self.counters:
            self.counters.close()


def linux_leg(tools, deployment, cases):
    run([tools.sandbox, "up", deployment] + topology.sandbox_specs())
    leg = None
    try:
        topology.check_record_matches(deployment)
        topology.configure_router()
        topology.configure_hosts(deployment)
        leg = Leg("linux", deployment)
        return leg.run(cases), leg.problems
    finally:
        if leg:
            leg.close()
        run([tools.sandbox, "down", deployment], check_exit=False)


def p4nf_leg(tools, workdir, deployment, cases):
    with Deployment(tools, workdir, deployment) as dep:
        dep.write_config(topology.router_config(deployment))
        dep.up_once()
        topology.check_record_matches(deployment)
        topology.configure_router()
        # The router's config gives no MTUs: an apply takes each port's from the kernel, and
        # configure_router() only now set port 3's. A static router reads them at apply
        # time, so apply again (which changes exactly port 3's port_macs entry).
        dep.apply(dep.config_path)
        mtus = router_port_mtus(dep)
        check(mtus == {p: topology.ROUTER_MTU_PORT3 if p == 3 else 1500 for p in PORTS},
              "the apply did not take the ports' MTUs from the kernel: port_macs has %s" % mtus)
        topology.configure_hosts(deployment)
        status = dep.status()
        modes = {a["interface"]: a["mode"] for c in status["chains"] for a in c["attach"]}
        check(all(modes.get(router_if(p)) == "native" for p in PORTS),
              "nf/router is not attached in native XDP on every port: %s" % modes)
        leg = Leg("p4nf", deployment, RouterCounters(deployment))
        try:
            return leg.run(cases), leg.problems
        finally:
            leg.close()


# --- comparison ----------------------------------------------------------------------------

# --- what each documented difference looks like ------------------------------------------

def icmp_type(frame):
    """(4, type) or (6, type) of an ICMP / ICMPv6 message right after the IP header."""
    if frame[12:14] == b"\x08\x00" and len(frame) > 34 and frame[23] == 1:
        return 4, frame[14 + (frame[14] & 0xF) * 4]
    if frame[12:14] == b"\x86\xdd" and len(frame) > 54 and frame[20] == 58:
        return 6, frame[54]
    return None


def extra_frames(more, fewer):
    """The frames `more` has beyond `fewer` when `fewer` is contained in it (per host),
    else None."""
    extra = []
    for p in PORTS:
        rest = list(more[p])
        for frame in fewer[p]:
            if frame not in rest:
                return None
            rest.remove(frame)
        extra += rest
    return extra


def nothing(by_port):
    return not any(by_port.values())


def linux_drops(linux, p4nf):
    return nothing(linux) and not nothing(p4nf)


def linux_adds(types):
    def shape(linux, p4nf):
        extra = extra_frames(linux, p4nf)
        return bool(extra) and all(icmp_type(frame) in types for frame in extra)
    return shape


def whole_frame_forwarded(linux, p4nf):
    for p in PORTS:
        a, b = linux[p], p4nf[p]
        if a == b or (not a and b):
            continue
        if len(a) != len(b) or not all(y.startswith(x) and len(y) > len(x) for x, y in zip(a, b)):
            return False
    return True


# key -> (what the difference must look like, a test of the two legs' arrivals)
SHAPES = {
    "checksum": ("Linux delivers nothing, p4nf forwards", linux_drops),
    "length": ("p4nf forwards the frame whole: Linux drops it, or delivers a prefix of it",
               whole_frame_forwarded),
    "other-mac": ("Linux delivers nothing, p4nf forwards", linux_drops),
    "icmp-redirect": ("Linux delivers what p4nf does plus an ICMP redirect",
                      linux_adds({(4, 5), (6, 137)})),
    "no-route": ("Linux delivers what p4nf does plus an ICMP destination unreachable",
                 linux_adds({(4, 3), (6, 1)})),
    "ipv4-options": ("any difference", lambda linux, p4nf: True),
    "ipv6-hop-by-hop": ("any difference", lambda linux, p4nf: True),
}


def arrivals(by_port):
    return "; ".join("h%d: %s" % (p, ", ".join(describe(f) + " (%d bytes)" % len(f) for f in frames))
                     for p, frames in by_port.items() if frames) or "nothing"


def compare(cases, linux, p4nf, documented):
    failures = []
    identical = 0
    explained = collections.Counter()
    for case, a, b in zip(cases, linux, p4nf):
        same = a == b
        if same and case.difference is None:
            identical += 1
            continue
        if not same and case.difference:
            what, shape = SHAPES[case.difference]
            if not shape(a, b):
                failures.append("case %r differs, but not as difference `%s` does (%s):\n"
                                "    linux: %s\n    p4nf:  %s" % (case.name, case.difference, what,
                                                                   arrivals(a), arrivals(b)))
                continue
            explained[case.difference] += 1
            log("  `%s` %s:\n      linux: %s\n      p4nf:  %s" % (
                case.difference, case.name, arrivals(a), arrivals(b)))
            continue
        lines = []
        for p in PORTS:
            if a[p] == b[p]:
                continue
            lines.append("    at h%d, linux: %s" % (p, [describe(f) for f in a[p]] or "nothing"))
            lines.append("    at h%d, p4nf:  %s" % (p, [describe(f) for f in b[p]] or "nothing"))
            for side, frames in (("linux", a[p]), ("p4nf", b[p])):
                for frame in frames:
                    lines.append("      %s %s" % (side, frame.hex()))
        if same:
            failures.append("case %r is listed as difference `%s` but both legs delivered the same: "
                            "%s" % (case.name, case.difference,
                                    {p: [describe(f) for f in a[p]] for p in PORTS if a[p]} or "nothing"))
        else:
            failures.append("case %r: the legs differ (sent from h%d: %s):\n%s" % (
                case.name, case.port, describe(case.frame), "\n".join(lines)))
    log("%d cases identical, %d differ as documented: %s" % (
        identical, sum(explained.values()),
        ", ".join("%s %d" % (key, n) for key, n in sorted(explained.items()))))
    return failures


def test(tools, args, workdir):
    if not shutil.which("nft"):
        raise Skip("nft (nftables) is missing: run scripts/setup")
    cases = case_table.all_cases()
    documented = documented_differences()
    only = os.environ.get("P4NF_DIFF_ONLY")
    if only:  # a debugging aid: only the cases whose name matches, no checks of the table
        cases = [case for case in cases if re.search(only, case.name)]
        log("P4NF_DIFF_ONLY=%s: %d cases" % (only, len(cases)))
    else:
        check(len(cases) >= 200, "only %d cases" % len(cases))
        check_difference_keys(cases, documented)
    deployment = "e2e%d" % os.getpid()
    log("%d cases, %d documented differences" % (len(cases), len(documented)))

    linux, linux_problems = linux_leg(tools, deployment, cases)
    p4nf, p4nf_problems = p4nf_leg(tools, workdir, deployment, cases)
    failures = linux_problems + p4nf_problems + compare(cases, linux, p4nf, documented)
    if failures:
        raise Failure("%d problems:\n%s" % (len(failures), "\n".join(failures)))


if __name__ == "__main__":
    sys.exit(main(test))
