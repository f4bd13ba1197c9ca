// Bounded zlib inflation for compressed PNG text chunks (zTXt, compressed iTXt).
//
// A few hundred bytes of deflate data can expand to gigabytes, so the output grows by doubling
// up to a cap set by the caller and inflation stops, refusing the chunk, as soon as the cap
// would be exceeded: work and memory stay bounded by the cap whatever the input claims.
#include "CPalimpsestCodecs.h"

#include <limits.h>
#include <stdlib.h>
#include <zlib.h>

pal_inflate_status pal_inflate(const uint8_t *data, size_t size, size_t max_out, uint8_t **out, size_t *out_size) {
    *out = NULL;
    *out_size = 0;
    if (size > UINT_MAX) return PAL_INFLATE_TOO_LARGE;

    z_stream stream = {0};
    if (inflateInit(&stream) != Z_OK) return PAL_INFLATE_NO_MEMORY;
    stream.next_in = (Bytef *)data;
    stream.avail_in = (uInt)size;

    size_t capacity = 4096 < max_out ? 4096 : max_out;
    uint8_t *buffer = malloc(capacity + 1);
    if (buffer == NULL) {
        inflateEnd(&stream);
        return PAL_INFLATE_NO_MEMORY;
    }
    size_t produced = 0;
    pal_inflate_status status = PAL_INFLATE_OK;
    for (;;) {
        if (produced == capacity) {
            if (capacity >= max_out) {
                // One byte past the cap tells a stream that ends exactly at the cap from a larger one.
                uint8_t probe;
                stream.next_out = &probe;
                stream.avail_out = 1;
                int code = inflate(&stream, Z_NO_FLUSH);
                if (stream.avail_out == 0) status = PAL_INFLATE_TOO_LARGE;
                else if (code == Z_STREAM_END) status = PAL_INFLATE_OK;
                else if (code == Z_BUF_ERROR || code == Z_OK) status = PAL_INFLATE_TRUNCATED;
                else status = PAL_INFLATE_CORRUPT;
                break;
            }
            size_t grown = capacity * 2 < max_out ? capacity * 2 : max_out;
            uint8_t *larger = realloc(buffer, grown + 1);
            if (larger == NULL) {
                status = PAL_INFLATE_NO_MEMORY;
                break;
            }
            buffer = larger;
            capacity = grown;
        }
        size_t room = capacity - produced;
        uInt chunk = room > UINT_MAX ? UINT_MAX : (uInt)room;
        stream.next_out = buffer + produced;
        stream.avail_out = chunk;
        int code = inflate(&stream, Z_NO_FLUSH);
        produced += chunk - stream.avail_out;
        if (code == Z_STREAM_END) break;
        if (code == Z_OK) continue;
        if (code == Z_BUF_ERROR) {
            // No progress with output room left: the input ran out before the end marker.
            if (stream.avail_out != 0) {
                status = PAL_INFLATE_TRUNCATED;
                break;
            }
            continue;
        }
        status = code == Z_MEM_ERROR ? PAL_INFLATE_NO_MEMORY : PAL_INFLATE_CORRUPT;
        break;
    }
    inflateEnd(&stream);
    if (status != PAL_INFLATE_OK) {
        free(buffer);
        return status;
    }
    *out = buffer;
    *out_size = produced;
    return PAL_INFLATE_OK;
}
