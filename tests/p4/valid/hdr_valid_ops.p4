// header validity (isValid, setValid, setInvalid), header assignment, and the size methods
#include <core.p4>
#include <pna.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

header tag_t {
    bit<16> tci;
    bit<16> ether_type;
}

struct headers_t {
    ethernet_t eth;
    tag_t      tag;
}

struct metadata_t {
    bit<32> value;
}

const int ETH_BITS = ethernet_t.minSizeInBits();   // 112, on a type name

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
        if (hdr.eth.isValid() && !hdr.tag.isValid()) {
            hdr.tag.setValid();                            // push a tag
            hdr.tag.tci = 16w5;
            hdr.tag.ether_type = hdr.eth.ether_type;
            hdr.eth.ether_type = 16w0x8100;
        } else if (hdr.tag.isValid()) {
            hdr.eth.ether_type = hdr.tag.ether_type;
            hdr.tag.setInvalid();                          // pop it
        }
        tag_t copy = hdr.tag;                              // copies the validity too
        bool valid = copy.isValid();
        const int bits = hdr.eth.minSizeInBits() + hdr.tag.maxSizeInBits();  // 112 + 32
        const int bytes = hdr.eth.minSizeInBytes() + tag_t.maxSizeInBytes(); // 14 + 4
        if (valid && bits == ETH_BITS + 32 && bytes == 18) {
            meta.value = (bit<32>)bytes;
        }
    }
}

control MainDeparserImpl(packet_out pkt, in headers_t hdr, in metadata_t meta,
                         in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
        pkt.emit(hdr.tag);
    }
}

PNA_NIC(MainParserImpl(), PreControlImpl(), MainControlImpl(), MainDeparserImpl()) main;
