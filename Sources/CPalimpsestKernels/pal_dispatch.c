// The switch to the portable versions of the kernels. See pal_dispatch.h.
#include "pal_dispatch.h"

int pal_portable_only = 0;

void pal_kernels_use_portable(int portable) { pal_portable_only = portable != 0; }
