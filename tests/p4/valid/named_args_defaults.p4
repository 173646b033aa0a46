// named arguments in any order, and parameter default values used by omission
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

bit<32> scale(in bit<32> value, in bit<32> factor = 32w2, in bit<32> offset = 32w0) {
    return value * factor + offset;
}

extern void emit_event(in bit<16> code, in bool urgent = false);

control Shift(inout bit<32> value)(bit<32> amount = 32w1) {
    apply {
        value = value << (bit<8>)amount;
    }
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
    Shift() by_default;                             // constructor default
    Shift(amount = 32w4) by_four;

    apply {
        bit<32> a = scale(meta.value);                    // both defaults
        bit<32> b = scale(meta.value, 32w3);              // offset defaults
        bit<32> c = scale(offset = 32w1, value = a);      // named, any order; factor defaults
        bit<32> d = scale(value = b, factor = 32w5, offset = c);
        emit_event(16w1);
        emit_event(urgent = true, code = 16w2);
        meta.value = d;
        by_default.apply(meta.value);
        by_four.apply(value = meta.value);                // named argument to apply
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
