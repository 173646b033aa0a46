// functions and extern functions overloaded by the number of parameters, and by argument names
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

bit<32> total(in bit<32> a) {
    return a;
}

bit<32> total(in bit<32> a, in bit<32> b) {
    return a + b;
}

bit<32> total(in bit<32> a, in bit<32> b, in bit<32> c) {
    return a + b + c;
}

extern void note(in bit<32> code);
extern void note(in bit<32> code, in bit<32> detail);

// Same number of parameters: only calls that name their argument can choose.
extern void mark(in bit<32> level);
extern void mark(in bool urgent);

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
        bit<32> one = total(meta.value);
        bit<32> two = total(meta.value, 32w1);
        bit<32> three = total(c = 32w3, a = meta.value, b = 32w2);  // named, any order
        note(one);
        note(two, three);
        mark(level = three);
        mark(urgent = one == two);
        meta.value = one + two + three;
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
