// switch_action_run.p4 -- switch on table.apply().action_run: action labels, fall-through, default, empty cases.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }

struct headers_t { ethernet_h eth; }
struct meta_t { bit<8> path; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start { pkt.extract(hdr.eth); transition accept; }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    action l2_forward(PortId_t port) { send_to_port(port); }
    action l3_route() { }
    action l3_local() { }
    action punt() { }
    action discard() { drop_packet(); }

    table classify {
        key = { hdr.eth.dst : exact; }
        actions = { l2_forward; l3_route; l3_local; punt; discard; }
        default_action = discard;
    }

    table second {
        key = { hdr.eth.src : exact; }
        actions = { l2_forward; NoAction; }
    }

    apply {
        meta.path = 0;
        switch (classify.apply().action_run) {
            l2_forward: { meta.path = 1; }
            l3_route:                        // falls through to l3_local's block
            l3_local: { meta.path = 2; }
            discard: { }
            default: { meta.path = 3; }      // punt
        }
        // No default: unmatched actions do nothing.
        switch (second.apply().action_run) {
            NoAction: { meta.path = meta.path + 10; }
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
