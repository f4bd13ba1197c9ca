// libjpeg-turbo, for the C glue of Palimpsest's decode stage (CPalimpsestCodecs), which is the
// only code that calls it: libjpeg reports fatal errors by longjmp, which Swift cannot survive.
#ifndef C_PALIMPSEST_LIBJPEG_SHIM_H
#define C_PALIMPSEST_LIBJPEG_SHIM_H

#include <stdio.h> // jpeglib.h uses FILE without including stdio.h
#include <jpeglib.h>
#include <jerror.h>

#endif
