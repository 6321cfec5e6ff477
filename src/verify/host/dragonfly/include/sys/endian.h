/* host shim: see dfly-balloon.h */
#include "dfly-balloon.h"
