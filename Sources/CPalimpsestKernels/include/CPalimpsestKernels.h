// Hot loops of Palimpsest written in C, where Swift's SIMD types do not lower to the vector
// instructions they need (each has an AVX2 version, chosen at run time, and a portable one
// with the same results), and the allocator settings its long-running processes want.
#ifndef C_PALIMPSEST_KERNELS_H
#define C_PALIMPSEST_KERNELS_H

#include <stdint.h>

/// Codes per group of bit-sliced codes, and planes per group: plane 2b holds bit b of each of
/// the group's 256 codes (lane l in bit l % 64 of word l / 64), plane 2b + 1 its complement.
#define PAL_SLICED_GROUP 256
#define PAL_SLICED_PLANES 256
/// 64-bit words per plane.
#define PAL_SLICED_WORDS 4

/// Stored 128-bit codes, bit-sliced (`planes`: one group of PAL_SLICED_PLANES planes after the
/// other, the last part filled) and plain (`lows`, `highs`: bits 0–63 and 64–127), with the
/// reference that owns each.
typedef struct {
    const uint64_t *planes;
    const uint64_t *lows;
    const uint64_t *highs;
    const int32_t *owners;
    int count;
} pal_sliced_codes;

/// Query codes: bits 0–63 in `lows`, 64–127 in `highs`.
typedef struct {
    const uint64_t *lows;
    const uint64_t *highs;
    int count;
} pal_sliced_queries;

/// A query code's nearest stored code (`first`, -1 before any, at `distance`) and the distance
/// of the nearest code of another reference.
typedef struct {
    int32_t first;
    int32_t distance;
    int32_t other_distance;
} pal_nearest;

/// Whether bit `bit` (0–127) of a code is one of the 64 screening bits: alternate orientation
/// bins of a descriptor, starting one bin later in alternate cells, so that differences
/// confined to some cells or to some directions are still split about evenly.
static inline int pal_sliced_screens(int bit) { return (bit / 8 + bit % 8) % 2 == 0; }

/// How far apart over the screening bits a stored code may be to be compared in full when
/// codes must be closer than `bound`: half the bits a code below the bound may differ in, plus
/// a margin of 3. When its differing bits could be any, a code at distance d < bound differs
/// in more screening bits than this with a probability that grows with d; when bound is 38:
/// about 1 in 70,000 at d = 25, 1 in 80 at d = 32, 1 in 8 at d = 37.
static inline int pal_sliced_screen_bound(int bound) { return (bound - 1) / 2 + 3; }

/// Updates each query code's `state` with the stored codes closer than both `cutoff` (below
/// 256) and its second-best distance so far, in stored order, among the codes that pass a
/// screen: group by group of 256 stored codes, a code is compared in full only when its
/// distance over the screening bits is at most `pal_sliced_screen_bound` of the query's bound
/// at the group's start (its second-best distance, or `cutoff`). Screening distances are
/// counted 256 codes at a time by a carry-save adder tree over the planes each query selects
/// (for bit b, plane 2b + the query's bit b: the one set where a stored code differs from
/// it). What a linear scan finds for the codes closer than `cutoff`, except for the few the
/// screen drops (see `pal_sliced_screen_bound`), in about a quarter less time than counting
/// all 128 bits. Returns 0 when scratch memory could not be had.
int pal_sliced_nearest(const pal_sliced_codes *codes, const pal_sliced_queries *queries, int cutoff, pal_nearest *state);

/// Values per local-feature descriptor.
#define PAL_DESCRIPTOR_LENGTH 128

/// For each of `query_count` descriptors (PAL_DESCRIPTOR_LENGTH values each, in 0...255, so
/// that every sum is exact), the three nearest of `row_count` descriptors by squared Euclidean
/// distance, nearest first, earlier rows first among equals: `distances[3i ..< 3i + 3]` and
/// `indices[3i ..< 3i + 3]` (INT32_MAX and -1 where there are fewer than three rows).
/// `query_norms` and `row_norms` are the descriptors' squared lengths; `dots` is scratch space
/// for `row_count` values.
void pal_descriptor_nearest3(const int16_t *queries, const int32_t *query_norms, int query_count, const int16_t *rows,
                             const int32_t *row_norms, int row_count, int32_t *dots, int32_t *distances, int32_t *indices);

/// Sets glibc's malloc to serve blocks up to `mmap_threshold` bytes from the heap (instead of
/// mapping each afresh) and to trim the heap only when more than `trim_threshold` bytes are
/// free. Returns 1 when both were set, 0 elsewhere than glibc or when glibc refused a value.
int pal_keep_freed_memory(int mmap_threshold, int trim_threshold);

#endif
