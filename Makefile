# Palimpsest: `make demo` and `make test` install what is missing, build, and run.
SHELL := /bin/bash
SHARED ?= ../shared
BENCH_DIR ?= $(SHARED)/bench
SYSTEM_PACKAGES := libjpeg-dev libpng-dev libsqlite3-dev libwebp-dev zlib1g-dev pkg-config
## PostgreSQL's server, for the shared-ledger tests (Tests/PostgresTests); they skip, saying why, without it.
TEST_PACKAGES := postgresql
## For the portability checks: an x86-64 processor without AVX2 (qemu-user) and arm64 C headers.
PORTABILITY_PACKAGES := qemu-user libc6-dev-arm64-cross
BROWSER_PACKAGES := chromium python3
VERSION := $(shell sed -n 's/.*static let current = "\(.*\)"/\1/p' Sources/PalimpsestCore/PalimpsestVersion.swift)
ARCH := $(shell uname -m)
## Release builds link the Swift standard library and Foundation statically: the binary runs
## on machines without the toolchain, and `build`, `dist` and the benchmarks share it.
RELEASE_FLAGS := -c release --static-swift-stdlib
RELEASE := .build/release
PALIMPSEST := $(RELEASE)/palimpsest
## Tests run the whole pixel pipeline on real images, so they are built optimised: a release
## build that lets tests reach internals (-enable-testing), in a folder of its own so that it
## and the shipped binary do not rebuild each other.
TEST_FLAGS := -c release -Xswiftc -enable-testing --scratch-path .build-test
DIST_NAME := palimpsest-$(VERSION)-linux-$(ARCH)
DIST_DIR := dist/$(DIST_NAME)
PREFIX ?= /usr/local
DEMO_LEDGER := Reports/demo.sqlite
SERVE_BENCH_PACKAGES := wrk curl openssl python3
BENCH_HASHES ?= 1000000
BENCH_DURATION ?= 30s
BENCH_QUERIES ?= 8

.PHONY: all deps build test unit-test portability-check consumer-check aarch64-check dist dist-check nehalem-check \
	install demo report-check bench bench-serve bench-quality bench-pdq calibrate audit-check openapi-check schemas panel bench-scale clean

all: build

deps:
	@Scripts/ensure-deps.sh $(SYSTEM_PACKAGES)

build: deps
	swift build $(RELEASE_FLAGS) --product palimpsest

## The unit tests, then the checks that keep the package portable.
test: unit-test portability-check

unit-test: deps
	@Scripts/ensure-deps.sh $(TEST_PACKAGES) || echo "PostgreSQL's server could not be installed: the PostgreSQL ledger tests will be skipped."
	swift build --build-tests $(TEST_FLAGS)
	swift test --skip-build $(TEST_FLAGS)

portability-check: consumer-check aarch64-check dist-check nehalem-check

## A throwaway package that depends on this checkout by version (`from:` the current version,
## through a tagged local copy) builds and runs PDQHasher on a fixture.
consumer-check: deps
	@Scripts/consumer-check.sh $(VERSION)

## Every C file and system-library shim compiles for arm64 (syntax only: there is no Swift
## toolchain for arm64 here).
aarch64-check:
	@if Scripts/ensure-deps.sh libc6-dev-arm64-cross; then Scripts/aarch64-check.sh; \
	  else echo "aarch64-check skipped: libc6-dev-arm64-cross could not be installed (see above)."; fi

## The static release binary with its manual page and bash, zsh and fish completions, packed
## as dist/palimpsest-VERSION-linux-ARCH.tar.gz.
dist: deps
	@Scripts/dist.sh $(DIST_DIR)

## The packed binary runs `hash` and `scan` with the toolchain out of reach and links no Swift
## shared library.
dist-check: dist
	@Scripts/dist-check.sh dist/$(DIST_NAME).tar.gz

## The packed binary gives byte-identical output on an x86-64 processor without AVX2
## (qemu-user's Nehalem) and natively.
nehalem-check: dist
	@if Scripts/ensure-deps.sh qemu-user; then Scripts/nehalem-check.sh $(DIST_DIR)/bin/palimpsest $(SHARED); \
	  else echo "nehalem-check skipped: qemu-user could not be installed (see above)."; fi

## Installs the binary, its manual page and shell completions under PREFIX (default /usr/local).
install: dist
	install -d "$(DESTDIR)$(PREFIX)"
	cp -R $(DIST_DIR)/bin $(DIST_DIR)/share "$(DESTDIR)$(PREFIX)/"

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
	swift build $(RELEASE_FLAGS) --product palimpsest-bench
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
openapi-check: build
	@python3 -c "import yaml, openapi_spec_validator" 2>/dev/null || python3 -m pip install --quiet pyyaml openapi-spec-validator
	@python3 Scripts/openapi_check.py Sources/PalimpsestServer/Resources/openapi.yaml Schemas/report-v1.schema.json
	@$(PALIMPSEST) config hashes > .build/registered-hashes.json
	@python3 Scripts/schemas.py .build/registered-hashes.json --check

## Writes the parts of the report's JSON Schema and the OpenAPI document that describe the
## registered perceptual hashes (after a hash is added to the registry).
schemas: build
	@python3 -c "import yaml" 2>/dev/null || python3 -m pip install --quiet pyyaml
	@$(PALIMPSEST) config hashes > .build/registered-hashes.json
	@python3 Scripts/schemas.py .build/registered-hashes.json

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

## How scans hold up as the corpus grows: the benchmark with and without SCALE_DISTRACTORS
## generated distractors (kept in SCALE_DIR between runs), then synthetic references in memory.
SCALE_DIR ?= /tmp/palimpsest-scale
SCALE_DISTRACTORS ?= 32000
SCALE_SIZES ?= 10000,100000
bench-scale: build
	@test -d $(BENCH_DIR) || { echo "bench-scale needs $(BENCH_DIR) (the shared benchmark); it is absent."; exit 1; }
	@python3 -c "import PIL" 2>/dev/null || python3 -m pip install --quiet pillow
	swift build $(RELEASE_FLAGS) --product palimpsest-bench
	@Scripts/bench-scale.sh $(PALIMPSEST) $(RELEASE)/palimpsest-bench $(BENCH_DIR) $(SCALE_DIR) $(SCALE_DISTRACTORS) $(SCALE_SIZES)

## Rebuild the embedding background panel (Sources/PalimpsestMatch/LayoutPanelData.swift) and
## the local-feature code panel (CodePanelData.swift) from Debian packages (downloaded into
## PANEL_DIR; needs Pillow). Changing either changes scores: each is named by its digest.
PANEL_DIR ?= /tmp/palimpsest-panel
PANEL_PACKAGES := wesnoth-1.16-data endless-sky-data openclipart-png tuxpaint-stamps-default
panel:
	@python3 -c "import PIL" 2>/dev/null || python3 -m pip install --quiet pillow
	swift build $(RELEASE_FLAGS) --product palimpsest-bench
	@mkdir -p $(PANEL_DIR)/deb && cd $(PANEL_DIR)/deb && apt-get download $(PANEL_PACKAGES) && \
	  for f in *.deb; do dpkg -x $$f ../root; done
	python3 Scripts/make_panel.py $(PANEL_DIR)/root $(PANEL_DIR)/panel.txt $(PANEL_DIR)/distractors.txt --exclude $(BENCH_DIR)/NOTICE.tsv
	$(RELEASE)/palimpsest-bench --make-panel $(PANEL_DIR)/panel.txt Sources/PalimpsestMatch/LayoutPanelData.swift
	$(RELEASE)/palimpsest-bench --make-code-panel $(PANEL_DIR)/panel.txt Sources/PalimpsestMatch/CodePanelData.swift --panel-size 256

## PDQ alone (Meta's pdqhash + Pillow) on the benchmark, for comparison with bench-quality.
bench-pdq:
	@python3 -c "import PIL, pdqhash" 2>/dev/null || python3 -m pip install --quiet pillow pdqhash numpy
	@python3 Scripts/pdq_baseline.py $(BENCH_DIR) /tmp/palimpsest-pdq-baseline.json && python3 $(BENCH_DIR)/score.py $(BENCH_DIR)/gt.tsv /tmp/palimpsest-pdq-baseline.json

## The audit on a synthetic model-output batch built from the benchmark (needs Pillow).
audit-check: build
	@python3 -c "import PIL" 2>/dev/null || python3 -m pip install --quiet pillow
	@python3 Scripts/audit_check.py $(PALIMPSEST) $(BENCH_DIR)

clean:
	rm -rf .build dist Reports/*/ $(DEMO_LEDGER)*
