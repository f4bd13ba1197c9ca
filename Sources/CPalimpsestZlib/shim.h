// zlib, called from Swift to inflate compressed PNG text chunks. `inflateInit` is a macro that
// passes the library's version and the stream's size, which Swift cannot call; it is
// re-exported here as an inline function.
#ifndef C_PALIMPSEST_ZLIB_SHIM_H
#define C_PALIMPSEST_ZLIB_SHIM_H

#include <zlib.h>

/// inflateInit.
static inline int pal_zlib_inflate_init(z_streamp stream) {
    return inflateInit(stream);
}

#endif
