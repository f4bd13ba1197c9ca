// How the kernels choose between their versions: the one for the widest instructions this
// processor has, once its features are known (at start-up, by the compiler's runtime), unless
// pal_kernels_use_portable asked for the portable versions.
#ifndef PAL_DISPATCH_H
#define PAL_DISPATCH_H

#include "CPalimpsestKernels.h"

/// Set by pal_kernels_use_portable.
extern int pal_portable_only;

#if defined(__x86_64__)
/// Marks a function compiled for processors with POPCNT.
#define PAL_POPCNT __attribute__((target("popcnt")))
/// Marks a function compiled for processors with AVX2.
#define PAL_AVX2 __attribute__((target("avx2")))
/// Whether the processor has `feature` (a name `__builtin_cpu_supports` knows) and the wider
/// versions are allowed.
#define PAL_HAS(feature) (!pal_portable_only && __builtin_cpu_supports(feature))
#else
#define PAL_POPCNT
#define PAL_AVX2
#define PAL_HAS(feature) 0
#endif

#endif
