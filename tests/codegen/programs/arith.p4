// Arithmetic families at their declared widths: wrap-around, saturation, shifts (also by
// run-time amounts past the width), slices, concatenation, casts with sign extension,
// signed and unsigned comparisons, logic, bit operations and division. Inputs come from
// the packet; results are written back into it in place.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

header ops_h {
    bit<8>  a;
    bit<8>  b;
    int<8>  c;
    bit<8>  sh;
    bit<16> d;
    // results
    bit<8>  add;
    bit<8>  sub;
    bit<8>  mul;
    bit<8>  uadd_sat;
    bit<8>  usub_sat;
    int<8>  sadd_sat;
    int<8>  ssub_sat;
    bit<8>  shl;
    bit<8>  shr;
    int<8>  sshr;
    bit<16> concat;
    bit<8>  slice;
    bit<16> sext;
    bit<16> zext;
    bit<8>  flags;
    bit<8>  div;
    bit<8>  mod;
    bit<8>  bits;
    bit<4>  nibble_hi;
    bit<4>  nibble_lo;
    bit<8>  neg;
}

struct headers_t {
    ethernet_h ethernet;
    ops_h      ops;
}

struct meta_t { }

parser ArithParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                   in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x88b5: parse_ops;
            default: accept;
        }
    }
    state parse_ops {
        pkt.extract(hdr.ops);
        transition accept;
    }
}

control ArithPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
                 inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ArithControl(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                     inout pna_main_output_metadata_t ostd) {
    apply {
        if (!hdr.ops.isValid()) {
            drop_packet();
            return;
        }
        bit<8> a = hdr.ops.a;
        bit<8> b = hdr.ops.b;
        int<8> c = hdr.ops.c;
        hdr.ops.add = a + b;
        hdr.ops.sub = a - b;
        hdr.ops.mul = a * b;
        hdr.ops.uadd_sat = a |+| b;
        hdr.ops.usub_sat = a |-| b;
        hdr.ops.sadd_sat = c |+| 8s100;
        hdr.ops.ssub_sat = c |-| 8s100;
        hdr.ops.shl = a << hdr.ops.sh;
        hdr.ops.shr = a >> hdr.ops.sh;
        hdr.ops.sshr = c >> 2;
        hdr.ops.concat = a ++ b;
        hdr.ops.slice = hdr.ops.d[11:4];
        hdr.ops.sext = (bit<16>)(int<16>)c;
        hdr.ops.zext = (bit<16>)a;
        bit<8> flags = 0;
        if (a < b) { flags = flags | 1; }
        if (c < 0) { flags = flags | 2; }
        if (a == b) { flags = flags | 4; }
        if (a > 10 && b > 10) { flags = flags | 8; }
        if (a > 10 || b > 10) { flags = flags | 16; }
        if (!(a > 10)) { flags = flags | 32; }
        bool big = a >= 128;
        if (big) { flags = flags | 64; }
        flags[7:7] = (bit<1>)(c <= -100);
        hdr.ops.flags = flags;
        hdr.ops.div = a / b;
        hdr.ops.mod = a % b;
        hdr.ops.bits = (a & 0xf0) | (b ^ 0x0f) & ~a;
        hdr.ops.nibble_hi = a[3:0];
        hdr.ops.nibble_lo = b[7:4];
        hdr.ops.neg = -a;
        send_to_host();
    }
}

control ArithDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                      in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ops);
    }
}

PNA_NIC(ArithParser(), ArithPre(), ArithControl(), ArithDeparser()) main;
