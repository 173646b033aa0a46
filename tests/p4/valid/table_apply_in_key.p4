// A table applied inside another table's key: the inner table runs when the outer one is
// applied, and its hit result is part of the outer key.
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
    action set_value(bit<32> value) {
        meta.value = value;
    }
    table known_sources {
        key = { hdr.eth.src_addr : exact; }
        actions = { NoAction; }
    }
    table by_type {
        key = {
            hdr.eth.ether_type : exact;
            known_sources.apply().hit : exact;
        }
        actions = { set_value; NoAction; }
        default_action = NoAction();
    }
    apply {
        by_type.apply();
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
