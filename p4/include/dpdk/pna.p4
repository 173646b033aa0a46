// dpdk/pna.p4 -- the DPDK variant of the Portable NIC Architecture, for programs written
// for p4c's DPDK PNA target: `#include <dpdk/pna.p4>`.
//
// It is <pna.p4> with DPDK's additions (marked P4NF_PNA_DPDK there): the TOEPLITZ hash
// algorithm, Counter.count(index, pkt_len) and DirectCounter.count(pkt_len) (the
// optional increment of pna.p4), Meter.dpdk_execute and the IPsec accelerator extern.
#ifndef P4NF_DPDK_PNA_P4
#define P4NF_DPDK_PNA_P4

#ifdef P4NF_PNA_P4
#error "<dpdk/pna.p4> and <pna.p4> (or <tc/pna.p4>) are different architectures: include one"
#endif
#define P4NF_PNA_DPDK
#include <pna.p4>

#endif  // P4NF_DPDK_PNA_P4
