// libjpeg-turbo behind setjmp trampolines: each pal_jpeg_ function calls setjmp in its own frame,
// and error_exit longjmps back to it, so no Swift frame is ever skipped.
#include "CPalimpsestCodecs.h"
#include "pal_messages.h"

#include <setjmp.h>
#include <stdio.h> // jpeglib.h uses FILE without including it
#include <stdlib.h>
#include <jpeglib.h>
#include <jerror.h>

/// Progressive files with more scans than this are rejected: real encoders write about ten, and
/// thousands of tiny scans are a known way to make a small file take minutes to decode.
#define PAL_JPEG_MAX_SCANS 1000

struct pal_jpeg {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_error_mgr err;
    struct jpeg_progress_mgr progress;
    jmp_buf jump;
    int created;
    int saw_eof;       // libjpeg warned "Premature end of JPEG file"
    int saw_damage;    // libjpeg warned about anything else (corrupt data)
    int error_code;    // msg_code of the fatal error, or -1 for our own
    char error[JMSG_LENGTH_MAX];
    pal_messages warnings;
};

static void pal_jpeg_error_exit(j_common_ptr cinfo) {
    pal_jpeg *ctx = (pal_jpeg *)cinfo->client_data;
    ctx->error_code = cinfo->err->msg_code;
    (*cinfo->err->format_message)(cinfo, ctx->error);
    longjmp(ctx->jump, 1);
}

static void pal_jpeg_emit_message(j_common_ptr cinfo, int level) {
    if (level >= 0) return; // trace messages
    pal_jpeg *ctx = (pal_jpeg *)cinfo->client_data;
    if (cinfo->err->msg_code == JWRN_JPEG_EOF) {
        ctx->saw_eof = 1;
    } else if (!ctx->saw_eof) {
        ctx->saw_damage = 1;
    }
    char buffer[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, buffer);
    pal_messages_add(&ctx->warnings, buffer);
    cinfo->err->num_warnings++;
}

static void pal_jpeg_output_message(j_common_ptr cinfo) {
    pal_jpeg *ctx = (pal_jpeg *)cinfo->client_data;
    char buffer[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, buffer);
    pal_messages_add(&ctx->warnings, buffer);
}

static void pal_jpeg_progress(j_common_ptr cinfo) {
    j_decompress_ptr dinfo = (j_decompress_ptr)cinfo;
    if (dinfo->input_scan_number > PAL_JPEG_MAX_SCANS) {
        pal_jpeg *ctx = (pal_jpeg *)cinfo->client_data;
        ctx->error_code = -1;
        snprintf(ctx->error, sizeof ctx->error, "More than %d progressive scans", PAL_JPEG_MAX_SCANS);
        longjmp(ctx->jump, 1);
    }
}

static pal_status pal_jpeg_failure(const pal_jpeg *ctx) {
    switch (ctx->error_code) {
    case JERR_BAD_PRECISION:
    case JERR_SOF_UNSUPPORTED:
    case JERR_CONVERSION_NOTIMPL:
    case JERR_NOT_COMPILED:
    case JERR_ARITH_NOTIMPL:
    case JERR_CCIR601_NOTIMPL:
        return PAL_UNSUPPORTED;
    case JERR_OUT_OF_MEMORY:
        return PAL_NO_MEMORY;
    default:
        // Running out of data counts as truncation only if the data read until then was sound.
        return ctx->saw_eof && !ctx->saw_damage ? PAL_TRUNCATED : PAL_CORRUPT;
    }
}

pal_jpeg *pal_jpeg_create(void) {
    pal_jpeg *ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL) return NULL;
    ctx->cinfo.err = jpeg_std_error(&ctx->err);
    ctx->err.error_exit = pal_jpeg_error_exit;
    ctx->err.emit_message = pal_jpeg_emit_message;
    ctx->err.output_message = pal_jpeg_output_message;
    ctx->cinfo.client_data = ctx;
    if (setjmp(ctx->jump)) {
        jpeg_destroy_decompress(&ctx->cinfo);
        free(ctx);
        return NULL;
    }
    jpeg_create_decompress(&ctx->cinfo);
    ctx->cinfo.client_data = ctx; // jpeg_create_decompress clears the struct but keeps err; set again
    ctx->progress.progress_monitor = pal_jpeg_progress;
    ctx->cinfo.progress = &ctx->progress;
    ctx->created = 1;
    return ctx;
}

void pal_jpeg_destroy(pal_jpeg *ctx) {
    if (ctx == NULL) return;
    if (ctx->created) jpeg_destroy_decompress(&ctx->cinfo);
    free(ctx);
}

static int pal_jpeg_color_of(J_COLOR_SPACE space) {
    switch (space) {
    case JCS_GRAYSCALE: return PAL_JPEG_GRAY;
    case JCS_RGB: return PAL_JPEG_RGB;
    case JCS_YCbCr: return PAL_JPEG_YCBCR;
    case JCS_CMYK: return PAL_JPEG_CMYK;
    case JCS_YCCK: return PAL_JPEG_YCCK;
    default: return PAL_JPEG_UNKNOWN;
    }
}

pal_status pal_jpeg_read_header(pal_jpeg *ctx, const uint8_t *data, size_t size, pal_jpeg_header *out) {
    if (setjmp(ctx->jump)) return pal_jpeg_failure(ctx);
    jpeg_mem_src(&ctx->cinfo, data, (unsigned long)size);
    jpeg_read_header(&ctx->cinfo, TRUE);
    out->width = ctx->cinfo.image_width;
    out->height = ctx->cinfo.image_height;
    out->components = ctx->cinfo.num_components;
    out->color = pal_jpeg_color_of(ctx->cinfo.jpeg_color_space);
    out->precision = ctx->cinfo.data_precision;
    out->progressive = ctx->cinfo.progressive_mode ? 1 : 0;
    out->saw_adobe = ctx->cinfo.saw_Adobe_marker ? 1 : 0;
    return PAL_OK;
}

pal_status pal_jpeg_start(pal_jpeg *ctx, int scale_denom, int want_cmyk,
                          uint32_t *out_width, uint32_t *out_height, int32_t *out_components) {
    if (setjmp(ctx->jump)) return pal_jpeg_failure(ctx);
    ctx->cinfo.scale_num = 1;
    ctx->cinfo.scale_denom = (unsigned int)scale_denom;
    ctx->cinfo.out_color_space = want_cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_start_decompress(&ctx->cinfo);
    *out_width = ctx->cinfo.output_width;
    *out_height = ctx->cinfo.output_height;
    *out_components = ctx->cinfo.output_components;
    return PAL_OK;
}

pal_status pal_jpeg_read_lines(pal_jpeg *ctx, uint8_t *const *rows, uint32_t count, uint32_t *done) {
    *done = 0;
    if (setjmp(ctx->jump)) return pal_jpeg_failure(ctx);
    while (*done < count && ctx->cinfo.output_scanline < ctx->cinfo.output_height) {
        JDIMENSION n = jpeg_read_scanlines(&ctx->cinfo, (JSAMPARRAY)(rows + *done), count - *done);
        if (n == 0) break; // cannot happen with a memory source, which never suspends
        *done += n;
    }
    return PAL_OK;
}

pal_status pal_jpeg_finish(pal_jpeg *ctx) {
    if (setjmp(ctx->jump)) return pal_jpeg_failure(ctx);
    jpeg_finish_decompress(&ctx->cinfo);
    return PAL_OK;
}

const char *pal_jpeg_error_message(const pal_jpeg *ctx) { return ctx->error; }

const char *pal_jpeg_warnings(const pal_jpeg *ctx) { return ctx->warnings.text; }
