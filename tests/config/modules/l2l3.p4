// A test module for the config tests: one table of each kind the code generator supports
// (exact, lpm), a table with const entries and one with a const default action, so that
// the bad configs can exercise every manifest check. Not a useful network function.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

header ipv4_h {
    bit<4>  version;
    bit<4>  ihl;
    bit<8>  diffserv;
    bit<16> total_len;
    bit<16> identification;
    bit<3>  flags;
    bit<13> frag_offset;
    bit<8>  ttl;
    bit<8>  protocol;
    bit<16> hdr_checksum;
    bit<32> src_addr;
    bit<32> dst_addr;
}

struct headers_t {
    ethernet_h ethernet;
    ipv4_h     ipv4;
}
struct meta_t { }

parser TestParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
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
        transition accept;
    }
}

control TestPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
                inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    action forward(PortId_t port) { send_to_port(port); }
    action set_ttl_forward(PortId_t port, bit<8> ttl) {
        hdr.ipv4.ttl = ttl;
        send_to_port(port);
    }
    action drop() { drop_packet(); }
    action to_host() { send_to_host(); }

    table mac_table {
        key = { hdr.ethernet.dst_addr : exact; }
        actions = { forward; to_host; @defaultonly drop; }
        default_action = drop();
        size = 4;
    }

    table v4_routes {
        key = { hdr.ipv4.dst_addr : lpm; }
        actions = { set_ttl_forward; @tableonly forward; drop; }
        default_action = drop();
        size = 64;
    }

    table ether_types {
        key = { hdr.ethernet.ether_type : exact; }
        actions = { to_host; NoAction; }
        default_action = NoAction();
        const entries = {
            0x88cc : to_host();
        }
        size = 8;
    }

    table fixed_default {
        key = { hdr.ethernet.src_addr : exact; }
        actions = { to_host; NoAction; }
        const default_action = NoAction();
        size = 8;
    }

    apply {
        ether_types.apply();
        fixed_default.apply();
        if (hdr.ipv4.isValid()) {
            v4_routes.apply();
        } else {
            mac_table.apply();
        }
    }
}

control TestDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                     in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ipv4);
    }
}

PNA_NIC(TestParser(), TestPre(), ingress(), TestDeparser()) main;
