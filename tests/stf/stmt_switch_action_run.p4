// STF feature test: switch on table.apply().action_run runs the case of the action the
// table chose (entry or default), with a default case; and if (t.apply().hit) / .miss on
// a second table. The egress port is set in the switch cases.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8> key;
    bit<8> tag;
    bit<8> hits;
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
    action set_a() { hdr.ops.tag = 0xa; }
    action set_b(bit<8> t) { hdr.ops.tag = t; }
    action set_c() { hdr.ops.tag = 0xc; }
    action nop() { }

    table classify {
        key = { hdr.ops.key : exact; }
        actions = { set_a; set_b; set_c; }
        default_action = set_c();
        size = 16;
    }

    table seen {
        key = { hdr.ops.tag : exact; }
        actions = { nop; }
        default_action = nop();
        size = 16;
    }

    apply {
        switch (classify.apply().action_run) {
            set_a: { send_to_port((PortId_t)1); }
            set_b: { send_to_port((PortId_t)2); }
            default: { send_to_port((PortId_t)7); }
        }
        if (seen.apply().hit) {
            hdr.ops.hits = 1;
        } else {
            hdr.ops.hits = 0xf0;
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
