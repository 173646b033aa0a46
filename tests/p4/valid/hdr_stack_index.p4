// header stacks: next/last/lastIndex in the parser, constant indexes, size, push_front, pop_front
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

header mpls_t {
    bit<20> label;
    bit<3>  tc;
    bit<1>  bos;
    bit<8>  ttl;
}

struct headers_t {
    ethernet_t eth;
    mpls_t[4]  mpls;
}

struct metadata_t {
    bit<32> value;
}

parser MainParserImpl(packet_in pkt, out headers_t hdr, inout metadata_t meta,
                      in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.ether_type) {
            16w0x8847: parse_mpls;
            default: accept;
        }
    }

    state parse_mpls {
        pkt.extract(hdr.mpls.next);                 // the element at nextIndex
        meta.value = hdr.mpls.lastIndex;            // index of the one just extracted
        transition select(hdr.mpls.last.bos) {
            1w1: accept;
            default: parse_mpls;
        }
    }
}

control PreControlImpl(in headers_t hdr, inout metadata_t meta,
                       in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control MainControlImpl(inout headers_t hdr, inout metadata_t meta,
                        in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply {
        if (hdr.mpls[0].isValid()) {
            hdr.mpls[0].ttl = hdr.mpls[0].ttl - 1;  // a constant index
        }
        bit<32> depth = hdr.mpls.size;              // 4
        if (hdr.mpls[3].isValid()) {
            hdr.mpls.pop_front(1);                  // remove the outermost label
        } else {
            hdr.mpls.push_front(2);                 // make room for two labels
            hdr.mpls[0].setValid();
            hdr.mpls[0] = { label = 100, tc = 0, bos = 0, ttl = 64 };
            hdr.mpls[1].setValid();
            hdr.mpls[1].label = 20w200;
        }
        mpls_t[4] saved = hdr.mpls;                 // whole-stack assignment
        if (saved[1] == hdr.mpls[1]) {
            meta.value = depth;
        }
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
        pkt.emit(hdr.mpls);                         // emits the valid elements in order
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
