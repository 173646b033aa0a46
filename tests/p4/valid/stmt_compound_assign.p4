// Compound assignments (P4-16 1.2.5): `a op= b` is `a = a op b` with `a` evaluated once,
// for the arithmetic, saturating, shift and bitwise operators, on fields, locals, slices
// and stack elements.
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

header tag_t {
    bit<8> value;
}

struct headers_t {
    ethernet_t eth;
    tag_t[2] tags;
}

struct metadata_t {
    bit<32> value;
    int<16> signed_value;
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
    action bump(bit<32> step) {
        meta.value += step;
    }
    apply {
        bit<32> x = 5;
        x += 3;
        x -= 1;
        x *= 6;
        x /= 2;
        x %= 100;
        x <<= 4;
        x >>= 1;
        x &= 0xffff;
        x |= 0x10000;
        x ^= 0x3;
        meta.value = x;
        meta.value |+|= 0xffff_fff0;
        meta.value |-|= 1;
        meta.signed_value = -7;
        meta.signed_value |-|= 16s0x7ff0;
        hdr.eth.ether_type[7:0] += 1;
        hdr.eth.src_addr >>= 8w8;
        hdr.tags[0].value |= 0x80;
        bump(2);
        send_to_port(istd.input_port);
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
