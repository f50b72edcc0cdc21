#include "cli/allocator.h"

#include <cstdlib>

#if CLAWFORM_MIMALLOC
#include <mimalloc.h>
#elif defined(__GLIBC__)
#include <malloc.h>
#endif

namespace clawform::cli {

void configure_allocator() {
#if CLAWFORM_MIMALLOC
  mi_option_enable(mi_option_large_os_pages);
#endif
}

void release_free_memory() {
#if CLAWFORM_MIMALLOC
  mi_collect(true);
#elif defined(__GLIBC__)
  ::malloc_trim(0);
#endif
}

}  // namespace clawform::cli
