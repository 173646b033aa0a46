// table_add_on_miss.p4 -- data-plane entry insertion: add_on_miss, pna_idle_timeout, add_entry / add_entry_if, expiry externs.
#include <core.p4>
#include <pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header flow_h     { bit<32> src; bit<32> dst; bit<8> kind; bit<8> flags; }

struct headers_t { ethernet_h eth; flow_h flow; }
struct meta_t { ExpireTimeProfileId_t profile; bool refresh; bool closing; }

// Action data for `track`: one field per parameter, same names, same order.
struct track_params_t {
    bit<8>   kind;
    PortId_t port;
}

const ExpireTimeProfileId_t SHORT_TIMEOUT = (ExpireTimeProfileId_t)8w1;
const ExpireTimeProfileId_t LONG_TIMEOUT  = (ExpireTimeProfileId_t)8w2;

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start { pkt.extract(hdr.eth); pkt.extract(hdr.flow); transition accept; }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    // Hit: keep the entry alive, and shorten its life once the flow closes.
    action track(bit<8> kind, PortId_t port) {
        send_to_port(port);
        if (meta.closing) {
            set_entry_expire_time(SHORT_TIMEOUT);
        } else {
            restart_expire_timer();
        }
        set_entry_expire_time_if(kind == 0, SHORT_TIMEOUT);
        update_expire_info(meta.refresh, false, LONG_TIMEOUT);
    }

    // Miss: add the key just looked up, with positional and named arguments.
    action learn() {
        track_params_t params = { kind = hdr.flow.kind, port = istd.input_port };
        bool added = add_entry("track", params, LONG_TIMEOUT);
        if (!added) {
            drop_packet();
        }
    }

    action learn_if_syn() {
        add_entry_if(do_add_entry = hdr.flow.flags == 2,
                     action_name = "track",
                     action_params = (track_params_t){ kind = hdr.flow.kind, port = istd.input_port },
                     expire_time_profile_id = SHORT_TIMEOUT);
    }

    table flows {
        key = {
            hdr.flow.src  : exact;
            hdr.flow.dst  : exact;
            hdr.flow.kind : exact;
        }
        actions = {
            track;
            @defaultonly learn;
            @defaultonly learn_if_syn;
        }
        default_action = learn;  // the control plane may switch to learn_if_syn
        add_on_miss = true;
        pna_idle_timeout = PNA_IdleTimeout_t.NOTIFY_CONTROL;
        size = 1 << 16;
    }

    apply {
        meta.closing = (hdr.flow.flags & 0x01) != 0;
        meta.refresh = true;
        flows.apply();
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
