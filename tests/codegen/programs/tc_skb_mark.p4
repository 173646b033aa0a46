// A P4TC program that sets the skb's mark: TC compiles it, XDP (no skb) reports the call.
#include <core.p4>
#include <tc/pna.p4>
header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
struct headers_t { ethernet_h ethernet; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, in pna_main_parser_input_metadata_t istd) {
    state start { pkt.extract(hdr.ethernet); transition accept; }
}
control C(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply {
        skb_set_mark(7);
        skb_set_protocol(0x86dd);
        send_to_port((PortId_t) 1);
    }
}
control D(packet_out pkt, inout headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) { apply { pkt.emit(hdr.ethernet); } }
PNA_NIC(P(), C(), D()) main;
