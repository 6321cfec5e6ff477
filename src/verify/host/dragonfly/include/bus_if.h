/* host shim: see dfly-kernel.h */
#include "dfly-kernel.h"
