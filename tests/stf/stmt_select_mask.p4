// STF feature test: parser select with value &&& mask keysets: only the masked bits are
// compared; the first matching case wins; others go to default (accept). A packet that
// reaches parse_tail is sent to the port in its tail byte; one accepted without it goes
// to the host; a rejected one (meta.rejected) is dropped.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ops_h {
    bit<8>  tag;
    bit<8>  k1;
    bit<16> k2;
}

header tail_h {
    bit<8> port;
}

struct headers_t { ethernet_h ethernet; ops_h ops; tail_h tail; }
struct meta_t { bit<8> rejected; }

parser OpsParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                 in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.ops);
        transition select(hdr.ops.k2) {
            16w0x0800 &&& 16w0xff00: parse_tail;
            16w0x00f0 &&& 16w0x00f0: rejected;
            16w0x0001 &&& 16w0x0001: parse_tail;
            default: accept;
        }
    }
    state parse_tail {
        pkt.extract(hdr.tail);
        transition accept;
    }
    state rejected {
        meta.rejected = 1;  // an explicit reject leaves parser_error at NoError
        transition reject;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    apply {
        if (hdr.tail.isValid()) {
            send_to_port((PortId_t)(bit<32>)hdr.tail.port);
        } else if (meta.rejected == 1) {
            drop_packet();
        } else {
            send_to_host();
        }
    }
}

control OpsDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                    in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ops);
        pkt.emit(hdr.tail);
    }
}

PNA_NIC(OpsParser(), NoPre(), ingress(), OpsDeparser()) main;
