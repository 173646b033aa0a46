// STF feature test: an lpm table with the dir24 lookup scheme (docs/manifest.md, "lpm"):
// an array of one entry per /24 block in front of the trie, kept in step by the loader.
// Nested routes of length <= 24 share blocks; longer ones send their block to the trie;
// removing a route hands its blocks back to the next shorter one.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ipv4_h {
    bit<4>  version;
    bit<4>  ihl;
    bit<8>  tos;
    bit<16> total_len;
    bit<16> id;
    bit<16> frag;
    bit<8>  ttl;
    bit<8>  protocol;
    bit<16> checksum;
    bit<32> src;
    bit<32> dst;
}

struct headers_t { ethernet_h ethernet; ipv4_h ipv4; }
struct meta_t { }

parser Ipv4Parser(packet_in pkt, out headers_t hdr, inout meta_t meta,
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

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    action route(PortId_t port) { send_to_port(port); }
    action no_route() { drop_packet(); }

    @p4nf_lpm("dir24")
    table routes {
        key = { hdr.ipv4.dst : lpm; }
        actions = { route; no_route; }
        default_action = no_route();
        size = 256;
    }

    apply {
        if (hdr.ipv4.isValid()) {
            routes.apply();
        } else {
            send_to_host();
        }
    }
}

control Ipv4Deparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                     in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ipv4);
    }
}

PNA_NIC(Ipv4Parser(), NoPre(), ingress(), Ipv4Deparser()) main;
