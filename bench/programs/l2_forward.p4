// L2 forwarding, the P4 twin of bench/baselines/l2_forward.bpf.c.
//
// The destination MAC is matched exactly; `forward` sends the frame out of a port, a miss
// drops it. The benchmark fills this program's table and the baseline's with the same code,
// through their manifests, so table, action and parameter names match the baseline's.
#include <core.p4>
#include <pna.p4>

typedef bit<48> MacAddr_t;

header ethernet_t {
    MacAddr_t dst_addr;
    MacAddr_t src_addr;
    bit<16>   ether_type;
}

struct headers_t {
    ethernet_t ethernet;
}

struct metadata_t { }

parser MainParserImpl(packet_in pkt,
                      out headers_t hdr,
                      inout metadata_t meta,
                      in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition accept;
    }
}

control PreControlImpl(in headers_t hdr,
                       inout metadata_t meta,
                       in pna_pre_input_metadata_t istd,
                       inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control MainControlImpl(inout headers_t hdr,
                        inout metadata_t meta,
                        in pna_main_input_metadata_t istd,
                        inout pna_main_output_metadata_t ostd) {
    action forward(PortId_t port) {
        send_to_port(port);
    }

    action drop() {
        drop_packet();
    }

    table dmac {
        key = { hdr.ethernet.dst_addr : exact; }
        actions = { forward; drop; }
        default_action = drop();
        size = 131072;
    }

    apply {
        dmac.apply();
    }
}

control MainDeparserImpl(packet_out pkt,
                         in headers_t hdr,
                         in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
