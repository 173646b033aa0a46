// widths given by constant expressions in parentheses: bit<(W*2)>, int<(...)>, varbit<(...)>, stacks
#include <core.p4>
#include <pna.p4>

const int W = 8;
const bit<32> DEPTH = 2;

typedef bit<(W * 2)> double_t;        // bit<16>

header ethernet_t {
    bit<(W * 6)>  dst_addr;           // bit<48>
    bit<(6 * W)>  src_addr;
    double_t      ether_type;
}

header opt_t {
    bit<(W)>           kind;          // even a plain name needs the parentheses
    varbit<(W * 4)>    data;
}

struct headers_t {
    ethernet_t eth;
}

struct metadata_t {
    bit<32>             value;
    int<(W + W)>        delta;        // int<16>
    bit<(W)>            byte;
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
        bit<(W * 2)> t = hdr.eth.ether_type;
        double_t same = t;                    // same type as bit<16>
        bit<(DEPTH * 16)> wide = t ++ same;   // bit<32>
        meta.delta = (int<(2 * W)>)t;
        meta.byte = t[(W - 1):0];
        meta.value = wide + (bit<32>)meta.byte;
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
