// extern_forwarding.p4 -- the PNA forwarding externs: send_to_port, drop_packet, mirror_packet, recirculate (last call wins).
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header outer_h    { bit<32> tunnel_id; }

struct headers_t { ethernet_h eth; outer_h outer; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.ether_type) { 0x88b6: parse_outer; default: accept; }
    }
    state parse_outer { pkt.extract(hdr.outer); transition accept; }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    action to_port(PortId_t port) { send_to_port(port); }
    action to_port_and_mirror(PortId_t port, MirrorSessionId_t session) {
        send_to_port(port);
        mirror_packet((MirrorSlotId_t)8w0, session);
    }
    action drop() { drop_packet(); }

    table forward {
        key = { hdr.eth.dst : exact; }
        actions = { to_port; to_port_and_mirror; drop; }
        default_action = drop();
    }

    apply {
        if (hdr.outer.isValid()) {
            // Decapsulate, then run the pipeline again on the inner frame.
            hdr.outer.setInvalid();
            recirculate();
        } else {
            // A default decision first; the table may override it.
            drop_packet();
            forward.apply();
            if (hdr.eth.dst == hdr.eth.src) {
                send_to_port(istd.input_port);  // reflect: the last call wins
            }
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
