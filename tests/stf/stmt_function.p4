// STF feature test: functions with a return value called from the control and from one
// another, with in/out/inout parameters (out gets the callee's value, inout is read and
// written). The egress port is a function result.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

bit<16> absdiff(in bit<16> a, in bit<16> b) {
    if (a > b) {
        return a - b;
    }
    return b - a;
}

bit<8> lowbyte(in bit<16> v) {
    return v[7:0];
}

void split(in bit<16> v, out bit<8> high, out bit<8> low) {
    high = v[15:8];
    low = lowbyte(v);
}

void bump(inout bit<8> c) {
    c = c + 1;
}

header ops_h {
    bit<16> x;
    bit<16> y;
    bit<16> diff;
    bit<8>  lo;
    bit<8>  hi;
    bit<8>  count;
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
        hdr.ops.diff = absdiff(hdr.ops.x, hdr.ops.y);
        split(hdr.ops.diff, hdr.ops.hi, hdr.ops.lo);
        bump(hdr.ops.count);
        bump(hdr.ops.count);
        send_to_port((PortId_t)(bit<32>)lowbyte(hdr.ops.x + hdr.ops.y));
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
