// Deploy test module, second in its chain: forwards by destination MAC (or sends to the
// host). Built with -DCHANGED it behaves differently (frames of EtherType 0x88b5 are
// dropped first) while its maps keep their shape: the reload test's "changed module".
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
    action forward(PortId_t port) { send_to_port(port); }
    action host() { send_to_host(); }
    action drop() { drop_packet(); }

    table dmac {
        key = { hdr.ethernet.dst : exact; }
        actions = { forward; host; drop; }
        default_action = host();
        size = 64;
    }

    apply {
#ifdef CHANGED
        if (hdr.ethernet.ether_type == 0x88b5) {
            drop_packet();
            return;
        }
#endif
        dmac.apply();
    }
}

control EthDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                    in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.ethernet); }
}

PNA_NIC(EthParser(), NoPre(), ingress(), EthDeparser()) main;
