"""Which reason counter of nf/router a frame sent by a host's own kernel counts in.

The differential test sends its own frames with the reason each must count in written
next to it (cases.py). Besides those, the router also receives what the hosts' kernels
send on their own in answer (echo replies, TCP resets, port unreachables, ARP and ND
answers), and the test's barrier pings. To check the router's counters exactly after each
case, the test classifies those frames here: the README's decision table, for well-formed
frames only, over this topology's routes and neighbours.
"""
import ipaddress
import struct

from topology import NEIGHBOURS, PORTS, ROUTER_MTU_PORT3, ROUTES, port_of

_ROUTER_LOCAL = set()
for _port, (_, _, _, _v4, _v6) in PORTS.items():
    _ROUTER_LOCAL |= {ipaddress.ip_address(_v4 + ".1"), ipaddress.ip_address(_v4 + ".255"),
                      ipaddress.ip_address(_v6 + "::1")}
_NEIGHBOURS = {ipaddress.ip_address(address) for address, _ in NEIGHBOURS}
_CONNECTED = [ipaddress.ip_network(v4 + ".0/24") for _, _, _, v4, _ in PORTS.values()] + \
             [ipaddress.ip_network(v6 + "::/64") for _, _, _, _, v6 in PORTS.values()]
_LINK_LOCAL = ipaddress.ip_network("fe80::/10")
_ROUTER_OWN_V4 = {ipaddress.ip_address(v4 + ".1") for _, _, _, v4, _ in PORTS.values()}
_MTU = {p: ROUTER_MTU_PORT3 if p == 3 else 1500 for p in PORTS}


def martian_source(src):
    """The sources nf/router drops (README, "Martian sources")."""
    if src.version == 4:
        return (src.is_multicast or src == ipaddress.ip_address("255.255.255.255") or
                src == ipaddress.ip_address("0.0.0.0") or src.is_loopback or
                src in _ROUTER_OWN_V4)
    return src.is_multicast or src in (ipaddress.ip_address("::"), ipaddress.ip_address("::1"))


def route_reason(address, family_forward, length):
    """The verdict of the routing tables for a unicast destination, for a packet of
    `length` bytes (IP header included)."""
    if address in _NEIGHBOURS:  # a host route (/32, /128) of a known neighbour
        return family_forward if length <= _MTU[port_of(str(address))] else "host_mtu"
    best, reason = -1, "drop_no_route"
    for network in _CONNECTED:
        if address in network and network.prefixlen > best:
            best, reason = network.prefixlen, "host_no_neighbour"
    for prefix, via, action in ROUTES:
        network = ipaddress.ip_network(prefix)
        if network.version != address.version or address not in network or network.prefixlen <= best:
            continue
        best = network.prefixlen
        if action == "drop":
            reason = "drop_no_route"
        elif action == "host":
            reason = "host_no_neighbour"
        elif ipaddress.ip_address(via) not in _NEIGHBOURS:
            reason = "host_no_neighbour"
        else:
            reason = family_forward if length <= _MTU[port_of(via)] else "host_mtu"
    return reason


def classify(frame):
    ether_type = struct.unpack("!H", frame[12:14])[0]
    if ether_type == 0x0806:
        return "host_arp"
    if ether_type == 0x0800:
        ttl = frame[14 + 8]
        length = struct.unpack("!H", frame[14 + 2:14 + 4])[0]
        src = ipaddress.ip_address(frame[14 + 12:14 + 16])
        dst = ipaddress.ip_address(frame[14 + 16:14 + 20])
        if dst in _ROUTER_LOCAL:
            return "host_local"
        if dst.is_multicast or dst == ipaddress.ip_address("255.255.255.255"):
            return "host_link_scope"
        if martian_source(src):
            return "drop_martian_source"
        if ttl <= 1:
            return "host_ttl"
        return route_reason(dst, "forward_ipv4", length)
    if ether_type == 0x86DD:
        next_header, hop_limit = frame[14 + 6], frame[14 + 7]
        length = 40 + struct.unpack("!H", frame[14 + 4:14 + 6])[0]
        src = ipaddress.ip_address(frame[14 + 8:14 + 24])
        dst = ipaddress.ip_address(frame[14 + 24:14 + 40])
        if next_header == 58 and 133 <= frame[14 + 40] <= 137:
            return "host_nd"
        if dst in _ROUTER_LOCAL:
            return "host_local"
        if dst.is_multicast or dst in _LINK_LOCAL or src in _LINK_LOCAL:
            return "host_link_scope"
        if martian_source(src):
            return "drop_martian_source"
        if hop_limit <= 1:
            return "host_ttl"
        return route_reason(dst, "forward_ipv6", length)
    return "host_not_ip"
