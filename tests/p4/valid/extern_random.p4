// extern_random.p4 -- Random<T>: values in [min, max] for sampling and for random early drop.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }

struct headers_t { ethernet_h eth; }
struct meta_t { bit<16> sample; }

const MirrorSlotId_t    SAMPLE_SLOT    = (MirrorSlotId_t)8w0;
const MirrorSessionId_t SAMPLE_SESSION = (MirrorSessionId_t)16w7;

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start { pkt.extract(hdr.eth); transition accept; }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    Random<bit<16>>(0, 1023) one_in_1024;     // max - min + 1 is a power of two
    Random<bit<8>>(8w0, 8w255) byte_rand;

    apply {
        meta.sample = one_in_1024.read();
        if (meta.sample == 0) {
            mirror_packet(SAMPLE_SLOT, SAMPLE_SESSION);  // sFlow-style 1:1024 sampling
        }
        if (hdr.eth.ether_type == 0x9999 && byte_rand.read() < 64) {
            drop_packet();  // drop a quarter of the test traffic
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
