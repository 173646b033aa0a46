// STF feature test: slices. Reads of [h:l] inside a byte, across bytes and of wide
// fields, and writes to a slice that must leave the other bits of the field untouched.
// The egress port is the high nibble of `a`.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<16> a;
    bit<8>  hi;
    bit<4>  lo;
    bit<4>  pad;
    bit<32> w;
    bit<8>  mid;
    bit<64> big;
    bit<16> top;
}

struct headers_t { ethernet_h ethernet; ops_h ops; }
struct meta_t { }

parser OpsParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                 in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
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
        hdr.ops.hi = hdr.ops.a[15:8];
        hdr.ops.lo = hdr.ops.a[3:0];
        hdr.ops.mid = hdr.ops.w[19:12];
        hdr.ops.top = hdr.ops.big[63:48];
        hdr.ops.w[7:4] = 4w0xa;
        hdr.ops.big[35:28] = hdr.ops.a[7:0];
        send_to_port((PortId_t)(bit<32>)hdr.ops.a[15:12]);
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
