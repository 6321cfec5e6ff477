/* host shim: see nbsd-kernel.h */
#include "nbsd-kernel.h"
