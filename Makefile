# Two commands matter: `make html` and `make test`. Both set the project up on
# first run (a .venv from the hashed lock, node_modules from package-lock.json)
# and skip that step afterwards; after set-up nothing here needs the network.

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
BUILDDIR    := _build
# sphinx-build without the interpreter teardown it would wait for (tools/sphinx_build.py).
SPHINXBUILD := $(BIN)/python tools/sphinx_build.py
# Strict: nitpicky, warnings are errors, but report them all before failing.
STRICT      := -n -W --keep-going
# Parallel reading and writing (sphinx-build -j): a number, or "auto": for `make html`
# two processes per core, and serial for an edit of one or two pages
# (tools/build_if_changed.py says why). E.g. `make html JOBS=1` for a serial build.
# Output is byte-identical either way (tests/build_checks); `make bench` prints the
# current build times.
JOBS        ?= auto
SPHINXOPTS  ?=
SOURCES     := -c . docs
# Reproducible output: timestamps come from the last commit, not the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1764115200)

PY_STAMP := $(VENV)/.installed
JS_STAMP := node_modules/.installed

.PHONY: help setup html test lint serve linkcheck freshness clean dist bench lock

help:
	@echo "make html       build the site into $(BUILDDIR)/html (sets itself up on first run)"
	@echo "make test       run the lint gate and the whole test suite"
	@echo "make lint       ruff on the Python code, node --check on the JavaScript"
	@echo "make serve      live-rebuilding preview on http://127.0.0.1:8000"
	@echo "make linkcheck  check external links (needs the network)"
	@echo "make freshness  ask PyPI, npm and GitHub for the latest releases (needs the network)"
	@echo "make dist       zip the built site, and write the single-file edition, into $(BUILDDIR)/dist/"
	@echo "make bench      print build and page performance figures"
	@echo "make clean      remove $(BUILDDIR)"

$(PY_STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	touch $@

$(JS_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(PY_STAMP) $(JS_STAMP)

# Skips sphinx-build when no input changed since the last successful build, and
# builds a small page edit serially (tools/build_if_changed.py).
html: setup
	@$(BIN)/python tools/build_if_changed.py --state $(BUILDDIR)/html/.doctrees/build-inputs.json --jobs $(JOBS) \
		-- $(SPHINXBUILD) -b html $(STRICT) $(SPHINXOPTS) $(SOURCES) $(BUILDDIR)/html

test: setup lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The lint gate: zero findings. Ruff's rules are configured in pyproject.toml.
lint: setup
	$(BIN)/ruff check .
	@for f in $$(git ls-files '*.js' '*.mjs' 2>/dev/null || find extensions tools -name '*.js' -o -name '*.mjs'); do \
		node --check "$$f" || exit 1; done

serve: setup
	$(BIN)/sphinx-autobuild --host 127.0.0.1 --port 8000 -n --keep-going \
		--watch glossary --watch diagrams --watch data --watch extensions \
		$(SPHINXOPTS) $(SOURCES) $(BUILDDIR)/html

# The release tracker's refresh: writes data/releases.yaml (commit it). Needs the
# network; answers that fail keep their previous value and are reported.
freshness: setup
	$(BIN)/python tools/freshness.py --keep-going

linkcheck: setup
	$(SPHINXBUILD) -b linkcheck -n --keep-going $(SPHINXOPTS) $(SOURCES) $(BUILDDIR)/linkcheck

# The zipped site, and the single-file edition (every page in one HTML file with
# its styles, scripts and diagrams inside: tools/make_single.py).
dist: html
	$(BIN)/python tools/make_dist.py $(BUILDDIR)/html $(BUILDDIR)/dist
	$(SPHINXBUILD) -b singlehtml $(STRICT) -j $(JOBS) $(SPHINXOPTS) $(SOURCES) $(BUILDDIR)/singlehtml
	$(BIN)/python tools/make_single.py $(BUILDDIR)/singlehtml $(BUILDDIR)/dist/llm-k8s-reference.html

bench: setup
	$(BIN)/python tools/bench.py

# Regenerate the hashed lock after changing a pin in pyproject.toml.
lock: $(PY_STAMP)
	$(BIN)/python -m pip install --quiet pip-tools==7.6.2
	$(BIN)/pip-compile --quiet --extra dev --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(BUILDDIR)
