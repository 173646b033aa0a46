// STF feature test: constructor parameters of parsers and controls. KindParser(k) takes
// the tag only when its kind is k; Marker(v) writes v into the tag. The main parser has
// two KindParser instances (kinds 1 and 2) and the control two Marker instances, given
// their values positionally and by name: each instance keeps its own argument.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header tag_h {
    bit<8> kind;
    bit<8> value;
}

struct headers_t { ethernet_h ethernet; tag_h one; tag_h two; }
struct meta_t { }

parser KindParser(packet_in pkt, out tag_h tag)(bit<8> kind) {
    state start {
        transition select(pkt.lookahead<bit<8>>()) {
            kind: take;
            default: accept;
        }
    }
    state take {
        pkt.extract(tag);
        transition accept;
    }
}

parser MainParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                  in pna_main_parser_input_metadata_t istd) {
    KindParser(1) first;
    KindParser(kind = 2) second;
    state start {
        pkt.extract(hdr.ethernet);
        first.apply(pkt, hdr.one);
        second.apply(pkt, hdr.two);
        transition accept;
    }
}

control Marker(inout tag_h tag)(bit<8> value) {
    apply {
        if (tag.isValid()) {
            tag.value = value;
        }
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    Marker(0x11) markOne;
    Marker(value = 0x22) markTwo;
    apply {
        markOne.apply(hdr.one);
        markTwo.apply(hdr.two);
        send_to_port((PortId_t)32w1);
    }
}

control MainDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                     in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.one);
        pkt.emit(hdr.two);
    }
}

PNA_NIC(MainParser(), NoPre(), ingress(), MainDeparser()) main;
