// STF feature test: if / else if / else chains and nested ifs pick the egress port and a
// class tag; an if without else changes a field only when taken; a packet in no class is
// dropped.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<16> len;
    bit<8>  kind;
    bit<8>  tag;
    bit<8>  flags;
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
        if (hdr.ops.len < 64) {
            hdr.ops.tag = 1;
            send_to_port((PortId_t)1);
        } else if (hdr.ops.len < 1500) {
            if (hdr.ops.kind == 6) {
                hdr.ops.tag = 2;
                send_to_port((PortId_t)2);
            } else {
                hdr.ops.tag = 3;
                send_to_port((PortId_t)3);
            }
        } else if (hdr.ops.len == 9000) {
            hdr.ops.tag = 4;
            send_to_port((PortId_t)4);
        } else {
            hdr.ops.tag = 0xee;
            drop_packet();
        }
        if (hdr.ops.flags[0:0] == 1) {
            hdr.ops.flags = hdr.ops.flags | 8w0x80;
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
