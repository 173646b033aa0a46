// STF feature test: an add_on_miss table learns source MACs from the data plane: a miss
// runs the default action, which adds the key just looked up with add_entry (the port the
// packet came in on as action data) and floods (port 100); the next packet hits.
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

struct headers_t { ethernet_h ethernet; }
struct meta_t { }

struct known_params_t {
    PortId_t port;
    bit<8> tag;
}

parser EthParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                 in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.ethernet);
        transition accept;
    }
}

control NoPre(in headers_t hdr, inout meta_t meta, in pna_pre_input_metadata_t istd,
              inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control ingress(inout headers_t hdr, inout meta_t meta, in pna_main_input_metadata_t istd,
                inout pna_main_output_metadata_t ostd) {
    // Hit: back out of the port the source was learned on, tagged in the destination MAC.
    action known(PortId_t port, bit<8> tag) {
        hdr.ethernet.dst[7:0] = tag;
        send_to_port(port);
    }

    // Miss: learn, then flood. A second add of the same key fails (not on this path).
    action learn() {
        known_params_t params = { port = istd.input_port, tag = hdr.ethernet.src[7:0] };
        bool added = add_entry("known", params, (ExpireTimeProfileId_t)0);
        if (added) {
            send_to_port((PortId_t)100);
        } else {
            drop_packet();
        }
    }

    // Learns only frames whose ether_type is 0x0800.
    action learn_ipv4_only() {
        add_entry_if(hdr.ethernet.ether_type == 0x0800, "known",
                     (known_params_t){ port = istd.input_port, tag = 0xee },
                     (ExpireTimeProfileId_t)0);
        send_to_port((PortId_t)101);
    }

    table sources {
        key = { hdr.ethernet.src : exact; }
        actions = { known; @defaultonly learn; @defaultonly learn_ipv4_only; }
        default_action = learn();
        add_on_miss = true;
        size = 1024;
    }

    apply { sources.apply(); }
}

control EthDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                    in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.ethernet); }
}

PNA_NIC(EthParser(), NoPre(), ingress(), EthDeparser()) main;
