// table_const_entries_priority.p4 -- const entries with explicit priorities, largest_priority_wins = false, priority_delta.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header ipv4_h {
    bit<8> version_ihl; bit<8> tos; bit<16> len; bit<32> id_frag;
    bit<8> ttl; bit<8> protocol; bit<16> csum; bit<32> src; bit<32> dst;
}

struct headers_t { ethernet_h eth; ipv4_h ipv4; }
struct meta_t { bit<8> class_id; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        pkt.extract(hdr.ipv4);
        transition accept;
    }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    action set_class(bit<8> class_id) { meta.class_id = class_id; }
    action deny() { drop_packet(); }

    table classify {
        key = {
            hdr.ipv4.src      : ternary;
            hdr.ipv4.protocol : ternary;
            hdr.ipv4.tos      : exact;
        }
        actions = { set_class; deny; NoAction; }
        default_action = NoAction();
        // Smaller numbers win; entries without a priority get the previous
        // one plus priority_delta.
        largest_priority_wins = false;
        priority_delta = 10;
        const entries = {
            priority = 1: (32w0x0a000001, _, 0) : deny();
            priority = 10: (0x0a000000 &&& 0xff000000, 6, 0) : set_class(1);
                           (0x0a000000 &&& 0xff000000, 17, 0) : set_class(2);  // 20
                           (0x0a000000 &&& 0xff000000, _, 0) : set_class(3);   // 30
            priority = (30 + 5): (_, 1, 0) : set_class(4);
            priority = 100: (_, _, 0xb8) : set_class(46);
        }
    }

    apply {
        classify.apply();
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
