// The smallest pipeline: accept everything, hand every packet to the host.
#include <core.p4>
#include <pna.p4>

struct headers_t { }
struct meta_t { }

parser EmptyParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                   in pna_main_parser_input_metadata_t istd) {
    state start { transition accept; }
}

control EmptyPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
                 inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control EmptyControl(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                     inout pna_main_output_metadata_t ostd) {
    apply { send_to_host(); }
}

control EmptyDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                      in pna_main_output_metadata_t ostd) {
    apply { }
}

PNA_NIC(EmptyParser(), EmptyPre(), EmptyControl(), EmptyDeparser()) main;
