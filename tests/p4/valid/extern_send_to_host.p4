// extern_send_to_host.p4 -- the p4nf extension send_to_host(): hand a packet to the host stack (XDP_PASS / TC_ACT_OK).
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
    action to_host() { send_to_host(); }
    action to_port(PortId_t port) { send_to_port(port); }

    table dispatch {
        key = { hdr.eth.ether_type : exact; }
        actions = { to_host; to_port; }
        default_action = to_host;
        const entries = {
            0x0806 : to_host();   // ARP is the kernel's
        }
    }

    apply {
        dispatch.apply();
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
