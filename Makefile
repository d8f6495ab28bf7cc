# Everything goes through .venv, created and filled on first use.
# `make run` serves the workshop; `make test` runs the whole suite.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Stamps, rebuilt whenever pyproject.toml (the pinned dependencies) changes:
# what a learner uses, then the test tools on top of it.
STAMP      := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
PIP        := $(BIN)/python -m pip --quiet --disable-pip-version-check

# An instructor's wheelhouse/ (`make wheelhouse`): when it holds wheels, the
# learner's install takes everything from it and asks no package index.
WHEELHOUSE := wheelhouse
OFFLINE    := $(if $(wildcard $(WHEELHOUSE)/*.whl),--no-index --find-links $(WHEELHOUSE))

# pytest without auto-loading every installed plugin (schemathesis, hypothesis
# and others register plugins that cost seconds at start-up); xdist spreads the
# tests over every core (the executable-docs tests start many httpie processes).
PYTEST := PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 $(BIN)/python -m pytest -p xdist

.PHONY: help venv run test lint check slides bench wheelhouse offline-check clean

help:
	@echo "make run    serve the workshop at http://127.0.0.1:8000"
	@echo "make test   run the whole test suite (installs the test tools first)"
	@echo "make lint   check the code with ruff"
	@echo "make check  check your current exercise (same as: workshop check)"
	@echo "make slides write a static copy of the workshop site to _site/"
	@echo "make bench  load-benchmark the to-do API with wrk (writes bench/RESULTS.md)"
	@echo "make wheelhouse  download every wheel a learner needs to wheelhouse/ (offline rooms)"
	@echo "make offline-check  prove a clean clone installs from a wheelhouse with no network"
	@echo "make clean  remove .venv and caches"

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(if $(OFFLINE),@echo "Installing from $(WHEELHOUSE)/ with no package index (no network needed).")
	$(PIP) install $(OFFLINE) --upgrade pip
	$(PIP) install $(OFFLINE) -e .
	@touch $@

# The test tools (the `test` extra) come from the package index.
$(TEST_STAMP): $(STAMP)
	$(PIP) install -e ".[test]"
	@touch $@

run: $(STAMP)
	$(BIN)/workshop serve

# Exercise tests run against solutions/ here (the learner's exercises/ are unsolved).
# `tests` is named so that pytest reads tests/conftest.py (which adds --target) first.
test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(PYTEST) tests -n auto --dist worksteal --target solutions $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

check: $(STAMP)
	$(BIN)/workshop check

slides: $(STAMP)
	$(BIN)/workshop slides build _site

# Step 08 under gunicorn, driven by wrk (apt-get install wrk); see bench/README.md.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Instructor, online, once: every wheel a learner's `make run` needs, for Linux,
# macOS and Windows and CPython 3.11-3.13. Copy the repository with it to a USB stick.
wheelhouse: $(STAMP)
	$(BIN)/python -m workshop.wheelhouse $(WHEELHOUSE)

# What CI proves: a clean clone plus a wheelhouse (this machine's wheels only)
# installs with no package index reachable and serves the workshop.
offline-check: $(STAMP)
	$(BIN)/python -m workshop.wheelhouse --check

# wheelhouse/ stays: it took a download to make.
clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
