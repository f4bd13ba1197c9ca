// Allocator settings for processes that analyze many images. See CPalimpsestKernels.h.
#include "CPalimpsestKernels.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int pal_keep_freed_memory(int mmap_threshold, int trim_threshold) {
#if defined(__GLIBC__)
    return mallopt(M_MMAP_THRESHOLD, mmap_threshold) && mallopt(M_TRIM_THRESHOLD, trim_threshold);
#else
    (void)mmap_threshold;
    (void)trim_threshold;
    return 0;
#endif
}

int pal_return_freed_memory(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}
