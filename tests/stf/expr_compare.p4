// STF feature test: comparisons ==, !=, <, <=, >, >= on bit<8>, bit<64>, bit<128> and
// signed int<8>. Each result byte holds the six outcomes as bits (== != < <= > >=, from
// bit 5 down to bit 0), and the egress port is the bit<8> result byte.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8>   a8;
    bit<8>   b8;
    bit<8>   c8;
    bit<64>  a64;
    bit<64>  b64;
    bit<8>   c64;
    bit<128> a128;
    bit<128> b128;
    bit<8>   c128;
    int<8>   s;
    int<8>   t;
    bit<8>   cs;
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
        hdr.ops.c8 = 2w0 ++ (bit<1>)(hdr.ops.a8 == hdr.ops.b8) ++ (bit<1>)(hdr.ops.a8 != hdr.ops.b8)
                     ++ (bit<1>)(hdr.ops.a8 < hdr.ops.b8) ++ (bit<1>)(hdr.ops.a8 <= hdr.ops.b8)
                     ++ (bit<1>)(hdr.ops.a8 > hdr.ops.b8) ++ (bit<1>)(hdr.ops.a8 >= hdr.ops.b8);
        hdr.ops.c64 = 2w0 ++ (bit<1>)(hdr.ops.a64 == hdr.ops.b64) ++ (bit<1>)(hdr.ops.a64 != hdr.ops.b64)
                      ++ (bit<1>)(hdr.ops.a64 < hdr.ops.b64) ++ (bit<1>)(hdr.ops.a64 <= hdr.ops.b64)
                      ++ (bit<1>)(hdr.ops.a64 > hdr.ops.b64) ++ (bit<1>)(hdr.ops.a64 >= hdr.ops.b64);
        hdr.ops.c128 = 2w0 ++ (bit<1>)(hdr.ops.a128 == hdr.ops.b128) ++ (bit<1>)(hdr.ops.a128 != hdr.ops.b128)
                       ++ (bit<1>)(hdr.ops.a128 < hdr.ops.b128) ++ (bit<1>)(hdr.ops.a128 <= hdr.ops.b128)
                       ++ (bit<1>)(hdr.ops.a128 > hdr.ops.b128) ++ (bit<1>)(hdr.ops.a128 >= hdr.ops.b128);
        hdr.ops.cs = 2w0 ++ (bit<1>)(hdr.ops.s == hdr.ops.t) ++ (bit<1>)(hdr.ops.s != hdr.ops.t)
                     ++ (bit<1>)(hdr.ops.s < hdr.ops.t) ++ (bit<1>)(hdr.ops.s <= hdr.ops.t)
                     ++ (bit<1>)(hdr.ops.s > hdr.ops.t) ++ (bit<1>)(hdr.ops.s >= hdr.ops.t);
        send_to_port((PortId_t)(bit<32>)hdr.ops.c8);
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
