// STF feature test: advance by a run-time amount. A shim header says how many bytes of
// padding follow it; the parser skips them and extracts the inner header. Skipped bytes
// are not part of the output (the deparser emits headers, then the unparsed payload).
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header shim_h { bit<8> pad_bytes; bit<8> next; }
header inner_h { bit<16> value; }

struct headers_t { ethernet_h ethernet; shim_h shim; inner_h inner; }
struct meta_t { }

parser SkipParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                  in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x88b5: parse_shim;
            default: accept;
        }
    }
    state parse_shim {
        pkt.extract(hdr.shim);
        pkt.advance((bit<32>)hdr.shim.pad_bytes * 8);
        pkt.extract(hdr.inner);
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
        if (istd.parser_error != error.NoError) {
            drop_packet();
        } else if (hdr.inner.isValid()) {
            hdr.shim.pad_bytes = 0;
            hdr.inner.value = hdr.inner.value + 1;
            send_to_port((PortId_t)1);
        } else {
            send_to_port((PortId_t)2);
        }
    }
}

control SkipDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                     in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(SkipParser(), NoPre(), ingress(), SkipDeparser()) main;
