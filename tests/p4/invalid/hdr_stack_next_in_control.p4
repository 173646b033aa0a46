// .next and .last follow the parser through a header stack: a control indexes it instead.
#include <core.p4>
#include <pna.p4>

header mpls_h { bit<20> label; bit<3> tc; bit<1> bos; bit<8> ttl; }
struct headers_t { mpls_h[4] mpls; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.mpls.next);
        transition select(hdr.mpls.last.bos) {
            0: start;
            default: accept;
        }
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
          inout pna_main_output_metadata_t ostd) {
    apply {
        hdr.mpls.last.ttl = hdr.mpls.last.ttl - 1;
        hdr.mpls.next.label = 16;
        hdr.mpls[0].ttl = 1;
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), NoPre(), C(), D()) main;
