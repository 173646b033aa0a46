// structure-valued expressions: named and positional, typed and inferred, nested, for headers too
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

struct point_t {
    bit<16> x;
    bit<16> y;
}

struct segment_t {
    point_t from;
    point_t to;
    bool    closed;
}

struct headers_t {
    ethernet_t eth;
}

struct metadata_t {
    bit<32> value;
}

const point_t ORIGIN = { x = 0, y = 0 };

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
        point_t p = { x = 16w1, y = 16w2 };                 // named fields
        point_t q = { y = 5, x = 3 };                        // any order
        point_t r = { 7, 8 };                                // positional
        segment_t s = { from = ORIGIN, to = { x = 9, y = 9 }, closed = false };  // nested
        if (p == (point_t){ x = 1, y = 2 } && s.to != q) {   // typed, in a comparison
            meta.value = (bit<32>)r.x;
        }
        hdr.eth = { dst_addr = 48w0xFFFFFFFFFFFF, src_addr = hdr.eth.src_addr,
                    ether_type = 0x0806 };                   // a header; it becomes valid
        bit<16> y = ((point_t){ x = 4, y = 6 }).y;           // member of an expression
        meta.value = meta.value + (bit<32>)y + (bit<32>)s.from.x;
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
