// extern_meter.p4 -- indexed Meter: colour-blind and colour-aware execute, colours compared and switched on.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header vlan_h     { bit<3> pcp; bit<1> dei; bit<12> vid; bit<16> ether_type; }

struct headers_t { ethernet_h eth; vlan_h vlan; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.ether_type) { 0x8100: parse_vlan; default: accept; }
    }
    state parse_vlan { pkt.extract(hdr.vlan); transition accept; }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    Meter<bit<12>>(4096, PNA_MeterType_t.BYTES) vlan_meter;
    Meter<PortIdUint_t>(64, PNA_MeterType_t.PACKETS) port_meter;

    apply {
        // Packets per second per port, colour-blind.
        PNA_MeterColor_t port_color = port_meter.execute((PortIdUint_t)istd.input_port);
        if (port_color == PNA_MeterColor_t.RED) {
            drop_packet();
            return;
        }
        if (hdr.vlan.isValid()) {
            // Bytes per VLAN, aware of the colour the port meter gave.
            PNA_MeterColor_t color = vlan_meter.execute(hdr.vlan.vid, port_color);
            switch (color) {
                PNA_MeterColor_t.GREEN:  { }
                PNA_MeterColor_t.YELLOW: { hdr.vlan.dei = 1; }  // drop eligible
                PNA_MeterColor_t.RED:    { drop_packet(); }
            }
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
