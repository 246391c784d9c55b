# Two commands for a newcomer: `make` (set up, then build the book), `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
BOOK ?= book
OUT ?= build

# Reproducible builds: the date of the last commit, unless the caller sets one.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH
# Ace by DAISY (the accessibility checker the tests run) uses Debian's chromium.
export PUPPETEER_SKIP_DOWNLOAD := 1
export PUPPETEER_EXECUTABLE_PATH ?= /usr/bin/chromium

.PHONY: all setup book release check test bench clean
all: book

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

book: setup
	$(BIN)/pamflet build $(BOOK) -o $(OUT)

# Also the press PDF (PDF/X-4 with bleed and crop marks), for a print shop.
release: setup
	$(BIN)/pamflet build $(BOOK) -o $(OUT) --press

check: setup
	$(BIN)/pamflet check $(OUT)

test: setup $(NODE_STAMP)
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/import_throughput.py
	$(BIN)/python benchmarks/build_speed.py
	$(BIN)/python benchmarks/typography.py

clean:
	rm -rf $(OUT) $(VENV) node_modules
