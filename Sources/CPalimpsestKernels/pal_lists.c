// Nearest stored codes by Hamming distance over inverted lists: each query code is compared
// with the members of the lists whose centroids are nearest it, list by list, so that a list's
// members stay in cache while every query code probing it is compared with them. See
// CPalimpsestKernels.h.
#include "pal_dispatch.h"

#include <stdlib.h>

static inline int distance(const uint64_t *a, uint64_t low, uint64_t high) {
    return __builtin_popcountll(a[0] ^ low) + __builtin_popcountll(a[1] ^ high);
}

// Records stored code i (of reference `owner`), at distance d below the query's second-best
// distance, in its state: the nearest code (the lower position among equals of one reference)
// and the nearest distance of another reference.
static inline void update(pal_nearest *s, int32_t d, int32_t i, int32_t owner, const int32_t *owners) {
    int32_t first_owner = s->first >= 0 ? owners[s->first] : -1;
    if (d < s->distance || (d == s->distance && owner == first_owner && i < s->first)) {
        if (owner != first_owner) s->other_distance = s->distance;
        s->distance = d;
        s->first = i;
    } else if (owner != first_owner) {
        s->other_distance = d;
    }
}

// Writes the distances of query code `q` to the `count` centroids at `centroids` into
// `distances`.
typedef void (*centroid_distances_fn)(const uint64_t *centroids, int count, const uint64_t *q, uint8_t *distances);

// Compares the query code (`low`, `high`) of `s` with the members `first ..< end` in order,
// recording those nearer than its bound.
typedef void (*list_scan_fn)(const pal_code_lists *lists, const int32_t *owners, int32_t first, int32_t end,
                             uint64_t low, uint64_t high, int cutoff, pal_nearest *s);

// Scratch memory for choosing one code's lists.
typedef struct {
    uint8_t *distances;   // One per list or group, whichever are more.
    int32_t *groups;      // One per probed group.
    int32_t *candidates;  // One per list of the probed groups, at most.
} choice_scratch;

// The `want` nearest of `count` candidates at `distances` (whose ids are `ids`, ascending, or
// 0 ..< count when `ids` is NULL), lower ids first among equals, written in id order to `out`,
// and -1 in the places left when there are fewer than `want`. Returns how many were written.
static inline int nearest_of(const int32_t *ids, const uint8_t *distances, int count, int want, int32_t *out) {
    if (want >= count) {
        for (int c = 0; c < count; c++) out[c] = ids ? ids[c] : c;
        for (int c = count; c < want; c++) out[c] = -1;
        return count;
    }
    int histogram[129] = {0};
    for (int c = 0; c < count; c++) histogram[distances[c]]++;
    // The least distance `limit` within which `want` candidates lie; those at `limit` fill the
    // places left, lower ids first.
    int limit = 0, below = 0;
    while (below + histogram[limit] < want) below += histogram[limit++];
    int taken = 0, at_limit = want - below;
    for (int c = 0; c < count; c++) {
        if (distances[c] < limit || (distances[c] == limit && at_limit-- > 0)) out[taken++] = ids ? ids[c] : c;
    }
    return taken;
}

// The `want` lists whose centroids are nearest code `q`, in list order, lower lists first
// among equals, into `out` (-1 where there are fewer): among every list, or, when the lists
// are grouped, among the lists of the `group_probes` groups whose centroids are nearest it.
static inline __attribute__((always_inline)) int choose_lists(const pal_code_lists *lists, const uint64_t *q, int want,
                                                              int32_t *out, choice_scratch *scratch,
                                                              centroid_distances_fn measure) {
    if (lists->group_count <= 0) {
        if (want < lists->list_count) measure(lists->centroids, lists->list_count, q, scratch->distances);
        return nearest_of(NULL, scratch->distances, lists->list_count, want, out);
    }
    measure(lists->group_centroids, lists->group_count, q, scratch->distances);
    int groups = nearest_of(NULL, scratch->distances, lists->group_count, lists->group_probes, scratch->groups);
    int n = 0;
    for (int i = 0; i < groups; i++) {
        int32_t first = lists->group_starts[scratch->groups[i]], end = lists->group_starts[scratch->groups[i] + 1];
        measure(lists->centroids + 2 * (size_t)first, end - first, q, scratch->distances + n);
        for (int32_t c = first; c < end; c++) scratch->candidates[n++] = c;
    }
    return nearest_of(scratch->candidates, scratch->distances, n, want, out);
}

// Each query's `probes` lists (see `choose_lists`).
static inline __attribute__((always_inline)) void choose(const pal_code_lists *lists, const pal_codes *queries,
                                                         int probes, int32_t *chosen, choice_scratch *scratch,
                                                         centroid_distances_fn measure) {
    for (int k = 0; k < queries->count; k++) {
        choose_lists(lists, queries->words + 2 * (size_t)k, probes, chosen + (size_t)k * probes, scratch, measure);
    }
}

// Sets `probing[starts[c] ..< starts[c + 1]]` to the queries probing list c, in query order,
// from each query's `chosen` lists.
static inline __attribute__((always_inline)) void bucket(const pal_code_lists *lists, const pal_codes *queries,
                                                         int probes, const int32_t *chosen, int32_t *starts,
                                                         int32_t *probing) {
    int count = lists->list_count;
    for (int c = 0; c <= count; c++) starts[c] = 0;
    for (size_t j = 0; j < (size_t)queries->count * probes; j++) {
        if (chosen[j] >= 0) starts[chosen[j] + 1]++;
    }
    for (int c = 0; c < count; c++) starts[c + 1] += starts[c];
    for (int k = 0; k < queries->count; k++) {
        for (int p = 0; p < probes; p++) {
            int32_t c = chosen[(size_t)k * probes + p];
            if (c >= 0) probing[starts[c]++] = k;
        }
    }
    for (int c = count; c > 0; c--) starts[c] = starts[c - 1];
    starts[0] = 0;
}

// Compares every query code with the members of its `chosen` lists, list by list, so that a
// list's members stay in cache while every query code probing it is compared with them.
static inline __attribute__((always_inline)) void scan(const pal_code_lists *lists, const int32_t *owners,
                                                       const pal_codes *queries, int probes, int cutoff,
                                                       pal_nearest *state, const int32_t *chosen, int32_t *starts,
                                                       int32_t *probing, list_scan_fn scan_list) {
    bucket(lists, queries, probes, chosen, starts, probing);
    for (int c = 0; c < lists->list_count; c++) {
        for (int32_t j = starts[c]; j < starts[c + 1]; j++) {
            int32_t k = probing[j];
            scan_list(lists, owners, lists->list_starts[c], lists->list_starts[c + 1], queries->words[2 * (size_t)k],
                      queries->words[2 * (size_t)k + 1], cutoff, state + k);
        }
    }
}

// Compares stored code m with the query code of `s` and records it when nearer than `*bound`.
static inline __attribute__((always_inline)) void visit(const pal_code_lists *lists, const int32_t *owners,
                                                        int32_t m, uint64_t low, uint64_t high, int cutoff,
                                                        pal_nearest *s, int *bound) {
    int d = distance(lists->members + 2 * (size_t)m, low, high);
    if (d < *bound) {
        update(s, d, lists->positions[m], owners[lists->positions[m]], owners);
        *bound = s->other_distance < cutoff ? s->other_distance : cutoff;
    }
}

static inline __attribute__((always_inline)) void centroid_distances(const uint64_t *centroids, int count,
                                                                     const uint64_t *q, uint8_t *distances) {
    for (int c = 0; c < count; c++) distances[c] = (uint8_t)distance(centroids + 2 * (size_t)c, q[0], q[1]);
}

static inline __attribute__((always_inline)) void scan_members(const pal_code_lists *lists, const int32_t *owners,
                                                               int32_t first, int32_t end, uint64_t low, uint64_t high,
                                                               int cutoff, pal_nearest *s) {
    int bound = s->other_distance < cutoff ? s->other_distance : cutoff;
    for (int32_t m = first; m < end; m++) visit(lists, owners, m, low, high, cutoff, s, &bound);
}

PAL_POPCNT static void centroid_distances_popcnt(const uint64_t *centroids, int count, const uint64_t *q,
                                                 uint8_t *distances) {
    centroid_distances(centroids, count, q, distances);
}

PAL_POPCNT static void scan_members_popcnt(const pal_code_lists *lists, const int32_t *owners,
                                                                  int32_t first, int32_t end, uint64_t low,
                                                                  uint64_t high, int cutoff, pal_nearest *s) {
    scan_members(lists, owners, first, end, low, high, cutoff, s);
}

static void centroid_distances_portable(const uint64_t *centroids, int count, const uint64_t *q, uint8_t *distances) {
    centroid_distances(centroids, count, q, distances);
}

static void scan_members_portable(const pal_code_lists *lists, const int32_t *owners, int32_t first, int32_t end,
                                  uint64_t low, uint64_t high, int cutoff, pal_nearest *s) {
    scan_members(lists, owners, first, end, low, high, cutoff, s);
}

#if defined(__x86_64__)
#include <immintrin.h>

#define PAL_WIDE __attribute__((target("popcnt,avx512f,avx512vpopcntdq")))

// The distances of the query code (`low`, `high` in every 128-bit lane of `query`) to the four
// codes at `codes`, each in both 64-bit halves of its lane.
static inline PAL_WIDE __attribute__((always_inline)) __m512i distances4(const uint64_t *codes, __m512i query) {
    __m512i counts = _mm512_popcnt_epi64(_mm512_xor_si512(_mm512_loadu_si512(codes), query));
    return _mm512_add_epi64(counts, _mm512_shuffle_epi32(counts, _MM_PERM_BADC));
}

PAL_WIDE static void centroid_distances_wide(const uint64_t *centroids, int count, const uint64_t *q,
                                             uint8_t *distances) {
    __m512i query = _mm512_set_epi64(q[1], q[0], q[1], q[0], q[1], q[0], q[1], q[0]);
    int c = 0;
    for (; c + 4 <= count; c += 4) {
        __m512i once = _mm512_maskz_compress_epi64(0x55, distances4(centroids + 2 * (size_t)c, query));
        uint32_t packed = (uint32_t)_mm_cvtsi128_si32(_mm512_cvtepi64_epi8(once));
        __builtin_memcpy(distances + c, &packed, 4);
    }
    for (; c < count; c++) distances[c] = (uint8_t)distance(centroids + 2 * (size_t)c, q[0], q[1]);
}

// Four members at a time: those of a block nearer than the bound at its start (which only
// falls) are visited in order, exactly as one by one.
PAL_WIDE static void scan_members_wide(const pal_code_lists *lists, const int32_t *owners, int32_t first,
                                       int32_t end, uint64_t low, uint64_t high, int cutoff, pal_nearest *s) {
    __m512i query = _mm512_set_epi64(high, low, high, low, high, low, high, low);
    int bound = s->other_distance < cutoff ? s->other_distance : cutoff;
    int32_t m = first;
    for (; m + 4 <= end; m += 4) {
        __mmask8 near = _mm512_cmplt_epi64_mask(distances4(lists->members + 2 * (size_t)m, query),
                                                _mm512_set1_epi64(bound)) & 0x55;
        for (; near; near &= near - 1) visit(lists, owners, m + __builtin_ctz(near) / 2, low, high, cutoff, s, &bound);
    }
    for (; m < end; m++) visit(lists, owners, m, low, high, cutoff, s, &bound);
}

PAL_WIDE static void scan_wide(const pal_code_lists *lists, const int32_t *owners, const pal_codes *queries,
                               int probes, int cutoff, pal_nearest *state, int32_t *chosen, int32_t *starts,
                               int32_t *probing, choice_scratch *scratch) {
    choose(lists, queries, probes, chosen, scratch, centroid_distances_wide);
    scan(lists, owners, queries, probes, cutoff, state, chosen, starts, probing, scan_members_wide);
}
#endif

PAL_POPCNT static void scan_popcnt(const pal_code_lists *lists, const int32_t *owners,
                                                          const pal_codes *queries, int probes, int cutoff,
                                                          pal_nearest *state, int32_t *chosen, int32_t *starts,
                                                          int32_t *probing, choice_scratch *scratch) {
    choose(lists, queries, probes, chosen, scratch, centroid_distances_popcnt);
    scan(lists, owners, queries, probes, cutoff, state, chosen, starts, probing, scan_members_popcnt);
}

static void scan_portable(const pal_code_lists *lists, const int32_t *owners, const pal_codes *queries, int probes,
                          int cutoff, pal_nearest *state, int32_t *chosen, int32_t *starts, int32_t *probing,
                          choice_scratch *scratch) {
    choose(lists, queries, probes, chosen, scratch, centroid_distances_portable);
    scan(lists, owners, queries, probes, cutoff, state, chosen, starts, probing, scan_members_portable);
}

int pal_lists_compare_four_at_once(void) {
#if defined(__x86_64__)
    return PAL_HAS("avx512f") && PAL_HAS("avx512vpopcntdq");
#else
    return 0;
#endif
}

// Scratch for choosing lists in `lists`: 1 on success, 0 (nothing held) when memory could not
// be had.
static int make_scratch(const pal_code_lists *lists, choice_scratch *scratch) {
    int most = lists->list_count > lists->group_count ? lists->list_count : lists->group_count;
    size_t candidates = 1;
    int group_probes = lists->group_probes > 0 ? lists->group_probes : 1;
    if (lists->group_count > 0) {
        // The most lists `group_probes` groups can hold: those of the largest groups.
        int largest = 0;
        for (int g = 0; g < lists->group_count; g++) {
            int size = lists->group_starts[g + 1] - lists->group_starts[g];
            if (size > largest) largest = size;
        }
        candidates = (size_t)largest * group_probes;
        if (candidates > (size_t)lists->list_count) candidates = lists->list_count;
    }
    scratch->distances = malloc(most > 0 ? (size_t)most : 1);
    scratch->groups = malloc(sizeof(int32_t) * group_probes);
    scratch->candidates = malloc(sizeof(int32_t) * (candidates > 0 ? candidates : 1));
    if (scratch->distances && scratch->groups && scratch->candidates) return 1;
    free(scratch->distances);
    free(scratch->groups);
    free(scratch->candidates);
    return 0;
}

static void free_scratch(choice_scratch *scratch) {
    free(scratch->distances);
    free(scratch->groups);
    free(scratch->candidates);
}

int pal_lists_nearest(const pal_code_lists *lists, const int32_t *owners, const pal_codes *queries, int probes,
                      int cutoff, pal_nearest *state, pal_compare compare) {
    int count = lists->list_count > 0 ? lists->list_count : 1;
    if (probes > count) probes = count;
    if (probes < 1) probes = 1;
    size_t slots = (size_t)(queries->count > 0 ? queries->count : 1) * probes;
    int32_t *chosen = malloc(sizeof(int32_t) * slots);
    int32_t *probing = malloc(sizeof(int32_t) * slots);
    int32_t *starts = malloc(sizeof(int32_t) * (count + 1));
    choice_scratch scratch;
    int has_scratch = make_scratch(lists, &scratch);
    int done = chosen != NULL && probing != NULL && starts != NULL && has_scratch;
    if (done && lists->list_count > 0) {
#if defined(__x86_64__)
        if (compare == PAL_COMPARE_FASTEST && pal_lists_compare_four_at_once()) {
            scan_wide(lists, owners, queries, probes, cutoff, state, chosen, starts, probing, &scratch);
        } else
#else
        (void)compare;
#endif
        if (PAL_HAS("popcnt")) {
            scan_popcnt(lists, owners, queries, probes, cutoff, state, chosen, starts, probing, &scratch);
        } else {
            scan_portable(lists, owners, queries, probes, cutoff, state, chosen, starts, probing, &scratch);
        }
    }
    free(chosen);
    free(probing);
    free(starts);
    if (has_scratch) free_scratch(&scratch);
    return done;
}

// The nearest list of each code (see `pal_nearest_lists`).
static inline __attribute__((always_inline)) void assign_lists(const pal_code_lists *lists, const pal_codes *codes,
                                                               int32_t *assignment, choice_scratch *scratch,
                                                               centroid_distances_fn measure) {
    for (int i = 0; i < codes->count; i++) {
        int32_t nearest = 0;
        choose_lists(lists, codes->words + 2 * (size_t)i, 1, &nearest, scratch, measure);
        assignment[i] = nearest > 0 ? nearest : 0;
    }
}

PAL_POPCNT static void assign_lists_popcnt(const pal_code_lists *lists, const pal_codes *codes, int32_t *assignment,
                                           choice_scratch *scratch) {
    assign_lists(lists, codes, assignment, scratch, centroid_distances_popcnt);
}

static void assign_lists_portable(const pal_code_lists *lists, const pal_codes *codes, int32_t *assignment,
                                  choice_scratch *scratch) {
    assign_lists(lists, codes, assignment, scratch, centroid_distances_portable);
}

int pal_nearest_lists(const pal_code_lists *lists, const pal_codes *codes, int32_t *assignment) {
    choice_scratch scratch;
    if (!make_scratch(lists, &scratch)) return 0;
    if (PAL_HAS("popcnt")) {
        assign_lists_popcnt(lists, codes, assignment, &scratch);
    } else {
        assign_lists_portable(lists, codes, assignment, &scratch);
    }
    free_scratch(&scratch);
    return 1;
}

static inline __attribute__((always_inline)) void assign(const pal_codes *codes, const pal_codes *centroids,
                                                         int32_t *assignment) {
    for (int i = 0; i < codes->count; i++) {
        const uint64_t *code = codes->words + 2 * (size_t)i;
        int best = 129, nearest = 0;
        for (int c = 0; c < centroids->count; c++) {
            int d = distance(centroids->words + 2 * (size_t)c, code[0], code[1]);
            if (d < best) {
                best = d;
                nearest = c;
            }
        }
        assignment[i] = nearest;
    }
}

PAL_POPCNT static void assign_popcnt(const pal_codes *codes, const pal_codes *centroids,
                                                            int32_t *assignment) {
    assign(codes, centroids, assignment);
}

static void assign_portable(const pal_codes *codes, const pal_codes *centroids, int32_t *assignment) {
    assign(codes, centroids, assignment);
}

void pal_nearest_centroids(const pal_codes *codes, const pal_codes *centroids, int32_t *assignment) {
    if (PAL_HAS("popcnt")) {
        assign_popcnt(codes, centroids, assignment);
    } else {
        assign_portable(codes, centroids, assignment);
    }
}

// The hits found so far, in a buffer grown as needed.
typedef struct {
    pal_hit *hits;
    size_t count;
    size_t capacity;
    int failed;
} hit_buffer;

static inline void keep(hit_buffer *out, int32_t query, int32_t position, int32_t d) {
    if (out->count == out->capacity) {
        size_t capacity = out->capacity ? 2 * out->capacity : 1024;
        pal_hit *grown = realloc(out->hits, sizeof(pal_hit) * capacity);
        if (!grown) {
            out->failed = 1;
            return;
        }
        out->hits = grown;
        out->capacity = capacity;
    }
    out->hits[out->count++] = (pal_hit){query, position, d};
}

// Every member `first ..< end` within `radius` of query code k (`low`, `high`), into `out`.
typedef void (*within_fn)(const pal_code_lists *lists, int32_t first, int32_t end, int32_t k, uint64_t low,
                          uint64_t high, int radius, hit_buffer *out);

static inline __attribute__((always_inline)) void within_members(const pal_code_lists *lists, int32_t first,
                                                                 int32_t end, int32_t k, uint64_t low, uint64_t high,
                                                                 int radius, hit_buffer *out) {
    for (int32_t m = first; m < end; m++) {
        int d = distance(lists->members + 2 * (size_t)m, low, high);
        if (d <= radius) keep(out, k, lists->positions[m], d);
    }
}

PAL_POPCNT static void within_members_popcnt(const pal_code_lists *lists, int32_t first, int32_t end, int32_t k,
                                             uint64_t low, uint64_t high, int radius, hit_buffer *out) {
    within_members(lists, first, end, k, low, high, radius, out);
}

static void within_members_portable(const pal_code_lists *lists, int32_t first, int32_t end, int32_t k, uint64_t low,
                                    uint64_t high, int radius, hit_buffer *out) {
    within_members(lists, first, end, k, low, high, radius, out);
}

static inline __attribute__((always_inline)) void scan_within(const pal_code_lists *lists, const pal_codes *queries,
                                                              int probes, const int32_t *radii, int32_t *chosen,
                                                              int32_t *starts, int32_t *probing,
                                                              choice_scratch *scratch, centroid_distances_fn measure,
                                                              within_fn within, hit_buffer *out) {
    choose(lists, queries, probes, chosen, scratch, measure);
    bucket(lists, queries, probes, chosen, starts, probing);
    for (int c = 0; c < lists->list_count && !out->failed; c++) {
        for (int32_t j = starts[c]; j < starts[c + 1]; j++) {
            int32_t k = probing[j];
            if (radii[k] < 0) continue;
            within(lists, lists->list_starts[c], lists->list_starts[c + 1], k, queries->words[2 * (size_t)k],
                   queries->words[2 * (size_t)k + 1], radii[k], out);
        }
    }
}

PAL_POPCNT static void scan_within_popcnt(const pal_code_lists *lists, const pal_codes *queries, int probes,
                                          const int32_t *radii, int32_t *chosen, int32_t *starts, int32_t *probing,
                                          choice_scratch *scratch, hit_buffer *out) {
    scan_within(lists, queries, probes, radii, chosen, starts, probing, scratch, centroid_distances_popcnt,
                within_members_popcnt, out);
}

static void scan_within_portable(const pal_code_lists *lists, const pal_codes *queries, int probes,
                                 const int32_t *radii, int32_t *chosen, int32_t *starts, int32_t *probing,
                                 choice_scratch *scratch, hit_buffer *out) {
    scan_within(lists, queries, probes, radii, chosen, starts, probing, scratch, centroid_distances_portable,
                within_members_portable, out);
}

int pal_lists_within(const pal_code_lists *lists, const pal_codes *queries, int probes, const int32_t *radii,
                     pal_hit **hits, size_t *count) {
    *hits = NULL;
    *count = 0;
    int lists_count = lists->list_count > 0 ? lists->list_count : 1;
    if (probes > lists_count) probes = lists_count;
    if (probes < 1) probes = 1;
    size_t slots = (size_t)(queries->count > 0 ? queries->count : 1) * probes;
    int32_t *chosen = malloc(sizeof(int32_t) * slots);
    int32_t *probing = malloc(sizeof(int32_t) * slots);
    int32_t *starts = malloc(sizeof(int32_t) * (lists_count + 1));
    choice_scratch scratch;
    int has_scratch = make_scratch(lists, &scratch);
    hit_buffer out = {NULL, 0, 0, 0};
    int done = chosen != NULL && probing != NULL && starts != NULL && has_scratch;
    if (done && lists->list_count > 0) {
        if (PAL_HAS("popcnt")) {
            scan_within_popcnt(lists, queries, probes, radii, chosen, starts, probing, &scratch, &out);
        } else {
            scan_within_portable(lists, queries, probes, radii, chosen, starts, probing, &scratch, &out);
        }
        done = !out.failed;
    }
    free(chosen);
    free(probing);
    free(starts);
    if (has_scratch) free_scratch(&scratch);
    if (!done) {
        free(out.hits);
        return 0;
    }
    *hits = out.hits;
    *count = out.count;
    return 1;
}
