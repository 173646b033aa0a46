// The sandbox test's forwarder (sandbox_test.cpp): port 1 <-> port 2 through an exact
// table and nothing else (no externs), so that it loads on every hook the generator supports.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
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

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ForwardIngress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                       inout pna_main_output_metadata_t ostd) {
    action forward(PortId_t port) {
        send_to_port(port);
    }
    action drop() { drop_packet(); }
    table ports {
        key = { istd.input_port : exact @name("port"); }
        actions = { forward; drop; }
        default_action = drop();
        size = 16;
    }
    apply { ports.apply(); }
}

control ForwardDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                        in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.ethernet); }
}

PNA_NIC(ForwardParser(), NoPre(), ForwardIngress(), ForwardDeparser()) main;
