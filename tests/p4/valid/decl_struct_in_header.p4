// header fields of struct and bool types, and structs nesting structs, headers and stacks
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

struct flags_t {
    bool    urgent;     // a bool in a header is one bit
    bit<7>  reserved;
}

header flagged_t {
    flags_t flags;      // a struct of fixed-width fields inside a header
    bit<8>  kind;
}

struct inner_t {
    bit<8> a;
    bool   b;
}

struct outer_t {
    inner_t   inner;    // a struct inside a struct
    flagged_t hdr;      // a header inside a struct
    flagged_t[2] stack; // a header stack inside a struct
}

struct headers_t {
    ethernet_t eth;
    flagged_t  flagged;
}

struct metadata_t {
    bit<32> value;
    outer_t outer;
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
        if (hdr.flagged.isValid() && hdr.flagged.flags.urgent) {
            hdr.flagged.flags.reserved = 7w0;
            meta.outer.hdr = hdr.flagged;
        }
        meta.outer.inner = { a = hdr.flagged.kind, b = true };
        meta.outer.stack[0] = meta.outer.hdr;
        if (meta.outer.inner.b && meta.outer.stack[0].isValid()) {
            meta.value = (bit<32>)meta.outer.inner.a;
        }
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
        pkt.emit(hdr.flagged);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
