# Two commands for a newcomer: `make` (set up, then build the book), `make test`.
# Both install what is missing first: Debian packages (apt-get, as root or through sudo),
# then .venv/ (pamflet with pinned versions) and, for the tests, node_modules/ (Ace).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
BOOK ?= book
OUT ?= build

# Reproducible builds: the date of the last commit, unless the caller sets one. Without git
# history (a downloaded archive) it stays unset and pamflet uses the newest source file's time.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif
# Ace by DAISY (the accessibility checker the tests run) uses Debian's chromium.
export PUPPETEER_SKIP_DOWNLOAD := 1
export PUPPETEER_EXECUTABLE_PATH ?= /usr/bin/chromium

# --- Debian packages: each is checked cheaply (a command, a module, a library), so a machine
# that has them never runs apt-get. Evaluated only by the recipes that need them.
have = $(shell $(1) >/dev/null 2>&1 && echo yes)
# python3 -m venv needs ensurepip (python3-venv); WeasyPrint loads Pango (and through it
# HarfBuzz and fontconfig) at run time.
MISSING_BUILD = $(if $(call have,$(PYTHON) -c 'import ensurepip'),,python3-venv) \
    $(if $(call have,$(PYTHON) -c 'import ctypes.util as u; assert u.find_library("pangoft2-1.0")'),,libpango-1.0-0 libpangoft2-1.0-0)
# The tests run EPUBCheck (Java) and Ace by DAISY (npm, driving chromium), and watch a
# build's system calls with strace.
MISSING_TEST = $(if $(call have,command -v java),,default-jre-headless) \
    $(if $(call have,command -v npm),,npm) \
    $(if $(call have,test -x $(PUPPETEER_EXECUTABLE_PATH)),,chromium) \
    $(if $(call have,command -v strace),,strace)
# $(call apt_install,PACKAGES): as root with apt-get, else through sudo, else say what to run.
define apt_install
@missing="$(strip $(1))"; [ -z "$$missing" ] && exit 0; \
cmd="apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing"; \
if [ "$$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; \
else echo "pamflet needs these Debian packages; as root, run:" >&2; echo "    $$cmd" >&2; exit 1; fi; \
echo "installing Debian packages: $$missing"; \
$$sudo env DEBIAN_FRONTEND=noninteractive sh -c "$$cmd" >/dev/null
endef

# --- The book: pamflet's build cache (build/.pamflet-cache) decides what to make again; with
# nothing changed, `pamflet build` returns at once and rewrites nothing.

.PHONY: all setup book release check test bench clean
all: book

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(call apt_install,$(MISSING_BUILD))
	@# A venv that python3 -m venv could not finish is removed, not left half made.
	test -x $(BIN)/pip || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,cluster]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	$(call apt_install,$(MISSING_TEST))
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

book: $(STAMP)
	@$(BIN)/pamflet build $(BOOK) -o $(OUT)

# Also the press PDF (PDF/X-4 with bleed and crop marks), for a print shop.
release: setup
	$(BIN)/pamflet build $(BOOK) -o $(OUT) --press

check: setup
	$(BIN)/pamflet check $(OUT)

test: setup $(NODE_STAMP)
	$(call apt_install,$(MISSING_TEST))
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/import_throughput.py
	$(BIN)/python benchmarks/build_speed.py
	$(BIN)/python benchmarks/watch_speed.py
	$(BIN)/python benchmarks/typography.py

clean:
	rm -rf $(OUT) $(VENV) node_modules
