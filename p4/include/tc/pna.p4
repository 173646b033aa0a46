// tc/pna.p4 -- the P4TC variant of the Portable NIC Architecture, for programs written
// for p4c's TC (P4TC) target: `#include <tc/pna.p4>`.
//
// P4TC is not in the mainline Linux kernel; p4nfc compiles the same programs into
// ordinary TC (and XDP) eBPF objects that run on a stock kernel. What differs from
// <pna.p4> (the package of three blocks, the skb metadata functions, the tc_*
// annotations and control-path structs, Counter.count without an increment, ...) is
// marked P4NF_PNA_TC in pna.p4; docs/p4-support.md says what each means on TC and XDP.
#ifndef P4NF_TC_PNA_P4
#define P4NF_TC_PNA_P4

#ifdef P4NF_PNA_P4
#error "<tc/pna.p4> and <pna.p4> (or <dpdk/pna.p4>) are different architectures: include one"
#endif
#define P4NF_PNA_TC
#include <pna.p4>

#endif  // P4NF_TC_PNA_P4
