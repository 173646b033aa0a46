// STF feature test: structs as values: a struct initializer {f = v}, copy of a whole
// struct (later writes to the copy leave the original alone), nested structs, a struct
// in the user metadata, and a struct passed to and returned from a function by out. The
// egress port is a field of the copy.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

struct pair_t {
    bit<8>  x;
    bit<16> y;
}

struct outer_t {
    pair_t inner;
    bit<8> tag;
}

void swap_pair(in pair_t from, out pair_t to) {
    to.x = from.y[7:0];
    to.y = (bit<16>)from.x;
}

header ops_h {
    bit<8>  a;
    bit<16> b;
    bit<8>  c;
    bit<8>  orig_a;
    bit<16> nested_b;
}

struct headers_t { ethernet_h ethernet; ops_h ops; }
struct meta_t { outer_t saved; }

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
        pair_t p = { x = hdr.ops.a, y = hdr.ops.b };
        pair_t q = p;
        q.x = q.x + 1;
        outer_t o = { inner = q, tag = 0x5 };
        meta.saved = o;
        meta.saved.inner.y = meta.saved.inner.y + 16w0x100;
        pair_t r;
        swap_pair(meta.saved.inner, r);
        hdr.ops.a = r.x;
        hdr.ops.b = r.y;
        hdr.ops.orig_a = p.x;
        hdr.ops.nested_b = o.inner.y;
        hdr.ops.c = meta.saved.tag;
        send_to_port((PortId_t)(bit<32>)q.x);
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
