// STF feature test: the C preprocessor runs first (as with p4c): `<pna.p4>` comes from
// the system include directory, object-like and function-like macros expand, #if/#ifdef
// pick code, and an annotation p4nfc does not know only warns. The egress port is a macro.
#include <core.p4>
#include <pna.p4>

#define OUT_PORT 5
#define SWAP16(x) ((x)[7:0] ++ (x)[15:8])
#define USE_SWAP

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header data_h {
    bit<16> value;
    bit<16> level;
}

struct headers_t { ethernet_h ethernet; data_h data; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.data);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
          inout pna_main_output_metadata_t ostd) {
    @some_vendor_hint("fast") action forward() {
        send_to_port((PortId_t)OUT_PORT);
    }
    apply {
#ifdef USE_SWAP
        hdr.data.value = SWAP16(hdr.data.value);
#else
        hdr.data.value = 0;
#endif
#if OUT_PORT > 4
        hdr.data.level = 2;
#else
        hdr.data.level = 1;
#endif
        forward();
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.data);
    }
}

PNA_NIC(P(), NoPre(), C(), D()) main;
