// table_hit_miss.p4 -- using apply().hit and apply().miss in conditions and expressions.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }

struct headers_t { ethernet_h eth; }
struct meta_t { bool known_src; bool known_dst; }

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
    action forward(PortId_t port) { send_to_port(port); }

    table src_known { key = { hdr.eth.src : exact; } actions = { NoAction; } }
    table dst_lookup { key = { hdr.eth.dst : exact; } actions = { forward; NoAction; } }
    table blocked { key = { hdr.eth.src : exact; } actions = { NoAction; } }

    apply {
        meta.known_src = src_known.apply().hit;  // the result as a value
        if (blocked.apply().miss) {
            if (!dst_lookup.apply().hit) {
                drop_packet();
            }
        } else {
            drop_packet();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
