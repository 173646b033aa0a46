// constant evaluation: arbitrary-precision int, 128-bit values, wrap-around, slices, casts, widths
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

const int BASE = 10;
const int SCALED = BASE * 4 + 2;              // 42
const int HUGE = 1 << 100;                     // needs more than 64 bits
const int THIRD = HUGE / 3;
const int REMAINDER = 100 % 7;                 // 2
const int NEGATIVE = -SCALED + 2;              // -40
const int BACK_DOWN = HUGE >> 98;              // 4
const bool BIG_ENOUGH = HUGE > (1 << 99) && THIRD < HUGE;

const bit<128> ALL_ONES = 128w0xFFFF_FFFF_FFFF_FFFF_FFFF_FFFF_FFFF_FFFF;
const bit<128> ONE_128 = 1;
const bit<128> WRAPPED = ALL_ONES + ONE_128;   // 0: wraps at 128 bits
const bit<128> TOP_BIT = ONE_128 << 127;
const bit<128> FROM_INT = (bit<128>)HUGE;      // 2^100 fits in 128 bits
const bit<64> UPPER = ALL_ONES[127:64];
const int<128> MINUS_ONE = -1;
const int<128> REINTERPRETED = (int<128>)ALL_ONES;  // -1
const bit<32> WRAPPED_SUM = 32w0xFFFF_FFFF + 32w2;  // 1
const bit<8> LOW_NIBBLE = ((bit<8>)SCALED) & 8w0xF;  // 10
const bit<(SCALED - 34)> EIGHT_BITS = 8w255;   // width from a constant expression

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
        if (BIG_ENOUGH && WRAPPED == 0 && REINTERPRETED == MINUS_ONE
                && TOP_BIT > FROM_INT && REMAINDER == 2 && NEGATIVE < 0) {
            meta.value = WRAPPED_SUM + (bit<32>)UPPER[31:0];
        }
        bit<8> b = EIGHT_BITS ^ LOW_NIBBLE;
        meta.value = meta.value + (bit<32>)b + BACK_DOWN;
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
