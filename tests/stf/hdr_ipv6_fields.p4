// STF feature test: 128-bit IPv6 addresses read, compared, rewritten in place and used as
// an exact table key. Packets to 2001:db8::1 get their destination rewritten from the
// table (NAT-like) and the hop limit decremented; a source equal to the destination is
// dropped; unknown destinations go to the host.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header ipv6_h {
    bit<4> version; bit<8> traffic_class; bit<20> flow_label;
    bit<16> payload_len; bit<8> next_header; bit<8> hop_limit;
    bit<128> src; bit<128> dst;
}

struct headers_t { ethernet_h ethernet; ipv6_h ipv6; }
struct meta_t { }

parser V6Parser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x86dd: parse_ipv6;
            default: accept;
        }
    }
    state parse_ipv6 {
        pkt.extract(hdr.ipv6);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    action rewrite(bit<128> new_dst, PortId_t port) {
        hdr.ipv6.dst = new_dst;
        hdr.ipv6.hop_limit = hdr.ipv6.hop_limit - 1;
        send_to_port(port);
    }
    action to_host() { send_to_host(); }

    table nat6 {
        key = { hdr.ipv6.dst : exact; }
        actions = { rewrite; to_host; }
        default_action = to_host();
        size = 16;
    }

    apply {
        if (!hdr.ipv6.isValid()) {
            drop_packet();
        } else if (hdr.ipv6.src == hdr.ipv6.dst) {
            drop_packet();
        } else {
            if (hdr.ipv6.src[127:112] == 0xfe80) {
                // Link-local sources get the documentation prefix instead.
                hdr.ipv6.src = 0x20010db8000000000000000000000000 | (hdr.ipv6.src & 0xffffffffffffffff);
            }
            nat6.apply();
        }
    }
}

control V6Deparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                   in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(V6Parser(), NoPre(), ingress(), V6Deparser()) main;
