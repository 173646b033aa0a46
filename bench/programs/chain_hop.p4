// One hop of a service chain, the P4 twin of bench/baselines/chain_hop.bpf.c.
//
// The `chain_hop` scenario loads N copies of this module at positions 0..N-1 of one chain
// (docs/performance.md, "Chain hops"): each parses Ethernet and continues to the next
// module; after the last one, "continue" is the host (XDP_PASS). Each module also adds one
// to the chain record's mark. That makes every hop read the record the module before it
// wrote and write one for the module after it, as a real module that reads input_port,
// the mark or the flow offsets does, so the record cannot be left out of the
// measurement; and after the run the mark must equal N: the benchmark's proof that the
// packet went through every module (a missed tail call also ends in XDP_PASS).
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

struct headers_t {
    ethernet_t ethernet;
}

struct metadata_t { }

parser HopParser(packet_in pkt, out headers_t hdr, inout metadata_t meta,
                 in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition accept;
    }
}

control HopPre(in headers_t hdr, inout metadata_t meta, in pna_pre_input_metadata_t istd,
               inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control HopControl(inout headers_t hdr, inout metadata_t meta, in pna_main_input_metadata_t istd,
                   inout pna_main_output_metadata_t ostd) {
    apply {
        chain_set_mark(chain_get_mark() + 1);
        send_to_next_module();
    }
}

control HopDeparser(packet_out pkt, in headers_t hdr, in metadata_t meta,
                    in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.ethernet); }
}

PNA_NIC(HopParser(), HopPre(), HopControl(), HopDeparser()) main;
