// Nearest stored codes by Hamming distance over inverted lists: each query code is compared
// with the members of the lists whose centroids are nearest it, list by list, so that a list's
// members stay in cache while every query code probing it is compared with them. See
// CPalimpsestKernels.h.
#include "CPalimpsestKernels.h"

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

// Each query's `probes` lists, in list order: those whose centroids are nearest it, lower lists
// first among equals.
static inline __attribute__((always_inline)) void choose(const pal_code_lists *lists, const pal_codes *queries,
                                                         int probes, int32_t *chosen, uint8_t *distances) {
    int count = lists->list_count;
    for (int k = 0; k < queries->count; k++) {
        const uint64_t *q = queries->words + 2 * (size_t)k;
        int histogram[129] = {0};
        for (int c = 0; c < count; c++) {
            distances[c] = (uint8_t)distance(lists->centroids + 2 * (size_t)c, q[0], q[1]);
            histogram[distances[c]]++;
        }
        // The least distance `limit` within which `probes` centroids lie; those at `limit`
        // fill the places left, lower lists first.
        int limit = 0, below = 0;
        while (below + histogram[limit] < probes) below += histogram[limit++];
        int32_t *out = chosen + (size_t)k * probes;
        int taken = 0, at_limit = probes - below;
        for (int c = 0; c < count; c++) {
            if (distances[c] < limit || (distances[c] == limit && at_limit-- > 0)) out[taken++] = c;
        }
    }
}

static inline __attribute__((always_inline)) void scan(const pal_code_lists *lists, const int32_t *owners,
                                                       const pal_codes *queries, int probes, int cutoff,
                                                       pal_nearest *state, int32_t *chosen, int32_t *starts,
                                                       int32_t *probing, uint8_t *distances) {
    int count = lists->list_count;
    if (probes < count) {
        choose(lists, queries, probes, chosen, distances);
    } else {
        probes = count;
        for (int k = 0; k < queries->count; k++) {
            for (int c = 0; c < count; c++) chosen[(size_t)k * probes + c] = c;
        }
    }
    // The queries probing each list, in query order.
    for (int c = 0; c <= count; c++) starts[c] = 0;
    for (size_t j = 0; j < (size_t)queries->count * probes; j++) starts[chosen[j] + 1]++;
    for (int c = 0; c < count; c++) starts[c + 1] += starts[c];
    for (int k = 0; k < queries->count; k++) {
        for (int p = 0; p < probes; p++) probing[starts[chosen[(size_t)k * probes + p]]++] = k;
    }
    for (int c = count; c > 0; c--) starts[c] = starts[c - 1];
    starts[0] = 0;
    for (int c = 0; c < count; c++) {
        const int32_t first = lists->list_starts[c], end = lists->list_starts[c + 1];
        for (int32_t j = starts[c]; j < starts[c + 1]; j++) {
            int32_t k = probing[j];
            pal_nearest *s = state + k;
            uint64_t low = queries->words[2 * (size_t)k], high = queries->words[2 * (size_t)k + 1];
            int bound = s->other_distance < cutoff ? s->other_distance : cutoff;
            for (int32_t m = first; m < end; m++) {
                int d = distance(lists->members + 2 * (size_t)m, low, high);
                if (d < bound) {
                    update(s, d, lists->positions[m], owners[lists->positions[m]], owners);
                    bound = s->other_distance < cutoff ? s->other_distance : cutoff;
                }
            }
        }
    }
}

__attribute__((target("popcnt"))) static void scan_popcnt(const pal_code_lists *lists, const int32_t *owners,
                                                          const pal_codes *queries, int probes, int cutoff,
                                                          pal_nearest *state, int32_t *chosen, int32_t *starts,
                                                          int32_t *probing, uint8_t *distances) {
    scan(lists, owners, queries, probes, cutoff, state, chosen, starts, probing, distances);
}

static void scan_portable(const pal_code_lists *lists, const int32_t *owners, const pal_codes *queries, int probes,
                          int cutoff, pal_nearest *state, int32_t *chosen, int32_t *starts, int32_t *probing,
                          uint8_t *distances) {
    scan(lists, owners, queries, probes, cutoff, state, chosen, starts, probing, distances);
}

int pal_lists_nearest(const pal_code_lists *lists, const int32_t *owners, const pal_codes *queries, int probes,
                      int cutoff, pal_nearest *state) {
    int count = lists->list_count > 0 ? lists->list_count : 1;
    if (probes > count) probes = count;
    if (probes < 1) probes = 1;
    size_t slots = (size_t)(queries->count > 0 ? queries->count : 1) * probes;
    int32_t *chosen = malloc(sizeof(int32_t) * slots);
    int32_t *probing = malloc(sizeof(int32_t) * slots);
    int32_t *starts = malloc(sizeof(int32_t) * (count + 1));
    uint8_t *distances = malloc(count);
    int done = chosen != NULL && probing != NULL && starts != NULL && distances != NULL;
    if (done && lists->list_count > 0) {
        if (__builtin_cpu_supports("popcnt")) {
            scan_popcnt(lists, owners, queries, probes, cutoff, state, chosen, starts, probing, distances);
        } else {
            scan_portable(lists, owners, queries, probes, cutoff, state, chosen, starts, probing, distances);
        }
    }
    free(chosen);
    free(probing);
    free(starts);
    free(distances);
    return done;
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

__attribute__((target("popcnt"))) static void assign_popcnt(const pal_codes *codes, const pal_codes *centroids,
                                                            int32_t *assignment) {
    assign(codes, centroids, assignment);
}

static void assign_portable(const pal_codes *codes, const pal_codes *centroids, int32_t *assignment) {
    assign(codes, centroids, assignment);
}

void pal_nearest_centroids(const pal_codes *codes, const pal_codes *centroids, int32_t *assignment) {
    if (__builtin_cpu_supports("popcnt")) {
        assign_popcnt(codes, centroids, assignment);
    } else {
        assign_portable(codes, centroids, assignment);
    }
}
