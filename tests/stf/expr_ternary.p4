// STF feature test: the conditional operator ?: picks one operand by a runtime
// condition, nests, works on 64-bit values, and chooses the egress port itself (max of a
// and b, or port 1 when they are equal).
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
    bit<8>  max;
    bit<8>  sign;
    bit<64> w;
    bit<64> sel;
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
        hdr.ops.max = hdr.ops.a > hdr.ops.b ? hdr.ops.a : hdr.ops.b;
        hdr.ops.sign = hdr.ops.a == hdr.ops.b ? 8w0 : (hdr.ops.a < hdr.ops.b ? 8w0xff : 8w1);
        hdr.ops.sel = hdr.ops.w[63:63] == 1 ? ~hdr.ops.w : hdr.ops.w + 64w1;
        send_to_port(hdr.ops.a == hdr.ops.b ? (PortId_t)1 : (PortId_t)(bit<32>)hdr.ops.max);
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
