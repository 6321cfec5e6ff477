/* host shim: see dfly-net.h */
#include "dfly-net.h"
