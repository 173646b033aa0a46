// STF feature test: action-data parameters of 8, 16, 48 and 128 bits come from the table
// entry (or from the default action's arguments, in the program and from setdefault) and
// land in the packet unchanged; one of them is the egress port.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8>   key;
    bit<8>   b8;
    bit<16>  b16;
    bit<48>  b48;
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
    action set_all(bit<8> v8, bit<16> v16, bit<48> v48, bit<128> v128, PortId_t port) {
        hdr.ops.b8 = v8;
        hdr.ops.b16 = v16;
        hdr.ops.b48 = v48;
        hdr.ops.b128 = v128;
        send_to_port(port);
    }
    action set_small(bit<8> v8, PortId_t port) {
        hdr.ops.b8 = v8;
        send_to_port(port);
    }

    table rewrite {
        key = { hdr.ops.key : exact; }
        actions = { set_all; set_small; }
        default_action = set_small(0x5d, (PortId_t)13);
        size = 16;
    }

    apply {
        rewrite.apply();
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
