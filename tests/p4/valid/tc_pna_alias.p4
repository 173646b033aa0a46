// tc_pna_alias.p4 -- <tc/pna.p4> as an alias of <pna.p4>; including both is harmless.
#include <core.p4>
#include <tc/pna.p4>
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
    action fwd(PortId_t port) { send_to_port(port); }
    table t {
        key = { hdr.eth.dst : exact; }
        actions = { fwd; NoAction; }
        default_action = NoAction;
    }
    apply { t.apply(); }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.eth); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
