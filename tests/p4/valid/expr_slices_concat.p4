// bit slices (read, write, of int<W>, with constant bounds) and concatenation with ++
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

const int LOW = 4;
const int HIGH = LOW + 7;

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
        bit<8> high_byte = t[15:8];
        bit<8> low_byte = t[7:0];
        bit<1> top_bit = t[15:15];
        bit<8> mid = t[HIGH:LOW];              // bounds from constants
        t[3:0] = 4w0xF;                        // a slice is an l-value
        hdr.eth.ether_type = low_byte ++ high_byte;  // swap the bytes
        bit<24> three = high_byte ++ mid ++ low_byte;
        int<8> s = -8s2;
        bit<4> s_low = s[3:0];                 // slices of int<W> are unsigned
        int<12> signed_cat = s ++ s_low;       // signedness of the left operand
        bit<12> unsigned_cat = s_low ++ s;
        meta.value = (bit<32>)three + (bit<32>)top_bit + (bit<32>)unsigned_cat
                   + (bit<32>)(bit<12>)signed_cat;
        meta.value[31:24] = 8w0;
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
