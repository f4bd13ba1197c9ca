// Hot loops of Palimpsest written in C, where Swift does not emit the instructions they need
// (each has a version for AVX2 or `popcnt`, chosen at run time, and a portable one with the
// same results), and the allocator settings its long-running processes want.
#ifndef C_PALIMPSEST_KERNELS_H
#define C_PALIMPSEST_KERNELS_H

#include <stdint.h>

/// 128-bit codes, two words each (bits 0–63, then 64–127).
typedef struct {
    const uint64_t *words;
    int count;
} pal_codes;

/// Stored 128-bit codes grouped in inverted lists: list c holds the codes nearest centroid c,
/// `members[list_starts[c] ..< list_starts[c + 1]]` (two words each), whose stored positions
/// are `positions` at the same places.
typedef struct {
    const uint64_t *centroids;
    int list_count;
    const int32_t *list_starts;
    const uint64_t *members;
    const int32_t *positions;
} pal_code_lists;

/// A query code's nearest stored code (`first`, its stored position, -1 before any, at
/// `distance`) and the distance of the nearest code of another reference.
typedef struct {
    int32_t first;
    int32_t distance;
    int32_t other_distance;
} pal_nearest;

/// How `pal_lists_nearest` compares codes: the fastest way this processor has (four codes at
/// once with AVX-512's VPOPCNTDQ, else one at a time with POPCNT), or always one at a time.
/// Both find the same codes.
typedef enum { PAL_COMPARE_FASTEST = 0, PAL_COMPARE_ONE_AT_A_TIME = 1 } pal_compare;

/// Updates each query code's `state` with the members, closer than `cutoff` (below 256), of
/// the `probes` lists whose centroids are nearest it (lower lists first among equals; every
/// list when `probes` is at least their number): its nearest code, the lower stored position
/// first among equal codes of one reference, and the distance of the nearest code of a
/// reference other than that code's `owners` entry. List by list, every query code probing
/// it is compared with its members, as `compare` says. Returns 0 when scratch memory could not
/// be had.
int pal_lists_nearest(const pal_code_lists *lists, const int32_t *owners, const pal_codes *queries, int probes,
                      int cutoff, pal_nearest *state, pal_compare compare);

/// Whether this processor compares four codes at once (AVX-512 VPOPCNTDQ).
int pal_lists_compare_four_at_once(void);

/// Sets `assignment[i]` to the centroid nearest code i (the lower among equals).
void pal_nearest_centroids(const pal_codes *codes, const pal_codes *centroids, int32_t *assignment);

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
