// table_action_annotations.p4 -- @defaultonly and @tableonly action references, @name on keys, tables and actions.
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
    @name("fwd") action forward(PortId_t port) { send_to_port(port); }
    action miss() { drop_packet(); }
    action rewrite_src(bit<48> mac) { hdr.eth.src = mac; }

    @name("dmac_table")
    table dmac {
        key = {
            hdr.eth.dst : exact @name("dst_mac");
        }
        actions = {
            @tableonly forward;      // only in entries
            rewrite_src;             // either
            @defaultonly miss;       // only as the default
        }
        const default_action = miss();
        size = 4096;
    }

    apply { dmac.apply(); }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
