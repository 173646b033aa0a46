// parser_select_mask.p4 -- select cases with value &&& mask keysets.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header ipv4_h {
    bit<4> version; bit<4> ihl; bit<8> tos; bit<16> len;
    bit<16> id; bit<3> flags; bit<13> frag_offset;
    bit<8> ttl; bit<8> protocol; bit<16> csum; bit<32> src; bit<32> dst;
}

struct headers_t { ethernet_h eth; ipv4_h ipv4; }
struct meta_t { bool is_fragment; bool multicast_dst; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        meta.is_fragment = false;
        meta.multicast_dst = false;
        // The I/G bit (bit 40) says whether the destination is a group address.
        transition select(hdr.eth.dst) {
            48w0x010000000000 &&& 48w0x010000000000: mark_multicast;
            default: check_type;
        }
    }
    state mark_multicast {
        meta.multicast_dst = true;
        transition check_type;
    }
    state check_type {
        transition select(hdr.eth.ether_type) {
            0x0800 &&& 0xffff: parse_ipv4;
            default: accept;
        }
    }
    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        // More-fragments flag set, or a non-zero offset: a fragment.
        transition select(hdr.ipv4.flags, hdr.ipv4.frag_offset) {
            (3w0b001 &&& 3w0b001, _): fragment;
            (_, 0): accept;
            (_, _): fragment;
        }
    }
    state fragment {
        meta.is_fragment = true;
        transition accept;
    }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply {
        if (meta.is_fragment || meta.multicast_dst) {
            drop_packet();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.eth); pkt.emit(hdr.ipv4); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
