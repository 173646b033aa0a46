// STF feature test: overlapping ternary entries decided by priority, whatever the order
// they were added in, entries that share a mask, and entries without a priority (the
// first added wins).
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

header ports_h {
    bit<16> src;
    bit<16> dst;
}

struct headers_t { ethernet_h ethernet; ipv4_h ipv4; ports_h ports; }
struct meta_t { }

parser L4Parser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x0800: parse_ipv4;
            default: accept;
        }
    }
    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        transition select(hdr.ipv4.protocol) {
            6: parse_ports;
            17: parse_ports;
            default: accept;
        }
    }
    state parse_ports {
        pkt.extract(hdr.ports);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    action forward(PortId_t port) { send_to_port(port); }
    action drop() { drop_packet(); }

    table rules {
        key = {
            hdr.ipv4.src : ternary;
            hdr.ipv4.dst : ternary;
        }
        actions = { forward; drop; }
        default_action = drop();
        size = 64;
    }

    table first_wins {
        key = { hdr.ports.dst : ternary; }
        actions = { forward; NoAction; }
        default_action = NoAction();
        size = 16;
    }

    apply {
        if (hdr.ports.isValid()) {
            first_wins.apply();
        } else if (hdr.ipv4.isValid()) {
            rules.apply();
        } else {
            drop_packet();
        }
    }
}

control Deparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                 in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.ports);
    }
}

PNA_NIC(L4Parser(), NoPre(), ingress(), Deparser()) main;
