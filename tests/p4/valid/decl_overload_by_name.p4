// Overloading by parameter names: functions, extern functions, extern constructors and
// methods that differ only in the names of their parameters, chosen by named arguments.
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

bit<32> scale(in bit<32> value) {
    return value << 1;
}

bit<32> scale(in bit<32> amount) {
    return amount << 2;
}

extern bit<32> pick(in bit<32> first, in bit<32> second);
extern bit<32> pick(in bit<32> low, in bit<32> high);

extern Accumulator {
    Accumulator(bit<32> size);
    Accumulator(bit<32> capacity);
    bit<32> read(in bit<32> index);
    bit<32> read(in bit<32> slot);
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
    Accumulator(size = 16) by_size;
    Accumulator(capacity = 32) by_capacity;
    apply {
        meta.value = scale(value = 1) + scale(amount = 2) + pick(first = 1, second = 2) +
                     pick(low = 3, high = 4) + by_size.read(index = 0) +
                     by_capacity.read(slot = 1);
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
