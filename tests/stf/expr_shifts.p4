// STF feature test: << and >> by constants and by runtime amounts. Bits shifted past the
// width are lost, a shift by the width or more gives 0, and >> on int<W> is arithmetic
// (copies the sign bit). The egress port is (n << 1) of the 8-bit field.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8>  n;
    bit<8>  amount;
    bit<8>  l8;
    bit<8>  r8;
    bit<32> v32;
    bit<32> l32;
    bit<32> r32;
    bit<64> v64;
    bit<64> l64;
    int<8>  s;
    int<8>  sr;
    bit<16> big;
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
        hdr.ops.l8 = hdr.ops.n << hdr.ops.amount;
        hdr.ops.r8 = hdr.ops.n >> hdr.ops.amount;
        hdr.ops.l32 = hdr.ops.v32 << 4;
        hdr.ops.r32 = hdr.ops.v32 >> hdr.ops.amount;
        hdr.ops.l64 = hdr.ops.v64 << hdr.ops.amount;
        hdr.ops.sr = hdr.ops.s >> hdr.ops.amount;
        hdr.ops.big = hdr.ops.big << 16w20;
        send_to_port((PortId_t)(bit<32>)(hdr.ops.n << 1));
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
