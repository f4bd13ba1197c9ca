# Palimpsest: `make demo` and `make test` install what is missing, build, and run.
SHELL := /bin/bash
SHARED ?= ../shared
BENCH_DIR ?= $(SHARED)/bench
SYSTEM_PACKAGES := libjpeg-dev libpng-dev libsqlite3-dev libwebp-dev zlib1g-dev zlib1g-dev
BROWSER_PACKAGES := chromium python3
RELEASE := .build/release
PALIMPSEST := $(RELEASE)/palimpsest
DEMO_LEDGER := Reports/demo.sqlite

.PHONY: all deps build test demo report-check bench bench-quality clean

all: build

deps:
	@Scripts/ensure-deps.sh $(SYSTEM_PACKAGES)

build: deps
	swift build -c release --product palimpsest

test: deps
	swift test

## The main job on the sample corpus: register it, scan the generated images, print the summary.
demo: build
	@rm -f $(DEMO_LEDGER) $(DEMO_LEDGER)-wal $(DEMO_LEDGER)-shm
	$(PALIMPSEST) corpus add sample --kind training --ledger $(DEMO_LEDGER) Corpora/sample/corpus
	@$(PALIMPSEST) scan Corpora/sample/generated --against sample --ledger $(DEMO_LEDGER) --report-dir Reports; \
	  status=$$?; if [ $$status -ne 0 ] && [ $$status -ne 3 ]; then exit $$status; fi

## Browser check of report.html: scans the sample plus files whose names and PNG text chunks hold
## HTML and script, opens the report in headless Chromium, fails on console errors or anything
## that executed, and saves laptop and phone screenshots under Reports/report-check/screenshots.
report-check: build
	@Scripts/ensure-deps.sh $(BROWSER_PACKAGES)
	@Scripts/report-check.sh $(PALIMPSEST) Reports/report-check

## Throughput and index speed (release build). BENCH_IMAGES=folder to use other images.
bench: deps
	swift build -c release --product palimpsest-bench
	@Scripts/bench.sh $(RELEASE)/palimpsest-bench $(SHARED) $(BENCH_IMAGES)

## Detection quality on the development benchmark, graded by its score.py.
bench-quality: build
	@test -d $(BENCH_DIR) || { echo "bench-quality needs $(BENCH_DIR) (the shared benchmark); it is absent."; exit 1; }
	@Scripts/bench-quality.sh $(PALIMPSEST) $(BENCH_DIR)

clean:
	rm -rf .build Reports/*/ $(DEMO_LEDGER)*
