// A port forwarder (a "patch panel"): the port a packet came in on selects the port it
// leaves on. The table is filled from the config (config/demo.yaml); ports without an
// entry drop. Works for any protocol, since it never looks past the Ethernet header.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

struct headers_t { ethernet_h ethernet; }
struct meta_t { }

parser ForwardParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                     in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition accept;
    }
}

control ForwardPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
                   inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control forward(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    action send(PortId_t port) { send_to_port(port); }
    action drop() { drop_packet(); }

    table port_map {
        key = { istd.input_port : exact; }
        actions = { send; drop; }
        default_action = drop();
        size = 256;
    }

    apply { port_map.apply(); }
}

control ForwardDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                        in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.ethernet); }
}

PNA_NIC(ForwardParser(), ForwardPre(), forward(), ForwardDeparser()) main;
