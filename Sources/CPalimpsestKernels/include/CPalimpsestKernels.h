// Hot loops of Palimpsest written in C, where Swift, built for every processor of an
// architecture, does not emit the instructions they need: each has a version for the wider
// instructions (POPCNT, AVX2, AVX-512) chosen at run time on x86-64, and a portable one with the
// same results, which is what other architectures compile. Also the allocator settings
// Palimpsest's long-running processes want.
#ifndef C_PALIMPSEST_KERNELS_H
#define C_PALIMPSEST_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Makes every kernel below use its portable version (nonzero) or the fastest this processor
/// has (zero, the default), so that tests and comparisons can run both on one machine. Both
/// give the same results.
void pal_kernels_use_portable(int portable);

/// Dihedral variants of a PDQ hash (the eight rotations and reflections of its image).
#define PAL_DIHEDRAL_VARIANTS 8

/// Sets `distances[i]` to the Hamming distance between 256-bit hash i of `hashes` (four words
/// each, `count` hashes) and `query` (four words).
void pal_hamming256_distances(const uint64_t *hashes, size_t count, const uint64_t *query, uint16_t *distances);

/// Writes the positions of the 256-bit hashes of `hashes` (`count` of them, below 2³²) within
/// `radius` of `query`, in order, to `positions`, and their distances to `distances` (both with
/// room for `count`). Returns how many there are.
size_t pal_hamming256_within(const uint64_t *hashes, size_t count, const uint64_t *query, int radius,
                             uint32_t *positions, uint16_t *distances);

/// Sets `distances[i]` to the Hamming distance between the 256-bit hash at `positions[i]` of
/// `hashes` and `query`, for `count` positions.
void pal_hamming256_gathered(const uint64_t *hashes, const int64_t *positions, size_t count, const uint64_t *query,
                             uint16_t *distances);

/// For each of `count` 256-bit hashes, the least distance to the PAL_DIHEDRAL_VARIANTS hashes
/// of `variants` (four words each) in `distances[i]`, and which variant has it in `variant[i]`
/// (the first among equals).
void pal_hamming256_nearest_variant(const uint64_t *hashes, size_t count, const uint64_t *variants,
                                    uint16_t *distances, uint8_t *variant);

/// Sets `distances[i]` to the Hamming distance between 64-bit value i of `values` and `query`.
void pal_hamming64_distances(const uint64_t *values, size_t count, uint64_t query, uint8_t *distances);

/// 128-bit codes, two words each (bits 0–63, then 64–127).
typedef struct {
    const uint64_t *words;
    int count;
} pal_codes;

/// Stored 128-bit codes grouped in inverted lists: list c holds the codes nearest centroid c,
/// `members[list_starts[c] ..< list_starts[c + 1]]` (two words each), whose stored positions
/// are `positions` at the same places.
///
/// The lists may themselves be grouped (`group_count` above 0): group g holds the lists
/// `group_starts[g] ..< group_starts[g + 1]`, filed under the group centroid
/// `group_centroids[2g ..< 2g + 2]`, and a code is then compared only with the list centroids
/// of its `group_probes` nearest groups, so that choosing lists costs about the square root of
/// their number instead of their number.
typedef struct {
    const uint64_t *centroids;
    int list_count;
    const int32_t *list_starts;
    const uint64_t *members;
    const int32_t *positions;
    const uint64_t *group_centroids;
    int group_count;
    const int32_t *group_starts;
    int group_probes;
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

/// A stored code within a query code's radius: the query's index, the code's stored position
/// and their Hamming distance.
typedef struct {
    int32_t query;
    int32_t position;
    int32_t distance;
} pal_hit;

/// Every member within `radii[k]` bits of query code k (none when it is negative) among the
/// `probes` lists whose centroids are nearest it, chosen as `pal_lists_nearest` chooses them,
/// list by list: `*count` hits in a buffer at `*hits` the caller frees with `free` (NULL when
/// none). Returns 0 (and no buffer) when memory could not be had.
int pal_lists_within(const pal_code_lists *lists, const pal_codes *queries, int probes, const int32_t *radii,
                     pal_hit **hits, size_t *count);

/// Whether this processor compares four codes at once (AVX-512 VPOPCNTDQ).
int pal_lists_compare_four_at_once(void);

/// Sets `assignment[i]` to the centroid nearest code i (the lower among equals).
void pal_nearest_centroids(const pal_codes *codes, const pal_codes *centroids, int32_t *assignment);

/// Sets `assignment[i]` to the list whose centroid is nearest code i among the lists of its
/// `group_probes` nearest groups (every list when the lists are not grouped; the lower among
/// equals). Returns 0 when scratch memory could not be had.
int pal_nearest_lists(const pal_code_lists *lists, const pal_codes *codes, int32_t *assignment);

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

/// Rows of a grey image's band layout: pixel (x, lane) of a band at `band[x * PAL_BAND_ROWS + lane]`.
#define PAL_BAND_ROWS 8

/// The thresholds that sort pixels for ImageHash's colorhash: grey levels below `black` are
/// black; Pillow's single-precision saturation `(max - min) / max` at or above `gray`, `faint`
/// and `bright` puts a pixel in the next class.
typedef struct {
    int32_t black;
    float gray;
    float faint;
    float bright;
} pal_tally_limits;

/// For each of `width` RGB pixels: Pillow's fixed-point grey level into `luminance`, and into
/// `packed` zero, or for a pixel colorhash bins by hue, `class << 24 | hue index` (the
/// saturation class, 1 or 3, and the hue's index: which channel is the maximum, the first of
/// R, G, B that is, `<< 16`, then the other two channels' distances below it). Adds the
/// numbers of black, grey and unbinned (saturation class 2) pixels to `counts[0...2]`.
void pal_tally_row(const uint8_t *rgb, size_t width, uint8_t *luminance, int32_t *packed,
                   const pal_tally_limits *limits, int32_t *counts);

/// Pillow's fixed-point horizontal resampling of one band of PAL_BAND_ROWS rows: output column
/// o of each row is `clip8((2^(precision_bits - 1) + Σ weights[offset[o] + t] · pixel[first[o] + t])
/// >> precision_bits)` over its `count[o]` taps, written at `out[o * PAL_BAND_ROWS + lane]`.
void pal_resample_band(const uint8_t *band, size_t outputs, const intptr_t *first, const intptr_t *count,
                       const intptr_t *offset, const int32_t *weights, int precision_bits, uint8_t *out);

/// Pillow's fixed-point vertical resampling: `source` holds rows `first_row...` of `width`
/// bytes; output row o of `target` sums rows `first[o] ..< first[o] + count[o]` as above.
void pal_resample_columns(const uint8_t *source, size_t width, intptr_t first_row, size_t outputs,
                          const intptr_t *first, const intptr_t *count, const intptr_t *offset,
                          const int32_t *weights, int precision_bits, uint8_t *target);

/// The direction of the gradient (`x`, `y`): `atan2(y, x)` mapped to 0…2π by a polynomial
/// (error below 2.5e-4 radian), as pal_gradient_row computes it.
float pal_gradient_direction(float y, float x);

/// The gradient of a float plane's row `here` by central differences, for columns
/// `1 ..< width - 1`: `magnitude[x]` its length, `angle[x]` its direction (as
/// pal_gradient_direction), with x along the row and y from `above` to `below`.
void pal_gradient_row(const float *above, const float *here, const float *below, size_t width, float *magnitude,
                      float *angle);

/// `out[i] = weights[0] · R + weights[1] · G + weights[2] · B` of RGB pixel i, for `count` pixels.
void pal_luma(const uint8_t *rgb, size_t count, const float *weights, float *out);

/// Sets glibc's malloc to serve blocks up to `mmap_threshold` bytes from the heap (instead of
/// mapping each afresh) and to trim the heap only when more than `trim_threshold` bytes are
/// free. Returns 1 when both were set, 0 elsewhere than glibc or when glibc refused a value.
int pal_keep_freed_memory(int mmap_threshold, int trim_threshold);

/// Hands the heap's free memory back to the system (glibc's `malloc_trim(0)`), for measuring
/// what a process holds. Returns 1 when memory was released, 0 otherwise or elsewhere than glibc.
int pal_return_freed_memory(void);

#endif
