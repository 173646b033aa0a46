// STF feature test: a pre control that does something. It runs after the main parser and
// before the main control, reads the parsed headers and its input metadata, and writes
// the program's metadata, which the main control then sees. Its request to decrypt is
// not acted on (p4nf has no inline decryption).
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header info_h {
    bit<8>  pre_ran;
    bit<8>  from_pre;
    bit<32> pre_port;
}

struct headers_t { ethernet_h eth; info_h info; }
struct meta_t { bit<8> ran; bit<8> doubled; bit<32> port; }

parser Parse(packet_in pkt, out headers_t hdr, inout meta_t meta,
             in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        pkt.extract(hdr.info);
        transition accept;
    }
}

control Pre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
            inout pna_pre_output_metadata_t ostd) {
    apply {
        meta.ran = 1;
        meta.port = (bit<32>) istd.input_port;
        if (istd.parser_error != error.NoError) {
            exit;
        }
        meta.doubled = hdr.info.from_pre + hdr.info.from_pre;
        ostd.decrypt = true;
    }
}

control Main(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
             inout pna_main_output_metadata_t ostd) {
    apply {
        hdr.info.pre_ran = meta.ran;
        hdr.info.from_pre = meta.doubled;
        hdr.info.pre_port = meta.port;
        send_to_port((PortId_t) 2);
    }
}

control Deparse(packet_out pkt, in headers_t hdr, in meta_t meta,
                in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.eth);
        pkt.emit(hdr.info);
    }
}

PNA_NIC(Parse(), Pre(), Main(), Deparse()) main;
