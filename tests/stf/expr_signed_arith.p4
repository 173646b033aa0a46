// STF feature test: int<W> arithmetic: +, - and * wrap in two's complement, unary minus,
// and the sign is kept by widening casts. The egress port is the low byte of a - b.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    int<8>  a;
    int<8>  b;
    int<8>  sum;
    int<8>  prod;
    int<8>  neg;
    int<32> wide;
    int<64> a64;
    int<64> b64;
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
        hdr.ops.sum = hdr.ops.a + hdr.ops.b;
        hdr.ops.prod = hdr.ops.a * hdr.ops.b;
        hdr.ops.neg = -hdr.ops.a;
        hdr.ops.wide = (int<32>)hdr.ops.a - (int<32>)hdr.ops.b;
        hdr.ops.a64 = hdr.ops.a64 - hdr.ops.b64;
        send_to_port((PortId_t)(bit<32>)(bit<8>)(hdr.ops.a - hdr.ops.b));
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
