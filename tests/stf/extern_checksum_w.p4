// STF feature test: Checksum<W> accumulates everything update() gave it since clear():
// CRC16, CRC32 and ONES_COMPLEMENT16 over a 3-byte field x, then (op 1) also over a
// 3-byte field y: the result must be that of the 6 bytes x y, so the odd-length updates
// must carry the byte alignment of the one's complement sum and the CRC state across.
// op 2 clears the checksums between the two updates (the result is that of y alone).
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header data_h {
    bit<8>  op;
    bit<24> x;
    bit<24> y;
    bit<16> crc16;
    bit<32> crc32;
    bit<16> ones;
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
    Checksum<bit<16>>(PNA_HashAlgorithm_t.CRC16) crc16;
    Checksum<bit<32>>(PNA_HashAlgorithm_t.CRC32) crc32;
    Checksum<bit<16>>(PNA_HashAlgorithm_t.ONES_COMPLEMENT16) ones;

    apply {
        crc16.clear();
        crc32.clear();
        ones.clear();
        crc16.update(hdr.data.x);
        crc32.update(hdr.data.x);
        ones.update(hdr.data.x);
        if (hdr.data.op == 2) {
            crc16.clear();
            crc32.clear();
            ones.clear();
        }
        if (hdr.data.op != 0) {
            crc16.update(hdr.data.y);
            crc32.update(hdr.data.y);
            ones.update(hdr.data.y);
        }
        hdr.data.crc16 = crc16.get();
        hdr.data.crc32 = crc32.get();
        hdr.data.ones = ones.get();
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
