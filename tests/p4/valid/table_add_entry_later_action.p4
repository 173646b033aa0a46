// add_entry names an action of its table that the control declares after the action
// calling it: the name is resolved against the table's actions, not by declaration order.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }

struct headers_t { ethernet_h eth; }
struct meta_t { }

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
    // Miss: learn the source, forwarding its later packets back to where it came from.
    action learn() {
        add_entry("forward", { istd.input_port }, (ExpireTimeProfileId_t)0);
        drop_packet();
    }

    action forward(PortId_t port) {
        send_to_port(port);
    }

    table sources {
        key = { hdr.eth.src : exact; }
        actions = {
            forward;
            @defaultonly learn;
        }
        default_action = learn;
        add_on_miss = true;
        size = 1024;
    }

    apply {
        sources.apply();
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.eth); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
