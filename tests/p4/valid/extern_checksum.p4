// extern_checksum.p4 -- InternetChecksum in the parser (verify) and control (recompute, get_state/set_state), and Checksum<W>.
#include <core.p4>
#include <pna.p4>

error { BadIPv4Checksum }

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header ipv4_h {
    bit<4> version; bit<4> ihl; bit<8> tos; bit<16> total_len;
    bit<16> id; bit<3> flags; bit<13> frag_offset;
    bit<8> ttl; bit<8> protocol; bit<16> csum; bit<32> src; bit<32> dst;
}
header crc_shim_h { bit<16> crc; }

struct headers_t { ethernet_h eth; ipv4_h ipv4; crc_shim_h crc_shim; }
struct meta_t { bit<16> saved_state; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta,
         in pna_main_parser_input_metadata_t istd) {
    InternetChecksum() ipv4_verify;

    state start {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.ether_type) { 0x0800: parse_ipv4; default: accept; }
    }
    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        ipv4_verify.clear();
        ipv4_verify.add({ hdr.ipv4.version, hdr.ipv4.ihl, hdr.ipv4.tos, hdr.ipv4.total_len,
                          hdr.ipv4.id, hdr.ipv4.flags, hdr.ipv4.frag_offset,
                          hdr.ipv4.ttl, hdr.ipv4.protocol, hdr.ipv4.src, hdr.ipv4.dst });
        // Keep the partial sum for the control to continue from.
        meta.saved_state = ipv4_verify.get_state();
        verify(ipv4_verify.get() == hdr.ipv4.csum, error.BadIPv4Checksum);
        transition accept;
    }
}

control Pre(in headers_t hdr, inout meta_t meta,
            in pna_pre_input_metadata_t istd, inout pna_pre_output_metadata_t ostd) {
    apply { }
}

control C(inout headers_t hdr, inout meta_t meta,
          in pna_main_input_metadata_t istd, inout pna_main_output_metadata_t ostd) {
    InternetChecksum() ipv4_update;
    Checksum<bit<16>>(PNA_HashAlgorithm_t.CRC16) shim_crc;

    apply {
        if (istd.parser_error == error.BadIPv4Checksum) {
            drop_packet();
            return;
        }
        if (hdr.ipv4.isValid()) {
            // Continue from the parser's sum: remove the old TTL, add the new one.
            ipv4_update.set_state(meta.saved_state);
            ipv4_update.subtract({ hdr.ipv4.ttl, hdr.ipv4.protocol });
            hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
            ipv4_update.add({ hdr.ipv4.ttl, hdr.ipv4.protocol });
            hdr.ipv4.csum = ipv4_update.get();

            shim_crc.clear();
            shim_crc.update(hdr.ipv4);
            shim_crc.update({ hdr.eth.src, hdr.eth.dst });
            hdr.crc_shim.setValid();
            hdr.crc_shim.crc = shim_crc.get();
        }
    }
}

control D(packet_out pkt, in headers_t hdr, in meta_t meta, in pna_main_output_metadata_t ostd) {
    apply { pkt.emit(hdr); }
}

PNA_NIC(P(), Pre(), C(), D()) main;
