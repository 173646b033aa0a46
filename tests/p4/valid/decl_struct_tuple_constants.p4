// Struct- and tuple-valued constants: declared with list, struct and '...' initializers,
// read whole, by field and by index, and compared.
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

struct limits_t {
    bit<32> low;
    bit<32> high;
}

const limits_t LIMITS = { low = 10, high = 1000 };
const limits_t NARROW = { 20, 30 };
const tuple<bit<16>, bool> DEFAULT_TYPE = { 0x0800, true };
const bit<32> SPAN = LIMITS.high - LIMITS.low;

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
        limits_t current = LIMITS;
        if (current == NARROW || DEFAULT_TYPE[1]) {
            hdr.eth.ether_type = DEFAULT_TYPE[0];
        }
        meta.value = SPAN + NARROW.low;
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
