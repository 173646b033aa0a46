// An IPv4 router: LPM on the destination, MAC rewrite, TTL decrement with an incremental
// checksum update (InternetChecksum, RFC 1624); options and non-IPv4 go to the host.
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

struct meta_t {
    bool routed;
}

parser RouterParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
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

control RouterPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
                  inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control RouterControl(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                      inout pna_main_output_metadata_t ostd) {
    InternetChecksum() ck;

    action route(bit<48> dst_mac, bit<48> src_mac, PortId_t port) {
        hdr.ethernet.dst_addr = dst_mac;
        hdr.ethernet.src_addr = src_mac;
        send_to_port(port);
        meta.routed = true;
    }
    action drop() { drop_packet(); }

    table ipv4_lpm {
        key = { hdr.ipv4.dst_addr : lpm; }
        actions = { route; drop; }
        default_action = drop();
        size = 1024;
    }

    apply {
        if (!hdr.ipv4.isValid() || hdr.ipv4.ihl != 5) {
            send_to_host();
            return;
        }
        if (hdr.ipv4.ttl <= 1) {
            send_to_host();
            return;
        }
        ipv4_lpm.apply();
        if (meta.routed) {
            ck.clear();
            ck.subtract(hdr.ipv4.hdr_checksum);
            ck.subtract({ hdr.ipv4.ttl, hdr.ipv4.protocol });
            hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
            ck.add({ hdr.ipv4.ttl, hdr.ipv4.protocol });
            hdr.ipv4.hdr_checksum = ck.get();
        }
    }
}

control RouterDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                       in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ipv4);
    }
}

PNA_NIC(RouterParser(), RouterPre(), RouterControl(), RouterDeparser()) main;
