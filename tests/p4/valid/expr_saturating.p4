// saturating addition and subtraction (|+| and |-|) on unsigned and signed fixed-width values
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
        bit<8> up = a |+| 8w10;       // clamps at 255
        bit<8> down = 8w3 |-| 8w5;    // clamps at 0
        bit<8> lit = a |+| 1;         // the literal takes bit<8>
        int<8> s = 8s120;
        int<8> hi = s |+| 8s10;       // clamps at 127
        int<8> lo = -s |-| 8s10;      // clamps at -128
        bit<16> mixed = hdr.eth.ether_type |+| 16w1 + 16w2;  // same precedence as +
        if (hi > lo && up != down) {
            meta.value = (bit<32>)(up |-| lit) + (bit<32>)mixed;
        }
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
