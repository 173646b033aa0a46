// nested instantiation: externs at top level and in controls, controls inside controls, extern arguments
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

extern Tally {
    Tally(bit<32> size);
    void count(in bit<32> index);
}

Tally(32w16) global_tally;               // extern instances may live at the top level

control Inner(inout bit<32> value)(Tally tally) {
    apply {
        tally.count(value);              // an extern passed by reference
        value = value + 32w1;
    }
}

control Middle(inout bit<32> value)(bit<32> size) {
    Tally(size) own_tally;               // an extern instance local to the control
    Inner(own_tally) first;              // controls instantiated inside a control
    Inner(own_tally) second;

    apply {
        first.apply(value);
        second.apply(value);
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
    Middle(32w64) middle;
    Inner(global_tally) direct;

    apply {
        middle.apply(meta.value);
        direct.apply(meta.value);
        global_tally.count(meta.value);
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
