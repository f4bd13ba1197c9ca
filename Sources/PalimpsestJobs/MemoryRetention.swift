import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch
import CPalimpsestKernels

/// Process-wide allocator settings for the commands that analyze many images in one process.
public enum MemoryRetention {
    /// Keeps memory that analysis frees in the process, for the next image, instead of handing
    /// it back to the system.
    ///
    /// Analyzing an image allocates and frees tens of megabytes of planes (scale spaces,
    /// gradients, descriptors). By default glibc maps blocks above a few hundred kilobytes
    /// afresh and unmaps them when freed, and trims the heap's top, so every image faulted the
    /// same pages in again, a large share of a check's page faults and a noticeable share of
    /// its CPU time. The process keeps its peak instead:
    /// blocks up to 32 MB (glibc's most) come from the heap, which is trimmed only above 1 GB
    /// free. Call it once, at start; elsewhere than glibc it does nothing.
    public static func keepFreedMemory() {
        _ = pal_keep_freed_memory(32 << 20, 1 << 30)
    }

    /// Hands the memory freed so far back to the system, so that what is resident is what the
    /// process holds (for measuring it); elsewhere than glibc it does nothing.
    public static func returnFreedMemory() {
        _ = pal_return_freed_memory()
    }
}
