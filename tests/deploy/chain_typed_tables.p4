// Deploy test module for `p4nf table` with typed values: one table per kind of key the
// command must encode and print back. IPv4 routes (lpm on an IPv4 address), IPv6 routes
// (lpm on a 128-bit address), an ACL (ternary IPv4 source, range on the L4 port,
// optional protocol) and a neighbour table (exact on a 128-bit address and a 16-bit
// VLAN, with a MAC as action data). The tests fill the tables; no packet needs to match
// them. Frames of EtherType 0x88b6 (local experimental) are counted (Counter `probes`) and
// passed on, so a test can compare `p4nf status` with what it sent, whatever else the
// kernel sends on the link.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ipv4_h {
    bit<8>  version_ihl;
    bit<8>  tos;
    bit<16> total_len;
    bit<32> id_frag;
    bit<8>  ttl;
    bit<8>  protocol;
    bit<16> checksum;
    bit<32> src;
    bit<32> dst;
}

header ipv6_h {
    bit<32>  version_class_flow;
    bit<16>  payload_len;
    bit<8>   next_header;
    bit<8>   hop_limit;
    bit<128> src;
    bit<128> dst;
}

header l4_h {
    bit<16> sport;
    bit<16> dport;
}

struct headers_t {
    ethernet_h ethernet;
    ipv4_h     ipv4;
    ipv6_h     ipv6;
    l4_h       l4;
}
struct meta_t {
    bit<16> vlan;
}

parser TypedParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                   in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x0800: parse_ipv4;
            0x86dd: parse_ipv6;
            default: accept;
        }
    }
    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        transition parse_l4;
    }
    state parse_ipv6 {
        pkt.extract(hdr.ipv6);
        transition parse_l4;
    }
    state parse_l4 {
        pkt.extract(hdr.l4);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    Counter<bit<64>, bit<32>>(1, PNA_CounterType_t.PACKETS_AND_BYTES) probes;

    action via(PortId_t port, bit<48> dmac) {
        hdr.ethernet.dst = dmac;
        send_to_port(port);
    }
    action deny(bit<8> code) { drop_packet(); }
    action permit() { send_to_next_module(); }
    action drop() { drop_packet(); }

    table v4_routes {
        key = { hdr.ipv4.dst : lpm; }
        actions = { via; drop; }
        default_action = drop();
        size = 16;
    }

    table v6_routes {
        key = { hdr.ipv6.dst : lpm; }
        actions = { via; drop; }
        default_action = drop();
        size = 16;
    }

    table acl {
        key = {
            hdr.ipv4.src      : ternary;
            hdr.l4.dport      : range;
            hdr.ipv4.protocol : optional;
        }
        actions = { permit; deny; }
        default_action = permit();
        size = 32;
    }

    table neighbours {
        key = {
            hdr.ipv6.src : exact;
            meta.vlan    : exact;
        }
        actions = { via; drop; }
        default_action = drop();
        size = 16;
    }

    apply {
        if (hdr.ethernet.ether_type == 0x88b6) {
            probes.count(0);
            send_to_next_module();
            return;
        }
        if (hdr.ipv4.isValid()) {
            acl.apply();
            v4_routes.apply();
        } else if (hdr.ipv6.isValid()) {
            neighbours.apply();
            v6_routes.apply();
        } else {
            send_to_next_module();
        }
    }
}

control TypedDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                      in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.ipv6);
        pkt.emit(hdr.l4);
    }
}

PNA_NIC(TypedParser(), NoPre(), ingress(), TypedDeparser()) main;
