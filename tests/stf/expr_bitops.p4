// STF feature test: &, |, ^ and ~ at 8, 32 and 128 bits. The egress port is a & b of the
// 8-bit fields.
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
    bit<8>   or8;
    bit<8>   xor8;
    bit<8>   not8;
    bit<32>  a32;
    bit<32>  b32;
    bit<32>  x32;
    bit<128> a128;
    bit<128> b128;
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
        hdr.ops.or8 = hdr.ops.a8 | hdr.ops.b8;
        hdr.ops.xor8 = hdr.ops.a8 ^ hdr.ops.b8;
        hdr.ops.not8 = ~hdr.ops.a8;
        hdr.ops.x32 = (hdr.ops.a32 & hdr.ops.b32) ^ ~hdr.ops.a32;
        hdr.ops.a128 = (hdr.ops.a128 ^ hdr.ops.b128) | (hdr.ops.a128 & 128w0xff);
        hdr.ops.b128 = ~hdr.ops.b128;
        send_to_port((PortId_t)(bit<32>)(hdr.ops.a8 & hdr.ops.b8));
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
