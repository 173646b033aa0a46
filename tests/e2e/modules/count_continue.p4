// E2E chain module 1: counts every packet it sees (Counter `packets`, index 0) and hands it
// to the next module of the chain. The tests compare the count with the packets they sent.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
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

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control CountIngress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                     inout pna_main_output_metadata_t ostd) {
    Counter<bit<64>, bit<32>>(1, PNA_CounterType_t.PACKETS_AND_BYTES) packets;
    apply {
        packets.count(0);
        send_to_next_module();
    }
}

control CountDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                      in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.ethernet); }
}

PNA_NIC(CountParser(), NoPre(), CountIngress(), CountDeparser()) main;
