// libpng 1.6, for the C glue of Palimpsest's decode stage (CPalimpsestCodecs), which is the only
// code that calls it: libpng's classic API reports fatal errors by longjmp.
#ifndef C_PALIMPSEST_LIBPNG_SHIM_H
#define C_PALIMPSEST_LIBPNG_SHIM_H

#include <png.h>

#endif
