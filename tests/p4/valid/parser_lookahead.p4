// parser_lookahead.p4 -- lookahead of a bit<N> value and of a whole header, in select and in assignments.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header mpls_h     { bit<20> label; bit<3> tc; bit<1> bos; bit<8> ttl; }
header ipv4_h     { bit<4> version; bit<4> ihl; bit<8> tos; bit<16> len; bit<128> rest; }
header ipv6_h     { bit<4> version; bit<28> flow; bit<32> rest; bit<256> addrs; }

struct headers_t { ethernet_h eth; mpls_h mpls; ipv4_h ipv4; ipv6_h ipv6; }
struct meta_t { bit<20> peeked_label; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.ether_type) {
            0x8847: parse_mpls;
            default: accept;
        }
    }
    state parse_mpls {
        // Peek at the whole label entry before extracting it.
        mpls_h next_label = pkt.lookahead<mpls_h>();
        meta.peeked_label = next_label.label;
        pkt.extract(hdr.mpls);
        // MPLS has no next-protocol field: guess from the first nibble.
        transition select(hdr.mpls.bos, pkt.lookahead<bit<4>>()) {
            (1, 4): parse_ipv4;
            (1, 6): parse_ipv6;
            default: accept;
        }
    }
    state parse_ipv4 { pkt.extract(hdr.ipv4); transition accept; }
    state parse_ipv6 { pkt.extract(hdr.ipv6); transition accept; }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply {
        if (meta.peeked_label != hdr.mpls.label) {
            drop_packet();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
