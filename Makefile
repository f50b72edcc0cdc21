# The two commands of the README: `make demo` and `make test`.
BUILD ?= build
JOBS  ?= $(shell nproc)
CMAKE_FLAGS ?= -DCLAWFORM_WERROR=ON

.PHONY: all setup configure build test demo bench clean

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

demo: build
	scripts/demo $(BUILD)/cli/clawform

bench: build
	@scripts/install-openclaw > /dev/null
	bench/run $(BUILD)

clean:
	rm -rf $(BUILD)
