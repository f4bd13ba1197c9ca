// JPEG encoding through libjpeg-turbo behind a setjmp trampoline, for report images: the
// compressor is created, used and destroyed inside one C frame, so a fatal libjpeg error
// longjmps back here and never across Swift.
#include "CPalimpsestCodecs.h"
#include "pal_messages.h"

#include <setjmp.h>
#include <stdio.h> // jpeglib.h uses FILE without including it
#include <stdlib.h>
#include <jpeglib.h>

/// Everything that changes between setjmp and a longjmp lives here, on the heap, so that it
/// is still valid after the jump.
typedef struct {
    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr err;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    unsigned char *buffer;
    unsigned long size;
} pal_jpeg_encoder;

static void pal_jpeg_encode_error_exit(j_common_ptr cinfo) {
    pal_jpeg_encoder *ctx = (pal_jpeg_encoder *)cinfo->client_data;
    (*cinfo->err->format_message)(cinfo, ctx->message);
    longjmp(ctx->jump, 1);
}

static void pal_jpeg_encode_silence(j_common_ptr cinfo) {
    (void)cinfo;
}

pal_status pal_jpeg_encode(const uint8_t *rgb, uint32_t width, uint32_t height, int quality,
                           uint8_t **out, size_t *out_size, char *error, size_t error_capacity) {
    *out = NULL;
    *out_size = 0;
    if (error_capacity > 0) error[0] = '\0';
    pal_jpeg_encoder *ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL) return PAL_NO_MEMORY;
    ctx->cinfo.err = jpeg_std_error(&ctx->err);
    ctx->err.error_exit = pal_jpeg_encode_error_exit;
    ctx->err.output_message = pal_jpeg_encode_silence;
    ctx->cinfo.client_data = ctx;
    if (setjmp(ctx->jump)) {
        jpeg_destroy_compress(&ctx->cinfo);
        free(ctx->buffer);
        if (error_capacity > 0) pal_copy_message(error, error_capacity, ctx->message);
        free(ctx);
        return PAL_CORRUPT;
    }
    jpeg_create_compress(&ctx->cinfo);
    ctx->cinfo.client_data = ctx;
    jpeg_mem_dest(&ctx->cinfo, &ctx->buffer, &ctx->size);
    ctx->cinfo.image_width = width;
    ctx->cinfo.image_height = height;
    ctx->cinfo.input_components = 3;
    ctx->cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&ctx->cinfo);
    jpeg_set_quality(&ctx->cinfo, quality, TRUE);
    jpeg_start_compress(&ctx->cinfo, TRUE);
    while (ctx->cinfo.next_scanline < ctx->cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(rgb + (size_t)ctx->cinfo.next_scanline * width * 3);
        jpeg_write_scanlines(&ctx->cinfo, &row, 1);
    }
    jpeg_finish_compress(&ctx->cinfo);
    jpeg_destroy_compress(&ctx->cinfo);
    *out = ctx->buffer;
    *out_size = (size_t)ctx->size;
    free(ctx);
    return PAL_OK;
}

void pal_free(void *pointer) {
    free(pointer);
}
