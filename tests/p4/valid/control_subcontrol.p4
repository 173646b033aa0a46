// a sub-control with constructor parameters, instantiated twice with different arguments and applied
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

control Adjust(inout bit<32> value, in bit<16> ether_type)(bit<32> step, bool only_ip) {
    bit<32> applied = 32w0;

    action bump() {
        value = value + step;
        applied = applied + 32w1;
    }

    apply {
        if (!only_ip || ether_type == 16w0x0800) {
            bump();
        }
    }
}

control Rewrite(inout ethernet_t eth)(bit<48> new_src) {
    apply {
        eth.src_addr = new_src;
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
    Adjust(32w1, true) ip_only;                   // positional constructor arguments
    Adjust(step = 32w10, only_ip = false) always; // named constructor arguments
    Rewrite(48w0x0200_0000_0001) rewrite;

    apply {
        ip_only.apply(meta.value, hdr.eth.ether_type);
        always.apply(meta.value, hdr.eth.ether_type);
        if (meta.value > 32w100) {
            rewrite.apply(hdr.eth);
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
