// modular arithmetic on bit<W> and int<W>: +, -, *, unary minus and plus wrap around
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
        bit<8> a = 8w250;
        bit<8> b = a + 8w10;          // 260 wraps to 4
        bit<8> c = 8w3 - 8w5;         // wraps to 254
        bit<8> d = -a;                // 2^8 - 250 = 6
        bit<8> e = a * 8w2;           // 500 wraps to 244
        bit<8> f = +a;                // unary plus is a no-op
        int<8> s = 8s127;
        int<8> t = s + 8s1;           // wraps to -128
        int<8> u = -s;
        int<8> v = s * 8s2;           // wraps to -2
        int<8> w = t - 8s1;           // wraps to 127
        bit<16> x = hdr.eth.ether_type + 1;   // the int literal takes bit<16>
        bit<16> y = 0xFFFF + hdr.eth.ether_type;  // on the left as well
        meta.value = (bit<32>)b + (bit<32>)c + (bit<32>)d + (bit<32>)e + (bit<32>)f
                   + (bit<32>)(bit<8>)u + (bit<32>)(bit<8>)v + (bit<32>)(bit<8>)w
                   + (bit<32>)x + (bit<32>)y;
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
