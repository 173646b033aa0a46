// STF feature test: switch on a bit<8> value: single labels, several labels sharing one
// body (fall-through of empty labels), a default, and a switch with no matching label
// and no default (nothing happens). The egress port comes from the taken case.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8> k;
    bit<8> tag;
    bit<8> other;
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
        switch (hdr.ops.k) {
            1: { hdr.ops.tag = 0x10; send_to_port((PortId_t)1); }
            2:
            3: { hdr.ops.tag = 0x23; send_to_port((PortId_t)2); }
            0xff: { hdr.ops.tag = 0xff; drop_packet(); }
            default: { hdr.ops.tag = hdr.ops.k + 1; send_to_port((PortId_t)9); }
        }
        switch (hdr.ops.other) {
            7: { hdr.ops.other = 0x70; }
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
