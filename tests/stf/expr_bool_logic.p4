// STF feature test: bool values, !, && and || with short-circuit evaluation. `touch`
// increments a counter field and returns true: it must run only when && / || need their
// right operand. The egress port is the result bits (x&&y, x||y, !x, x==y) as a number.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

bool touch(inout bit<8> calls) {
    calls = calls + 1;
    return true;
}

header ops_h {
    bit<1> x;
    bit<1> y;
    bit<6> pad;
    bit<8> result;
    bit<8> calls;
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
        bool x = hdr.ops.x == 1;
        bool y = (bool)hdr.ops.y;
        bool both = x && touch(hdr.ops.calls);
        bool either = x || touch(hdr.ops.calls);
        hdr.ops.result = 4w0 ++ (bit<1>)(x && y) ++ (bit<1>)(x || y) ++ (bit<1>)(!x) ++ (bit<1>)(x == y);
        if (both != x || either != true) {
            drop_packet();
            return;
        }
        send_to_port((PortId_t)(bit<32>)hdr.ops.result);
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
