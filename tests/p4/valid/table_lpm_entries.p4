// table_lpm_entries.p4 -- an lpm table with const entries written as value &&& mask and as _, ordered by prefix length.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header ipv4_h {
    bit<8> version_ihl; bit<8> tos; bit<16> len; bit<32> id_frag;
    bit<8> ttl; bit<8> protocol; bit<16> csum; bit<32> src; bit<32> dst;
}

struct headers_t { ethernet_h eth; ipv4_h ipv4; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start { pkt.extract(hdr.eth); pkt.extract(hdr.ipv4); transition accept; }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    action via(PortId_t port) { send_to_port(port); }
    action blackhole() { drop_packet(); }

    // Bogons are dropped; everything else goes out of port 1.
    table bogons {
        key = { hdr.ipv4.dst : lpm; }
        actions = { via; blackhole; }
        const entries = {
            0x0a000000 &&& 0xff000000 : blackhole();   // 10.0.0.0/8
            0xac100000 &&& 0xfff00000 : blackhole();   // 172.16.0.0/12
            0xc0a80000 &&& 0xffff0000 : blackhole();   // 192.168.0.0/16
            32w0x7f000001              : blackhole();   // 127.0.0.1/32
            _                          : via((PortId_t)32w1);
        }
    }

    apply { bogons.apply(); }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
