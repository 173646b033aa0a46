// STF feature test: directional action parameters. in copies the argument (the caller's
// variable cannot change), out writes it back (the callee's value), inout reads and
// writes it; an action called from a table binds its directional argument in the actions
// list and takes its data from the entry. The egress port is the swapped first byte.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8>  a;
    bit<8>  b;
    bit<16> sum;
    bit<8>  acc;
    bit<8>  key;
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
    action swap(inout bit<8> x, inout bit<8> y) {
        bit<8> t = x;
        x = y;
        y = t;
    }
    action add_into(in bit<8> x, in bit<8> y, out bit<16> total) {
        total = (bit<16>)x + (bit<16>)y;
    }
    action modify_copy(in bit<8> x) {
        bit<8> local = x;
        local = local + 1;
        hdr.ops.acc = hdr.ops.acc + (local - x);
    }
    action add_to(inout bit<8> target, bit<8> amount) {
        target = target + amount;
    }

    table accumulate {
        key = { hdr.ops.key : exact; }
        actions = { add_to(hdr.ops.acc); }
        size = 16;
    }

    apply {
        swap(hdr.ops.a, hdr.ops.b);
        add_into(hdr.ops.a, hdr.ops.b, hdr.ops.sum);
        bit<8> copy = hdr.ops.a;
        modify_copy(copy);
        if (copy != hdr.ops.a) {
            drop_packet();
            return;
        }
        accumulate.apply();
        send_to_port((PortId_t)(bit<32>)hdr.ops.a);
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
