/* host shim: see dfly-net-whole.h */
#include "dfly-net.h"
