#pragma once
// The process's memory allocator. clawform builds large graphs of small
// objects (a 10,000-project plan makes ~5 million allocations), so it links
// mimalloc in place of the C library's malloc where the build has it
// (CLAWFORM_MIMALLOC) and backs the heap with 2 MiB pages: the core's time
// then grows linearly with the fleet instead of with its TLB misses
// (docs/performance.md).

namespace clawform::cli {

// Call first thing in main(): later allocations use large OS pages where the
// kernel offers them (transparent huge pages), else ordinary ones.
void configure_allocator();

// Returns freed memory to the OS (mimalloc's collect; glibc's malloc_trim).
void release_free_memory();

}  // namespace clawform::cli
