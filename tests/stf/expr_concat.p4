// STF feature test: concatenation ++ of fields of different widths (the left operand
// ends up in the high bits; the result width is the sum), including results wider than
// 64 bits. The egress port is a 4-bit ++ 4-bit value.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<4>  n1;
    bit<4>  n2;
    bit<8>  b;
    bit<16> w;
    bit<24> cat24;
    bit<32> cat32;
    bit<48> mac;
    bit<80> cat80;
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
        hdr.ops.cat24 = hdr.ops.b ++ hdr.ops.w;
        hdr.ops.cat32 = hdr.ops.w ++ hdr.ops.n2 ++ hdr.ops.n1 ++ hdr.ops.b;
        hdr.ops.cat80 = hdr.ops.mac ++ hdr.ops.w ++ 16w0xbeef;
        send_to_port((PortId_t)(bit<32>)(hdr.ops.n2 ++ hdr.ops.n1));
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
