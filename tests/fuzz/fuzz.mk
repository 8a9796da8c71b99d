# tests/fuzz/fuzz.mk — libFuzzer harnesses for the readers (GNU make).
#
# Included by the top Makefile (`include tests/fuzz/fuzz.mk`), or run alone
# from the repo root: `make -f tests/fuzz/fuzz.mk fuzz`.
#
#   make fuzz [FUZZ_SECONDS=60]   build, seed, then run each harness that
#                                 long (make -j3 fuzz runs them side by side)
#   make fuzz-csv                 one harness (also fuzz-scenario,
#                                 fuzz-schedule)
#   make fuzz-regress             replay the seeds and tests/fuzz/regress/
#                                 once, no fuzzing (a few seconds; for CI)
#   make fuzz-clean               remove build-fuzz/
#
# Everything lands in build-fuzz/: the library compiled again with clang,
# coverage and ASan+UBSan, the three harnesses, seeds/ (made by pack.py from
# instances/ and tests/bad/, never edited), corpus/ (what the fuzzer keeps,
# grown run after run) and crashes/ (a crashing input, to replay with
# `build-fuzz/fuzz_csv FILE`).  A crash found and fixed goes into
# tests/fuzz/regress/HARNESS/ so that fuzz-regress replays it for good.

FUZZ_CC ?= clang
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_SHARED ?= $(or $(CASEPLAN_SHARED),../shared)
# extra libFuzzer flags, e.g. FUZZ_FLAGS=-jobs=2
FUZZ_FLAGS ?=
FUZZ_PYTHON ?= python3
# the readers use `&` on bools on purpose (every check runs, every error is
# reported): clang warns about it, gcc does not
FUZZ_WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wwrite-strings \
            -Wno-bitwise-instead-of-logical
FUZZ_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
FUZZ_CFLAGS = -O1 -g -fno-omit-frame-pointer \
              -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_LDLIBS = -lglpk -lcsv -lm

FUZZ_NAMES = csv scenario schedule
FUZZ_BIN = $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_LIB_SRC = $(wildcard solver/*.c) $(wildcard io/*.c)
FUZZ_LIB_OBJ = $(FUZZ_LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_DICT = tests/fuzz/caseplan.dict

# per-harness libFuzzer flags: a packed scenario is a few KB; -timeout
# turns an input that takes seconds into a reported hang
FUZZ_OPTS_csv = -max_len=8192 -timeout=10
FUZZ_OPTS_scenario = -max_len=16384 -timeout=10
FUZZ_OPTS_schedule = -max_len=8192 -timeout=10

.PHONY: fuzz fuzz-build fuzz-seeds fuzz-regress fuzz-clean \
        $(FUZZ_NAMES:%=fuzz-%) $(FUZZ_NAMES:%=fuzz-regress-%)

fuzz: $(FUZZ_NAMES:%=fuzz-%)

fuzz-build: $(FUZZ_BIN)

$(FUZZ_BUILD)/%.o: %.c $(wildcard solver/*.h) $(wildcard io/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_WARN) $(FUZZ_CFLAGS) \
	  -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/libcaseplan.a: $(FUZZ_LIB_OBJ)
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h \
                      $(FUZZ_BUILD)/libcaseplan.a
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_WARN) $(FUZZ_CFLAGS) -fsanitize=fuzzer \
	  -DCP_FUZZ_SCENARIO='"$(CURDIR)/instances/tiny"' -o $@ $< \
	  $(FUZZ_BUILD)/libcaseplan.a $(FUZZ_LDLIBS)

# Seeds: every CSV file and every scenario folder of instances/, tests/bad/
# and the shared example; the schedules of tests/fuzz/seeds/.
fuzz-seeds: $(FUZZ_BUILD)/seeds/.done

$(FUZZ_BUILD)/seeds/.done: tests/fuzz/pack.py $(wildcard tests/fuzz/seeds/*)
	rm -rf $(FUZZ_BUILD)/seeds
	$(FUZZ_PYTHON) tests/fuzz/pack.py seeds $(FUZZ_BUILD)/seeds \
	  --scenarios instances tests/bad $(wildcard $(FUZZ_SHARED)/example) \
	  --schedules $(wildcard tests/fuzz/seeds/schedule_*.csv)
	@touch $@

$(FUZZ_NAMES:%=fuzz-%): fuzz-%: $(FUZZ_BUILD)/fuzz_% $(FUZZ_BUILD)/seeds/.done
	@mkdir -p $(FUZZ_BUILD)/corpus/$* $(FUZZ_BUILD)/crashes \
	  tests/fuzz/regress/$*
	$(FUZZ_BUILD)/fuzz_$* -max_total_time=$(FUZZ_SECONDS) \
	  -dict=$(FUZZ_DICT) -print_final_stats=1 \
	  -artifact_prefix=$(FUZZ_BUILD)/crashes/$*- $(FUZZ_OPTS_$*) \
	  $(FUZZ_FLAGS) $(FUZZ_BUILD)/corpus/$* $(FUZZ_BUILD)/seeds/$* \
	  tests/fuzz/regress/$*

# Every seed and regression input once, without mutation.
fuzz-regress: $(FUZZ_NAMES:%=fuzz-regress-%)

$(FUZZ_NAMES:%=fuzz-regress-%): fuzz-regress-%: $(FUZZ_BUILD)/fuzz_% \
                                                $(FUZZ_BUILD)/seeds/.done
	@mkdir -p tests/fuzz/regress/$*
	@$(FUZZ_BUILD)/fuzz_$* -runs=0 $(FUZZ_OPTS_$*) $(FUZZ_BUILD)/seeds/$* \
	  tests/fuzz/regress/$* >$(FUZZ_BUILD)/regress-$*.log 2>&1 || \
	  { tail -n 40 $(FUZZ_BUILD)/regress-$*.log; \
	    echo "fuzz_$*: FAILED (log: $(FUZZ_BUILD)/regress-$*.log)"; exit 1; }
	@n=$$(find tests/fuzz/regress/$* $(FUZZ_BUILD)/seeds/$* -type f | wc -l); \
	  echo "fuzz_$*: $$n inputs replayed, no report"

fuzz-clean:
	rm -rf $(FUZZ_BUILD)
