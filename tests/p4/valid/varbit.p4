// varbit: header fields, two-argument extract, assignment and comparison, emit, size methods
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

header option_len_t {
    bit<8> length;       // bytes of option data that follow
}

header option_t {
    varbit<256> data;
}

struct headers_t {
    ethernet_t   eth;
    option_len_t len;
    option_t     opt;
}

struct metadata_t {
    bit<32> value;
}

parser MainParserImpl(packet_in pkt, out headers_t hdr, inout metadata_t meta,
                      in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.ether_type) {
            16w0x88b5: parse_option;
            default: accept;
        }
    }

    state parse_option {
        pkt.extract(hdr.len);
        pkt.extract(hdr.opt, (bit<32>)hdr.len.length * 8);   // the varbit's run-time width
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
        varbit<256> copy = hdr.opt.data;          // assignment keeps the dynamic width
        if (copy == hdr.opt.data) {               // == needs the same varbit type
            meta.value = 32w1;
        }
        const int most = hdr.opt.maxSizeInBits();   // 256
        const int least = hdr.opt.minSizeInBits();  // 0
        if (most - least == 256) {
            meta.value = meta.value + 32w1;
        }
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
        pkt.emit(hdr.len);
        pkt.emit(hdr.opt);                         // emits the extracted width
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
