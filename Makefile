# Everything goes through .venv, created and filled on first use.
# `make run` serves the workshop; `make test` runs the whole suite.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Rebuilt whenever the pinned dependencies change.
STAMP  := $(VENV)/.installed

# pytest without auto-loading every installed plugin (schemathesis, hypothesis
# and others register plugins that cost seconds at start-up); xdist spreads the
# tests over every core (the executable-docs tests start many httpie processes).
PYTEST := PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 $(BIN)/python -m pytest -p xdist

.PHONY: help venv run test check slides bench clean

help:
	@echo "make run    serve the workshop at http://127.0.0.1:8000"
	@echo "make test   run the whole test suite"
	@echo "make check  check your current exercise (same as: workshop check)"
	@echo "make slides write a static copy of the workshop site to _site/"
	@echo "make bench  load-benchmark the to-do API with wrk (writes bench/RESULTS.md)"
	@echo "make clean  remove .venv and caches"

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

run: $(STAMP)
	$(BIN)/workshop serve

# Exercise tests run against solutions/ here (the learner's exercises/ are unsolved).
# `tests` is named so that pytest reads tests/conftest.py (which adds --target) first.
test: $(STAMP)
	$(PYTEST) tests -n auto --dist worksteal --target solutions $(PYTEST_ARGS)

check: $(STAMP)
	$(BIN)/workshop check

slides: $(STAMP)
	$(BIN)/workshop slides build _site

# Step 08 under gunicorn, driven by wrk (apt-get install wrk); see bench/README.md.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
