// Per-pixel float loops of the local-feature pipeline: the luma of a raster and the gradient
// field. Each has an AVX2 version, chosen at run time, and a portable one. Both do the same
// IEEE single-precision operations in the same order (no contraction into fused multiply-adds,
// no reassociation), so their results are identical to each other and to the Swift
// definitions they replace. See CPalimpsestKernels.h.
#include "pal_dispatch.h"

#pragma clang fp contract(off)

// Swift's `min` and `max`, which differ from fminf and fmaxf on signed zeros and NaN.
static inline __attribute__((always_inline)) float swift_min(float x, float y) { return y < x ? y : x; }
static inline __attribute__((always_inline)) float swift_max(float x, float y) { return y >= x ? y : x; }

// `atan2(y, x)` mapped to 0…2π by a polynomial (error below 2.5e-4 radian).
static inline __attribute__((always_inline)) float direction(float y, float x) {
    float ax = __builtin_fabsf(x), ay = __builtin_fabsf(y);
    float a = swift_min(ax, ay) / (swift_max(ax, ay) + 1e-20f);
    float s = a * a;
    float r = ((-0.0464964749f * s + 0.15931422f) * s - 0.327622764f) * s * a + a;
    if (ay > ax) r = 1.5707963268f - r;
    if (x < 0) r = 3.1415926536f - r;
    if (y < 0) r = 6.2831853072f - r;
    return r >= 6.2831853072f ? 0 : r;
}

static inline __attribute__((always_inline)) void gradient_row(const float *above, const float *here,
                                                               const float *below, size_t width, float *magnitude,
                                                               float *angle) {
    for (size_t x = 1; x + 1 < width; x++) {
        float gx = here[x + 1] - here[x - 1];
        float gy = below[x] - above[x];
        magnitude[x] = __builtin_sqrtf(gx * gx + gy * gy);
        angle[x] = direction(gy, gx);
    }
}

static inline __attribute__((always_inline)) void luma(const uint8_t *rgb, size_t count, const float *weights,
                                                       float *out) {
    float r = weights[0], g = weights[1], b = weights[2];
    for (size_t i = 0; i < count; i++) out[i] = r * rgb[3 * i] + g * rgb[3 * i + 1] + b * rgb[3 * i + 2];
}

#if defined(__x86_64__)

PAL_AVX2 static void gradient_row_avx2(const float *above, const float *here, const float *below, size_t width,
                                       float *magnitude, float *angle) {
    gradient_row(above, here, below, width, magnitude, angle);
}
PAL_AVX2 static void luma_avx2(const uint8_t *rgb, size_t count, const float *weights, float *out) {
    luma(rgb, count, weights, out);
}

// The AVX2 version where the processor has AVX2 (see pal_dispatch.h).
#define PAL_CHOOSE(name) (PAL_HAS("avx2") ? name##_avx2 : name##_portable)
#else
#define PAL_CHOOSE(name) name##_portable
#endif

static void gradient_row_portable(const float *above, const float *here, const float *below, size_t width,
                                  float *magnitude, float *angle) {
    gradient_row(above, here, below, width, magnitude, angle);
}
static void luma_portable(const uint8_t *rgb, size_t count, const float *weights, float *out) {
    luma(rgb, count, weights, out);
}

float pal_gradient_direction(float y, float x) { return direction(y, x); }

void pal_gradient_row(const float *above, const float *here, const float *below, size_t width, float *magnitude,
                      float *angle) {
    PAL_CHOOSE(gradient_row)(above, here, below, width, magnitude, angle);
}

void pal_luma(const uint8_t *rgb, size_t count, const float *weights, float *out) {
    PAL_CHOOSE(luma)(rgb, count, weights, out);
}
