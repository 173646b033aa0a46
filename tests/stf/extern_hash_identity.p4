// STF feature test: Hash with IDENTITY (the data itself, its low bits when it is wider
// than the result) and ONES_COMPLEMENT16 (the complemented RFC 1071 sum, an odd last
// byte padded with zero), over a 5-byte list of fields, and folded into [base, base + max).
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header data_h {
    bit<16> a;
    bit<24> b;
    bit<16> identity;
    bit<32> identity_wide;
    bit<16> ones;
    bit<16> ones_folded;
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
    Hash<bit<16>>(PNA_HashAlgorithm_t.IDENTITY) identity;
    Hash<bit<32>>(PNA_HashAlgorithm_t.IDENTITY) identity_wide;
    Hash<bit<16>>(PNA_HashAlgorithm_t.ONES_COMPLEMENT16) ones;

    apply {
        hdr.data.identity = identity.get_hash({hdr.data.a, hdr.data.b});
        hdr.data.identity_wide = identity_wide.get_hash({hdr.data.a, hdr.data.b});
        hdr.data.ones = ones.get_hash({hdr.data.a, hdr.data.b});
        hdr.data.ones_folded = ones.get_hash(16w100, {hdr.data.a, hdr.data.b}, 16w10);
        send_to_port((PortId_t)1);
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.data);
    }
}

PNA_NIC(P(), NoPre(), C(), D()) main;
