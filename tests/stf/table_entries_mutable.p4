// STF feature test: `entries` (not const): the loader installs them with the program, and
// the control plane may then add, remove and override them. An exact table, and a ternary
// one with explicit priorities and an entry without one, which gets the previous entry's
// plus priority_delta (1): 41, so it beats the entry of priority 40. One exact entry is
// `const`: the manifest marks it, and the loader refuses to change or delete it.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
struct headers_t { ethernet_h eth; }
struct meta_t { }

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
    action to_port(PortId_t port) { send_to_port(port); }
    action deny() { drop_packet(); }
    action to_host() { send_to_host(); }

    // Stations the host must see first, whatever the policy says.
    table punt {
        key = { hdr.eth.src : exact; }
        actions = { to_host; NoAction; }
        default_action = NoAction();
        size = 16;
        entries = {
            0x0200000000f0 : to_host();
            const 0x0200000000f1 : to_host();   // the control plane cannot change this one
        }
    }

    table ether_policy {
        key = {
            hdr.eth.ether_type : ternary;
            hdr.eth.dst        : ternary;
        }
        actions = { to_port; deny; }
        default_action = deny;
        size = 64;
        entries = {
            priority = 100: (0x88cc, _) : deny();                  // never forward LLDP
            priority = 50: (0x0800, _) : to_port((PortId_t)32w1);
            priority = 40: (0x86dd, _) : to_port((PortId_t)32w1);
            (_, 0xffffffffffff) : to_port((PortId_t)32w2);
        }
    }

    apply {
        if (punt.apply().miss) {
            ether_policy.apply();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
