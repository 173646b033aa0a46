// comparisons on numbers, bool, error, enum, headers and structs; &&, || and ! with precedence
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

enum mode_t { Fast, Slow }

struct pair_t {
    bit<8> a;
    bit<8> b;
}

struct headers_t {
    ethernet_t eth;
}

struct metadata_t {
    bit<32> value;
    mode_t  mode;
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
        bit<16> t = hdr.eth.ether_type;
        int<8> s = -8s5;
        bool lt = t < 16w0x0800;
        bool le = t <= 0x0800;
        bool gt = s > -8s10;                       // signed comparison
        bool ge = s >= 8s0;
        bool eq = t == 16w0x86dd;
        bool ne = hdr.eth.dst_addr != hdr.eth.src_addr;
        bool same_hdr = hdr.eth == hdr.eth;        // headers of one type
        pair_t p = { a = 1, b = 2 };
        bool same_struct = p == (pair_t){ a = 1, b = 2 };  // structs, field by field
        bool modes = meta.mode != mode_t.Slow;
        bool errs = error.NoError != error.PacketTooShort;
        bool bools = lt == !ge;
        // && binds tighter than ||; & binds tighter than == in P4
        if (lt && le || gt && !ge || eq || t & 16w0xFF00 == 16w0x8600) {
            meta.value = 32w1;
        }
        if ((ne || same_hdr) && (same_struct || !modes) && errs && bools) {
            meta.value = 32w2;
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
