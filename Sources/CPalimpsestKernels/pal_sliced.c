// Hamming distances of query codes to a group of 256 bit-sliced codes over the 64 screening
// bits, counted with a carry-save adder tree (Harley and Seal) over the planes each query
// selects, then compared with the query's screening bound digit by digit; the codes that pass
// are compared in full. See CPalimpsestKernels.h.
#include "CPalimpsestKernels.h"

#include <stdlib.h>

typedef uint64_t lanes __attribute__((vector_size(32)));
// The planes as stored: a Swift array of UInt64 is only 8-byte aligned.
typedef uint64_t stored_lanes __attribute__((vector_size(32), aligned(8)));

#define CSA(carry, sum, a, b)                                                                                     \
    do {                                                                                                          \
        lanes u_ = (sum) ^ (a);                                                                                   \
        (carry) = ((sum) & (a)) | (u_ & (b));                                                                     \
        (sum) = u_ ^ (b);                                                                                         \
    } while (0)

// One digit of a most-significant-first comparison with the bound: `less` gains the lanes the
// digit puts below it; `equal` keeps those still tied.
#define COMPARE(digit, bit)                                                                                       \
    do {                                                                                                          \
        if ((bound >> (bit)) & 1) {                                                                               \
            less |= equal & ~(digit);                                                                             \
            equal &= (digit);                                                                                     \
        } else {                                                                                                  \
            equal &= ~(digit);                                                                                    \
        }                                                                                                         \
    } while (0)

// Adds the eight planes `sel[0 ..< 8]` select to the running ones, twos and fours of `below`,
// leaving their eights carry in `carry`.
#define EIGHT(carry, sel)                                                                                         \
    do {                                                                                                          \
        lanes twosA, twosB, foursA, foursB;                                                                       \
        CSA(twosA, ones, planes[(sel)[0]], planes[(sel)[1]]);                                                     \
        CSA(twosB, ones, planes[(sel)[2]], planes[(sel)[3]]);                                                     \
        CSA(foursA, twos, twosA, twosB);                                                                          \
        CSA(twosA, ones, planes[(sel)[4]], planes[(sel)[5]]);                                                     \
        CSA(twosB, ones, planes[(sel)[6]], planes[(sel)[7]]);                                                     \
        CSA(foursB, twos, twosA, twosB);                                                                          \
        CSA(carry, fours, foursA, foursB);                                                                        \
    } while (0)

// Sets in `out` the lanes of the group whose distance over the 64 screening bits (the planes
// `sel[0 ..< 64]`) is below `bound`.
static inline __attribute__((always_inline)) void screened(const stored_lanes *planes, const uint8_t *sel, int bound,
                                                           uint64_t *out) {
    if (bound > 65) bound = 65;  // every lane: the count is at most 64
    const lanes zero = {0, 0, 0, 0};
    lanes ones = zero, twos = zero, fours = zero, eights = zero;
    lanes s0 = zero, s1 = zero, s2 = zero;
    for (int block = 0; block < 4; block++) {
        const uint8_t *p = sel + block * 16;
        lanes eightsA, eightsB, sixteens;
        EIGHT(eightsA, p);
        EIGHT(eightsB, p + 8);
        CSA(sixteens, eights, eightsA, eightsB);
        // The sixteens so far, a 3-bit count per lane (at most 4).
        lanes c0 = s0 & sixteens;
        s0 ^= sixteens;
        lanes c1 = s1 & c0;
        s1 ^= c0;
        s2 |= c1;
    }
    lanes less = zero, equal = ~zero;
    COMPARE(s2, 6);
    COMPARE(s1, 5);
    COMPARE(s0, 4);
    COMPARE(eights, 3);
    COMPARE(fours, 2);
    COMPARE(twos, 1);
    COMPARE(ones, 0);
    for (int w = 0; w < PAL_SLICED_WORDS; w++) out[w] = less[w];
}

#define SCAN_BODY                                                                                                 \
    const stored_lanes *group = (const stored_lanes *)planes;                                                    \
    for (int k = 0; k < count; k++) {                                                                             \
        int screen = pal_sliced_screen_bound(bounds[k]) + 1;                                                      \
        screened(group, selections + k * 128, screen, masks + k * PAL_SLICED_WORDS);                              \
    }

__attribute__((target("avx2"))) static void scan_avx2(const uint64_t *planes, const uint8_t *selections,
                                                      const int32_t *bounds, int count, uint64_t *masks) {
    SCAN_BODY
}

static void scan_portable(const uint64_t *planes, const uint8_t *selections, const int32_t *bounds, int count,
                          uint64_t *masks) {
    SCAN_BODY
}

// Records stored code i (of reference `owner`) at distance d in a query code's state, as the
// linear scan it replaces did.
static inline void update(pal_nearest *s, int32_t d, int32_t i, int32_t owner, const int32_t *owners) {
    int32_t first_owner = s->first >= 0 ? owners[s->first] : -1;
    if (d < s->distance) {
        if (owner != first_owner) s->other_distance = s->distance;
        s->distance = d;
        s->first = i;
    } else if (owner != first_owner) {
        s->other_distance = d;
    }
}

// The scan, group by group; `avx2` is a constant where it is inlined, so each version calls its
// own kernel and counts bits with its own instructions.
static inline __attribute__((always_inline)) void nearest(const pal_sliced_codes *codes, const pal_sliced_queries *queries,
                                                          int cutoff, pal_nearest *state, const uint8_t *selections,
                                                          int32_t *bounds, uint64_t *masks, const int avx2) {
    int count = queries->count;
    int groups = (codes->count + PAL_SLICED_GROUP - 1) / PAL_SLICED_GROUP;
    for (int g = 0; g < groups; g++) {
        for (int k = 0; k < count; k++) bounds[k] = state[k].other_distance < cutoff ? state[k].other_distance : cutoff;
        const uint64_t *planes = codes->planes + (size_t)g * PAL_SLICED_PLANES * PAL_SLICED_WORDS;
        if (avx2) {
            scan_avx2(planes, selections, bounds, count, masks);
        } else {
            scan_portable(planes, selections, bounds, count, masks);
        }
        int filled = codes->count - g * PAL_SLICED_GROUP;
        for (int k = 0; k < count; k++) {
            const uint64_t *passed = masks + k * PAL_SLICED_WORDS;
            if ((passed[0] | passed[1] | passed[2] | passed[3]) == 0) continue;
            for (int w = 0; w < PAL_SLICED_WORDS; w++) {
                int occupied = filled - w * 64;
                if (occupied <= 0) break;
                uint64_t bits = passed[w];
                if (occupied < 64) bits &= (UINT64_C(1) << occupied) - 1;
                while (bits) {
                    int32_t i = g * PAL_SLICED_GROUP + w * 64 + __builtin_ctzll(bits);
                    bits &= bits - 1;
                    int32_t d = __builtin_popcountll(codes->lows[i] ^ queries->lows[k]) +
                                __builtin_popcountll(codes->highs[i] ^ queries->highs[k]);
                    if (d < bounds[k] && d < state[k].other_distance) update(&state[k], d, i, codes->owners[i], codes->owners);
                }
            }
        }
    }
}

__attribute__((target("avx2,popcnt,bmi"))) static void nearest_avx2(const pal_sliced_codes *codes,
                                                                    const pal_sliced_queries *queries, int cutoff,
                                                                    pal_nearest *state, const uint8_t *selections,
                                                                    int32_t *bounds, uint64_t *masks) {
    nearest(codes, queries, cutoff, state, selections, bounds, masks, 1);
}

static void nearest_portable(const pal_sliced_codes *codes, const pal_sliced_queries *queries, int cutoff,
                             pal_nearest *state, const uint8_t *selections, int32_t *bounds, uint64_t *masks) {
    nearest(codes, queries, cutoff, state, selections, bounds, masks, 0);
}

// For bit b of each query code, the plane set where a stored code's bit differs from it:
// 2b + the query's bit b; the screening bits' planes first.
static void select_planes(const pal_sliced_queries *queries, uint8_t *selections) {
    for (int k = 0; k < queries->count; k++) {
        uint8_t *screening = selections + k * 128, *rest = screening + 64;
        for (int b = 0; b < 128; b++) {
            uint64_t word = b < 64 ? queries->lows[k] : queries->highs[k];
            uint8_t plane = (uint8_t)(2 * b + ((word >> (b % 64)) & 1));
            if (pal_sliced_screens(b)) {
                *screening++ = plane;
            } else {
                *rest++ = plane;
            }
        }
    }
}

int pal_sliced_nearest(const pal_sliced_codes *codes, const pal_sliced_queries *queries, int cutoff, pal_nearest *state) {
    int count = queries->count > 0 ? queries->count : 1;
    int32_t *bounds = malloc(sizeof(int32_t) * count);
    uint64_t *masks = malloc(sizeof(uint64_t) * PAL_SLICED_WORDS * count);
    uint8_t *selections = malloc((size_t)128 * count);
    int done = bounds != NULL && masks != NULL && selections != NULL;
    if (done) {
        select_planes(queries, selections);
        if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("bmi")) {
            nearest_avx2(codes, queries, cutoff, state, selections, bounds, masks);
        } else {
            nearest_portable(codes, queries, cutoff, state, selections, bounds, masks);
        }
    }
    free(bounds);
    free(masks);
    free(selections);
    return done;
}
