// STF feature test: removing headers. A tag (EtherType 0x88b5) is removed with
// setInvalid() when its action bit is set; a probe header (EtherType 0x88b6) is parsed but
// never emitted, so it always leaves the packet. Neither is IPv4, so TC cannot use
// bpf_skb_adjust_room here and moves the bytes instead.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header tag_h { bit<1> strip; bit<15> id; bit<16> ether_type; }
header probe_h { bit<32> sequence; bit<16> ether_type; }

struct headers_t { ethernet_h ethernet; tag_h tag; probe_h probe; }
struct meta_t { }

parser TagParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                 in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x88b5: parse_tag;
            0x88b6: parse_probe;
            default: accept;
        }
    }
    state parse_tag {
        pkt.extract(hdr.tag);
        transition select(hdr.tag.ether_type) {
            0x88b6: parse_probe;
            default: accept;
        }
    }
    state parse_probe {
        pkt.extract(hdr.probe);
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
        if (hdr.probe.isValid()) {
            if (hdr.tag.isValid()) {
                hdr.tag.ether_type = hdr.probe.ether_type;
            } else {
                hdr.ethernet.ether_type = hdr.probe.ether_type;
            }
        }
        if (hdr.tag.isValid() && hdr.tag.strip == 1) {
            hdr.ethernet.ether_type = hdr.tag.ether_type;
            hdr.tag.setInvalid();
        }
        send_to_port((PortId_t)1);
    }
}

control TagDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                    in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.tag);
    }
}

PNA_NIC(TagParser(), NoPre(), ingress(), TagDeparser()) main;
