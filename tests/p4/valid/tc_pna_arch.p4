// tc_pna_arch.p4 -- what <tc/pna.p4> (the P4TC architecture) declares, used as a P4TC
// program uses it: three blocks (the skb metadata functions: STF tc_skb_metadata, for
// they have no meaning on XDP), tc_* annotations on
// tables, keys, action parameters and externs, Counter.count without an increment,
// add_entry's AddEntryErrorStatus_t, SelectByDirection on a bool, AUTO_DELETE, and the
// tc_ControlPath_* structs as types.
#include <core.p4>
#include <tc/pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }

struct headers_t { ethernet_h eth; }
struct meta_t { bit<32> mark; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        transition accept;
    }
}

typedef tc_ControlPath_Counter<bit<64>, bit<8>> counter_view_t;
typedef tc_ControlPath_Register<bit<32>> register_view_t;

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    Counter<bit<64>, bit<8>>(16, PNA_CounterType_t.PACKETS) hits;
    Register<bit<32>, bit<8>>(16) marks;
    Hash<bit<16>>(PNA_HashAlgorithm_t.CRC16) h16;

    action learn(@tc_type("dev") PortId_t port) {
        send_to_port(port);
    }
    action on_miss() {
        AddEntryErrorStatus_t status = add_entry(action_name = "learn",
                                                 action_params = { port = (PortId_t) 1 },
                                                 expire_time_profile_id = (ExpireTimeProfileId_t) 0);
        if (status == ADD_ENTRY_NOT_DONE) {
            drop_packet();
        }
    }

    @tc_acl("CRUDPS:RX")
    table flows {
        key = { hdr.eth.src : exact @tc_type("macaddr"); }
        actions = { learn; @defaultonly on_miss; }
        default_action = on_miss;
        add_on_miss = true;
        pna_idle_timeout = PNA_IdleTimeout_t.AUTO_DELETE;
    }

    apply {
        meta.mark = (bit<32>) hdr.eth.ether_type;
        hits.count((bit<8>) h16.get_hash(hdr.eth.dst));
        marks.write(0, SelectByDirection(is_net_port(istd.input_port), meta.mark, 32w0));
        flows.apply();
    }
}

control D(packet_out pkt, inout headers_t hdr, in meta_t meta,
          in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.eth); }
}

PNA_NIC(P(), C(), D()) main;
