// STF feature test: a ternary table (tuple-space search) on the IPv4 destination and
// protocol; overlapping entries are decided by priority, wildcards by omission.
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

struct headers_t { ethernet_h ethernet; ipv4_h ipv4; }
struct meta_t { }

parser Ipv4Parser(packet_in pkt, out headers_t hdr, inout meta_t meta,
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
    action mark_tos(bit<8> tos, PortId_t port) {
        hdr.ipv4.tos = tos;
        send_to_port(port);
    }
    action drop() { drop_packet(); }

    table acl {
        key = {
            hdr.ipv4.dst      : ternary;
            hdr.ipv4.protocol : ternary;
        }
        actions = { forward; mark_tos; drop; }
        default_action = drop();
        size = 64;
    }

    apply {
        if (hdr.ipv4.isValid()) {
            acl.apply();
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
    }
}

PNA_NIC(Ipv4Parser(), NoPre(), ingress(), Deparser()) main;
