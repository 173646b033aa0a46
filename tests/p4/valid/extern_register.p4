// extern_register.p4 -- Register: both constructors, read and write, element types bit, bool and struct.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }

struct headers_t { ethernet_h eth; }
struct meta_t { bit<32> seen; }

struct last_seen_t {
    bit<48> mac;
    bit<32> packets;
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
    Register<bit<32>, bit<16>>(65536) per_type_packets;          // initial values unspecified
    Register<bool, PortIdUint_t>(64, false) port_blocked;        // all start false
    Register<last_seen_t, PortIdUint_t>(64) last_seen;

    action bump(bit<16> index) {
        bit<32> n = per_type_packets.read(index);
        per_type_packets.write(index, n + 1);
        meta.seen = n;
    }

    apply {
        PortIdUint_t port = (PortIdUint_t)istd.input_port;
        if (port_blocked.read(port)) {
            drop_packet();
            return;
        }
        bump(hdr.eth.ether_type);

        last_seen_t entry = last_seen.read(port);
        if (entry.mac != hdr.eth.src) {
            entry = { mac = hdr.eth.src, packets = 0 };
        }
        entry.packets = entry.packets + 1;
        last_seen.write(port, entry);
        // A port that floods a million frames from one MAC gets blocked.
        port_blocked.write(port, entry.packets > 1000000);
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
