// select on a struct or a tuple value: the keysets match its fields in order, as if
// each field were a selector of its own.
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

struct pair_t {
    bit<8>  kind;
    bit<16> type;
}

struct metadata_t {
    pair_t pair;
    bit<32> value;
}

parser MainParserImpl(packet_in pkt, out headers_t hdr, inout metadata_t meta,
                      in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        meta.pair = { kind = hdr.eth.dst_addr[7:0], type = hdr.eth.ether_type };
        transition select(meta.pair) {
            (1, 0x0800): by_tuple;
            (2, _): accept;
            default: accept;
        }
    }
    state by_tuple {
        tuple<bit<8>, bool> t = { hdr.eth.src_addr[7:0], hdr.eth.src_addr[8:8] == 1 };
        transition select(t) {
            (3, true): accept;
            (0 .. 2, false): accept;
            default: reject;
        }
    }
}

control PreControlImpl(in headers_t hdr, inout metadata_t meta,
                       in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control MainControlImpl(inout headers_t hdr, inout metadata_t meta,
                        in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply {
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
