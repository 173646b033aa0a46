// STF feature test: a sub-control with its own action and local state, instantiated
// twice and applied with different arguments (inout and in); `return` in its apply block
// ends only the sub-control. The egress port is set by the outer control from the
// results.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

control Adder(inout bit<8> v, in bit<8> amount) {
    bit<8> scratch = 0;
    action add(bit<8> n) {
        v = v + n;
    }
    apply {
        if (amount == 0) {
            return;
        }
        scratch = amount;
        add(scratch);
        add(scratch);
    }
}

header ops_h {
    bit<8> a;
    bit<8> b;
    bit<8> k;
    bit<8> res;
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
    Adder() first;
    Adder() second;

    apply {
        first.apply(hdr.ops.a, 1);
        second.apply(hdr.ops.b, hdr.ops.k);
        hdr.ops.res = hdr.ops.a ^ hdr.ops.b;
        send_to_port((PortId_t)(bit<32>)hdr.ops.res);
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
