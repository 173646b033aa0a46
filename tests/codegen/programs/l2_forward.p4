// An L2 forwarder: the destination MAC selects the output port; unknown MACs are dropped.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

struct headers_t { ethernet_h ethernet; }
struct meta_t { }

parser L2Parser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition accept;
    }
}

control L2Pre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control L2Control(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                  inout pna_main_output_metadata_t ostd) {
    action forward(PortId_t port) { send_to_port(port); }
    action drop() { drop_packet(); }

    table mac_table {
        key = { hdr.ethernet.dst_addr : exact; }
        actions = { forward; drop; }
        default_action = drop();
        size = 1024;
    }

    apply {
        if (hdr.ethernet.isValid()) {
            mac_table.apply();
        } else {
            drop_packet();
        }
    }
}

control L2Deparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                   in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.ethernet); }
}

PNA_NIC(L2Parser(), L2Pre(), L2Control(), L2Deparser()) main;
