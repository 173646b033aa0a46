// STF feature test: saturating |+| and |-| clamp at the declared width instead of
// wrapping: unsigned bit<8>/bit<16> clamp to 0 and all-ones, signed int<8> to -128 and
// 127. The egress port is the unsigned 8-bit saturated sum.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8>  a8;
    bit<8>  b8;
    bit<16> a16;
    bit<16> b16;
    int<8>  s;
    int<8>  t;
    bit<8>  d8;
    bit<16> d16;
    int<8>  ssum;
    int<8>  sdiff;
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
        hdr.ops.d8 = hdr.ops.a8 |-| hdr.ops.b8;
        hdr.ops.d16 = hdr.ops.a16 |-| hdr.ops.b16;
        hdr.ops.ssum = hdr.ops.s |+| hdr.ops.t;
        hdr.ops.sdiff = hdr.ops.s |-| hdr.ops.t;
        hdr.ops.a8 = hdr.ops.a8 |+| hdr.ops.b8;
        hdr.ops.a16 = hdr.ops.a16 |+| hdr.ops.b16;
        send_to_port((PortId_t)(bit<32>)hdr.ops.a8);
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
