# The two commands of the README: `make demo` and `make test`.
BUILD ?= build
JOBS  ?= $(shell nproc)
# Warnings are errors in CI (.ci/run sets -DCLAWFORM_WERROR=ON), not for
# everyone who runs make with another compiler.
CMAKE_FLAGS ?=
# The tests that run the real openclaw (and start real gateways): left out
# of `make check`, the fast inner loop.
REAL_TESTS = real openclaw|real gateway|^cli\.(plan|apply|gateway|ports)

.PHONY: all setup configure build test check demo bench clean

all: build

setup:
	@scripts/setup
	@scripts/install-openclaw > /dev/null

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

configure: setup $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Unit, golden and fault tests without real openclaw: seconds, not minutes.
check: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -E '$(REAL_TESTS)'

demo: build
	scripts/demo $(BUILD)/cli/clawform

bench: build
	@scripts/install-openclaw > /dev/null
	bench/run $(BUILD)

clean:
	rm -rf $(BUILD)
