# The two commands of the README: `make demo` and `make test`.
BUILD ?= build
JOBS  ?= $(shell nproc)
# Warnings are errors in CI (.ci/run sets -DCLAWFORM_WERROR=ON), not for
# everyone who runs make with another compiler.
CMAKE_FLAGS ?=
# ccache (CMakeLists.txt uses it when installed) keyed on paths relative to
# the clone, so that a fresh clone's build hits what another clone compiled;
# the debug info of such a hit names the other clone's source paths.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
# The tests that run the real openclaw (and start real gateways): left out
# of `make check`, the fast inner loop.
REAL_TESTS = real openclaw|real gateway|^cli\.(plan|apply|gateway|ports)

# The sanitizer build (ASan + UBSan, CMakeLists.txt CLAWFORM_SANITIZE): the
# test binary, the CLI and the fuzz replays (not bench/), in a build dir of
# its own; `make sanitize` runs the tests `make check` runs under it, and
# `make test` runs them last.
SAN_BUILD ?= build-asan
SAN_TARGETS = clawform_tests clawform fuzz_replays
# Leaks fail the test; a sanitizer finding stops the process at once with
# its stack (no recovery). No suppressions.
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:strict_string_checks=1:check_initialization_order=1 \
          UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.PHONY: all setup configure build test check sanitize sanitize-build demo bench fuzz clean

all: build

setup:
	@scripts/setup
	@scripts/install-openclaw > /dev/null

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

configure: setup $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# Every test, then the sanitizer run of the fast ones. The sanitizer build
# compiles at nice 19 while the tests run (they wait on gateways and leave
# CPU idle; ccache makes it a cache hit when nothing changed), in its own
# session so that a failed run can stop it; its log is $(SAN_BUILD)/build.log.
# A session of its own is a scheduling group of its own where the kernel
# groups sessions (sched_autogroup, on in Debian's kernels), and nice only
# ranks processes within their group: the group itself is given nice 19 too
# (/proc/self/autogroup), else the "nice" build takes a full share of the
# CPU from the real tests (seen: every real test 2-3x slower while a cold
# sanitizer build ran beside it).
# When the tests are done, what it has not built yet is built at normal
# priority: the nice build is stopped (ninja removes what it cut short) and
# the build runs on from there. On a machine busy with other work a nice-19
# build would barely move.
test: build $(SAN_BUILD)/build.ninja
	@setsid sh -c 'echo 19 > /proc/self/autogroup 2>/dev/null; exec nice -n 19 "$$@"' sh \
	  cmake --build $(SAN_BUILD) -j $(JOBS) --target $(SAN_TARGETS) > $(SAN_BUILD)/build.log 2>&1 & san=$$!; \
	  (cd $(BUILD) && ctest --output-on-failure -j $(JOBS)); tests=$$?; \
	  kill -- -$$san 2>/dev/null; wait $$san; \
	  if [ $$tests -ne 0 ]; then exit $$tests; fi; \
	  cmake --build $(SAN_BUILD) -j $(JOBS) --target $(SAN_TARGETS) >> $(SAN_BUILD)/build.log 2>&1 || \
	    { tail -40 $(SAN_BUILD)/build.log; echo "make test: the sanitizer build failed"; exit 1; }
	cd $(SAN_BUILD) && $(SAN_ENV) ctest --output-on-failure -j $(JOBS) -E '$(REAL_TESTS)'

$(SAN_BUILD)/build.ninja:
	cmake -S . -B $(SAN_BUILD) -G Ninja -DCLAWFORM_SANITIZE=ON $(CMAKE_FLAGS)

sanitize: sanitize-build
	cd $(SAN_BUILD) && $(SAN_ENV) ctest --output-on-failure -j $(JOBS) -E '$(REAL_TESTS)'

sanitize-build: setup $(SAN_BUILD)/build.ninja
	cmake --build $(SAN_BUILD) -j $(JOBS) --target $(SAN_TARGETS)

# Unit, golden and fault tests without real openclaw: seconds, not minutes.
check: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -E '$(REAL_TESTS)'

demo: build
	scripts/demo $(BUILD)/cli/clawform

bench: build
	@scripts/install-openclaw > /dev/null
	bench/run $(BUILD)

# libFuzzer over every parser of outside input (fuzz/README.md): clang, its
# own build dir, FUZZ_SECONDS per target; fails on a crash, leak or timeout.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/setup
	scripts/fuzz $(FUZZ_BUILD) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(FUZZ_BUILD)
