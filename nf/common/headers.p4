// Protocol headers shared by the p4nf modules (nf/<name>/<name>.p4 include this file as
// "../common/headers.p4"). Field names follow the RFCs; every header is the fixed part
// only: IPv4 options and IPv6 extension headers are left in the payload, which a module
// forwards unchanged (the deparser emits the parsed headers, then the rest as it came).
#ifndef P4NF_NF_COMMON_HEADERS_P4
#define P4NF_NF_COMMON_HEADERS_P4

typedef bit<48>  MacAddr_t;
typedef bit<32>  Ipv4Addr_t;
typedef bit<128> Ipv6Addr_t;

const bit<16> ETHERTYPE_IPV4 = 0x0800;
const bit<16> ETHERTYPE_ARP  = 0x0806;
const bit<16> ETHERTYPE_VLAN = 0x8100;
const bit<16> ETHERTYPE_IPV6 = 0x86dd;

const bit<8> IPPROTO_ICMP   = 1;
const bit<8> IPPROTO_TCP    = 6;
const bit<8> IPPROTO_UDP    = 17;
const bit<8> IPPROTO_ICMPV6 = 58;

// ICMPv6 neighbour discovery (RFC 4861): router solicitation .. redirect.
const bit<8> ICMPV6_ND_FIRST = 133;
const bit<8> ICMPV6_ND_LAST  = 137;

header ethernet_h {
    MacAddr_t dst_addr;
    MacAddr_t src_addr;
    bit<16>   ether_type;
}

// The fixed 20 bytes; `ihl` says how many 32-bit words of options follow.
header ipv4_h {
    bit<4>     version;
    bit<4>     ihl;
    bit<8>     diffserv;
    bit<16>    total_len;
    bit<16>    identification;
    bit<3>     flags;
    bit<13>    frag_offset;
    bit<8>     ttl;
    bit<8>     protocol;
    bit<16>    hdr_checksum;
    Ipv4Addr_t src_addr;
    Ipv4Addr_t dst_addr;
}

// The fixed 40 bytes; extension headers, if any, follow as payload.
header ipv6_h {
    bit<4>     version;
    bit<8>     traffic_class;
    bit<20>    flow_label;
    bit<16>    payload_len;
    bit<8>     next_header;
    bit<8>     hop_limit;
    Ipv6Addr_t src_addr;
    Ipv6Addr_t dst_addr;
}

// The first 4 bytes every ICMPv6 message starts with.
header icmpv6_h {
    bit<8>  type;
    bit<8>  code;
    bit<16> checksum;
}

#endif  // P4NF_NF_COMMON_HEADERS_P4
