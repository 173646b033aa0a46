// STF feature test: typedef (an alias, mixes freely with its base type) and type (a new
// type, needs explicit casts) as header fields, locals and action parameters. The egress
// port is the `type` field cast back to its base.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

typedef bit<16> Len_t;
typedef Len_t   Length_t;  // a typedef of a typedef
type bit<32>    Label_t;

header ops_h {
    Len_t    len;
    Label_t  label;
    bit<8>   pad;
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
    action relabel(Label_t l) {
        hdr.ops.label = l;
        hdr.ops.pad = (bit<8>)((bit<32>)l >> 8);
    }

    apply {
        Length_t doubled = hdr.ops.len + hdr.ops.len;
        hdr.ops.len = doubled;
        relabel((Label_t)((bit<32>)hdr.ops.label + 32w0x100));
        send_to_port((PortId_t)((bit<32>)hdr.ops.label & 32w0xff));
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
