// Counts packets and bytes per ingress port, then hands every packet to the next module
// of its chain (send_to_next_module): a module that observes and never decides. Alone,
// or last in a chain, "next" is the host's network stack. `p4nf status` reads the
// counter `count.rx` by its manifest name.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

struct headers_t { ethernet_h ethernet; }
struct meta_t { }

parser CountParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                   in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition accept;
    }
}

control CountPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
                 inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control count(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
              inout pna_main_output_metadata_t ostd) {
    // Indexed by PNA port id; the config's ports are 0..255.
    Counter<bit<64>, PortId_t>(256, PNA_CounterType_t.PACKETS_AND_BYTES) rx;

    apply {
        rx.count(istd.input_port);
        send_to_next_module();
    }
}

control CountDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                      in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.ethernet); }
}

PNA_NIC(CountParser(), CountPre(), count(), CountDeparser()) main;
