// extern_pna_metadata.p4 -- PNA input metadata (direction, pass, timestamp, ports), is_net_port/is_host_port, PNA conversion functions.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
// Sent to the host with each punted packet.
header punt_h {
    PortIdInHeader_t    port;
    TimestampInHeader_t arrival;
    bit<8>              reason;
}

struct headers_t { punt_h punt; ethernet_h eth; }
struct meta_t { bool from_host; PassNumber_t first_pass; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        meta.from_host = istd.direction == PNA_Direction_t.HOST_TO_NET;
        meta.first_pass = istd.pass;
        pkt.extract(hdr.eth);
        transition accept;
    }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply {
        ostd.decrypt = false;
    }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    apply {
        ostd.class_of_service = (ClassOfService_t)8w0;
        if (istd.loopedback || istd.recirculated) {
            drop_packet();
        } else if (is_host_port(istd.input_port) || meta.from_host) {
            send_to_port((PortId_t)32w0);  // host traffic leaves on the uplink
        } else if (is_net_port(istd.input_port)) {
            hdr.punt.setValid();
            hdr.punt.port = pna_PortId_int_to_header(istd.input_port);
            hdr.punt.arrival = pna_Timestamp_int_to_header(istd.timestamp);
            hdr.punt.reason = 1;
            TimestampUint_t now = (TimestampUint_t)istd.timestamp;
            if (now[0:0] == 1) {
                hdr.punt.reason = 2;
            }
            send_to_port(pna_PortId_header_to_int(hdr.punt.port));
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
