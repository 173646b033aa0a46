// STF feature test: sub-parsers (P4-16 "Invoking sub-parsers"), inlined by p4nfc. The
// main parser takes Ethernet and applies TagParser, which extracts a tag and, in a
// state of its own, the tail the tag asks for; TagParser applies CheckParser, whose
// reject (a tag of 0xee) rejects the whole parse. After the sub-parser accepts, the
// calling state goes on (it extracts the trailer). The tail's byte is the egress port;
// a rejected packet is dropped, one without a tail goes to the host, and the trailer's
// byte is written into the tag to show that the headers stay in packet order.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header tag_h {
    bit<8> kind;
    bit<8> value;
}

header tail_h {
    bit<8> port;
}

header trailer_h {
    bit<8> mark;
}

struct headers_t { ethernet_h ethernet; tag_h tag; tail_h tail; trailer_h trailer; }
struct meta_t { bit<8> checked; }

parser CheckParser(packet_in pkt, in tag_h tag, inout meta_t meta) {
    state start {
        transition select(tag.kind) {
            0xee: reject;
            default: ok;
        }
    }
    state ok {
        meta.checked = meta.checked + 1;
        transition accept;
    }
}

parser TagParser(packet_in pkt, inout headers_t hdr, inout meta_t meta) {
    CheckParser() check;
    state start {
        pkt.extract(hdr.tag);
        check.apply(pkt, hdr.tag, meta);
        transition select(hdr.tag.kind) {
            1: parse_tail;
            default: accept;
        }
    }
    state parse_tail {
        pkt.extract(hdr.tail);
        transition accept;
    }
}

parser MainParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                  in pna_main_parser_input_metadata_t istd) {
    TagParser() tags;
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x88b5: parse_tags;
            default: accept;
        }
    }
    state parse_tags {
        tags.apply(pkt, hdr, meta);
        pkt.extract(hdr.trailer);
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
        if (hdr.trailer.isValid() && meta.checked == 1) {
            hdr.tag.value = hdr.trailer.mark;
            if (hdr.tail.isValid()) {
                send_to_port((PortId_t)(bit<32>)hdr.tail.port);
            } else {
                send_to_host();
            }
        } else if (!hdr.tag.isValid()) {
            send_to_host();
        } else {
            drop_packet();  // rejected by CheckParser: no trailer
        }
    }
}

control MainDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                     in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.tag);
        pkt.emit(hdr.tail);
        pkt.emit(hdr.trailer);
    }
}

PNA_NIC(MainParser(), NoPre(), ingress(), MainDeparser()) main;
