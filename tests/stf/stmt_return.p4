// STF feature test: return ends an action or the control's apply block early (without
// ending the caller), and a function returns from several points. The egress port is the
// function's result.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

bit<8> classify(in bit<8> k) {
    if (k == 0) {
        return 5;
    }
    if (k < 10) {
        return 6;
    }
    return k;
}

header ops_h {
    bit<8> k;
    bit<8> act;
    bit<8> tail;
    bit<8> fn;
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
    action mark(bit<8> k) {
        hdr.ops.act = 1;
        if (k < 10) {
            return;
        }
        hdr.ops.act = 2;
    }

    apply {
        mark(hdr.ops.k);
        hdr.ops.fn = classify(hdr.ops.k);
        send_to_port((PortId_t)(bit<32>)hdr.ops.fn);
        if (hdr.ops.k == 0) {
            return;
        }
        hdr.ops.tail = 0x77;
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
