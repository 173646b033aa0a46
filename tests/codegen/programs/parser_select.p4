// Parser features: select on a value, a mask, a range and a tuple, verify, reject, and
// the parser error in the main control. The control reports what it saw in the verdict:
// parse errors go to the host, UDP to port 1, TCP to port 2, VLAN-tagged to port 3.
#include <core.p4>
#include <pna.p4>

error { BadVersion }

header ethernet_h {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

header vlan_h {
    bit<3>  pcp;
    bit<1>  dei;
    bit<12> vid;
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

header ports_h {
    bit<16> src_port;
    bit<16> dst_port;
}

struct headers_t {
    ethernet_h ethernet;
    vlan_h     vlan;
    ipv4_h     ipv4;
    ports_h    ports;
}

struct meta_t {
    bit<8> kind;
}

parser SelectParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                    in pna_main_parser_input_metadata_t istd) {
    state start {
        meta.kind = 0;
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x8100 &&& 0xefff: parse_vlan;   // 0x8100 and 0x9100
            0x0800: parse_ipv4;
            0x0000 .. 0x05ff: reject;        // 802.3 length field
            default: accept;
        }
    }
    state parse_vlan {
        pkt.extract(hdr.vlan);
        meta.kind = 3;
        transition accept;
    }
    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        verify(hdr.ipv4.version == 4, error.BadVersion);
        transition select(hdr.ipv4.protocol, hdr.ipv4.ihl) {
            (17, 5): parse_udp;
            (6, 5): parse_tcp;
            (_, _): accept;
        }
    }
    state parse_udp {
        pkt.extract(hdr.ports);
        meta.kind = 1;
        transition accept;
    }
    state parse_tcp {
        pkt.extract(hdr.ports);
        meta.kind = 2;
        transition accept;
    }
}

control SelectPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
                  inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control SelectControl(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                      inout pna_main_output_metadata_t ostd) {
    apply {
        if (istd.parser_error != error.NoError) {
            send_to_host();
            // Which error, in the low byte of the source MAC.
            if (istd.parser_error == error.BadVersion) {
                hdr.ethernet.src_addr[7:0] = 0xbb;
            } else if (istd.parser_error == error.PacketTooShort) {
                hdr.ethernet.src_addr[7:0] = 0x55;
            } else {
                hdr.ethernet.src_addr[7:0] = 0x11;
            }
        } else if (meta.kind == 0) {
            drop_packet();
        } else {
            send_to_port((PortId_t)(bit<32>)meta.kind);
        }
    }
}

control SelectDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                       in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.vlan);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.ports);
    }
}

PNA_NIC(SelectParser(), SelectPre(), SelectControl(), SelectDeparser()) main;
