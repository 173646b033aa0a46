// every legal explicit cast: bool<->bit<1>, sign, width, int literals, typedef, type and enum
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

typedef bit<16> word_t;
type bit<16> port_num_t;
enum bit<8> kind_t { Small = 1, Large = 2 }

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
        bool flag = (bool)1w1;
        bit<1> one = (bit<1>)true;
        int<16> s = (int<16>)hdr.eth.ether_type;   // same width, change sign
        bit<16> back = (bit<16>)s;
        bit<32> widened = (bit<32>)hdr.eth.ether_type;  // zero-extends
        bit<8> narrowed = (bit<8>)hdr.eth.ether_type;   // truncates
        int<32> extended = (int<32>)s;             // sign-extends
        int<8> cut = (int<8>)s;
        bit<16> both = (bit<16>)(bit<8>)cut;       // sign and width in two steps
        bit<8> from_lit = (bit<8>)200;
        int<8> from_neg = (int<8>)-3;
        word_t w = (word_t)back;                   // typedef and its base type
        port_num_t p = (port_num_t)w;              // into a new type
        bit<16> unwrapped = (bit<16>)p;            // and out again
        kind_t k = (kind_t)narrowed;               // serializable enum from its base
        bit<8> kb = (bit<8>)k;
        bit<16> same = (bit<16>)unwrapped;         // a cast to the same type
        if (flag && one == 1w1 && extended < 0) {
            meta.value = widened + (bit<32>)both + (bit<32>)from_lit
                       + (bit<32>)(bit<8>)from_neg + (bit<32>)kb + (bit<32>)same;
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
