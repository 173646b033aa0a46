// STF feature test: const entries with ternary and range keys, explicit priorities
// (installed by the loader from the manifest), entries in program order (the first listed
// wins) and `largest_priority_wins = false` with `priority_delta`. Two of acl's entries
// use the older spelling `@priority(N)`, which means the same as `priority = N :`.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ipv4_h {
    bit<8>  version_ihl;
    bit<8>  tos;
    bit<16> total_len;
    bit<32> id_frag;
    bit<8>  ttl;
    bit<8>  protocol;
    bit<16> checksum;
    bit<32> src;
    bit<32> dst;
}

header ports_h {
    bit<16> src;
    bit<16> dst;
}

struct headers_t { ethernet_h ethernet; ipv4_h ipv4; ports_h ports; }
struct meta_t { }

parser L4Parser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x0800: parse_ipv4;
            default: accept;
        }
    }
    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        transition select(hdr.ipv4.protocol) {
            6: parse_ports;
            17: parse_ports;
            default: accept;
        }
    }
    state parse_ports {
        pkt.extract(hdr.ports);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    action forward(PortId_t port) { send_to_port(port); }
    action mark(bit<8> tos) { hdr.ipv4.tos = tos; }
    action drop() { drop_packet(); }

    // Larger priority wins.
    table acl {
        key = {
            hdr.ipv4.dst  : ternary;
            hdr.ports.dst : range;
        }
        actions = { forward; drop; }
        default_action = drop();
        size = 128;
        const entries = {
            // Listed first, so that their priorities decide, not their places.
            (0x0a0101ff, 22) : drop() @priority(40);
            @priority(30) (0x0a010000 &&& 0xffff0000, 1024 .. 65535) : forward(2);
            priority = 10: (0x0a000000 &&& 0xff000000, _) : forward(1);
            priority = 20: (_, 0 .. 1023) : forward(3);
        }
    }

    // No priorities: the first entry listed wins.
    table by_order {
        key = { hdr.ipv4.src : ternary; }
        actions = { mark; NoAction; }
        default_action = NoAction();
        const entries = {
            0xc0a80001 : mark(1);
            0xc0a80000 &&& 0xffff0000 : mark(2);
            _ : mark(3);
        }
    }

    // Smaller priority wins; entries without one get the previous plus priority_delta.
    table smallest {
        key = { hdr.ports.src : range; }
        actions = { mark; NoAction; }
        default_action = NoAction();
        largest_priority_wins = false;
        priority_delta = 10;
        const entries = {
            priority = 5: 100 .. 199 : mark(0x50);
            0 .. 999 : mark(0x51);           // 15
            priority = 12: 150 .. 150 : mark(0x52);
        }
    }

    apply {
        if (hdr.ports.isValid()) {
            by_order.apply();
            smallest.apply();
            acl.apply();
        } else {
            drop_packet();
        }
    }
}

control Deparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                 in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.ports);
    }
}

PNA_NIC(L4Parser(), NoPre(), ingress(), Deparser()) main;
