// STF feature test: pkt.advance(n) skips n bits (a 4-byte shim here) before the next
// extract; the fields extracted after it come from the right offset and writes to them
// land there. The egress port is the first byte after the shim.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8>  port;
    bit<8>  value;
}

struct headers_t { ethernet_h ethernet; ops_h ops; }
struct meta_t { }

parser OpsParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                 in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        pkt.advance(32);
        pkt.extract(hdr.ops);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    apply {
        hdr.ops.value = hdr.ops.value + 1;
        send_to_port((PortId_t)(bit<32>)hdr.ops.port);
    }
}

control OpsDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                    in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ops);
    }
}

PNA_NIC(OpsParser(), NoPre(), ingress(), OpsDeparser()) main;
