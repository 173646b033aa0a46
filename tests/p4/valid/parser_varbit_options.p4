// parser_varbit_options.p4 -- varbit extract whose length comes from a fixed header field (TCP options).
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header ipv4_h {
    bit<4> version; bit<4> ihl; bit<8> tos; bit<16> len;
    bit<16> id; bit<3> flags; bit<13> frag_offset;
    bit<8> ttl; bit<8> protocol; bit<16> csum; bit<32> src; bit<32> dst;
}
header tcp_h {
    bit<16> sport; bit<16> dport; bit<32> seq; bit<32> ack;
    bit<4> data_offset; bit<4> res; bit<8> flags; bit<16> window; bit<16> csum; bit<16> urg;
}
// Up to 40 bytes of options after the 20-byte TCP header.
header tcp_options_h { varbit<320> data; }

struct headers_t { ethernet_h eth; ipv4_h ipv4; tcp_h tcp; tcp_options_h tcp_options; }
struct meta_t { bit<32> option_bits; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.ether_type) { 0x0800: parse_ipv4; default: accept; }
    }
    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        transition select(hdr.ipv4.protocol) { 6: parse_tcp; default: accept; }
    }
    state parse_tcp {
        pkt.extract(hdr.tcp);
        verify(hdr.tcp.data_offset >= 5, error.HeaderTooShort);
        meta.option_bits = ((bit<32>)hdr.tcp.data_offset - 5) << 5;
        transition select(hdr.tcp.data_offset) {
            5: accept;
            default: parse_tcp_options;
        }
    }
    state parse_tcp_options {
        // HeaderTooShort if option_bits exceeds the 320 the field can hold.
        pkt.extract(hdr.tcp_options, meta.option_bits);
        transition accept;
    }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply {
        if (istd.parser_error == error.HeaderTooShort) {
            drop_packet();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.tcp);
        pkt.emit(hdr.tcp_options);
    }
}

PNA_NIC(P(), Pre(), C(), D()) main;
