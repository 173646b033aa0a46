// STF feature test: compound assignments `a op= b` compute `a = a op b` in place: wrapping
// + and *, -=, shifts, |= and ^= on header fields, and a saturating |+|=. The egress port
// is the new value of `a`.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8>  a;
    bit<8>  b;
    bit<16> c;
    bit<8>  s;
    bit<8>  t;
}

struct headers_t { ethernet_h ethernet; ops_h ops; }
struct meta_t { }

parser OpsParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                 in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.ops);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    apply {
        hdr.ops.a += hdr.ops.b;
        hdr.ops.c <<= 4;
        hdr.ops.c |= 16w0x000f;
        hdr.ops.c >>= 1;
        hdr.ops.s |+|= hdr.ops.t;
        hdr.ops.t -= 1;
        hdr.ops.t ^= 0xff;
        hdr.ops.b *= 3;
        send_to_port((PortId_t)(bit<32>)hdr.ops.a);
    }
}

control OpsDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                    in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ops);
    }
}

PNA_NIC(OpsParser(), NoPre(), ingress(), OpsDeparser()) main;
