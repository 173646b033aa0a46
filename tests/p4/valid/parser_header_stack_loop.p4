// parser_header_stack_loop.p4 -- a parser loop filling a header stack with .next, testing .last, ending on StackOutOfBounds.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header mpls_h     { bit<20> label; bit<3> tc; bit<1> bos; bit<8> ttl; }
header ipv4_h     { bit<4> version; bit<4> ihl; bit<8> tos; bit<16> len; bit<128> rest; }

const bit<32> MAX_LABELS = 4;

struct headers_t {
    ethernet_h           eth;
    mpls_h[MAX_LABELS]   mpls;   // the size is a compile-time constant expression
    ipv4_h               ipv4;
}
struct meta_t { bit<8> depth; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        meta.depth = 0;
        pkt.extract(hdr.eth);
        transition select(hdr.eth.ether_type) {
            0x8847: parse_mpls;
            default: accept;
        }
    }
    // Loops once per label; a fifth label makes .next fail with StackOutOfBounds.
    state parse_mpls {
        pkt.extract(hdr.mpls.next);
        meta.depth = meta.depth + 1;
        transition select(hdr.mpls.last.bos) {
            0: parse_mpls;
            1: after_mpls;
        }
    }
    state after_mpls {
        // lastIndex is the index of the entry extracted last.
        transition select(hdr.mpls.lastIndex, pkt.lookahead<bit<4>>()) {
            (_, 4): parse_ipv4;
            default: accept;
        }
    }
    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
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
        if (istd.parser_error == error.StackOutOfBounds) {
            drop_packet();  // label stack deeper than we support
        } else if (hdr.mpls[0].isValid() && hdr.mpls[0].ttl <= 1) {
            drop_packet();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
        pkt.emit(hdr.mpls);
        pkt.emit(hdr.ipv4);
    }
}

PNA_NIC(P(), Pre(), C(), D()) main;
