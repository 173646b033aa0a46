// STF feature test: a plain enum: a local of the enum type set in branches, compared
// with == / !=, switched on, and returned by a function. The egress port follows the
// member.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

enum Color { Red, Green, Blue }

Color pick(in bit<8> k) {
    if (k == 0) {
        return Color.Red;
    } else if (k < 10) {
        return Color.Green;
    }
    return Color.Blue;
}

header ops_h {
    bit<8> k;
    bit<8> tag;
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
        Color c = pick(hdr.ops.k);
        switch (c) {
            Color.Red: { send_to_port((PortId_t)1); }
            Color.Green: { send_to_port((PortId_t)2); }
            default: { send_to_port((PortId_t)3); }
        }
        if (c != Color.Red) {
            hdr.ops.tag = c == Color.Blue ? 8w0xb : 8w0x9;
        }
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
