// E2E chain module 2, changed (the hitless-reload test swaps it in for port_forward.p4):
// the same table and counter, and every forwarded frame leaves with source MAC
// 02:00:00:00:00:fe, so the test sees the new behaviour on the wire.
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
    Counter<bit<64>, bit<32>>(1, PNA_CounterType_t.PACKETS_AND_BYTES) forwarded;
    action forward(PortId_t port) {
        forwarded.count(0);
        hdr.ethernet.src = 0x0200000000fe;
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
