// enums without an underlying type: members, ==/!=, fields, parameters, trailing comma
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

enum direction_t { Inbound, Outbound, Hairpin }

enum color_t {
    Red,
    Green,   // a trailing comma is allowed
}

struct headers_t {
    ethernet_t eth;
}

struct metadata_t {
    bit<32>     value;
    direction_t dir;
}

bool is_inbound(in direction_t d) {
    return d == direction_t.Inbound;
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
    direction_t last = direction_t.Hairpin;

    apply {
        direction_t d = direction_t.Inbound;
        if (meta.dir == direction_t.Outbound) {
            d = direction_t.Hairpin;
        }
        if (d != last && is_inbound(d)) {
            meta.value = 32w1;
        }
        color_t c = color_t.Green;
        if (c == color_t.Red) {
            meta.value = 32w2;
        }
        meta.dir = d;
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
