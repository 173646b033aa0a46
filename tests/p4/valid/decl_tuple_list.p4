// tuple types (initializers, constant indexing, ==, as generic arguments) and list types in constructors
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

extern Logger<T> {
    Logger();
    void log(in T data);
}

extern PortSet {
    PortSet(list<bit<16>> ports);   // a list is a compile-time argument
    bool contains(in bit<16> port);
}

const tuple<bit<8>, bool> DEFAULTS = { 8w3, false };

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
    Logger<tuple<bit<48>, bit<16>>>() logger;
    PortSet((list<bit<16>>){ 16w80, 16w443, 16w8080 }) web_ports;

    apply {
        tuple<bit<16>, bool> t = { hdr.eth.ether_type, true };
        tuple<bit<16>, bool> u = { 16w0, false };
        bit<16> first = t[0];                 // constant indexes only
        bool second = t[1];
        if (t != u && second) {
            logger.log({ hdr.eth.src_addr, hdr.eth.ether_type });
        }
        if (web_ports.contains(first) && !DEFAULTS[1]) {
            meta.value = (bit<32>)DEFAULTS[0];
        }
        t = u;                                // whole-tuple assignment
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
