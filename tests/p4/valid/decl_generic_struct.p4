// generic struct and header types, specialized in variables, constants, typedefs and fields
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

struct pair_t<T> {
    T first;
    T second;
}

struct wrapper_t<T> {
    pair_t<T> pair;   // a generic type used inside another
    bool      ok;
}

header tagged_t<T> {
    bit<8> tag;
    T      data;
}

typedef pair_t<bit<32>> pair32_t;

struct headers_t {
    ethernet_t eth;
}

struct metadata_t {
    bit<32> value;
}

const pair_t<bit<8>> ZERO_PAIR = { first = 0, second = 0 };

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
        pair_t<bit<16>> p = { first = hdr.eth.ether_type, second = 16w0 };
        pair32_t q = { 32w1, 32w2 };            // tuple-style initializer
        wrapper_t<bit<8>> w = { pair = ZERO_PAIR, ok = true };
        p.second = p.first;
        meta.value = q.first + q.second;
        tagged_t<bit<16>> t;
        t.setValid();
        t.tag = 8w1;
        t.data = p.second;
        if (w.ok && w.pair.first == 8w0 && t.isValid()) {
            hdr.eth.ether_type = t.data;
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
