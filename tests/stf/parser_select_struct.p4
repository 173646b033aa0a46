// STF feature test: select on a struct value matches its fields in order, as if each
// field were a selector: (kind, type) = (1, 0x0800) marks path 4, (2, anything) path 2,
// anything else leaves path as it came. The egress port is path.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8>  kind;
    bit<16> type;
    bit<8>  path;
}

struct pair_t {
    bit<8>  kind;
    bit<16> type;
}

struct headers_t { ethernet_h ethernet; ops_h ops; }
struct meta_t { pair_t pair; }

parser OpsParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                 in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.ops);
        meta.pair = { kind = hdr.ops.kind, type = hdr.ops.type };
        transition select(meta.pair) {
            (1, 0x0800): by_both;
            (2, _): by_kind;
            default: accept;
        }
    }
    state by_both {
        hdr.ops.path = 4;
        transition accept;
    }
    state by_kind {
        hdr.ops.path = 2;
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
        send_to_port((PortId_t)(bit<32>)hdr.ops.path);
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
