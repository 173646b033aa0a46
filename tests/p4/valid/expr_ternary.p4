// the conditional operator: fixed-width arms, nesting, struct arms, int arms with a constant condition
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

struct headers_t {
    ethernet_t eth;
}

struct metadata_t {
    bit<32> value;
}

const bool WIDE = true;

struct choice_t {
    bit<8> a;
    bool   b;
}

parser MainParserImpl(packet_in pkt, out headers_t hdr, inout metadata_t meta,
                      in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        transition accept;
    }
}

control PreControlImpl(in headers_t hdr, inout metadata_t meta,
                       in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control MainControlImpl(inout headers_t hdr, inout metadata_t meta,
                        in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply {
        bool big = hdr.eth.ether_type > 16w0x0600;
        bit<16> pick = big ? hdr.eth.ether_type : 16w0;
        bit<8> nested = big ? (pick == 16w0x0800 ? 8w4 : 8w6) : 8w0;
        choice_t c1 = { a = 1, b = true };
        choice_t c2 = { a = 2, b = false };
        choice_t chosen = big ? c1 : c2;
        bit<32> width = WIDE ? 32 : 16;           // int arms: the condition is constant
        meta.value = (big ? 32w1 : 32w2) + width + (bit<32>)nested + (bit<32>)chosen.a;
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
