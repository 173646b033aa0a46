// STF feature test: entry expiry in an add_on_miss table with pna_idle_timeout. Profile 1
// times out after 1 ns (so an entry of that profile has expired by the next packet),
// profile 2 after an hour (@p4nf_expire_timeout gives the defaults; the profiles map can
// override them). The learned profile comes from the low byte of ether_type; a hit with
// 0x88 in the high byte moves the entry to profile 1 (set_entry_expire_time).
#include <core.p4>
#include <pna.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

struct headers_t { ethernet_h ethernet; }
struct meta_t { }

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
    action known(PortId_t port) {
        send_to_port(port);
        if (hdr.ethernet.ether_type[15:8] == 0x88) {
            set_entry_expire_time((ExpireTimeProfileId_t)1);
        } else {
            restart_expire_timer();
        }
    }

    action learn() {
        add_entry("known", { port = istd.input_port },
                  (ExpireTimeProfileId_t)hdr.ethernet.ether_type[7:0]);
        send_to_port((PortId_t)100);
    }

    @p4nf_expire_timeout(1, 1)
    @p4nf_expire_timeout(2, 3600000000000)
    table flows {
        key = { hdr.ethernet.src : exact; }
        actions = { known; @defaultonly learn; }
        const default_action = learn();
        add_on_miss = true;
        pna_idle_timeout = PNA_IdleTimeout_t.AUTO_DELETE;
        size = 1024;
    }

    apply { flows.apply(); }
}

control EthDeparser(packet_out pkt, in headers_t hdr, in meta_t meta,
                    in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.ethernet); }
}

PNA_NIC(EthParser(), NoPre(), ingress(), EthDeparser()) main;
