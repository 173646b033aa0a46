// STF feature test: block scopes: a local declared in an inner block shadows the outer
// one only inside the block, locals are initialised at their declaration every time it
// runs, and an uninitialised bit<W> local written on both branches is used after them.
// The egress port is the outer local.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8> k;
    bit<8> inner;
    bit<8> outer;
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
        bit<8> v = 3;
        {
            bit<8> v = hdr.ops.k + 10;
            hdr.ops.inner = v;
        }
        bit<8> w;
        if (hdr.ops.k > 5) {
            w = 1;
        } else {
            w = 2;
        }
        v = v + w;
        hdr.ops.outer = v;
        send_to_port((PortId_t)(bit<32>)v);
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
