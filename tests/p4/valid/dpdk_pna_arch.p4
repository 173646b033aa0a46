// dpdk_pna_arch.p4 -- what <dpdk/pna.p4> adds to PNA, used as a program for p4c's DPDK
// target uses it: the TOEPLITZ hash, Counter.count(index, pkt_len),
// DirectCounter.count(pkt_len), Meter.dpdk_execute, the IPsec accelerator, and the
// four-block PNA_NIC.
#include <core.p4>
#include <dpdk/pna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }

struct headers_t { ethernet_h eth; }
struct meta_t { bit<32> len; PNA_MeterColor_t color; ipsec_status status; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    state start {
        pkt.extract(hdr.eth);
        transition accept;
    }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    Hash<bit<32>>(PNA_HashAlgorithm_t.TOEPLITZ) rss;
    Counter<bit<64>, bit<8>>(16, PNA_CounterType_t.BYTES) bytes;
    DirectCounter<bit<64>>(PNA_CounterType_t.BYTES) per_entry;
    Meter<bit<8>>(16, PNA_MeterType_t.BYTES) meter;
    ipsec_accelerator() ipsec;

    action fwd(PortId_t port) {
        per_entry.count(meta.len);
        send_to_port(port);
    }
    table t {
        key = { hdr.eth.dst : exact; }
        actions = { fwd; NoAction; }
        pna_direct_counter = per_entry;
        default_action = NoAction;
    }

    apply {
        meta.len = 64;
        bytes.count((bit<8>) rss.get_hash(hdr.eth.src), meta.len);
        meta.color = meter.dpdk_execute(0, PNA_MeterColor_t.GREEN, meta.len);
        meta.color = meter.dpdk_execute(1, meta.len);
        if (ipsec.from_ipsec(meta.status)) {
            ipsec.disable();
        } else {
            ipsec.set_sa_index<bit<32>>(7);
            ipsec.set_ip_header_offset<bit<16>>(14);
            ipsec.enable();
        }
        t.apply();
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta,
          in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr.eth); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
