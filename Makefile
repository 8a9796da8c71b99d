# caseplan — GNU make build.  `make` builds, `make test` runs every test,
# `make check` adds the sanitizer build, `make bench` runs the benchmark.
CC ?= cc
PREFIX ?= /usr/local
WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wformat=2 -Wwrite-strings
CFLAGS ?= -O2 -g
ifdef WERROR
WARN += -Werror
endif
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
LDLIBS = -lglpk -lcsv -lm
BUILD ?= build

LIB_SRC = $(wildcard solver/*.c) $(wildcard io/*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

.PHONY: all deps test check clean install format demo bench
all: caseplan

$(BUILD)/%.o: %.c $(wildcard solver/*.h) $(wildcard io/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -c -o $@ $<

$(BUILD)/libcaseplan.a: $(LIB_OBJ)
	ar rcs $@ $^

$(BUILD)/caseplan: $(BUILD)/cli/main.o $(BUILD)/libcaseplan.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# The default build also leaves ./caseplan at the top for the README's
# commands; the sanitizer build keeps its binary in build-san/.
caseplan: $(BUILD)/caseplan
	cp $< $@

$(BUILD)/tests/%: tests/%.c tests/testutil.h $(BUILD)/libcaseplan.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -o $@ $< $(BUILD)/libcaseplan.a \
	  -lcmocka $(LDLIBS)

# Unit tests (cmocka), then the CLI tests on instances/ and tests/bad/.
# Installs what a fresh Debian machine lacks (as root; else prints the line).
deps:
	@sh setup.sh --deps

test: deps $(BUILD)/caseplan $(TEST_BIN) $(BUILD)/tests/render_outputs
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; \
	  (cd tests && ../$$t); done
	@sh tests/cli_test.sh $(BUILD)/caseplan
	@sh tests/test_render.sh $(BUILD)/tests/render_outputs
	@sh tests/hostile_test.sh $(BUILD)/caseplan

# Same tests under AddressSanitizer + UndefinedBehaviorSanitizer, then the
# fuzz regressions and a fuzz smoke of FUZZ_SMOKE seconds per harness (the
# three side by side: each stops at its time, so a minute of wall clock).
FUZZ_SMOKE ?= 60
check: test
	$(MAKE) BUILD=build-san \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -DCP_WORK_SCALE=3" \
	  test
	$(MAKE) fuzz-regress
	$(MAKE) -j3 fuzz FUZZ_SECONDS=$(FUZZ_SMOKE)

demo: caseplan
	./caseplan solve instances/demo -o out/demo

bench: caseplan
	sh bench/run.sh

install: caseplan
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 caseplan $(DESTDIR)$(PREFIX)/bin/caseplan
	install -m 644 caseplan.1 $(DESTDIR)$(PREFIX)/share/man/man1/caseplan.1

format:
	clang-format -i solver/*.[ch] io/*.[ch] cli/*.c tests/*.[ch]

clean:
	rm -rf build build-san build-fuzz caseplan

# libFuzzer harnesses of the readers: make fuzz FUZZ_SECONDS=60, make
# fuzz-regress (replays the seeds and every crash found so far).
include tests/fuzz/fuzz.mk
