// bitwise and, or, xor, complement, and shifts by constants and by bit<S> values
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
        bit<16> t = hdr.eth.ether_type;
        bit<16> masked = t & 16w0xFF00;
        bit<16> merged = masked | 16w0x00FF;
        bit<16> flipped = merged ^ 0x5555;    // the literal takes bit<16>
        bit<16> inverted = ~flipped;
        bit<8> amount = 8w3;
        bit<16> left = t << 4;                // constant shift
        bit<16> right = t >> amount;          // shift by a bit<8> value
        bit<16> gone = t << 16;               // shifting out every bit gives 0
        int<16> s = -16s256;
        int<16> arith = s >> 2;               // arithmetic shift keeps the sign
        int<16> sl = s << amount;
        bit<32> all = (bit<32>)(left & right) << 8w16 | (bit<32>)(gone ^ inverted);
        meta.value = all ^ (bit<32>)(bit<16>)(arith & sl);
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
