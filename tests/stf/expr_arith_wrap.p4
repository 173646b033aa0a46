// STF feature test: + and - wrap around at the declared width for bit<8>, <16>, <32>,
// <48> and <64>: each field pair (a, b) becomes (a + b, a - b), and the egress port is
// the low byte of the 8-bit sum, so a carry that leaks past a width changes the bytes
// and a wrong 8-bit sum changes the port.
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
    bit<32> a32;
    bit<32> b32;
    bit<48> a48;
    bit<48> b48;
    bit<64> a64;
    bit<64> b64;
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
        bit<8> a8 = hdr.ops.a8;
        hdr.ops.a8 = a8 + hdr.ops.b8;
        hdr.ops.b8 = a8 - hdr.ops.b8;
        bit<16> a16 = hdr.ops.a16;
        hdr.ops.a16 = a16 + hdr.ops.b16;
        hdr.ops.b16 = a16 - hdr.ops.b16;
        bit<32> a32 = hdr.ops.a32;
        hdr.ops.a32 = a32 + hdr.ops.b32;
        hdr.ops.b32 = a32 - hdr.ops.b32;
        bit<48> a48 = hdr.ops.a48;
        hdr.ops.a48 = a48 + hdr.ops.b48;
        hdr.ops.b48 = a48 - hdr.ops.b48;
        bit<64> a64 = hdr.ops.a64;
        hdr.ops.a64 = a64 + hdr.ops.b64;
        hdr.ops.b64 = a64 - hdr.ops.b64;
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
