// Names that look like what the code generator asks about but are not: a header field
// named timestamp, a metadata field named input_port, a function named like a chain
// accessor. The program reads no clock, no input port and no chain record word.
#include <core.p4>
#include <pna.p4>
header probe_h { bit<48> timestamp; bit<16> input_port; }
struct headers_t { probe_h probe; }
struct meta_t { bit<16> input_port; bit<32> timestamp_x; }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, in pna_main_parser_input_metadata_t istd) {
    state start { pkt.extract(hdr.probe); transition accept; }
}
bit<32> chain_get_mark_like(in bit<32> x) { return x + 1; }
control Pre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) { apply { } }
control C(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply {
        meta.input_port = hdr.probe.input_port;
        meta.timestamp_x = chain_get_mark_like((bit<32>)hdr.probe.timestamp);
        hdr.probe.timestamp = (bit<48>)meta.timestamp_x;
        send_to_port((PortId_t)1);
    }
}
control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) { apply { pkt.emit(hdr.probe); } }
PNA_NIC(P(), Pre(), C(), D()) main;
