// Pillow's integer pixel loops behind ImageHash's hashes: the fixed-point grey conversion with
// colorhash's pixel classes, and the two passes of the fixed-point LANCZOS resampler. Each has
// an AVX2 version, chosen at run time, and a portable one; both are the same integer (and, for
// the saturation, IEEE single-precision) arithmetic, so their results are identical. See
// CPalimpsestKernels.h.
#include "pal_dispatch.h"

#pragma clang fp contract(off)

static inline __attribute__((always_inline)) uint8_t clip8(int32_t sum, int precision_bits) {
    int32_t shifted = sum >> precision_bits;
    return (uint8_t)(shifted < 0 ? 0 : shifted > 255 ? 255 : shifted);
}

static inline __attribute__((always_inline)) void tally_row(const uint8_t *rgb, size_t width, uint8_t *luminance,
                                                            int32_t *packed, const pal_tally_limits *limits,
                                                            int32_t *counts) {
    int32_t black = 0, gray = 0, unbinned = 0;
    for (size_t x = 0; x < width; x++) {
        int32_t r = rgb[3 * x], g = rgb[3 * x + 1], b = rgb[3 * x + 2];
        int32_t l = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
        luminance[x] = (uint8_t)l;
        int32_t maxc = r > g ? r : g;
        maxc = maxc > b ? maxc : b;
        int32_t minc = r < g ? r : g;
        minc = minc < b ? minc : b;
        // 0/0 for black pixels is NaN, which reaches no threshold: grey, as in Pillow.
        float saturation = (float)(maxc - minc) / (float)maxc;
        int32_t saturation_class = (saturation >= limits->gray) + (saturation >= limits->faint) +
                                   (saturation >= limits->bright);
        int32_t is_black = l < limits->black, shows_colour = l >= limits->black;
        black += is_black;
        gray += shows_colour & (saturation_class == 0);
        unbinned += shows_colour & (saturation_class == 2);
        int32_t needs_hue = shows_colour & (saturation_class & 1);
        // The hue's index: which channel is the maximum (the first of R, G, B that is) and the
        // other two channels' distances below it.
        int32_t not_red = r != maxc;
        int32_t neither = not_red & (g != maxc);
        int32_t first = not_red ? maxc - r : maxc - g;
        int32_t second = neither ? maxc - g : maxc - b;
        int32_t hue = (not_red + neither) << 16 | first << 8 | second;
        packed[x] = needs_hue ? saturation_class << 24 | hue : 0;
    }
    counts[0] += black;
    counts[1] += gray;
    counts[2] += unbinned;
}

static inline __attribute__((always_inline)) void resample_band(const uint8_t *band, size_t outputs,
                                                                const intptr_t *first, const intptr_t *count,
                                                                const intptr_t *offset, const int32_t *weights,
                                                                int precision_bits, uint8_t *out) {
    const int32_t half = (int32_t)1 << (precision_bits - 1);
    for (size_t o = 0; o < outputs; o++) {
        int32_t sum[PAL_BAND_ROWS];
        for (int lane = 0; lane < PAL_BAND_ROWS; lane++) sum[lane] = half;
        const uint8_t *pixels = band + (size_t)first[o] * PAL_BAND_ROWS;
        const int32_t *taps = weights + offset[o];
        for (intptr_t t = 0; t < count[o]; t++) {
            for (int lane = 0; lane < PAL_BAND_ROWS; lane++) sum[lane] += pixels[lane] * taps[t];
            pixels += PAL_BAND_ROWS;
        }
        for (int lane = 0; lane < PAL_BAND_ROWS; lane++) out[o * PAL_BAND_ROWS + lane] = clip8(sum[lane], precision_bits);
    }
}

static inline __attribute__((always_inline)) void resample_columns(const uint8_t *source, size_t width,
                                                                   intptr_t first_row, size_t outputs,
                                                                   const intptr_t *first, const intptr_t *count,
                                                                   const intptr_t *offset, const int32_t *weights,
                                                                   int precision_bits, uint8_t *target) {
    enum { CHUNK = 256 };
    const int32_t half = (int32_t)1 << (precision_bits - 1);
    int32_t sum[CHUNK];
    for (size_t o = 0; o < outputs; o++) {
        const uint8_t *top = source + (size_t)(first[o] - first_row) * width;
        const int32_t *taps = weights + offset[o];
        for (size_t x0 = 0; x0 < width; x0 += CHUNK) {
            size_t n = width - x0 < CHUNK ? width - x0 : CHUNK;
            for (size_t x = 0; x < n; x++) sum[x] = half;
            for (intptr_t t = 0; t < count[o]; t++) {
                const uint8_t *row = top + (size_t)t * width + x0;
                int32_t w = taps[t];
                for (size_t x = 0; x < n; x++) sum[x] += row[x] * w;
            }
            uint8_t *out = target + o * width + x0;
            for (size_t x = 0; x < n; x++) out[x] = clip8(sum[x], precision_bits);
        }
    }
}

#if defined(__x86_64__)

PAL_AVX2 static void tally_row_avx2(const uint8_t *rgb, size_t width, uint8_t *luminance, int32_t *packed,
                                    const pal_tally_limits *limits, int32_t *counts) {
    tally_row(rgb, width, luminance, packed, limits, counts);
}
PAL_AVX2 static void resample_band_avx2(const uint8_t *band, size_t outputs, const intptr_t *first,
                                        const intptr_t *count, const intptr_t *offset, const int32_t *weights,
                                        int precision_bits, uint8_t *out) {
    resample_band(band, outputs, first, count, offset, weights, precision_bits, out);
}
PAL_AVX2 static void resample_columns_avx2(const uint8_t *source, size_t width, intptr_t first_row, size_t outputs,
                                           const intptr_t *first, const intptr_t *count, const intptr_t *offset,
                                           const int32_t *weights, int precision_bits, uint8_t *target) {
    resample_columns(source, width, first_row, outputs, first, count, offset, weights, precision_bits, target);
}

// The AVX2 version where the processor has AVX2 (see pal_dispatch.h).
#define PAL_CHOOSE(name) (PAL_HAS("avx2") ? name##_avx2 : name##_portable)
#else
#define PAL_CHOOSE(name) name##_portable
#endif

static void tally_row_portable(const uint8_t *rgb, size_t width, uint8_t *luminance, int32_t *packed,
                               const pal_tally_limits *limits, int32_t *counts) {
    tally_row(rgb, width, luminance, packed, limits, counts);
}
static void resample_band_portable(const uint8_t *band, size_t outputs, const intptr_t *first, const intptr_t *count,
                                   const intptr_t *offset, const int32_t *weights, int precision_bits, uint8_t *out) {
    resample_band(band, outputs, first, count, offset, weights, precision_bits, out);
}
static void resample_columns_portable(const uint8_t *source, size_t width, intptr_t first_row, size_t outputs,
                                      const intptr_t *first, const intptr_t *count, const intptr_t *offset,
                                      const int32_t *weights, int precision_bits, uint8_t *target) {
    resample_columns(source, width, first_row, outputs, first, count, offset, weights, precision_bits, target);
}

void pal_tally_row(const uint8_t *rgb, size_t width, uint8_t *luminance, int32_t *packed,
                   const pal_tally_limits *limits, int32_t *counts) {
    PAL_CHOOSE(tally_row)(rgb, width, luminance, packed, limits, counts);
}

void pal_resample_band(const uint8_t *band, size_t outputs, const intptr_t *first, const intptr_t *count,
                       const intptr_t *offset, const int32_t *weights, int precision_bits, uint8_t *out) {
    PAL_CHOOSE(resample_band)(band, outputs, first, count, offset, weights, precision_bits, out);
}

void pal_resample_columns(const uint8_t *source, size_t width, intptr_t first_row, size_t outputs,
                          const intptr_t *first, const intptr_t *count, const intptr_t *offset,
                          const int32_t *weights, int precision_bits, uint8_t *target) {
    PAL_CHOOSE(resample_columns)(source, width, first_row, outputs, first, count, offset, weights, precision_bits,
                                 target);
}
