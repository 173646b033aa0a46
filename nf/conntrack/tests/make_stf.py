#!/usr/bin/env python3
"""Writes the STF tests of conntrack.p4 next to this script.

Each case is a packet and the ct state the module must leave in the chain record for it,
written down by hand from nf_conntrack's behaviour (net/netfilter/nf_conntrack_proto_tcp.c:
tcp_conntracks, tcp_valid_flags, nf_conntrack_tcp_loose), never computed by a model of
the module. Every packet continues unchanged (alone, the module hands it to the host)
unless the config drops INVALID. Run it after changing a case:

    nf/conntrack/tests/make_stf.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

UNKNOWN, NEW, ESTABLISHED, RELATED, INVALID = 0, 1, 2, 3, 4
FIN, SYN, RST, PSH, ACK, URG = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20

# conntrack.p4's reasons, by index (README.md, "Counters").
REASONS = ["new", "established", "invalid_flags", "invalid_new", "invalid_state",
           "invalid_rst", "invalid_table", "untracked", "ignored", "reopened",
           "invalid_dropped", "related", "invalid_related"]

A_MAC, B_MAC = "020000000001", "020000000002"


def ip4(a):
    return bytes(int(x) for x in a.split("."))


def ip6(a):
    import ipaddress
    return ipaddress.IPv6Address(a).packed


def l4_tcp(sport, dport, seq, ack, flags, window=0xffff, payload=b""):
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, window, 0, 0) + payload


def l4_udp(sport, dport, payload=b"data"):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def l4_icmp(type_, id_, seq=1, code=0):
    return struct.pack("!BBHHH", type_, code, 0, id_, seq) + b"ping"


def icmp_error(type_, code, quoted):
    return struct.pack("!BBHI", type_, code, 0, 0) + quoted


def ipv4(src, dst, proto, l4, frag=0):
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), 0, frag, 64, proto, 0,
                       ip4(src), ip4(dst)) + l4


def ipv6(src, dst, nh, l4):
    return struct.pack("!IHBB16s16s", 6 << 28, len(l4), nh, 64, ip6(src), ip6(dst)) + l4


def ipv4_options(src, dst, proto, l4, options):
    ihl = 5 + len(options) // 4
    return struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, 4 * ihl + len(l4), 0, 0, 64, proto, 0,
                       ip4(src), ip4(dst)) + options + l4


def ext(next_header, units=0):
    """An option/routing extension header of 8 * (units + 1) bytes."""
    return struct.pack("!BB", next_header, units) + bytes(6 + 8 * units)


def frag(next_header, offset=0, more=1):
    return struct.pack("!BBHI", next_header, 0, offset << 3 | more, 0x1234)


def eth(src, dst, ethertype, payload, vlan=None):
    tag = struct.pack("!HH", vlan, ethertype) if vlan is not None else b""
    first = 0x8100 if vlan is not None else ethertype
    return bytes.fromhex(dst + src) + struct.pack("!H", first) + tag + payload


class Script:
    def __init__(self, title):
        self.lines = [f"# {line}".rstrip() for line in title.strip().splitlines()]
        self.counts = [0] * len(REASONS)

    def comment(self, text):
        self.lines.append("")
        self.lines.extend(f"# {line}".rstrip() for line in text.strip().splitlines())

    def raw(self, line):
        self.lines.append(line)

    def packet(self, frame, state, reason=None, l3=14, l4=None, dropped=False):
        h = frame.hex()
        self.lines.append(f"packet 1 {h}")
        if reason is not None:
            self.counts[REASONS.index(reason)] += 1
        if dropped:
            self.counts[REASONS.index("invalid_dropped")] += 1
            return
        fields = f"ct_state:{state}"
        if state != UNKNOWN:
            fields += f" l3_offset:{l3} l4_offset:{l4}"
        self.lines.append(f"expect host {fields} {h}$")

    def check_counters(self):
        self.lines.append("")
        self.lines.append("# every packet counted by reason")
        for i, n in enumerate(self.counts):
            self.lines.append(f"check_counter reasons({i}) packets == {n}")

    def write(self, name):
        with open(os.path.join(HERE, name), "w") as f:
            f.write("\n".join(self.lines) + "\n")


def tcp4(src, dst, sport, dport, seq, ack, flags, payload=b"", window=0xffff, vlan=None):
    smac, dmac = (A_MAC, B_MAC) if src.endswith(".1") else (B_MAC, A_MAC)
    return eth(smac, dmac, 0x0800, ipv4(src, dst, 6, l4_tcp(sport, dport, seq, ack, flags, window, payload)),
               vlan)


def tcp6(src, dst, sport, dport, seq, ack, flags, payload=b""):
    return eth(A_MAC, B_MAC, 0x86dd, ipv6(src, dst, 6, l4_tcp(sport, dport, seq, ack, flags, payload=payload)))


def tcp_script():
    s = Script("""TCP through conntrack.p4: nf_conntrack's state machine, INVALID, loose pickup,
RST window, reopening, expiry. ct_state: 0 unknown, 1 new, 2 established, 4 invalid.
Written by make_stf.py.""")
    C, S = "10.0.0.1", "10.0.0.2"
    t = lambda *a, **k: tcp4(*a, **k)

    s.comment("Not IP: untracked.")
    s.packet(eth(A_MAC, "ffffffffffff", 0x0806, bytes(28)), UNKNOWN, "untracked")

    s.comment("""Loose pickup off (the config's `loose: false`): an ACK of no known
connection is invalid and leaves nothing behind.""")
    s.raw("setdefault settings set_settings(loose:0, drop_invalid:0)")
    s.packet(t(C, S, 40000, 80, 1000, 5000, ACK), INVALID, "invalid_new", l4=34)
    s.packet(t(S, C, 80, 40000, 5000, 1000, ACK), INVALID, "invalid_new", l4=34)
    s.comment("Flag combinations no stack sends are invalid whatever the state: SYN+FIN, none, FIN alone.")
    s.packet(t(C, S, 40000, 80, 1000, 0, SYN | FIN), INVALID, "invalid_flags", l4=34)
    s.packet(t(C, S, 40000, 80, 1000, 0, 0), INVALID, "invalid_flags", l4=34)
    s.packet(t(C, S, 40000, 80, 1000, 0, FIN), INVALID, "invalid_flags", l4=34)
    s.comment("A SYN-ACK without a SYN is invalid.")
    s.packet(t(S, C, 80, 40000, 5000, 1001, SYN | ACK), INVALID, "invalid_new", l4=34)

    s.comment("""The handshake: SYN (NEW, SYN_SENT), a retransmitted SYN (NEW), a SYN-ACK from the
opener (invalid), the server's SYN-ACK (SYN_RECV: ESTABLISHED for the chain, a reply was
seen), the ACK (ESTABLISHED), data both ways.""")
    s.packet(t(C, S, 40000, 80, 1000, 0, SYN), NEW, "new", l4=34)
    s.packet(t(C, S, 40000, 80, 1000, 0, SYN), NEW, "established", l4=34)
    s.packet(t(C, S, 40000, 80, 1000, 1, SYN | ACK), INVALID, "invalid_state", l4=34)
    s.packet(t(S, C, 80, 40000, 5000, 1001, SYN | ACK), ESTABLISHED, "established", l4=34)
    s.packet(t(C, S, 40000, 80, 1001, 5001, ACK), ESTABLISHED, "established", l4=34)
    s.packet(t(C, S, 40000, 80, 1001, 5001, ACK | PSH, b"GET / HTTP/1.0\r\n\r\n"), ESTABLISHED, "established", l4=34)
    s.packet(t(S, C, 80, 40000, 5001, 1019, ACK | PSH, b"HTTP/1.0 200 OK\r\n\r\n"), ESTABLISHED, "established", l4=34)
    s.comment("A SYN inside an established connection is ignored (Linux: sIG), not invalid.")
    s.packet(t(C, S, 40000, 80, 7777, 0, SYN), ESTABLISHED, "ignored", l4=34)
    s.comment("""A RST far outside the window does not close it: invalid; the connection goes on.""")
    s.packet(t(S, C, 80, 40000, 5020 + 0x40000000, 0, RST), INVALID, "invalid_rst", l4=34)
    s.packet(t(S, C, 80, 40000, 5020, 1019, ACK), ESTABLISHED, "established", l4=34)
    s.comment("""The server's 200 OK is not acknowledged yet: profile 14 (ESTABLISHED with data in flight,
300 s, as Linux). At 1 ns it expires, and (loose off) the client's ACK is a miss: invalid.""")
    s.raw("expire_timeout connections 14 1")
    s.packet(t(C, S, 40000, 80, 1019, 5020, ACK), INVALID, "invalid_new", l4=34)
    s.raw("expire_timeout connections 14 0")
    s.comment("""A new handshake on the same ports, with data, all of it acknowledged: profile 3 (5 days);
at 1 ns it expires too.""")
    s.packet(t(C, S, 40000, 80, 1000, 0, SYN), NEW, "new", l4=34)
    s.packet(t(S, C, 80, 40000, 5000, 1001, SYN | ACK), ESTABLISHED, "established", l4=34)
    s.packet(t(C, S, 40000, 80, 1001, 5001, ACK), ESTABLISHED, "established", l4=34)
    s.packet(t(S, C, 80, 40000, 5001, 1001, ACK | PSH, b"HTTP/1.0 200 OK\r\n\r\n"), ESTABLISHED, "established", l4=34)
    s.packet(t(C, S, 40000, 80, 1001, 5020, ACK), ESTABLISHED, "established", l4=34)
    s.raw("expire_timeout connections 3 1")
    s.packet(t(C, S, 40000, 80, 1001, 5020, ACK), INVALID, "invalid_new", l4=34)
    s.raw("expire_timeout connections 3 0")
    s.packet(t(C, S, 40000, 80, 1000, 0, SYN), NEW, "new", l4=34)
    s.packet(t(S, C, 80, 40000, 5000, 1001, SYN | ACK), ESTABLISHED, "established", l4=34)
    s.packet(t(C, S, 40000, 80, 1001, 5001, ACK), ESTABLISHED, "established", l4=34)
    s.comment("""Half close: the client's FIN (FIN_WAIT), the server's ACK (CLOSE_WAIT), data from the
server, its FIN (LAST_ACK), the last ACK (TIME_WAIT); all of them ESTABLISHED.""")
    s.packet(t(C, S, 40000, 80, 1001, 5001, FIN | ACK), ESTABLISHED, "established", l4=34)
    s.packet(t(S, C, 80, 40000, 5001, 1002, ACK), ESTABLISHED, "established", l4=34)
    s.packet(t(S, C, 80, 40000, 5001, 1002, ACK | PSH, b"more"), ESTABLISHED, "established", l4=34)
    s.packet(t(S, C, 80, 40000, 5005, 1002, FIN | ACK), ESTABLISHED, "established", l4=34)
    s.packet(t(C, S, 40000, 80, 1002, 5006, ACK), ESTABLISHED, "established", l4=34)
    s.comment("""TIME_WAIT: the opener's new SYN on the same ports starts a new connection: NEW
again; the server's SYN-ACK answers it.""")
    s.packet(t(C, S, 40000, 80, 90000, 0, SYN), NEW, "reopened", l4=34)
    s.packet(t(S, C, 80, 40000, 70000, 90001, SYN | ACK), ESTABLISHED, "established", l4=34)
    s.packet(t(C, S, 40000, 80, 90001, 70001, ACK), ESTABLISHED, "established", l4=34)
    s.comment("""A RST in the window closes it (CLOSE); a late ACK still belongs to it (sCL -> sCL),
a FIN-less data segment too, but a SYN-ACK does not.""")
    s.packet(t(S, C, 80, 40000, 70001, 0, RST), ESTABLISHED, "established", l4=34)
    s.packet(t(C, S, 40000, 80, 90001, 70001, ACK), ESTABLISHED, "established", l4=34)
    s.packet(t(C, S, 40000, 80, 90001, 70001, SYN | ACK), INVALID, "invalid_state", l4=34)

    s.comment("""Simultaneous open (40001): SYN each way (SYN_SENT2), the opener's SYN-ACK (SYN_RECV),
the other SYN-ACK (ignored, as in Linux), then ACK (ESTABLISHED).""")
    s.packet(t(C, S, 40001, 80, 100, 0, SYN), NEW, "new", l4=34)
    s.packet(t(S, C, 80, 40001, 300, 0, SYN), ESTABLISHED, "established", l4=34)
    s.packet(t(C, S, 40001, 80, 100, 301, SYN | ACK), ESTABLISHED, "established", l4=34)
    s.packet(t(S, C, 80, 40001, 300, 101, SYN | ACK), ESTABLISHED, "ignored", l4=34)
    s.packet(t(C, S, 40001, 80, 101, 301, ACK), ESTABLISHED, "established", l4=34)

    s.comment("""A connection refused (40002): SYN, then the server's RST+ACK (CLOSE).""")
    s.packet(t(C, S, 40002, 80, 500, 0, SYN), NEW, "new", l4=34)
    s.packet(t(S, C, 80, 40002, 0, 501, RST | ACK), ESTABLISHED, "established", l4=34)

    s.comment("""Loose pickup on (the default): a connection that started before the module is picked
up by an ACK: NEW (ESTABLISHED in the table), and its reply is ESTABLISHED.""")
    s.raw("setdefault settings set_settings(loose:1, drop_invalid:0)")
    s.packet(t(C, S, 40003, 80, 3000, 4000, ACK), NEW, "new", l4=34)
    s.packet(t(S, C, 80, 40003, 4000, 3000, ACK), ESTABLISHED, "established", l4=34)
    s.comment("but a SYN-ACK still does not open one.")
    s.packet(t(S, C, 80, 40004, 4000, 3000, SYN | ACK), INVALID, "invalid_new", l4=34)

    s.comment("""Expiry: a picked-up connection counts as having data unacknowledged (profile 14, 300 s,
as Linux); it times out after 1 ns: the next packet is a miss and (loose) picks the
connection up again as NEW. Back to the default timeout after.""")
    s.raw("expire_timeout connections 14 1")
    s.packet(t(C, S, 40003, 80, 3000, 4000, ACK), NEW, "new", l4=34)
    s.raw("expire_timeout connections 14 0")
    s.packet(t(S, C, 80, 40003, 4000, 3000, ACK), ESTABLISHED, "established", l4=34)

    s.comment("""INVALID dropped per config (`invalid: drop`): the invalid packet is dropped, the
valid ones go on.""")
    s.raw("setdefault settings set_settings(loose:0, drop_invalid:1)")
    s.packet(t(C, S, 40005, 80, 1, 2, ACK), INVALID, "invalid_new", dropped=True)
    s.packet(t(C, S, 40005, 80, 1, 0, SYN), NEW, "new", l4=34)

    s.comment("""IPv6, opened by the side with the larger address; VLAN-tagged IPv4.""")
    s.raw("setdefault settings set_settings(loose:0, drop_invalid:0)")
    s.packet(tcp6("2001:db8::9", "2001:db8::2", 50000, 443, 1, 0, SYN), NEW, "new", l4=54)
    s.packet(tcp6("2001:db8::2", "2001:db8::9", 443, 50000, 9, 2, SYN | ACK), ESTABLISHED, "established", l4=54)
    s.packet(tcp6("2001:db8::9", "2001:db8::2", 50000, 443, 2, 10, ACK), ESTABLISHED, "established", l4=54)
    s.comment("The same ports the other way round are another connection: an ACK to nothing.")
    s.packet(tcp6("2001:db8::9", "2001:db8::2", 443, 50000, 2, 10, ACK), INVALID, "invalid_new", l4=54)
    s.packet(t(C, S, 40006, 80, 1, 0, SYN, vlan=7), NEW, "new", l3=18, l4=38)
    s.packet(t(S, C, 80, 40006, 9, 2, SYN | ACK, vlan=7), ESTABLISHED, "established", l3=18, l4=38)
    s.check_counters()
    s.write("conntrack_tcp.stf")


def other_script():
    s = Script("""UDP, ICMP echo and other protocols through conntrack.p4: NEW until the reply
direction is seen, ESTABLISHED after; timeouts per protocol. Written by make_stf.py.""")
    C, S = "10.0.0.1", "10.0.0.2"

    def udp(src, dst, sp, dp):
        smac, dmac = (A_MAC, B_MAC) if src.endswith(".1") else (B_MAC, A_MAC)
        return eth(smac, dmac, 0x0800, ipv4(src, dst, 17, l4_udp(sp, dp)))

    s.comment("UDP: one way is NEW however many packets; the reply makes it ESTABLISHED both ways.")
    s.packet(udp(C, S, 5000, 53), NEW, "new", l4=34)
    s.packet(udp(C, S, 5000, 53), NEW, "established", l4=34)
    s.packet(udp(S, C, 53, 5000), ESTABLISHED, "established", l4=34)
    s.packet(udp(C, S, 5000, 53), ESTABLISHED, "established", l4=34)
    s.comment("UDP replied (profile 11) expires: the next datagram opens a new connection.")
    s.raw("expire_timeout connections 11 1")
    s.packet(udp(S, C, 53, 5000), NEW, "new", l4=34)
    s.raw("expire_timeout connections 11 0")
    s.comment("Unreplied (profile 10) expiry: the entry is gone, the next datagram is NEW.")
    s.raw("expire_timeout connections 10 1")
    s.packet(udp(C, S, 5000, 53), NEW, "new", l4=34)
    s.raw("expire_timeout connections 10 0")
    s.packet(udp(C, S, 5000, 53), NEW, "established", l4=34)

    s.comment("ICMP echo by id: the request is NEW, the reply ESTABLISHED; a reply to nothing is invalid.")
    s.packet(eth(A_MAC, B_MAC, 0x0800, ipv4(C, S, 1, l4_icmp(8, 0x1234))), NEW, "new", l4=34)
    s.packet(eth(B_MAC, A_MAC, 0x0800, ipv4(S, C, 1, l4_icmp(0, 0x1234))), ESTABLISHED, "established", l4=34)
    s.packet(eth(A_MAC, B_MAC, 0x0800, ipv4(C, S, 1, l4_icmp(8, 0x1234, 2))), ESTABLISHED, "established", l4=34)
    s.packet(eth(B_MAC, A_MAC, 0x0800, ipv4(S, C, 1, l4_icmp(0, 0x9999))), INVALID, "invalid_new", l4=34)
    s.comment("""ICMP errors quoting a known connection are RELATED: port unreachable about the UDP flow
(quoting the client's datagram), time exceeded about the echo (quoting the request), from
a router in between; the connections stay as they were.""")
    quoted_udp = ipv4(C, S, 17, l4_udp(5000, 53))[:28]
    s.packet(eth(B_MAC, A_MAC, 0x0800, ipv4(S, C, 1, icmp_error(3, 3, quoted_udp))), RELATED, "related", l4=34)
    quoted_echo = ipv4(C, S, 1, l4_icmp(8, 0x1234))[:28]
    s.packet(eth(B_MAC, A_MAC, 0x0800, ipv4("10.0.0.254", C, 1, icmp_error(11, 0, quoted_echo))), RELATED, "related", l4=34)
    s.packet(udp(C, S, 5000, 53), NEW, "established", l4=34)
    s.comment("An ICMP error about no known connection is invalid; one too short to quote a header is untracked.")
    quoted_other = ipv4(C, S, 17, l4_udp(5999, 53))[:28]
    s.packet(eth(B_MAC, A_MAC, 0x0800, ipv4(S, C, 1, icmp_error(3, 3, quoted_other))), INVALID, "invalid_related", l4=34)
    s.packet(eth(B_MAC, A_MAC, 0x0800, ipv4(S, C, 1, l4_icmp(3, 0, code=3))), UNKNOWN, "untracked")
    s.comment("ICMP times out (profile 12).")
    s.raw("expire_timeout connections 12 1")
    s.packet(eth(B_MAC, A_MAC, 0x0800, ipv4(S, C, 1, l4_icmp(0, 0x1234))), INVALID, "invalid_new", l4=34)
    s.raw("expire_timeout connections 12 0")

    s.comment("ICMPv6 echo.")
    s.packet(eth(A_MAC, B_MAC, 0x86dd, ipv6("2001:db8::1", "2001:db8::2", 58, l4_icmp(128, 7))), NEW, "new", l4=54)
    s.packet(eth(B_MAC, A_MAC, 0x86dd, ipv6("2001:db8::2", "2001:db8::1", 58, l4_icmp(129, 7))), ESTABLISHED, "established", l4=54)

    s.comment("Other protocols (GRE) by address pair and protocol.")
    s.packet(eth(A_MAC, B_MAC, 0x0800, ipv4(C, S, 47, bytes(8))), NEW, "new", l4=34)
    s.packet(eth(B_MAC, A_MAC, 0x0800, ipv4(S, C, 47, bytes(8))), ESTABLISHED, "established", l4=34)
    s.packet(eth(A_MAC, B_MAC, 0x86dd, ipv6("2001:db8::1", "2001:db8::2", 47, bytes(8))), NEW, "new", l4=54)

    s.comment("A later IPv4 fragment has no ports: untracked.")
    s.packet(eth(A_MAC, B_MAC, 0x0800, ipv4(C, S, 17, bytes(8), frag=0x00b9)), UNKNOWN, "untracked")

    s.comment("UDP over IPv6, both ways.")
    s.packet(eth(A_MAC, B_MAC, 0x86dd, ipv6("2001:db8::1", "2001:db8::2", 17, l4_udp(6000, 123))), NEW, "new", l4=54)
    s.packet(eth(B_MAC, A_MAC, 0x86dd, ipv6("2001:db8::2", "2001:db8::1", 17, l4_udp(123, 6000))), ESTABLISHED, "established", l4=54)
    s.comment("ICMPv6 packet too big about it: RELATED.")
    quoted6 = ipv6("2001:db8::2", "2001:db8::1", 17, l4_udp(123, 6000))[:48]
    s.packet(eth(A_MAC, B_MAC, 0x86dd, ipv6("2001:db8::1", "2001:db8::2", 58, icmp_error(2, 0, quoted6))), RELATED, "related", l4=54)
    s.comment("""Headers in the way: IPv4 options (a router alert and padding, then 8 bytes), IPv6
hop-by-hop and destination options (8 and 24 bytes), a first fragment; the L4 offset moves
with them. A later fragment has no ports: untracked.""")
    opts = bytes.fromhex("94040000") + bytes.fromhex("0101010101010100")
    s.packet(eth(A_MAC, B_MAC, 0x0800, ipv4_options(C, S, 17, l4_udp(7000, 53), opts)), NEW, "new", l4=46)
    s.packet(eth(B_MAC, A_MAC, 0x0800, ipv4(S, C, 17, l4_udp(53, 7000))), ESTABLISHED, "established", l4=34)
    s.packet(eth(A_MAC, B_MAC, 0x86dd, ipv6("2001:db8::1", "2001:db8::2", 0,
                                             ext(17, 2) + l4_udp(7001, 53))), NEW, "new", l4=54 + 24)
    s.packet(eth(B_MAC, A_MAC, 0x86dd, ipv6("2001:db8::2", "2001:db8::1", 0,
                                             ext(60) + ext(17, 2) + l4_udp(53, 7001))), ESTABLISHED, "established", l4=54 + 32)
    s.packet(eth(B_MAC, A_MAC, 0x86dd, ipv6("2001:db8::2", "2001:db8::1", 44,
                                             frag(17) + l4_udp(53, 7001))), ESTABLISHED, "established", l4=54 + 8)
    s.packet(eth(B_MAC, A_MAC, 0x86dd, ipv6("2001:db8::2", "2001:db8::1", 44,
                                             frag(17, offset=100, more=0) + bytes(16))), UNKNOWN, "untracked")
    s.check_counters()
    s.write("conntrack_other.stf")


if __name__ == "__main__":
    tcp_script()
    other_script()
