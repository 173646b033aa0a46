// A pre control that does something runs on the main parser's headers; one declared with
// headers of another type has none to run on: not supported, said at its parameter.
#include <core.p4>
#include <pna.p4>
header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
struct headers_t { ethernet_h ethernet; }
struct pre_headers_t { ethernet_h outer; }
struct meta_t { bit<8> seen; }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, in pna_main_parser_input_metadata_t istd) {
    state start { pkt.extract(hdr.ethernet); transition accept; }
}
control Pre(in pre_headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { meta.seen = 1; }
}
control C(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply { send_to_port((PortId_t)1); }
}
control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) { apply { pkt.emit(hdr.ethernet); } }
PNA_NIC(P(), Pre(), C(), D()) main;
