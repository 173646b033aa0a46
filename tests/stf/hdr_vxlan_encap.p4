// STF feature test: adding several headers in front of the packet at once (VXLAN, RFC
// 7348): a new outer Ethernet, IPv4 (checksum computed), UDP and VXLAN header before the
// original frame, which stays where it is; the headers are filled field by field in
// actions and the packet grows by 50 bytes. Frames from the tunnel (UDP 4789 on port 1)
// are decapsulated back into the inner frame; anything else goes to the host. Frames
// from port 3 go into a tunnel over IPv6 instead (a 40-byte outer header with 128-bit
// addresses: 70 bytes added).
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
    bit<3>  flags;
    bit<13> frag_offset;
    bit<8>  ttl;
    bit<8>  protocol;
    bit<16> checksum;
    bit<32> src;
    bit<32> dst;
}

header ipv6_h {
    bit<4>   version;
    bit<8>   traffic_class;
    bit<20>  flow_label;
    bit<16>  payload_len;
    bit<8>   next_hdr;
    bit<8>   hop_limit;
    bit<128> src;
    bit<128> dst;
}

header udp_h {
    bit<16> sport;
    bit<16> dport;
    bit<16> length;
    bit<16> checksum;
}

header vxlan_h {
    bit<8>  flags;
    bit<24> reserved;
    bit<24> vni;
    bit<8>  reserved2;
}

struct headers_t {
    ethernet_h outer_ethernet;
    ipv4_h     outer_ipv4;
    ipv6_h     outer_ipv6;
    udp_h      outer_udp;
    vxlan_h    vxlan;
    ethernet_h ethernet;
}

struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        transition select(istd.input_port) {
            (PortId_t)1: tunnel;
            default: inner;
        }
    }
    state tunnel {
        pkt.extract(hdr.outer_ethernet);
        transition select(hdr.outer_ethernet.ether_type) {
            0x0800: tunnel_ipv4;
            0x86dd: tunnel_ipv6;
            default: accept;
        }
    }
    state tunnel_ipv6 {
        pkt.extract(hdr.outer_ipv6);
        transition select(hdr.outer_ipv6.next_hdr) {
            17: tunnel_udp;
            default: accept;
        }
    }
    state tunnel_ipv4 {
        pkt.extract(hdr.outer_ipv4);
        transition select(hdr.outer_ipv4.ihl, hdr.outer_ipv4.protocol) {
            (5, 17): tunnel_udp;
            default: accept;
        }
    }
    state tunnel_udp {
        pkt.extract(hdr.outer_udp);
        transition select(hdr.outer_udp.dport) {
            4789: tunnel_vxlan;
            default: accept;
        }
    }
    state tunnel_vxlan {
        pkt.extract(hdr.vxlan);
        transition inner;
    }
    state inner {
        pkt.extract(hdr.ethernet);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
          inout pna_main_output_metadata_t ostd) {
    InternetChecksum() ck;

    action vxlan_udp(bit<48> local_mac, bit<48> remote_mac, bit<16> ether_type, bit<24> vni,
                     bit<16> frame_len) {
        hdr.outer_ethernet.setValid();
        hdr.outer_ethernet.dst = remote_mac;
        hdr.outer_ethernet.src = local_mac;
        hdr.outer_ethernet.ether_type = ether_type;
        hdr.outer_udp.setValid();
        hdr.outer_udp.sport = 49152 | (bit<16>)hdr.ethernet.src[13:0];  // entropy for ECMP
        hdr.outer_udp.dport = 4789;
        hdr.outer_udp.length = frame_len + 16;
        hdr.outer_udp.checksum = 0;
        hdr.vxlan.setValid();
        hdr.vxlan.flags = 0x08;
        hdr.vxlan.reserved = 0;
        hdr.vxlan.vni = vni;
        hdr.vxlan.reserved2 = 0;
    }

    action encap(bit<48> local_mac, bit<48> remote_mac, bit<32> local_ip, bit<32> remote_ip,
                 bit<24> vni, bit<16> frame_len) {
        vxlan_udp(local_mac, remote_mac, 0x0800, vni, frame_len);
        hdr.outer_ipv4.setValid();
        hdr.outer_ipv4.version = 4;
        hdr.outer_ipv4.ihl = 5;
        hdr.outer_ipv4.tos = 0;
        hdr.outer_ipv4.total_len = frame_len + 36;
        hdr.outer_ipv4.id = 0;
        hdr.outer_ipv4.flags = 2;
        hdr.outer_ipv4.frag_offset = 0;
        hdr.outer_ipv4.ttl = 64;
        hdr.outer_ipv4.protocol = 17;
        hdr.outer_ipv4.src = local_ip;
        hdr.outer_ipv4.dst = remote_ip;
        ck.clear();
        ck.add({hdr.outer_ipv4.version, hdr.outer_ipv4.ihl, hdr.outer_ipv4.tos,
                hdr.outer_ipv4.total_len, hdr.outer_ipv4.id, hdr.outer_ipv4.flags,
                hdr.outer_ipv4.frag_offset, hdr.outer_ipv4.ttl, hdr.outer_ipv4.protocol,
                hdr.outer_ipv4.src, hdr.outer_ipv4.dst});
        hdr.outer_ipv4.checksum = ck.get();
        send_to_port((PortId_t)1);
    }

    // Over IPv6 the UDP checksum is mandatory (RFC 6935 allows zero for tunnels; VXLAN
    // senders use zero, as here).
    action encap6(bit<48> local_mac, bit<48> remote_mac, bit<128> local_ip, bit<128> remote_ip,
                  bit<24> vni, bit<16> frame_len) {
        vxlan_udp(local_mac, remote_mac, 0x86dd, vni, frame_len);
        hdr.outer_ipv6.setValid();
        hdr.outer_ipv6.version = 6;
        hdr.outer_ipv6.traffic_class = 0;
        hdr.outer_ipv6.flow_label = (bit<20>)hdr.ethernet.src[19:0];
        hdr.outer_ipv6.payload_len = frame_len + 16;
        hdr.outer_ipv6.next_hdr = 17;
        hdr.outer_ipv6.hop_limit = 64;
        hdr.outer_ipv6.src = local_ip;
        hdr.outer_ipv6.dst = remote_ip;
        send_to_port((PortId_t)1);
    }

    apply {
        if (hdr.vxlan.isValid()) {
            hdr.outer_ethernet.setInvalid();
            hdr.outer_ipv4.setInvalid();
            hdr.outer_ipv6.setInvalid();
            hdr.outer_udp.setInvalid();
            hdr.vxlan.setInvalid();
            send_to_port((PortId_t)2);
        } else if (istd.input_port == (PortId_t)3) {
            encap6(0x0200000000aa, 0x0200000000bb, 0x20010db8000000000000000000000001,
                   0x20010db8000000000000000000000002, 0x005678, 60);
        } else if (istd.input_port != (PortId_t)1) {
            // Frames of 60 bytes in this test; a real tunnel takes the length from the
            // packet (an IPv4 total length, or the frame size the host gives).
            encap(0x0200000000aa, 0x0200000000bb, 0xc0a80001, 0xc0a80002, 0x001234, 60);
        } else {
            send_to_host();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.outer_ethernet);
        pkt.emit(hdr.outer_ipv4);
        pkt.emit(hdr.outer_ipv6);
        pkt.emit(hdr.outer_udp);
        pkt.emit(hdr.vxlan);
        pkt.emit(hdr.ethernet);
    }
}

PNA_NIC(P(), NoPre(), C(), D()) main;
