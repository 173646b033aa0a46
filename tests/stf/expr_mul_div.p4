// STF feature test: *, / and % on unsigned values of 8, 16, 32 and 64 bits. Products
// wrap at the declared width; quotients and remainders use the runtime divisor. The
// egress port is the 8-bit quotient.
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
    bit<64> a64;
    bit<64> b64;
    bit<8>  q8;
    bit<8>  r8;
    bit<32> q32;
    bit<32> r32;
    bit<64> q64;
    bit<64> r64;
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
        hdr.ops.q8 = hdr.ops.a8 / hdr.ops.b8;
        hdr.ops.r8 = hdr.ops.a8 % hdr.ops.b8;
        hdr.ops.q32 = hdr.ops.a32 / hdr.ops.b32;
        hdr.ops.r32 = hdr.ops.a32 % hdr.ops.b32;
        hdr.ops.q64 = hdr.ops.a64 / hdr.ops.b64;
        hdr.ops.r64 = hdr.ops.a64 % hdr.ops.b64;
        hdr.ops.a8 = hdr.ops.a8 * hdr.ops.b8;
        hdr.ops.a16 = hdr.ops.a16 * hdr.ops.b16;
        hdr.ops.a32 = hdr.ops.a32 * hdr.ops.b32;
        hdr.ops.a64 = hdr.ops.a64 * hdr.ops.b64;
        send_to_port((PortId_t)(bit<32>)hdr.ops.q8);
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
