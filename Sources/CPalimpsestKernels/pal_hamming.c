// Hamming distances of packed hashes: 256-bit PDQ hashes (four words each) and 64-bit
// ImageHash values. Each loop has a `popcnt` version on x86-64, chosen at run time, and a
// portable one with the same results (on aarch64 the compiler's population count is already
// a vector instruction). See CPalimpsestKernels.h.
#include "pal_dispatch.h"

static inline __attribute__((always_inline)) int distance256(const uint64_t *h, const uint64_t *q) {
    return __builtin_popcountll(h[0] ^ q[0]) + __builtin_popcountll(h[1] ^ q[1]) +
           __builtin_popcountll(h[2] ^ q[2]) + __builtin_popcountll(h[3] ^ q[3]);
}

static inline __attribute__((always_inline)) void distances256(const uint64_t *hashes, size_t count,
                                                               const uint64_t *query, uint16_t *distances) {
    for (size_t i = 0; i < count; i++) distances[i] = (uint16_t)distance256(hashes + 4 * i, query);
}

static inline __attribute__((always_inline)) size_t within256(const uint64_t *hashes, size_t count,
                                                              const uint64_t *query, int radius, uint32_t *positions,
                                                              uint16_t *distances) {
    size_t found = 0;
    for (size_t i = 0; i < count; i++) {
        int d = distance256(hashes + 4 * i, query);
        // Written every time, counted only when near: no branch to mispredict.
        positions[found] = (uint32_t)i;
        distances[found] = (uint16_t)d;
        found += d <= radius;
    }
    return found;
}

static inline __attribute__((always_inline)) void gathered256(const uint64_t *hashes, const int64_t *positions,
                                                              size_t count, const uint64_t *query,
                                                              uint16_t *distances) {
    for (size_t i = 0; i < count; i++) distances[i] = (uint16_t)distance256(hashes + 4 * (size_t)positions[i], query);
}

static inline __attribute__((always_inline)) void nearest_variants256(const uint64_t *hashes, size_t count,
                                                                      const uint64_t *variants, uint16_t *distances,
                                                                      uint8_t *variant) {
    for (size_t i = 0; i < count; i++) {
        const uint64_t *h = hashes + 4 * i;
        int best = distance256(h, variants), which = 0;
        for (int v = 1; v < PAL_DIHEDRAL_VARIANTS; v++) {
            int d = distance256(h, variants + 4 * v);
            if (d < best) best = d, which = v;
        }
        distances[i] = (uint16_t)best;
        variant[i] = (uint8_t)which;
    }
}

static inline __attribute__((always_inline)) void distances64(const uint64_t *values, size_t count, uint64_t query,
                                                              uint8_t *distances) {
    for (size_t i = 0; i < count; i++) distances[i] = (uint8_t)__builtin_popcountll(values[i] ^ query);
}

#if defined(__x86_64__)
// The `popcnt` version where the processor has the instruction (see pal_dispatch.h).
#define PAL_CHOOSE(name) (PAL_HAS("popcnt") ? name##_popcnt : name##_portable)

PAL_POPCNT static void distances256_popcnt(const uint64_t *h, size_t n, const uint64_t *q, uint16_t *d) {
    distances256(h, n, q, d);
}
PAL_POPCNT static size_t within256_popcnt(const uint64_t *h, size_t n, const uint64_t *q, int r, uint32_t *p,
                                          uint16_t *d) {
    return within256(h, n, q, r, p, d);
}
PAL_POPCNT static void gathered256_popcnt(const uint64_t *h, const int64_t *p, size_t n, const uint64_t *q,
                                          uint16_t *d) {
    gathered256(h, p, n, q, d);
}
PAL_POPCNT static void nearest_variants256_popcnt(const uint64_t *h, size_t n, const uint64_t *v, uint16_t *d,
                                                  uint8_t *w) {
    nearest_variants256(h, n, v, d, w);
}
PAL_POPCNT static void distances64_popcnt(const uint64_t *h, size_t n, uint64_t q, uint8_t *d) {
    distances64(h, n, q, d);
}
#else
#define PAL_CHOOSE(name) name##_portable
#endif

static void distances256_portable(const uint64_t *h, size_t n, const uint64_t *q, uint16_t *d) {
    distances256(h, n, q, d);
}
static size_t within256_portable(const uint64_t *h, size_t n, const uint64_t *q, int r, uint32_t *p, uint16_t *d) {
    return within256(h, n, q, r, p, d);
}
static void gathered256_portable(const uint64_t *h, const int64_t *p, size_t n, const uint64_t *q, uint16_t *d) {
    gathered256(h, p, n, q, d);
}
static void nearest_variants256_portable(const uint64_t *h, size_t n, const uint64_t *v, uint16_t *d, uint8_t *w) {
    nearest_variants256(h, n, v, d, w);
}
static void distances64_portable(const uint64_t *h, size_t n, uint64_t q, uint8_t *d) {
    distances64(h, n, q, d);
}

void pal_hamming256_distances(const uint64_t *hashes, size_t count, const uint64_t *query, uint16_t *distances) {
    PAL_CHOOSE(distances256)(hashes, count, query, distances);
}

size_t pal_hamming256_within(const uint64_t *hashes, size_t count, const uint64_t *query, int radius,
                             uint32_t *positions, uint16_t *distances) {
    return PAL_CHOOSE(within256)(hashes, count, query, radius, positions, distances);
}

void pal_hamming256_gathered(const uint64_t *hashes, const int64_t *positions, size_t count, const uint64_t *query,
                             uint16_t *distances) {
    PAL_CHOOSE(gathered256)(hashes, positions, count, query, distances);
}

void pal_hamming256_nearest_variant(const uint64_t *hashes, size_t count, const uint64_t *variants,
                                    uint16_t *distances, uint8_t *variant) {
    PAL_CHOOSE(nearest_variants256)(hashes, count, variants, distances, variant);
}

void pal_hamming64_distances(const uint64_t *values, size_t count, uint64_t query, uint8_t *distances) {
    PAL_CHOOSE(distances64)(values, count, query, distances);
}
