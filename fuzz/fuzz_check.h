#pragma once
// What a fuzz target asserts beyond "no crash": FUZZ_REQUIRE(cond, what)
// prints the broken property and aborts, which libFuzzer records as a crash
// (with the input saved) and the replay test as a failure. Active in every
// build type (unlike assert).

#include <cstdio>
#include <cstdlib>

#define FUZZ_REQUIRE(cond, what)                                                           \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "%s:%d: FUZZ_REQUIRE(%s) failed: %s\n", __FILE__, __LINE__, #cond, \
                   what);                                                                  \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)
