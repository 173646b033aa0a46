"""The differential test's packets and what is expected of each.

Every case is one frame sent from one host. `reason` is the router's reason counter the
frame must count in (nf/router/README.md, "Behaviour"). `difference` is None when p4nf
and Linux must deliver the same frames to the same hosts, or the key of the entry in
nf/router/README.md, "Differences from Linux forwarding", that explains why they do not
(the test fails if such a case turns out identical: the table must stay true).

The frames are built here byte by byte where a header is meant to be wrong (ipv4_header),
and with scapy where it is meant to be right.
"""
import struct

from scapy.layers.inet import ICMP, IP, TCP, UDP
from scapy.layers.inet6 import (HBHOptUnknown, ICMPv6EchoRequest, ICMPv6ND_NA, ICMPv6ND_NS,
                                ICMPv6ND_Redirect, ICMPv6ND_RS, ICMPv6NDOptDstLLAddr,
                                ICMPv6NDOptSrcLLAddr, IPv6, IPv6ExtHdrDestOpt,
                                IPv6ExtHdrFragment, IPv6ExtHdrHopByHop, IPv6ExtHdrRouting,
                                IPv6ExtHdrSegmentRouting, Jumbo, PadN, RouterAlert)
from scapy.layers.l2 import ARP

from topology import (ERROR_SOURCES, REDIRECT_SOURCE_V4, REDIRECT_SOURCE_V6, ROUTER_LINK_LOCAL, HOST_LINK_LOCAL, SAME_LINK_V4, SAME_LINK_V6, host_mac,
                      host_v4, host_v6, router_mac, router_v4, router_v6)
from wire import checksum

ETH_IPV4, ETH_ARP, ETH_IPV6 = 0x0800, 0x0806, 0x86DD
BROADCAST_MAC = "ff:ff:ff:ff:ff:ff"


class Case:
    def __init__(self, name, port, frame, reason, difference=None):
        self.name = name
        self.port = port
        self.frame = bytes(frame)
        self.reason = reason
        self.difference = difference


def ether(port, ether_type, body, dst=None):
    src = bytes.fromhex(host_mac(port).replace(":", ""))
    dst = bytes.fromhex((dst or router_mac(port)).replace(":", ""))
    return dst + src + struct.pack("!H", ether_type) + bytes(body)


def ip4(address):
    return bytes(int(x) for x in address.split("."))


def ipv4_header(src, dst, ttl, proto, payload_len, options=b"", ident=0x4242, flags_frag=0,
                tos=0, version=4, ihl=None, total_len=None, csum=None):
    """An IPv4 header with every field settable, the checksum computed unless given."""
    ihl = 5 + len(options) // 4 if ihl is None else ihl
    total = 20 + len(options) + payload_len if total_len is None else total_len
    header = struct.pack("!BBHHHBBH4s4s", (version << 4) | (ihl & 0xF), tos, total, ident,
                         flags_frag, ttl, proto, 0, ip4(src), ip4(dst)) + options
    value = checksum(header) if csum is None else csum
    return header[:10] + struct.pack("!H", value) + header[12:]


_serial = [0]


def _next_serial():
    _serial[0] += 1
    return _serial[0]


def l4_v4(kind, src, dst, size=16):
    """(protocol number, bytes) of an ICMP echo, a UDP datagram to a closed port or a TCP
    SYN, checksums right for these addresses; ids from a serial so no two cases share one."""
    serial = _next_serial()
    data = bytes((serial + i) & 0xFF for i in range(size))
    if kind == "icmp":
        return 1, bytes(ICMP(type=8, id=0x5000 + serial, seq=1) / data)
    if kind == "udp":
        return 17, bytes(IP(src=src, dst=dst) / UDP(sport=20000 + serial, dport=33434) / data)[20:]
    if kind == "tcp":
        segment = IP(src=src, dst=dst) / TCP(sport=20000 + serial, dport=80, flags="S",
                                              seq=1000 * serial, window=1024)
        return 6, bytes(segment)[20:]
    raise ValueError(kind)


# Destinations Linux answers with ICMP destination unreachable from its route lookup
# (ip_error). That answer is rate-limited per source address, 5 in a burst then 1 a
# second, with no sysctl per network namespace to turn it off: each such case gets a
# source address of its own on port 1's subnet (topology.ERROR_SOURCES), so that every
# one of them is the first from its source on either leg.
UNREACHABLE_V4 = {"172.16.0.1", "192.0.2.1", "240.0.0.1", "169.254.1.1", "0.0.0.1", "127.0.0.1"}
_error_sources = list(ERROR_SOURCES)


def v4(port, dst, kind="icmp", ttl=64, src=None, options=b"", size=16, eth_dst=None, **fields):
    if src is None and port == 1 and dst in UNREACHABLE_V4:
        src = _error_sources.pop(0)
    src = src or host_v4(port)
    proto, payload = l4_v4(kind, src, dst, size)
    header = ipv4_header(src, dst, ttl, proto, len(payload), options,
                         ident=0x1000 + _serial[0], **fields)
    return ether(port, ETH_IPV4, header + payload, eth_dst)


def l4_v6(kind, size=16):
    serial = _next_serial()
    data = bytes((serial + i) & 0xFF for i in range(size))
    if kind == "icmp":
        return ICMPv6EchoRequest(id=0x6000 + serial, seq=1, data=data)
    if kind == "udp":
        return UDP(sport=20000 + serial, dport=33434) / data
    if kind == "tcp":
        return TCP(sport=20000 + serial, dport=80, flags="S", seq=1000 * serial, window=1024)
    if kind == "none":
        return data
    raise ValueError(kind)


def v6(port, dst, kind="icmp", hlim=64, src=None, ext=(), size=16, eth_dst=None, **fields):
    packet = IPv6(src=src or host_v6(port), dst=dst, hlim=hlim, **fields)
    for header in ext:
        packet = packet / header
    if kind == "none" and not ext:
        packet.nh = 59
    packet = packet / l4_v6(kind, size)
    if kind == "none" and ext:
        packet.lastlayer().nh = 59
    return ether(port, ETH_IPV6, bytes(packet), eth_dst)


def multicast_mac(address):
    if ":" in address:
        from ipaddress import IPv6Address
        low = IPv6Address(address).packed[-4:]
        return "33:33:" + ":".join("%02x" % b for b in low)
    octets = [int(x) for x in address.split(".")]
    if octets == [255, 255, 255, 255]:
        return BROADCAST_MAC
    return "01:00:5e:%02x:%02x:%02x" % (octets[1] & 0x7F, octets[2], octets[3])


def solicited_node(address):
    from ipaddress import IPv6Address
    low = IPv6Address(address).packed[-3:]
    return "ff02::1:ff%02x:%02x%02x" % tuple(low)


def patch(frame, offset, data):
    frame = bytearray(frame)
    frame[offset:offset + len(data)] = data
    return bytes(frame)


def fix_ipv4_checksum(frame):
    """Recomputes the header checksum over IHL * 4 bytes, or over 20 when IHL < 5."""
    ihl = max((frame[14] & 0xF) * 4, 20)
    header = bytearray(frame[14:14 + ihl])
    header[10:12] = b"\0\0"
    header[10:12] = struct.pack("!H", checksum(bytes(header)))
    return patch(frame, 14, header)


# --- destinations --------------------------------------------------------------------------

# (destination, reason from h1 at TTL >= 2, difference, what it is)
V4_DESTINATIONS = [
    ("10.0.2.2", "forward_ipv4", None, "h2: connected, static neighbour"),
    ("10.0.3.2", "forward_ipv4", None, "h3: connected, static neighbour"),
    ("10.0.3.7", "host_no_neighbour", None, "on h3's subnet, no static neighbour"),
    ("198.51.100.10", "forward_ipv4", None, "/24 via h2"),
    ("198.51.100.200", "forward_ipv4", None, "/25 via h3, inside the /24"),
    ("198.51.7.7", "forward_ipv4", None, "/16 via h2"),
    ("203.0.113.5", "forward_ipv4", None, "/32 via h3"),
    ("203.0.113.6", "host_no_neighbour", None, "/24 via 10.0.3.9, no static neighbour"),
    ("10.99.0.1", "forward_ipv4", None, "/8 via h2"),
    ("100.64.1.1", "drop_no_route", None, "blackhole route"),
    ("192.0.2.1", "host_no_neighbour", None, "action: host route (kernel: unreachable)"),
    ("172.16.0.1", "drop_no_route", "no-route", "no route"),
    ("10.0.1.1", "host_local", None, "the router on port 1"),
    ("10.0.3.1", "host_local", None, "the router on port 3"),
    ("10.0.1.255", "host_local", None, "port 1's subnet broadcast"),
    ("10.0.2.255", "host_local", None, "port 2's subnet broadcast"),
    ("255.255.255.255", "host_link_scope", None, "limited broadcast"),
    ("224.0.0.1", "host_link_scope", None, "all-hosts multicast"),
    ("239.1.2.3", "host_link_scope", None, "administratively scoped multicast"),
    (SAME_LINK_V4, "forward_ipv4", "icmp-redirect", "back out of port 1"),
]

V6_DESTINATIONS = [
    ("2001:db8:2::2", "forward_ipv6", None, "h2: connected, static neighbour"),
    ("2001:db8:3::2", "forward_ipv6", None, "h3: connected, static neighbour"),
    ("2001:db8:3::7", "host_no_neighbour", None, "on h3's subnet, no static neighbour"),
    ("2001:db8:100::10", "forward_ipv6", None, "/48 via h2"),
    ("2001:db8:100:8000::1", "forward_ipv6", None, "/49 via h3, inside the /48"),
    ("2001:db8:300::1", "forward_ipv6", None, "/128 via h2"),
    ("2001:db8:ffff::1", "forward_ipv6", None, "/32 via h2"),
    ("2001:db8:200::5", "host_no_neighbour", None, "/64 via 2001:db8:3::9, no neighbour"),
    ("2001:db8:dead::1", "drop_no_route", None, "blackhole route"),
    ("2001:db8:beef::1", "host_no_neighbour", None, "action: host route (kernel: unreachable)"),
    ("2001:db9::1", "drop_no_route", "no-route", "no route"),
    ("2001:db8:1::1", "host_local", None, "the router on port 1"),
    ("2001:db8:3::1", "host_local", None, "the router on port 3"),
    (ROUTER_LINK_LOCAL, "host_link_scope", None, "the router's link-local address"),
    ("ff02::1", "host_link_scope", None, "all-nodes multicast"),
    ("ff02::2", "host_link_scope", None, "all-routers multicast"),
    ("ff0e::1234", "host_link_scope", None, "global-scope multicast"),
    (SAME_LINK_V6, "forward_ipv6", "icmp-redirect", "back out of port 1"),
]


def eth_dst_for(dst):
    first = int(dst.split(".")[0]) if "." in dst else None
    if first is not None and (first >= 224 or dst == "10.0.1.255"):
        return multicast_mac(dst) if dst != "10.0.1.255" else BROADCAST_MAC
    if ":" in dst and dst.startswith("ff"):
        return multicast_mac(dst)
    return None


def ttl_reason(dst, reason, ttl):
    """The reason for `dst` at this TTL: the router's own and link-scope destinations are
    decided before the TTL is looked at."""
    if ttl <= 1 and reason not in ("host_local", "host_link_scope"):
        return "host_ttl"
    return reason


def destination_cases():
    cases = []
    # A redirect is rate-limited per peer by the kernel, with no sysctl to turn that off:
    # one packet per redirect case keeps Linux's answer deterministic.
    for dst, reason, difference, what in V4_DESTINATIONS:
        redirect = difference == "icmp-redirect"
        for kind in ("icmp",) if redirect else ("icmp", "udp", "tcp"):
            frame = v4(1, dst, kind, eth_dst=eth_dst_for(dst),
                       src=REDIRECT_SOURCE_V4 if redirect else None)
            cases.append(Case("v4 %s to %s (%s)" % (kind, dst, what), 1, frame, reason, difference))
    for dst, reason, difference, what in V6_DESTINATIONS:
        redirect = difference == "icmp-redirect"
        for kind in ("icmp",) if redirect else ("icmp", "udp", "tcp"):
            frame = v6(1, dst, kind, eth_dst=eth_dst_for(dst),
                       src=REDIRECT_SOURCE_V6 if redirect else None)
            cases.append(Case("v6 %s to %s (%s)" % (kind, dst, what), 1, frame, reason, difference))
    return cases


def ttl_cases():
    cases = []
    v4_targets = ["10.0.2.2", "198.51.100.10", "172.16.0.1", "10.0.1.1", "100.64.1.1",
                  "10.0.3.7", "203.0.113.6", "224.0.0.1"]
    v6_targets = ["2001:db8:2::2", "2001:db8:100::10", "2001:db9::1", "2001:db8:1::1",
                  "2001:db8:dead::1", "2001:db8:3::7", "ff02::1"]
    v4_by_dst = {d[0]: d for d in V4_DESTINATIONS}
    v6_by_dst = {d[0]: d for d in V6_DESTINATIONS}
    for ttl in (0, 1, 2, 255):
        for dst in v4_targets:
            _, reason, difference, what = v4_by_dst[dst]
            cases.append(Case("v4 ttl %d to %s (%s)" % (ttl, dst, what), 1,
                              v4(1, dst, ttl=ttl, eth_dst=eth_dst_for(dst)),
                              ttl_reason(dst, reason, ttl), difference if ttl > 1 else None))
        for dst in v6_targets:
            _, reason, difference, what = v6_by_dst[dst]
            cases.append(Case("v6 hop limit %d to %s (%s)" % (ttl, dst, what), 1,
                              v6(1, dst, hlim=ttl, eth_dst=eth_dst_for(dst)),
                              ttl_reason(dst, reason, ttl), difference if ttl > 1 else None))
    for kind in ("udp", "tcp"):
        cases.append(Case("v4 %s ttl 1 to h2" % kind, 1, v4(1, "10.0.2.2", kind, ttl=1), "host_ttl"))
        cases.append(Case("v6 %s hop limit 1 to h2" % kind, 1,
                          v6(1, "2001:db8:2::2", kind, hlim=1), "host_ttl"))
    return cases


# --- IPv4 options --------------------------------------------------------------------------

NOP, EOL = b"\x01", b"\x00"
RECORD_ROUTE = b"\x07\x0f\x04" + b"\0" * 12 + EOL            # room for three addresses
RECORD_ROUTE_FULL = b"\x07\x07\x08" + ip4("192.0.2.9") + EOL   # pointer past its end
TIMESTAMP = b"\x44\x0c\x05\x00" + b"\0" * 8                   # room for two timestamps
ROUTER_ALERT = b"\x94\x04\x00\x00"
LOOSE_SOURCE_ROUTE = b"\x83\x07\x04" + ip4("10.0.3.2") + EOL
STRICT_SOURCE_ROUTE = b"\x89\x07\x04" + ip4("10.0.3.2") + EOL
UNKNOWN_OPTION = b"\x9e\x04\x00\x00"
BAD_OPTION_LENGTH = b"\x07\x01\x00\x00"                       # record route of length 1


def ipv4_option_cases():
    h2 = "10.0.2.2"
    cases = [
        Case("v4 options: 4 NOPs", 1, v4(1, h2, options=NOP * 4), "forward_ipv4"),
        Case("v4 options: 40 bytes of NOPs (IHL 15)", 1, v4(1, h2, options=NOP * 40), "forward_ipv4"),
        Case("v4 options: router alert", 1, v4(1, h2, options=ROUTER_ALERT), "forward_ipv4"),
        Case("v4 options: router alert, udp beyond h2", 1,
             v4(1, "198.51.100.10", "udp", options=ROUTER_ALERT), "forward_ipv4"),
        Case("v4 options: unknown option type", 1, v4(1, h2, options=UNKNOWN_OPTION), "forward_ipv4"),
        Case("v4 options: record route with room", 1, v4(1, h2, options=RECORD_ROUTE),
             "forward_ipv4", "ipv4-options"),
        Case("v4 options: record route, full", 1, v4(1, h2, options=RECORD_ROUTE_FULL), "forward_ipv4"),
        Case("v4 options: timestamp", 1, v4(1, "198.51.100.10", options=TIMESTAMP),
             "forward_ipv4", "ipv4-options"),
        Case("v4 options: loose source route", 1, v4(1, h2, options=LOOSE_SOURCE_ROUTE),
             "forward_ipv4", "ipv4-options"),
        Case("v4 options: strict source route", 1, v4(1, h2, options=STRICT_SOURCE_ROUTE),
             "forward_ipv4", "ipv4-options"),
        Case("v4 options: bad option length", 1, v4(1, h2, options=BAD_OPTION_LENGTH),
             "forward_ipv4", "ipv4-options"),
        Case("v4 options: record route, ttl 1", 1, v4(1, h2, ttl=1, options=RECORD_ROUTE), "host_ttl"),
        Case("v4 options: NOPs, ttl 1", 1, v4(1, "198.51.100.10", ttl=1, options=NOP * 8), "host_ttl"),
        Case("v4 options: record route to the router", 1,
             v4(1, router_v4(1), options=RECORD_ROUTE), "host_local"),
        Case("v4 options: NOPs, no route", 1, v4(1, "172.16.0.1", options=NOP * 4),
             "drop_no_route", "no-route"),
    ]
    # IHL 8 (12 bytes of options) in a frame that ends 4 bytes into them.
    full = v4(1, h2, options=NOP * 12)
    cases.append(Case("v4 options: frame ends inside the options", 1, full[:14 + 24],
                      "drop_truncated"))
    return cases


# --- malformed and unusual IPv4 -------------------------------------------------------------

def ident_for_checksum(src, dst, wanted):
    """An IP identification that makes the header checksum `wanted` (the incremental
    update's edge cases: 0xfeff turns into 0x0000 when the TTL drops)."""
    for ident in range(0x10000):
        header = ipv4_header(src, dst, 64, 1, 24, ident=ident)
        if struct.unpack("!H", header[10:12])[0] == wanted:
            return ident
    raise ValueError("no identification gives checksum %#x" % wanted)


def malformed_ipv4_cases():
    h2 = "10.0.2.2"
    good = v4(1, h2)
    cases = []
    for version in (0, 5, 6, 15):
        frame = fix_ipv4_checksum(patch(good, 14, bytes([(version << 4) | 5])))
        cases.append(Case("v4 bad version %d" % version, 1, frame, "drop_bad_version"))
    for ihl in (0, 1, 4):
        frame = fix_ipv4_checksum(patch(good, 14, bytes([0x40 | ihl])))
        cases.append(Case("v4 IHL %d" % ihl, 1, frame, "drop_bad_ihl"))
    for keep in (0, 1, 10, 19):
        cases.append(Case("v4 frame ends after %d bytes of IP header" % keep, 1,
                          good[:14 + keep], "drop_truncated"))
    for total in (0, 19):
        frame = fix_ipv4_checksum(patch(good, 16, struct.pack("!H", total)))
        cases.append(Case("v4 total length %d" % total, 1, frame, "drop_bad_length"))
    frame = fix_ipv4_checksum(patch(v4(1, h2, options=NOP * 4), 16, struct.pack("!H", 22)))
    cases.append(Case("v4 total length 22 < header 24", 1, frame, "drop_bad_length"))
    real = struct.unpack("!H", good[16:18])[0]
    frame = fix_ipv4_checksum(patch(good, 16, struct.pack("!H", real + 20)))
    cases.append(Case("v4 total length 20 bytes more than the frame", 1, frame,
                      "forward_ipv4", "length"))
    frame = fix_ipv4_checksum(patch(good, 16, struct.pack("!H", real - 8)))
    cases.append(Case("v4 total length 8 bytes less than the frame", 1, frame,
                      "forward_ipv4", "length"))
    small = v4(1, h2, size=0)
    cases.append(Case("v4 minimal echo, frame not padded (42 bytes)", 1, small, "forward_ipv4"))
    cases.append(Case("v4 minimal echo, frame padded to 60 bytes", 1,
                      small + b"\0" * (60 - len(small)), "forward_ipv4", "length"))
    bad = patch(good, 24, struct.pack("!H", struct.unpack("!H", good[24:26])[0] ^ 0x1111))
    cases.append(Case("v4 bad header checksum", 1, bad, "forward_ipv4", "checksum"))
    bad_ttl1 = patch(v4(1, h2, ttl=1), 24, b"\x12\x34")
    cases.append(Case("v4 bad header checksum, ttl 1", 1, bad_ttl1, "host_ttl"))
    bad_local = patch(v4(1, router_v4(1)), 24, b"\x12\x34")
    cases.append(Case("v4 bad header checksum, to the router", 1, bad_local, "host_local"))
    for wanted in (0xFEFF, 0xFF00, 0xFFFE, 0x0000, 0x00FF):
        ident = ident_for_checksum(host_v4(1), h2, wanted)
        cases.append(Case("v4 header checksum %#06x before the TTL update" % wanted, 1,
                          _v4_with_ident(h2, ident), "forward_ipv4"))
    beyond = "198.51.100.10"
    cases += [
        Case("v4 first fragment (MF)", 1, v4(1, beyond, "udp", flags_frag=0x2000), "forward_ipv4"),
        Case("v4 middle fragment (MF, offset 64)", 1, v4(1, beyond, "udp", flags_frag=0x2008), "forward_ipv4"),
        Case("v4 last fragment (offset 128)", 1, v4(1, beyond, "udp", flags_frag=0x0010), "forward_ipv4"),
        Case("v4 DF and MF both set", 1, v4(1, beyond, flags_frag=0x6000), "forward_ipv4"),
        Case("v4 reserved flag set", 1, v4(1, h2, flags_frag=0x8000), "forward_ipv4"),
        Case("v4 DSCP and ECN CE", 1, v4(1, h2, tos=0xBB), "forward_ipv4"),
        Case("v4 1400 bytes to h3 (its MTU)", 1, v4(1, "10.0.3.2", "udp", size=1400 - 28),
             "forward_ipv4"),
        # Too big for port 3: the router hands them to the kernel, which answers with ICMP
        # fragmentation needed (DF) or fragments them (no DF), as Linux does.
        Case("v4 1450 bytes with DF to h3 (MTU 1400)", 1,
             v4(1, "10.0.3.2", "udp", size=1450 - 28, flags_frag=0x4000), "host_mtu"),
        Case("v4 1450 bytes without DF to h3 (MTU 1400)", 1,
             v4(1, "10.0.3.2", "udp", size=1450 - 28), "host_mtu"),
        Case("v4 1450 bytes with DF beyond h3 (MTU 1400)", 1,
             v4(1, "198.51.100.200", size=1450 - 28, flags_frag=0x4000), "host_mtu"),
        Case("v4 1401 bytes with DF to h3 (MTU 1400)", 1,
             v4(1, "10.0.3.2", "udp", size=1401 - 28, flags_frag=0x4000), "host_mtu"),
        Case("v4 1500 bytes to h2", 1, v4(1, h2, "udp", size=1500 - 28), "forward_ipv4"),
    ]
    for src, what in (("127.0.0.1", "loopback"), ("0.0.0.0", "this network"),
                      ("224.1.1.1", "multicast"), ("255.255.255.255", "limited broadcast"),
                      ("10.0.2.1", "the router's own address"),
                      ("10.0.1.1", "the router's address on the input port"),
                      ("127.1.2.3", "loopback, 127/8"),
                      ("239.255.255.255", "multicast, 224/4")):
        cases.append(Case("v4 source %s (%s) to h2" % (src, what), 1, v4(1, h2, src=src),
                          "drop_martian_source"))
    cases.append(Case("v4 source 127.0.0.1, ttl 1, to h2", 1, v4(1, h2, src="127.0.0.1", ttl=1),
                      "drop_martian_source"))
    # Of 0/8 only 0.0.0.0 is martian to Linux (ipv4_is_zeronet); h2's answer to the rest
    # has no route back (Linux: unreachable).
    cases.append(Case("v4 source 0.1.2.3 (0/8 but not 0.0.0.0) to h2", 1, v4(1, h2, src="0.1.2.3"),
                      "forward_ipv4", "no-route"))
    cases.append(Case("v4 source 10.0.3.255 (another port's subnet broadcast) to h2", 1,
                      v4(1, h2, src="10.0.3.255"), "forward_ipv4"))
    # Not martian to Linux either; h2's answer has no route back (Linux: unreachable).
    cases.append(Case("v4 source 240.0.0.1 (reserved class E) to h2", 1, v4(1, h2, src="240.0.0.1"),
                      "forward_ipv4", "no-route"))
    cases.append(Case("v4 source 203.0.113.77 (not h1's subnet: no reverse-path check) to h2", 1,
                      v4(1, h2, src="203.0.113.77"), "forward_ipv4"))
    for dst, what, difference in (("0.0.0.1", "this network", "no-route"),
                                  ("127.0.0.1", "loopback", None),
                                  ("240.0.0.1", "reserved class E", "no-route"),
                                  ("169.254.1.1", "link-local", "no-route")):
        cases.append(Case("v4 to %s (%s)" % (dst, what), 1, v4(1, dst), "drop_no_route",
                          difference))
    for mac, what in (("02:00:00:00:99:99", "another unicast MAC"),
                      (BROADCAST_MAC, "the broadcast MAC"),
                      ("01:00:5e:01:02:03", "a multicast MAC")):
        cases.append(Case("v4 to h2 in a frame to %s" % what, 1, v4(1, h2, eth_dst=mac),
                          "forward_ipv4", "other-mac"))
    return cases


def _v4_with_ident(dst, ident):
    src = host_v4(1)
    payload = bytes(ICMP(type=8, id=0x7000 + (ident & 0xFFF), seq=1) / (b"\0" * 16))
    header = ipv4_header(src, dst, 64, 1, len(payload), ident=ident)
    return ether(1, ETH_IPV4, header + payload)


def not_ip_cases():
    inner = v4(1, "10.0.2.2")[14:]
    return [
        Case("802.1Q-tagged IPv4", 1,
             ether(1, 0x8100, struct.pack("!HH", 10, ETH_IPV4) + inner), "host_not_ip"),
        Case("802.1ad-tagged IPv4", 1,
             ether(1, 0x88A8, struct.pack("!HH", 10, ETH_IPV4) + inner), "host_not_ip"),
        Case("LLDP", 1, ether(1, 0x88CC, b"\x02\x07\x04" + b"\0" * 40,
                              dst="01:80:c2:00:00:0e"), "host_not_ip"),
        Case("unknown EtherType 0x0801", 1, ether(1, 0x0801, inner), "host_not_ip"),
        Case("Ethernet header only, IPv6 EtherType", 1, ether(1, ETH_IPV6, b""), "drop_truncated"),
    ]


# --- ARP -----------------------------------------------------------------------------------

def arp(port, op, psrc, pdst, hwdst="00:00:00:00:00:00", eth_dst=BROADCAST_MAC):
    body = ARP(op=op, hwsrc=host_mac(port), psrc=psrc, hwdst=hwdst, pdst=pdst)
    return ether(port, ETH_ARP, bytes(body), eth_dst)


def arp_cases():
    h1 = host_v4(1)
    return [
        Case("ARP who-has the router (port 1)", 1, arp(1, 1, h1, router_v4(1)), "host_arp"),
        Case("ARP who-has the router, unicast", 1,
             arp(1, 1, h1, router_v4(1), eth_dst=router_mac(1)), "host_arp"),
        Case("ARP who-has the router's port-2 address on port 1", 1,
             arp(1, 1, h1, router_v4(2)), "host_arp"),
        Case("ARP who-has an unused address", 1, arp(1, 1, h1, "10.0.1.77"), "host_arp"),
        Case("ARP gratuitous request from h1", 1, arp(1, 1, h1, h1), "host_arp"),
        Case("ARP unsolicited reply from h1", 1,
             arp(1, 2, h1, router_v4(1), hwdst=router_mac(1), eth_dst=router_mac(1)), "host_arp"),
        Case("ARP truncated to 20 bytes", 1, arp(1, 1, h1, router_v4(1))[:14 + 20], "host_arp"),
        Case("ARP who-has the router (port 2), from h2", 2,
             arp(2, 1, host_v4(2), router_v4(2)), "host_arp"),
        Case("ARP who-has the router (port 3), from h3", 3,
             arp(3, 1, host_v4(3), router_v4(3)), "host_arp"),
    ]


# --- IPv6 extension headers, malformed IPv6 ---------------------------------------------------

def ipv6_extension_cases():
    h2, beyond = "2001:db8:2::2", "2001:db8:100::10"
    pad = PadN(optdata=b"\0" * 4)
    cases = [
        Case("v6 hop-by-hop PadN", 1, v6(1, h2, ext=[IPv6ExtHdrHopByHop(options=[pad])]),
             "forward_ipv6"),
        Case("v6 hop-by-hop router alert", 1,
             v6(1, beyond, "udp", ext=[IPv6ExtHdrHopByHop(options=[RouterAlert(value=2), PadN(optdata=b"")])]),
             "forward_ipv6"),
        Case("v6 hop-by-hop unknown option, skip", 1,
             v6(1, h2, ext=[IPv6ExtHdrHopByHop(options=[HBHOptUnknown(otype=0x1E, optdata=b"\0\0\0\0")])]),
             "forward_ipv6"),
        Case("v6 hop-by-hop unknown option, discard", 1,
             v6(1, beyond, ext=[IPv6ExtHdrHopByHop(options=[HBHOptUnknown(otype=0x5E, optdata=b"\0\0\0\0")])]),
             "forward_ipv6", "ipv6-hop-by-hop"),
        Case("v6 hop-by-hop unknown option, discard and ICMP", 1,
             v6(1, beyond, ext=[IPv6ExtHdrHopByHop(options=[HBHOptUnknown(otype=0x9E, optdata=b"\0\0\0\0")])]),
             "forward_ipv6", "ipv6-hop-by-hop"),
        Case("v6 hop-by-hop jumbo option with payload length 0", 1,
             v6(1, beyond, ext=[IPv6ExtHdrHopByHop(options=[Jumbo(jumboplen=100)])]),
             "forward_ipv6", "ipv6-hop-by-hop"),
        Case("v6 hop-by-hop PadN, hop limit 1", 1,
             v6(1, h2, hlim=1, ext=[IPv6ExtHdrHopByHop(options=[pad])]), "host_ttl"),
        Case("v6 destination options", 1, v6(1, h2, ext=[IPv6ExtHdrDestOpt(options=[pad])]),
             "forward_ipv6"),
        Case("v6 routing header type 0, segments left 0", 1,
             v6(1, h2, ext=[IPv6ExtHdrRouting(type=0, addresses=["2001:db8:3::2"], segleft=0)]),
             "forward_ipv6"),
        Case("v6 routing header type 0, segments left 1", 1,
             v6(1, beyond, ext=[IPv6ExtHdrRouting(type=0, addresses=["2001:db8:3::2"], segleft=1)]),
             "forward_ipv6"),
        Case("v6 segment routing header", 1,
             v6(1, beyond, "udp", ext=[IPv6ExtHdrSegmentRouting(addresses=["2001:db8:3::2", beyond],
                                                                 segleft=1, lastentry=1)]),
             "forward_ipv6"),
        Case("v6 routing header type 2", 1,
             v6(1, beyond, ext=[IPv6ExtHdrRouting(type=2, addresses=["2001:db8:3::2"], segleft=1)]),
             "forward_ipv6"),
        Case("v6 fragment header, first fragment", 1,
             v6(1, beyond, "udp", ext=[IPv6ExtHdrFragment(id=0x1234, m=1, offset=0)]), "forward_ipv6"),
        Case("v6 fragment header, later fragment", 1,
             v6(1, beyond, "none", ext=[IPv6ExtHdrFragment(id=0x1234, m=0, offset=8, nh=17)]),
             "forward_ipv6"),
        Case("v6 atomic fragment", 1,
             v6(1, h2, ext=[IPv6ExtHdrFragment(id=0x1235, m=0, offset=0)]), "forward_ipv6"),
        Case("v6 hop-by-hop, destination options, routing, fragment, udp", 1,
             v6(1, beyond, "udp", ext=[IPv6ExtHdrHopByHop(options=[pad]), IPv6ExtHdrDestOpt(options=[pad]),
                                       IPv6ExtHdrRouting(type=0, addresses=[beyond], segleft=0),
                                       IPv6ExtHdrFragment(id=0x1236, m=0, offset=0)]),
             "forward_ipv6"),
        Case("v6 hop-by-hop after destination options", 1,
             v6(1, beyond, ext=[IPv6ExtHdrDestOpt(options=[pad]), IPv6ExtHdrHopByHop(options=[pad])]),
             "forward_ipv6"),
        Case("v6 no next header", 1, v6(1, h2, "none"), "forward_ipv6"),
        Case("v6 extension headers, hop limit 1", 1,
             v6(1, beyond, hlim=1, ext=[IPv6ExtHdrDestOpt(options=[pad]),
                                        IPv6ExtHdrFragment(id=0x1237, m=1, offset=0)]),
             "host_ttl"),
        Case("v6 extension headers to the router", 1,
             v6(1, router_v6(1), ext=[IPv6ExtHdrDestOpt(options=[pad])]), "host_local"),
        Case("v6 traffic class and flow label", 1, v6(1, h2, tc=0xB9, fl=0xABCDE), "forward_ipv6"),
        Case("v6 1400 bytes to h3 (its MTU)", 1, v6(1, "2001:db8:3::2", "udp", size=1400 - 48),
             "forward_ipv6"),
        Case("v6 1450 bytes to h3 (MTU 1400): the kernel answers packet too big", 1,
             v6(1, "2001:db8:3::2", "udp", size=1450 - 48), "host_mtu"),
        Case("v6 1401 bytes beyond h3 (MTU 1400)", 1,
             v6(1, "2001:db8:100:8000::1", "udp", size=1401 - 48), "host_mtu"),
        Case("v6 1500 bytes to h2", 1, v6(1, h2, "udp", size=1500 - 48), "forward_ipv6"),
    ]
    return cases


def malformed_ipv6_cases():
    h2 = "2001:db8:2::2"
    good = v6(1, h2)
    cases = []
    for version in (0, 4, 7):
        frame = patch(good, 14, bytes([(version << 4) | (good[14] & 0xF)]))
        cases.append(Case("v6 bad version %d" % version, 1, frame, "drop_bad_version"))
    for keep in (0, 20, 39):
        cases.append(Case("v6 frame ends after %d bytes of IPv6 header" % keep, 1,
                          good[:14 + keep], "drop_truncated"))
    real = struct.unpack("!H", good[18:20])[0]
    cases.append(Case("v6 payload length 20 bytes more than the frame", 1,
                      patch(good, 18, struct.pack("!H", real + 20)), "forward_ipv6", "length"))
    cases.append(Case("v6 payload length 8 bytes less than the frame", 1,
                      patch(good, 18, struct.pack("!H", real - 8)), "forward_ipv6", "length"))
    cases.append(Case("v6 payload length 0, no hop-by-hop header", 1,
                      patch(good, 18, b"\0\0"), "forward_ipv6", "length"))
    cases.append(Case("v6 echo with 4 bytes of padding after it", 1, good + b"\0" * 4,
                      "forward_ipv6", "length"))
    tiny = v6(1, h2, "none", size=2)
    cases.append(Case("v6 ICMPv6 next header, 2-byte payload", 1,
                      patch(tiny, 20, bytes([58])), "forward_ipv6"))
    for src, what in (("::1", "loopback"), ("ff02::1", "multicast"), ("::", "unspecified"),
                      ("ff0e::1", "global multicast")):
        cases.append(Case("v6 source %s (%s) to h2" % (src, what), 1, v6(1, h2, src=src),
                          "drop_martian_source"))
    cases.append(Case("v6 source ::1, hop limit 1, to h2", 1, v6(1, h2, src="::1", hlim=1),
                      "drop_martian_source"))
    # Linux forwards it; h2's answer has no route back (Linux: unreachable).
    cases.append(Case("v6 source ::ffff:10.0.1.2 (IPv4-mapped) to h2", 1,
                      v6(1, h2, src="::ffff:10.0.1.2"), "forward_ipv6", "no-route"))
    cases.append(Case("v6 source 2001:db8:2::1 (the router's own address) to h2", 1,
                      v6(1, h2, src="2001:db8:2::1"), "forward_ipv6"))
    cases.append(Case("v6 link-local source to h2", 1, v6(1, h2, src=HOST_LINK_LOCAL),
                      "host_link_scope"))
    cases.append(Case("v6 to h2's link-local address (another link)", 1, v6(1, HOST_LINK_LOCAL),
                      "host_link_scope"))
    for dst, what, difference in (("::1", "loopback", None), ("::", "unspecified", "no-route"),
                                  ("::ffff:10.0.2.2", "IPv4-mapped", "no-route")):
        cases.append(Case("v6 to %s (%s)" % (dst, what), 1, v6(1, dst), "drop_no_route", difference))
    for mac, what in (("02:00:00:00:99:99", "another unicast MAC"),
                      ("33:33:00:00:00:01", "a multicast MAC")):
        cases.append(Case("v6 to h2 in a frame to %s" % what, 1, v6(1, h2, eth_dst=mac),
                          "forward_ipv6", "other-mac"))
    return cases


# --- neighbour discovery --------------------------------------------------------------------

def nd(port, src, dst, message, eth_dst, hlim=255):
    packet = IPv6(src=src, dst=dst, hlim=hlim) / message
    return ether(port, ETH_IPV6, bytes(packet), eth_dst)


def nd_cases():
    h1, r1 = host_v6(1), router_v6(1)
    slla = ICMPv6NDOptSrcLLAddr(lladdr=host_mac(1))
    sn = solicited_node(r1)
    return [
        Case("ND solicitation for the router, multicast", 1,
             nd(1, h1, sn, ICMPv6ND_NS(tgt=r1) / slla, multicast_mac(sn)), "host_nd"),
        Case("ND solicitation for the router, unicast", 1,
             nd(1, h1, r1, ICMPv6ND_NS(tgt=r1) / slla, router_mac(1)), "host_nd"),
        Case("ND solicitation for the router's link-local address", 1,
             nd(1, HOST_LINK_LOCAL, solicited_node(ROUTER_LINK_LOCAL),
                ICMPv6ND_NS(tgt=ROUTER_LINK_LOCAL) / slla,
                multicast_mac(solicited_node(ROUTER_LINK_LOCAL))), "host_nd"),
        Case("ND duplicate address detection of the router's address", 1,
             nd(1, "::", sn, ICMPv6ND_NS(tgt=r1), multicast_mac(sn)), "host_nd"),
        Case("ND solicitation for the router's port-2 address on port 1", 1,
             nd(1, h1, solicited_node(router_v6(2)), ICMPv6ND_NS(tgt=router_v6(2)) / slla,
                multicast_mac(solicited_node(router_v6(2)))), "host_nd"),
        Case("ND solicitation with hop limit 64", 1,
             nd(1, h1, sn, ICMPv6ND_NS(tgt=r1) / slla, multicast_mac(sn), hlim=64), "host_nd"),
        Case("ND router solicitation", 1,
             nd(1, HOST_LINK_LOCAL, "ff02::2", ICMPv6ND_RS() / slla, multicast_mac("ff02::2")),
             "host_nd"),
        Case("ND unsolicited advertisement from h1", 1,
             nd(1, h1, "ff02::1", ICMPv6ND_NA(tgt=h1, R=0, S=0, O=1) /
                ICMPv6NDOptDstLLAddr(lladdr=host_mac(1)), multicast_mac("ff02::1")), "host_nd"),
        Case("ND redirect from h1", 1,
             nd(1, HOST_LINK_LOCAL, ROUTER_LINK_LOCAL,
                ICMPv6ND_Redirect(tgt="2001:db8:1::9", dst="2001:db8:2::2"), router_mac(1)),
             "host_nd"),
        Case("ND solicitation for the router (port 2), from h2", 2,
             nd(2, host_v6(2), solicited_node(router_v6(2)),
                ICMPv6ND_NS(tgt=router_v6(2)) / ICMPv6NDOptSrcLLAddr(lladdr=host_mac(2)),
                multicast_mac(solicited_node(router_v6(2)))), "host_nd"),
        Case("v6 echo to the router, hop limit 255", 1, v6(1, r1, hlim=255), "host_local"),
    ]


# --- the other directions --------------------------------------------------------------------

def reverse_cases():
    cases = []
    for kind in ("icmp", "udp", "tcp"):
        cases.append(Case("v4 %s h2 -> h1" % kind, 2, v4(2, host_v4(1), kind), "forward_ipv4"))
        cases.append(Case("v6 %s h2 -> h1" % kind, 2, v6(2, host_v6(1), kind), "forward_ipv6"))
        cases.append(Case("v4 %s h3 -> h2" % kind, 3, v4(3, host_v4(2), kind), "forward_ipv4"))
    cases += [
        Case("v4 h2 -> 198.51.100.200 (/25 via h3)", 2, v4(2, "198.51.100.200"), "forward_ipv4"),
        Case("v4 h3 -> 198.51.100.10 (/24 via h2)", 3, v4(3, "198.51.100.10"), "forward_ipv4"),
        Case("v4 h2 -> 10.0.3.7 (no static neighbour)", 2, v4(2, "10.0.3.7"), "host_no_neighbour"),
        Case("v6 h3 -> 2001:db8:100::10 (/48 via h2)", 3, v6(3, "2001:db8:100::10"), "forward_ipv6"),
        Case("v6 h2 -> 2001:db8:3::7 (no static neighbour)", 2, v6(2, "2001:db8:3::7"),
             "host_no_neighbour"),
        Case("v4 h2 ttl 1 -> h1", 2, v4(2, host_v4(1), ttl=1), "host_ttl"),
        Case("v6 h3 hop limit 1 -> h1", 3, v6(3, host_v6(1), hlim=1), "host_ttl"),
        Case("v4 h3 -> 203.0.113.5 (/32 via h3 itself: back out of port 3)", 3,
             v4(3, "203.0.113.5"), "forward_ipv4", "icmp-redirect"),
    ]
    return cases


def all_cases():
    cases = (destination_cases() + ttl_cases() + ipv4_option_cases() + malformed_ipv4_cases() +
             not_ip_cases() + arp_cases() + ipv6_extension_cases() + malformed_ipv6_cases() +
             nd_cases() + reverse_cases())
    names = [case.name for case in cases]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError("duplicate case names: %s" % sorted(duplicates))
    return cases
