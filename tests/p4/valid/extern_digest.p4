// extern_digest.p4 -- Digest<T>: messages to the control plane, packed from a variable and from a struct expression.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }

struct headers_t { ethernet_h eth; }
struct meta_t { }

struct new_mac_t {
    bit<48>  mac;
    PortId_t port;
}

struct odd_frame_t {
    bit<16> ether_type;
    bit<32> port;
}

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
    Digest<new_mac_t>() new_mac_digest;
    Digest<odd_frame_t>() odd_frame_digest;

    action report_new_mac() {
        new_mac_t msg;
        msg.mac = hdr.eth.src;
        msg.port = istd.input_port;
        new_mac_digest.pack(msg);
    }

    table known_macs {
        key = { hdr.eth.src : exact; }
        actions = { NoAction; report_new_mac; }
        default_action = report_new_mac;
    }

    apply {
        known_macs.apply();
        if (hdr.eth.ether_type < 0x0600) {
            odd_frame_digest.pack({ ether_type = hdr.eth.ether_type,
                                    port = (PortIdUint_t)istd.input_port });
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
