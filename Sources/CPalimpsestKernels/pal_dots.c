// Dot products of byte descriptors, widened to 16 bits and multiplied pairwise into 32-bit
// sums (vpmaddwd: sixteen products per instruction). Every product and sum is an exact
// integer. See CPalimpsestKernels.h.
#include "pal_dispatch.h"

#if defined(__x86_64__)
#include <immintrin.h>

PAL_AVX2 static inline int32_t sum8(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
    return _mm_cvtsi128_si32(s);
}

PAL_AVX2 static void dots_avx2(const int16_t *query, const int16_t *rows, int count, int32_t *out) {
    const int chunks = PAL_DESCRIPTOR_LENGTH / 16;
    __m256i q[PAL_DESCRIPTOR_LENGTH / 16];
    for (int c = 0; c < chunks; c++) q[c] = _mm256_loadu_si256((const __m256i *)(query + 16 * c));
    int j = 0;
    for (; j + 4 <= count; j += 4) {
        const int16_t *r = rows + (size_t)j * PAL_DESCRIPTOR_LENGTH;
        __m256i s0 = _mm256_setzero_si256(), s1 = s0, s2 = s0, s3 = s0;
        for (int c = 0; c < chunks; c++) {
            s0 = _mm256_add_epi32(s0, _mm256_madd_epi16(q[c], _mm256_loadu_si256((const __m256i *)(r + 16 * c))));
            s1 = _mm256_add_epi32(s1, _mm256_madd_epi16(q[c], _mm256_loadu_si256((const __m256i *)(r + PAL_DESCRIPTOR_LENGTH + 16 * c))));
            s2 = _mm256_add_epi32(s2, _mm256_madd_epi16(q[c], _mm256_loadu_si256((const __m256i *)(r + 2 * PAL_DESCRIPTOR_LENGTH + 16 * c))));
            s3 = _mm256_add_epi32(s3, _mm256_madd_epi16(q[c], _mm256_loadu_si256((const __m256i *)(r + 3 * PAL_DESCRIPTOR_LENGTH + 16 * c))));
        }
        out[j] = sum8(s0);
        out[j + 1] = sum8(s1);
        out[j + 2] = sum8(s2);
        out[j + 3] = sum8(s3);
    }
    for (; j < count; j++) {
        const int16_t *r = rows + (size_t)j * PAL_DESCRIPTOR_LENGTH;
        __m256i s = _mm256_setzero_si256();
        for (int c = 0; c < chunks; c++) s = _mm256_add_epi32(s, _mm256_madd_epi16(q[c], _mm256_loadu_si256((const __m256i *)(r + 16 * c))));
        out[j] = sum8(s);
    }
}

#endif

static void dots_portable(const int16_t *query, const int16_t *rows, int count, int32_t *out) {
    for (int j = 0; j < count; j++) {
        const int16_t *r = rows + (size_t)j * PAL_DESCRIPTOR_LENGTH;
        int32_t sum = 0;
        for (int t = 0; t < PAL_DESCRIPTOR_LENGTH; t++) sum += (int32_t)query[t] * r[t];
        out[j] = sum;
    }
}

void pal_descriptor_nearest3(const int16_t *queries, const int32_t *query_norms, int query_count, const int16_t *rows,
                             const int32_t *row_norms, int row_count, int32_t *dots, int32_t *distances, int32_t *indices) {
#if defined(__x86_64__)
    void (*multiply)(const int16_t *, const int16_t *, int, int32_t *) = PAL_HAS("avx2") ? dots_avx2 : dots_portable;
#else
    void (*multiply)(const int16_t *, const int16_t *, int, int32_t *) = dots_portable;
#endif
    for (int i = 0; i < query_count; i++) {
        const int16_t *query = queries + (size_t)i * PAL_DESCRIPTOR_LENGTH;
        multiply(query, rows, row_count, dots);
        int32_t d0 = INT32_MAX, d1 = INT32_MAX, d2 = INT32_MAX, j0 = -1, j1 = -1, j2 = -1;
        for (int j = 0; j < row_count; j++) {
            int32_t d = query_norms[i] + row_norms[j] - 2 * dots[j];
            if (d >= d2) continue;
            if (d < d0) {
                d2 = d1, j2 = j1, d1 = d0, j1 = j0, d0 = d, j0 = j;
            } else if (d < d1) {
                d2 = d1, j2 = j1, d1 = d, j1 = j;
            } else {
                d2 = d, j2 = j;
            }
        }
        distances[3 * i] = d0, distances[3 * i + 1] = d1, distances[3 * i + 2] = d2;
        indices[3 * i] = j0, indices[3 * i + 1] = j1, indices[3 * i + 2] = j2;
    }
}
