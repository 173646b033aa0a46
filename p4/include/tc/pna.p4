// tc/pna.p4 -- alias of <pna.p4>, for programs written for the p4c TC target.
#ifndef P4NF_TC_PNA_P4
#define P4NF_TC_PNA_P4

#include <pna.p4>

#endif  // P4NF_TC_PNA_P4
