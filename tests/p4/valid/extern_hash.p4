// extern_hash.p4 -- Hash with several algorithms and output widths; get_hash with and without base/max.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header ipv4_h {
    bit<8> version_ihl; bit<8> tos; bit<16> len; bit<32> id_frag;
    bit<8> ttl; bit<8> protocol; bit<16> csum; bit<32> src; bit<32> dst;
}

struct headers_t { ethernet_h eth; ipv4_h ipv4; }
struct meta_t { bit<32> flow_id; bit<16> bucket; bit<8> lane; bit<16> mac_low; }

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
    Hash<bit<32>>(PNA_HashAlgorithm_t.CRC32) crc32;
    Hash<bit<16>>(PNA_HashAlgorithm_t.CRC16) crc16;
    Hash<bit<8>>(PNA_HashAlgorithm_t.TARGET_DEFAULT) any_hash;
    Hash<bit<16>>(PNA_HashAlgorithm_t.IDENTITY) identity;

    apply {
        // Over a list of fields, a header, and a single field.
        meta.flow_id = crc32.get_hash({ hdr.ipv4.src, hdr.ipv4.dst, hdr.ipv4.protocol });
        meta.bucket = crc16.get_hash(hdr.ipv4);
        meta.mac_low = identity.get_hash(hdr.eth.src);
        // Folded into [8, 8 + 16): one of 16 lanes starting at 8.
        meta.lane = any_hash.get_hash(8w8, { hdr.eth.src, hdr.eth.dst }, 8w16);
        if (meta.lane == 23) {
            drop_packet();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
