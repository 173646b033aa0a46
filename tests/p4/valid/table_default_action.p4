// table_default_action.p4 -- default actions: with arguments, const, omitted (NoAction), and a keyless table.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }

struct headers_t { ethernet_h eth; }
struct meta_t { bit<16> vrf; bit<8> mode; PortId_t port; }

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
    action set_vrf(bit<16> vrf) { meta.vrf = vrf; }
    action set_mode(bit<8> mode, PortId_t port) { meta.mode = mode; meta.port = port; }
    action forward(PortId_t port) { send_to_port(port); }

    // The control plane may change this default; it starts as VRF 0.
    table port_vrf {
        key = { istd.input_port : exact; }
        actions = { set_vrf; }
        default_action = set_vrf(0);
    }

    // A const default with several arguments, given as expressions.
    table mode_select {
        key = { meta.vrf : exact; }
        actions = { set_mode; }
        const default_action = set_mode(8w1 + 8w2, (PortId_t)(PortIdUint_t)7);
    }

    // No default_action: it is NoAction, which joins the action list.
    table mac_forward {
        key = { hdr.eth.dst : exact; }
        actions = { forward; }
    }

    // No key at all: only the default action ever runs.
    table always {
        actions = { forward; }
        default_action = forward((PortId_t)32w0);
    }

    apply {
        port_vrf.apply();
        mode_select.apply();
        if (!mac_forward.apply().hit) {
            always.apply();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
