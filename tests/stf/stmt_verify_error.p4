// STF feature test: verify() in the parser with a program-defined error, and the built-
// in PacketTooShort error, are visible to the control in istd.parser_error; headers
// extracted before the error stay valid, the failing one is invalid. The control
// forwards on port 1 (no error), 2 (BadVersion) or 3 (PacketTooShort); any other error
// is dropped.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

error { BadVersion }

header ops_h {
    bit<8>  version;
    bit<8>  len;
    bit<16> body;
}

struct headers_t { ethernet_h ethernet; ops_h ops; }
struct meta_t { }

parser OpsParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                 in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.ops);
        verify(hdr.ops.version == 4, error.BadVersion);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    apply {
        if (istd.parser_error == error.NoError) {
            hdr.ops.body = hdr.ops.body + 1;
            send_to_port((PortId_t)1);
        } else if (istd.parser_error == error.BadVersion) {
            hdr.ops.len = 0xbb;
            send_to_port((PortId_t)2);
        } else if (istd.parser_error == error.PacketTooShort) {
            hdr.ethernet.ether_type = hdr.ops.isValid() ? 16w0xffff : 16w0x7000;
            send_to_port((PortId_t)3);
        } else {
            drop_packet();
        }
    }
}

control OpsDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                    in pna_main_output_metadata_t ostd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ops);
    }
}

PNA_NIC(OpsParser(), NoPre(), ingress(), OpsDeparser()) main;
