// C glue between Palimpsest's decode stage and libjpeg-turbo and libpng (the system library
// targets CPalimpsestLibJPEG and CPalimpsestLibPNG).
//
// libjpeg and libpng report fatal errors by longjmp, which Swift cannot survive, so every call
// into them goes through a pal_ function that calls setjmp in its own C frame. Decoder state is
// opaque; Swift reads plain header structs and status codes, and no libjpeg or libpng type
// appears in this header.
#ifndef C_PALIMPSEST_CODECS_H
#define C_PALIMPSEST_CODECS_H

#include <stddef.h>
#include <stdint.h>

/// Outcome of a pal_ call.
typedef enum {
    PAL_OK = 0,
    PAL_CORRUPT = 1,     ///< The data breaks the format's rules.
    PAL_TRUNCATED = 2,   ///< The data ends too early.
    PAL_UNSUPPORTED = 3, ///< A valid variant this build cannot decode (12-bit, lossless JPEG…).
    PAL_NO_MEMORY = 4,   ///< An allocation failed.
} pal_status;

/// Colour space recorded in a JPEG's header.
typedef enum {
    PAL_JPEG_UNKNOWN = 0,
    PAL_JPEG_GRAY = 1,
    PAL_JPEG_RGB = 2,
    PAL_JPEG_YCBCR = 3,
    PAL_JPEG_CMYK = 4,
    PAL_JPEG_YCCK = 5,
} pal_jpeg_color;

/// What jpeg_read_header learned.
typedef struct {
    uint32_t width;
    uint32_t height;
    int32_t components;
    int32_t color; ///< a pal_jpeg_color
    int32_t precision;
    int32_t progressive;
    int32_t saw_adobe; ///< an Adobe APP14 marker was present
} pal_jpeg_header;

/// An opaque libjpeg decompressor with its error manager and jump buffer.
typedef struct pal_jpeg pal_jpeg;

/// Creates a decompressor; NULL when out of memory.
pal_jpeg *pal_jpeg_create(void);
/// Releases the decompressor (any state).
void pal_jpeg_destroy(pal_jpeg *ctx);
/// Reads markers up to the first scan. `data` must stay alive and in place until destroy.
pal_status pal_jpeg_read_header(pal_jpeg *ctx, const uint8_t *data, size_t size, pal_jpeg_header *out);
/// Starts decompression at 1/`scale_denom` scale, to RGB (or CMYK when `want_cmyk`).
pal_status pal_jpeg_start(pal_jpeg *ctx, int scale_denom, int want_cmyk,
                          uint32_t *out_width, uint32_t *out_height, int32_t *out_components);
/// Reads up to `count` scanlines into `rows`; `*done` is the number actually written.
pal_status pal_jpeg_read_lines(pal_jpeg *ctx, uint8_t *const *rows, uint32_t count, uint32_t *done);
/// Finishes decompression (reads to EOI).
pal_status pal_jpeg_finish(pal_jpeg *ctx);
/// The fatal error's text after a failed call ("" when none).
const char *pal_jpeg_error_message(const pal_jpeg *ctx);
/// Distinct warnings so far, separated by '\n' ("" when none).
const char *pal_jpeg_warnings(const pal_jpeg *ctx);

/// What png_read_info learned from IHDR (and tRNS).
typedef struct {
    uint32_t width;
    uint32_t height;
    int32_t bit_depth;
    int32_t color_type; ///< PNG colour type: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA
    int32_t interlaced;
    int32_t has_alpha;  ///< an alpha channel or a tRNS chunk
} pal_png_header;

/// An opaque libpng reader (classic API) over a memory buffer.
typedef struct pal_png pal_png;

/// Creates a reader over `data`, which must stay alive and in place until destroy; NULL when out of memory.
pal_png *pal_png_create(const uint8_t *data, size_t size);
/// Releases the reader.
void pal_png_destroy(pal_png *ctx);
/// Reads the signature and the chunks before the image data.
pal_status pal_png_read_info(pal_png *ctx, pal_png_header *out);
/// Sets up 8-bit RGB output (RGBA when `keep_alpha` and the image has alpha): palettes and low
/// bit depths expanded, 16-bit samples cut to their high byte, gray replicated.
pal_status pal_png_start(pal_png *ctx, int keep_alpha, int32_t *out_channels, size_t *out_row_bytes);
/// Decodes the whole image (every Adam7 pass) into `rows`, one pointer per row.
pal_status pal_png_read_image(pal_png *ctx, uint8_t *const *rows);
/// The fatal error's text after a failed call ("" when none).
const char *pal_png_error_message(const pal_png *ctx);
/// Distinct warnings so far, separated by '\n' ("" when none).
const char *pal_png_warnings(const pal_png *ctx);

/// Encodes `width`×`height` interleaved RGB pixels as a baseline JPEG of the given quality
/// (1…100). On success `*out` holds `*out_size` bytes, to be released with pal_free; on failure
/// `error` holds libjpeg's message.
pal_status pal_jpeg_encode(const uint8_t *rgb, uint32_t width, uint32_t height, int quality,
                           uint8_t **out, size_t *out_size, char *error, size_t error_capacity);
/// Releases memory handed out by a pal_ encoder.
void pal_free(void *pointer);

#endif
