// The reload test's changed module: chain_forward.p4 with different code, same maps.
#define CHANGED
#include "chain_forward.p4"
