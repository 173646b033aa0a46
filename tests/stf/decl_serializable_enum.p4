// STF feature test: a serializable enum bit<8> as a header field: switch on the packet's
// value (named members and, via default, unnamed values), cast to and from bit<8>, and
// assignment of a member into the packet. The egress port is the enum's numeric value.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

enum bit<8> Kind_t {
    Ping = 0x08,
    Pong = 0x0a,
    Data = 0x20
}

header ops_h {
    Kind_t  kind;
    bit<8>  tag;
    Kind_t  next;
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
        switch (hdr.ops.kind) {
            Kind_t.Ping: { hdr.ops.tag = 1; hdr.ops.next = Kind_t.Pong; }
            Kind_t.Pong: { hdr.ops.tag = 2; hdr.ops.next = Kind_t.Ping; }
            default: { hdr.ops.tag = (bit<8>)hdr.ops.kind + 1; hdr.ops.next = (Kind_t)8w0x42; }
        }
        send_to_port((PortId_t)(bit<32>)(bit<8>)hdr.ops.kind);
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
