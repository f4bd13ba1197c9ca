# Palimpsest: `make demo` and `make test` install what is missing, build, and run.
SHELL := /bin/bash
SHARED ?= ../shared
BENCH_DIR ?= $(SHARED)/bench
SYSTEM_PACKAGES := libjpeg-dev libpng-dev libsqlite3-dev libwebp-dev zlib1g-dev zlib1g-dev
## PostgreSQL's server, for the shared-ledger tests (Tests/PostgresTests); they skip, saying why, without it.
TEST_PACKAGES := postgresql
BROWSER_PACKAGES := chromium python3
RELEASE := .build/release
PALIMPSEST := $(RELEASE)/palimpsest
DEMO_LEDGER := Reports/demo.sqlite
SERVE_BENCH_PACKAGES := wrk curl openssl python3
BENCH_HASHES ?= 1000000
BENCH_DURATION ?= 30s
BENCH_QUERIES ?= 8

.PHONY: all deps build test demo report-check bench bench-serve bench-quality bench-pdq calibrate audit-check openapi-check clean

all: build

deps:
	@Scripts/ensure-deps.sh $(SYSTEM_PACKAGES)

build: deps
	swift build -c release --product palimpsest

test: deps
	@Scripts/ensure-deps.sh $(TEST_PACKAGES) || echo "PostgreSQL's server could not be installed: the PostgreSQL ledger tests will be skipped."
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

## Load acceptance of `palimpsest serve`: the benchmark's references plus BENCH_HASHES random PDQ
## hashes, checks of 1-megapixel JPEGs in turn with wrk (2 threads, 2 connections, BENCH_DURATION)
## in two phases: BENCH_QUERIES copies of references, then BENCH_QUERIES unrelated images; fails
## unless both have p99 < 100 ms with no errors. Prints throughput and the time per stage of a check.
bench-serve: build
	@Scripts/ensure-deps.sh $(SERVE_BENCH_PACKAGES)
	@python3 -c "import PIL" 2>/dev/null || python3 -m pip install --quiet pillow
	@test -d $(BENCH_DIR) || { echo "bench-serve needs $(BENCH_DIR) (the shared benchmark); it is absent."; exit 1; }
	@Scripts/bench-serve.sh $(PALIMPSEST) $(BENCH_DIR) $(BENCH_HASHES) $(BENCH_DURATION) $(BENCH_QUERIES)

## The OpenAPI document of `palimpsest serve` is valid OpenAPI 3.1 and its finding schemas are
## those of Schemas/report-v1.schema.json.
openapi-check:
	@python3 -c "import yaml, openapi_spec_validator" 2>/dev/null || python3 -m pip install --quiet pyyaml openapi-spec-validator
	@python3 Scripts/openapi_check.py Sources/PalimpsestServer/Resources/openapi.yaml Schemas/report-v1.schema.json

## Detection quality on the development benchmark, graded by its score.py.
bench-quality: build
	@test -d $(BENCH_DIR) || { echo "bench-quality needs $(BENCH_DIR) (the shared benchmark); it is absent."; exit 1; }
	@Scripts/bench-quality.sh $(PALIMPSEST) $(BENCH_DIR)

## Refit the score models (Scripts/calibrate.py) from a --top 100 scan of the benchmark.
calibrate: build
	@test -d $(BENCH_DIR) || { echo "calibrate needs $(BENCH_DIR); it is absent."; exit 1; }
	@work=$$(mktemp -d); trap 'rm -rf "$$work"' EXIT; \
	  $(PALIMPSEST) corpus add refs --kind registry --ledger $$work/l.sqlite $(BENCH_DIR)/refs >/dev/null; \
	  $(PALIMPSEST) scan $(BENCH_DIR)/queries --against refs --top 100 --ledger $$work/l.sqlite --report-dir $$work/r >$$work/out.txt || [ $$? -eq 3 ]; \
	  python3 Scripts/calibrate.py $(BENCH_DIR)/gt.tsv $$(sed -n 's/^report: //p' $$work/out.txt)

## PDQ alone (Meta's pdqhash + Pillow) on the benchmark, for comparison with bench-quality.
bench-pdq:
	@python3 -c "import PIL, pdqhash" 2>/dev/null || python3 -m pip install --quiet pillow pdqhash numpy
	@python3 Scripts/pdq_baseline.py $(BENCH_DIR) /tmp/palimpsest-pdq-baseline.json && python3 $(BENCH_DIR)/score.py $(BENCH_DIR)/gt.tsv /tmp/palimpsest-pdq-baseline.json

## The audit on a synthetic model-output batch built from the benchmark (needs Pillow).
audit-check: build
	@python3 -c "import PIL" 2>/dev/null || python3 -m pip install --quiet pillow
	@python3 Scripts/audit_check.py $(PALIMPSEST) $(BENCH_DIR)

clean:
	rm -rf .build Reports/*/ $(DEMO_LEDGER)*
