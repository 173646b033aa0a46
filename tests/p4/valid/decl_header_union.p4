// header unions: extraction into members, isValid on the union and its members, assignment, ==
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

header ipv4_t {
    bit<8>  version_ihl;
    bit<8>  ttl;
    bit<16> total_len;
    bit<32> src_addr;
    bit<32> dst_addr;
}

header ipv6_t {
    bit<32>  version_class_flow;
    bit<8>   hop_limit;
    bit<128> src_addr;
    bit<128> dst_addr;
}

header_union ip_t {
    ipv4_t v4;
    ipv6_t v6;
}

struct headers_t {
    ethernet_t eth;
    ip_t       ip;
}

struct metadata_t {
    bit<32> value;
}

parser MainParserImpl(packet_in pkt, out headers_t hdr, inout metadata_t meta,
                      in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.ether_type) {
            16w0x0800: parse_v4;
            16w0x86dd: parse_v6;
            default: accept;
        }
    }

    state parse_v4 {
        pkt.extract(hdr.ip.v4);
        transition accept;
    }

    state parse_v6 {
        pkt.extract(hdr.ip.v6);
        transition accept;
    }
}

control PreControlImpl(in headers_t hdr, inout metadata_t meta,
                       in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control MainControlImpl(inout headers_t hdr, inout metadata_t meta,
                        in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply {
        if (hdr.ip.isValid()) {               // true when any member is valid
            if (hdr.ip.v4.isValid()) {
                hdr.ip.v4.ttl = hdr.ip.v4.ttl - 1;
            } else if (hdr.ip.v6.isValid()) {
                hdr.ip.v6.hop_limit = hdr.ip.v6.hop_limit - 1;
            }
        }
        ip_t local_ip;                        // starts invalid
        local_ip.v4.setValid();               // makes the union valid through v4
        local_ip.v4 = { version_ihl = 0x45, ttl = 64, total_len = 20,
                        src_addr = 1, dst_addr = 2 };
        if (local_ip == hdr.ip) {             // unions of one type compare
            meta.value = 32w1;
        }
        hdr.ip = local_ip;                    // whole-union assignment
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
        pkt.emit(hdr.ip);       // emits the valid member, if any
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
