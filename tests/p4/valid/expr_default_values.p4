// The default value `...` (P4-16 "Initializing with default values"): as a whole
// initializer of constants and variables of every type that has one, and as the rest of a
// struct, header or tuple initializer. An invalid header is the default of a header;
// `{...}` is a valid one with zero fields.
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
}

struct metadata_t {
    bit<32> value;
}

enum bit<8> level_t { Low = 1, High = 2 }
enum color_t { Red, Green }

struct flow_t {
    bit<32> addr;
    bool seen;
    level_t level;
    color_t color;
}

const flow_t NO_FLOW = ...;
const flow_t SEEN_FLOW = { seen = true, ... };
const tuple<bit<8>, bool> PAIR = { 7, ... };
const bit<16> ZERO = ...;

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
        bit<32> count = ...;
        bool flag = ...;
        error code = ...;
        level_t level = ...;
        color_t color = ...;
        flow_t flow = { addr = 10, ... };
        flow_t nested = { 1, ... };
        tag_t invalid_tag = ...;
        tag_t zero_tag = { ... };
        tag_t set_tag = { value = 3, ... };
        tag_t[2] tags = ...;
        if (!invalid_tag.isValid() && zero_tag.isValid() && !tags[1].isValid() && !flag &&
            code == error.NoError && color == color_t.Red && level == (level_t)0 &&
            flow.seen == NO_FLOW.seen) {
            count = flow.addr + nested.addr + (bit<32>)set_tag.value + (bit<32>)ZERO;
        }
        meta.value = count;
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
