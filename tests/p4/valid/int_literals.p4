// integer literals: bases (0x, 0X, 0b, 0o, 0d), widths (w, s), underscores, leading zeros
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

struct headers_t {
    ethernet_t eth;
}

struct metadata_t {
    bit<32> value;
}

parser MainParserImpl(packet_in pkt, out headers_t hdr, inout metadata_t meta,
                      in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
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
        bit<32> dec = 255;
        bit<32> hex = 0xFF;
        bit<32> hex_upper = 0XfF;
        bit<32> bin = 0b1111_1111;
        bit<32> oct = 0o377;
        bit<32> dec_prefixed = 0d255;
        bit<8> w_dec = 8w255;
        bit<8> w_hex = 8w0xFF;
        bit<8> w_bin = 8w0b_1111_1111;      // an underscore may follow the base prefix
        bit<16> leading_zero = 16w0377;      // decimal 377, not octal
        int<8> s_pos = 8s127;
        int<8> s_hex = 8s0x7F;
        int<8> s_neg = -8s127;
        int<8> s_bin = 8s0b1010_1010;        // -86: the bits are two's complement
        bit<48> mac = 48w0x00_11_22_33_44_55;
        bit<128> wide = 128w0xFFFF_FFFF_FFFF_FFFF_FFFF_FFFF_FFFF_FFFF;
        bit<1> single = 1w1;
        bool all_same = dec == hex && hex == hex_upper && hex == bin && bin == oct
                        && oct == dec_prefixed && w_dec == w_hex && w_hex == w_bin;
        if (all_same && s_pos == s_hex && s_neg < s_bin && single == 1) {
            meta.value = (bit<32>)leading_zero + (bit<32>)mac[31:0] + (bit<32>)wide[127:96];
        }
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
