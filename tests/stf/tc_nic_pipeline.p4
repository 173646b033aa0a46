// STF feature test: a program written for P4TC (p4c's TC target) as it is: <tc/pna.p4>,
// PNA_NIC with three blocks (no pre control), a deparser whose headers are inout and
// which still changes them, tc_* annotations on keys, action parameters and tables,
// Counter.count(index) and DirectCounter.count() without an increment, and
// SelectByDirection on a bool (is_net_port).
#include <core.p4>
#include <tc/pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header tag_h {
    bit<8>  kind;
    bit<8>  seen;      // written by the deparser
    bit<32> selected;  // SelectByDirection's pick
}

struct headers_t { ethernet_h eth; tag_h tag; }
struct meta_t { bit<8> hits; }

parser Parse(packet_in pkt, out headers_t hdr, inout meta_t meta,
             in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.ether_type) {
            0x88b5: parse_tag;
            default: accept;
        }
    }
    state parse_tag {
        pkt.extract(hdr.tag);
        transition accept;
    }
}

control Main(inout headers_t hdr, inout meta_t meta,
             in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    Counter<bit<64>, bit<8>>(8, PNA_CounterType_t.PACKETS_AND_BYTES) per_kind;
    DirectCounter<bit<64>>(PNA_CounterType_t.PACKETS) per_entry;

    action forward(@tc_type("dev") PortId_t port, @tc_type("macaddr") bit<48> new_src) {
        per_entry.count();
        hdr.eth.src = new_src;
        send_to_port(port);
    }
    action drop() {
        per_entry.count();
        drop_packet();
    }

    @tc_acl("CRUDPS:RX")
    table by_dst {
        key = { hdr.eth.dst : exact @tc_type("macaddr") @name("dst"); }
        actions = { forward; drop; }
        pna_direct_counter = per_entry;
        default_action = drop;
        size = 64;
    }

    apply {
        if (hdr.tag.isValid()) {
            per_kind.count(hdr.tag.kind);
            hdr.tag.selected = SelectByDirection(is_net_port(istd.input_port), 32w0x11111111, 32w0x22222222);
        }
        by_dst.apply();
    }
}

control Deparse(packet_out pkt, inout headers_t hdr, in meta_t meta,
                in pna_main_output_metadata_t ostd) {
    apply {
        if (hdr.tag.isValid()) {
            hdr.tag.seen = 0xee;
        }
        pkt.emit(hdr.eth);
        pkt.emit(hdr.tag);
    }
}

PNA_NIC(Parse(), Main(), Deparse()) main;
