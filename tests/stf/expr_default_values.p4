// STF feature test: the default value `...`: a struct whose other fields default to 0 and
// false, a header that `...` leaves invalid, `{...}` valid with zero fields, a header
// with one field given, and the defaults of bit<8> (0), error (NoError) and an enum (its
// first member). The egress port is the validity mask in r2.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8> a;
    bit<8> r1;
    bit<8> r2;
    bit<8> r3;
    bit<8> r4;
}

header tag_h {
    bit<8> value;
    bit<8> spare;
}

enum color_t { Red, Green }

struct flow_t {
    bit<8> addr;
    bool seen;
}

struct headers_t { ethernet_h ethernet; ops_h ops; }
struct meta_t { }

parser OpsParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                 in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.ops);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    apply {
        flow_t flow = { addr = hdr.ops.a, ... };
        tag_h invalid_tag = ...;
        tag_h zero_tag = { ... };
        tag_h set_tag = { value = 9, ... };
        bit<8> count = ...;
        error code = ...;
        color_t color = ...;
        hdr.ops.r1 = flow.addr + (flow.seen ? 8w100 : 8w0) + count;
        hdr.ops.r2 = (invalid_tag.isValid() ? 8w1 : 8w0) | (zero_tag.isValid() ? 8w2 : 8w0) |
                     (set_tag.isValid() ? 8w4 : 8w0);
        hdr.ops.r3 = zero_tag.value + zero_tag.spare + set_tag.value + set_tag.spare;
        hdr.ops.r4 = (code == error.NoError ? 8w1 : 8w0) | (color == color_t.Red ? 8w2 : 8w0);
        send_to_port((PortId_t)(bit<32>)hdr.ops.r2);
    }
}

control OpsDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                    in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ops);
    }
}

PNA_NIC(OpsParser(), NoPre(), ingress(), OpsDeparser()) main;
