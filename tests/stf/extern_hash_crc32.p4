// STF feature test: Hash<bit<32>>(PNA_HashAlgorithm_t.CRC32). get_hash(data) over 9 bytes of
// the payload (the check string "123456789" of the CRC catalogue) and over a 5-tuple
// built from several fields, and get_hash(base, data, max) folded into [base, base+max).
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header payload_h {
    bit<72> data;
    bit<32> src_addr;
    bit<32> dst_addr;
    bit<8>  protocol;
    bit<16> src_port;
    bit<16> dst_port;
    bit<32> hash;
    bit<32> tuple_hash;
    bit<16> folded;
}

struct headers_t { ethernet_h ethernet; payload_h payload; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.payload);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
          inout pna_main_output_metadata_t ostd) {
    Hash<bit<32>>(PNA_HashAlgorithm_t.CRC32) h;
    Hash<bit<16>>(PNA_HashAlgorithm_t.CRC32) fold;
    apply {
        hdr.payload.hash = h.get_hash(hdr.payload.data);
        hdr.payload.tuple_hash = h.get_hash({hdr.payload.src_addr, hdr.payload.dst_addr,
                                             hdr.payload.protocol, hdr.payload.src_port,
                                             hdr.payload.dst_port});
        hdr.payload.folded = fold.get_hash(16w100, hdr.payload.data, 16w1000);
        send_to_port((PortId_t) 1);
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.payload);
    }
}

PNA_NIC(P(), NoPre(), C(), D()) main;
