// tc_pna_four_blocks.p4 -- P4TC's PNA_NIC takes three blocks: a pre control is an error.
#include <core.p4>
#include <tc/pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
struct headers_t { ethernet_h eth; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start { pkt.extract(hdr.eth); transition accept; }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply { send_to_port((PortId_t) 1); }
}

control D(packet_out pkt, inout headers_t hdr, in meta_t meta,
          in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.eth); }
}

PNA_NIC(P(), C(), C(), D()) main;
