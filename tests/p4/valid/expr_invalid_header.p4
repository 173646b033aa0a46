// the invalid header expression {#}: assignment, comparison, typed casts, header unions
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

header tag_t {
    bit<16> value;
}

header_union either_t {
    tag_t      tag;
    ethernet_t inner;
}

struct headers_t {
    ethernet_t eth;
    tag_t      tag;
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
    apply {
        if (hdr.tag == {#}) {                  // same as !hdr.tag.isValid()
            meta.value = 32w1;
        }
        hdr.tag = {#};                         // makes the header invalid
        tag_t t = (tag_t){#};                  // with an explicit type
        either_t u = (either_t){#};            // an invalid header union
        if (t == hdr.tag && !u.isValid()) {
            hdr.eth = {#};
        }
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
        pkt.emit(hdr.tag);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
