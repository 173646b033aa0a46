// STF feature test: header fields that do not start or end on a byte (3, 13, 1, 7, 20
// and 12 bits) are read and written in place without disturbing their neighbours,
// including a write that straddles bytes. The egress port is the 3-bit field plus one.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<3>  flags;
    bit<13> offset;
    bit<1>  bit_a;
    bit<7>  seven;
    bit<20> label;
    bit<12> vid;
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
        hdr.ops.offset = hdr.ops.offset + 1;
        hdr.ops.bit_a = ~hdr.ops.bit_a;
        hdr.ops.label = hdr.ops.label ^ 20w0xfffff;
        hdr.ops.vid = (bit<12>)hdr.ops.seven;
        send_to_port((PortId_t)((bit<32>)hdr.ops.flags + 1));
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
