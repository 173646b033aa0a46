// STF feature test: exit ends the control at once, from the apply block and from inside
// an action; what ran before (field writes, the forwarding call) stays, what follows
// does not run. The deparser still emits the headers.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8> k;
    bit<8> before;
    bit<8> after;
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
    action stop_here() {
        hdr.ops.after = 0xee;
        exit;
    }

    apply {
        hdr.ops.before = 1;
        send_to_port((PortId_t)1);
        if (hdr.ops.k == 1) {
            exit;
        }
        hdr.ops.before = 2;
        send_to_port((PortId_t)2);
        if (hdr.ops.k == 2) {
            stop_here();
        }
        hdr.ops.after = 3;
        send_to_port((PortId_t)3);
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
