// block scopes: nested blocks, shadowing an outer name, sibling blocks, .name for the top level
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

const bit<32> limit = 32w100;

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
    bit<32> count = 32w0;              // a control-local variable

    apply {
        bit<32> limit = 32w5;          // shadows the top-level constant
        {
            bit<32> count = limit;     // shadows the control-local variable
            count = count + 32w1;
            meta.value = count;        // 6
        }
        {
            bit<16> tmp = 16w1;        // the same name in sibling blocks
            hdr.eth.ether_type = hdr.eth.ether_type + tmp;
        }
        {
            bit<32> tmp = .limit;      // .name always means the top-level one
            count = tmp + limit;       // 105, into the control-local variable
        }
        if (count > meta.value) {
            bit<32> inner = count;
            {
                {
                    meta.value = inner;
                }
            }
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
