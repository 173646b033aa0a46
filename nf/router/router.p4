// router: an IPv4/IPv6 router (nf/router/README.md says what it does and how to
// configure it).
//
//   destination -> ipv4_routes / ipv6_routes (LPM) -> next hop id
//   next hop id -> nexthops (exact)  -> output port + neighbour MAC
//   output port -> port_macs (exact) -> source MAC and MTU
//   IP length <= MTU: MACs rewritten, TTL / hop limit - 1 (IPv4: incremental checksum
//   update), send_to_port
//
// Everything a router's control plane must see goes to the host stack instead: ARP, IPv6
// neighbour discovery, packets for the router's own addresses (local_ipv4 / local_ipv6),
// multicast, broadcast and link-local traffic, TTL or hop-limit expiry (the kernel sends
// the ICMP error), next hops without a neighbour (the kernel resolves it), packets too big
// for the output port (the kernel fragments them or sends the ICMP error) and, per config,
// destinations without a route. Malformed IPv4 and IPv6, and martian sources, are dropped.
// Every decision is counted by reason (`reasons`), and every packet by port (`rx_port`,
// `tx_port`).
#include <core.p4>
#include <pna.p4>

#include "../common/headers.p4"

// Indexes of the `reasons` counter (nf/router/README.md lists them with their names; the
// control plane reads them by these numbers).
const bit<32> REASON_FORWARD_IPV4       = 0;
const bit<32> REASON_FORWARD_IPV6       = 1;
const bit<32> REASON_HOST_ARP           = 2;
const bit<32> REASON_HOST_ND            = 3;
const bit<32> REASON_HOST_LOCAL         = 4;
const bit<32> REASON_HOST_TTL           = 5;
const bit<32> REASON_HOST_NO_NEIGHBOUR  = 6;
const bit<32> REASON_HOST_NO_ROUTE      = 7;
const bit<32> REASON_HOST_LINK_SCOPE    = 8;   // multicast, broadcast, link-local
const bit<32> REASON_HOST_NOT_IP        = 9;
const bit<32> REASON_DROP_NO_ROUTE      = 10;
const bit<32> REASON_DROP_BAD_VERSION   = 11;
const bit<32> REASON_DROP_BAD_IHL       = 12;  // IHL < 5
const bit<32> REASON_DROP_BAD_LENGTH    = 13;  // total length < header length
const bit<32> REASON_DROP_TRUNCATED     = 14;  // the frame ends inside a header
const bit<32> REASON_DROP_NO_PORT_MAC   = 15;  // the output port has no source MAC
const bit<32> REASON_HOST_MTU           = 16;  // longer than the output port's MTU
const bit<32> REASON_DROP_MARTIAN_SOURCE = 17;  // a source no packet may come from
const bit<32> REASON_COUNT              = 18;

const bit<32> IPV6_HEADER_BYTES = 40;

const bit<32> PORT_COUNT = 256;

error { IPv4BadVersion, IPv4BadHeaderLength, IPv6BadVersion }

struct router_headers_t {
    ethernet_h ethernet;
    ipv4_h     ipv4;
    ipv6_h     ipv6;
    icmpv6_h   icmpv6;
}

struct router_metadata_t {
    bool      routed;         // a route gave a next hop
    bit<32>   nexthop;
    PortId_t  port;           // the next hop's output port
    // Written into the frame only once it may leave: a packet handed to the host (too big
    // for the port) must reach the kernel as it came.
    MacAddr_t neighbour_mac;  // the next hop's
    MacAddr_t port_mac;       // the output port's
    bit<16>   port_mtu;       // the output port's MTU: the longest IP packet it sends
    bit<32>   ip_length;      // the IP packet's length, header included, as it says
    bit<32>   reason;         // the `reasons` cell the packet counts in
}

parser RouterParser(packet_in pkt,
                    out router_headers_t hdr,
                    inout router_metadata_t meta,
                    in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_IPV4: parse_ipv4;
            ETHERTYPE_IPV6: parse_ipv6;
            default: accept;
        }
    }

    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        verify(hdr.ipv4.version == 4, error.IPv4BadVersion);
        // The options are not parsed (the router forwards them as they are), but they
        // must be in the frame: one state per option length checks that they are, with a
        // lookahead that reads nothing the program keeps.
        transition select(hdr.ipv4.ihl) {
            5: accept;
            6: ipv4_options_4;
            7: ipv4_options_8;
            8: ipv4_options_12;
            9: ipv4_options_16;
            10: ipv4_options_20;
            11: ipv4_options_24;
            12: ipv4_options_28;
            13: ipv4_options_32;
            14: ipv4_options_36;
            15: ipv4_options_40;
            default: ipv4_bad_ihl;
        }
    }

    state ipv4_bad_ihl {
        verify(false, error.IPv4BadHeaderLength);
        transition accept;
    }

    state ipv4_options_4  { pkt.lookahead<bit<32>>();  transition accept; }
    state ipv4_options_8  { pkt.lookahead<bit<64>>();  transition accept; }
    state ipv4_options_12 { pkt.lookahead<bit<96>>();  transition accept; }
    state ipv4_options_16 { pkt.lookahead<bit<128>>(); transition accept; }
    state ipv4_options_20 { pkt.lookahead<bit<160>>(); transition accept; }
    state ipv4_options_24 { pkt.lookahead<bit<192>>(); transition accept; }
    state ipv4_options_28 { pkt.lookahead<bit<224>>(); transition accept; }
    state ipv4_options_32 { pkt.lookahead<bit<256>>(); transition accept; }
    state ipv4_options_36 { pkt.lookahead<bit<288>>(); transition accept; }
    state ipv4_options_40 { pkt.lookahead<bit<320>>(); transition accept; }

    state parse_ipv6 {
        pkt.extract(hdr.ipv6);
        verify(hdr.ipv6.version == 6, error.IPv6BadVersion);
        // Only an ICMPv6 header right after the fixed header can be neighbour discovery
        // (RFC 4861 messages carry no extension headers). A payload too short to hold it
        // is forwarded like any other packet, as Linux does.
        transition select(hdr.ipv6.next_header, hdr.ipv6.payload_len) {
            (IPPROTO_ICMPV6, 0 .. 3): accept;
            (IPPROTO_ICMPV6, _): parse_icmpv6;
            default: accept;
        }
    }

    state parse_icmpv6 {
        pkt.extract(hdr.icmpv6);
        transition accept;
    }
}

control RouterPreControl(in router_headers_t hdr,
                         inout router_metadata_t meta,
                         in pna_pre_input_metadata_t istd,
                         inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control RouterControl(inout router_headers_t hdr,
                      inout router_metadata_t meta,
                      in pna_main_input_metadata_t istd,
                      inout pna_main_output_metadata_t ostd) {
    Counter<bit<64>, bit<32>>(REASON_COUNT, PNA_CounterType_t.PACKETS_AND_BYTES) reasons;
    Counter<bit<64>, PortId_t>(PORT_COUNT, PNA_CounterType_t.PACKETS_AND_BYTES) rx_port;
    Counter<bit<64>, PortId_t>(PORT_COUNT, PNA_CounterType_t.PACKETS_AND_BYTES) tx_port;

    // Each decision only notes its reason; `reasons` counts it once, at the end of apply:
    // one counter update in the program instead of one per decision (a third of the
    // program's instructions).
    action to_host(in bit<32> reason) {
        meta.reason = reason;
        send_to_host();
    }

    action drop(in bit<32> reason) {
        meta.reason = reason;
        drop_packet();
    }

    // --- the router's own addresses (interface addresses, subnet broadcasts) ---------

    action local() {
        to_host(REASON_HOST_LOCAL);
    }

    table local_ipv4 {
        key = { hdr.ipv4.dst_addr : exact; }
        actions = { local; NoAction; }
        default_action = NoAction();
        size = 1024;
    }

    table local_ipv6 {
        key = { hdr.ipv6.dst_addr : exact; }
        actions = { local; NoAction; }
        default_action = NoAction();
        size = 1024;
    }

    // The router's own IPv4 addresses (not its subnet broadcasts) as a source: Linux drops
    // such packets as martians (fib_validate_source: the address is local), and so does
    // the router. IPv6 has no such rule (Linux forwards them).
    action own_source() {
        drop(REASON_DROP_MARTIAN_SOURCE);
    }

    table own_sources_ipv4 {
        key = { hdr.ipv4.src_addr : exact; }
        actions = { own_source; NoAction; }
        default_action = NoAction();
        size = 1024;
    }

    // --- routes ----------------------------------------------------------------------

    action set_nexthop(bit<32> nexthop) {
        meta.routed = true;
        meta.nexthop = nexthop;
    }

    // A route whose next hop has no neighbour entry yet, or a connected subnet: the
    // kernel resolves the neighbour (ARP / ND) and routes this packet itself.
    action route_to_host() {
        to_host(REASON_HOST_NO_NEIGHBOUR);
    }

    // The two choices for a destination without a route (config `no_route:`), set as
    // the routing tables' default action by the control plane.
    action no_route_drop() {
        drop(REASON_DROP_NO_ROUTE);
    }

    action no_route_to_host() {
        to_host(REASON_HOST_NO_ROUTE);
    }

    table ipv4_routes {
        key = { hdr.ipv4.dst_addr : lpm; }
        actions = { set_nexthop; route_to_host; no_route_drop; no_route_to_host; }
        default_action = no_route_drop();
        size = 1048576;
    }

    table ipv6_routes {
        key = { hdr.ipv6.dst_addr : lpm; }
        actions = { set_nexthop; route_to_host; no_route_drop; no_route_to_host; }
        default_action = no_route_drop();
        size = 1048576;
    }

    // --- next hops and ports -----------------------------------------------------------

    action forward(PortId_t port, MacAddr_t neighbour_mac) {
        meta.port = port;
        meta.neighbour_mac = neighbour_mac;
    }

    action nexthop_to_host() {
        to_host(REASON_HOST_NO_NEIGHBOUR);
    }

    table nexthops {
        key = { meta.nexthop : exact; }
        actions = { forward; nexthop_to_host; }
        default_action = nexthop_to_host();
        size = 65536;
    }

    // `mtu`: the port's MTU, the longest IP packet (header included) it may send.
    action set_source_mac(MacAddr_t mac, bit<16> mtu) {
        meta.port_mac = mac;
        meta.port_mtu = mtu;
    }

    action port_unconfigured() {
        drop(REASON_DROP_NO_PORT_MAC);
    }

    table port_macs {
        key = { meta.port : exact; }
        actions = { set_source_mac; port_unconfigured; }
        default_action = port_unconfigured();
        size = PORT_COUNT;
    }

    apply {
        rx_port.count(istd.input_port);
        meta.routed = false;
        meta.nexthop = 0;
        meta.port = 0;
        meta.reason = REASON_COUNT;  // every path sets it; a cell past the end counts nothing

        if (istd.parser_error != error.NoError) {
            if (istd.parser_error == error.IPv4BadVersion ||
                istd.parser_error == error.IPv6BadVersion) {
                drop(REASON_DROP_BAD_VERSION);
            } else if (istd.parser_error == error.IPv4BadHeaderLength) {
                drop(REASON_DROP_BAD_IHL);
            } else {
                drop(REASON_DROP_TRUNCATED);
            }
        } else if (hdr.ipv4.isValid()) {
            meta.ip_length = (bit<32>)hdr.ipv4.total_len;
            if (hdr.ipv4.total_len < ((bit<16>)hdr.ipv4.ihl) << 2) {
                drop(REASON_DROP_BAD_LENGTH);
            } else if (!local_ipv4.apply().hit) {
                if (hdr.ipv4.dst_addr[31:28] == 0xe || hdr.ipv4.dst_addr == 0xffffffff) {
                    to_host(REASON_HOST_LINK_SCOPE);  // multicast, limited broadcast
                } else if (hdr.ipv4.src_addr[31:28] == 0xe || hdr.ipv4.src_addr == 0xffffffff ||
                           hdr.ipv4.src_addr == 0 || hdr.ipv4.src_addr[31:24] == 127) {
                    // Martian sources, as Linux's ip_route_input_slow has them: multicast,
                    // limited broadcast, 0.0.0.0 (the rest of 0/8 Linux forwards from),
                    // loopback (127/8).
                    drop(REASON_DROP_MARTIAN_SOURCE);
                } else if (!own_sources_ipv4.apply().hit) {
                    if (hdr.ipv4.ttl <= 1) {
                        to_host(REASON_HOST_TTL);
                    } else {
                        ipv4_routes.apply();
                    }
                }
            }
        } else if (hdr.ipv6.isValid()) {
            meta.ip_length = (bit<32>)hdr.ipv6.payload_len + IPV6_HEADER_BYTES;
            if (hdr.icmpv6.isValid() && hdr.icmpv6.type >= ICMPV6_ND_FIRST &&
                hdr.icmpv6.type <= ICMPV6_ND_LAST) {
                to_host(REASON_HOST_ND);
            } else if (!local_ipv6.apply().hit) {
                // Multicast (ff00::/8) and link-local (fe80::/10) destinations, and
                // link-local sources, never leave the link: the kernel handles them.
                if (hdr.ipv6.dst_addr[127:120] == 0xff ||
                    hdr.ipv6.dst_addr[127:118] == 0x3fa ||
                    hdr.ipv6.src_addr[127:118] == 0x3fa) {
                    to_host(REASON_HOST_LINK_SCOPE);
                } else if (hdr.ipv6.src_addr[127:120] == 0xff || hdr.ipv6.src_addr <= 1) {
                    // Martian sources, as Linux has them (ip6_rcv_core, ip6_forward):
                    // multicast, loopback (::1), unspecified (::).
                    drop(REASON_DROP_MARTIAN_SOURCE);
                } else if (hdr.ipv6.hop_limit <= 1) {
                    to_host(REASON_HOST_TTL);
                } else {
                    ipv6_routes.apply();
                }
            }
        } else if (hdr.ethernet.ether_type == ETHERTYPE_ARP) {
            to_host(REASON_HOST_ARP);
        } else {
            to_host(REASON_HOST_NOT_IP);
        }

        if (meta.routed) {
            switch (nexthops.apply().action_run) {
                forward: {
                if (port_macs.apply().hit) {
                    // Too big for the port: the kernel fragments it (IPv4 without DF) or
                    // answers with ICMP fragmentation needed / packet too big, as Linux
                    // does. The length is the IP header's own (total length; payload
                    // length + 40), which is what Linux compares after trimming the frame
                    // to it, and which counts every byte also where the program sees only
                    // part of the frame (a TC skb's linear data). A TC skb of several
                    // segments (GSO, GRO) is longer than any MTU: it goes out as it is
                    // when each segment fits the port's interface, as Linux forwards it.
                    if (meta.ip_length > (bit<32>)meta.port_mtu && !segments_fit_mtu(meta.port)) {
                        to_host(REASON_HOST_MTU);
                    } else {
                        if (hdr.ipv4.isValid()) {
                            // RFC 1624 (eqn. 3), as the kernel's ip_decrease_ttl does it:
                            // the TTL is the high byte of its 16-bit word, so the word drops
                            // by 0x0100 and the checksum rises by as much, end-around carry
                            // folded in.
                            bit<32> sum = (bit<32>)hdr.ipv4.hdr_checksum + 0x0100;
                            hdr.ipv4.hdr_checksum = (bit<16>)(sum + (sum >= 0xffff ? 32w1 : 32w0));
                            hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
                            meta.reason = REASON_FORWARD_IPV4;
                        } else {
                            hdr.ipv6.hop_limit = hdr.ipv6.hop_limit - 1;
                            meta.reason = REASON_FORWARD_IPV6;
                        }
                        hdr.ethernet.dst_addr = meta.neighbour_mac;
                        hdr.ethernet.src_addr = meta.port_mac;
                        tx_port.count(meta.port);
                        send_to_port(meta.port);
                    }
                }
                }
            }
        }
        reasons.count(meta.reason);
    }
}

control RouterDeparser(packet_out pkt,
                       in router_headers_t hdr,
                       in router_metadata_t meta,
                       in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.ipv6);
        pkt.emit(hdr.icmpv6);
    }
}

PNA_NIC(RouterParser(), RouterPreControl(), RouterControl(), RouterDeparser()) main;
