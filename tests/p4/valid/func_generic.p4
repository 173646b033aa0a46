// generic functions: inferred and explicit type arguments, generic parameters of several kinds
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

T pick<T>(in bool first, in T a, in T b) {
    if (first) {
        return a;
    }
    return b;
}

void swap<T>(inout T a, inout T b) {
    T tmp = a;
    a = b;
    b = tmp;
}

struct pair_t {
    bit<16> x;
    bit<16> y;
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
        bit<16> t = pick(true, hdr.eth.ether_type, 16w0);   // T = bit<16>, inferred
        bit<32> v = pick<bit<32>>(false, meta.value, 32w1);  // explicit type argument
        pair_t p = { x = 1, y = 2 };
        pair_t q = { x = 3, y = 4 };
        pair_t chosen = pick(t == 0, p, q);                  // T = pair_t
        swap(p, q);
        swap<bit<48>>(hdr.eth.dst_addr, hdr.eth.src_addr);
        ethernet_t copy = pick(true, hdr.eth, hdr.eth);      // T = a header type
        meta.value = v + (bit<32>)chosen.x + (bit<32>)p.y + (bit<32>)copy.ether_type;
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
