/* host shim: see dfly-blk.h */
#include "dfly-blk.h"
