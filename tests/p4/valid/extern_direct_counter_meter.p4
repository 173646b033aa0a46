// extern_direct_counter_meter.p4 -- DirectCounter and DirectMeter attached to a table (pna_direct_counter, pna_direct_meter).
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }

struct headers_t { ethernet_h eth; }
struct meta_t { PNA_MeterColor_t color; }

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
    DirectCounter<bit<64>>(PNA_CounterType_t.PACKETS_AND_BYTES) per_host_counter;
    DirectMeter(PNA_MeterType_t.BYTES) per_host_meter;

    // Each entry has its own counter and its own token bucket.
    action police(PortId_t port) {
        per_host_counter.count();
        meta.color = per_host_meter.execute();
        if (meta.color == PNA_MeterColor_t.RED) {
            drop_packet();
        } else {
            send_to_port(port);
        }
    }

    action police_aware(PortId_t port) {
        per_host_counter.count(64);  // count with an explicit byte increment
        meta.color = per_host_meter.execute(PNA_MeterColor_t.YELLOW);
        send_to_port(port);
    }

    action unknown() {
        per_host_counter.count();
        drop_packet();
    }

    table hosts {
        key = { hdr.eth.src : exact; }
        actions = { police; police_aware; unknown; }
        default_action = unknown;
        pna_direct_counter = per_host_counter;
        pna_direct_meter = per_host_meter;
        size = 1024;
    }

    apply { hosts.apply(); }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
