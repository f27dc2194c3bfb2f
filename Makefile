# The two commands of the README:
#   make serve   set up, build and serve the example portal at http://127.0.0.1:8000
#   make test    set up everything the tests need and run them all (what CI runs)
# Both work on a fresh Debian machine of ours: they create .venv, and `make test`
# installs Debian's chromium (root or sudo) and the npm test tools from package-lock.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build check lint browser-tools clean

serve: $(VENV)/.installed
	$(BIN)/etulinja serve

build: $(VENV)/.installed
	$(BIN)/etulinja build

check: $(VENV)/.installed
	$(BIN)/etulinja check

test: $(VENV)/.installed-test browser-tools
	$(BIN)/ruff check src hooks tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Debian's Chromium (never a browser download) and the npm tools pinned in
# package-lock.json: axe-core, the Nu Html Checker and Lighthouse.
browser-tools: node_modules/.installed
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@command -v java >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless >/dev/null; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site build/site-* test-artifacts
	find build/content -mindepth 1 ! -name .gitkeep -delete
