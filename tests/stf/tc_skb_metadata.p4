// STF feature test: the skb metadata functions of <tc/pna.p4> on TC. The program sets
// the skb's mark, TC class id, TC index, queue mapping and time stamp, reads each back
// (and the protocol the stack saw) into the packet, so the test sees both directions.
// XDP has no skb: p4nfc rejects the program there (the .stf's xdp-error line).
#include <core.p4>
#include <tc/pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header skb_h {
    bit<32> mark;
    bit<16> classid;
    bit<16> index;
    bit<16> queue;
    bit<16> protocol;
    bit<64> tstamp;
}

struct headers_t { ethernet_h eth; skb_h skb; }
struct meta_t { }

parser Parse(packet_in pkt, out headers_t hdr, inout meta_t meta,
             in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        pkt.extract(hdr.skb);
        transition accept;
    }
}

control Main(inout headers_t hdr, inout meta_t meta,
             in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply {
        skb_get_meta();
        bit<32> before = skb_get_mark();
        skb_set_mark(hdr.skb.mark + before);
        skb_set_tc_classid(hdr.skb.classid);
        skb_set_tc_index(hdr.skb.index + 1);
        skb_set_queue_mapping(hdr.skb.queue);
        skb_set_tstamp(hdr.skb.tstamp);
        skb_set_meta();
        hdr.skb.mark = skb_get_mark();
        hdr.skb.classid = skb_get_tc_classid();
        hdr.skb.index = skb_get_tc_index();
        hdr.skb.queue = skb_get_queue_mapping();
        hdr.skb.protocol = skb_get_protocol();
        hdr.skb.tstamp = skb_get_tstamp();
        send_to_port((PortId_t) 1);
    }
}

control Deparse(packet_out pkt, inout headers_t hdr, in meta_t meta,
                in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
        pkt.emit(hdr.skb);
    }
}

PNA_NIC(Parse(), Main(), Deparse()) main;
