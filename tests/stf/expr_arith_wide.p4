// STF feature test: arithmetic wider than 64 bits. bit<128> and bit<72> add and subtract
// must carry and borrow across the 64-bit word boundary and wrap at the declared width;
// the egress port is the low byte of the 128-bit sum, so a lost carry changes bytes and
// a wrong low word changes the port.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<128> a128;
    bit<128> b128;
    bit<72>  a72;
    bit<72>  b72;
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
        bit<128> a = hdr.ops.a128;
        hdr.ops.a128 = a + hdr.ops.b128;
        hdr.ops.b128 = a - hdr.ops.b128;
        bit<72> c = hdr.ops.a72;
        hdr.ops.a72 = c + hdr.ops.b72;
        hdr.ops.b72 = c - hdr.ops.b72;
        send_to_port((PortId_t)(bit<32>)hdr.ops.a128[7:0]);
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
