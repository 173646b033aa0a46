// STF feature test: casts. Unsigned widening pads with zeros, narrowing keeps the low
// bits, int<W> widening sign-extends, bit<W> <-> int<W> keeps the bits, bool <-> bit<1>.
// The egress port is (bit<32>) of the narrowed 8-bit value.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<16> u16;
    bit<8>  u8;
    bit<32> u32;
    int<8>  s8;
    int<16> s16;
    bit<16> sbits;
    bit<8>  narrow;
    bit<32> widen;
    bit<1>  flag;
    bit<7>  pad;
    bit<64> wide;
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
        hdr.ops.narrow = (bit<8>)hdr.ops.u16;
        hdr.ops.widen = (bit<32>)hdr.ops.u8;
        hdr.ops.s16 = (int<16>)hdr.ops.s8;
        hdr.ops.sbits = (bit<16>)(int<16>)hdr.ops.s8;
        hdr.ops.s8 = (int<8>)hdr.ops.u8;
        bool b = (bool)hdr.ops.flag;
        hdr.ops.flag = (bit<1>)(!b);
        hdr.ops.wide = (bit<64>)hdr.ops.u32 << 32 | (bit<64>)(bit<32>)(int<32>)hdr.ops.s8;
        send_to_port((PortId_t)(bit<32>)hdr.ops.narrow);
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
