// STF feature test: a header stack of MPLS labels filled by a parser loop (.next, .last,
// lastIndex), read by constant index in the control, and changed with pop_front (pop the
// outer label) and push_front (push a new one). A fifth label fails with
// StackOutOfBounds and the packet is dropped.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header mpls_h { bit<20> label; bit<3> tc; bit<1> bos; bit<8> ttl; }

struct headers_t { ethernet_h ethernet; mpls_h[4] mpls; }
struct meta_t { bit<32> last_index; }

parser MplsParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                  in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x8847: parse_mpls;
            default: accept;
        }
    }
    state parse_mpls {
        pkt.extract(hdr.mpls.next);
        transition select(hdr.mpls.last.bos) {
            0: parse_mpls;
            1: done;
        }
    }
    state done {
        meta.last_index = hdr.mpls.lastIndex;
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
            exit;
        }
        // The source MAC records how deep the stack was.
        hdr.ethernet.src = (bit<48>)meta.last_index;
        if (!hdr.mpls[0].isValid()) {
            send_to_port((PortId_t)9);
        } else if (hdr.mpls[0].label == 16) {
            // Pop the outer label: the next one becomes outer.
            hdr.mpls.pop_front(1);
            send_to_port((PortId_t)1);
        } else if (hdr.mpls[0].label == 17) {
            // Push a label in front of the others.
            hdr.mpls.push_front(1);
            hdr.mpls[0].setValid();
            hdr.mpls[0].label = 99;
            hdr.mpls[0].tc = 0;
            hdr.mpls[0].bos = 0;
            hdr.mpls[0].ttl = hdr.mpls[1].ttl;
            send_to_port((PortId_t)2);
        } else {
            // Swap the outer label in place, keep the rest.
            hdr.mpls[0].label = hdr.mpls[0].label + 1;
            hdr.mpls[0].ttl = hdr.mpls[0].ttl - 1;
            send_to_port((PortId_t)3);
        }
    }
}

control MplsDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                     in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.mpls);
    }
}

PNA_NIC(MplsParser(), NoPre(), ingress(), MplsDeparser()) main;
