// module_router.p4 -- models an IPv4/IPv6 router: router-MAC check, LPM
// routes to next hops, MAC rewrite from a neighbour table, TTL / hop-limit
// decrement with an incremental IPv4 checksum update, punting of ARP,
// neighbour discovery, local traffic, TTL expiry and unresolved next hops to
// the host, and counters by reason.
#include <core.p4>
#include <pna.p4>

typedef bit<48>  MacAddr_t;
typedef bit<32>  Ipv4Addr_t;
typedef bit<128> Ipv6Addr_t;
typedef bit<16>  NextHopId_t;

const bit<16> ETHERTYPE_IPV4 = 0x0800;
const bit<16> ETHERTYPE_ARP  = 0x0806;
const bit<16> ETHERTYPE_IPV6 = 0x86dd;
const bit<8>  IPPROTO_ICMPV6 = 58;

// What happened to a packet; indexes the reason counter.
enum bit<8> Reason_t {
    FORWARDED      = 0,
    NOT_ROUTER_MAC = 1,
    PARSE_ERROR    = 2,
    NO_ROUTE       = 3,
    TTL_EXPIRED    = 4,
    PUNT_ARP       = 5,
    PUNT_ND        = 6,
    PUNT_LOCAL     = 7,
    PUNT_NO_NEIGH  = 8,
    BLACKHOLE      = 9
}
const bit<32> REASON_COUNT = 16;

error { BadIPv4HeaderLength, BadIPVersion }

header ethernet_h {
    MacAddr_t dst_addr;
    MacAddr_t src_addr;
    bit<16>   ether_type;
}

header arp_h {
    bit<16> htype;
    bit<16> ptype;
    bit<8>  hlen;
    bit<8>  plen;
    bit<16> oper;
}

header ipv4_h {
    bit<4>     version;
    bit<4>     ihl;
    bit<6>     dscp;
    bit<2>     ecn;
    bit<16>    total_len;
    bit<16>    identification;
    bit<3>     flags;
    bit<13>    frag_offset;
    bit<8>     ttl;
    bit<8>     protocol;
    bit<16>    hdr_checksum;
    Ipv4Addr_t src_addr;
    Ipv4Addr_t dst_addr;
}

// IPv4 options, 0 to 40 bytes, kept as they are.
header ipv4_options_h {
    varbit<320> options;
}

header ipv6_h {
    bit<4>     version;
    bit<8>     traffic_class;
    bit<20>    flow_label;
    bit<16>    payload_len;
    bit<8>     next_hdr;
    bit<8>     hop_limit;
    Ipv6Addr_t src_addr;
    Ipv6Addr_t dst_addr;
}

header icmpv6_h {
    bit<8>  type;
    bit<8>  code;
    bit<16> checksum;
}

struct headers_t {
    ethernet_h     ethernet;
    arp_h          arp;
    ipv4_h         ipv4;
    ipv4_options_h ipv4_options;
    ipv6_h         ipv6;
    icmpv6_h       icmpv6;
}

struct router_meta_t {
    NextHopId_t nexthop;
    Reason_t    reason;
    bool        punt;
    bool        routed;
    PortId_t    host_port;  // the host vport that receives punted packets
}

// Neighbour discovery: router/neighbour solicitation and advertisement, redirect.
bool is_neighbour_discovery(in icmpv6_h icmp) {
    return icmp.isValid() && icmp.type >= 133 && icmp.type <= 137;
}

parser RouterParser(packet_in pkt,
                    out headers_t hdr,
                    inout router_meta_t meta,
                    in pna_main_parser_input_metadata_t istd) {
    state start {
        meta.punt = false;
        meta.routed = false;
        meta.reason = Reason_t.FORWARDED;
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_IPV4: parse_ipv4;
            ETHERTYPE_IPV6: parse_ipv6;
            ETHERTYPE_ARP:  parse_arp;
            default: accept;
        }
    }

    state parse_arp {
        pkt.extract(hdr.arp);
        transition accept;
    }

    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        verify(hdr.ipv4.version == 4, error.BadIPVersion);
        verify(hdr.ipv4.ihl >= 5, error.BadIPv4HeaderLength);
        transition select(hdr.ipv4.ihl) {
            5: accept;
            default: parse_ipv4_options;
        }
    }

    state parse_ipv4_options {
        // ihl counts 32-bit words; the fixed header is 5 of them.
        pkt.extract(hdr.ipv4_options, ((bit<32>)hdr.ipv4.ihl - 5) * 32);
        transition accept;
    }

    state parse_ipv6 {
        pkt.extract(hdr.ipv6);
        verify(hdr.ipv6.version == 6, error.BadIPVersion);
        transition select(hdr.ipv6.next_hdr) {
            IPPROTO_ICMPV6: parse_icmpv6;
            default: accept;
        }
    }

    state parse_icmpv6 {
        pkt.extract(hdr.icmpv6);
        transition accept;
    }
}

control RouterPreControl(in headers_t hdr,
                         inout router_meta_t meta,
                         in pna_pre_input_metadata_t istd,
                         inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control RouterControl(inout headers_t hdr,
                      inout router_meta_t meta,
                      in pna_main_input_metadata_t istd,
                      inout pna_main_output_metadata_t ostd) {
    Counter<bit<64>, bit<8>>(REASON_COUNT, PNA_CounterType_t.PACKETS_AND_BYTES) reason_counter;
    InternetChecksum() ipv4_checksum;

    action count_and_drop(Reason_t reason) {
        meta.reason = reason;
        drop_packet();
    }

    action punt(Reason_t reason) {
        meta.reason = reason;
        meta.punt = true;
    }

    // --- which host vport gets punted packets (one entry per input port) ---

    action set_host_port(PortId_t port) {
        meta.host_port = port;
    }

    table host_port {
        key = { istd.input_port : exact; }
        actions = { set_host_port; }
        default_action = set_host_port((PortId_t)32w0);
        size = 256;
    }

    // --- is the frame addressed to the router? ------------------------------

    table router_mac {
        key = {
            istd.input_port       : exact;
            hdr.ethernet.dst_addr : exact;
        }
        actions = { NoAction; }
        default_action = NoAction();
        size = 1024;
    }

    // --- routes ------------------------------------------------------------------

    action set_nexthop(NextHopId_t nexthop) {
        meta.nexthop = nexthop;
        meta.routed = true;
    }

    table ipv4_routes {
        key = { hdr.ipv4.dst_addr : lpm @name("prefix"); }
        actions = {
            set_nexthop;
            punt;            // local addresses
            count_and_drop;  // blackhole routes
        }
        default_action = count_and_drop(Reason_t.NO_ROUTE);
        size = 65536;
    }

    table ipv6_routes {
        key = { hdr.ipv6.dst_addr : lpm @name("prefix"); }
        actions = {
            set_nexthop;
            punt;
            count_and_drop;
        }
        default_action = count_and_drop(Reason_t.NO_ROUTE);
        size = 65536;
    }

    // --- neighbours: next hop -> MACs and port ---------------------------------

    action set_neighbour(MacAddr_t dst_mac, MacAddr_t src_mac, PortId_t port) {
        hdr.ethernet.dst_addr = dst_mac;
        hdr.ethernet.src_addr = src_mac;
        send_to_port(port);
    }

    table neighbours {
        key = { meta.nexthop : exact; }
        actions = {
            set_neighbour;
            @defaultonly punt;
        }
        // Unresolved: the host resolves it and the agent syncs the entry.
        default_action = punt(Reason_t.PUNT_NO_NEIGH);
        size = 16384;
    }

    // RFC 1624: HC' = ~(~HC + ~m + m'), done with subtract/add.
    action decrement_ipv4_ttl() {
        ipv4_checksum.clear();
        ipv4_checksum.subtract(hdr.ipv4.hdr_checksum);
        ipv4_checksum.subtract({ hdr.ipv4.ttl, hdr.ipv4.protocol });
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
        ipv4_checksum.add({ hdr.ipv4.ttl, hdr.ipv4.protocol });
        hdr.ipv4.hdr_checksum = ipv4_checksum.get();
    }

    action decrement_hop_limit() {
        hdr.ipv6.hop_limit = hdr.ipv6.hop_limit - 1;
    }

    apply {
        host_port.apply();

        if (istd.parser_error != error.NoError) {
            count_and_drop(Reason_t.PARSE_ERROR);
        } else if (hdr.arp.isValid()) {
            punt(Reason_t.PUNT_ARP);
        } else if (!router_mac.apply().hit) {
            count_and_drop(Reason_t.NOT_ROUTER_MAC);
        } else if (hdr.ipv4.isValid()) {
            if (hdr.ipv4.ttl <= 1) {
                punt(Reason_t.TTL_EXPIRED);  // the host sends ICMP time exceeded
            } else {
                ipv4_routes.apply();
                if (meta.routed) {
                    decrement_ipv4_ttl();
                }
            }
        } else if (hdr.ipv6.isValid()) {
            if (is_neighbour_discovery(hdr.icmpv6)) {
                punt(Reason_t.PUNT_ND);
            } else if (hdr.ipv6.hop_limit <= 1) {
                punt(Reason_t.TTL_EXPIRED);
            } else {
                ipv6_routes.apply();
                if (meta.routed) {
                    decrement_hop_limit();
                }
            }
        } else {
            punt(Reason_t.PUNT_LOCAL);  // other protocols are the host's business
        }

        if (meta.routed) {
            neighbours.apply();
        }
        if (meta.punt) {
            send_to_port(meta.host_port);
        }
        reason_counter.count((bit<8>)meta.reason);
    }
}

control RouterDeparser(packet_out pkt,
                       in headers_t hdr,
                       in router_meta_t meta,
                       in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.arp);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.ipv4_options);
        pkt.emit(hdr.ipv6);
        pkt.emit(hdr.icmpv6);
    }
}

PNA_NIC(RouterParser(), RouterPreControl(), RouterControl(), RouterDeparser()) main;
