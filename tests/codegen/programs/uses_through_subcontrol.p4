// The clock read in a sub-control, through a parameter of its own name: the main control
// never mentions `timestamp`, yet the program reads it, so the packet's arrival time must
// be taken (a text search of the main control missed this).
#include <core.p4>
#include <pna.p4>
header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
struct headers_t { ethernet_h ethernet; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, in pna_main_parser_input_metadata_t istd) {
    state start { pkt.extract(hdr.ethernet); transition accept; }
}
control Pre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) { apply { } }
control Stamp(inout headers_t h, in pna_main_input_metadata_t arrival) {
    apply { h.ethernet.src = (bit<48>)arrival.timestamp; }
}
control C(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    Stamp() stamp;
    apply { stamp.apply(hdr, istd); send_to_port((PortId_t)1); }
}
control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) { apply { pkt.emit(hdr.ethernet); } }
PNA_NIC(P(), Pre(), C(), D()) main;
