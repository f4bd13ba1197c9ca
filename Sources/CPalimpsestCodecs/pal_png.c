// libpng's classic API behind setjmp trampolines, reading from memory.
//
// The classic API is used for every PNG, not the simplified one: the simplified API converts
// files with a gAMA chunk to sRGB and rounds 16-bit samples, where Pillow (whose pixels the
// reference hashes were computed on) does neither; and Debian's libpng 1.6.39 decodes 16-bit
// Adam7 files wrongly through it (libpng issue #853).
#include "CPalimpsestCodecs.h"
#include "pal_messages.h"

#include <setjmp.h>
#include <stdlib.h>
#include <png.h>

struct pal_png {
    png_structp png;
    png_infop info;
    const uint8_t *data;
    size_t size;
    size_t position;
    int ran_out;   // a read went past the end of the data
    int started;
    char error[256];
    pal_messages warnings;
};

static void pal_png_read(png_structp png, png_bytep out, size_t count) {
    pal_png *ctx = (pal_png *)png_get_io_ptr(png);
    if (count > ctx->size - ctx->position) {
        ctx->ran_out = 1;
        png_error(png, "Read past end of data");
    }
    memcpy(out, ctx->data + ctx->position, count);
    ctx->position += count;
}

static void pal_png_error(png_structp png, png_const_charp message) {
    pal_png *ctx = (pal_png *)png_get_error_ptr(png);
    pal_copy_message(ctx->error, sizeof ctx->error, message);
    png_longjmp(png, 1);
}

static void pal_png_warning(png_structp png, png_const_charp message) {
    pal_png *ctx = (pal_png *)png_get_error_ptr(png);
    pal_messages_add(&ctx->warnings, message);
}

static pal_status pal_png_failure(const pal_png *ctx) {
    if (ctx->ran_out || strstr(ctx->error, "Not enough image data") != NULL) return PAL_TRUNCATED;
    if (strstr(ctx->error, "out of memory") != NULL || strstr(ctx->error, "Out of Memory") != NULL)
        return PAL_NO_MEMORY;
    return PAL_CORRUPT;
}

pal_png *pal_png_create(const uint8_t *data, size_t size) {
    pal_png *ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL) return NULL;
    ctx->data = data;
    ctx->size = size;
    ctx->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, ctx, pal_png_error, pal_png_warning);
    if (ctx->png == NULL) {
        free(ctx);
        return NULL;
    }
    ctx->info = png_create_info_struct(ctx->png);
    if (ctx->info == NULL) {
        png_destroy_read_struct(&ctx->png, NULL, NULL);
        free(ctx);
        return NULL;
    }
    png_set_read_fn(ctx->png, ctx, pal_png_read);
    // Only IHDR, PLTE, tRNS, IDAT and IEND matter for pixels: skip every other chunk unread
    // (no iCCP or zTXt inflation, no text, no complaints about broken metadata).
    png_set_keep_unknown_chunks(ctx->png, PNG_HANDLE_CHUNK_NEVER, NULL, -1);
    return ctx;
}

void pal_png_destroy(pal_png *ctx) {
    if (ctx == NULL) return;
    png_destroy_read_struct(&ctx->png, &ctx->info, NULL);
    free(ctx);
}

pal_status pal_png_read_info(pal_png *ctx, pal_png_header *out) {
    if (setjmp(png_jmpbuf(ctx->png))) return pal_png_failure(ctx);
    png_read_info(ctx->png, ctx->info);
    out->width = png_get_image_width(ctx->png, ctx->info);
    out->height = png_get_image_height(ctx->png, ctx->info);
    out->bit_depth = png_get_bit_depth(ctx->png, ctx->info);
    out->color_type = png_get_color_type(ctx->png, ctx->info);
    out->interlaced = png_get_interlace_type(ctx->png, ctx->info) != PNG_INTERLACE_NONE;
    out->has_alpha = (out->color_type & PNG_COLOR_MASK_ALPHA) != 0
        || png_get_valid(ctx->png, ctx->info, PNG_INFO_tRNS) != 0;
    return PAL_OK;
}

pal_status pal_png_start(pal_png *ctx, int keep_alpha, int32_t *out_channels, size_t *out_row_bytes) {
    if (setjmp(png_jmpbuf(ctx->png))) return pal_png_failure(ctx);
    png_structp png = ctx->png;
    int color_type = png_get_color_type(png, ctx->info);
    if (keep_alpha) {
        png_set_expand(png); // palette to RGB, gray to 8 bits, tRNS to an alpha channel
    } else {
        png_set_palette_to_rgb(png);
        png_set_expand_gray_1_2_4_to_8(png);
        png_set_strip_alpha(png);
    }
    png_set_strip_16(png); // high byte, as Pillow's "RGB;16B" unpacking
    if ((color_type & PNG_COLOR_MASK_COLOR) == 0) png_set_gray_to_rgb(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, ctx->info);
    *out_channels = png_get_channels(png, ctx->info);
    *out_row_bytes = png_get_rowbytes(png, ctx->info);
    ctx->started = 1;
    return PAL_OK;
}

pal_status pal_png_read_image(pal_png *ctx, uint8_t *const *rows) {
    if (setjmp(png_jmpbuf(ctx->png))) return pal_png_failure(ctx);
    png_read_image(ctx->png, (png_bytepp)rows);
    return PAL_OK;
}

const char *pal_png_error_message(const pal_png *ctx) { return ctx->error; }

const char *pal_png_warnings(const pal_png *ctx) { return ctx->warnings.text; }
