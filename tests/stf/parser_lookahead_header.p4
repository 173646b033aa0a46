// STF feature test: lookahead<header>: the parser peeks at a whole header without
// consuming it, stores it in a local and selects on its fields; the control sees the
// copy through metadata. The peeked bytes are then extracted as usual.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header mpls_h { bit<20> label; bit<3> tc; bit<1> bos; bit<8> ttl; }

struct headers_t { ethernet_h ethernet; mpls_h mpls; }
struct meta_t { bit<20> peeked_label; bit<8> peeked_ttl; }

parser PeekParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                  in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x8847: peek;
            default: accept;
        }
    }
    state peek {
        mpls_h next = pkt.lookahead<mpls_h>();
        meta.peeked_label = next.label;
        meta.peeked_ttl = next.ttl;
        transition select(pkt.lookahead<mpls_h>().bos) {
            1: parse_mpls;
            default: reject;
        }
    }
    state parse_mpls {
        pkt.extract(hdr.mpls);
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
        if (istd.parser_error != error.NoError) {
            drop_packet();
        } else if (hdr.mpls.isValid()) {
            hdr.ethernet.src = (bit<48>)meta.peeked_label;
            hdr.mpls.ttl = meta.peeked_ttl - 1;
            send_to_port((PortId_t)1);
        } else {
            send_to_port((PortId_t)2);
        }
    }
}

control PeekDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                     in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(PeekParser(), NoPre(), ingress(), PeekDeparser()) main;
