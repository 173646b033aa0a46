// STF feature test: update_entry_data (p4nf extension) rewrites the action data of the
// entry that matched, in place. An add_on_miss table keyed by source MAC learns a source
// with count 1; every later frame from it runs `seen` with the count so far, writes it
// into the destination MAC's last byte, and stores count + 1 (and the last ether_type's
// low byte) back into the entry. The action's own parameter keeps the value it matched
// with, whatever it writes. Frames with ether_type 0x88b5 leave the entry as it is
// (the update is under an if).
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

struct headers_t { ethernet_h ethernet; }
struct meta_t { }

struct seen_params_t {
    bit<8> count;
    bit<8> last_type;
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
    action seen(bit<8> count, bit<8> last_type) {
        if (hdr.ethernet.ether_type != 0x88b5) {
            update_entry_data((seen_params_t){ count = count + 1,
                                               last_type = hdr.ethernet.ether_type[7:0] });
        }
        // The parameters are still the matched values.
        hdr.ethernet.dst[15:8] = last_type;
        hdr.ethernet.dst[7:0] = count;
        send_to_port((PortId_t)1);
    }

    action learn() {
        add_entry("seen", (seen_params_t){ count = 1, last_type = hdr.ethernet.ether_type[7:0] },
                  (ExpireTimeProfileId_t)0);
        send_to_port((PortId_t)100);
    }

    table sources {
        key = { hdr.ethernet.src : exact; }
        actions = { seen; @defaultonly learn; }
        default_action = learn();
        add_on_miss = true;
        size = 64;
    }

    apply { sources.apply(); }
}

control EthDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                    in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.ethernet); }
}

PNA_NIC(EthParser(), NoPre(), ingress(), EthDeparser()) main;
