// return and exit: in actions, in a control's apply block, early returns from functions
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

bit<8> classify(in bit<16> ether_type) {
    if (ether_type == 16w0x0800) {
        return 8w4;                      // an early return
    }
    if (ether_type == 16w0x86dd) {
        return 8w6;
    }
    return 8w0;
}

void maybe_clear(inout bit<32> v, in bool clear) {
    if (!clear) {
        return;                          // return without a value in a void function
    }
    v = 32w0;
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
    action finish() {
        meta.value = 32w1;
        exit;                            // ends the action and the whole control
    }

    action skip_rest(bit<32> v) {
        if (v == 32w0) {
            return;                      // ends only the action
        }
        meta.value = v;
    }

    apply {
        skip_rest(32w5);
        maybe_clear(meta.value, hdr.eth.ether_type == 16w0);
        if (classify(hdr.eth.ether_type) == 8w0) {
            return;                      // ends the apply block
        }
        if (meta.value == 32w7) {
            finish();
        }
        if (!hdr.eth.isValid()) {
            exit;
        }
        meta.value = meta.value + 32w1;
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
