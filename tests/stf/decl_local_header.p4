// STF feature test: a header declared as a local variable: invalid until setValid(),
// fields written and read while valid, copied into the packet's header field by field,
// whole assignment from another local header, and invalid again after setInvalid(). The
// egress port encodes the isValid() results seen along the way.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8>  a;
    bit<16> b;
    bit<8>  validity;
}

header scratch_h {
    bit<8>  x;
    bit<16> y;
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
        scratch_h s;
        bit<8> seen = 0;
        if (s.isValid()) {
            seen = seen | 1;
        }
        s.setValid();
        if (s.isValid()) {
            seen = seen | 2;
        }
        s.x = hdr.ops.a + 1;
        s.y = hdr.ops.b ^ 16w0xffff;
        scratch_h t;
        t = s;
        s.setInvalid();
        if (s.isValid()) {
            seen = seen | 4;
        }
        if (t.isValid()) {
            seen = seen | 8;
        }
        hdr.ops.a = t.x;
        hdr.ops.b = t.y;
        hdr.ops.validity = seen;
        send_to_port((PortId_t)(bit<32>)seen);
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
