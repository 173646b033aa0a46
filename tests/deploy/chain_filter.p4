// Deploy test module, first in its chain: drops one EtherType (from its table) and hands
// every other frame to the next module of the chain.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

struct headers_t { ethernet_h ethernet; }
struct meta_t { }

parser EthParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                 in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    action next() { send_to_next_module(); }
    action drop() { drop_packet(); }

    table filter {
        key = { hdr.ethernet.ether_type : exact; }
        actions = { next; drop; }
        default_action = next();
        size = 16;
    }

    apply { filter.apply(); }
}

control EthDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                    in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.ethernet); }
}

PNA_NIC(EthParser(), NoPre(), ingress(), EthDeparser()) main;
